import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { STREAMED_FROM } from '../../src/build/dossier.js';
import { readAttachments } from '../../src/pdf/read-attachments.js';
import { edit, fixture, run } from '../helpers/repo.js';

describe('large media exhibits', () => {
  it('streams a video larger than the streaming threshold into the dossier, byte for byte', async () => {
    const dir = fixture('exhibits');
    const video = path.join(dir, 'cases/ex/evidence/drone.mp4');
    const old = createHash('sha256').update(readFileSync(video)).digest('hex');
    // Mostly a hole (a sparse file), with random bytes at both ends so a wrong offset shows.
    const size = STREAMED_FROM + 12345;
    const fd = openSync(video, 'w');
    writeSync(fd, randomBytes(4096), 0, 4096, 0);
    writeSync(fd, randomBytes(4096), 0, 4096, size - 4096);
    closeSync(fd);
    const bytes = readFileSync(video);
    const sha = createHash('sha256').update(bytes).digest('hex');
    edit(dir, 'cases/ex/incidents/detention.yaml', old, sha);

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
