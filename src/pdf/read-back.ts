import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { asUtf16 } from '../redact/decode.js';
import { shownLines } from './content-lexer.js';
import { LOAD_OPTIONS } from './pdf-lib-options.js';
import { undoPredictor } from './predictor.js';

/** A text found in a written PDF, and where: "object 12 0 R", "an attached file (object 40 0 R)". */
export interface FoundText {
  text: string;
  where: string;
  /** The page (0-based) whose content, resources or annotations hold it, when only one page does. */
  page?: number;
}

/**
 * Every text a written PDF holds, for the public profile's self-check: each string of each object
 * (metadata, outline, attachment names), and each stream decompressed, its predictor undone
 * (content, attachments, images, metadata), read as Latin-1, UTF-8 and UTF-16 (either byte order); and the strings
 * of each page's content decoded, in Latin-1, as a single-byte font shows them whatever its
 * ToUnicode map says.
 */
export async function textsOfPdf(
  pdf: Uint8Array,
  /** Each attached file's bytes, for the caller to decode further (gzip, e-mail, office XML). */
  onFile?: (bytes: Uint8Array, where: string) => void,
): Promise<FoundText[]> {
  const found: FoundText[] = [];
  const doc = await PDFDocument.load(pdf, LOAD_OPTIONS);
  const owners = pageOwners(doc);
  const strings = (object: PDFObject | undefined, where: string, page: number | undefined, depth = 0): void => {
    if (!object || depth > 8) return;
    if (object instanceof PDFString || object instanceof PDFHexString)
      found.push({ text: object.decodeText(), where, page });
    else if (object instanceof PDFArray) object.asArray().forEach((o) => strings(o, where, page, depth + 1));
    else if (object instanceof PDFDict)
      for (const [, value] of object.entries()) strings(value, where, page, depth + 1);
  };
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const where = `object ${ref.objectNumber} ${ref.generationNumber} R`;
    const owner = owners.get(ref.objectNumber);
    const page = owner === SHARED ? undefined : owner;
    if (!(object instanceof PDFRawStream)) {
      strings(object, where, page);
      continue;
    }
    strings(object.dict, `the dictionary of ${where}`, page);
    let bytes: Uint8Array;
    try {
      bytes = decodePDFRawStream(object).decode();
      const predictor = predictorOf(object.dict);
      if (predictor) bytes = undoPredictor(bytes, predictor);
    } catch {
      bytes = object.contents;
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const dict = object.dict.toString();
    const kind = dict.includes('/EmbeddedFile')
      ? 'an attached file'
      : dict.includes('/Image')
        ? 'an image'
        : 'a stream';
    const place = `${kind} (${where})`;
    if (kind === 'an attached file') onFile?.(bytes, place);
    found.push(
      { text: buffer.toString('latin1'), where: place, page },
      { text: buffer.toString('utf8'), where: place, page },
    );
    for (const text of asUtf16(bytes)) found.push({ text, where: place, page });
    if (kind === 'a stream' && isContent(object.dict)) {
      // Line by line, the pieces of a line joined: a name shown as "Tra" "oré" or "Mariam" "Traoré".
      const lines = shownLines(bytes);
      if (lines.length) found.push({ text: lines.join(' '), where: place, page });
    }
  }
  return found;
}

const SHARED = -1;

/**
 * For each object a page reaches (its content, resources, annotations and what they point to),
 * that page's index, or SHARED when several pages reach it (the dossier's fonts): a finding is
 * named by its page only when the page is the one it is on. Links back to pages are not followed.
 */
function pageOwners(doc: PDFDocument): Map<number, number> {
  const owners = new Map<number, number>();
  const visit = (object: PDFObject | undefined, page: number, depth: number): void => {
    if (!object || depth > 32) return;
    if (object instanceof PDFRef) {
      const owner = owners.get(object.objectNumber);
      if (owner === page || owner === SHARED) return;
      const target = doc.context.lookup(object);
      if (target instanceof PDFDict && target.get(PDFName.of('Type')) === PDFName.of('Page')) return;
      // A second page reaching it marks it, and what it reaches, shared: each object is walked twice at most.
      owners.set(object.objectNumber, owner === undefined ? page : SHARED);
      visit(target, owner === undefined ? page : SHARED, depth + 1);
    } else if (object instanceof PDFArray) object.asArray().forEach((o) => visit(o, page, depth + 1));
    else if (object instanceof PDFDict || object instanceof PDFRawStream) {
      const dict = object instanceof PDFRawStream ? object.dict : object;
      for (const [key, value] of dict.entries()) if (key !== PDFName.of('Parent')) visit(value, page, depth + 1);
    }
  };
  doc.getPages().forEach((p, i) => {
    for (const [key, value] of p.node.entries()) if (key !== PDFName.of('Parent')) visit(value, i, 0);
  });
  return owners;
}

/** A page's content or a form's: no /Type, /Subtype or /Length1 (fonts, XMP, ICC profiles have them). */
function isContent(dict: PDFDict): boolean {
  const subtype = dict.get(PDFName.of('Subtype'));
  if (subtype && subtype !== PDFName.of('Form')) return false;
  return (
    !['Length1', 'Length2', 'N', 'FunctionType', 'ShadingType', 'PatternType'].some((k) => dict.has(PDFName.of(k))) &&
    (!dict.has(PDFName.of('Type')) || dict.get(PDFName.of('Type')) === PDFName.of('XObject'))
  );
}

/** The predictor of a stream whose last filter carries one, from its /DecodeParms. */
function predictorOf(dict: PDFDict): Parameters<typeof undoPredictor>[1] | undefined {
  let parms = dict.lookup(PDFName.of('DecodeParms'));
  if (parms instanceof PDFArray) parms = parms.lookup(parms.size() - 1);
  if (!(parms instanceof PDFDict)) return undefined;
  const number = (key: string, fallback: number) => {
    const value = parms.lookup(PDFName.of(key));
    return value instanceof PDFNumber ? value.asNumber() : fallback;
  };
  const predictor = number('Predictor', 1);
  if (predictor < 2) return undefined;
  return {
    predictor,
    colors: number('Colors', 1),
    bitsPerComponent: number('BitsPerComponent', 8),
    columns: number('Columns', 1),
  };
}
