import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { lineColumn, type FieldPath, type Problem, type Severity, type SourceRange } from '../errors.js';

/** A YAML file parsed to plain data, keeping the means to find any value's line and column. */
export interface YamlSource {
  /** The path as the user sees it (relative to the working directory). */
  file: string;
  /** The absolute path, when the source was read from disk. */
  absPath?: string;
  /** SHA-256 of the file's bytes, for the manifest and incremental builds. */
  sha256?: string;
  /** The text as parsed: problems keep offsets into it, printed as line and column. */
  text: string;
  value: unknown;
  doc: Document.Parsed;
  /** Places of fields found so far, by field path: kept by the parse cache, so a rebuild need not parse. */
  ranges?: Map<string, SourceRange>;
  /** The schema's output, when the file passed its own schema (known from the parse cache or just checked). */
  checked?: { value: unknown };
  /** Read from the parse cache: the text and Document are read and parsed only when asked for. */
  cached?: boolean;
}

/**
 * A file known from the parse cache, or parsed once and its Document let go: its data and the
 * places found are there; its text is read, and its Document parsed again, only when a problem
 * or an edit needs a place not found before. Most files have none, and a repository of
 * thousands of files does not keep thousands of syntax trees (their garbage collection cost a
 * fifth of `validate`).
 */
export function cachedSource(
  known: Pick<YamlSource, 'file' | 'absPath' | 'sha256' | 'value' | 'ranges' | 'checked'>,
  readText: () => string,
  cached = true,
): YamlSource {
  let text: string | undefined;
  let parsed: Document.Parsed | undefined;
  const parse = () => (parsed ??= parseDocument(source.text, PARSE_OPTIONS));
  const source: YamlSource = {
    ...known,
    ...(cached ? { cached } : {}),
    get text() {
      return (text ??= readText());
    },
    get doc() {
      return parse();
    },
  };
  return source;
}

export type ParseResult = { source: YamlSource; problems: [] } | { source?: undefined; problems: Problem[] };

const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  version: '1.2',
  schema: 'core',
  merge: false,
  strict: true,
} as const;

// Enough for legitimate reuse of a block; a "billion laughs" file needs far more.
const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses one YAML file's text. Never throws: every failure is a positioned problem. */
export function parseYaml(text: string, file: string): ParseResult {
  // Problems keep offsets; lines and columns are counted from the text when printed.
  const doc = parseDocument(text, PARSE_OPTIONS);
  const problem = (range: readonly number[], code: string, message: string): Problem => ({
    code,
    severity: 'error',
    message,
    file,
    range: [range[0]!, Math.max(range[0]!, range[1] ?? range[0]!)],
  });

  const problems: Problem[] = [];
  // A value such as `Note: shots fired` trips several errors at once (one per colon, and one more
  // when it runs over lines): the first one, with its hint, says all there is to say.
  const all = [...doc.errors, ...doc.warnings];
  const spans = new Map<number, number>();
  for (const err of all)
    if (COLON_CODES.has(err.code)) spans.set(err.pos[0], Math.max(spans.get(err.pos[0]) ?? 0, err.pos[1]));
  let colonValueEnd = -1;
  for (const err of all) {
    const colon = COLON_CODES.has(err.code);
    if (colon && err.pos[0] < colonValueEnd) continue;
    const pos = colon ? [err.pos[0], spans.get(err.pos[0])!] : err.pos;
    if (colon) colonValueEnd = valueEnd(text, pos);
    problems.push(problem(pos, `yaml.${err.code.toLowerCase()}`, yamlMessage(err.code, err.message, text, pos)));
  }
  if (problems.length > 0) return { problems };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return {
      problems: [{ code: 'file.empty', severity: 'error', message: 'the file is empty', file, range: [0, 0] }],
    };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError on alias expansion beyond maxAliasCount (a "billion laughs")
    const text = (err as Error).message;
    const message = /unresolved alias/i.test(text)
      ? 'an alias (*name) is used before its anchor (&name) is set, or has no anchor: ' +
        'set the anchor first, or write the value out'
      : err instanceof ReferenceError
        ? `aliases expand too far (more than ${MAX_ALIAS_COUNT}): write the values out`
        : `the YAML could not be read: ${text}`;
    return { problems: [problem(firstAlias(doc) ?? [0, 0], 'yaml.alias-limit', message)] };
  }
  // Looked for in the data (fast); the syntax tree is walked only to place a key found.
  if (hasForbiddenKey(value, new Set())) {
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) {
          const message = `the key "${String(pair.key.value)}" is not allowed`;
          problems.push(problem(pair.key.range ?? [0, 0], 'yaml.forbidden-key', message));
        }
      },
    });
    return { problems };
  }
  return { source: cachedSource({ file, value }, () => text, false), problems: [] };
}

function firstAlias(doc: Document.Parsed): SourceRange | undefined {
  let found: SourceRange | undefined;
  visit(doc, {
    Alias(_, alias) {
      found ??= alias.range ? [alias.range[0], alias.range[1]] : undefined;
    },
  });
  return found;
}

function hasForbiddenKey(value: unknown, seen: Set<object>): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((v) => hasForbiddenKey(v, seen));
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return true;
    if (hasForbiddenKey((value as Record<string, unknown>)[key], seen)) return true;
  }
  return false;
}

/** The yaml package's errors for a plain value that holds `: ` (which YAML reads as a key). */
const COLON_CODES = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

function yamlMessage(code: string, message: string, text: string, pos: readonly number[]): string {
  const offset = pos[0]!;
  if (COLON_CODES.has(code)) return `${message.replace(/\s+/g, ' ').trim()}; ${quoteHint(text, pos)}`;
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim();
      return key ? `duplicate key "${key}": each field may appear once` : 'duplicate key: each field may appear once';
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document; keep one per file';
    case 'TAG_RESOLVE_FAILED':
      return `${message}; YAML tags are not used in case files`;
    default:
      return message.replace(/\s+/g, ' ').trim();
  }
}

/**
 * `a value with a colon followed by a space must be quoted: write description: "Note: shots fired"`,
 * the key and value taken from the line the error is on (a value running over lines is joined, as
 * YAML folds a plain value).
 */
function quoteHint(text: string, pos: readonly number[]): string {
  const general = 'a value with a colon followed by a space must be quoted';
  const start = pos[0]!;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const key = /^\s*(?:-\s+)*([^\s#'"][^:#]*?):\s+$/.exec(text.slice(lineStart, start))?.[1];
  const value = text
    .slice(start, valueEnd(text, pos))
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean)
    .join(' ');
  if (!key || value === '' || /^["'|>]/.test(value)) return general;
  return `${general}: write ${key}: ${JSON.stringify(value)}`;
}

/** The end of the value an error begins in: its line, or the lines the error spans. */
function valueEnd(text: string, pos: readonly number[]): number {
  const end = Math.max(pos[0]!, (pos[1] ?? pos[0]!) - 1);
  return lineEnd(text, end);
}

/**
 * Where a field is: the key of a mapping entry, a list item. When the path runs past what the
 * file has (a missing field), the deepest part that exists is named, so "missing field" errors
 * point at the block that lacks it.
 */
export function locate(source: YamlSource, path: FieldPath): SourceRange {
  const key = JSON.stringify(path);
  const known = source.ranges?.get(key);
  if (known) return known;
  const range = find(source, path);
  (source.ranges ??= new Map()).set(key, range);
  return range;
}

function find(source: YamlSource, path: FieldPath): SourceRange {
  let node: unknown = source.doc.contents;
  let range = rangeOf(node) ?? ([0, 0] as SourceRange);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      range = rangeOf(pair.key) ?? range;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      // A list item is marked from its start to the end of its first line.
      const r = rangeOf(item);
      if (r) range = [r[0], Math.min(r[1], lineEnd(source.text, r[0]))];
      node = item;
    } else {
      break;
    }
  }
  return range;
}

/** `file:line:col` of a field, for messages that point at a second place ("already used at ..."). */
export function placeOf(source: YamlSource, path: FieldPath): string {
  const { line, column } = lineColumn(source.text, locate(source, path)[0]);
  return `${source.file}:${line}:${column}`;
}

function rangeOf(node: unknown): SourceRange | undefined {
  const r = (node as Node | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** A problem at a field of a parsed file. */
export function problemAt(
  source: YamlSource,
  path: FieldPath,
  severity: Severity,
  code: string,
  message: string,
): Problem {
  return { code, severity, message, file: source.file, path, range: locate(source, path) };
}
