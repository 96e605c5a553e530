import type { HashCache } from './hash-cache.js';
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import path from 'node:path';

/** What the disk says about one evidence file named by an incident. */
export type EvidenceFacts =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'missing' }
  | { kind: 'not-file' }
  | { kind: 'outside'; path: string }
  /** A ".." after a symbolic link: the system reads another file than the path's text names. */
  | { kind: 'up-through-link' };

/** The checks' window onto evidence files, so rules stay testable without a disk. */
export interface EvidenceProbe {
  inspect(caseDir: string, relativeFile: string): EvidenceFacts;
  sha256(absPath: string): Promise<string>;
}

const HASH_CHUNK = 1024 * 1024;

/**
 * A file's SHA-256. A small file (most evidence notes and photos) is read in one go; a larger one
 * is streamed, so evidence of gigabytes keeps memory flat.
 */
export function sha256File(absPath: string): Promise<string> {
  let fd: number;
  try {
    // Non-blocking, so that a file swapped for a pipe since it was checked does not hang the open.
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return Promise.reject(err as Error);
  }
  let whole: Buffer | undefined;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      // A pipe or a device has no fixed content to stand for: evidence is a regular file (the
      // checks say so first; this is a file swapped since).
      closeSync(fd);
      const folder = stat.isDirectory();
      const err: NodeJS.ErrnoException = new Error(folder ? 'the path is a folder' : 'not a regular file');
      err.code = folder ? 'EISDIR' : 'EFTYPE';
      return Promise.reject(err);
    }
    if (stat.size <= HASH_CHUNK) {
      // A stream would set aside a 1 MiB buffer for a 50-byte note: thousands of them cost an
      // eighth of `validate` in reads and collections.
      whole = Buffer.allocUnsafe(stat.size + 1);
      let length = 0;
      for (let n; (n = readSync(fd, whole, length, whole.length - length, null)) > 0;) {
        length += n;
        if (length === whole.length) break; // grew since the fstat: stream it instead
      }
      whole = length < whole.length ? whole.subarray(0, length) : undefined;
    }
  } catch (err) {
    closeSync(fd);
    return Promise.reject(err as Error);
  }
  if (whole) {
    closeSync(fd);
    return Promise.resolve(createHash('sha256').update(whole).digest('hex'));
  }
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absPath, { fd, start: 0, highWaterMark: HASH_CHUNK })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Whether a ".." of the path goes back over a symbolic link: path.resolve drops "link/.." as
 * text, where the system follows the link and goes up from where it leads, so the two would read
 * different files. A ".." after a real folder, after a name that is no link (a folder not made, a
 * file) or after a link to a folder beside it reads the same either way, as it always has.
 */
function upThroughLink(caseDir: string, relativeFile: string): boolean {
  const parts: string[] = [];
  for (const part of relativeFile.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part !== '..') {
      parts.push(part);
      continue;
    }
    const over = path.join(caseDir, ...parts);
    // A link to a folder beside it goes up to the same folder either way.
    if (parts.length > 0 && isLink(over) && parentOf(over) !== realOrNone(path.dirname(over))) return true;
    parts.pop();
  }
  return false;
}

/** The real folder a link's target lies in; undefined when it leads nowhere. */
function parentOf(link: string): string | undefined {
  const real = realOrNone(link);
  return real === undefined ? undefined : path.dirname(real);
}

function realOrNone(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** Whether the path's last part is a symbolic link (false when there is nothing there). */
export function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export function isInside(dir: string, candidate: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel !== '' && !leadsUp(rel);
}

/** Whether a relative path climbs out of its folder: "..", "../x", never a name like "..notes.png". */
export function leadsUp(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

/** The real file system, with each file hashed at most once per run. */
export function diskEvidenceProbe(cache?: HashCache): EvidenceProbe {
  const hashes = new Map<string, Promise<string>>();
  const realDirs = new Map<string, string>();
  return {
    inspect(caseDir, relativeFile) {
      const lexical = path.resolve(caseDir, relativeFile);
      if (upThroughLink(caseDir, relativeFile)) return { kind: 'up-through-link' };
      try {
        lstatSync(lexical);
      } catch {
        return { kind: 'missing' };
      }
      let real: string;
      try {
        real = realpathSync.native(lexical);
      } catch {
        return { kind: 'missing' }; // a dangling link
      }
      // Decide on the resolved path: a link inside the case may lead anywhere.
      let realDir = realDirs.get(caseDir);
      if (realDir === undefined) realDirs.set(caseDir, (realDir = realpathSync.native(caseDir)));
      if (!isInside(realDir, real)) return { kind: 'outside', path: real };
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
