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
  /** An outline of straight sides along the axes only: a rectangle, however its sides are named. */
  box?: boolean;
}

/** Letters of body text to a large heading, in points; a page-wide shape is no letter. */
const LETTER_HEIGHT = { min: 3, max: 72 };
/** Wider than this many heights is a bar or a band, not a letter ("m" and "W" are about 1.2). */
const LETTER_WIDEST = 1.6;
/** A rectangle at most this many heights wide is a stem: "l", "I", the body of "i", "1" (a bold "l" is 0.2). */
const STEM_WIDEST = 0.25;
/** A gap of more than this many heights ends a word (a space is about a third of one). */
const WORD_GAP = 0.8;
/** The fewest letters that make a word worth a page: a protected part has four or more, 3 is safer. */
const OUTLINED_WORD_LETTERS = 3;
/**
 * Shapes looked at, per shape, before a page counts as too dense to read (a column of thousands of
 * dots): such a page is taken for letters, safer than a search that never ends.
 */
const WORK_PER_SHAPE = 64;

/** Of a letter's height, and no wider than a letter. */
function letterSized(s: FilledShape): boolean {
  const h = s.y1 - s.y0;
  return h >= LETTER_HEIGHT.min && h <= LETTER_HEIGHT.max && s.x1 - s.x0 <= LETTER_WIDEST * h;
}

/** The shape as it would lie turned a quarter back: its width is its height. */
const turn = (s: FilledShape): FilledShape => ({ ...s, x0: s.y0, x1: s.y1, y0: s.x0, y1: s.x1 });

/** A letter's size, upright or turned a quarter. */
const letterSizedEitherWay = (s: FilledShape) => letterSized(s) || letterSized(turn(s));

/** Four corners and no curve: a form's box, a table cell, a bar, or a letter's stem. */
const isRectangle = (s: FilledShape) => s.box ?? (s.curves === 0 && s.points <= 5);

/**
 * Whether a shape can be a letter: of a letter's size, and either shaped (a curve, or more than
 * four corners) or a thin stem. A row of stems alone is a bar chart, so a word needs a shaped one.
 */
function letterLike(s: FilledShape): boolean {
  return letterSized(s) && (!isRectangle(s) || s.x1 - s.x0 <= STEM_WIDEST * (s.y1 - s.y0));
}

/**
 * The first row of at least `OUTLINED_WORD_LETTERS` letter-like shapes side by side on one line,
 * at least one of them not a stem, left to right; 'dense' for a page with too many shapes to
 * search, taken for letters; or undefined. Each next shape starts within a word gap of the last,
 * overlaps it by half the smaller's height and is between 0.4 and 2.5 times as tall (a capital
 * beside small letters, a descender). A name turned a quarter (a margin's label) is a column: the
 * same search runs across the shapes turned back. One row is enough to leave a page out.
 */
export function outlinedWord(shapes: readonly FilledShape[]): FilledShape[] | 'dense' | undefined {
  const letters = shapes.filter(letterLike);
  // Turned back before they are judged: a quarter-turned "l" is a stem lying down.
  const turned = shapes.map(turn).filter(letterLike);
  const budget = { left: WORK_PER_SHAPE * (letters.length + turned.length) + 100_000 };
  return rowOf(letters, budget) ?? rowOf(turned, budget);
}

function rowOf(shapes: FilledShape[], budget: { left: number }): FilledShape[] | 'dense' | undefined {
  const letters = [...shapes].sort((p, q) => p.x0 - q.x0);
  const taken = new Uint8Array(letters.length);
  for (let i = 0; i < letters.length; i++) {
    if (taken[i]) continue;
    const row = [letters[i]!];
    let last = letters[i]!;
    for (let j = i + 1; j < letters.length; j++) {
      if (--budget.left < 0) return 'dense';
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
    if (row.length >= OUTLINED_WORD_LETTERS && row.some((s) => !isRectangle(s))) return row;
  }
  return undefined;
}

/** 2-D affine matrix [a b c d e f], as MuPDF gives a path's. */
export type Matrix = readonly [number, number, number, number, number, number] | readonly number[];

/** A point of a path or a glyph, in page space: the matrix read once, applied to each point. */
export function pointMapper(ctm: Matrix): (x: number, y: number) => [number, number] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = ctm;
  return (x, y) => [a * x + c * y + e, b * x + d * y + f];
}

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
 * The letter-sized closed shapes (upright or turned a quarter) of one filled or clipping path, in
 * page space. A shape inside another of the same path (the hole of an "o", the counter of an "A")
 * is the same letter and is not returned; `budget` is shared by the paths of one page.
 */
export function filledShapes(path: PathSteps, ctm: Matrix, budget = { left: HOLES_PER_PAGE }): FilledShape[] {
  const toPage = pointMapper(ctm);
  const shapes: FilledShape[] = [];
  // The points of each shape, kept while few (a letter has more): enough to tell a rectangle.
  const corners = new Map<FilledShape, number[]>();
  let current: FilledShape | undefined;
  const point = (x: number, y: number) => {
    const [px, py] = toPage(x, y);
    if (!current) {
      current = { x0: px, y0: py, x1: px, y1: py, points: 0, curves: 0 };
      shapes.push(current);
      corners.set(current, []);
    }
    const seen = corners.get(current);
    if (seen && seen.length < 32) seen.push(px, py);
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
  for (const shape of shapes) shape.box = shape.curves === 0 && axisAligned(shape, corners.get(shape)!);
  // Only letters can hold a letter's hole: the rest (a map's thousand islands) is not compared, nor
  // are the shapes of a path of thousands of letters (a page of outlines, found without that).
  const letters = shapes.filter(letterSizedEitherWay);
  // Past the page's budget its holes are counted as letters: more shapes, never fewer words.
  budget.left -= letters.length * letters.length;
  if (budget.left < 0) return letters;
  return letters.filter((s, i) => !letters.some((o, k) => k !== i && isHoleOf(s, o, k < i)));
}

/**
 * Whether the outline runs only along the axes (a tenth of a point off at most): a rectangle,
 * even one named with points along its sides (a line's stroke taken as a clip). A slanted stem
 * (an italic "l") or any letter with a diagonal is not one; "I", "l" and a dash drawn upright are.
 */
function axisAligned(s: FilledShape, xy: number[]): boolean {
  if (s.points > xy.length / 2) return false;
  for (let k = 0; k < xy.length; k += 2) {
    const next = (k + 2) % xy.length;
    if (Math.abs(xy[k]! - xy[next]!) > 0.1 && Math.abs(xy[k + 1]! - xy[next + 1]!) > 0.1) return false;
  }
  return true;
}

/**
 * Pairs of shapes compared for holes on one page, at most: a page of outlined text is found
 * without them, and a hostile page of thousands of paths of thousands of shapes ends.
 */
export const HOLES_PER_PAGE = 20_000_000;

/**
 * Whether `s` is a hole of `o`: inside it, and more than a quarter of its height (the counter of
 * an "e" is about two fifths). A small letter inside a large shape is a letter cut out of a stamp,
 * not a hole. Of two shapes of one box, the first stands for both.
 */
function isHoleOf(s: FilledShape, o: FilledShape, oFirst: boolean): boolean {
  if (o.x0 > s.x0 || o.y0 > s.y0 || o.x1 < s.x1 || o.y1 < s.y1) return false;
  if (s.y1 - s.y0 <= 0.25 * (o.y1 - o.y0)) return false;
  return oFirst || o.x0 < s.x0 || o.y0 < s.y0 || o.x1 > s.x1 || o.y1 > s.y1;
}
