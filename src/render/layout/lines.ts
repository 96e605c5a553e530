import bidiFactory from 'bidi-js';
import LineBreaker from 'linebreak';
import type { Align, Face, FontKey, Inline, Measurer, Rgb } from './types.js';

/** A run of text in one font and style, measured. */
export interface Fragment {
  text: string;
  font: FontKey;
  width: number;
  link?: string;
  pageRef?: string;
  /** Odd for right-to-left text (the bidi embedding level). */
  level: number;
}

/** A fragment placed on a line: x from the line's start. */
export interface PlacedFragment extends Fragment {
  x: number;
}

export interface Line {
  fragments: PlacedFragment[];
  width: number;
}

export interface LineOptions {
  width: number;
  size: number;
  align: Align;
  /** Face forced on every inline (headings are bold throughout). */
  face?: Face;
  color?: Rgb;
  /** Where a word may be hyphenated; given for justified text, used on lines that would be loose. */
  hyphenate?: (word: string) => number[];
}

// A justified line is loose when its spaces would each grow by more than this share of the type
// size: then the next word is hyphenated if a part of it fits.
const LOOSE = 0.35;
const HYPHEN = '-';
/** One or two letters or digits ending at a hyphen ("e-" of "e-mail"), after an opening bracket or quote. */
const SHORT_PREFIX = /^[\p{Ps}\p{Pi}"']?[\p{L}\p{N}]{1,2}[-\u2010]$/u;

/** A break opportunity's worth of text: what must stay together on a line. */
interface Piece {
  fragments: Fragment[];
  width: number;
  /** Width of the trailing white space, which does not count at a line's end. */
  trailing: number;
  required: boolean;
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const bidi = bidiFactory();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function faceOf(inline: Inline, forced?: Face): Face {
  if (forced) return forced;
  if (inline.bold && inline.italic) return 'boldItalic';
  if (inline.bold) return 'bold';
  if (inline.italic) return 'italic';
  return 'regular';
}

/**
 * Breaks a paragraph into lines as pdfkit and pdfmake do: UAX #14 break opportunities,
 * greedy fill, trailing spaces not counted, a word longer than the line split by binary
 * search. Right-to-left runs are reordered per line (bidi rule L2).
 */
export function breakLines(inlines: readonly Inline[], options: LineOptions, measurer: Measurer): Line[] {
  const text = inlines.map((i) => i.text).join('');
  if (text.length === 0) return [];
  const levels = RTL.test(text) ? bidi.getEmbeddingLevels(text, 'ltr').levels : undefined;

  // Style spans over the whole paragraph text.
  const spans: { start: number; end: number; face: Face; link?: string; pageRef?: string }[] = [];
  let offset = 0;
  for (const inline of inlines) {
    if (inline.text.length > 0)
      spans.push({
        start: offset,
        end: offset + inline.text.length,
        face: faceOf(inline, options.face),
        link: inline.link,
        pageRef: inline.pageRef,
      });
    offset += inline.text.length;
  }

  type Span = (typeof spans)[number];
  const pushRuns = (out: Fragment[], span: Span, runStart: number, runEnd: number, level: number): void => {
    for (const run of measurer.fontRuns(text.slice(runStart, runEnd), span.face)) {
      out.push({
        text: run.text,
        font: run.font,
        width: runWidth(run.text, run.font, options.size, measurer),
        link: span.link,
        pageRef: span.pageRef,
        level,
      });
    }
  };
  const fragmentsOf = (start: number, end: number): Fragment[] => {
    const out: Fragment[] = [];
    for (const span of spans) {
      const from = Math.max(start, span.start);
      const to = Math.min(end, span.end);
      if (from >= to) continue;
      // Left-to-right text (no levels) is one run at level 0.
      if (!levels) pushRuns(out, span, from, to, 0);
      else
        for (const [runStart, runEnd, level] of levelRuns(levels, from, to))
          pushRuns(out, span, runStart, runEnd, level);
    }
    return out;
  };

  const pieces: Piece[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const raw = text.slice(last, bk.position);
    // No line ends after a hyphen that follows one or two letters or digits: "e-mail" and
    // "2-sexies" stay whole, where UAX #14 would allow "e-" at the end of a line.
    if (raw.length <= 4 && !bk.required && SHORT_PREFIX.test(raw)) continue;
    const body = raw.replace(/[\s\u00ad]+$/u, '');
    const fragments = fragmentsOf(last, last + body.length);
    const width = fragments.reduce((sum, f) => sum + f.width, 0);
    let trailing = 0;
    const space = raw.slice(body.length).replace(/[\r\n\u2028\u2029]/g, '');
    if (space.length > 0) {
      const tail = fragmentsOf(last + body.length, last + body.length + space.length);
      trailing = tail.reduce((sum, f) => sum + f.width, 0);
      fragments.push(...tail);
    }
    pieces.push({ fragments, width: width + trailing, trailing, required: bk.required });
    last = bk.position;
  }

  const lines: Piece[][] = [];
  let current: Piece[] = [];
  let currentWidth = 0;
  const flush = () => {
    lines.push(current);
    current = [];
    currentWidth = 0;
  };
  /** The longest head of a word that fits the loose line with its hyphen, and the rest. */
  const hyphenated = (piece: Piece, line: Piece[], used: number): { head: Piece; tail: Piece } | undefined => {
    const content = used - (line.at(-1)?.trailing ?? 0);
    const gaps = Math.max(1, line.length - 1);
    if ((options.width - content) / gaps <= LOOSE * options.size) return undefined;
    const [word, ...rest] = piece.fragments;
    const match = word && word.level === 0 ? /^(\p{L}+)(\p{P}*)$/u.exec(word.text) : null;
    if (!word || !match) return undefined;
    const points = options.hyphenate!(match[1]!);
    for (let i = points.length - 1; i >= 0; i--) {
      const headText = `${word.text.slice(0, points[i])}${HYPHEN}`;
      const headWidth = measurer.width(headText, word.font, options.size);
      if (used + headWidth > options.width + 1e-6) continue;
      const tailText = word.text.slice(points[i]);
      const tailWord = { ...word, text: tailText, width: measurer.width(tailText, word.font, options.size) };
      const tailFragments = [tailWord, ...rest];
      return {
        head: {
          fragments: [{ ...word, text: headText, width: headWidth }],
          width: headWidth,
          trailing: 0,
          required: false,
        },
        tail: { ...piece, fragments: tailFragments, width: tailFragments.reduce((sum, f) => sum + f.width, 0) },
      };
    }
    return undefined;
  };
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k]!;
    const fits = currentWidth + piece.width - piece.trailing <= options.width + 1e-6;
    if (!fits && current.length > 0) {
      const split =
        options.hyphenate && options.align === 'justify' ? hyphenated(piece, current, currentWidth) : undefined;
      if (split) {
        current.push(split.head);
        flush();
        // The rest of the word is laid out like any other piece.
        pieces[k] = split.tail;
        k--;
        continue;
      }
      flush();
    }
    if (piece.width - piece.trailing > options.width + 1e-6) {
      // A word longer than the line: split it, each part a line of its own but the last.
      const parts = splitPiece(piece, options.width, measurer, options.size);
      for (const part of parts.slice(0, -1)) {
        current = [part];
        flush();
      }
      current = [parts[parts.length - 1]!];
      currentWidth = current[0]!.width;
    } else {
      current.push(piece);
      currentWidth += piece.width;
    }
    if (piece.required) flush();
  }
  if (current.length > 0) flush();
  // A paragraph ending in a forced break would leave an empty last line.
  while (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();

  return lines.map((line, i) =>
    placeLine(line, options, i === lines.length - 1 || (line.at(-1)?.required ?? false), measurer),
  );
}

/** Runs of equal bidi level within [from, to). */
function levelRuns(levels: Uint8Array, from: number, to: number): [number, number, number][] {
  const runs: [number, number, number][] = [];
  let start = from;
  for (let i = from + 1; i <= to; i++) {
    if (i === to || levels[i] !== levels[start]) {
      runs.push([start, i, levels[start]!]);
      start = i;
    }
  }
  return runs;
}

/**
 * A word longer than the line, cut into parts that each fit. Each grapheme is measured once and the
 * cuts found on the running sum, so a hostile 100,000-character word costs linear time.
 */
function splitPiece(piece: Piece, width: number, measurer: Measurer, size: number): Piece[] {
  type Cluster = { fragment: Fragment; text: string; width: number };
  const clusters: Cluster[] = [];
  const widths = new Map<string, number>();
  for (const fragment of piece.fragments) {
    for (const segment of clustersOf(fragment.text)) {
      const key = `${fragment.font}|${segment}`;
      let w = widths.get(key);
      if (w === undefined) {
        w = measurer.width(segment, fragment.font, size);
        widths.set(key, w);
      }
      clusters.push({ fragment, text: segment, width: w });
    }
  }
  // Clusters back into fragments of one style each.
  const fragmentsOf = (from: number, to: number): Fragment[] => {
    const out: Fragment[] = [];
    for (let i = from; i < to; i++) {
      const c = clusters[i]!;
      const last = out.at(-1);
      // White space stays a fragment of its own, so a line's trailing space can be dropped.
      const blank = c.text.trim() === '';
      if (
        last &&
        last.font === c.fragment.font &&
        last.link === c.fragment.link &&
        last.level === c.fragment.level &&
        (last.text.trim() === '') === blank
      ) {
        last.text += c.text;
        last.width += c.width;
      } else out.push({ ...c.fragment, text: c.text, width: c.width });
    }
    return out;
  };
  const parts: Piece[] = [];
  let start = 0;
  while (start < clusters.length) {
    let end = start;
    let used = 0;
    // At least one cluster a line, however narrow the column.
    while (end < clusters.length && (end === start || used + clusters[end]!.width <= width))
      used += clusters[end++]!.width;
    const last = end >= clusters.length;
    // The last part keeps the word's trailing space and its forced break, if any.
    const fragments = fragmentsOf(start, end);
    parts.push({
      fragments,
      width: fragments.reduce((s, f) => s + f.width, 0),
      trailing: last ? piece.trailing : 0,
      required: last ? piece.required : false,
    });
    start = end;
  }
  return parts;
}

function placeLine(pieces: Piece[], options: LineOptions, isLast: boolean, measurer: Measurer): Line {
  // The last piece's trailing space does not count. Fragments are a word or less: they are read
  // in place, and only the runs they merge into are new objects (this is the layout's inner loop).
  const last = pieces.length - 1;
  const lastCount = last < 0 ? 0 : withoutTrailing(pieces[last]!);
  const countOf = (p: number) => (p === last ? lastCount : pieces[p]!.fragments.length);
  const gapAfter = (p: number, k: number) => k === countOf(p) - 1 && p < last && pieces[p]!.trailing > 0;
  let natural = 0;
  let hasRtl = false;
  let gaps = 0;
  for (let p = 0; p <= last; p++) {
    const frags = pieces[p]!.fragments;
    for (let k = 0; k < countOf(p); k++) {
      const f = frags[k]!;
      natural += f.width;
      if (f.level % 2 === 1) hasRtl = true;
      if (gapAfter(p, k)) gaps++;
    }
  }
  const justify = options.align === 'justify' && !isLast && gaps > 0 && !hasRtl;
  const extra = justify ? (options.width - natural) / gaps : 0;

  // Merge neighbours of one style so a line is drawn with few runs (not across justified gaps).
  // A space joins the run before it whatever its font, so an Arabic name shapes as one run.
  const merged: PlacedFragment[] = [];
  /** Whether a justified gap follows each merged run. */
  const gapAfterRun: boolean[] = [];
  for (let p = 0; p <= last; p++) {
    const frags = pieces[p]!.fragments;
    for (let k = 0; k < countOf(p); k++) {
      const f = frags[k]!;
      const after = gapAfter(p, k);
      const prev = merged.at(-1);
      const sameFont = prev?.font === f.font || f.text.trim() === '';
      if (
        prev &&
        sameFont &&
        prev.link === f.link &&
        prev.level === f.level &&
        !prev.pageRef &&
        !f.pageRef &&
        !(justify && gapAfterRun.at(-1))
      ) {
        prev.text += f.text;
        prev.width = prev.font === f.font ? prev.width + f.width : measurer.width(prev.text, prev.font, options.size);
        gapAfterRun[gapAfterRun.length - 1] = after;
      } else {
        const { text, font, width, link, pageRef, level } = f;
        merged.push({ text, font, width, link, pageRef, level, x: 0 });
        gapAfterRun.push(after);
      }
    }
  }
  const order = hasRtl ? reorder(merged.map((f, i) => ({ level: f.level, i }))).map((o) => o.i) : undefined;

  let x = 0;
  if (options.align === 'center') x = (options.width - natural) / 2;
  if (options.align === 'right') x = options.width - natural;
  const placed: PlacedFragment[] = [];
  for (let j = 0; j < merged.length; j++) {
    const i = order ? order[j]! : j;
    const f = merged[i]!;
    f.x = x;
    placed.push(f);
    x += f.width + (gapAfterRun[i] ? extra : 0);
  }
  return { fragments: placed, width: justify ? options.width : natural };
}

/** How many of a piece's fragments are left once its trailing white space is dropped. */
function withoutTrailing(piece: Piece): number {
  let count = piece.fragments.length;
  if (piece.trailing > 0) while (count > 0 && piece.fragments[count - 1]!.text.trim() === '') count--;
  return count;
}

/** Bidi rule L2: from the highest level down to the lowest odd one, reverse each run at that level or above. */
function reorder<T extends { level: number }>(items: T[]): T[] {
  const out = [...items];
  const max = Math.max(...out.map((f) => f.level));
  const minOdd = Math.min(...out.map((f) => f.level).filter((l) => l % 2 === 1));
  for (let level = max; level >= minOdd; level--) {
    let i = 0;
    while (i < out.length) {
      if (out[i]!.level >= level) {
        let j = i;
        while (j < out.length && out[j]!.level >= level) j++;
        out.splice(i, j - i, ...out.slice(i, j).reverse());
        i = j;
      } else {
        i++;
      }
    }
  }
  return out;
}

// Letters that never combine with their neighbours: each is a grapheme of its own.
const SIMPLE = /^[\x20-\x7e\u00a0-\u02ff\u0370-\u03ff\u0400-\u04ff]*$/;

/**
 * The grapheme clusters of a text. Intl.Segmenter takes tens of microseconds a cluster on a long
 * string (seconds for a hostile 100,000-letter word), so simple Latin, Greek and Cyrillic text,
 * where every character is its own cluster, is split directly.
 */
function clustersOf(text: string): string[] {
  if (SIMPLE.test(text)) return text.split('');
  const out: string[] = [];
  // Segmenting in short windows keeps the cost linear; a window ends at a space, where no cluster spans.
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + 512);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      end = space > start ? space + 1 : end;
    }
    for (const { segment } of graphemes.segment(text.slice(start, end))) out.push(segment);
    start = end;
  }
  return out;
}

/**
 * The width of a run. Shaping a hostile word of 100,000 letters costs most of a second, and such a
 * word is cut into lines anyway: past a few hundred characters the run is measured cluster by
 * cluster (no ligature crosses a cut; pdf-lib applies no kerning).
 */
function runWidth(text: string, font: FontKey, size: number, measurer: Measurer): number {
  if (text.length <= LONG_RUN) return measurer.width(text, font, size);
  const widths = new Map<string, number>();
  let sum = 0;
  for (const c of clustersOf(text)) {
    let w = widths.get(c);
    if (w === undefined) {
      w = measurer.width(c, font, size);
      widths.set(c, w);
    }
    sum += w;
  }
  return sum;
}

const LONG_RUN = 400;
