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
import { Redactor } from './redactor.js';

export interface Leak {
  /** Which protected string: "protected name 2", "redact entry 1" (never the string itself: logs are read too). */
  what: string;
  where: string;
}

/**
 * Reads a public dossier back before it is written: the text casebuilder drew, every string of
 * every object (metadata, outline, attachment names), and every stream decompressed (content,
 * attachments, images), searched as UTF-8, UTF-16 and Latin-1, without regard to case or accents.
 */
export async function findLeaks(
  pdf: Uint8Array,
  drawn: { page: number; text: string }[],
  strings: { text: string; what: string }[],
): Promise<Leak[]> {
  const matchers = strings
    .filter((s) => s.text.trim().length > 1)
    .map((s) => ({ what: s.what, redactor: new Redactor([{ text: s.text, replacement: '' }]) }));
  if (matchers.length === 0) return [];
  const leaks: Leak[] = [];
  const seen = new Set<string>();
  const report = (text: string, where: string) => {
    for (const m of matchers) {
      if (m.redactor.find(text) !== undefined && !seen.has(`${m.what}|${where}`)) {
        seen.add(`${m.what}|${where}`);
        leaks.push({ what: m.what, where });
      }
    }
  };
  for (const { page, text } of drawn) report(text, `the text of page ${page + 1}`);

  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const strings_ = (object: PDFObject | undefined, where: string, depth = 0): void => {
    if (!object || depth > 8) return;
    if (object instanceof PDFString || object instanceof PDFHexString) report(object.decodeText(), where);
    else if (object instanceof PDFArray) object.asArray().forEach((o) => strings_(o, where, depth + 1));
    else if (object instanceof PDFDict) for (const [, value] of object.entries()) strings_(value, where, depth + 1);
  };
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const where = `object ${ref.objectNumber} ${ref.generationNumber} R`;
    if (object instanceof PDFRawStream) {
      strings_(object.dict, `the dictionary of ${where}`);
      let bytes: Uint8Array;
      try {
        bytes = decodePDFRawStream(object).decode();
      } catch {
        bytes = object.contents;
      }
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const kind = object.dict.toString().includes('/EmbeddedFile')
        ? 'an attached file'
        : object.dict.toString().includes('/Image')
          ? 'an image'
          : 'a stream';
      report(buffer.toString('latin1'), `${kind} (${where})`);
      report(buffer.toString('utf8'), `${kind} (${where})`);
      if (buffer.length % 2 === 0) report(Buffer.from(buffer).swap16().toString('utf16le'), `${kind} (${where})`);
    } else {
      strings_(object, where);
    }
  }
  return leaks;
}
