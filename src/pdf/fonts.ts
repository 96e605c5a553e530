import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CustomFontSubsetEmbedder, PDFFont, toHexStringOfMinLength, type PDFDocument } from 'pdf-lib';
import type { Face, FontKey, Measurer } from '../render/layout/types.js';

/**
 * DejaVu (dejavu-fonts-ttf): a serif for the text, with bold and italic, the sans for
 * Arabic script, which the serif lacks, and the sans mono for printed text files. All of
 * them subset cleanly through pdf-lib and fontkit.
 */
const FILES: Record<FontKey, string> = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  boldItalic: 'DejaVuSerif-BoldItalic.ttf',
  arabic: 'DejaVuSans.ttf',
  arabicBold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
};

// Fixed subset names: pdf-lib would otherwise add a random tag, and the bytes would differ per build.
export const SUBSET_NAMES: Record<FontKey, string> = {
  regular: 'CBAAAA+DejaVuSerif',
  bold: 'CBAAAB+DejaVuSerif-Bold',
  italic: 'CBAAAC+DejaVuSerif-Italic',
  boldItalic: 'CBAAAD+DejaVuSerif-BoldItalic',
  arabic: 'CBAAAE+DejaVuSans',
  arabicBold: 'CBAAAF+DejaVuSans-Bold',
  mono: 'CBAAAG+DejaVuSansMono',
};

export const FONT_KEYS = Object.keys(FILES) as FontKey[];

type FontkitFont = ReturnType<typeof fontkit.create>;

/** A glyph as fontkit's layout gives it: what measuring and encoding read. */
interface ShapedGlyph {
  id: number;
  advanceWidth: number;
}

/** One word shaped in one face: its width per point of size and its glyphs. */
interface Shaped {
  perPoint: number;
  glyphs: ShapedGlyph[];
}

/**
 * Words shaped beyond this many are forgotten and shaped again when met: a thread that builds a
 * whole repository keeps a bounded cache (about 10 MB at some 200 bytes a word; an Arabic run or
 * a long unbroken string is one entry too, and takes more), not every word it ever drew. The
 * three samples shape 1,655 words, the benchmark's 2,306-page dossier 705.
 */
const SHAPED_WORDS_KEPT = 50_000;

/** Font files read and parsed once per process, each face on its first use, shared by every dossier built in it. */
export class FontLibrary {
  private readonly files = new Map<FontKey, Uint8Array>();
  private readonly parsed = new WeakMap<Uint8Array, FontkitFont>();
  private readonly shapes = new Map<FontKey, Map<string, Shaped>>();
  private shapedWords = 0;
  private dir?: string;

  constructor(private readonly wordsKept = SHAPED_WORDS_KEPT) {}
  /** A fontkit that reuses parsed fonts: pdf-lib parses the file again for every document. */
  readonly fontkit = {
    create: (data: Uint8Array, postscriptName?: string): FontkitFont => {
      let font = this.parsed.get(data);
      if (!font) {
        font = fontkit.create(data as Buffer, postscriptName);
        this.parsed.set(data, font);
      }
      return font;
    },
  };

  /** The file of one face, read the first time a document uses it. */
  bytes(key: FontKey): Uint8Array {
    let data = this.files.get(key);
    if (!data) {
      this.dir ??= path.join(
        path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
        'ttf',
      );
      data = new Uint8Array(readFileSync(path.join(this.dir, FILES[key])));
      this.files.set(key, data);
    }
    return data;
  }

  /**
   * A word shaped by fontkit as pdf-lib 1.17 shapes it (its layout, no features asked for): the
   * width is what `widthOfTextAtSize` adds up, the glyphs what `encodeText` encodes. Shaped once
   * for every document of the thread, where pdf-lib lays a word out again to measure it and to
   * encode it, in every document (a fifth of a test run; 7 % of a 236-page build).
   */
  shape(key: FontKey, word: string): Shaped {
    let words = this.shapes.get(key);
    if (!words) this.shapes.set(key, (words = new Map()));
    let shaped = words.get(word);
    if (shaped === undefined) {
      const font = this.fontkit.create(this.bytes(key));
      const glyphs = font.layout(word).glyphs as unknown as ShapedGlyph[];
      // pdf-lib's arithmetic, in its order, so that every width is the same number to the last bit
      // (its final scaling by 1000 / 1000 at size 1000 is exact, and left out).
      const scale = 1000 / font.unitsPerEm;
      let total = 0;
      for (const glyph of glyphs) total += glyph.advanceWidth * scale;
      shaped = { perPoint: total / 1000, glyphs };
      if (this.shapedWords >= this.wordsKept) {
        for (const kept of this.shapes.values()) kept.clear();
        this.shapedWords = 0;
      }
      words.set(word, shaped);
      this.shapedWords++;
    }
    return shaped;
  }
}

// One per thread (each worker has its own copy of this module): a process that runs several
// builds, as a test runner does, reads and parses each face once, not once per build.
let shared: FontLibrary | undefined;

/** This thread's font library. */
export function fontLibrary(): FontLibrary {
  return (shared ??= new FontLibrary());
}

// pdf-lib's embedFont is async only because fontkit.create may be; the layout measures
// synchronously, so a face is embedded on its first use the way embedFont does it (pdf-lib 1.17).
const SubsetEmbedder = CustomFontSubsetEmbedder as unknown as new (
  font: FontkitFont,
  data: Uint8Array,
  name: string,
) => Parameters<typeof PDFFont.of>[2];

/**
 * Latin text shapes word by word (ligatures never cross a space, and pdf-lib applies no
 * kerning), so words and the spaces between them are measured and encoded apart. Arabic runs
 * stay whole: fontkit reorders them right to left.
 */
export function eachWord(text: string, font: FontKey, each: (word: string) => void): void {
  if (font === 'arabic' || font === 'arabicBold') {
    if (text !== '') each(text);
    return;
  }
  // What splitting at WORD_BREAK gives, without the arrays (the writer's inner loop): a run of
  // spaces, each digit, and the text between them.
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && (c < 0x30 || c > 0x39)) {
      i++;
      continue;
    }
    if (i > start) each(text.slice(start, i));
    let end = i + 1;
    if (c === 0x20) while (end < text.length && text.charCodeAt(end) === 0x20) end++;
    each(text.slice(i, end));
    start = i = end;
  }
  if (start < text.length) each(text.slice(start));
}

// Digits shape alone in DejaVu (no ligature or contextual form joins them to a neighbour), so
// page numbers and stamps, unique on every page, are measured and encoded digit by digit.
const WORD_BREAK = /( +|\d)/;

/** A text `words` would return whole (and not empty). */
function isOneWord(text: string, font: FontKey): boolean {
  return text !== '' && (font === 'arabic' || font === 'arabicBold' || !WORD_BREAK.test(text));
}

const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const ARABIC_WORD = `${ARABIC_SCRIPT.source}+`;
/** Arabic words with the spaces and joiners between them, captured so that split keeps them. */
const ARABIC_RUN = new RegExp(`(${ARABIC_WORD}(?:[\\s\\u200c\\u200d]+${ARABIC_WORD})*)`);
const ASCII = /^[\x20-\x7e]*$/;

/** What pdf-lib 1.17's subset embedder keeps of the glyphs it encodes (its encodeText, after the layout). */
interface SubsetState {
  subset: { includeGlyph(glyph: ShapedGlyph): number };
  glyphs: ShapedGlyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}

/** The fonts of one document: measures for the layout, encodes for the page. */
export class DocumentFonts implements Measurer {
  private readonly encodings = new Map<FontKey, Map<string, string>>();
  private readonly fonts = new Map<FontKey, PDFFont>();
  private readonly subsets = new Map<FontKey, SubsetState>();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly library: FontLibrary,
  ) {
    for (const key of FONT_KEYS) this.encodings.set(key, new Map());
  }

  static async embed(doc: PDFDocument, library: FontLibrary): Promise<DocumentFonts> {
    doc.registerFontkit(library.fontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
    return new DocumentFonts(doc, library);
  }

  /** A face, embedded in the document (and parsed in the process) the first time it is asked for. */
  font(key: FontKey): PDFFont {
    let font = this.fonts.get(key);
    if (!font) {
      const data = this.library.bytes(key);
      const embedder = new SubsetEmbedder(this.library.fontkit.create(data), data, SUBSET_NAMES[key]);
      this.subsets.set(key, embedder as unknown as SubsetState);
      font = PDFFont.of(this.doc.context.nextRef(), this.doc, embedder);
      (this.doc as unknown as { fonts: PDFFont[] }).fonts.push(font);
      this.fonts.set(key, font);
    }
    return font;
  }

  /** The faces drawn with so far, in the order of first use. */
  used(): FontKey[] {
    return [...this.fonts.keys()];
  }

  fontRuns(text: string, face: Face): { text: string; font: FontKey }[] {
    if (ASCII.test(text) || !ARABIC_SCRIPT.test(text)) return [{ text, font: face }];
    const arabic: FontKey = face === 'bold' || face === 'boldItalic' ? 'arabicBold' : 'arabic';
    const runs: { text: string; font: FontKey }[] = [];
    // Spaces and punctuation between Arabic letters stay with them, so a name shapes as one run.
    for (const part of text.split(ARABIC_RUN)) {
      if (part === '') continue;
      // White space keeps the font of the text before it, so an Arabic name stays one run.
      const font = ARABIC_SCRIPT.test(part) ? arabic : part.trim() === '' && runs.length > 0 ? runs.at(-1)!.font : face;
      const last = runs.at(-1);
      if (last && last.font === font) last.text += part;
      else runs.push({ text: part, font });
    }
    return runs;
  }

  width(text: string, font: FontKey, size: number): number {
    // Most texts measured are one word: measured without splitting (the layout's inner loop).
    if (isOneWord(text, font)) return this.wordWidth(text, font) * size;
    let perPoint = 0;
    eachWord(text, font, (word) => (perPoint += this.wordWidth(word, font)));
    return perPoint * size;
  }

  /** The text as hex glyph ids, shaped by fontkit (Arabic joined, right to left). */
  encode(text: string, font: FontKey): string {
    if (isOneWord(text, font)) return `<${this.wordHex(text, font)}>`;
    let hex = '';
    eachWord(text, font, (word) => (hex += this.wordHex(word, font)));
    return `<${hex}>`;
  }

  // Shaping whole lines would cost a fontkit layout per line; words repeat, lines do not.
  private wordWidth(word: string, font: FontKey): number {
    // The face joins the document when first measured, as it did when pdf-lib measured the word:
    // the order of the fonts in the file stays that of their first use.
    this.font(font);
    return this.library.shape(font, word).perPoint;
  }

  /** The word's glyph ids in this document's subset of the face, as encodeText gives them. */
  private wordHex(word: string, font: FontKey): string {
    const cache = this.encodings.get(font)!;
    let hex = cache.get(word);
    if (hex === undefined) {
      const pdfFont = this.font(font);
      const state = this.subsets.get(font)!;
      hex = '';
      for (const glyph of this.library.shape(font, word).glyphs) {
        const id = state.subset.includeGlyph(glyph);
        state.glyphs[id - 1] = glyph;
        state.glyphIdMap.set(glyph.id, id);
        hex += toHexStringOfMinLength(id, 4);
      }
      state.glyphCache.invalidate();
      // As PDFFont.encodeText marks it: a face given new glyphs is embedded again on the next flush.
      (pdfFont as unknown as { modified: boolean }).modified = true;
      cache.set(word, hex);
    }
    return hex;
  }
}
