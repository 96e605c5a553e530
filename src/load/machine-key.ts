import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { tempBeside } from './write-atomic.js';

const KEY_BYTES = 32;

/**
 * Where the key is kept: the user's cache folder, which no checkout of a repository writes to
 * (a relative XDG_CACHE_HOME is ignored, as the XDG specification says: it would name a folder
 * of the checkout).
 */
export function machineKeyPath(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const base = xdg || (process.platform === 'win32' && env.LOCALAPPDATA) || path.join(env.HOME || homedir(), '.cache');
  return path.join(base, 'casebuilder', 'cache-key');
}

/**
 * The secret a build signs what it keeps beside the dossiers with (its parse cache, its stamp),
 * made once for this user on this machine. Those files live where a pull request can commit
 * some: signed with another key (or with none), they could say that a file holds what it does
 * not, or that a build has nothing to do, and they are not read. A key is taken only as this
 * user's own file, readable by no one else (a key committed to a repository is neither). Where
 * the cache folder cannot hold one (no home folder, a read-only one), a folder of this user's own
 * in the system's temporary folder does; failing that there is no key, and builds keep nothing
 * beside their dossiers but only take longer.
 */
export function machineKey(env: Readonly<Record<string, string | undefined>>): Buffer | undefined {
  const uid = process.getuid?.();
  const tmp = env.TMPDIR && path.isAbsolute(env.TMPDIR) ? env.TMPDIR : tmpdir();
  const places = [machineKeyPath(env)];
  // Without user ids (Windows) a shared temporary folder cannot be told apart as this user's own.
  if (uid !== undefined) places.push(path.join(tmp, `casebuilder-${uid}`, 'cache-key'));
  for (const file of places) {
    const key = keyAt(file);
    if (key) return key;
  }
  return undefined;
}

function keyAt(file: string): Buffer | undefined {
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const folder = lstatSync(path.dirname(file));
    if (!folder.isDirectory() || !ownPrivate(folder)) return undefined;
    // Linked into place whole: a build started at the same moment reads this key or its own.
    const temp = tempBeside(file);
    try {
      writeFileSync(temp, randomBytes(KEY_BYTES), { mode: 0o600 });
      linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(temp, { force: true });
    }
    return readKey(file);
  } catch {
    return undefined;
  }
}

function readKey(file: string): Buffer | undefined {
  const stat = lstatSync(file);
  if (!stat.isFile() || stat.size !== KEY_BYTES || !ownPrivate(stat)) return undefined;
  const key = readFileSync(file);
  return key.length === KEY_BYTES ? key : undefined;
}

/** This user's own, and closed to group and others (where the system has user ids and modes). */
function ownPrivate(stat: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o077) === 0);
}

/** HMAC-SHA-256 of what a build keeps beside its dossiers, with the machine key. */
export function signature(key: Uint8Array, body: Uint8Array | string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

/** Whether `claimed` is the signature of `body` with this key (compared in constant time). */
export function signedWith(key: Uint8Array, body: Uint8Array | string, claimed: Uint8Array): boolean {
  const expected = signature(key, body);
  return claimed.length === expected.length && timingSafeEqual(expected, claimed);
}
