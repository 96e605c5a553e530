import { ProtectedMatcher, type ProtectedEntry } from './match.js';

/** A string to remove from public output, what stands in its place, and whose it is. */
export type Redaction = ProtectedEntry;

/**
 * Removes protected strings from text as a reader would recognise them (see match.ts: invisible
 * characters, spacing, case, accents, markup, slugs, each distinctive part of a name, phone
 * numbers whatever their separators). An empty redactor changes nothing.
 */
export class Redactor {
  private readonly matcher: ProtectedMatcher;

  constructor(redactions: readonly Redaction[]) {
    this.matcher = new ProtectedMatcher(redactions.filter((r) => r.text.trim().length > 1));
  }

  get empty(): boolean {
    return this.matcher.empty;
  }

  apply(text: string): string {
    if (this.empty || text.length === 0) return text;
    return this.matcher.redactText(text);
  }

  /** Where protected strings stand in a text: offsets, for removing them from a PDF page. */
  spans(text: string): { start: number; end: number }[] {
    if (this.empty || text.length === 0) return [];
    return this.matcher.findProtected(text);
  }

  /** Whether text still holds a protected string (for the self-check): the entry, never printed. */
  find(text: string): Redaction | undefined {
    if (this.empty || text.length === 0) return undefined;
    return this.matcher.containsProtected(text);
  }
}
