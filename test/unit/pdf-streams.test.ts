import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { shownLines, shownStrings } from '../../src/pdf/content-lexer.js';
import { undoPredictor } from '../../src/pdf/predictor.js';

/** PNG row filtering as the PNG specification writes it, each row with its own filter type. */
function pngPredict(data: Uint8Array, rowBytes: number, bpp: number, filters: number[]): Uint8Array {
  const rows = data.length / rowBytes;
  const out = new Uint8Array(rows * (rowBytes + 1));
  for (let r = 0; r < rows; r++) {
    const f = filters[r % filters.length]!;
    out[r * (rowBytes + 1)] = f;
    for (let i = 0; i < rowBytes; i++) {
      const x = data[r * rowBytes + i]!;
      const a = i >= bpp ? data[r * rowBytes + i - bpp]! : 0;
      const b = r > 0 ? data[(r - 1) * rowBytes + i]! : 0;
      const c = r > 0 && i >= bpp ? data[(r - 1) * rowBytes + i - bpp]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][f]!;
      out[r * (rowBytes + 1) + 1 + i] = (x - predicted) & 0xff;
    }
  }
  return out;
}

describe('undoPredictor', () => {
  it('gives back the bytes under every PNG filter, mixed row by row', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (colors, columns, rows, filters, bytes) => {
          const rowBytes = colors * columns;
          const data = Uint8Array.from(bytes.take(rowBytes * rows));
          const predicted = pngPredict(data, rowBytes, colors, filters);
          expect(undoPredictor(predicted, { predictor: 12, colors, bitsPerComponent: 8, columns })).toEqual(data);
        },
      ),
    );
  });

  it('reads a metadata stream written with the Up filter, as a PDF writer stores XMP', () => {
    const xmp = Buffer.from('<dc:creator>Mariam Traore</dc:creator>!!');
    const predicted = pngPredict(xmp, 8, 1, [2]);
    expect(Buffer.from(predicted).toString('latin1')).not.toContain('Traore');
    const back = undoPredictor(predicted, { predictor: 12, colors: 1, bitsPerComponent: 8, columns: 8 });
    expect(Buffer.from(back).toString('latin1')).toContain('Mariam Traore');
  });

  it('undoes TIFF predictor 2 and leaves data under no predictor as it is', () => {
    const tiff = Uint8Array.from([10, 1, 1, 1, 20, 2, 2, 2]);
    expect(undoPredictor(tiff, { predictor: 2, colors: 1, bitsPerComponent: 8, columns: 4 })).toEqual(
      Uint8Array.from([10, 11, 12, 13, 20, 22, 24, 26]),
    );
    expect(undoPredictor(tiff, { predictor: 1, colors: 1, bitsPerComponent: 8, columns: 4 })).toBe(tiff);
  });
});

describe('shownStrings', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  const read = (content: string) => shownStrings(latin1(content)).map((s) => Buffer.from(s).toString('latin1'));

  it('reads each operator its strings, escapes and hex decoded, a TJ array as one', () => {
    const content = [
      'BT /F1 12 Tf 72 700 Td',
      '(Tra\\157r\\351 \\(said\\)) Tj',
      '[(Mar) -20 (i) 30 (am)] TJ',
      '<54 72 61 6f72 65> Tj',
      '/Span <</ActualText (Witness)>> BDC (x) Tj EMC',
      '(line\\\ncontinued\\n) Tj',
      'ET',
    ].join('\n');
    expect(read(content)).toEqual(['Traoré (said)', 'Mariam', 'Traore', 'Witness', 'x', 'linecontinued\n']);
  });

  it('reads a large move to the right inside TJ as a space, as pdfTeX writes one', () => {
    expect(read('[(Robert)-333(Owen)] TJ [(Tra)-20(or)50(é)] TJ (x) -400 (y) Tj')).toEqual([
      'Robert Owen',
      'Traoré',
      'xy',
    ]);
  });

  it('ends inline image data only at EI followed by white space, a delimiter or the end', () => {
    expect(read('BI /W 2 /H 1 ID ab EIcd(ef EI BT (Ahmed) Tj (Saleh) Tj ET')).toEqual(['Ahmed', 'Saleh']);
    expect(read('BI /W 2 /H 1 ID ab EI(after) Tj')).toEqual(['after']);
  });

  it('reads the pieces of a line joined and each new line apart', () => {
    const content = [
      'BT 72 700 Td (Robert) Tj 0 -14 Td (Owen) Tj T* (x) Tj ET',
      'BT 1 0 0 1 72 650 Tm (Sa) Tj 20 0 Td (leh) Tj 1 0 0 1 90 650 Tm (!) Tj 1 0 0 1 72 630 Tm (next) Tj ET',
      "BT (a) Tj (b) ' ET",
    ].join('\n');
    expect(shownLines(Buffer.from(content, 'latin1'))).toEqual(['Robert', 'Owen', 'x', 'Saleh!', 'nexta', 'b']);
  });

  it('skips names, comments and the binary data of an inline image', () => {
    const content = 'q /Im0 Do % (not shown)\nBI /W 2 /H 1 /BPC 8 /CS /G ID \u0028\u00ff EI Q BT (after) Tj ET';
    expect(read(content)).toEqual(['after']);
  });
});
