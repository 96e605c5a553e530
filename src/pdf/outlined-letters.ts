/**
 * Letters drawn as filled outlines instead of text: a heading or a name converted to curves (a
 * design program's "create outlines", Ghostscript's NoOutputFonts), which no text search reads.
 * Found from their shapes alone: a row of glyph-sized closed shapes side by side on one line.
 */

/** The box of one closed shape a page fills, in page space, and what it is made of. */
export interface FilledShape {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Points of the outline (a curve counts its three). */
  points: number;
  curves: number;
}

/** Letters of body text to a large heading, in points; a page-wide shape is no letter. */
const LETTER_HEIGHT = { min: 3, max: 72 };
/** Wider than this many heights is a bar or a band, not a letter ("m" and "W" are about 1.2). */
const LETTER_WIDEST = 1.6;
/** A gap of more than this many heights ends a word (a space is about a third of one). */
const WORD_GAP = 0.8;
/** The fewest letters that make a word worth a page: a protected part has four or more, 3 is safer. */
export const OUTLINED_WORD_LETTERS = 3;

/**
 * Whether a shape can be a letter: of a letter's height and width, and not a bare rectangle (a
 * form's box, a table cell, a bar), which has four corners; "I" and "l" drawn as rectangles are
 * not counted, the letters beside them are, and the gap they leave does not end a word.
 */
function letterLike(s: FilledShape): boolean {
  const h = s.y1 - s.y0;
  const w = s.x1 - s.x0;
  return h >= LETTER_HEIGHT.min && h <= LETTER_HEIGHT.max && w <= LETTER_WIDEST * h && (s.curves > 0 || s.points > 5);
}

/**
 * The first row of at least `OUTLINED_WORD_LETTERS` letter-like shapes side by side on one line,
 * left to right, or undefined: each next shape starts within a word gap of the last, overlaps it
 * by half the smaller's height and is between 0.4 and 2.5 times as tall (a capital beside small
 * letters, a descender). One row is enough to leave a page out, so the search stops there.
 */
export function outlinedWord(shapes: readonly FilledShape[]): FilledShape[] | undefined {
  const letters = shapes.filter(letterLike).sort((p, q) => p.x0 - q.x0);
  const taken = new Uint8Array(letters.length);
  for (let i = 0; i < letters.length; i++) {
    if (taken[i]) continue;
    const row = [letters[i]!];
    let last = letters[i]!;
    for (let j = i + 1; j < letters.length; j++) {
      if (taken[j]) continue;
      const next = letters[j]!;
      const lastHeight = last.y1 - last.y0;
      const nextHeight = next.y1 - next.y0;
      const height = Math.max(lastHeight, nextHeight);
      // Sorted by left edge: past a few heights nothing later can join this row.
      if (next.x0 - last.x1 > 3 * height) break;
      if (next.x0 - last.x1 > WORD_GAP * height) continue;
      const overlap = Math.min(last.y1, next.y1) - Math.max(last.y0, next.y0);
      if (overlap < 0.5 * Math.min(lastHeight, nextHeight)) continue;
      const ratio = nextHeight / lastHeight;
      if (ratio < 0.4 || ratio > 2.5) continue;
      row.push(next);
      taken[j] = 1;
      last = next;
    }
    if (row.length >= OUTLINED_WORD_LETTERS) return row;
  }
  return undefined;
}

/** 2-D affine matrix [a b c d e f], as MuPDF gives a path's. */
type Matrix = readonly [number, number, number, number, number, number] | readonly number[];

/** What a path walker is told, as MuPDF's Path.walk calls it. */
export interface PathSteps {
  walk(walker: {
    moveTo(x: number, y: number): void;
    lineTo(x: number, y: number): void;
    curveTo(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void;
    closePath(): void;
  }): void;
}

/**
 * The letter-like closed shapes of one filled path, in page space. A shape inside another of the
 * same path (the hole of an "o", the counter of an "A") is the same letter and is not returned.
 */
export function filledShapes(path: PathSteps, ctm: Matrix): FilledShape[] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = ctm;
  const shapes: FilledShape[] = [];
  let current: FilledShape | undefined;
  const point = (x: number, y: number) => {
    const px = a * x + c * y + e;
    const py = b * x + d * y + f;
    if (!current) {
      current = { x0: px, y0: py, x1: px, y1: py, points: 0, curves: 0 };
      shapes.push(current);
    }
    current.x0 = Math.min(current.x0, px);
    current.x1 = Math.max(current.x1, px);
    current.y0 = Math.min(current.y0, py);
    current.y1 = Math.max(current.y1, py);
    current.points++;
  };
  path.walk({
    moveTo: (x, y) => {
      current = undefined;
      point(x, y);
    },
    lineTo: point,
    curveTo: (x1, y1, x2, y2, x3, y3) => {
      point(x1, y1);
      point(x2, y2);
      point(x3, y3);
      current!.curves++;
    },
    closePath: () => {},
  });
  // Only letters can hold a letter's hole: the rest (a map's thousand islands) is not compared.
  const letters = shapes.filter(letterLike);
  return letters.filter(
    (s, i) =>
      !letters.some(
        (o, k) =>
          k !== i &&
          o.x0 <= s.x0 &&
          o.y0 <= s.y0 &&
          o.x1 >= s.x1 &&
          o.y1 >= s.y1 &&
          // Two shapes of one box: the first stands for both.
          (k < i || o.x0 < s.x0 || o.y0 < s.y0 || o.x1 > s.x1 || o.y1 > s.y1),
      ),
  );
}
