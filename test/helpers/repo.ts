import { afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
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

/** Runs the built bin as a user would, without colour. */
export function run(cwd: string, args: string[], env: Record<string, string> = {}): RunResult {
  // Jest sets FORCE_COLOR for its workers; the CLI gets only what the test asks for.
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  delete base.FORCE_COLOR;
  if (env.FORCE_COLOR !== undefined) base.FORCE_COLOR = env.FORCE_COLOR;
  for (const key of Object.keys(base)) if (base[key] === '') delete base[key];
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: base as NodeJS.ProcessEnv,
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

export function validateJson(
  cwd: string,
  args: string[] = [],
): { status: number | null; problems: JsonProblem[]; raw: RunResult } {
  const raw = run(cwd, ['validate', '--format', 'json', ...args]);
  const parsed = JSON.parse(raw.stdout) as { problems: JsonProblem[] };
  return { status: raw.status, problems: parsed.problems, raw };
}
