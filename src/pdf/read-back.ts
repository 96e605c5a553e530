import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFRawStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { LOAD_OPTIONS } from './pdf-lib-options.js';

/** A text found in a written PDF, and where: "object 12 0 R", "an attached file (object 40 0 R)". */
export interface FoundText {
  text: string;
  where: string;
}

/**
 * Every text a written PDF holds, for the public profile's self-check: each string of each object
 * (metadata, outline, attachment names), and each stream decompressed (content, attachments,
 * images), read as Latin-1, UTF-8 and UTF-16.
 */
export async function textsOfPdf(
  pdf: Uint8Array,
  /** Each attached file's bytes, for the caller to decode further (gzip, e-mail, office XML). */
  onFile?: (bytes: Uint8Array, where: string) => void,
): Promise<FoundText[]> {
  const found: FoundText[] = [];
  const doc = await PDFDocument.load(pdf, LOAD_OPTIONS);
  const strings = (object: PDFObject | undefined, where: string, depth = 0): void => {
    if (!object || depth > 8) return;
    if (object instanceof PDFString || object instanceof PDFHexString) found.push({ text: object.decodeText(), where });
    else if (object instanceof PDFArray) object.asArray().forEach((o) => strings(o, where, depth + 1));
    else if (object instanceof PDFDict) for (const [, value] of object.entries()) strings(value, where, depth + 1);
  };
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const where = `object ${ref.objectNumber} ${ref.generationNumber} R`;
    if (!(object instanceof PDFRawStream)) {
      strings(object, where);
      continue;
    }
    strings(object.dict, `the dictionary of ${where}`);
    let bytes: Uint8Array;
    try {
      bytes = decodePDFRawStream(object).decode();
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
    found.push({ text: buffer.toString('latin1'), where: place }, { text: buffer.toString('utf8'), where: place });
    if (buffer.length % 2 === 0) found.push({ text: Buffer.from(buffer).swap16().toString('utf16le'), where: place });
  }
  return found;
}
