import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { typeset, typesetSize, type TypesetInput } from '../../src/build/typeset.js';
import { fontLibrary } from '../../src/pdf/fonts.js';
import { readPdf } from '../helpers/pdf.js';

// A filing measures each volume without writing it (typesetSize), and lays it out by that size:
// the size must be the very length of the PDF written from the same input.
describe('a dossier measured, not written', () => {
  const noise = (n: number, seed: string) => {
    const chunks: Buffer[] = [];
    for (let i = 0; chunks.length * 32 < n; i++) chunks.push(createHash('sha256').update(`${seed}${i}`).digest());
    return new Uint8Array(Buffer.concat(chunks).subarray(0, n));
  };
  const paragraph = (i: number) =>
    `Paragraph ${i}: the patrol boat came close at 05:${String(i % 60).padStart(2, '0')} UTC and the crew filmed it.`;
  const input = (pages: number): TypesetInput => ({
    sections: [
      `# Facts\n\n${Array.from({ length: pages * 32 }, (_, i) => paragraph(i)).join('\n\n')}`,
      '# Exhibits\n\n| No. | File |\n|---|---|\n| 1 | track.gpx |\n| 2 | log.bin |',
    ],
    meta: {
      title: 'Measured',
      subject: 'size',
      keywords: ['filing'],
      author: 'test',
      producer: 'casebuilder test',
      language: 'it',
      date: new Date('2026-12-01T00:00:00Z'),
    },
    footer: (page, total) => ({ left: 'Measured', center: `pagina ${page + 1} di ${total}`, right: `M-${page + 1}` }),
    assets: {
      photos: new Map(),
      pdfs: new Map(),
      attachments: [
        // One that deflates well and one that does not: the object streams and both kinds of stream are counted.
        {
          name: 'track.gpx',
          bytes: Buffer.from('<trkpt lat="33.1" lon="12.4"/>\n'.repeat(2000)),
          mimeType: 'application/gpx+xml',
          description: 'track',
        },
        { name: 'log.bin', bytes: noise(300_000, 'log'), mimeType: 'application/octet-stream', description: 'log' },
      ],
    },
  });

  it('counts a file streamed in after the PDF as the written PDF does: once, the tail apart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casebuilder-measured-'));
    try {
      const video = noise(200_000, 'video');
      const file = path.join(dir, 'video.mp4');
      writeFileSync(file, video);
      const streamed = (): TypesetInput => {
        const base = input(3);
        const attachment = {
          name: 'video.mp4',
          bytes: new Uint8Array(0),
          mimeType: 'video/mp4',
          description: 'video',
          stream: { path: file, size: video.length, sha256: createHash('sha256').update(video).digest('hex') },
        };
        return { ...base, assets: { ...base.assets, attachments: [...base.assets.attachments, attachment] } };
      };
      const written = await typeset(streamed(), fontLibrary());
      const measured = await typesetSize(streamed(), fontLibrary());
      expect(written.tail).toBeDefined();
      expect(measured.size).toBe(written.pdf.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([1, 40])('is the length of the PDF written from the same input (%i pages of text)', async (pages) => {
    const written = await typeset(input(pages), fontLibrary());
    const measured = await typesetSize(input(pages), fontLibrary());
    expect(measured.size).toBe(written.pdf.length);
    expect(measured.pages).toBe(written.pages);
    // And what was written is a whole PDF of those pages, as another reader sees it.
    const read = await readPdf(written.pdf);
    expect(read.pageCount).toBe(written.pages);
    expect(written.pages).toBeGreaterThanOrEqual(Math.ceil(pages * 0.8));
    expect(Object.keys(read.attachments).sort()).toEqual(['log.bin', 'track.gpx']);
  });
});
