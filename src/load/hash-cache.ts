import { statSync } from 'node:fs';
import { OWN_FILE_LIMIT, readOwnFile } from './read-own-file.js';
import { sha256File } from './evidence.js';
import { writeFileAtomic } from './write-atomic.js';

export interface HashEntry {
  size: number;
  mtimeMs: number;
  /** Inode and change time, as git's index keeps them: a file replaced with the same size and
   * modification time (`touch -r`, a copy with `cp -p`) still gets a new inode or change time. */
  ino: number;
  ctimeMs: number;
  sha256: string;
}

/**
 * SHA-256 of evidence files, remembered by size, modification time, inode and change time as git's
 * index does, so a rebuild that changes nothing does not read gigabytes of video again. A hint for
 * deciding that a case is unchanged, never the source of a hash printed in a dossier (the build
 * hashes the bytes it embeds). Kept beside the dossiers, never inside them.
 */
export class HashCache {
  private readonly entries: Map<string, HashEntry>;
  private dirty = false;

  constructor(entries: [string, HashEntry][] = []) {
    this.entries = new Map(entries);
  }

  static load(file: string): HashCache {
    try {
      // Never through a link or from a FIFO a pull request put in its place.
      const bytes = readOwnFile(file, OWN_FILE_LIMIT);
      if (bytes)
        return new HashCache(
          Object.entries(JSON.parse(bytes.toString('utf8')) as Record<string, HashEntry>).filter(([, e]) =>
            isStatEntry(e),
          ),
        );
    } catch {
      // A damaged or refused cache only costs time: every file is hashed again.
    }
    return new HashCache();
  }

  async sha256(absPath: string): Promise<{ size: number; sha256: string }> {
    const stat = statSync(absPath);
    const known = this.entries.get(absPath);
    if (
      known &&
      known.size === stat.size &&
      known.mtimeMs === stat.mtimeMs &&
      known.ino === stat.ino &&
      known.ctimeMs === stat.ctimeMs
    )
      return known;
    const entry = {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      ino: stat.ino,
      ctimeMs: stat.ctimeMs,
      sha256: await sha256File(absPath),
    };
    this.entries.set(absPath, entry);
    this.dirty = true;
    return entry;
  }

  /** Remembers the hash of a file just written (a dossier), so the next build need not read it. */
  record(absPath: string, sha256: string): void {
    try {
      const stat = statSync(absPath);
      this.entries.set(absPath, {
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        ino: stat.ino,
        ctimeMs: stat.ctimeMs,
        sha256,
      });
      this.dirty = true;
    } catch {
      // Gone already: nothing to remember.
    }
  }

  merge(entries: [string, HashEntry][]): void {
    for (const [key, entry] of entries) this.entries.set(key, entry);
    if (entries.length) this.dirty = true;
  }

  toJSON(): [string, HashEntry][] {
    return [...this.entries];
  }

  /** Saves the cache; a cache that cannot be written only costs time next build. */
  save(file: string): void {
    if (!this.dirty) return;
    try {
      writeFileAtomic(file, JSON.stringify(Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : 1)))));
      this.dirty = false;
    } catch {
      // A full disk or a read-only folder is reported by the build itself.
    }
  }
}

/**
 * An entry that finds a file by its metadata and names its SHA-256 (this cache's, the parse
 * cache's): one written by hand or by another version is ignored entry by entry, never trusted.
 */
export function isStatEntry(e: unknown): e is HashEntry {
  const x = e as HashEntry;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.size === 'number' &&
    typeof x.mtimeMs === 'number' &&
    typeof x.ino === 'number' &&
    typeof x.ctimeMs === 'number' &&
    typeof x.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(x.sha256)
  );
}
