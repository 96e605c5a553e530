import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { keywordsText, type PdfMetadata } from './writer.js';

/** assets/ at the package's root: two levels up from src/pdf/ and from dist/pdf/ alike. */
const ASSETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets');

/**
 * Metric-compatible stand-ins for the standard fonts an exhibit may name without embedding:
 * Liberation Sans has the advance widths of Helvetica and Arial, Liberation Serif those of
 * Times and Times New Roman, Liberation Mono those of Courier and Courier New. Symbol and
 * ZapfDingbats have none.
 */
const STAND_INS: Record<string, string> = {
  Helvetica: 'LiberationSans-Regular.ttf',
  'Helvetica-Bold': 'LiberationSans-Bold.ttf',
  'Helvetica-Oblique': 'LiberationSans-Italic.ttf',
  'Helvetica-BoldOblique': 'LiberationSans-BoldItalic.ttf',
  Arial: 'LiberationSans-Regular.ttf',
  'Arial,Bold': 'LiberationSans-Bold.ttf',
  'Arial,Italic': 'LiberationSans-Italic.ttf',
  'Arial,BoldItalic': 'LiberationSans-BoldItalic.ttf',
  ArialMT: 'LiberationSans-Regular.ttf',
  'Arial-BoldMT': 'LiberationSans-Bold.ttf',
  'Arial-ItalicMT': 'LiberationSans-Italic.ttf',
  'Arial-BoldItalicMT': 'LiberationSans-BoldItalic.ttf',
  'Times-Roman': 'LiberationSerif-Regular.ttf',
  'Times-Bold': 'LiberationSerif-Bold.ttf',
  'Times-Italic': 'LiberationSerif-Italic.ttf',
  'Times-BoldItalic': 'LiberationSerif-BoldItalic.ttf',
  TimesNewRoman: 'LiberationSerif-Regular.ttf',
  'TimesNewRoman,Bold': 'LiberationSerif-Bold.ttf',
  'TimesNewRoman,Italic': 'LiberationSerif-Italic.ttf',
  'TimesNewRoman,BoldItalic': 'LiberationSerif-BoldItalic.ttf',
  TimesNewRomanPSMT: 'LiberationSerif-Regular.ttf',
  'TimesNewRomanPS-BoldMT': 'LiberationSerif-Bold.ttf',
  'TimesNewRomanPS-ItalicMT': 'LiberationSerif-Italic.ttf',
  'TimesNewRomanPS-BoldItalicMT': 'LiberationSerif-BoldItalic.ttf',
  Courier: 'LiberationMono-Regular.ttf',
  'Courier-Bold': 'LiberationMono-Bold.ttf',
  'Courier-Oblique': 'LiberationMono-Italic.ttf',
  'Courier-BoldOblique': 'LiberationMono-BoldItalic.ttf',
  CourierNew: 'LiberationMono-Regular.ttf',
  'CourierNew,Bold': 'LiberationMono-Bold.ttf',
  'CourierNew,Italic': 'LiberationMono-Italic.ttf',
  'CourierNew,BoldItalic': 'LiberationMono-BoldItalic.ttf',
  CourierNewPSMT: 'LiberationMono-Regular.ttf',
};

/** Annotation types PDF/A-3 does not allow. */
const FORBIDDEN_ANNOTATIONS = new Set(['Sound', 'Movie', 'Screen', '3D', 'RichMedia']);

export interface PdfAOptions {
  meta: PdfMetadata;
  /** Names a page for a problem: "exhibit 3 (order.pdf), page 14 (EX-000014)". */
  describePage: (index: number) => string;
}

/**
 * Makes a finished document PDF/A-3b where it can (XMP identification agreeing with the Info
 * dictionary, an sRGB output intent, a file identifier, printable annotations, a metric-compatible
 * font embedded for each standard font named without one) and returns what it cannot make
 * conformant. The PDF/A identification is written only when nothing is left: a file never claims
 * a conformance it does not have. Content streams are not touched.
 */
export function makePdfA(doc: PDFDocument, options: PdfAOptions): string[] {
  const problems: string[] = [];
  const fonts = new FontStandIns(doc);
  const seen = new Set<PDFObject>();
  doc.getPages().forEach((page, index) => {
    const where = options.describePage(index);
    const found = new Set<string>();
    const resources = page.node.Resources();
    if (resources) walkResources(doc, resources, fonts, found, seen);
    checkAnnotations(doc, page.node, found);
    const actions = page.node.get(PDFName.of('AA'));
    if (actions && hasJavaScript(doc, actions)) found.add('it runs JavaScript when opened or closed');
    for (const problem of found) problems.push(`${where}: ${problem}`);
  });
  if (doc.catalog.has(PDFName.of('OpenAction')) && hasJavaScript(doc, doc.catalog.get(PDFName.of('OpenAction'))!))
    problems.push('the document runs JavaScript when opened');
  if (doc.context.trailerInfo.Encrypt) problems.push('the document is encrypted');

  addOutputIntent(doc);
  const id = createHash('sha256').update(JSON.stringify(options.meta)).update(String(doc.getPageCount())).digest();
  const hex = PDFHexString.of(id.subarray(0, 16).toString('hex'));
  doc.context.trailerInfo.ID = doc.context.obj([hex, hex]);
  addXmp(doc, options.meta, problems.length === 0);
  return problems;
}

function walkResources(
  doc: PDFDocument,
  resources: PDFDict,
  fonts: FontStandIns,
  found: Set<string>,
  seen: Set<PDFObject>,
  depth = 0,
): void {
  if (seen.has(resources) || depth > 12) return;
  seen.add(resources);
  const fontDict = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [, value] of fontDict?.entries() ?? []) {
    const font = doc.context.lookup(value);
    if (!(font instanceof PDFDict)) continue;
    const problem = fonts.embed(font);
    if (problem) found.add(problem);
    // A Type 3 font draws its glyphs with resources of its own.
    const own = font.lookupMaybe(PDFName.of('Resources'), PDFDict);
    if (own) walkResources(doc, own, fonts, found, seen, depth + 1);
  }
  const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
  for (const [, value] of xobjects?.entries() ?? []) {
    const xobject = doc.context.lookup(value);
    if (!(xobject instanceof PDFStream)) continue;
    const own = xobject.dict.lookupMaybe(PDFName.of('Resources'), PDFDict);
    if (own) walkResources(doc, own, fonts, found, seen, depth + 1);
  }
}

function checkAnnotations(doc: PDFDocument, page: PDFDict, found: Set<string>): void {
  const annots = page.lookupMaybe(PDFName.of('Annots'), PDFArray);
  for (let i = 0; annots && i < annots.size(); i++) {
    const annot = annots.lookupMaybe(i, PDFDict);
    if (!annot) continue;
    const subtype = annot.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() ?? '';
    if (FORBIDDEN_ANNOTATIONS.has(subtype)) found.add(`it has a ${subtype} annotation, which PDF/A does not allow`);
    for (const key of ['A', 'AA']) {
      const action = annot.get(PDFName.of(key));
      if (action && hasJavaScript(doc, action)) found.add('it has a link or field that runs JavaScript');
    }
    // Printable, and neither hidden nor invisible: PDF/A shows on paper what it shows on screen.
    const flags = annot.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
    annot.set(PDFName.of('F'), PDFNumber.of((flags | 4) & ~(1 | 2 | 32)));
  }
}

/**
 * Whether an action runs JavaScript: itself, an action chained after it (/Next), or one of an
 * additional-actions dictionary. Destinations are not followed, so a link never leads the
 * search into the rest of the document.
 */
function hasJavaScript(doc: PDFDocument, object: PDFObject, depth = 0, seen = new Set<PDFObject>()): boolean {
  const value = doc.context.lookup(object);
  // Each action once: one that chains itself as its next, many times over, would never end.
  if (depth > 16 || !value || seen.has(value)) return false;
  seen.add(value);
  if (value instanceof PDFArray) return value.asArray().some((v) => hasJavaScript(doc, v, depth + 1, seen));
  if (!(value instanceof PDFDict)) return false;
  if (value.lookupMaybe(PDFName.of('S'), PDFName) === PDFName.of('JavaScript') || value.has(PDFName.of('JS')))
    return true;
  if (value.has(PDFName.of('S'))) {
    const next = value.get(PDFName.of('Next'));
    return next !== undefined && hasJavaScript(doc, next, depth + 1, seen);
  }
  // An additional-actions dictionary: each of its values is an action.
  return depth === 0 && value.entries().some(([, v]) => hasJavaScript(doc, v, depth + 1, seen));
}

/** Standard fonts without a font program get a metric-compatible one, embedded once per document. */
class FontStandIns {
  private readonly files = new Map<string, { ref: PDFRef; font: ReturnType<typeof fontkit.create> }>();
  private readonly done = new Set<PDFDict>();

  constructor(private readonly doc: PDFDocument) {}

  /** Embeds a font program into a font dictionary that lacks one; a problem when it cannot. */
  embed(font: PDFDict): string | undefined {
    if (this.done.has(font)) return undefined;
    this.done.add(font);
    const subtype = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
    if (subtype === 'Type3') return undefined;
    const base = font.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? 'unnamed';
    if (subtype === 'Type0') {
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict);
      return descendant && isEmbedded(descendant) ? undefined : `the font ${base} is not embedded`;
    }
    if (isEmbedded(font)) return undefined;
    const file = STAND_INS[base.replace(/^[A-Z]{6}\+/, '')];
    if (!file) return `the font ${base} is not embedded, and casebuilder ships no metric-compatible font for it`;
    const encoding = font.get(PDFName.of('Encoding'));
    const encodingName = encoding instanceof PDFName ? encoding.decodeText() : encoding ? 'custom' : 'StandardEncoding';
    // Codes mapped to Unicode as the viewer would: WinAnsi, or Standard (where it differs in ASCII, two quotes).
    const table = CODES[encodingName];
    if (!table) return `the font ${base} is not embedded, and its encoding (${encodingName}) cannot be carried over`;
    const { ref, font: program } = this.program(file);
    const scale = 1000 / program.unitsPerEm;
    const widths = table.map((ch) =>
      Math.round(program.glyphForCodePoint(ch.codePointAt(0) ?? 32).advanceWidth * scale),
    );
    const name = program.postscriptName ?? file.replace(/\.ttf$/, '');
    const { context } = this.doc;
    font.set(PDFName.of('Subtype'), PDFName.of('TrueType'));
    font.set(PDFName.of('BaseFont'), PDFName.of(name));
    font.set(PDFName.of('FirstChar'), PDFNumber.of(FIRST));
    font.set(PDFName.of('LastChar'), PDFNumber.of(FIRST + widths.length - 1));
    font.set(PDFName.of('Widths'), context.obj(widths));
    font.set(
      PDFName.of('Encoding'),
      encodingName === 'StandardEncoding'
        ? context.obj({
            Type: 'Encoding',
            BaseEncoding: 'WinAnsiEncoding',
            Differences: [39, 'quoteright', 96, 'quoteleft'],
          })
        : PDFName.of('WinAnsiEncoding'),
    );
    const box = program.bbox;
    font.set(
      PDFName.of('FontDescriptor'),
      context.register(
        context.obj({
          Type: 'FontDescriptor',
          FontName: name,
          Flags: 32 + (program.italicAngle ? 64 : 0),
          FontBBox: [box.minX, box.minY, box.maxX, box.maxY].map((v) => Math.round(v * scale)),
          ItalicAngle: program.italicAngle,
          Ascent: Math.round(program.ascent * scale),
          Descent: Math.round(program.descent * scale),
          CapHeight: Math.round((program.capHeight || program.ascent) * scale),
          StemV: 80,
          FontFile2: ref,
        }),
      ),
    );
    return undefined;
  }

  private program(file: string) {
    let entry = this.files.get(file);
    if (!entry) {
      const bytes = readFileSync(path.join(ASSETS, 'fonts', file));
      const { context } = this.doc;
      const stream = context.flateStream(bytes, { Length1: bytes.length });
      entry = { ref: context.register(stream), font: fontkit.create(bytes) };
      this.files.set(file, entry);
    }
    return entry;
  }
}

function isEmbedded(font: PDFDict): boolean {
  const descriptor = font.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  return ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
}

const FIRST = 32;
/** Codes 32 to 255 as text, through an encoding's table. */
const winAnsi = [...new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 224 }, (_, i) => i + FIRST))];
const CODES: Record<string, string[]> = {
  WinAnsiEncoding: winAnsi,
  StandardEncoding: winAnsi.map((ch, i) => (i + FIRST === 39 ? '\u2019' : i + FIRST === 96 ? '\u2018' : ch)),
};

/** The sRGB profile (sRGB2014 of the ICC) as the output intent every colour is understood in. */
function addOutputIntent(doc: PDFDocument): void {
  const icc = readFileSync(path.join(ASSETS, 'icc', 'sRGB_IEC61966_2_1.icc'));
  const { context } = doc;
  const profile = context.register(context.flateStream(icc, { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * XMP with what the Info dictionary says (title, author, subject, keywords, producer, creator
 * tool, dates), stored uncompressed as PDF/A asks; with the PDF/A-3b identification when `conformant`.
 */
function addXmp(doc: PDFDocument, meta: PdfMetadata, conformant: boolean): void {
  // Dates as pdf-lib writes them in the Info dictionary (to the second, in UTC), so the two agree.
  const date = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const identification = conformant
    ? '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">' +
      '<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>'
    : '';
  const packet = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    identification,
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${xml(meta.language)}</rdf:li></rdf:Bag></dc:language>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${xml(meta.producer)}</pdf:Producer>`,
    `<pdf:Keywords>${xml(keywordsText(meta.keywords))}</pdf:Keywords>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreatorTool>${xml(meta.producer)}</xmp:CreatorTool><xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate><xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '</rdf:Description>',
    '</rdf:RDF></x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
  const bytes = Buffer.from(packet, 'utf8');
  const { context } = doc;
  const stream = PDFRawStream.of(context.obj({ Type: 'Metadata', Subtype: 'XML', Length: bytes.length }), bytes);
  doc.catalog.set(PDFName.of('Metadata'), context.register(stream));
}
