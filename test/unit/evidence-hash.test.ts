import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256File } from '../../src/load/evidence.js';
import { readFileBytes } from '../../src/load/exhibit-content.js';

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

describe('readFileBytes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-read-'));

  // Libraries that keep `bytes.buffer` (a PDF parser, the WASM engine) must see this file only, and
  // Buffer's `slice` (a view, where Uint8Array's copies) must not reach them.
  it.each([0, 3, 5000, 3 * MiB + 17])('reads a file of %i bytes into memory of its own', (size) => {
    const bytes = randomBytes(size);
    const file = path.join(dir, `f-${size}`);
    writeFileSync(file, bytes);
    const read = readFileBytes(file);
    expect(Buffer.isBuffer(read)).toBe(false);
    expect(read.byteOffset).toBe(0);
    expect(read.buffer.byteLength).toBe(size);
    expect(Buffer.from(read).equals(bytes)).toBe(true);
  });

  it('names the path and the reason when the file cannot be read', () => {
    expect(() => readFileBytes(path.join(dir, 'missing.pdf'))).toThrow(/ENOENT.*missing\.pdf/);
  });
});
