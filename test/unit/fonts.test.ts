import { describe, expect, it } from '@jest/globals';
import fontkit from '@pdf-lib/fontkit';
import fc from 'fast-check';
import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  PDFHexString,
  setFontAndSize,
  showText,
  type PDFFont,
} from 'pdf-lib';
import { DocumentFonts, eachWord, FontLibrary, SUBSET_NAMES } from '../../src/pdf/fonts.js';
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

  // Each word drawn with its glyph ids on one page, each face under the same resource name in
  // every document: files that differ only in how their fonts measured and encoded the words.
  async function drawn(doc: PDFDocument, fontOf: (face: FontKey) => PDFFont, hex: string[]) {
    const page = doc.addPage([400, 400]);
    for (const [i, [face]] of WORDS.entries()) {
      const font = fontOf(face);
      const name = page.node.newFontDictionary(font.name, font.ref);
      page.pushOperators(
        beginText(),
        setFontAndSize(name, SIZE),
        moveText(10, 380 - i * 12),
        showText(PDFHexString.of(hex[i]!)),
        endText(),
      );
    }
    return doc.save({ useObjectStreams: false });
  }

  // What pdf-lib 1.17 measures and encodes with its own subset embedder, in a fresh document.
  async function pdfLibs(library: FontLibrary) {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    const faces = new Map<FontKey, PDFFont>();
    const widths: number[] = [];
    const hex: string[] = [];
    for (const [face, word] of WORDS) {
      if (!faces.has(face))
        faces.set(face, await doc.embedFont(library.bytes(face), { subset: true, customName: SUBSET_NAMES[face] }));
      // The writer measures a word per point of size, at 1000 / 1000, and scales it to the size.
      widths.push((faces.get(face)!.widthOfTextAtSize(word, 1000) / 1000) * SIZE);
      hex.push(faces.get(face)!.encodeText(word).toString().slice(1, -1));
    }
    return { widths, hex, bytes: await drawn(doc, (face) => faces.get(face)!, hex) };
  }

  async function ours(library: FontLibrary, words = WORDS) {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await DocumentFonts.embed(doc, library);
    const widths = words.map(([face, word]) => fonts.width(word, face, SIZE));
    const hex = words.map(([face, word]) => fonts.encode(word, face).slice(1, -1));
    // A document that shaped other words draws nothing: it only warms the library.
    const bytes = words === WORDS ? await drawn(doc, (face) => fonts.font(face), hex) : undefined;
    return { widths, hex, bytes };
  }

  it("measure, encode and embed a word as pdf-lib's embedder does, whichever document shaped it first", async () => {
    const reference = await pdfLibs(new FontLibrary());
    const fresh = await ours(new FontLibrary());
    expect(fresh.widths).toEqual(reference.widths);
    expect(fresh.hex).toEqual(reference.hex);
    // The same file: the subsets, their widths and their ToUnicode maps hold the same glyphs.
    expect(Buffer.compare(fresh.bytes!, reference.bytes)).toBe(0);

    // A library that shaped the words for another document first, in another order and with
    // other words between them: the next document's widths, glyph ids and file are the same.
    const warm = new FontLibrary();
    await ours(warm, [...WORDS].reverse().concat([['regular', 'Lampedusa']]));
    const again = await ours(warm);
    expect(again.widths).toEqual(reference.widths);
    expect(again.hex).toEqual(reference.hex);
    expect(Buffer.compare(again.bytes!, reference.bytes)).toBe(0);

    // One that forgets its words every two: shaped again, the same.
    const forgetful = new FontLibrary(2);
    await ours(forgetful);
    const reshaped = await ours(forgetful);
    expect(reshaped.widths).toEqual(reference.widths);
    expect(reshaped.hex).toEqual(reference.hex);
    expect(Buffer.compare(reshaped.bytes!, reference.bytes)).toBe(0);
  });
});
