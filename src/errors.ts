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

/**
 * Everything casebuilder has to say about an input: a schema failure, a broken reference,
 * a warning about chain of custody. Line and column are 1-based; absent when the problem
 * concerns a file as a whole or no file at all.
 */
export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  path?: FieldPath;
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
