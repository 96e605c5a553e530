import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isInside } from './evidence.js';
import { OPEN_FLAGS, readOpenFile } from './read-own-file.js';
import type { Problem } from '../errors.js';
import type { ParseCache } from './parse-cache.js';
import { cachedSource, parseYaml, type ParseResult } from './yaml-source.js';

/** Case files are hand-written text; anything larger is a mistake or an attack. */
export const MAX_YAML_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where a file of the repository must resolve: the real path of its folder (the cases folder, the root). */
export interface YamlBoundary {
  realDir: string;
  /** How the folder is named in a message: "the cases folder", "the repository". */
  name: string;
}

/**
 * Reads and parses one YAML file of the repository, `file` being the name shown to the user.
 * A file that is a symbolic link is read only when it resolves inside `boundary`: a pull request
 * could otherwise add `incidents/x.yaml` leading to a secret of the CI machine, and the parse
 * error would print its first line. With a parse cache, a file whose metadata is unchanged is
 * not read at all.
 */
export function readYamlFile(absPath: string, file: string, boundary: YamlBoundary, cache?: ParseCache): ParseResult {
  // A problem with the file as a whole is placed at its start, so every line reads file:line:col.
  const fail = (code: string, message: string, offset = 0): ParseResult => {
    const problem: Problem = { code, severity: 'error', message, file, range: [offset, offset + 1] };
    return { problems: [problem] };
  };
  const unreadable = (err: unknown) =>
    fail('file.unreadable', `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);

  let real = absPath;
  const resolve = (): ParseResult | undefined => {
    real = realpathSync.native(absPath);
    if (isInside(boundary.realDir, real)) return undefined;
    // No range: a range would have the formatter show the file's first line, which is what must not leak.
    const problem: Problem = {
      code: 'file.outside',
      severity: 'error',
      file,
      message: `the file is a symbolic link leading outside ${boundary.name}: casebuilder reads none of it`,
    };
    return { problems: [problem] };
  };

  let bytes: Buffer;
  try {
    // The cache is asked with the file's metadata, and where O_NOFOLLOW is missing (Windows) a link is
    // found the same way: one lstat, which for a file that is not a link is its stat.
    if (cache || constants.O_NOFOLLOW === undefined) {
      let stat = lstatSync(absPath);
      if (stat.isSymbolicLink()) {
        const refused = resolve();
        if (refused) return refused;
        stat = statSync(real);
      }
      const known = cache?.lookup(absPath, stat);
      if (known) {
        const { sha256, value, checked, ranges } = known;
        const source = cachedSource({ file, absPath, sha256, value, checked: { value: checked }, ranges }, () =>
          readFileSync(real, 'utf8').replace(/^\uFEFF/, ''),
        );
        return { source, problems: [] };
      }
    }
    let fd: number;
    try {
      fd = openSync(real, OPEN_FLAGS);
    } catch (err) {
      // ELOOP, or EMLINK on FreeBSD: the file is a link, resolved and judged before it is opened.
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ELOOP' && code !== 'EMLINK') || real !== absPath) throw err;
      const refused = resolve();
      if (refused) return refused;
      fd = openSync(real, OPEN_FLAGS);
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return fail('file.not-regular', 'expected a regular file');
      if (stat.size > MAX_YAML_BYTES) {
        return fail(
          'file.too-large',
          `the file is ${formatMiB(stat.size)}; case files are limited to ${formatMiB(MAX_YAML_BYTES)}`,
        );
      }
      if (stat.size === 0) return fail('file.empty', 'the file is empty');
      bytes = readOpenFile(fd, stat.size);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return unreadable(err);
  }

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    // The valid prefix decodes exactly, so the offset is right in the text the formatter reads.
    const at = Buffer.from(bytes.subarray(0, offset)).toString('utf8').length;
    return fail(
      'file.not-utf8',
      `the file is not UTF-8 text (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset}); ` +
        'save it as UTF-8',
      at,
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) return fail('file.binary', 'the file contains NUL bytes: it is not a text file');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Touched, checked out again or copied: the same bytes are known by their hash.
  const same = cache?.lookupContent(absPath, sha256);
  if (same) {
    const { value, checked, ranges } = same;
    return {
      source: cachedSource({ file, absPath, sha256, value, checked: { value: checked }, ranges }, () => text),
      problems: [],
    };
  }
  const result = parseYaml(text, file);
  if (result.source) {
    result.source.absPath = absPath;
    result.source.sha256 = sha256;
  }
  return result;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Offset of the first byte that breaks UTF-8 (only called once decoding has failed). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}
