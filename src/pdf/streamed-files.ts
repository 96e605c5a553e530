import type { StreamedFile, StreamedTail } from './incremental-update.js';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';

export type { StreamedFile, StreamedTail } from './incremental-update.js';

/**
 * After `flush`, before `save`: the embedded-file stream of each named attachment, made a plain
 * stream of the file's length, and the trailer entries an update needs. Returns a function to
 * call with the saved bytes.
 */
export function streamedObjects(
  doc: PDFDocument,
  files: { name: string; file: StreamedFile }[],
): (saved: Uint8Array) => StreamedTail {
  const names = doc.catalog
    .lookupMaybe(PDFName.of('Names'), PDFDict)
    ?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)
    ?.lookupMaybe(PDFName.of('Names'), PDFArray);
  const specs = new Map<string, PDFRef>();
  for (let i = 0; names && i + 1 < names.size(); i += 2) {
    const key = names.lookup(i);
    const spec = names.get(i + 1);
    if (key instanceof PDFHexString && spec instanceof PDFRef) specs.set(key.decodeText(), spec);
  }
  const objects = files.map(({ name, file }) => {
    const spec = specs.get(name) && doc.context.lookup(specs.get(name)!, PDFDict);
    const ref = spec?.lookupMaybe(PDFName.of('EF'), PDFDict)?.get(PDFName.of('F'));
    const placeholder = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    if (!(ref instanceof PDFRef) || !(placeholder instanceof PDFRawStream))
      throw new Error(`the attachment ${name} was not embedded`);
    const dict = placeholder.dict.clone(doc.context);
    dict.delete(PDFName.of('Filter'));
    dict.set(PDFName.of('Length'), PDFNumber.of(file.size));
    dict.lookupMaybe(PDFName.of('Params'), PDFDict)?.set(PDFName.of('Size'), PDFNumber.of(file.size));
    return { number: ref.objectNumber, dict: dict.toString(), file };
  });
  return (saved) => {
    const tail = Buffer.from(saved.subarray(Math.max(0, saved.length - 64))).toString('latin1');
    const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1]);
    if (!Number.isFinite(prev)) throw new Error('the PDF written has no startxref');
    // The writer numbers its object streams and cross-reference stream past the context's
    // objects: the size is the one its cross-reference stream gives.
    const xref = Buffer.from(saved.subarray(prev, Math.min(saved.length, prev + 512))).toString('latin1');
    const size = Number(/\/Size (\d+)/.exec(xref)?.[1]);
    if (!Number.isFinite(size)) throw new Error('the PDF written has no cross-reference stream size');
    const { Root, Info } = doc.context.trailerInfo;
    return {
      objects,
      prev,
      size,
      root: String(Root),
      info: Info instanceof PDFRef ? String(Info) : undefined,
    };
  };
}
