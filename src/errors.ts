/** Exit statuses of cli.md; only src/cli/main.ts turns them into a process exit. */
export const ExitStatus = {
  ok: 0,
  invalid: 1,
  usage: 2,
  internal: 3,
} as const;
export type ExitStatus = (typeof ExitStatus)[keyof typeof ExitStatus];

export type Severity = 'error' | 'warning';

/** A field path as zod and the yaml Document API see it: keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** Offsets [start, end) into a file's text (UTF-16 code units, as JavaScript strings count). */
export type SourceRange = readonly [number, number];

/**
 * Everything casebuilder has to say about an input: a schema failure, a broken reference,
 * a warning about chain of custody, an exhibit that cannot be shown. The range says where in
 * the file; line and column are worked out only when the problem is printed. Both are absent
 * when the problem concerns no file at all.
 */
export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  range?: SourceRange;
  path?: FieldPath;
  /** What a library said about it, beyond the message: printed only with DEBUG=casebuilder. */
  technical?: string;
}

/** 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}

/** The offset of a 1-based line and column (for tools such as Handlebars that report lines). */
export function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return text.length;
    start = next + 1;
  }
  return Math.min(text.length, start + Math.max(0, column - 1));
}

/**
 * The one error type of casebuilder: a problem that stops the command, with the exit status
 * it calls for. Anything else thrown is a bug (exit status 3).
 */
export class CasebuilderError extends Error {
  readonly problem: Problem;
  readonly exitStatus: ExitStatus;

  constructor(
    problem: Omit<Problem, 'severity'> & { severity?: Severity },
    exitStatus: ExitStatus = ExitStatus.invalid,
  ) {
    super(problem.message);
    this.name = 'CasebuilderError';
    this.problem = { severity: 'error', ...problem };
    this.exitStatus = exitStatus;
  }
}

/** `interception.violence[0].kind` */
export function formatPath(path: FieldPath | undefined): string {
  if (!path || path.length === 0) return '';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { errors, warnings: problems.length - errors };
}
