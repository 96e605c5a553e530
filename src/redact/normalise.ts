import anyAscii from 'any-ascii';
import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A text as the matcher sees it, with the way back to the text it was made from: the UTF-16 unit
 * `text[i]` came from `source.slice(start[i], end[i])` (never an empty span; spans never go backwards).
 */
export interface TextView {
  text: string;
  start: Int32Array;
  end: Int32Array;
}

// Invisible to a reader: zero-width characters, soft hyphen, bidi marks, variation selectors, BOM...
// (Unicode's own Default_Ignorable_Code_Point list), plus tatweel, which only stretches a word.
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\u0640]$/u;
const WHITE_SPACE = /^\p{White_Space}$/u;
const CONTROL = /^\p{Cc}$/u;
const MARKS = /[\p{Mn}\p{Me}]/gu;
const LATIN = /^\p{Script=Latin}$/u;
const DECIMAL = /^\p{Nd}$/u;

// Arabic letters written for one another (hamza carriers decompose under NFKD and need no entry).
const ARABIC: Record<string, string> = {
  '\u0649': '\u064A', // alef maksura -> yeh
  '\u06CC': '\u064A', // Farsi yeh -> yeh
  '\u0671': '\u0627', // alef wasla -> alef
  '\u0672': '\u0627', // alef with wavy hamza above
  '\u0673': '\u0627', // alef with wavy hamza below
  '\u0675': '\u0627', // high hamza alef
  '\u0629': '\u0647', // teh marbuta -> heh
  '\u06C3': '\u0647', // teh marbuta goal
  '\u06D5': '\u0647', // ae (Kurdish/Uyghur heh)
  '\u06C1': '\u0647', // heh goal (Urdu)
  '\u06BE': '\u0647', // heh doachashmee
  '\u06A9': '\u0643', // keheh (Persian kaf) -> kaf
  '\u06AA': '\u0643', // swash kaf
};

// Cyrillic and Greek letters that look like Latin ones, as they are once lower-cased (so by their
// capitals too: Cyrillic Н is н, Greek Ρ is ρ): "Trаoré" with a Cyrillic а reads as Traoré. Both
// a protected string and the text are folded alike, so a name written in these scripts still matches.
// Letters with a mark (ё, ї) arrive here without it: foldCodePoint decomposes them first. Four
// Greek letters look like one Latin letter as capitals and another as small letters (Η H, η n;
// Μ M, μ u; Ν N, ν v; Υ Y, υ u): no one fold serves both, so they stay, and a pattern takes any
// letter they may be read as (READ_EITHER_WAY, below).
const LOOK_ALIKE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  ζ: 'z',
  ι: 'i',
  κ: 'k',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  χ: 'x',
};

/**
 * The letters a folded letter may stand for, where a Greek letter reads as one Latin letter in
 * capitals and another in small letters (the fold keeps these four as they are): a name with
 * a "v" is found written with a small ν, one with an "n" with a capital Ν or a small η.
 */
export const READ_EITHER_WAY: Readonly<Record<string, string>> = {
  h: 'hη',
  m: 'mμ',
  n: 'nνη',
  u: 'uμυ',
  v: 'vν',
  y: 'yυ',
  η: 'ηhn',
  μ: 'μmu',
  ν: 'νnv',
  υ: 'υyu',
};

/** The value 0-9 of a decimal digit of any script: Unicode encodes them in aligned runs of ten. */
function digitValue(cp: number): number {
  let first = cp;
  while (DECIMAL.test(String.fromCodePoint(first - 1))) first--;
  return (cp - first) % 10;
}

function foldLetter(ch: string): string {
  const variant = ARABIC[ch] ?? LOOK_ALIKE[ch];
  if (variant !== undefined) return variant;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return ch;
  if (DECIMAL.test(ch)) return String(digitValue(cp));
  // Spacing modifier letters (ʼ ʻ ˈ) are letters to Unicode but apostrophes to a reader: "Salehʼs".
  if (LATIN.test(ch) || (cp >= 0x2b0 && cp <= 0x2ff)) {
    // Letters with no decomposition (Ł ø æ ß ı đ þ œ...) from any-ascii's table; keep what it does not know.
    const ascii = anyAscii(ch).toLowerCase();
    return ascii === '' ? ch : ascii;
  }
  return ch;
}

const folds = new Map<number, string>();

/** What one code point becomes: '' (invisible), ' ' (any space) or its folded letters. */
function foldCodePoint(cp: number): string {
  const cached = folds.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let out: string;
  if (IGNORABLE.test(ch)) out = '';
  else if (WHITE_SPACE.test(ch)) out = ' ';
  else if (CONTROL.test(ch))
    out = ''; // NUL between letters is how UTF-16 read as Latin-1 looks
  else {
    // NFKD then mark removal is NFKC without the accents; upper-then-lower folds ß, ς and ı as case folding does.
    const lowered = ch.normalize('NFKD').toUpperCase().toLowerCase().normalize('NFKD').replace(MARKS, '');
    out = '';
    // Decomposition can bring out more to drop: presentation forms hold tatweel (U+FE71).
    for (const c of lowered) out += IGNORABLE.test(c) ? '' : WHITE_SPACE.test(c) ? ' ' : foldLetter(c);
  }
  folds.set(cp, out);
  return out;
}

/** A growable run of UTF-16 units with the source span of each (for the decoders too). */
export class ViewBuilder {
  private units: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  length = 0;

  /** `expected`: about how many units will be pushed (a text's length), so that they fit at once. */
  constructor(expected = 1024) {
    const size = Math.max(16, expected);
    this.units = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  push(unit: number, start: number, end: number): void {
    if (this.length === this.units.length) this.grow();
    this.units[this.length] = unit;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  pushString(s: string, start: number, end: number): void {
    for (let k = 0; k < s.length; k++) this.push(s.charCodeAt(k), start, end);
  }

  last(): number {
    return this.length === 0 ? -1 : this.units[this.length - 1]!;
  }

  extendLast(end: number): void {
    this.ends[this.length - 1] = end;
  }

  build(): TextView {
    const n = this.length;
    // Node reads UTF-16 code units as they are (a lone surrogate stays one); in chunks on a
    // big-endian machine, where the bytes of a Uint16Array are the other way round.
    let text = '';
    if (LITTLE_ENDIAN) text = Buffer.from(this.units.buffer, this.units.byteOffset, 2 * n).toString('utf16le');
    else
      for (let k = 0; k < n; k += 8192) text += String.fromCharCode(...this.units.subarray(k, Math.min(k + 8192, n)));
    // A view that fills most of its arrays keeps them rather than copying hundreds of megabytes.
    const fits = n >= (this.starts.length * 3) / 4;
    return {
      text,
      start: fits ? this.starts.subarray(0, n) : this.starts.slice(0, n),
      end: fits ? this.ends.subarray(0, n) : this.ends.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.units.length * 2;
    const units = new Uint16Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    units.set(this.units);
    starts.set(this.starts);
    ends.set(this.ends);
    this.units = units;
    this.starts = starts;
    this.ends = ends;
  }
}

const SPACE = 0x20;

/**
 * Folds text for matching: NFKC, default-ignorable code points and tatweel removed, whitespace runs
 * to one space, case folded, diacritics removed, letters such as Ł ø æ ß ı to their base, Arabic
 * letter variants unified, decimal digits of every script to ASCII. Works one code point at a time,
 * so every unit of the result maps back to the code point it came from.
 */
export function normalise(source: string): TextView {
  const out = new ViewBuilder(source.length);
  let i = 0;
  while (i < source.length) {
    const cp = source.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    if (cp < 0x80) {
      // ASCII fast path, the bulk of case files.
      if ((cp >= 9 && cp <= 13) || cp === SPACE) {
        if (out.last() === SPACE) out.extendLast(next);
        else out.push(SPACE, i, next);
      } else if (cp >= 0x20 && cp !== 0x7f) {
        out.push(cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp, i, next);
      }
    } else {
      const folded = foldCodePoint(cp);
      for (let k = 0; k < folded.length; k++) {
        const unit = folded.charCodeAt(k);
        if (unit === SPACE && out.last() === SPACE) out.extendLast(next);
        else out.push(unit, i, next);
      }
    }
    i = next;
  }
  return out.build();
}

/** The folded form alone, for protected strings. */
export function normaliseKey(source: string): string {
  return normalise(source).text;
}

/** A view of `outer.text` read back to `outer`'s source. */
export function compose(outer: TextView, inner: TextView): TextView {
  const n = inner.text.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    start[k] = outer.start[inner.start[k]!]!;
    end[k] = outer.end[inner.end[k]! - 1]!;
  }
  return { text: inner.text, start, end };
}

/** The source span of the view's units [from, to) (to > from). */
export function sourceSpan(view: TextView, from: number, to: number): { start: number; end: number } {
  return { start: view.start[from]!, end: view.end[to - 1]! };
}
