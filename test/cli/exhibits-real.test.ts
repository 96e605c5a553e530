import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { getDocument } from '../helpers/pdfjs.js';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { captured, mupdf } from '../../src/pdf/mupdf-engine.js';
import {
  assemblePdf,
  damagedFlate,
  HELVETICA,
  stream,
  textContent,
  withExifOrientation,
  withPngExif,
  withStrayBytes,
} from '../helpers/inspect-fixtures.js';
import { readPdf, type PdfReadback } from '../helpers/pdf.js';
import { fixture, positionOf, projectRoot, run, validateJson, write } from '../helpers/repo.js';

/**
 * Exhibits as lawyers receive them, made by hand (never taken from the corpus): annotated and
 * linked pages, forms, damaged streams, indirect content arrays, encrypted files, truncated and
 * turned photos, a 12-bit JPEG. One case holds every exhibit that must be built; the refusals
 * are built one at a time.
 */
const INCIDENT = 'cases/ex/incidents/detention.yaml';
const INSPECT = path.join(projectRoot, 'test/fixtures/inspect');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const PAGE_SIZE = [595, 842] as const;

/** Two pages: a square annotation, a highlight, a link to page 2 and one by name, an outline entry. */
function annotatedPdf(): Uint8Array {
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R /Names << /Dests 12 0 R >> /Outlines 13 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> ' +
      '/Contents 5 0 R /Annots [8 0 R 9 0 R 10 0 R 11 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>',
    stream('', `${textContent('Annotated first page')} 0 0 1 rg 100 600 100 100 re f`),
    stream('', textContent('Second page of the order')),
    HELVETICA,
    '<< /Type /Annot /Subtype /Square /Rect [100 600 200 700] /C [1 0 0] /Contents (a square) /P 3 0 R >>',
    '<< /Type /Annot /Subtype /Link /Rect [72 500 300 520] /Border [0 0 0] /Dest [4 0 R /XYZ 72 700 0] >>',
    '<< /Type /Annot /Subtype /Link /Rect [72 450 300 470] /Border [0 0 0] /A << /S /GoTo /D (chapter2) >> >>',
    '<< /Type /Annot /Subtype /Highlight /Rect [72 690 300 730] /QuadPoints [72 730 300 730 72 690 300 690] ' +
      '/C [1 1 0] >>',
    '<< /Names [(chapter2) [4 0 R /Fit]] >>',
    '<< /Type /Outlines /First 14 0 R /Last 14 0 R /Count 1 >>',
    '<< /Title (Chapter two) /Parent 13 0 R /Dest (chapter2) >>',
  ]);
}

/**
 * One page with a text field filled with `value`: its appearance stream is empty and the form
 * asks viewers to draw it (/NeedAppearances), as LibreOffice writes forms.
 */
function formPdf(value: string): Uint8Array {
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /NeedAppearances true ' +
      '/DA (/Helv 12 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ' +
      '/Contents 4 0 R /Annots [6 0 R] >>',
    stream('', textContent('Name of the master:', 720)),
    HELVETICA,
    `<< /Type /Annot /Subtype /Widget /FT /Tx /T (master) /V (${value}) /Rect [300 712 500 736] /P 3 0 R ` +
      '/F 4 /AP << /N 7 0 R >> >>',
    stream('/Type /XObject /Subtype /Form /BBox [0 0 200 24]', '/Tx BMC EMC'),
  ]);
}

/** A page whose Flate content stream is damaged half way: only a repair can show it. */
function damagedPdf(): Uint8Array {
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('/Filter /FlateDecode', damagedFlate(textContent('Damaged but readable'))),
    HELVETICA,
  ]);
}

/** An incremental update whose page /Contents is an indirect array of two streams. */
function indirectContentsPdf(): { bytes: Uint8Array; streams: Buffer[] } {
  const first = textContent('First part of the log', 700);
  const second = textContent('Second part of the log', 650);
  const base = Buffer.from(
    assemblePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ' +
        '/Contents 4 0 R >>',
      stream('/Filter /FlateDecode', deflateSync(first)),
      HELVETICA,
    ]),
  );
  const startxref = Number(/startxref\n(\d+)/.exec(base.toString('latin1'))![1]);
  const objects: [number, Buffer][] = [
    [
      3,
      Buffer.from(
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ' +
          '/Contents 6 0 R >>',
        'latin1',
      ),
    ],
    [6, Buffer.from('[4 0 R 7 0 R]', 'latin1')],
    [7, stream('', second)],
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
  const entry = (num: number) => `${num} 1\n${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`;
  parts.push(
    Buffer.from(
      `xref\n${entry(3)}${entry(6)}${entry(7)}trailer\n<< /Size 8 /Root 1 0 R /Prev ${startxref} >>\n` +
        `startxref\n${size}\n%%EOF\n`,
      'latin1',
    ),
  );
  return { bytes: new Uint8Array(Buffer.concat(parts)), streams: [deflateSync(first), Buffer.from(second)] };
}

// A picture whose corners tell every turn and mirror apart: red top left, green top right, blue below.
const W = 40;
const H = 60;
const upright = (x: number, y: number): [number, number, number] =>
  y < H / 2 ? (x < W / 2 ? [230, 20, 20] : [20, 200, 20]) : [20, 20, 220];
// Where display pixel (X, Y) (0..1, from the top left) is stored, per orientation (TIFF 6.0).
const STORED: Record<number, (X: number, Y: number) => [number, number]> = {
  5: (X, Y) => [Y, X],
  6: (X, Y) => [Y, 1 - X],
  7: (X, Y) => [1 - Y, 1 - X],
};

/** The picture as a camera held at `orientation` stores it, as a JPEG (or PNG) with that EXIF tag. */
function turnedPhoto(orientation: number, format: 'jpeg' | 'png' = 'jpeg'): Uint8Array {
  const [sw, sh] = [H, W];
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, sw, sh], false);
  const pixels = pixmap.getPixels();
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [s, t] = STORED[orientation]!((x + 0.5) / W, (y + 0.5) / H);
      pixels.set(upright(x, y), Math.floor(t * sh) * pixmap.getStride() + Math.floor(s * sw) * 3);
    }
  }
  if (format === 'png') return withPngExif(pixmap.asPNG().slice(), orientation);
  return withExifOrientation(pixmap.asJPEG(95, false).slice(), orientation);
}

function plainPhoto(format: 'jpeg' | 'png'): Uint8Array {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, 64, 48], false);
  const pixels = pixmap.getPixels();
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
  return format === 'png' ? pixmap.asPNG().slice() : pixmap.asJPEG(90, false).slice();
}

const EXHIBITS: { file: string; kind: string; description: string; bytes: () => Uint8Array }[] = [
  { file: 'annotated.pdf', kind: 'document', description: 'Annotated order', bytes: annotatedPdf },
  { file: 'form-a.pdf', kind: 'document', description: 'Form of the first master', bytes: () => formPdf('Alice') },
  { file: 'form-b.pdf', kind: 'document', description: 'Form of the second master', bytes: () => formPdf('Bob') },
  { file: 'damaged.pdf', kind: 'document', description: 'Damaged letter', bytes: damagedPdf },
  { file: 'log.pdf', kind: 'document', description: 'Log updated in place', bytes: () => indirectContentsPdf().bytes },
  {
    file: 'empty-password.pdf',
    kind: 'document',
    description: 'Letter encrypted without a password',
    bytes: () => new Uint8Array(readFileSync(path.join(INSPECT, 'encrypted-empty-user-password.pdf'))),
  },
  { file: 'turned-5.jpg', kind: 'photo', description: 'Photo transposed', bytes: () => turnedPhoto(5) },
  { file: 'turned-7.jpg', kind: 'photo', description: 'Photo transversed', bytes: () => turnedPhoto(7) },
  { file: 'turned-6.png', kind: 'photo', description: 'PNG turned by eXIf', bytes: () => turnedPhoto(6, 'png') },
  { file: 'stray.jpg', kind: 'photo', description: 'Photo with stray bytes', bytes: () => withStray() },
  {
    file: 'gradient-12bit.jpg',
    kind: 'photo',
    description: 'Scan with 12 bits per channel',
    bytes: () => new Uint8Array(readFileSync(path.join(INSPECT, 'gradient-12bit.jpg'))),
  },
];

function withStray(): Uint8Array {
  return withStrayBytes(plainPhoto('jpeg'));
}

/** The exhibits fixture with these evidence files in place of its own. */
function caseWith(exhibits: { file: string; kind: string; description: string; bytes: () => Uint8Array }[]): string {
  const repo = fixture('exhibits');
  for (const e of exhibits) write(repo, `cases/ex/evidence/${e.file}`, e.bytes());
  const list = exhibits
    .map((e, i) => `  - { id: X${i + 1}, file: evidence/${e.file}, kind: ${e.kind}, description: ${e.description} }\n`)
    .join('');
  const incident = path.join(repo, INCIDENT);
  const text = readFileSync(incident, 'utf8');
  writeFileSync(incident, text.replace(/evidence:\n[\s\S]*?(?=detention:)/, `evidence:\n${list}`));
  return repo;
}

let repo: string;
let bytes: Uint8Array;
let pdf: PdfReadback;
let manifest: {
  exhibits: { number: number; file: string; sha256: string; pages: [number, number]; shown_sha256?: string }[];
};
let stderr: string;
/** First merged page (1-based) of the exhibit that is the file named. */
const firstPage = (file: string) => manifest.exhibits.find((e) => e.file === `evidence/${file}`)!.pages[0] + 1;
const numberOf = (file: string) => manifest.exhibits.find((e) => e.file === `evidence/${file}`)!.number;

beforeAll(async () => {
  repo = caseWith(EXHIBITS);
  const result = await run(repo, ['build', '--jobs', '1']);
  stderr = result.stderr;
  expect(result.status).toBe(0);
  bytes = new Uint8Array(readFileSync(path.join(repo, 'dossiers/ex.pdf')));
  pdf = await readPdf(bytes);
  manifest = JSON.parse(readFileSync(path.join(repo, 'dossiers/ex.manifest.json'), 'utf8'));
}, 90_000);

/** The shrink every merged A4 page gets: about its top centre, freeing 42 pt at its foot. */
function shrunk([x1, y1, x2, y2]: number[]): number[] {
  const [width, height] = PAGE_SIZE;
  const s = Math.round(((height - 42) / height) * 10000) / 10000;
  const e = ((1 - s) * width) / 2;
  return [s * x1! + e, s * y1! + 42, s * x2! + e, s * y2! + 42];
}

async function annotationsOf(page: number): Promise<{ subtype: string; rect: number[]; quadPoints?: unknown }[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    return (await (await doc.getPage(page)).getAnnotations()) as never;
  } finally {
    await doc.destroy();
  }
}

describe('merged pages are kept whole', () => {
  it('an annotation is moved with the page content it marks, to its transformed place', async () => {
    const annots = await annotationsOf(firstPage('annotated.pdf'));
    const square = annots.find((a) => a.subtype === 'Square')!;
    shrunk([100, 600, 200, 700]).forEach((v, i) => expect(square.rect[i]).toBeCloseTo(v, 1));
    const highlight = annots.find((a) => a.subtype === 'Highlight')!;
    shrunk([72, 690, 300, 730]).forEach((v, i) => expect(highlight.rect[i]).toBeCloseTo(v, 1));
    // the blue square drawn by the page's content is under the annotation, as it was
    const doc = new mupdf.PDFDocument(bytes);
    const page = doc.loadPage(firstPage('annotated.pdf') - 1);
    const [annot] = page.getAnnotations().filter((a) => a.getType() === 'Square');
    const box = annot!.getBounds();
    const shown = page.toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false, false);
    const at = (x: number, y: number) => Math.round(y) * shown.getStride() + Math.round(x) * 3;
    const centre = at((box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
    expect([...shown.getPixels().subarray(centre, centre + 3)]).toEqual([0, 0, 255]);
  });

  it('internal links and named destinations land on the merged pages, not on orphan copies', async () => {
    const first = firstPage('annotated.pdf');
    const fromFirst = pdf.links.filter((l) => l.page === first).map((l) => l.to);
    expect(fromFirst).toEqual([first + 1, first + 1]);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const pages = doc.getPages().length;
    // no page object outside the page tree: every /Type /Page is one of the dossier's pages
    const leaves = [...doc.context.enumerateIndirectObjects()].filter(
      ([, o]) => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Page'),
    );
    expect(leaves.length).toBe(pages);
  });

  it("the exhibit's outline is carried under its own bookmark", async () => {
    const exhibits = pdf.outline.find((e) => e.title === '7. Exhibits')!.children;
    const entry = exhibits.find((e) => e.title.startsWith(`Exhibit ${numberOf('annotated.pdf')} `))!;
    expect(entry.children).toEqual([{ title: 'Chapter two', page: firstPage('annotated.pdf') + 1, children: [] }]);
  });

  it("a filled form field survives, named under its exhibit, and two exhibits' fields never collide", async () => {
    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
    const fields = (await doc.getFieldObjects()) as Record<string, { value: string }[]>;
    await doc.destroy();
    expect(fields[`exhibit${numberOf('form-a.pdf')}.master`]![0]!.value).toBe('Alice');
    expect(fields[`exhibit${numberOf('form-b.pdf')}.master`]![0]!.value).toBe('Bob');
    // the form asked viewers to draw its fields: they are drawn, so the value shows in any viewer
    const mu = new mupdf.PDFDocument(bytes);
    const [widget] = mu.loadPage(firstPage('form-a.pdf') - 1).getWidgets();
    const appearance = widget!.getObject().get('AP').get('N').readStream().asUint8Array();
    expect(Buffer.from(appearance).toString('latin1')).toContain('(Alice) Tj');
    expect(pdf.pages[firstPage('form-a.pdf') - 2]).toContain('form fields drawn');
  });

  it('a page whose /Contents is an indirect array is merged, every stream byte for byte', async () => {
    const page = firstPage('log.pdf');
    expect(pdf.pages[page - 1]).toContain('First part of the log');
    expect(pdf.pages[page - 1]).toContain('Second part of the log');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const contents = doc.getPage(page - 1).node.get(PDFName.of('Contents')) as PDFArray;
    const raw = contents
      .asArray()
      .map((ref) => Buffer.from((doc.context.lookup(ref as PDFRef) as PDFRawStream).contents));
    const { streams } = indirectContentsPdf();
    expect(raw.slice(1, -1)).toEqual(streams);
  });

  it('the dossier passes a structural check (qpdf --check when installed, else MuPDF) with no warning', () => {
    const file = path.join(repo, 'dossiers/ex.pdf');
    const qpdf = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    if (!qpdf.error) {
      expect(`${qpdf.stdout}${qpdf.stderr}`).not.toMatch(/WARNING|ERROR/);
      expect(qpdf.status).toBe(0);
    }
    const opened = captured(() => {
      const doc = new mupdf.PDFDocument(bytes);
      for (let i = 0; i < doc.countPages(); i++) doc.loadPage(i).toStructuredText('preserve-whitespace');
      return doc.wasRepaired();
    });
    expect(opened.value).toBe(false);
    expect(opened.messages).toEqual([]);
  });
});

describe('exhibits shown from a copy say so', () => {
  it('a damaged stream is merged from a repaired copy, noted on its page with both SHA-256 and in the manifest', () => {
    const page = firstPage('damaged.pdf');
    expect(pdf.pages[page - 1]).toContain('Damaged but readable');
    const exhibit = manifest.exhibits.find((e) => e.file === 'evidence/damaged.pdf')!;
    const original = sha(readFileSync(path.join(repo, 'cases/ex/evidence/damaged.pdf')));
    expect(exhibit.sha256).toBe(original);
    expect(exhibit).toMatchObject({
      shown_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      shown_reason: 'repaired: damaged data on page 1 was replaced by the part of it that decodes, as viewers show it',
    });
    const header = pdf.pages[page - 2]!.replace(/\s+/g, ' ');
    expect(header).toContain('repaired: damaged data on page 1');
    expect(header).toContain(`the original file’s SHA-256 is ${original}`);
    expect(header).toContain(`the repaired copy’s is ${exhibit.shown_sha256}`);
    expect(stderr).toMatch(
      /warning evidence\[3\]\.file: exhibit "evidence\/damaged\.pdf": shown from a copy: repaired/,
    );
  });

  it('an encrypted PDF with an empty password is merged after decryption, with a note', () => {
    const page = firstPage('empty-password.pdf');
    expect(pdf.pages[page - 2]!.replace(/\s+/g, ' ')).toContain(
      'decrypted: the file was encrypted with an empty password',
    );
    expect(manifest.exhibits.find((e) => e.file === 'evidence/empty-password.pdf')!.shown_sha256).toBeDefined();
  });

  it('a 12-bit JPEG is shown from an 8-bit copy, noted, with the original attached', () => {
    const number = numberOf('gradient-12bit.jpg');
    const header = pdf.pages[firstPage('gradient-12bit.jpg') - 2]!.replace(/\s+/g, ' ');
    expect(header).toContain('converted: the photo has 12 bits per channel, which a PDF cannot show');
    const attachment = pdf.attachments[`exhibit-${number}-gradient-12bit.jpg`]!;
    expect(Buffer.from(attachment.content).equals(readFileSync(path.join(INSPECT, 'gradient-12bit.jpg')))).toBe(true);
    expect(manifest.exhibits.find((e) => e.number === number)!.shown_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('photos are shown upright', () => {
  /** The colour at a point of the photo's box on its page (from its top left, 0..1), as MuPDF renders it. */
  function colourAt(file: string, X: number, Y: number): number[] {
    const doc = new mupdf.PDFDocument(bytes);
    const [from, to] = manifest.exhibits.find((e) => e.file === `evidence/${file}`)!.pages;
    let box: number[] = [];
    let page!: InstanceType<typeof mupdf.PDFPage>;
    for (let n = from - 1; n < to && box.length === 0; n++) {
      page = doc.loadPage(n);
      const device = new mupdf.Device({
        fillImage: (_image, ctm) => {
          box = [ctm[4], ctm[5], ctm[4] + ctm[0] + ctm[2], ctm[5] + ctm[1] + ctm[3]];
        },
      });
      page.run(device, mupdf.Matrix.identity);
      device.close();
    }
    const [x0, x1] = [Math.min(box[0]!, box[2]!), Math.max(box[0]!, box[2]!)];
    const [y0, y1] = [Math.min(box[1]!, box[3]!), Math.max(box[1]!, box[3]!)];
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(W / H, 1);
    const shown = page.toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false, false);
    const at = Math.round(y0 + Y * (y1 - y0)) * shown.getStride() + Math.round(x0 + X * (x1 - x0)) * 3;
    return [...shown.getPixels().subarray(at, at + 3)];
  }
  const near = (got: number[], want: number[]) =>
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(40));

  it.each(['turned-5.jpg', 'turned-7.jpg', 'turned-6.png'])('%s: red top left, green top right, blue below', (file) => {
    near(colourAt(file, 0.1, 0.1), [230, 20, 20]);
    near(colourAt(file, 0.9, 0.1), [20, 200, 20]);
    near(colourAt(file, 0.5, 0.9), [20, 20, 220]);
  });

  it('a JPEG with stray bytes between its segments is shown, its bytes embedded as they are', async () => {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const original = Buffer.from(readFileSync(path.join(repo, 'cases/ex/evidence/stray.jpg')));
    const images = [...doc.context.enumerateIndirectObjects()].filter(
      ([, o]) => o instanceof PDFRawStream && Buffer.from(o.contents).equals(original),
    );
    expect(images).toHaveLength(1);
  });
});

const kindOf = (file: string) => (file.endsWith('.pdf') ? 'document' : 'photo');

describe('regression: stray bytes before an EXIF segment', () => {
  it('do not let the EXIF through into a public copy', async () => {
    const { stripJpegMetadata } = await import('../../src/redact/strip-metadata.js');
    const tagged = Buffer.from(withExifOrientation(plainPhoto('jpeg'), 6));
    const stray = Buffer.concat([tagged.subarray(0, 2), Buffer.from([0x00, 0x12]), tagged.subarray(2)]);
    const stripped = Buffer.from(stripJpegMetadata(new Uint8Array(stray)));
    expect(stripped.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(stripped.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });
});

describe('photos and PDFs that cannot be shown are refused, naming the file', () => {
  const refusals: [string, string, () => Uint8Array, RegExp][] = [
    [
      'a truncated PNG',
      'cut.png',
      () => plainPhoto('png').subarray(0, 400),
      /exhibit "evidence\/cut\.png": the PNG is truncated/,
    ],
    [
      'a truncated JPEG',
      'cut.jpg',
      () => plainPhoto('jpeg').subarray(0, 700),
      /exhibit "evidence\/cut\.jpg": the JPEG is truncated/,
    ],
    [
      'a PDF that needs a password',
      'locked.pdf',
      () => new Uint8Array(readFileSync(path.join(INSPECT, 'encrypted-needs-password.pdf'))),
      /exhibit "evidence\/locked\.pdf": the PDF is encrypted and needs a password to open/,
    ],
  ];
  it.each(refusals)('%s: build fails at the evidence entry, in users words', async (_name, file, make, message) => {
    const broken = caseWith([{ file, kind: kindOf(file), description: 'Broken', bytes: make }]);
    const result = await run(broken, ['build', '--jobs', '1']);
    expect(result.status).toBe(1);
    const at = positionOf(broken, INCIDENT, `file: evidence/${file}`);
    const line = result.stderr.split('\n').find((l) => l.includes('exhibit'))!;
    expect(line).toContain(`${INCIDENT}:${at.line}:`);
    expect(line).toContain('error evidence[0].file:');
    expect(line).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+|offset is out of bounds/);
  });

  it('validate --deep reports every one at its line, before any build; plain validate does not open them', async () => {
    const broken = caseWith([
      ...refusals.map(([, file, make]) => ({ file, kind: kindOf(file), description: 'Broken', bytes: make })),
      { file: 'damaged.pdf', kind: 'document', description: 'Damaged', bytes: damagedPdf },
    ]);
    expect((await validateJson(broken)).problems.filter((p) => p.code.startsWith('exhibit.'))).toEqual([]);
    const deep = await validateJson(broken, ['--deep']);
    expect(deep.status).toBe(1);
    const found = deep.problems.filter((p) => p.code.startsWith('exhibit.'));
    expect(found.map((p) => [p.severity, p.path, p.line])).toEqual([
      ['error', 'evidence[0].file', positionOf(broken, INCIDENT, 'file: evidence/cut.png').line],
      ['error', 'evidence[1].file', positionOf(broken, INCIDENT, 'file: evidence/cut.jpg').line],
      ['error', 'evidence[2].file', positionOf(broken, INCIDENT, 'file: evidence/locked.pdf').line],
      ['warning', 'evidence[3].file', positionOf(broken, INCIDENT, 'file: evidence/damaged.pdf').line],
    ]);
    expect(found[3]!.message).toContain('shown from a copy: repaired');
  });

  it('what a library said is shown only with DEBUG=casebuilder', async () => {
    const broken = caseWith([{ file: 'cut.png', kind: 'photo', description: 'Broken', bytes: refusals[0]![2] }]);
    const plain = await run(broken, ['validate', '--deep']);
    const debug = await run(broken, ['validate', '--deep'], { DEBUG: 'casebuilder' });
    expect(plain.stdout).not.toContain('library:');
    expect(debug.stdout).toContain('library:');
  });
});

/** Decoded content of page `n` (1-based) of a PDF: for a reader of failing tests. */
export async function pageText(pdfBytes: Uint8Array, n: number): Promise<string> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const refs = (doc.getPage(n - 1).node.get(PDFName.of('Contents')) as PDFArray).asArray();
  return refs
    .map((r) => Buffer.from(decodePDFRawStream(doc.context.lookup(r as PDFRef) as PDFRawStream).decode()).toString())
    .join('\n');
}
