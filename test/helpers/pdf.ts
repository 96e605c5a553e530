import { readFileSync } from 'node:fs';
import { getDocument } from './pdfjs.js';

export interface OutlineEntry {
  title: string;
  page: number;
  children: OutlineEntry[];
}

export interface PdfReadback {
  pageCount: number;
  /** Text of each page as a reader would search it (pdf.js puts the spaces between words). */
  pages: string[];
  outline: OutlineEntry[];
  info: Record<string, unknown>;
  /** Internal links per page (1-based): the page each one leads to. */
  links: { page: number; to: number }[];
  attachments: Record<string, { filename: string; content: Uint8Array }>;
}

/** Reads a PDF back the way a viewer does (pdfjs-dist): text, outline, links, metadata. */
export async function readPdf(file: string | Uint8Array): Promise<PdfReadback> {
  // pdf.js wants a plain Uint8Array (not a Buffer), and takes ownership of it.
  const data = new Uint8Array(typeof file === 'string' ? readFileSync(file) : file);
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const pageOf = async (dest: unknown): Promise<number> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[]);
    if (!explicit) return -1;
    return (await doc.getPageIndex(explicit[0] as { num: number; gen: number })) + 1;
  };
  const pages: string[] = [];
  const links: { page: number; to: number }[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .replace(/ +/g, ' '),
    );
    for (const annot of await page.getAnnotations()) {
      if (annot.subtype === 'Link' && annot.dest) links.push({ page: i, to: await pageOf(annot.dest) });
    }
  }
  const walk = async (items: { title: string; dest: unknown; items: unknown[] }[] | null): Promise<OutlineEntry[]> =>
    Promise.all(
      (items ?? []).map(async (item) => ({
        title: item.title,
        page: await pageOf(item.dest),
        children: await walk(item.items as never),
      })),
    );
  const outline = await walk((await doc.getOutline()) as never);
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
  const attachments = ((await doc.getAttachments()) ?? {}) as PdfReadback['attachments'];
  const pageCount = doc.numPages;
  await doc.destroy();
  return { pageCount, pages, outline, info, links, attachments };
}

/**
 * Every string and stream of a PDF, decompressed: what a redaction or a leak check must
 * search, since text extraction alone misses what a viewer does not show.
 */
export async function allDecodedContent(bytes: Uint8Array): Promise<string> {
  const { PDFDocument, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const parts: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      parts.push(object.dict.toString());
      try {
        parts.push(Buffer.from(decodePDFRawStream(object).decode()).toString('latin1'));
      } catch {
        parts.push(Buffer.from(object.contents).toString('latin1'));
      }
    } else {
      parts.push(object.toString());
    }
  }
  return parts.join('\n');
}

/** The path segments a page draws, its forms' included, as pdf.js reads them: curves and straight lines. */
export async function pathSegments(
  file: string | Uint8Array,
  pageNumber: number,
): Promise<{ curves: number; lines: number }> {
  const { OPS } = await import('./pdfjs.js');
  const data = new Uint8Array(typeof file === 'string' ? readFileSync(file) : file);
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const list = await (await doc.getPage(pageNumber)).getOperatorList();
  const counts = { curves: 0, lines: 0 };
  list.fnArray.forEach((fn, i) => {
    if (fn !== OPS.constructPath) return;
    for (const op of (list.argsArray[i] as [number[]])[0]) {
      if (op === OPS.curveTo || op === OPS.curveTo2 || op === OPS.curveTo3) counts.curves++;
      if (op === OPS.lineTo) counts.lines++;
    }
  });
  await doc.destroy();
  return counts;
}
