import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { eachWord } from '../../src/pdf/fonts.js';

const wordsOf = (text: string, font: 'regular' | 'arabic') => {
  const words: string[] = [];
  eachWord(text, font, (word) => words.push(word));
  return words;
};

describe('the words a text is measured and encoded by', () => {
  it('are a run of spaces, each digit, and the text between them, whatever the text', () => {
    const char = fc.constantFrom(' ', ' ', '0', '7', '9', 'a', 'Z', '-', '/', 'é', '\u00a0', '\u0661', 'ش', '\t');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        // What the text splits into at /( +|\d)/, the rule the shaping cache was written for.
        expect(wordsOf(text, 'regular')).toEqual(text.split(/( +|\d)/).filter((w) => w !== ''));
        expect(wordsOf(text, 'regular').join('')).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('keep an Arabic run whole, so fontkit can join and reorder it', () => {
    expect(wordsOf('قال  أحمد 12', 'arabic')).toEqual(['قال  أحمد 12']);
    expect(wordsOf('', 'arabic')).toEqual([]);
    expect(wordsOf('page 12 of 300', 'regular')).toEqual(['page', ' ', '1', '2', ' ', 'of', ' ', '3', '0', '0']);
  });
});
