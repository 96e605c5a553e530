import { describe, expect, it } from '@jest/globals';
import { filledShapes, outlinedWord, type FilledShape, type PathSteps } from '../../src/pdf/outlined-letters.js';

/** A shape of a letter's kind: an outline with curves, `w` wide and `h` tall, its top left at (x, y). */
const letter = (x: number, y: number, w = 7, h = 10): FilledShape => ({
  x0: x,
  y0: y,
  x1: x + w,
  y1: y + h,
  points: 13,
  curves: 4,
});
/** A bare rectangle: a form's box, a table cell, a bar. */
const box = (x: number, y: number, w = 10, h = 10): FilledShape => ({ ...letter(x, y, w, h), points: 5, curves: 0 });

describe('letters drawn as outlines', () => {
  it('are found as a row of letter-sized shapes side by side on one line', () => {
    const word = [letter(72, 100), letter(80, 100), letter(88, 102, 6, 8), letter(95, 100, 7, 13)];
    expect(outlinedWord(word)).toHaveLength(4);
    // The order they were drawn in does not matter.
    expect(outlinedWord([...word].reverse())).toHaveLength(4);
  });

  it('are found among other drawings, a word gap apart, with an "I" drawn as a rectangle between them', () => {
    const shapes = [box(10, 10, 400, 20), letter(72, 100), letter(80, 100), box(88, 100, 2, 10), letter(92, 100)];
    expect(outlinedWord(shapes)).toEqual([shapes[1], shapes[2], shapes[3], shapes[4]]);
  });

  it('are not found in two letters, in a column of bullets, in a row of form boxes or far apart', () => {
    expect(outlinedWord([letter(72, 100), letter(80, 100)])).toBeUndefined();
    expect(outlinedWord([letter(72, 100), letter(72, 120), letter(72, 140), letter(72, 160)])).toBeUndefined();
    expect(outlinedWord([box(72, 100), box(84, 100), box(96, 100), box(108, 100)])).toBeUndefined();
    expect(outlinedWord([letter(72, 100), letter(100, 100), letter(128, 100)])).toBeUndefined();
    // On one line but a heading's letter next to a footnote's: not one word.
    expect(outlinedWord([letter(72, 100, 3, 3.2), letter(76, 97, 20, 30), letter(97, 100, 3, 3.2)])).toBeUndefined();
    // A band across the page and a shape the size of the page are no letters.
    expect(outlinedWord([letter(0, 0, 500, 40), letter(0, 0, 595, 842), letter(10, 10, 200, 30)])).toBeUndefined();
  });

  it('are one shape each, the holes of an "o" or an "A" not counted apart, in the page\'s space', () => {
    // An "o": its outline, and its hole inside it, in one path, drawn at twice its size and moved.
    const o: PathSteps = {
      walk: (w) => {
        w.moveTo(0, 0);
        w.curveTo(0, 5, 8, 5, 8, 0);
        w.curveTo(8, -5, 0, -5, 0, 0);
        w.closePath();
        w.moveTo(2, 0);
        w.curveTo(2, 2, 6, 2, 6, 0);
        w.curveTo(6, -2, 2, -2, 2, 0);
        w.closePath();
      },
    };
    const shapes = filledShapes(o, [2, 0, 0, 2, 100, 50]);
    expect(shapes).toHaveLength(1);
    expect(shapes[0]).toMatchObject({ x0: 100, x1: 116, y0: 40, y1: 60, curves: 2 });
  });

  it('are found with thin letters drawn as rectangles ("Hill"), but not in a row of bars', () => {
    const stem = (x: number) => box(x, 100, 2, 10);
    expect(outlinedWord([letter(72, 100), stem(81), stem(85), stem(89)])).toHaveLength(4);
    expect(outlinedWord([stem(72), stem(76), stem(80), stem(84), stem(88)])).toBeUndefined();
  });

  it('are found turned a quarter with thin letters among them ("Bilal" up a margin)', () => {
    // Turned, a stem lies down: 10 long across the line, 1.2 thick along it.
    const lying = (y: number): FilledShape => ({ ...box(30, y, 10, 1.2) });
    const word = [letter(30, 400, 10, 7), lying(408), lying(410.5), letter(30, 413, 10, 6), lying(420)];
    expect(
      filledShapes(
        {
          walk: (w) => (w.moveTo(30, 408), w.lineTo(40, 408), w.lineTo(40, 409.2), w.lineTo(30, 409.2), w.closePath()),
        },
        [1, 0, 0, 1, 0, 0],
      ),
    ).toHaveLength(1);
    expect(outlinedWord(word)).toHaveLength(5);
  });

  it('are found turned a quarter, as a name written up a margin', () => {
    // Each letter 10 wide across the line and 7 along it, one above the other.
    expect(outlinedWord([letter(30, 400, 10, 7), letter(30, 408, 10, 7), letter(30, 416, 10, 7)])).toHaveLength(3);
  });

  it('are taken for found on a page of too many shapes to search, and the search ends', () => {
    // A column of 10,000 dots, each far from the next: every one is compared with every later one.
    const dots = Array.from({ length: 10_000 }, (_, k) => letter(72 + (k % 3) * 0.01, 20 * k));
    expect(outlinedWord(dots)).toBe('dense');
  });

  it("cut out of a stamp are letters, not the stamp's holes", () => {
    // One path: a round stamp 60 points across, and five letters 10 points tall inside it.
    const stamp: PathSteps = {
      walk: (w) => {
        w.moveTo(0, 30);
        w.curveTo(0, 60, 60, 60, 60, 30);
        w.curveTo(60, 0, 0, 0, 0, 30);
        w.closePath();
        for (let k = 0; k < 5; k++) {
          w.moveTo(8 + k * 9, 26);
          w.curveTo(8 + k * 9, 36, 14 + k * 9, 36, 14 + k * 9, 26);
          w.lineTo(8 + k * 9, 26);
          w.closePath();
        }
      },
    };
    const shapes = filledShapes(stamp, [1, 0, 0, 1, 0, 0]);
    expect(shapes).toHaveLength(6);
    expect(outlinedWord(shapes)).toHaveLength(5);
  });

  it("are placed by the path's whole matrix, turned as well as moved", () => {
    const square: PathSteps = {
      walk: (w) => {
        w.moveTo(0, 0);
        w.lineTo(8, 0);
        w.curveTo(8, 2, 8, 2, 8, 10);
        w.lineTo(0, 10);
        w.closePath();
      },
    };
    // A quarter turn: x' = -y + 100, y' = x + 50.
    expect(filledShapes(square, [0, 1, -1, 0, 100, 50])[0]).toMatchObject({ x0: 90, x1: 100, y0: 50, y1: 58 });
  });

  it('tell a rectangle named with points along its sides from a slanted stem', () => {
    // A horizontal rule's stroke taken as a clip: its ends' midpoints are points of the outline.
    const rule = (y: number): PathSteps => ({
      walk: (w) => {
        w.moveTo(556, y + 1.7);
        w.lineTo(556, y + 3.3);
        w.lineTo(490, y + 3.3);
        w.lineTo(490, y + 1.7);
        w.lineTo(490, y);
        w.lineTo(556, y);
        w.closePath();
      },
    });
    const italicL: PathSteps = {
      walk: (w) => {
        w.moveTo(100, 100);
        w.lineTo(101.5, 100);
        w.lineTo(104, 110);
        w.lineTo(102.5, 110);
        w.closePath();
      },
    };
    expect(filledShapes(rule(200), [1, 0, 0, 1, 0, 0])[0]?.box).toBe(true);
    expect(filledShapes(italicL, [1, 0, 0, 1, 0, 0])[0]?.box).toBe(false);
    // Stacked rules of a table, turned, are stems side by side: no word without a shaped letter.
    const rules = [200, 241, 270, 299, 328].flatMap((y) => filledShapes(rule(y), [0, 1, -1, 0, 800, 0]));
    expect(outlinedWord(rules)).toBeUndefined();
  });
});
