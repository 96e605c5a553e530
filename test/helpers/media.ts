import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { STREAMED_FROM } from '../../src/build/dossier.js';
import { edit } from './repo.js';

/**
 * Replaces the exhibits fixture's drone.mp4 by a file just over the streaming size, mostly a
 * hole (a sparse file), with random bytes at both ends so a wrong offset shows; `head` (an MP4
 * header, say) is written first. The incident records the new SHA-256.
 */
export function largeVideo(dir: string, head: Buffer = Buffer.alloc(0)): { size: number; sha256: string } {
  const video = path.join(dir, 'cases/ex/evidence/drone.mp4');
  const old = createHash('sha256').update(readFileSync(video)).digest('hex');
  const size = STREAMED_FROM + 12345;
  const start = Buffer.concat([head, randomBytes(4096 - head.length)]);
  const fd = openSync(video, 'w');
  writeSync(fd, start, 0, 4096, 0);
  writeSync(fd, randomBytes(4096), 0, 4096, size - 4096);
  closeSync(fd);
  const sha256 = createHash('sha256').update(readFileSync(video)).digest('hex');
  edit(dir, 'cases/ex/incidents/detention.yaml', old, sha256);
  return { size, sha256 };
}
