import { existsSync, readFileSync, statSync } from 'node:fs';
import { sha256File } from './evidence.js';
import { writeFileAtomic } from './write-atomic.js';

export interface HashEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * SHA-256 of evidence files, remembered by size and modification time as git's index does,
 * so a rebuild that changes nothing does not read gigabytes of video again. Kept beside the
 * dossiers, never inside them: the PDFs stay the same bytes on any machine.
 */
export class HashCache {
  private readonly entries: Map<string, HashEntry>;
  private dirty = false;

  constructor(entries: [string, HashEntry][] = []) {
    this.entries = new Map(entries);
  }

  static load(file: string): HashCache {
    try {
      if (existsSync(file))
        return new HashCache(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, HashEntry>));
    } catch {
      // A damaged cache only costs time: every file is hashed again.
    }
    return new HashCache();
  }

  async sha256(absPath: string): Promise<{ size: number; sha256: string }> {
    const stat = statSync(absPath);
    const known = this.entries.get(absPath);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known;
    const entry = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: await sha256File(absPath) };
    this.entries.set(absPath, entry);
    this.dirty = true;
    return entry;
  }

  merge(entries: [string, HashEntry][]): void {
    for (const [key, entry] of entries) this.entries.set(key, entry);
    if (entries.length) this.dirty = true;
  }

  toJSON(): [string, HashEntry][] {
    return [...this.entries];
  }

  save(file: string): void {
    if (!this.dirty) return;
    writeFileAtomic(file, JSON.stringify(Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : 1)))));
  }
}
