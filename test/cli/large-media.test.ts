import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readAttachments } from '../../src/pdf/read-attachments.js';
import { largeVideo } from '../helpers/media.js';
import { fixture, run } from '../helpers/repo.js';

describe('large media exhibits', () => {
  it('streams a video larger than the streaming threshold into the dossier, byte for byte', async () => {
    const dir = fixture('exhibits');
    const { size, sha256: sha } = largeVideo(dir);

    const result = await run(dir, ['build', '--jobs', '1', '--format', 'json']);
    expect(result.status).toBe(0);
    const pdf = readFileSync(path.join(dir, 'dossiers/ex.pdf'));
    expect(pdf.length).toBeGreaterThan(size);
    const { pages, files } = await readAttachments(pdf);
    expect(pages).toBe(JSON.parse(result.stdout).pages);
    const attached = [...files].find(([name]) => name.endsWith('drone.mp4'))?.[1];
    expect(attached && createHash('sha256').update(attached).digest('hex')).toBe(sha);
    const manifest = JSON.parse(Buffer.from(files.get('casebuilder-manifest.json')!).toString('utf8'));
    expect(manifest.exhibits.find((e: { file: string }) => e.file.endsWith('drone.mp4'))).toMatchObject({
      sha256: sha,
      size,
    });
    // The side manifest names the PDF written, appended part included.
    const side = JSON.parse(readFileSync(path.join(dir, 'dossiers/ex.manifest.json'), 'utf8'));
    expect(side.pdf_sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    // verify reads the dossier with its appended part: every page and the file's hash check out.
    expect((await run(dir, ['verify', 'dossiers/ex.pdf'])).status).toBe(0);
  });
});
