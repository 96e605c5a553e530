import { ProtectedMatcher, type ProtectedEntry } from './match.js';

export interface Leak {
  /** Which protected string: "protected name 2", "redact entry 1" (never the string itself: logs are read too). */
  what: string;
  where: string;
}

/**
 * The texts of a public dossier as read back, searched for every protected string as a reader
 * would recognise it. Returns each string found and where, once per place.
 */
export function findLeaks(
  texts: Iterable<{ text: string; where: string }>,
  strings: { text: string; what: string; role: 'witness' | 'redact' }[],
  /** Called after each long text is searched: its reader's view (ten bytes a character) is let go. */
  afterLong?: () => void,
): Leak[] {
  const entries = new Map<ProtectedEntry, string>();
  for (const s of strings)
    if (s.text.trim().length > 1) entries.set({ text: s.text, role: s.role, replacement: '' }, s.what);
  const matcher = new ProtectedMatcher([...entries.keys()]);
  const leaks: Leak[] = [];
  const seen = new Set<string>();
  if (matcher.empty) return leaks;
  // A long text read the same way twice (an ASCII file is the same in Latin-1, UTF-8 and as
  // decoded) is searched once: a 64 MiB log took three searches more. Short ones are all
  // searched, so that every page a leak is on is named.
  const searched = new Set<string>();
  for (const { text, where } of texts) {
    if (text.length > 64 * 1024) {
      if (searched.has(text)) continue;
      searched.add(text);
    }
    for (const found of matcher.findProtected(text)) {
      const what = entries.get(found.entry)!;
      const key = `${what}|${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      leaks.push({ what, where });
    }
    if (text.length > 1024 * 1024) afterLong?.();
  }
  return leaks;
}
