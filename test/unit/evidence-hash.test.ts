import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256File } from '../../src/load/evidence.js';

const MiB = 1024 * 1024;

describe('sha256File', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-hash-'));

  // Small files are read whole, larger ones streamed: both sides of the boundary give the hash of the bytes.
  it.each([0, 1, 52, MiB - 1, MiB, MiB + 1, 3 * MiB + 17])('hashes a file of %i bytes', async (size) => {
    const bytes = randomBytes(size);
    const file = path.join(dir, `f-${size}`);
    writeFileSync(file, bytes);
    expect(await sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  // A pipe has no fixed content to stand for: refused at once, never waited on.
  (process.platform === 'win32' ? it.skip : it)('refuses a named pipe without waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(sha256File(fifo)).rejects.toMatchObject({ code: 'EFTYPE', message: 'not a regular file' });
  });

  it('rejects with the reason the OS gives', async () => {
    await expect(sha256File(path.join(dir, 'absent'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(sha256File(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
