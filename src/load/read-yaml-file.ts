import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Problem } from '../errors.js';
import type { ParseCache } from './parse-cache.js';
import { cachedSource, parseYaml, type ParseResult } from './yaml-source.js';

/** Case files are hand-written text; anything larger is a mistake or an attack. */
export const MAX_YAML_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses one YAML file of the repository, `file` being the name shown to the user.
 * With a parse cache, a file whose metadata is unchanged is not read at all.
 */
export function readYamlFile(absPath: string, file: string, cache?: ParseCache): ParseResult {
  // A problem with the file as a whole is placed at its start, so every line reads file:line:col.
  const fail = (code: string, message: string, offset = 0): ParseResult => {
    const problem: Problem = { code, severity: 'error', message, file, range: [offset, offset + 1] };
    return { problems: [problem] };
  };

  let size: number;
  try {
    const stat = statSync(absPath);
    if (!stat.isFile()) return fail('file.not-regular', 'expected a regular file');
    size = stat.size;
    const known = cache?.lookup(absPath, stat);
    if (known) {
      const { sha256, value, checked, ranges } = known;
      const source = cachedSource({ file, absPath, sha256, value, checked: { value: checked }, ranges }, () =>
        readFileSync(absPath, 'utf8').replace(/^\uFEFF/, ''),
      );
      return { source, problems: [] };
    }
  } catch (err) {
    return fail(
      'file.unreadable',
      `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (size > MAX_YAML_BYTES) {
    return fail(
      'file.too-large',
      `the file is ${formatMiB(size)}; case files are limited to ${formatMiB(MAX_YAML_BYTES)}`,
    );
  }
  if (size === 0) return fail('file.empty', 'the file is empty');

  const bytes = readFileSync(absPath);
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
