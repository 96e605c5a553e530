import { PDFDocument } from 'pdf-lib';
import { loadExhibitPdf } from './exhibit-pdf.js';
import { SAVE_OPTIONS } from './pdf-lib-options.js';

/** The number of pages of a PDF exhibit, as it would be merged. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  return (await loadExhibitPdf(bytes)).getPageCount();
}

/**
 * Pages `from` to `to` (1-based, inclusive) of a PDF exhibit as a PDF of their own, copied in
 * one pass: the part of an exhibit too large for one volume. Each page keeps its content streams.
 */
export async function slicePdf(bytes: Uint8Array, from: number, to: number): Promise<Uint8Array> {
  const source = await loadExhibitPdf(bytes);
  const part = await PDFDocument.create({ updateMetadata: false });
  const indices = Array.from({ length: to - from + 1 }, (_, i) => from - 1 + i);
  for (const page of await part.copyPages(source, indices)) part.addPage(page);
  return part.save(SAVE_OPTIONS);
}
