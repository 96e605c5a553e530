import type { ChalkInstance } from 'chalk';
import { countBySeverity, formatPath, type Problem } from '../errors.js';

/** `cases/x/incidents/a.yaml:12:7 error interception.violence[0].kind: expected one of ...` */
export function formatProblem(p: Problem, colour: ChalkInstance): string {
  const where = p.file ? `${p.file}:${p.line ?? 1}:${p.column ?? 1} ` : '';
  const severity = p.severity === 'error' ? colour.red('error') : colour.yellow('warning');
  const field = formatPath(p.path);
  return `${colour.bold(where)}${severity}${field ? ` ${colour.cyan(field)}` : ''}: ${p.message}`;
}

export function problemSummary(problems: readonly Problem[], files: number): string {
  const { errors, warnings } = countBySeverity(problems);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
}

export function problemJson(p: Problem) {
  return {
    file: p.file ?? null,
    line: p.line ?? null,
    column: p.column ?? null,
    severity: p.severity,
    path: formatPath(p.path),
    message: p.message,
    code: p.code,
  };
}
