import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
function tempBeside(file: string): string {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}
