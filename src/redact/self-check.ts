import { Redactor } from './redactor.js';

export interface Leak {
  /** Which protected string: "protected name 2", "redact entry 1" (never the string itself: logs are read too). */
  what: string;
  where: string;
}

/**
 * The texts of a public dossier as read back, searched for every protected string without
 * regard to case or accents. Returns each string found and where, once per place.
 */
export function findLeaks(
  texts: Iterable<{ text: string; where: string }>,
  strings: { text: string; what: string }[],
): Leak[] {
  const matchers = strings
    .filter((s) => s.text.trim().length > 1)
    .map((s) => ({ what: s.what, redactor: new Redactor([{ text: s.text, replacement: '' }]) }));
  const leaks: Leak[] = [];
  const seen = new Set<string>();
  for (const { text, where } of texts) {
    for (const m of matchers) {
      const key = `${m.what}|${where}`;
      if (!seen.has(key) && m.redactor.find(text) !== undefined) {
        seen.add(key);
        leaks.push({ what: m.what, where });
      }
    }
  }
  return leaks;
}
