import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { tempBeside } from './write-atomic.js';

const KEY_BYTES = 32;

/** The user's cache folder, which no checkout of a repository writes to. */
export function machineKeyPath(env: Readonly<Record<string, string | undefined>>): string {
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'win32' && env.LOCALAPPDATA) ||
    path.join(env.HOME || homedir(), '.cache');
  return path.join(base, 'casebuilder', 'cache-key');
}

/**
 * The secret a build signs its parse cache with, made once for this user on this machine. A
 * parse cache lives beside the dossiers, where a pull request can commit one: signed with
 * another key (or with none), its entries could say that a file holds what it does not, and it
 * is not read. Undefined when the key can be neither read nor made (no home folder, a read-only
 * one): such builds keep no parse cache, and only take longer.
 */
export function machineKey(env: Readonly<Record<string, string | undefined>>): Buffer | undefined {
  const file = machineKeyPath(env);
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
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
  if (!stat.isFile() || stat.size !== KEY_BYTES) return undefined;
  const key = readFileSync(file);
  return key.length === KEY_BYTES ? key : undefined;
}
