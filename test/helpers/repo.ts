import { afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import type { runCli as RunCli } from '../../src/cli/program.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(projectRoot, 'bin/casebuilder');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of test/fixtures/<name> in a temporary folder, to break at will. */
export function fixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `casebuilder-${name}-`));
  made.push(dir);
  cpSync(path.join(projectRoot, 'test/fixtures', name), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** A copy of the worked sample repository (cases/ and casebuilder.yaml at the project's root). */
export function sampleRepository(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casebuilder-samples-'));
  made.push(dir);
  cpSync(path.join(projectRoot, 'cases'), path.join(dir, 'cases'), { recursive: true });
  cpSync(path.join(projectRoot, 'casebuilder.yaml'), path.join(dir, 'casebuilder.yaml'));
  return dir;
}

export function emptyDir(prefix = 'empty'): string {
  const dir = mkdtempSync(path.join(tmpdir(), `casebuilder-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Replaces exactly one occurrence of `from` in a file, so a test cannot edit the wrong line. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected one "${from}" in ${file}, found ${count}`);
  writeFileSync(full, text.replace(from, to));
}

export function write(dir: string, file: string, content: string | Uint8Array): void {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** 1-based line and column where `needle` begins in a file (after an edit). */
export function positionOf(dir: string, file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in ${file}`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a command sees: the test's own, without the colour Jest forces on its workers. */
function cliEnv(env: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  delete base.FORCE_COLOR;
  if (env.FORCE_COLOR !== undefined) base.FORCE_COLOR = env.FORCE_COLOR;
  for (const key of Object.keys(base)) if (base[key] === '') delete base[key];
  return base;
}

/**
 * Runs the CLI program in-process, as `bin/casebuilder` would with these arguments in `cwd`:
 * the same program factory, with the working directory, environment and streams injected.
 */
export async function run(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  extra: Partial<CliContext> = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  const runCli = await bundledCli();
  const status = await runCli(args, {
    cwd,
    env: cliEnv(env),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    stdinIsTTY: false,
    now: () => Date.now(),
    // Jest runs two files at once on two cores: a build starts no worker threads unless a test asks
    // for them (--jobs 2, or `cores`).
    cores: 1,
    ...extra,
  });
  return { status, stdout, stderr };
}

/**
 * The CLI as shipped, bundled again by Jest's global set-up (global-setup.mjs): a test file loads
 * some fifteen chunks instead of the source's modules and pdf-lib's hundreds, each a module of its
 * own in Jest's VM (about half a second of every test file that builds).
 */
let cli: Promise<typeof RunCli> | undefined;
function bundledCli(): Promise<typeof RunCli> {
  cli ??= import(path.join(projectRoot, 'dist/bundle/main.js')).then((m: { runCli: typeof RunCli }) => m.runCli);
  return cli;
}

/** Runs the built bin in a process of its own: for the end-to-end tier, once per command and scenario. */
export function runBin(cwd: string, args: string[], env: Record<string, string> = {}): RunResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: cliEnv(env) as NodeJS.ProcessEnv,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonProblem {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  path: string;
  message: string;
  code: string;
}

export async function validateJson(
  cwd: string,
  args: string[] = [],
): Promise<{ status: number | null; problems: JsonProblem[]; raw: RunResult }> {
  const raw = await run(cwd, ['validate', '--format', 'json', ...args]);

  const parsed = JSON.parse(raw.stdout) as { problems: JsonProblem[] };
  return { status: raw.status, problems: parsed.problems, raw };
}
