import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STREAMED_FROM } from '../../src/build/dossier.js';
import { readAttachments } from '../../src/pdf/read-attachments.js';
import { largeVideo } from '../helpers/media.js';
import { edit, fixture, run, write } from '../helpers/repo.js';

// Files of the streaming size (64 MiB and more) in a public dossier: only audio and video are
// streamed unread; anything else is read whole and searched for protected names like a small file.
describe('large exhibits in a public dossier', () => {
  it('leaves out a large video that is not marked public: true', async () => {
    const dir = fixture('exhibits');
    // An MP4 header (ftyp): audio and video are what a public dossier streams unread.
    largeVideo(dir, Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom')]));
    // A public dossier does not attach a file too large to search for protected names.
    const pub = await run(dir, ['build', '--jobs', '1', '--profile', 'public', '--out', 'public', '--format', 'json']);
    expect(pub.status).toBe(0);
    expect(pub.stderr).toContain('drone.mp4) is left out of the public dossier');
    const published = await readAttachments(readFileSync(path.join(dir, 'public/ex.pdf')));
    expect([...published.files.keys()].some((name) => name.endsWith('drone.mp4'))).toBe(false);
  });

  it('reads a large text whole in a public dossier, so a protected name in it is never attached', async () => {
    const dir = fixture('exhibits');
    const name = 'Ibrahim Keita';
    // 64 MiB of a mail log that names the protected witness once, near its end; public: true.
    const line = 'Received: from relay.example.org by mx.example.org; Sat, 1 Apr 2023 18:00:00 +0000\n';
    const body = Buffer.from(line.repeat(Math.ceil(STREAMED_FROM / line.length)) + `From: ${name}\n`, 'latin1');
    write(dir, 'cases/ex/evidence/relay.eml', body);
    edit(
      dir,
      'cases/ex/incidents/detention.yaml',
      'detention:\n',
      `witnesses:\n  - { id: W1, name: ${name}, role: survivor }\ndetention:\n`,
    );
    edit(
      dir,
      'cases/ex/incidents/detention.yaml',
      '  - { id: E4,',
      '  - { id: E9, file: evidence/relay.eml, kind: document, description: Relay log, public: true }\n  - { id: E4,',
    );
    const pub = await run(dir, ['build', '--jobs', '1', '--profile', 'public', '--out', 'public']);
    if (pub.status !== 0) throw new Error(`the public build failed:\n${pub.stderr}`);
    // Attached as a redacted copy (or left out): never with the name, never the file as it is.
    const { files } = await readAttachments(readFileSync(path.join(dir, 'public/ex.pdf')));
    const attached = [...files].find(([f]) => f.endsWith('relay.eml'))?.[1];
    if (attached) {
      const text = Buffer.from(attached).toString('latin1');
      expect(text).not.toContain(name);
      expect(text).toContain('From: Witness 1');
    } else {
      expect(pub.stderr).toContain('relay.eml) is left out of the public dossier');
    }
  });
});
