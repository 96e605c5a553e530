import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that readers see the old bytes or the new, never a part: a temporary
 * file in the same folder, then a rename. The temporary file is removed if anything fails.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array | string): void {
  const temp = tempBeside(file);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Writes a new file and refuses to replace one: the complete file is linked into place,
 * which fails if the name is taken, so nothing is ever overwritten or left half-written.
 */
export function writeNewFile(file: string, bytes: Uint8Array | string): boolean {
  const temp = tempBeside(file);
  try {
    writeFileSync(temp, bytes);
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** A temporary name in the file's own folder (created if need be), so a rename stays atomic. */
export function tempBeside(file: string): string {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files that killed builds left in a folder: only names of writeFileAtomic's
 * own pattern, and only those of processes no longer running (a parallel build's are in use).
 * With `subfolders`, also in the folders directly inside it (a filing's folder, where a killed
 * build leaves its volumes), never through a symbolic link. Returns the paths removed, relative
 * to `dir`.
 */
export function removeStaleTemps(dir: string, options: { subfolders?: boolean } = {}): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    // A Dirent is the entry itself: a link to a folder is no folder here.
    if (entry.isDirectory()) {
      if (options.subfolders)
        removed.push(...removeStaleTemps(path.join(dir, entry.name)).map((name) => path.join(entry.name, name)));
      continue;
    }
    const m = TEMP.exec(entry.name);
    if (!m || isRunning(Number(m[2]))) continue;
    try {
      rmSync(path.join(dir, entry.name), { force: true });
      removed.push(entry.name);
    } catch {
      // Another build removed it first, or the folder is read-only: the build reports that itself.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
