import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A FIFO must not block the open (it is refused once opened); a link is not followed (ELOOP). */
export const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** Far above any cache, stamp or manifest (10,000 cases make a few MB): a larger file is not one of ours. */
export const OWN_FILE_LIMIT = 512 * 1024 * 1024;

/** Why a file casebuilder wrote itself (a cache, a stamp, a manifest) was not read. */
export class NotOwnFileError extends Error {}

/**
 * Reads a file casebuilder writes itself: a regular file, not a symbolic link, at most `limit`
 * bytes. Undefined when it does not exist. A committed link, a FIFO or a device in its place
 * (a pull request can add any of them under the dossiers' folder) is refused with the reason,
 * never followed or waited on, so nothing outside the repository is read and nothing hangs.
 */
export function readOwnFile(absPath: string, limit: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(absPath, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // ELOOP, or EMLINK on FreeBSD: the name is a link.
    if (code === 'ELOOP' || code === 'EMLINK') throw new NotOwnFileError('it is a symbolic link');
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotOwnFileError('it is not a regular file');
    if (stat.size > limit)
      throw new NotOwnFileError(`it is ${stat.size} bytes, more than the ${limit} such a file can have`);
    return readOpenFile(fd, stat.size);
  } finally {
    closeSync(fd);
  }
}

/** Reads an open file to its end or to `size` bytes, whichever comes first. */
export function readOpenFile(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, null);
    if (n === 0) break;
    read += n;
  }
  return read < size ? bytes.subarray(0, read) : bytes;
}
