import { describe, expect, it } from '@jest/globals';
import { inflateSync } from 'node:zlib';
import { typeset } from '../../src/build/typeset.js';
import { ContentDeflater, deflateContent, type DeflaterOptions } from '../../src/pdf/content-deflate.js';
import { fontLibrary } from '../../src/pdf/fonts.js';
import { readPdf } from '../helpers/pdf.js';

// Page content as the writer makes it: text operators and numbers, a different page each time.
const pages = Array.from({ length: 300 }, (_, i) =>
  Array.from({ length: 40 }, (__, line) => `1 0 0 1 72 ${700 - line * 14} Tm <00${(i + line) % 90}0041> Tj`).join('\n'),
);

function deflateAll(deflater: ContentDeflater) {
  const results: (Uint8Array | undefined)[] = pages.map(() => undefined);
  let later = 0;
  pages.forEach((content, i) => {
    deflater.deflate(content, (bytes) => (results[i] = bytes));
    if (results[i] === undefined) later++;
  });
  return { results, later: () => later };
}

/** How long `drain` took, in milliseconds. */
function drainMs(deflater: ContentDeflater): number {
  const start = Date.now();
  deflater.drain();
  return Date.now() - start;
}

function expectEveryPage(results: (Uint8Array | undefined)[]) {
  results.forEach((bytes, i) => {
    expect(bytes).toBeDefined();
    // The same bytes wherever a stream was deflated: the PDF does not depend on the thread.
    expect(Buffer.from(bytes!).equals(Buffer.from(deflateContent(pages[i]!)))).toBe(true);
    expect(inflateSync(bytes!).toString('latin1')).toBe(pages[i]);
  });
}

describe('the deflater of page content', () => {
  it('hands streams to its thread and has every one back, byte for byte, when drained', () => {
    const deflater = new ContentDeflater({ startAfter: 0, patienceMs: 20_000 });
    const { results, later } = deflateAll(deflater);
    // Some streams were still on the thread when deflate returned,
    expect(later()).toBeGreaterThan(0);
    // and the thread gave them back (drain did not run out of patience and deflate them itself).
    expect(drainMs(deflater)).toBeLessThan(10_000);
    expectEveryPage(results);
  });

  it('deflates everything itself in a short document', () => {
    const deflater = new ContentDeflater({ startAfter: pages.length });
    const { results, later } = deflateAll(deflater);
    expect(later()).toBe(0);
    deflater.drain();
    expectEveryPage(results);
  });

  it('does not wait past its patience for a thread that never answers, and loses no stream', () => {
    const deflater = new ContentDeflater({ startAfter: 0, patienceMs: 300, program: 'setInterval(() => {}, 1000)' });
    const { results, later } = deflateAll(deflater);
    expect(later()).toBe(64);
    expect(drainMs(deflater)).toBeGreaterThanOrEqual(250);
    expectEveryPage(results);
  });

  it('stops waiting for a thread that has died, and deflates what it had', async () => {
    const deflater = new ContentDeflater({
      startAfter: 0,
      patienceMs: 20_000,
      program: "require('node:worker_threads').workerData.port.on('message', () => { throw new Error('gone'); })",
    });
    const { results, later } = deflateAll(deflater);
    expect(later()).toBeGreaterThan(0);
    // The thread's death is heard once this thread's events run, as between two documents.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(drainMs(deflater)).toBeLessThan(10_000);
    expectEveryPage(results);
  });

  it('deflates what its thread still had when a document is let go unfinished', () => {
    const deflater = new ContentDeflater({ startAfter: 0, program: 'setInterval(() => {}, 1000)' });
    const { results } = deflateAll(deflater);
    deflater.close();
    expectEveryPage(results);
  });
});

describe('a document whose pages went through the thread', () => {
  const sections = [
    Array.from(
      { length: 60 },
      (_, i) =>
        `## Event ${i + 1}\n\nAt 07:${String(i).padStart(2, '0')} UTC the crew of the rescue ship ` +
        `logged position ${i} and the weather.`,
    ).join('\n\n'),
  ];
  const build = (deflate: DeflaterOptions) =>
    typeset(
      {
        sections,
        meta: {
          title: 'Thread',
          subject: 'deflate',
          keywords: [],
          author: 'test',
          producer: 'casebuilder test',
          language: 'en',
          date: new Date('2026-12-01T00:00:00Z'),
        },
        footer: (page, total) => ({ left: 'Thread', center: `page ${page + 1} of ${total}`, right: `T-${page + 1}` }),
        assets: { photos: new Map(), pdfs: new Map(), attachments: [] },
        deflate,
      },
      fontLibrary(),
    );

  it("is byte for byte the one deflated in the layout's own thread, and reads back whole", async () => {
    const [threaded, here] = [await build({ startAfter: 0 }), await build({ startAfter: Infinity })];
    expect(threaded.pages).toBeGreaterThan(3);
    expect(Buffer.from(threaded.pdf).equals(Buffer.from(here.pdf))).toBe(true);
    const pdf = await readPdf(threaded.pdf);
    const text = pdf.pages.join(' ').replace(/\s+/g, ' ');
    for (const i of [1, 30, 60]) expect(text).toContain(`logged position ${i - 1} and the weather`);
    expect(pdf.pages.at(-1)).toContain(`page ${pdf.pageCount} of ${pdf.pageCount}`);
  });
});
