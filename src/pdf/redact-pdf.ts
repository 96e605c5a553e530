import { captured, mupdf, release } from './mupdf-engine.js';

type Quad = [number, number, number, number, number, number, number, number];

export interface RedactedPdf {
  bytes: Uint8Array;
  /** 1-based pages from which text (and what was drawn under it) was removed. */
  redacted: number[];
  /** 1-based pages left out: pictures with no text layer, which no search can clear. */
  removed: number[];
}

/**
 * A public copy of a PDF exhibit: every span `find` reports in a page's text is removed with
 * MuPDF's redaction (the text, and the image pixels and line art under it: removal, never a
 * black box over text still there). Text is read through each font's own encoding, as a reader's
 * search sees it. A page that shows pictures but has no text at all is left out, since it could
 * show a name no search can find. Undefined when nothing needed changing.
 */
export function redactPdf(
  bytes: Uint8Array,
  find: (text: string) => { start: number; end: number }[],
): RedactedPdf | undefined {
  const result = captured(() => {
    const doc = mupdf.PDFDocument.openDocument(bytes, 'application/pdf') as InstanceType<typeof mupdf.PDFDocument>;
    try {
      const redacted: number[] = [];
      const removed: number[] = [];
      const count = doc.countPages();
      for (let i = 0; i < count; i++) {
        const page = doc.loadPage(i);
        const { text, quads, images } = pageText(page);
        if (text.trim() === '' && images > 0) {
          removed.push(i);
          continue;
        }
        const spans = find(text);
        if (spans.length === 0) continue;
        for (const span of spans)
          for (let k = span.start; k < span.end; k++) {
            const q = quads[k];
            if (!q) continue;
            const annotation = page.createAnnotation('Redact');
            annotation.setRect(rectOf(q));
          }
        // No black boxes; image pixels, line art and text under the marks are removed.
        page.applyRedactions(false, 2, 1, 0);
        redacted.push(i + 1);
      }
      for (const i of [...removed].reverse()) doc.deletePage(i);
      if (redacted.length === 0 && removed.length === 0) return undefined;
      const out = doc.saveToBuffer('garbage=yes,compress=yes').asUint8Array().slice();
      return { bytes: out, redacted, removed: removed.map((i) => i + 1) };
    } finally {
      release(doc);
    }
  });
  if (result.error) throw result.error;
  return result.value;
}

/** The text of every page of a PDF as MuPDF reads it: for the self-check, a reader other than the writer. */
export function pageTextsOf(bytes: Uint8Array): string[] {
  const result = captured(() => {
    const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
    try {
      const texts: string[] = [];
      for (let i = 0; i < doc.countPages(); i++) texts.push(pageText(doc.loadPage(i)).text);
      return texts;
    } finally {
      release(doc);
    }
  });
  return result.value ?? [];
}

/** A page's characters in reading order with the quad of each, lines and blocks apart. */
function pageText(page: { toStructuredText(options?: string): { walk(w: object): void } }): {
  text: string;
  quads: (Quad | undefined)[];
  images: number;
} {
  let text = '';
  const quads: (Quad | undefined)[] = [];
  let images = 0;
  const add = (s: string, q?: Quad) => {
    for (const unit of s) {
      text += unit;
      for (let k = 0; k < unit.length; k++) quads.push(q);
    }
  };
  page.toStructuredText('preserve-whitespace').walk({
    onImageBlock: () => images++,
    onChar: (c: string, _origin: unknown, _font: unknown, _size: number, quad: Quad) => add(c, quad),
    endLine: () => add('\n'),
    endTextBlock: () => add('\n'),
  });
  return { text, quads, images };
}

function rectOf(q: Quad): [number, number, number, number] {
  const xs = [q[0], q[2], q[4], q[6]];
  const ys = [q[1], q[3], q[5], q[7]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
