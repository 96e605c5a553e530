import fc from 'fast-check';
import { pdfNumber } from '../../src/pdf/numbers.js';

// What the writer wrote before: the same text, so the same bytes in every content stream.
const reference = (value: number) => String(Math.round(value * 100) / 100);

describe('numbers in content streams', () => {
  it('are written as String writes the value rounded to two decimals', () => {
    fc.assert(
      // Page coordinates, and any double at all.
      fc.property(fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ noNaN: true })), (value) => {
        expect(pdfNumber(value)).toBe(reference(value));
      }),
      { numRuns: 5000 },
    );
    // Where doubles are more than a cent apart, infinities, page coordinates, colours, the edges of rounding.
    for (const value of [
      70368744177664.09375,
      -70368744177664.09375,
      9e13 + 0.125,
      1e15 + 0.5,
      Infinity,
      -Infinity,
      NaN,
      0,
      -0,
      0.004,
      -0.004,
      0.005,
      -0.005,
      1.005,
      12.1,
      -12.1,
      0.1,
      -0.01,
      99.999,
      595.28,
      841.89,
    ])
      expect(pdfNumber(value)).toBe(reference(value));
    const differ: number[] = [];
    for (let cents = -100000; cents <= 100000; cents++)
      if (pdfNumber(cents / 100) !== reference(cents / 100)) differ.push(cents / 100);
    expect(differ).toEqual([]);
  });
});
