import { EncryptedPDFError, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFArray } from 'pdf-lib';
import { ExhibitFileError } from '../load/exhibit-content.js';

const ENCRYPTED =
  'the PDF is encrypted: casebuilder cannot merge its pages faithfully; ' +
  'attach a decrypted copy and keep the original as evidence';

/**
 * Loads a PDF exhibit for merging, refusing what cannot be merged faithfully: encrypted,
 * truncated or corrupt files. Streams whose length pdf-lib misread are restored from the
 * file's bytes, so every merged page keeps its content byte for byte.
 */
export async function loadExhibitPdf(bytes: Uint8Array): Promise<PDFDocument> {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) throw new ExhibitFileError('the PDF is truncated (it does not end with %%EOF)');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    if (err instanceof EncryptedPDFError || /is encrypted/.test((err as Error).message)) {
      throw new ExhibitFileError(ENCRYPTED);
    }
    throw new ExhibitFileError(`the PDF is corrupt: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc.isEncrypted) throw new ExhibitFileError(ENCRYPTED);
  let pages: ReturnType<PDFDocument['getPages']>;
  try {
    pages = doc.getPages();
  } catch (err) {
    throw new ExhibitFileError(
      `the PDF is corrupt: its page tree cannot be read (${(err as Error).message.split('\n')[0]})`,
    );
  }
  if (pages.length === 0) throw new ExhibitFileError('the PDF has no pages');
  for (const [i, page] of pages.entries()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      if (ref instanceof PDFRef && !(doc.context.lookup(ref) instanceof PDFRawStream)) {
        throw new ExhibitFileError(`the PDF is corrupt: the content of page ${i + 1} is missing`);
      }
    }
  }
  restoreMisreadStreams(doc, bytes);
  return doc;
}

/**
 * pdf-lib 1.17 cannot resolve an indirect /Length while parsing, falls back to searching for
 * `endstream`, and drops a final CR or LF that belongs to the data (Ghostscript writes such
 * streams). Each such stream is read again from the file at its declared length.
 */
export function restoreMisreadStreams(doc: PDFDocument, bytes: Uint8Array): number {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let restored = 0;
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const length = object.dict.get(PDFName.of('Length'));
    if (!(length instanceof PDFRef)) continue;
    const declared = doc.context.lookup(length);
    if (!(declared instanceof PDFNumber)) continue;
    const expected = declared.asNumber();
    if (object.contents.length === expected) continue;
    const data = findStreamData(file, ref, object.contents, expected);
    if (!data) continue;
    doc.context.assign(ref, PDFRawStream.of(object.dict, new Uint8Array(data)));
    restored++;
  }
  return restored;
}

function findStreamData(file: Buffer, ref: PDFRef, parsed: Uint8Array, expected: number): Buffer | undefined {
  const header = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj`, 'latin1');
  let at = file.indexOf(header);
  while (at >= 0) {
    const before = at === 0 ? 0x0a : file[at - 1]!;
    // The object number must start a token: "12 0 obj", not "112 0 obj".
    if (before === 0x0a || before === 0x0d || before === 0x20 || before === 0x09) {
      let start = file.indexOf('stream', at + header.length, 'latin1');
      if (start >= 0) {
        start += 6;
        if (file[start] === 0x0d) start++;
        if (file[start] === 0x0a) start++;
        const data = file.subarray(start, start + expected);
        const after = file.subarray(start + expected, start + expected + 12).toString('latin1');
        if (
          data.length === expected &&
          /^\s*endstream/.test(after) &&
          data.subarray(0, parsed.length).equals(Buffer.from(parsed))
        )
          return data;
      }
    }
    at = file.indexOf(header, at + 1);
  }
  return undefined;
}
