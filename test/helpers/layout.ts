import type { FontKey, Measurer } from '../../src/render/layout/types.js';

/** A monospaced measurer: every character is half the font size wide. Enough to test layout alone. */
export const monospace: Measurer = {
  fontRuns: (text, face) => [{ text, font: face as FontKey }],
  width: (text, _font, size) => [...text].length * size * 0.5,
};
