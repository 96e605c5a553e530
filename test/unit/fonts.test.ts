import { describe, expect, it } from '@jest/globals';
import fontkit from '@pdf-lib/fontkit';
import fc from 'fast-check';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { DocumentFonts, eachWord, FontLibrary } from '../../src/pdf/fonts.js';
import type { FontKey } from '../../src/render/layout/types.js';

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

describe('words shaped once for every document of the thread', () => {
  // Single words, Arabic whole: pdf-lib shapes what it is given whole, the writer word by word.
  const WORDS: [FontKey, string][] = [
    ['regular', 'Zuwara'],
    ['regular', 'office'], // the "ffi" ligature of DejaVu Serif
    ['regular', 'soft\u00adhyphen'], // a default-ignorable character, hidden by fontkit
    ['regular', 'e\u0301'], // a combining accent
    ['bold', 'Sea-Rescuer'],
    ['italic', 'fermo'],
    ['regular', '7'],
    ['regular', ' '],
    ['arabic', 'مرحبا بالعالم'],
    ['mono', 'sha256:9f'],
    ['regular', 'Zuwara'],
  ];
  const SIZE = 11;

  // What pdf-lib 1.17 measures and encodes with its own subset embedder, in a fresh document.
  async function pdfLibs(library: FontLibrary) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const faces = new Map<FontKey, PDFFont>();
    const widths: number[] = [];
    const hex: string[] = [];
    for (const [face, word] of WORDS) {
      if (!faces.has(face)) faces.set(face, await doc.embedFont(library.bytes(face), { subset: true }));
      // The writer measures a word per point of size, at 1000 / 1000, and scales it to the size.
      widths.push((faces.get(face)!.widthOfTextAtSize(word, 1000) / 1000) * SIZE);
      hex.push(faces.get(face)!.encodeText(word).toString());
    }
    return { widths, hex };
  }

  async function ours(library: FontLibrary, words = WORDS) {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await DocumentFonts.embed(doc, library);
    const widths = words.map(([face, word]) => fonts.width(word, face, SIZE));
    const hex = words.map(([face, word]) => fonts.encode(word, face));
    const page = doc.addPage();
    // Every face used, so that each subset is written into the file.
    for (const [i, [face]] of words.entries())
      page.drawText('', { font: fonts.font(face), size: SIZE, y: 700 - i * 12 });
    return { widths, hex, bytes: await doc.save({ useObjectStreams: false }) };
  }

  it("measure and encode a word as pdf-lib's own embedder does, whichever document shaped it first", async () => {
    const reference = await pdfLibs(new FontLibrary());
    const fresh = await ours(new FontLibrary());
    expect(fresh.widths).toEqual(reference.widths);
    expect(fresh.hex).toEqual(reference.hex);

    // A library that shaped the words for another document first, in another order and with
    // other words between them: the next document's widths, glyph ids and file are the same.
    const warm = new FontLibrary();
    await ours(warm, [...WORDS].reverse().concat([['regular', 'Lampedusa']]));
    const again = await ours(warm);
    expect(again.widths).toEqual(reference.widths);
    expect(again.hex).toEqual(reference.hex);
    expect(Buffer.compare(again.bytes, fresh.bytes)).toBe(0);

    // One that forgets its words every two: shaped again, the same.
    const forgetful = new FontLibrary(2);
    await ours(forgetful);
    const reshaped = await ours(forgetful);
    expect(reshaped.widths).toEqual(reference.widths);
    expect(Buffer.compare(reshaped.bytes, fresh.bytes)).toBe(0);
  });
});
