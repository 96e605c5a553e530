import { Chalk, type ChalkInstance } from 'chalk';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Everything a command may touch of the outside world, injected so tests can drive it. */
export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Where the wizard reads answers from. */
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  now: () => number;
  /** The build's worker module, when not the compiled one (tests name one that crashes). */
  buildWorker?: URL;
  /** The cores a build may use by default (`--jobs`): the machine's, unless a test pins it. */
  cores?: number;
}

export interface GlobalOptions {
  cases?: string;
  config?: string;
  quiet?: boolean;
  color: boolean;
}

/** Colour follows --no-color, NO_COLOR and FORCE_COLOR, else whether the stream is a terminal. */
export function colourFor(stream: OutputStream, env: CliContext['env'], flag: boolean): ChalkInstance {
  let level: 0 | 1 | 2 | 3 = stream.isTTY ? 1 : 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined)
    level = force === '0' || force === 'false' ? 0 : (Math.min(3, Number(force) || 1) as 1 | 2 | 3);
  if (env.NO_COLOR || !flag) level = 0;
  return new Chalk({ level });
}

/** DEBUG=casebuilder: stacks of internal errors and what libraries said about a problem. */
export function isDebug(env: CliContext['env']): boolean {
  return env.DEBUG?.split(',').includes('casebuilder') ?? false;
}
