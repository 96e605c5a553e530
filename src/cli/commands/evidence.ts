import { readFileSync } from 'node:fs';
import { ExitStatus, type Problem } from '../../errors.js';
import { sha256File } from '../../load/evidence.js';
import { writeFileAtomic } from '../../load/write-atomic.js';
import { insertSha256 } from '../../load/yaml-edit.js';
import { openRepository } from '../../build/repository.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem, SourceTexts } from '../format-problems.js';
import path from 'node:path';

/** What leaves an evidence item as it is: a file that cannot be hashed as named, or a hash already in dispute. */
const EVIDENCE_FAULTS = new Set([
  'evidence.missing',
  'evidence.not-file',
  'evidence.outside-case',
  'evidence.up-through-link',
  'evidence.sha256-mismatch',
]);

/**
 * `evidence hash`: records the SHA-256 of every evidence file that has none. A recorded
 * value that differs from the file is reported, never overwritten: that is the chain of
 * custody speaking.
 */
export async function evidenceHashCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  cases: string[],
): Promise<ExitStatus> {
  const {
    repository,
    problems,
    sources: texts,
  } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    selected: cases,
    nowMs: ctx.now(),
    verifyHashes: true,
  });
  const colour = colourFor(ctx.stderr, ctx.env, globals.color);
  const faults = problems.filter(
    (p) => EVIDENCE_FAULTS.has(p.code) || (p.severity === 'error' && p.code.startsWith('schema.')),
  );
  const broken = new Set(faults.map((p) => `${p.file}|${evidenceIndex(p)}`));
  let hashed = 0;
  for (const c of repository.cases.filter((c) => cases.length === 0 || cases.includes(c.id))) {
    for (const { incident, source } of c.incidents) {
      const additions: { index: number; sha256: string }[] = [];
      for (const [index, evidence] of (incident.evidence ?? []).entries()) {
        if (evidence.sha256 || broken.has(`${source.file}|${index}`)) continue;
        additions.push({ index, sha256: await sha256File(path.resolve(c.dir, evidence.file)) });
      }
      if (additions.length === 0 || !source.absPath) continue;
      const text = readFileSync(source.absPath, 'utf8');
      writeFileAtomic(source.absPath, insertSha256(source, text, additions));
      hashed += additions.length;
      for (const a of additions)
        ctx.stdout.write(`${source.file} evidence[${a.index}] ${incident.evidence![a.index]!.file} ${a.sha256}\n`);
    }
  }
  for (const p of faults) ctx.stderr.write(`${formatProblem(p, colour, new SourceTexts(ctx.cwd, texts))}\n`);
  if (!globals.quiet)
    ctx.stderr.write(
      `${hashed} sha256 value${hashed === 1 ? '' : 's'} recorded` +
        `${faults.length ? `, ${faults.length} problem${faults.length === 1 ? '' : 's'} left as they are` : ''}\n`,
    );
  return faults.some((p) => p.severity === 'error') ? ExitStatus.invalid : ExitStatus.ok;
}

/** `evidence verify`: every recorded SHA-256 recomputed; a mismatch or a missing file fails. */
export async function evidenceVerifyCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  cases: string[],
): Promise<ExitStatus> {
  const {
    repository,
    problems,
    sources: texts,
  } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    selected: cases,
    nowMs: ctx.now(),
    verifyHashes: true,
  });
  const colour = colourFor(ctx.stdout, ctx.env, globals.color);
  const relevant = problems.filter((p) => EVIDENCE_FAULTS.has(p.code) || p.code === 'evidence.no-sha256');
  for (const p of relevant) ctx.stdout.write(`${formatProblem(p, colour, new SourceTexts(ctx.cwd, texts))}\n`);
  const total = repository.cases
    .filter((c) => cases.length === 0 || cases.includes(c.id))
    .reduce((n, c) => n + c.incidents.reduce((m, i) => m + (i.incident.evidence?.length ?? 0), 0), 0);
  const failed = relevant.filter((p) => p.severity === 'error');
  const unrecorded = relevant.length - failed.length;
  ctx.stdout.write(
    `${total - failed.length - unrecorded} of ${total} evidence files match their recorded sha256; ` +
      `${failed.length} failed; ${unrecorded} have none recorded\n`,
  );
  return failed.length > 0 ? ExitStatus.invalid : ExitStatus.ok;
}

function evidenceIndex(p: Problem): number | undefined {
  return p.path && p.path[0] === 'evidence' && typeof p.path[1] === 'number' ? p.path[1] : undefined;
}
