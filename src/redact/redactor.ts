/** A string to remove from public output, and what stands in its place. */
export interface Redaction {
  text: string;
  replacement: string;
}

/** Lower case without accents, one character of output per character of input where possible. */
function fold(s: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const base = s[i]!.normalize('NFD')
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
      .toLowerCase();
    for (const ch of base) {
      folded += ch;
      origin.push(i);
    }
  }
  origin.push(s.length);
  return { folded, origin };
}

/**
 * Removes protected strings from text, whatever their case or accents ("José" matches "JOSE"),
 * longest first so that a full name goes before a part of it.
 */
export class Redactor {
  private readonly needles: { folded: string; replacement: string }[];

  constructor(redactions: Redaction[]) {
    this.needles = redactions
      .filter((r) => r.text.trim().length > 1)
      .map((r) => ({ folded: fold(r.text.trim()).folded, replacement: r.replacement }))
      .sort((a, b) => b.folded.length - a.folded.length);
  }

  get empty(): boolean {
    return this.needles.length === 0;
  }

  apply(text: string): string {
    if (this.empty || text.length === 0) return text;
    let out = text;
    for (const needle of this.needles) {
      const { folded, origin } = fold(out);
      let at = folded.indexOf(needle.folded);
      if (at < 0) continue;
      let result = '';
      let last = 0;
      while (at >= 0) {
        const start = origin[at]!;
        const end = origin[at + needle.folded.length]!;
        result += out.slice(last, start) + needle.replacement;
        last = end;
        at = folded.indexOf(needle.folded, at + needle.folded.length);
      }
      out = result + out.slice(last);
    }
    return out;
  }

  /** Whether text still holds a protected string (for the self-check). */
  find(text: string): string | undefined {
    const { folded } = fold(text);
    return this.needles.find((n) => folded.includes(n.folded))?.folded;
  }
}
