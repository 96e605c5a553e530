import type { HashCache } from './hash-cache.js';
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the disk says about one evidence file named by an incident. */
export type EvidenceFacts =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'missing' }
  | { kind: 'not-file' }
  | { kind: 'outside'; path: string };

/** The checks' window onto evidence files, so rules stay testable without a disk. */
export interface EvidenceProbe {
  inspect(caseDir: string, relativeFile: string): EvidenceFacts;
  sha256(absPath: string): Promise<string>;
}

const HASH_CHUNK = 1024 * 1024;

/** Streams a file through SHA-256: evidence can be gigabytes, memory stays flat. */
export function sha256File(absPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absPath, { highWaterMark: HASH_CHUNK })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function isInside(dir: string, candidate: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The real file system, with each file hashed at most once per run. */
export function diskEvidenceProbe(cache?: HashCache): EvidenceProbe {
  const hashes = new Map<string, Promise<string>>();
  return {
    inspect(caseDir, relativeFile) {
      const lexical = path.resolve(caseDir, relativeFile);
      try {
        lstatSync(lexical);
      } catch {
        return { kind: 'missing' };
      }
      let real: string;
      try {
        real = realpathSync(lexical);
      } catch {
        return { kind: 'missing' }; // a dangling link
      }
      // Decide on the resolved path: a link inside the case may lead anywhere.
      if (!isInside(realpathSync(caseDir), real)) return { kind: 'outside', path: real };
      const stat = statSync(real);
      if (!stat.isFile()) return { kind: 'not-file' };
      return { kind: 'file', path: real, size: stat.size };
    },
    sha256(absPath) {
      let hash = hashes.get(absPath);
      if (!hash) {
        // A build's cache knows the files hashed before by their metadata, as git's index does.
        hash = cache ? cache.sha256(absPath).then((e) => e.sha256) : sha256File(absPath);
        hashes.set(absPath, hash);
      }
      return hash;
    },
  };
}
