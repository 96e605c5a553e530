import { READ_EITHER_WAY, type TextView } from './normalise.js';
import { readerView } from './unescape.js';

/** A string a public dossier must not show, and what stands in its place. */
export interface ProtectedEntry {
  text: string;
  role: 'witness' | 'redact';
  replacement: string;
}

/** Where an entry occurs, in offsets of the text given (UTF-16 units, end exclusive). */
export interface Found {
  start: number;
  end: number;
  entry: ProtectedEntry;
}

/**
 * How a pattern's edges are judged: `word` needs a word boundary on both sides (short name parts,
 * single words); `glued` (a long name part) needs one before it and takes an ending of three letters
 * at most ("Traorés" goes whole, "cooperation" stays); `phrase` needs none and grows to the
 * whole word it sits in ("ahmedsalehstatement" goes whole); `code` (phone numbers, IBANs) must not
 * run on into more digits or letters.
 */
type Edges = 'word' | 'glued' | 'phrase' | 'code';

interface Pattern {
  re: RegExp;
  entry: ProtectedEntry;
  edges: Edges;
  arabic: boolean;
  /** The length of the pattern, a letter read either way counted as one: longer entries are tried first. */
  weight: number;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const DIGIT = /^[0-9]$/;
const LETTER = /^[\p{L}\p{M}]$/u;
const UPPER = /^[\p{Lu}\p{Lt}]$/u;
const LOWER = /^\p{Ll}$/u;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const TOKENS = /[\p{L}\p{M}\p{N}]+/gu;
// One-letter proclitics (and, so, with, for, like) and the article that Arabic writes onto a name.
// Two may stack: "and with the" (وبال), "and for the" (وللـ).
const AND = '[\\u0648\\u0641]?'; // wa-, fa-
const PROCLITIC = new RegExp(
  `^(?:${AND}[\\u0628\\u0644\\u0643]|[\\u0648\\u0641]|${AND}[\\u0628\\u0643]?\\u0627\\u0644|${AND}\\u0644\\u0644)$`,
  'u',
);

// Between two letters of one part: emphasis marks, an HTML tag, a hyphen of any kind, at a line's
// end or not ("Sal-\neh", "Tra−\noré", "Tra-oré").
const INSIDE = String.raw`(?:[*_~\x60]|<\/?[a-z][^<>]{0,80}>|[\p{Pd}\u2212] ?){0,6}`;
// Between two parts: anything that is not a letter or digit (space, punctuation, markup), or nothing.
const BETWEEN = String.raw`(?:<[^<>]{0,80}>|[^\p{L}\p{M}\p{N}]){0,24}`;
// Between two characters of a number: spaces, dashes, dots, slashes, brackets, a "(0)".
const SEPARATOR = String.raw`(?:[\s\p{Pd}.\/()\[\]]|\(0\)){0,3}`;

const MIN_PART = 4;
// A part this long is found with a short ending too ("Traorés", "Kowalskiego", "Łukaszowi"), at
// the start of a word only and for three letters at most: longer ones make other words ("Cooper"
// in "cooperation", "Fortuna" in "fortunatamente"), which the public text must not lose.
const MIN_GLUED = 6;
const MAX_SUFFIX = 3;
const MIN_CODE_DIGITS = 5;

function escape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The classes `letter` writes, so that a pattern's length is measured as if each were one letter. */
const EITHER_CLASS = new RegExp(
  Object.values(READ_EITHER_WAY)
    .map((either) => `\\[${either}\\]`)
    .join('|'),
  'gu',
);

function letter(ch: string): string {
  const either = READ_EITHER_WAY[ch];
  return either ? `[${either}]` : escape(ch);
}

function part(token: string): string {
  return [...token].map(letter).join(INSIDE);
}

/** A `redact:` entry made of digits (and maybe a few letters): a phone number, an IBAN, a passport. */
function isCode(key: string, alnum: string): boolean {
  const digits = alnum.replace(/[^0-9]/g, '').length;
  return /^[\p{L}\p{N}\s\p{Pd}./()[\]+]*$/u.test(key) && digits >= MIN_CODE_DIGITS && digits >= 0.6 * alnum.length;
}

function codePattern(key: string, alnum: string): string {
  const trimmed = key.trimStart();
  let chars = [...alnum];
  // "+" and "00" both dial out; either (or neither) may be written before the country code.
  let prefix = '';
  if (trimmed.startsWith('+')) prefix = String.raw`(?:(?:\+|00)${SEPARATOR})?`;
  else if (trimmed.startsWith('00') && chars.length >= 9) {
    prefix = String.raw`(?:(?:\+|00)${SEPARATOR})?`;
    chars = chars.slice(2);
  }
  return prefix + chars.map(letter).join(SEPARATOR);
}

/** The patterns of one entry, the strongest first. */
function patternsOf(entry: ProtectedEntry): Pattern[] {
  const key = readerView(entry.text).text; // the same reading as the text it is looked for in
  const tokens = key.match(TOKENS) ?? [];
  const alnum = tokens.join('');
  if ([...alnum].length < 2) return [];
  const arabic = ARABIC_SCRIPT.test(alnum);
  const make = (source: string, edges: Edges): Pattern => ({
    re: new RegExp(source, 'gu'),
    entry,
    edges,
    arabic,
    weight: source.replace(EITHER_CLASS, '.').length,
  });
  if (entry.role === 'redact' && isCode(key, alnum)) return [make(codePattern(key, alnum), 'code')];
  const partEdges = (t: string): Edges => (entry.role === 'witness' && [...t].length >= MIN_GLUED ? 'glued' : 'word');
  if (tokens.length === 1) return [make(part(tokens[0]!), partEdges(tokens[0]!))];
  const patterns = [make(tokens.map(part).join(BETWEEN), 'phrase')];
  if (entry.role === 'witness') {
    // Each distinctive part alone: "Saleh said" names the witness; "Al" or "bin" alone does not.
    const parts = [...new Set(tokens)].filter((t) => [...t].length >= MIN_PART);
    for (const t of parts) patterns.push(make(part(t), partEdges(t)));
  }
  return patterns;
}

const OTHER = 0;
const DIGIT_KIND = 1;
const LETTER_KIND = 2;

/** Non-word, digit or letter; ASCII without a regular expression, as almost every call is. */
function kindOf(cp: number): number {
  if (cp < 0x80) {
    if (cp >= 0x30 && cp <= 0x39) return DIGIT_KIND;
    const lower = cp | 0x20;
    return lower >= 0x61 && lower <= 0x7a ? LETTER_KIND : OTHER;
  }
  return WORD_CHAR.test(String.fromCodePoint(cp)) ? LETTER_KIND : OTHER;
}

/** 1 upper case, -1 lower case, 0 neither. */
function caseOf(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? 1 : cp >= 0x61 && cp <= 0x7a ? -1 : 0;
  const ch = String.fromCodePoint(cp);
  return UPPER.test(ch) ? 1 : LOWER.test(ch) ? -1 : 0;
}

/** Index of the code point that ends just before unit i. */
function previousIndex(s: string, i: number): number {
  const lo = s.charCodeAt(i - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && i >= 2 ? i - 2 : i - 1;
}

/** Case of the source character of view unit `i` (the view has folded case away). */
function sourceCase(source: string, view: TextView, i: number): number {
  return caseOf(source.codePointAt(view.start[i]!)!);
}

/**
 * Whether a word may begin or end between view units i-1 and i: at a non-letter, a letter/digit
 * change, or a camel hump in the source ("ahmedSaleh", "SALEHStatement").
 */
function isBoundary(source: string, view: TextView, i: number): boolean {
  const t = view.text;
  if (i <= 0 || i >= t.length) return true;
  const k = previousIndex(t, i);
  const before = kindOf(t.codePointAt(k)!);
  const afterCp = t.codePointAt(i)!;
  const after = kindOf(afterCp);
  if (before === OTHER || after === OTHER || before !== after) return true;
  if (view.start[k] === view.start[i]) return false; // one source character folded into several (ß -> ss)
  const b = sourceCase(source, view, k);
  const a = sourceCase(source, view, i);
  if (b < 0 && a > 0) return true;
  const n = i + (afterCp > 0xffff ? 2 : 1);
  return b > 0 && a > 0 && n < t.length && view.start[n] !== view.start[i] && sourceCase(source, view, n) < 0;
}

function startsWord(source: string, view: TextView, at: number, arabic: boolean): boolean {
  if (isBoundary(source, view, at)) return true;
  if (!arabic) return false;
  // "وصالح" is "and Saleh": allow a proclitic that itself starts a word.
  for (let k = 1; k <= 3 && at - k >= 0; k++) {
    if (PROCLITIC.test(view.text.slice(at - k, at)) && isBoundary(source, view, at - k)) return true;
  }
  return false;
}

function codeEdge(view: TextView, inside: number, outside: number): boolean {
  if (outside < 0 || outside >= view.text.length) return true;
  const a = view.text[inside]!;
  const b = view.text[outside]!;
  if (DIGIT.test(a)) return !DIGIT.test(b);
  if (LETTER.test(a)) return !WORD_CHAR.test(b);
  return true;
}

/** A match's span in view units after its edges are judged, or undefined when they fail. */
function judge(source: string, view: TextView, p: Pattern, from: number, to: number): [number, number] | undefined {
  if (p.edges === 'word') {
    return startsWord(source, view, from, p.arabic) && isBoundary(source, view, to) ? [from, to] : undefined;
  }
  if (p.edges === 'code') return codeEdge(view, from, from - 1) && codeEdge(view, to - 1, to) ? [from, to] : undefined;
  if (p.edges === 'glued') {
    if (!startsWord(source, view, from, p.arabic)) return undefined;
    let end = to;
    while (!isBoundary(source, view, end) && end - to < MAX_SUFFIX) end++;
    return isBoundary(source, view, end) ? [from, end] : undefined;
  }
  let a = from;
  let b = to;
  if (!startsWord(source, view, a, p.arabic)) while (!isBoundary(source, view, a)) a--;
  while (!isBoundary(source, view, b)) b++;
  return [a, b];
}

const EMPHASIS_RUN_AFTER = /^[*_~`]+/;
const EMPHASIS_RUN_BEFORE = /[*_~`]+$/;

/**
 * Takes in the emphasis that a match opened or closed inside ("Ahmed **Saleh**", "*Ahmed* Saleh"),
 * so that no orphan "**" follows the placeholder; "**Ahmed Saleh**" keeps its marks.
 */
function balanceEmphasis(text: string, start: number, end: number): [number, number] {
  const inner = text.slice(start, end);
  if (!/[*_~`]/.test(inner)) return [start, end];
  const after = EMPHASIS_RUN_AFTER.exec(text.slice(end, end + 8))?.[0];
  if (after && new RegExp(String.raw`(?:^|[^\p{L}\p{M}\p{N}])${escape(after)}[\p{L}\p{N}]`, 'u').test(inner)) {
    end += after.length;
  }
  const before = EMPHASIS_RUN_BEFORE.exec(text.slice(Math.max(0, start - 8), start))?.[0];
  if (before && new RegExp(String.raw`[\p{L}\p{N}]${escape(before)}(?:$|[^\p{L}\p{M}\p{N}])`, 'u').test(inner)) {
    start -= before.length;
  }
  return [start, end];
}

/**
 * Finds protected strings as a reader would see them: through HTML entities and percent-encoding,
 * invisible characters, any spacing, case, accents and letter variants, markup between and inside
 * the parts of a name, slugs and camel case; each distinctive part of a witness's name alone; phone
 * numbers and IBANs whatever their separators. Built once per dossier, then pure.
 */
export class ProtectedMatcher {
  private readonly patterns: Pattern[];

  constructor(entries: readonly ProtectedEntry[]) {
    // Whole names before their parts, longer entries before shorter ones, so overlaps keep the strongest.
    this.patterns = entries
      .flatMap(patternsOf)
      .map((p, order) => ({ p, order }))
      .sort((x, y) => rank(x.p) - rank(y.p) || y.p.weight - x.p.weight || x.order - y.order)
      .map(({ p }) => p);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** Every occurrence, in source order, overlapping ones merged into one span. */
  findProtected(text: string): Found[] {
    if (this.empty || text.length === 0) return [];
    const view = readerView(text);
    const spans: { start: number; end: number; entry: ProtectedEntry; rank: number }[] = [];
    this.patterns.forEach((p, rankOf) => {
      p.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = p.re.exec(view.text)) !== null) {
        const from = m.index;
        const to = from + m[0].length;
        const span = to > from ? judge(text, view, p, from, to) : undefined;
        if (span === undefined) {
          // A rejected edge may hide a match one code point further on.
          p.re.lastIndex = from + (view.text.codePointAt(from)! > 0xffff ? 2 : 1);
          continue;
        }
        // Marks and invisible characters after the last letter fold to nothing but belong to it.
        const last = view.end[span[1] - 1]!;
        const tail = span[1] < view.text.length ? Math.max(last, view.start[span[1]]!) : text.length;
        const [start, end] = balanceEmphasis(text, view.start[span[0]]!, tail);
        spans.push({ start, end, entry: p.entry, rank: rankOf });
        p.re.lastIndex = Math.max(to, span[1]);
      }
    });
    spans.sort((x, y) => x.start - y.start || y.end - x.end || x.rank - y.rank);
    const merged: Found[] = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
      else merged.push({ start: s.start, end: s.end, entry: s.entry });
    }
    return merged;
  }

  /** The text with each occurrence replaced by its entry's replacement; the rest unchanged. */
  redactText(text: string): string {
    const found = this.findProtected(text);
    if (found.length === 0) return text;
    let out = '';
    let last = 0;
    for (const f of found) {
      out += text.slice(last, f.start) + f.entry.replacement;
      last = f.end;
    }
    return out + text.slice(last);
  }

  /** The first entry the text still holds, for the self-check (which must name it, never print it). */
  containsProtected(text: string): ProtectedEntry | undefined {
    return this.findProtected(text)[0]?.entry;
  }
}

function rank(p: Pattern): number {
  return p.edges === 'word' || p.edges === 'glued' ? 1 : 0;
}
