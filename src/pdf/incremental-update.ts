// The bytes of an incremental update that appends streamed files to a PDF: no pdf-lib here, so
// the code that writes a dossier to disk (in the main thread too) does not load it.

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
