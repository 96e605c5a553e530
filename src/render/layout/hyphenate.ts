import enGb from 'hyphen/en-gb/index.js';
import it from 'hyphen/it/index.js';

export type HyphenLanguage = 'en' | 'it';

const PATTERNS = { en: enGb, it } as const;
const MARK = '\u0000';
const MAX_WORD = 40;

/**
 * Where a word may be hyphenated, by the TeX patterns of its language (Liang's algorithm, from the
 * `hyphen` package): offsets into the word, each a place where "-" may end a line. Words are
 * looked up once; a word of fewer than 6 letters is never broken.
 */
export function hyphenator(language: HyphenLanguage): (word: string) => number[] {
  const cache = new Map<string, number[]>();
  const patterns = PATTERNS[language];
  return (word) => {
    let points = cache.get(word);
    if (points === undefined) {
      points = [];
      // No word of a language is longer than this: a longer run of letters is cut, not hyphenated.
      if (word.length >= 6 && word.length <= MAX_WORD && /^\p{L}+$/u.test(word)) {
        const marked = patterns.hyphenateSync(word, { hyphenChar: MARK, minWordLength: 6 });
        let at = 0;
        for (const ch of marked) {
          if (ch === MARK) points.push(at);
          else at += ch.length;
        }
      }
      cache.set(word, points);
    }
    return points;
  };
}
