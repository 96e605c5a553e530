import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * PDFs written byte by byte, for what no library writes on request: a content stream whose
 * /Length is an indirect object and whose data ends in a line feed with `endstream` right
 * after it (as Ghostscript writes them), an encrypted file, and names hidden where a search
 * does not look.
 */
function assemble(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

export function ghostscriptStylePdf(text: string): { bytes: Uint8Array; content: Buffer } {
  const content = Buffer.from(`BT /F1 24 Tf 72 700 Td (${text}) Tj ET\n`, 'latin1');
  const bytes = assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    // the data's own final LF, then endstream at once: pdf-lib 1.17 takes that LF for the EOL
    `<< /Length 6 0 R >>\nstream\n${content.toString('latin1')}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    String(content.length),
  ]);
  return { bytes, content };
}

export function encryptedPdf(): Uint8Array {
  return assemble(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      '<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>',
    ],
    '/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ',
  );
}

/** PNG "Up" prediction (PDF /Predictor 12) in rows of `columns` bytes, as some writers store XMP. */
function pngUp(data: Buffer, columns: number): Buffer {
  const rows: Buffer[] = [];
  for (let at = 0; at < data.length; at += columns) {
    const row = Buffer.alloc(columns + 1);
    row[0] = 2;
    for (let i = 0; i < columns; i++)
      row[i + 1] = ((data[at + i] ?? 0) - (at > 0 ? data[at - columns + i]! : 0)) & 0xff;
    rows.push(row);
  }
  return Buffer.concat(rows);
}

function stream(dict: string, data: Buffer): string {
  return `<< ${dict} /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream`;
}

/**
 * A three-page PDF that names someone only where a text search does not look: a comment and an
 * attached file on page 1 (whose text is innocent), XMP metadata of page 1 stored Flate with a PNG
 * predictor, page 2 drawn as line art alone (as a name drawn in glyph outlines would be), and page
 * 3 a scan: one picture, from resources the page inherits from its page tree, whose own XMP names
 * the person. Page 1's resources also hold a null XObject entry, which the PDF rules allow.
 */
export function pdfNamingOutsideItsText(name: string): Uint8Array {
  const text = Buffer.from('BT /F1 14 Tf 72 700 Td (Statement taken on board.) Tj ET\n', 'latin1');
  const xmp = Buffer.from(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${name}</dc:creator></x:xmpmeta>`);
  const outlines = Buffer.from('0 0 0 rg 72 600 m 90 640 l 108 600 l f 120 600 20 40 re f\n', 'latin1');
  const scan = Buffer.from('q 200 0 0 100 72 600 cm /Im1 Do Q\n', 'latin1');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 9 0 R 13 0 R] /Count 3 /Resources << /XObject << /Im1 14 0 R >> >> >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 5 0 R >> /XObject << /X0 null >> >> ' +
      '/Contents 4 0 R /Annots [6 0 R 7 0 R] /Metadata 11 0 R >>',
    stream('', text),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /Annot /Subtype /Text /Rect [72 720 92 740] /Contents (Asked ${name} again) /T (Officer) >>`,
    '<< /Type /Annot /Subtype /FileAttachment /Rect [100 720 120 740] /Contents (note) /FS 8 0 R >>',
    '<< /Type /Filespec /F (note.txt) /UF (note.txt) /EF << /F 12 0 R >> >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R >>',
    stream('', outlines),
    stream(
      '/Type /Metadata /Subtype /XML /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 8 >>',
      deflateSync(pngUp(xmp, 8)),
    ),
    stream('/Type /EmbeddedFile', Buffer.from(`seen by ${name}`)),
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 15 0 R >>',
    stream(
      '/Type /XObject /Subtype /Image /Width 2 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Metadata 16 0 R',
      Buffer.from([0x40, 0xc0]),
    ),
    stream('', scan),
    stream('/Type /Metadata /Subtype /XML', Buffer.from(xmp.toString().replace('dc:creator', 'dc:subject'))),
  ]);
}

/** A one-page PDF that shows a space as a move inside TJ, as pdfTeX writes one: "[(Robert)-333(Owen)] TJ". */
export function pdfWithKernedSpaces(words: string[]): Uint8Array {
  const shown = words.map((w) => `(${w})`).join(' -333 ');
  const content = Buffer.from(`BT /F1 14 Tf 72 700 Td [${shown}] TJ ET\n`, 'latin1');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** A one-page PDF of line art alone: a chart or a plan, with no text at all. */
export function pdfOfDrawingsOnly(): Uint8Array {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    stream('', Buffer.from('72 600 200 100 re f 72 580 m 300 580 l S\n', 'latin1')),
  ]);
}

/**
 * A one-page PDF whose font's ToUnicode map lies: the page's bytes show the surname, in two
 * pieces, but a search (and a copy) reads other letters, so no search-based redaction can find
 * it. An honest line above holds the surname's letters across two words ("The sale held").
 */
export function pdfWithLyingTextMap(name: string): Uint8Array {
  // The surname alone, whose letters the honest line also holds across two words.
  const surname = name.split(' ').at(-1)!;
  const [head, tail] = [surname.slice(0, -3), surname.slice(-3)];
  const content = Buffer.from(
    'BT /F2 14 Tf 72 720 Td (The sale held on Monday.) Tj ET\n' +
      `BT /F1 14 Tf 72 700 Td (Statement of ${head}) Tj (${tail}) Tj ET\n`,
    'latin1',
  );
  const cmap = Buffer.from(
    [
      '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Lying-UCS def /CMapType 2 def',
      '1 begincodespacerange <00> <FF> endcodespacerange',
      '1 beginbfrange <20> <7E> <0078> endbfrange',
      'endcmap CMapName currentdict /CMapResource defineresource pop end end',
    ].join('\n'),
    'latin1',
  );
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>',
    stream('', content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>',
    stream('', cmap),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** A one-page PDF whose page tree also holds a node that leads back to its root (a cycle). */
export function pdfWithPageTreeCycle(text: string): Uint8Array {
  const content = Buffer.from(`BT /F1 14 Tf 72 700 Td (${text}) Tj ET\n`, 'latin1');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
  ]);
}

/**
 * Path operators that draw `text` as its glyphs' outlines in DejaVu Sans, filled, the baseline's
 * left end at (x, y): what a design program's "create outlines" leaves of a name.
 */
function outlinedText(text: string, x: number, y: number, size: number): string {
  const require = createRequire(import.meta.url);
  const ttf = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf/DejaVuSans.ttf');
  const font = fontkit.create(readFileSync(ttf)) as fontkit.Font;
  const scale = size / font.unitsPerEm;
  const run = font.layout(text);
  const ops: string[] = [];
  let pen = 0;
  run.glyphs.forEach((glyph, i) => {
    const px = (u: number) => (x + (pen + u) * scale).toFixed(2);
    const py = (v: number) => (y + v * scale).toFixed(2);
    let last: [number, number] = [0, 0];
    // fontkit's Path keeps its commands; its types do not say so.
    const commands = (glyph.path as unknown as { commands: { command: string; args: number[] }[] }).commands;
    for (const { command, args } of commands) {
      if (command === 'moveTo') ops.push(`${px(args[0]!)} ${py(args[1]!)} m`);
      else if (command === 'lineTo') ops.push(`${px(args[0]!)} ${py(args[1]!)} l`);
      else if (command === 'bezierCurveTo') ops.push(args.map((a, k) => (k % 2 ? py(a) : px(a))).join(' ') + ' c');
      else if (command === 'quadraticCurveTo') {
        // A quadratic curve as the cubic that draws it.
        const [qx, qy, ex, ey] = args as [number, number, number, number];
        const c1 = [last[0] + (2 / 3) * (qx - last[0]), last[1] + (2 / 3) * (qy - last[1])];
        const c2 = [ex + (2 / 3) * (qx - ex), ey + (2 / 3) * (qy - ey)];
        ops.push(`${px(c1[0]!)} ${py(c1[1]!)} ${px(c2[0]!)} ${py(c2[1]!)} ${px(ex)} ${py(ey)} c`);
      } else if (command === 'closePath') ops.push('h');
      if (args.length >= 2) last = [args[args.length - 2]!, args[args.length - 1]!];
    }
    pen += run.positions[i]!.xAdvance;
  });
  return ops.join('\n') + '\n';
}

/**
 * A two-page statement whose first page has a line of text and, below it, the name drawn as
 * glyph outlines (no text names it): filled, or used as a clip a gradient or a colour is painted
 * through (how a gradient fill of outlined letters arrives); the second page is text alone.
 */
export function pdfWithOutlinedName(name: string, how: 'filled' | 'clip' | 'clip-fill' = 'filled'): Uint8Array {
  const text = (line: string, y: number) => `BT /F1 12 Tf 72 ${y} Td (${line}) Tj ET\n`;
  const outlines = outlinedText(name, 72, 660, 18);
  const first =
    text('Statement taken on board, given by:', 700) +
    {
      filled: `${outlines}f\n`,
      clip: `q ${outlines}W n /Sh0 sh Q\n`,
      'clip-fill': `q ${outlines}W n 0.2 0.3 0.6 rg 0 600 595 100 re f Q\n`,
    }[how];
  const second = text('The second page of the statement.', 700);
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 /Resources << /Font << /F1 7 0 R >> /Shading << /Sh0 ' +
      '<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [72 0 300 0] /Function << /FunctionType 2 ' +
      '/Domain [0 1] /C0 [0.1 0.2 0.7] /C1 [0.7 0.1 0.2] /N 1 >> >> >> >> >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    stream('', Buffer.from(first, 'latin1')),
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>',
    stream('', Buffer.from(second, 'latin1')),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ]);
}

/** How page 1 of `scanWithOcrLayer` lays its text and its picture. */
export type ScanLayout =
  | 'invisible' // the OCR's text invisible (render mode 3) over the picture
  | 'clip' // the OCR's text in render mode 7 (a clip), over the picture
  | 'under' // the text drawn first, the picture over it
  | 'strips' // invisible text over a scan that comes in five strips, a fifth of the page each
  | 'background' // the picture first, visible text over it: an ordinary page on a background
  | 'watermark'; // the text first, then the picture over it at 30 % opacity

/**
 * A two-page file as a scanner with OCR writes it: page 1 a picture of the page (here a grey
 * square, `share` of the page's width and height) with the OCR's reading of it laid as `layout`
 * says; page 2 ordinary text.
 */
export function scanWithOcrLayer(ocrText: string, share = 1, layout: ScanLayout = 'invisible'): Uint8Array {
  const [w, h] = [595 * share, 842 * share].map((n) => n.toFixed(1));
  const picture = `q ${w} 0 0 ${h} 0 0 cm /Im1 Do Q\n`;
  const text = (mode: number) => `BT ${mode} Tr /F1 12 Tf 72 700 Td (${ocrText}) Tj ET\n`;
  const strips = [0, 1, 2, 3, 4].map((k) => `q 595 0 0 168.4 0 ${(k * 168.4).toFixed(1)} cm /Im1 Do Q\n`).join('');
  const first = {
    invisible: picture + text(3),
    clip: picture + text(7),
    under: text(0) + picture,
    strips: strips + text(3),
    background: picture + text(0),
    watermark: `${text(0)}q /GS1 gs ${picture}Q\n`,
  }[layout];
  const second = 'BT /F1 12 Tf 72 700 Td (The second page of the statement.) Tj ET\n';
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 7 0 R >> /XObject << /Im1 8 0 R >> /ExtGState << /GS1 << /ca 0.3 >> >> >> >>',
    stream('', Buffer.from(first, 'latin1')),
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>',
    stream('', Buffer.from(second, 'latin1')),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    stream(
      '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8',
      Buffer.from([200, 180, 190, 210]),
    ),
  ]);
}

/**
 * A two-page statement whose first page shows `text` in a DejaVu Sans subset (a two-byte font,
 * as most producers embed one), its text map as many producers write it: none at all (`none`,
 * so a reader's text is U+FFFD), without its "l" (`one missing`: "Sa\uFFFDeh"), or sending its
 * "l" to a private character (`private`: "Sa\uE001eh"); the second page is text in Helvetica.
 */
export async function cidStatement(text: string, map: 'none' | 'one missing' | 'private'): Promise<Uint8Array> {
  const { PDFDocument, PDFDict, PDFName, StandardFonts, decodePDFRawStream, PDFRawStream } = await import('pdf-lib');
  const require = createRequire(import.meta.url);
  const ttf = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf/DejaVuSans.ttf');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const subset = await doc.embedFont(readFileSync(ttf), { subset: true });
  doc.addPage([400, 300]).drawText(text, { x: 30, y: 200, size: 12, font: subset });
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([400, 300]).drawText('The second page of the statement.', { x: 30, y: 200, size: 12, font: helvetica });
  await doc.flush();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    if (map === 'none') {
      object.delete(PDFName.of('ToUnicode'));
      continue;
    }
    const stream = doc.context.lookup(object.get(PDFName.of('ToUnicode')));
    if (!(stream instanceof PDFRawStream)) throw new Error('no ToUnicode stream');
    const lines = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1').split('\n');
    const el = (line: string) => /^<[0-9A-F]{4}> <006C>$/i.test(line);
    if (lines.filter(el).length !== 1) throw new Error('the text map does not name one "l"');
    let kept = lines.map((line) => (el(line) ? line.replace(/<006C>$/i, '<E001>') : line));
    if (map === 'one missing') {
      kept = lines.filter((line) => !el(line));
      const count = kept.findIndex((line) => / beginbfchar$/.test(line));
      kept[count] = kept[count]!.replace(/^\d+/, (n) => String(Number(n) - 1));
    }
    object.set(PDFName.of('ToUnicode'), doc.context.register(doc.context.flateStream(kept.join('\n'))));
  }
  return doc.save();
}

/**
 * A two-page statement with a signature on each page, as a scan of it is pasted in: page 1 names
 * `name` in its text, page 2 does not. The signature is a grey picture (`picture`), or a one-bit
 * image mask painted in ink (`mask`), the way a scanner's black-and-white signature comes; on page
 * 2 it is drawn from a form XObject, as some producers nest a page's furniture.
 */
export function statementWithSignature(name: string, signature: 'picture' | 'mask'): Uint8Array {
  const sign = 'q 150 0 0 40 72 560 cm /Sig Do Q\n';
  const first = `BT /F1 12 Tf 72 700 Td (Statement of ${name}, taken on board.) Tj ET\n${sign}`;
  const second = 'BT /F1 12 Tf 72 700 Td (The second page of the statement.) Tj ET\nq /Frm Do Q\n';
  const image =
    signature === 'picture'
      ? stream(
          '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8',
          Buffer.from([20, 200, 180, 30]),
        )
      : stream(
          '/Type /XObject /Subtype /Image /Width 8 /Height 2 /ImageMask true /BitsPerComponent 1',
          Buffer.from([0x5a, 0xa5]),
        );
  const resources = '/Resources << /Font << /F1 7 0 R >> /XObject << /Sig 8 0 R /Frm 9 0 R >> >>';
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${resources} >>`,
    stream('', Buffer.from(first, 'latin1')),
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R ${resources} >>`,
    stream('', Buffer.from(second, 'latin1')),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    image,
    stream(
      '/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Sig 8 0 R >> >>',
      Buffer.from(`0 g ${sign}`, 'latin1'),
    ),
  ]);
}

/**
 * A one-page form whose text field holds `value` with an empty appearance, as LibreOffice
 * writes forms: a viewer draws the value, a text search of the page does not read it.
 */
export function formNaming(value: string): Uint8Array {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /NeedAppearances true ' +
      '/DA (/Helv 12 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ' +
      '/Contents 4 0 R /Annots [6 0 R] >>',
    stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Name of the witness:) Tj ET\n', 'latin1')),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Type /Annot /Subtype /Widget /FT /Tx /T (witness) /V (${value}) /Rect [300 712 500 736] /P 3 0 R ` +
      '/F 4 /AP << /N 7 0 R >> >>',
    stream('/Type /XObject /Subtype /Form /BBox [0 0 200 24]', Buffer.from('/Tx BMC EMC', 'latin1')),
  ]);
}

/**
 * A form whose one field shows on two pages: the parent field (/T, /V) holds the value, its two
 * widgets hold only where they are drawn, as forms that repeat a name on each page are written.
 */
export function formFieldOnTwoPages(value: string): Uint8Array {
  const page = (contents: number, widget: number) =>
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ' +
    `/Contents ${contents} 0 R /Annots [${widget} 0 R] >>`;
  const widget = (onPage: number) =>
    '<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [300 712 500 736] ' +
    `/P ${onPage} 0 R /F 4 /AP << /N 9 0 R >> >>`;
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /NeedAppearances true ' +
      '/DA (/Helv 12 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >> >>',
    '<< /Type /Pages /Kids [3 0 R 10 0 R] /Count 2 >>',
    page(4, 7),
    stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Name of the witness:) Tj ET\n', 'latin1')),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /FT /Tx /T (witness) /V (${value}) /Kids [7 0 R 8 0 R] >>`,
    widget(3),
    widget(10),
    stream('/Type /XObject /Subtype /Form /BBox [0 0 200 24]', Buffer.from('/Tx BMC EMC', 'latin1')),
    page(11, 8),
    stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Signed by the witness:) Tj ET\n', 'latin1')),
  ]);
}

/**
 * One page of text ("Photo of the boat") and a photo whose JPEG carries a comment segment naming
 * someone, as a camera or an editing program writes one: no text search of the page reads it.
 */
export function photoWithComment(comment: string, jpeg: Uint8Array, wide = false): Uint8Array {
  // Wide: UTF-16 little-endian, as EXIF's XPComment writes it, one byte off the segment's start.
  const body = wide
    ? Buffer.concat([Buffer.from([0x01]), Buffer.from(comment, 'utf16le')])
    : Buffer.from(comment, 'latin1');
  const segment = Buffer.concat([Buffer.from([0xff, 0xfe, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const image = Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), segment, Buffer.from(jpeg.subarray(2))]);
  const width = image.readUInt16BE(sofOffset(image) + 7);
  const height = image.readUInt16BE(sofOffset(image) + 5);
  return pageWithPicture(
    `/Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode`,
    image,
    '200 0 0 150 72 560',
  );
}

/**
 * One page in Helvetica (object 5) whose content (object 4, written as given or as a stream of
 * these bytes) and whatever `more` adds from object 6 on make a case: the skeleton of the files
 * below.
 */
function onePage(
  content: Buffer | string,
  { catalog = '', page = '', resources = '', more = [] as string[] } = {},
): Uint8Array {
  return assemble([
    `<< /Type /Catalog /Pages 2 0 R ${catalog}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      `/Resources << /Font << /F1 5 0 R >> ${resources}>> /Contents 4 0 R ${page}>>`,
    typeof content === 'string' ? content : stream('', content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ...more,
  ]);
}

/** The one line of text of the files below that name no one. */
const ON_BOARD = Buffer.from('BT /F1 12 Tf 72 760 Td (Statement taken on board.) Tj ET\n', 'latin1');

/** A page that says "Photo of the boat" and draws one picture, placed by the matrix given. */
function pageWithPicture(imageDict: string, data: Buffer, matrix: string): Uint8Array {
  const content = Buffer.from(`BT /F1 12 Tf 72 760 Td (Photo of the boat) Tj ET\nq ${matrix} cm /Im1 Do Q\n`);
  return onePage(content, {
    resources: '/XObject << /Im1 6 0 R >> ',
    more: [stream(`/Type /XObject /Subtype /Image ${imageDict}`, data)],
  });
}

/** Where a JPEG's frame header (SOF0 to SOF2) begins. */
function sofOffset(jpeg: Buffer): number {
  for (let at = 2; at + 4 < jpeg.length;) {
    const marker = jpeg[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) return at;
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no frame header');
}

/**
 * A statement naming someone and signed in pen strokes, as a signing app flattens a signature
 * drawn with a finger into the page: curves in a stroked path, beside a straight rule under
 * "Signed:" that is the form's own line art.
 */
export function statementWithPenSignature(name: string, joins: 'round' | 'miter' = 'round'): Uint8Array {
  const content = Buffer.from(
    `BT /F1 12 Tf 72 760 Td (Statement of ${name}) Tj ET\n` +
      'BT /F1 12 Tf 72 640 Td (Signed:) Tj ET\n' +
      '0.5 w 72 630 m 300 630 l S\n' +
      `1.2 w ${joins === 'round' ? '1 J 1 j ' : ''}140 640 m 150 672 162 618 172 650 c 180 676 190 612 204 646 c ` +
      '214 668 226 630 238 652 c 246 664 258 634 270 648 c S\n',
    'latin1',
  );
  return onePage(content);
}

/** One page of text ("Photo of the boat") and an uncompressed grey picture whose samples spell a text. */
export function pictureSpelling(text: string): Uint8Array {
  const samples = Buffer.from(text, 'latin1');
  return pageWithPicture(
    `/Width ${samples.length} /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8`,
    samples,
    '200 0 0 20 72 700',
  );
}

/**
 * A form whose one field lists itself as its kid four times: a walk of the field tree that does
 * not remember where it has been makes 4 to the power of its depth limit calls.
 */
export function formFieldItsOwnKid(): Uint8Array {
  return onePage(ON_BOARD, {
    catalog: '/AcroForm << /Fields [6 0 R] >> ',
    more: ['<< /T (group) /Kids [6 0 R 6 0 R 6 0 R 6 0 R] >>'],
  });
}

/**
 * A form that names someone where no page shows it: `widgetless`, a field with no widget that
 * keeps the value in the form alone; else a field whose default value (/DV) names the person
 * while its widget shows another value.
 */
export function formNamingOffThePage(value: string, how: 'widgetless' | 'default'): Uint8Array {
  const widgetless = how === 'widgetless';
  return onePage(ON_BOARD, {
    catalog: '/AcroForm << /Fields [6 0 R] /NeedAppearances true >> ',
    page: widgetless ? '' : '/Annots [7 0 R] ',
    more: [
      widgetless
        ? `<< /FT /Tx /T (witness) /V (${value}) >>`
        : `<< /FT /Tx /T (witness) /V (someone) /DV (${value}) /Kids [7 0 R] >>`,
      '<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [300 712 500 736] /P 3 0 R >>',
    ],
  });
}

/** A link whose action chains itself as its next action forty times over: a chain walked without memory never ends. */
export function linkActionItsOwnNext(): Uint8Array {
  const again = Array.from({ length: 40 }, () => '7 0 R').join(' ');
  return onePage(ON_BOARD, {
    page: '/Annots [6 0 R] ',
    more: [
      '<< /Type /Annot /Subtype /Link /Rect [72 750 300 775] /A 7 0 R >>',
      `<< /S /URI /URI (https://example.org/) /Next [${again}] >>`,
    ],
  });
}

/**
 * A statement naming someone and signed with a pressure-sensitive pen, whose signature is filled
 * between its edges (one closed outline of many curves), beside a filled dot and a rounded box
 * that are the form's own (four curves each).
 */
export function statementWithFilledSignature(name: string): Uint8Array {
  const wave = [
    [150, 672, 162, 618, 172, 650],
    [180, 676, 190, 612, 204, 646],
    [214, 668, 226, 630, 238, 652],
    [246, 664, 258, 634, 270, 648],
  ];
  const there = wave.map((c) => `${c.join(' ')} c`).join(' ');
  // Back along the lower edge, 3 points below: each curve's control points in reverse order.
  const back = [...wave]
    .reverse()
    .map(([x1 = 0, y1 = 0, x2 = 0, y2 = 0], i, all) => {
      const [x0 = 140, y0 = 640] = all[i + 1]?.slice(4) ?? [];
      return `${x2} ${y2 - 3} ${x1} ${y1 - 3} ${x0} ${y0 - 3} c`;
    })
    .join(' ');
  const k = 0.5523 * 4;
  const dot =
    `76 700 m 76 ${700 + k} ${72 + k} 704 72 704 c ${72 - k} 704 68 ${700 + k} 68 700 c ` +
    `68 ${700 - k} ${72 - k} 696 72 696 c ${72 + k} 696 76 ${700 - k} 76 700 c f`;
  const content = Buffer.from(
    `BT /F1 12 Tf 72 760 Td (Statement of ${name}) Tj ET\n` +
      'BT /F1 12 Tf 72 640 Td (Signed:) Tj ET\n' +
      `${dot}\n` +
      '0.9 g 320 600 m 400 600 l 404 600 404 604 404 604 c 404 640 l 404 644 400 644 400 644 c 320 644 l ' +
      '316 644 316 640 316 640 c 316 604 l 316 600 320 600 320 600 c f 0 g\n' +
      `140 640 m ${there} 270 645 l ${back} h f\n`,
    'latin1',
  );
  return onePage(content);
}

/**
 * A page that loops back on itself where a walk follows references: `destination`, a link whose
 * action's /D is a dictionary whose /D is itself; `field`, a form field that is its own /Parent.
 */
export function pageWithLoop(where: 'destination' | 'field'): Uint8Array {
  const field = where === 'field';
  return onePage(ON_BOARD, {
    catalog: field ? '/AcroForm << /Fields [6 0 R] >> ' : '',
    page: '/Annots [6 0 R] ',
    more: [
      field
        ? '<< /Type /Annot /Subtype /Widget /FT /Tx /T (f) /V (someone) /Rect [100 100 300 120] /Parent 6 0 R >>'
        : '<< /Type /Annot /Subtype /Link /Rect [72 690 300 720] /A << /S /GoToR /F (other.pdf) /D 7 0 R >> >>',
      '<< /D 7 0 R >>',
    ],
  });
}

/**
 * A one-page PDF whose content stream is a few hundred kilobytes of Flate that inflates to
 * `megabytes` MB of spaces after its one line of text: a decompression bomb in a page's content.
 */
export function contentBomb(megabytes: number): Uint8Array {
  const data = deflateSync(Buffer.concat([ON_BOARD, Buffer.alloc(megabytes * 1024 * 1024, 0x20)]), { level: 9 });
  return onePage(stream('/Filter /FlateDecode', data));
}

/**
 * A page whose forms draw forms: `fan`, a chain of 24 forms each drawing the next twice (2^24
 * drawings from a file of two kilobytes); `deep`, 40 forms each drawing the next once, nested
 * past what MuPDF's stack holds.
 */
export function formsDrawingForms(how: 'fan' | 'deep'): Uint8Array {
  const count = how === 'fan' ? 24 : 40;
  const draw = how === 'fan' ? '/X Do /X Do' : '/X Do';
  const forms = Array.from({ length: count }, (_, k) => {
    const last = k === count - 1;
    const body = Buffer.from(last ? '0 0 10 10 re f' : draw, 'latin1');
    const resources = last ? '' : `/Resources << /XObject << /X ${7 + k} 0 R >> >> `;
    return stream(`/Type /XObject /Subtype /Form /BBox [0 0 100 100] ${resources}`, body);
  });
  return onePage(Buffer.concat([ON_BOARD, Buffer.from('/X Do\n', 'latin1')]), {
    resources: '/XObject << /X 6 0 R >> ',
    more: forms,
  });
}
