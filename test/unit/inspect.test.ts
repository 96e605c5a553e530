import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { exifOrientation } from '../../src/load/exhibit-content.js';
import { eightBitCopy, inspectImage } from '../../src/pdf/inspect-image.js';
import {
  inspectPdf,
  jbig2PagePixels,
  pdfPageTexts,
  repairedCopy,
  type InspectionReport,
} from '../../src/pdf/inspect.js';
import { decodeSequentialJpeg } from '../../src/pdf/jpeg-sequential.js';
import { mupdf } from '../../src/pdf/mupdf-engine.js';
import {
  assemblePdf,
  damagedFlate,
  HELVETICA,
  jbig2PageInfo,
  jpeg12,
  onePagePdf,
  stream,
  textContent,
  withExifOrientation,
  withPngExif,
  withStrayBytes,
} from '../helpers/inspect-fixtures.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/inspect');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

const PAGE_TREE = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'];
const PAGE = (contents: string, extra = ''): string =>
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ' +
  `/Contents ${contents} ${extra}>>`;

function kinds(report: InspectionReport): string[] {
  return report.problems.map((p) => `${p.severity}:${p.what}`);
}

/** What a viewer would see, read back from a copy: it must open clean. */
function reinspect(bytes: Uint8Array): InspectionReport {
  const again = inspectPdf(bytes);
  expect(kinds(again).filter((k) => !k.startsWith('note:'))).toEqual([]);
  return again;
}

function gradient(width: number, height: number): InstanceType<typeof mupdf.Pixmap> {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, width, height], false);
  const pixels = pixmap.getPixels();
  const stride = pixmap.getStride();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * stride + x * 3] = (x * 4) & 255;
      pixels[y * stride + x * 3 + 1] = (y * 5) & 255;
      pixels[y * stride + x * 3 + 2] = 128;
    }
  }
  return pixmap;
}

const photo = gradient(64, 48);
const JPEG = photo.asJPEG(90, false).slice();
const PNG = photo.asPNG().slice();

describe('inspectPdf', () => {
  test('a sound one-page PDF is ok, with its text', () => {
    const report = inspectPdf(onePagePdf('Alpha exhibit'));
    expect(report.outcome).toBe('ok');
    expect(report.pages).toBe(1);
    expect(report.encryption).toBe('none');
    expect(report.problems).toEqual([]);
    expect(report.streams).toEqual({ checked: 1, undecodable: 0 });
    expect(report.text[0]).toContain('Alpha exhibit');
  });

  test('a content stream with damaged Flate data is named by page, and the repaired copy keeps what decodes', () => {
    const bytes = assemblePdf([
      ...PAGE_TREE,
      PAGE('4 0 R'),
      stream('/Filter /FlateDecode', damagedFlate(textContent('Beta survives'))),
      HELVETICA,
    ]);
    const report = inspectPdf(bytes);
    expect(report.outcome).toBe('repair');
    const problem = report.problems.find((p) => p.what === 'stream-undecodable');
    expect(problem).toMatchObject({ severity: 'repair', page: 1, object: 4 });
    expect(problem?.detail).toMatch(
      new RegExp(
        '^the content stream of page 1 is damaged and does not decode cleanly; ' +
          'the repaired copy keeps the \\d+ bytes a viewer reads from it$',
      ),
    );
    const copy = repairedCopy(bytes);
    expect(reinspect(copy).text[0]).toContain('Beta survives');
  });

  test('a damaged stream that nothing uses is only noted', () => {
    const bytes = assemblePdf([
      ...PAGE_TREE,
      PAGE('4 0 R'),
      stream('', textContent('Gamma')),
      HELVETICA,
      stream('/Filter /FlateDecode', 'not flate at all'),
    ]);
    const report = inspectPdf(bytes);
    expect(report.outcome).toBe('ok');
    expect(report.problems).toMatchObject([{ what: 'stream-undecodable', severity: 'note', object: 6 }]);
    expect(report.problems[0]?.page).toBeUndefined();
  });

  test('a damaged stream under a private key of the page is found too, since a merge copies every key', () => {
    const bytes = assemblePdf([
      ...PAGE_TREE,
      PAGE('4 0 R', '/Other 6 0 R'),
      stream('', textContent('Delta')),
      HELVETICA,
      stream('/Filter /LZWDecode', Buffer.alloc(64, 0xff)),
    ]);
    expect(inspectPdf(bytes).problems).toMatchObject([
      { what: 'stream-undecodable', severity: 'repair', page: 1, object: 6 },
    ]);
    reinspect(repairedCopy(bytes));
  });

  test('a broken cross-reference table is rebuilt and said so; the copy needs no repair', () => {
    const bytes = onePagePdf('Epsilon', { badXref: true });
    const report = inspectPdf(bytes);
    expect(kinds(report)).toEqual(['repair:repaired']);
    expect(report.problems[0]?.detail).toBe('the cross-reference table was damaged and has been rebuilt');
    expect(reinspect(repairedCopy(bytes)).text[0]).toContain('Epsilon');
  });

  test('regression: an incremental update whose /Contents is an indirect array is read whole', () => {
    const base = Buffer.from(onePagePdf('First part'));
    const startxref = Number(/startxref\n(\d+)/.exec(base.toString('latin1'))![1]);
    const objects: [number, Buffer][] = [
      [3, Buffer.from(PAGE('6 0 R'), 'latin1')],
      [6, Buffer.from('[4 0 R 7 0 R]', 'latin1')],
      [7, stream('', textContent('Second part', 650))],
    ];
    const parts: Buffer[] = [base];
    let size = base.length;
    const offsets = new Map<number, number>();
    for (const [num, body] of objects) {
      offsets.set(num, size);
      const chunk = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      parts.push(chunk);
      size += chunk.length;
    }
    const entry = (num: number): string => `${num} 1\n${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`;
    parts.push(
      Buffer.from(
        `xref\n${entry(3)}${entry(6)}${entry(7)}` +
          `trailer\n<< /Size 8 /Root 1 0 R /Prev ${startxref} >>\nstartxref\n${size}\n%%EOF\n`,
        'latin1',
      ),
    );
    const report = inspectPdf(new Uint8Array(Buffer.concat(parts)));
    expect(report.outcome).toBe('ok');
    expect(report.streams.checked).toBe(2);
    expect(report.text[0]).toContain('First part');
    expect(report.text[0]).toContain('Second part');
  });

  test('an empty user password is decrypted into the copy, with a note', () => {
    const bytes = fixture('encrypted-empty-user-password.pdf');
    const report = inspectPdf(bytes);
    expect(report.encryption).toBe('empty-password');
    expect(kinds(report)).toEqual(['repair:encrypted-empty-password']);
    expect(report.text[0]).toContain('Harbour master letter');
    const copy = reinspect(repairedCopy(bytes));
    expect(copy.encryption).toBe('none');
    expect(copy.text[0]).toContain('Harbour master letter');
  });

  test('a PDF that needs a password is refused, saying so, and is never called corrupt', () => {
    const bytes = fixture('encrypted-needs-password.pdf');
    const report = inspectPdf(bytes);
    expect(report.outcome).toBe('refuse');
    expect(report.encryption).toBe('needs-password');
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.detail).toMatch(/needs a password/);
    expect(report.problems[0]?.detail).not.toMatch(/corrupt/);
    expect(() => repairedCopy(bytes)).toThrow(/password/);
  });

  test('a file with no PDF in it is refused in plain words', () => {
    const report = inspectPdf(new Uint8Array(Buffer.from('oops\n')));
    expect(report.outcome).toBe('refuse');
    expect(report.problems[0]).toMatchObject({ what: 'unreadable', severity: 'refuse' });
    expect(report.problems[0]?.detail).not.toMatch(/error|xref|version marker/);
  });

  test('a page tree with a direct kid and a page listed twice is rebuilt, each page once', async () => {
    const bytes = assemblePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 3 0 R << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R ' +
        '/Resources << /Font << /F1 5 0 R >> >> >>] /Count 3 >>',
      PAGE('4 0 R'),
      stream('', textContent('Zeta')),
      HELVETICA,
    ]);
    const report = inspectPdf(bytes);
    expect(report.pages).toBe(3);
    expect(kinds(report)).toEqual(['repair:page-tree']);
    const copy = repairedCopy(bytes);
    reinspect(copy);
    const doc = await PDFDocument.load(copy, { updateMetadata: false, throwOnInvalidObject: true });
    const refs = doc.getPages().map((page) => page.ref.toString());
    expect(refs).toHaveLength(3);
    expect(new Set(refs).size).toBe(3);
  });

  test('a missing catalog is replaced by one for the page tree found in the file', () => {
    const bytes = assemblePdf([
      '<< /Producer (a broken writer) >>',
      PAGE_TREE[1]!,
      PAGE('4 0 R'),
      stream('', textContent('Eta')),
      HELVETICA,
    ]);
    const report = inspectPdf(bytes);
    expect(kinds(report)).toContain('repair:catalog-missing');
    expect(reinspect(repairedCopy(bytes)).text[0]).toContain('Eta');
  });

  test('regression: a stream whose keyword is followed by a space is copied at its declared length', () => {
    // MuPDF reads this stream a byte late; the file's own /Length holds together and wins.
    const odd = Buffer.from('<< /Length 12 >>\nstream \r\n(Theta) Tj \nendstream', 'latin1');
    const bytes = assemblePdf([
      ...PAGE_TREE,
      PAGE('[4 0 R 6 0 R 7 0 R]'),
      stream('', 'BT /F1 24 Tf 72 700 Td\n'),
      HELVETICA,
      odd,
      stream('', 'ET'),
    ]);
    const copy = repairedCopy(bytes);
    const doc = new mupdf.PDFDocument(copy);
    expect(doc.newIndirect(6).readStream().asString()).toBe('(Theta) Tj \n');
    expect(pdfPageTexts(copy)[0]).toContain('Theta');
  });

  test('a JBIG2 image that declares a huge page is refused without decoding it', () => {
    const bomb = stream(
      '/Type /XObject /Subtype /Image /Width 8 /Height 8 /BitsPerComponent 1 /Filter /JBIG2Decode',
      jbig2PageInfo(200_000, 200_000),
    );
    const bytes = assemblePdf(
      [...PAGE_TREE, PAGE('4 0 R', ''), stream('', 'q 8 0 0 8 0 0 cm /Im1 Do Q'), HELVETICA, bomb].map((o, i) =>
        i === 2 ? PAGE('4 0 R').replace('>> >>', '>> /XObject << /Im1 6 0 R >> >>') : o,
      ),
    );
    const report = inspectPdf(bytes);
    expect(report.outcome).toBe('refuse');
    expect(report.problems[0]).toMatchObject({ what: 'stream-too-large', page: 1, object: 6 });
    expect(jbig2PagePixels(jbig2PageInfo(300, 200))).toBe(60_000);
  });

  test("a scan's JPEG image is checked to its last coded block: a break or a cut is named by page", () => {
    const scan = (jpeg: Uint8Array) =>
      assemblePdf([
        ...PAGE_TREE,
        PAGE('4 0 R').replace('>> >>', '>> /XObject << /Im1 6 0 R >> >>'),
        stream('', 'q 64 0 0 48 0 0 cm /Im1 Do Q'),
        HELVETICA,
        stream(
          '/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 ' +
            '/Filter /DCTDecode',
          Buffer.from(jpeg),
        ),
      ]);
    const sound = inspectPdf(scan(JPEG));
    expect(sound.problems).toEqual([]);
    expect(sound.streams).toEqual({ checked: 2, undecodable: 0 });
    const broken = Buffer.from(JPEG);
    const at = broken.indexOf(Buffer.from([0xff, 0xda])) + 200;
    broken[at] = 0xff;
    broken[at + 1] = 0xd8;
    // A PNG under /DCTDecode (which MuPDF would open by its bytes) is what a viewer's DCT filter reads: nothing.
    for (const damaged of [broken, JPEG.subarray(0, Math.floor(JPEG.length * 0.7)), PNG]) {
      const report = inspectPdf(scan(new Uint8Array(damaged)));
      expect(report.problems).toEqual([
        expect.objectContaining({ page: 1, object: 6, detail: expect.stringMatching(/^the image stream of page 1/) }),
      ]);
    }
  });

  test("messages are in users' words: engine internals only in `technical`", () => {
    const reports = [
      inspectPdf(
        assemblePdf([...PAGE_TREE, PAGE('4 0 R'), stream('/Filter /FlateDecode', damagedFlate('x')), HELVETICA]),
      ),
      inspectPdf(onePagePdf('x', { badXref: true })),
      inspectPdf(new Uint8Array(Buffer.from('%PDF-1.4\ngarbage'))),
    ];
    for (const problem of reports.flatMap((r) => r.problems)) {
      expect(problem.detail).not.toMatch(/zlib|lzw|xref|fz_|pdf_|mupdf|syntax error|format error|\(\d+ 0 R\)/i);
    }
  });
});

describe('inspectImage', () => {
  test('a sound JPEG and PNG decode fully', () => {
    expect(inspectImage(JPEG, 'jpeg')).toMatchObject({
      outcome: 'ok',
      width: 64,
      height: 48,
      bitsPerComponent: 8,
      components: 3,
      orientation: 1,
      problems: [],
    });
    expect(inspectImage(PNG, 'png')).toMatchObject({
      outcome: 'ok',
      width: 64,
      height: 48,
      bitsPerComponent: 8,
      problems: [],
    });
  });

  test('a truncated JPEG is refused, although its header is whole', () => {
    const report = inspectImage(JPEG.subarray(0, Math.floor(JPEG.length * 0.7)), 'jpeg');
    expect(report.outcome).toBe('refuse');
    expect(report.width).toBe(64);
    expect(report.problems[0]).toMatchObject({
      what: 'truncated',
      detail: 'the JPEG is truncated: part of the picture is missing; ask for the original file again',
    });
  });

  test('a JPEG whose coded data a marker breaks is refused', () => {
    for (const marker of [0xd8, 0xc4, 0xe0]) {
      const bad = Buffer.from(JPEG);
      const at = bad.indexOf(Buffer.from([0xff, 0xda])) + 200;
      bad[at] = 0xff;
      bad[at + 1] = marker;
      const report = inspectImage(new Uint8Array(bad), 'jpeg');
      expect(report.outcome).toBe('refuse');
      expect(report.problems[0]?.severity).toBe('refuse');
    }
  });

  test('regression: a truncated PNG is refused at once, in plain words', () => {
    const started = Date.now();
    const report = inspectImage(PNG.subarray(0, Math.floor(PNG.length * 0.7)), 'png');
    expect(report.outcome).toBe('refuse');
    expect(report.problems[0]?.what).toBe('truncated');
    expect(report.problems[0]?.detail).not.toMatch(/offset|bounds|internal/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a PNG whose compressed data is damaged is refused as corrupt', () => {
    const bad = Buffer.from(PNG);
    const idat = bad.indexOf('IDAT', 0, 'latin1');
    for (let i = idat + 30; i < idat + 60; i++) bad[i] = bad[i]! ^ 0x5a;
    const report = inspectImage(new Uint8Array(bad), 'png');
    expect(report.outcome).toBe('refuse');
    expect(['corrupt', 'truncated']).toContain(report.problems[0]?.what);
  });

  test('regression: stray bytes between JPEG segments are tolerated as libjpeg does, with a note', () => {
    const report = inspectImage(withStrayBytes(JPEG), 'jpeg');
    expect(report.outcome).toBe('ok');
    expect(report.width).toBe(64);
    expect(report.problems).toMatchObject([{ what: 'stray-bytes', severity: 'note' }]);
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('EXIF orientation %i is read, in both byte orders', (orientation) => {
    expect(inspectImage(withExifOrientation(JPEG, orientation), 'jpeg').orientation).toBe(orientation);
    expect(inspectImage(withExifOrientation(JPEG, orientation, true), 'jpeg').orientation).toBe(orientation);
  });

  test('a PNG eXIf chunk gives the orientation', () => {
    const report = inspectImage(withPngExif(PNG, 6), 'png');
    expect(report).toMatchObject({ outcome: 'ok', orientation: 6 });
    expect(exifOrientation(new Uint8Array(8))).toBeUndefined();
  });

  test('a 12-bit JPEG needs an 8-bit copy, whose greys are the originals rounded to 8 bits', () => {
    const levels = [0, 1024, 2048, 3072, 4095, 500];
    const bytes = jpeg12(levels, 3, 2);
    expect(inspectImage(bytes, 'jpeg')).toMatchObject({
      outcome: 'convert',
      bitsPerComponent: 12,
      problems: [{ what: 'needs-8-bit-copy', severity: 'convert' }],
    });
    const copy = eightBitCopy(bytes);
    expect(copy.format).toBe('png');
    expect(inspectImage(copy.bytes, 'png')).toMatchObject({
      outcome: 'ok',
      width: 24,
      height: 16,
      bitsPerComponent: 8,
    });
    const pixmap = new mupdf.Image(copy.bytes).toPixmap();
    const pixels = pixmap.getPixels();
    const at = (bx: number, by: number): number => pixels[(by * 8 + 4) * pixmap.getStride() + bx * 8 + 4]!;
    expect([at(0, 0), at(1, 0), at(2, 0), at(0, 1), at(1, 1), at(2, 1)]).toEqual(
      levels.map((v) => Math.round((v * 255) / 4095)),
    );
  });

  test('a 12-bit JPEG written by the IJG encoder decodes to its source within rounding', () => {
    const bytes = fixture('gradient-12bit.jpg');
    expect(inspectImage(bytes, 'jpeg').outcome).toBe('convert');
    const decoded = decodeSequentialJpeg(bytes);
    expect(decoded).toMatchObject({ width: 40, height: 24, precision: 12, components: 1 });
    let error = 0;
    for (let y = 0; y < 24; y++) {
      for (let x = 0; x < 40; x++)
        error += Math.abs(decoded.samples[y * 40 + x]! - (Math.trunc(x * 100 + y * 60 + 300 * Math.sin(x / 3)) % 4096));
    }
    // Lossy at quality 75: the mean error stays within a couple of 12-bit levels.
    expect(error / (40 * 24)).toBeLessThan(3);
    expect(eightBitCopy(bytes, 'jpeg').format).toBe('jpeg');
  });

  test('a truncated 12-bit JPEG is refused', () => {
    const bytes = fixture('gradient-12bit.jpg');
    expect(inspectImage(bytes.subarray(0, bytes.length - 200), 'jpeg').problems[0]?.what).toBe('truncated');
  });

  test('the sequential decoder agrees with MuPDF (libjpeg) on an 8-bit baseline colour JPEG', () => {
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, '../exhibits/cases/ex/evidence/portrait.jpg')));
    const mine = decodeSequentialJpeg(bytes);
    const pixmap = new mupdf.Image(bytes).toPixmap();
    const reference = pixmap.getPixels();
    let error = 0;
    for (let y = 0; y < mine.height; y++) {
      for (let i = 0; i < mine.width * 3; i++)
        error += Math.abs(mine.samples[y * mine.width * 3 + i]! - reference[y * pixmap.getStride() + i]!);
    }
    expect(mine).toMatchObject({ width: 60, height: 40, precision: 8, components: 3 });
    // libjpeg's smooth chroma upsampling differs from replication by a level or so.
    expect(error / (mine.width * mine.height * 3)).toBeLessThan(2);
  });
});

describe('exifPlacement', () => {
  // Three by two pixels, each its own colour: any turn or mirror shows.
  const W = 3;
  const H = 2;
  const colour = (i: number, j: number): [number, number, number] => [40 + i * 80, 40 + j * 160, 200 - i * 40 - j * 60];
  // Where display pixel (X, Y) (0..1, from the top left) is stored, per orientation (TIFF 6.0).
  const stored: Record<number, (X: number, Y: number) => [number, number]> = {
    1: (X, Y) => [X, Y],
    2: (X, Y) => [1 - X, Y],
    3: (X, Y) => [1 - X, 1 - Y],
    4: (X, Y) => [X, 1 - Y],
    5: (X, Y) => [Y, X],
    6: (X, Y) => [Y, 1 - X],
    7: (X, Y) => [1 - Y, 1 - X],
    8: (X, Y) => [1 - Y, X],
  };

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i is shown upright (rendered with MuPDF)', async (orientation) => {
    const { exifPlacement } = await import('../../src/pdf/orientation.js');
    const [sw, sh] = orientation >= 5 ? [H, W] : [W, H];
    const camera = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, sw, sh], false);
    const pixels = camera.getPixels();
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < W; i++) {
        const [s, t] = stored[orientation]!((i + 0.5) / W, (j + 0.5) / H);
        const at = Math.floor(t * sh) * camera.getStride() + Math.floor(s * sw) * 3;
        pixels.set(colour(i, j), at);
      }
    }
    const doc = new mupdf.PDFDocument();
    const image = doc.addImage(new mupdf.Image(camera));
    const matrix = exifPlacement({ x: 0, y: 0, w: W * 10, h: H * 10 }, orientation).join(' ');
    const page = doc.addPage([0, 0, W * 10, H * 10], 0, { XObject: { Im: image } }, `q ${matrix} cm /Im Do Q`);
    doc.insertPage(-1, page);
    const shown = doc.loadPage(0).toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false);
    const out = shown.getPixels();
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < W; i++) {
        const at = (j * 10 + 5) * shown.getStride() + (i * 10 + 5) * shown.getNumberOfComponents();
        const got = [out[at]!, out[at + 1]!, out[at + 2]!];
        got.forEach((value, k) => expect(Math.abs(value - colour(i, j)[k]!)).toBeLessThan(24));
      }
    }
  });
});
