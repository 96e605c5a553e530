import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readAttachments } from '../../src/pdf/read-attachments.js';
import { largeVideo } from '../helpers/media.js';
import { readPdf } from '../helpers/pdf.js';
import { edit, fixture, run, write } from '../helpers/repo.js';

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

  it('attaches a text file too long to print, without printing it', async () => {
    const dir = fixture('exhibits');
    // 33 MiB of log lines: past the 32 MiB a dossier prints, under the 64 MiB it streams from.
    const line = '2023-04-27T10:00:00Z AIS position 35.1 12.3 speed 0.0\n';
    const log = Buffer.from(line.repeat(Math.ceil((33 * 1024 * 1024) / line.length)));
    write(dir, 'cases/ex/evidence/ais.log', log);
    edit(
      dir,
      'cases/ex/incidents/detention.yaml',
      '  - { id: E4,',
      '  - { id: L1, file: evidence/ais.log, kind: document, description: AIS log }\n  - { id: E4,',
    );
    const result = await run(dir, ['build', '--jobs', '1', '--format', 'json']);
    expect(result.status).toBe(0);
    const back = await readPdf(path.join(dir, 'dossiers/ex.pdf'));
    expect(back.pageCount).toBeLessThan(30);
    expect(back.pages.join('\n')).not.toContain('AIS position 35.1');
    const attached = Object.values(back.attachments).find((a) => a.filename.endsWith('ais.log'));
    expect(attached && createHash('sha256').update(attached.content).digest('hex')).toBe(
      createHash('sha256').update(log).digest('hex'),
    );
  });
});
