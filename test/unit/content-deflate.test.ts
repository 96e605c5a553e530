import { describe, expect, it } from '@jest/globals';
import { inflateSync } from 'node:zlib';
import { ContentDeflater, deflateContent } from '../../src/pdf/content-deflate.js';

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
    const deflater = new ContentDeflater({ startAfter: 0, patienceMs: 5000 });
    const { results, later } = deflateAll(deflater);
    // Some streams were still on the thread when deflate returned,
    expect(later()).toBeGreaterThan(0);
    const start = Date.now();
    deflater.drain();
    // and the thread gave them back (drain did not run out of patience and deflate them itself).
    expect(Date.now() - start).toBeLessThan(2500);
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
    const start = Date.now();
    deflater.drain();
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
    expectEveryPage(results);
  });

  it('deflates what its thread still had when a document is let go unfinished', () => {
    const deflater = new ContentDeflater({ startAfter: 0, program: 'setInterval(() => {}, 1000)' });
    const { results } = deflateAll(deflater);
    deflater.close();
    expectEveryPage(results);
  });
});
