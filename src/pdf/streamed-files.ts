import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';

/** An attachment too large to hold in memory: its bytes are copied from disk as the PDF is written. */
export interface StreamedFile {
  path: string;
  size: number;
  /** The SHA-256 printed in the dossier: the copy is checked against it as it is made. */
  sha256: string;
}

/**
 * What follows the PDF pdf-lib wrote: an incremental update (PDF 32000-1, 7.5.6) that gives
 * each streamed attachment's embedded-file stream its real bytes. pdf-lib wrote a small
 * placeholder stream for it; the update's object of the same number replaces it, so no offset
 * in the first part moves and nothing of the file is ever held in memory.
 */
export interface StreamedTail {
  /** Objects to append, each with its dictionary and the file that is its stream. */
  objects: { number: number; dict: string; file: StreamedFile }[];
  /** The offset of the first part's cross-reference stream, and what its trailer says. */
  prev: number;
  size: number;
  root: string;
  info?: string;
}

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

/** The text before an appended object's bytes: `N 0 obj <<...>> stream`. */
export function objectHead(object: StreamedTail['objects'][number]): Buffer {
  return Buffer.from(`\n${object.number} 0 obj\n${object.dict}\nstream\n`, 'latin1');
}

export const OBJECT_FOOT = Buffer.from('\nendstream\nendobj\n', 'latin1');

/**
 * The update's cross-reference stream and trailer, given where each appended object begins
 * and where this part begins: 8-byte offsets, since the file may run past 4 GB.
 */
export function updateFoot(tail: StreamedTail, offsets: number[], at: number): Buffer {
  const xref = tail.size;
  const rows = [...tail.objects.map((o, i) => [o.number, offsets[i]!] as const), [xref, at] as const].sort(
    (a, b) => a[0] - b[0],
  );
  const data = Buffer.alloc(rows.length * 11);
  rows.forEach(([, offset], i) => {
    data[i * 11] = 1;
    data.writeBigUInt64BE(BigInt(offset), i * 11 + 1);
    data.writeUInt16BE(0, i * 11 + 9);
  });
  const index = rows.map(([n]) => `${n} 1`).join(' ');
  const dict =
    `<< /Type /XRef /Size ${xref + 1} /W [ 1 8 2 ] /Index [ ${index} ] /Root ${tail.root}` +
    `${tail.info ? ` /Info ${tail.info}` : ''} /Prev ${tail.prev} /Length ${data.length} >>`;
  return Buffer.concat([
    Buffer.from(`${xref} 0 obj\n${dict}\nstream\n`, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`, 'latin1'),
  ]);
}
