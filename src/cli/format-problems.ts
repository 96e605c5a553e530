import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChalkInstance } from 'chalk';
import { countBySeverity, formatPath, lineColumn, type Problem } from '../errors.js';
import { isInside } from '../load/evidence.js';
import { MAX_YAML_BYTES } from '../load/read-yaml-file.js';

/** The texts problems point into, by the file name shown: those already read, else read from disk. */
export class SourceTexts {
  private readonly texts = new Map<string, string | undefined>();

  constructor(
    private readonly cwd: string,
    private readonly known: { get(file: string): string | undefined } = new Map(),
  ) {}

  text(file: string): string | undefined {
    if (!this.texts.has(file))
      this.texts.set(file, this.known.get(file) ?? readSmallText(path.resolve(this.cwd, file), this.cwd));
    return this.texts.get(file);
  }

  /** 1-based line and column of a problem; none for a problem about a whole file, such as a PDF. */
  position(p: Problem): { line: number; column: number } | undefined {
    if (p.file === undefined || !p.range) return undefined;
    const text = this.text(p.file);
    return text === undefined ? { line: 1, column: 1 } : lineColumn(text, p.range[0]);
  }
}

// Only files a problem can be about are shown: case files and templates, never a large or special
// file, nor a link leading out of the working directory (a pull request's link to a CI secret).
function readSmallText(file: string, cwd: string): string | undefined {
  try {
    const leadsOut = () => !isInside(realpathSync.native(cwd), realpathSync.native(file));
    if (lstatSync(file).isSymbolicLink() && leadsOut()) return undefined;
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_YAML_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `cases/x/incidents/a.yaml:12:7 error interception.violence[0].kind: expected one of ...`, then,
 * as the yaml package's pretty errors do, the source line and a caret under the field.
 */
export function formatProblem(p: Problem, colour: ChalkInstance, sources: SourceTexts, debug = false): string {
  const technical = debug && p.technical ? `\n  ${colour.dim(`library: ${p.technical}`)}` : '';
  return formatLocated(p, colour, sources) + technical;
}

function formatLocated(p: Problem, colour: ChalkInstance, sources: SourceTexts): string {
  const at = sources.position(p);
  const where = p.file ? (at ? `${p.file}:${at.line}:${at.column} ` : `${p.file}: `) : '';

  const severity = p.severity === 'error' ? colour.red('error') : colour.yellow('warning');
  const field = formatPath(p.path);
  const head = `${colour.bold(where)}${severity}${field ? ` ${colour.cyan(field)}` : ''}: ${p.message}`;
  const text = p.file && p.range ? sources.text(p.file) : undefined;
  if (text === undefined || !at) return head;
  return `${head}\n${excerpt(text, p.range!, at, colour)}`;
}

/** `  12 | kind: shooting` and `     |       ^^^^^^^^` under the range (on its first line). */
function excerpt(
  text: string,
  range: readonly [number, number],
  at: { line: number; column: number },
  colour: ChalkInstance,
): string {
  const start = range[0] - (at.column - 1);
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  const gutter = String(at.line);
  const width = Math.max(1, Math.min(range[1], start + line.length) - range[0]);
  // Tabs stay tabs under the caret so it lines up in any terminal.
  const pad = line.slice(0, at.column - 1).replace(/[^\t]/g, ' ');
  return (
    `  ${colour.dim(`${gutter} |`)} ${line}\n` +
    `  ${colour.dim(`${' '.repeat(gutter.length)} |`)} ${pad}${colour.red('^'.repeat(width))}`
  );
}

export function problemSummary(problems: readonly Problem[], files: number): string {
  const { errors, warnings } = countBySeverity(problems);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
}

export function problemJson(p: Problem, sources: SourceTexts) {
  const at = sources.position(p);
  return {
    file: p.file ?? null,
    line: at?.line ?? null,
    column: at?.column ?? null,
    severity: p.severity,
    path: formatPath(p.path),
    message: p.message,
    code: p.code,
    range: p.range ? [...p.range] : null,
  };
}
