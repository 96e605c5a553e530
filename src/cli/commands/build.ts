import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { DossierLocale, Profile } from '../../assemble/model.js';
import type { CaseResult } from '../../build/case.js';
import type { SealJob } from '../../build/seal.js';
import {
  removeStamp,
  stampBuild,
  stampRequestFor,
  STAMP_FILE,
  unchangedBuild,
  type StampRequest,
} from '../../build/stamp.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { dossiersFolder } from '../../build/dossiers-folder.js';
import { machineKey } from '../../load/machine-key.js';
import { PROGRAM } from '../../version.js';
import { colourFor, isDebug, type CliContext, type GlobalOptions } from '../context.js';

export interface BuildOptions {
  out?: string;
  locale?: DossierLocale;
  profile: Profile;
  format: 'text' | 'json';
  shard?: string;
  jobs?: string;
  force?: boolean;
  seal?: string;
  pdfa?: boolean;
  filing?: string;
}

/** `--shard 2/3`: every third case in id order, starting with the second. */
export function shardOf(ids: readonly string[], shard: string | undefined): string[] {
  if (!shard) return [...ids];
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || n < 1 || i < 1 || i > n) {
    throw new CasebuilderError(
      { code: 'usage.shard', message: `--shard takes I/N with 1 <= I <= N, such as 2/3; got "${shard}"` },
      ExitStatus.usage,
    );
  }
  return [...ids].sort().filter((_, k) => k % n === i - 1);
}

export async function buildCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  cases: string[],
  options: BuildOptions,
): Promise<ExitStatus> {
  const jobs = options.jobs === undefined ? (ctx.cores ?? availableParallelism()) : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new CasebuilderError(
      { code: 'usage.jobs', message: `--jobs takes a whole number of 1 or more; got "${options.jobs}"` },
      ExitStatus.usage,
    );
  const epoch = ctx.env.SOURCE_DATE_EPOCH ? Number(ctx.env.SOURCE_DATE_EPOCH) : undefined;
  if (epoch !== undefined && !Number.isFinite(epoch)) {
    throw new CasebuilderError(
      {
        code: 'usage.source-date-epoch',
        message: `SOURCE_DATE_EPOCH must be a number of seconds; got "${ctx.env.SOURCE_DATE_EPOCH}"`,
      },
      ExitStatus.usage,
    );
  }
  const started = Date.now();
  // When the repository is read, by the command's clock: the stamp's day and its racy window.
  const startedAt = ctx.now();
  const colour = colourFor(ctx.stderr, ctx.env, globals.color);
  // A rebuild that would find nothing to do is known from the stamp alone (src/build/stamp.ts).
  const stampable = !options.force && !options.seal && !options.filing;
  // This machine's key signs what the build keeps beside the dossiers (the stamp, the parse cache).
  const secret = machineKey(ctx.env);
  const request = stampable ? stampRequest(ctx, globals, cases, options, secret) : undefined;
  const stamped = request && unchangedBuild(PROGRAM, request, ctx.now(), epoch);
  if (stamped) {
    const progress = new Progress(ctx, colour, stamped.length, Boolean(globals.quiet));
    const results = stamped.map((c): CaseResult => ({ ...c, status: 'skipped', seconds: 0 }));
    for (const r of results) progress.done(r);
    progress.finish();
    return report(ctx, globals, options, results, started);
  }

  const { buildCases } = await import('../../build/build.js');
  const { buildCaches, openRepository } = await import('../../build/repository.js');
  const { formatProblem, SourceTexts } = await import('../format-problems.js');
  const seal = options.seal ? await readSeal(ctx, options.seal) : undefined;
  const opened = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    nowMs: ctx.now(),
    selected: cases,
    verifyHashes: true,
    caches: buildCaches(ctx.cwd, options.out, secret),
  });
  const { repository } = opened;
  const sources = new SourceTexts(ctx.cwd, opened.sources);
  const errors = opened.problems.filter((p) => p.severity === 'error');
  for (const p of errors) ctx.stderr.write(`${formatProblem(p, colour, sources, isDebug(ctx.env))}\n`);

  // Filing and seals load pdf-lib and fontkit: only when asked for (a no-op rebuild loads neither).
  // Profiles casebuilder.yaml gets wrong are reported there, at their lines, and fail every case:
  // the one asked for is not also said not to exist (its own error may wait until the others are mended).
  const filingWrong = errors.some((p) => p.path?.[0] === 'filing');
  const filing =
    options.filing && !filingWrong
      ? (await import('../../build/filing.js')).filingProfile(repository.config, options.filing)
      : undefined;
  const out = dossiersFolder(repository, ctx.cwd, options.out);
  const selected = shardOf(opened.selected, options.shard);
  // With --format json the document goes to standard output; progress stays on standard error.
  const progress = new Progress(ctx, colour, selected.length, Boolean(globals.quiet));
  const results = await buildCases({
    repository,
    errors,
    cases: selected,
    options: {
      out,
      locale: options.locale,
      profile: options.profile,
      force: Boolean(options.force),
      sourceDateEpoch: epoch,
      ...(seal ? { seal } : {}),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(filing ? { filing } : {}),
    },
    jobs,
    onResult: (r) => progress.done(r),
    workerFile: ctx.buildWorker,
    caches: opened.caches,
    seen: opened,
  });
  progress.finish();
  // Problems already printed above (those of the repository) are not printed twice.
  for (const r of results) {
    for (const p of r.status === 'failed' ? (r.problems ?? []) : [])
      if (!errors.includes(p)) ctx.stderr.write(`${formatProblem(p, colour, sources, isDebug(ctx.env))}\n`);
    for (const w of r.warnings ?? []) ctx.stderr.write(`${formatProblem(w, colour, sources, isDebug(ctx.env))}\n`);
  }

  results.sort((a, b) => (a.case < b.case ? -1 : a.case > b.case ? 1 : 0));
  if (request) {
    const stampOf = { ...request, out };
    const clean =
      errors.length === 0 && results.length === selected.length && results.every((r) => r.status !== 'failed');
    if (clean) stampBuild(PROGRAM, stampOf, repository, results, epoch, startedAt);
    else removeStamp(path.join(out, STAMP_FILE));
  }
  return report(ctx, globals, options, results, started);
}

/** The summary of a build: a JSON document on standard output, or one line on standard error. */
function report(
  ctx: CliContext,
  globals: GlobalOptions,
  options: BuildOptions,
  results: CaseResult[],
  started: number,
): ExitStatus {
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  const seconds = (Date.now() - started) / 1000;
  if (options.format === 'json') {
    const summary = {
      built: count('built'),
      skipped: count('skipped'),
      failed: count('failed'),
      pages: results.reduce((n, r) => n + (r.status === 'built' ? (r.pages ?? 0) : 0), 0),
      seconds,
      cases: results.map((r) => ({
        case: r.case,
        status: r.status,
        file: r.file ?? null,
        pages: r.pages ?? null,
        seconds: r.seconds,
        problems: (r.problems ?? []).map((p) => p.message),
        warnings: (r.warnings ?? []).map((p) => p.message),
      })),
    };
    ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (!globals.quiet) {
    const counts = `${count('built')} built, ${count('skipped')} unchanged, ${count('failed')} failed`;
    ctx.stderr.write(`${counts} in ${seconds.toFixed(1)} s\n`);
  }
  return count('failed') > 0 ? ExitStatus.invalid : ExitStatus.ok;
}

/** What the stamp of this build is kept under: the arguments that shape the dossiers. */
function stampRequest(
  ctx: CliContext,
  globals: GlobalOptions,
  cases: string[],
  options: BuildOptions,
  secret: Uint8Array | undefined,
): StampRequest | undefined {
  const command = {
    config: globals.config ?? null,
    cases: globals.cases ?? null,
    selected: cases,
    shard: options.shard ?? null,
    profile: options.profile,
    locale: options.locale ?? null,
    pdfa: Boolean(options.pdfa),
  };
  const request = stampRequestFor(ctx.cwd, globals.config, options.out, command);
  return request && { ...request, secret };
}

/** The PKCS#12 file of `--seal`, its password from the environment: never from the command line. */
async function readSeal(ctx: CliContext, file: string): Promise<SealJob> {
  const password = ctx.env.CASEBUILDER_SEAL_PASSWORD;
  if (password === undefined)
    throw new CasebuilderError(
      {
        code: 'usage.seal-password',
        message:
          `--seal ${file}: set CASEBUILDER_SEAL_PASSWORD to the password of the PKCS#12 file ` +
          '(it is never taken from the command line)',
      },
      ExitStatus.usage,
    );
  const full = path.resolve(ctx.cwd, file);
  if (!existsSync(full))
    throw new CasebuilderError({ code: 'usage.no-file', message: `--seal: no file ${file}` }, ExitStatus.usage);
  const { prepareSeal } = await import('../../build/seal.js');
  return prepareSeal(new Uint8Array(readFileSync(full)), password, file, ctx.now());
}

/** A bar on a terminal (cases done, pages, time left); one plain line per case otherwise. */
class Progress {
  private finished = 0;
  private pages = 0;
  private readonly start = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly ctx: CliContext,
    private readonly colour: ReturnType<typeof colourFor>,
    private readonly total: number,
    private readonly silent: boolean,
  ) {
    this.tty = Boolean(ctx.stderr.isTTY);
  }

  done(result: CaseResult): void {
    this.finished++;
    this.pages += result.status === 'built' ? (result.pages ?? 0) : 0;
    if (this.silent) return;
    if (this.tty) {
      const width = 28;
      const filled = Math.round((this.finished / Math.max(1, this.total)) * width);
      const elapsed = (Date.now() - this.start) / 1000;
      const eta = this.finished ? (elapsed / this.finished) * (this.total - this.finished) : 0;
      const mark = result.status === 'failed' ? this.colour.red(' failed: ' + result.case) : '';
      this.ctx.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
          `${this.finished}/${this.total} cases, ${this.pages} pages, ${Math.ceil(eta)} s left${mark}\u001b[K`,
      );
      return;
    }
    const what = { built: this.colour.green('built  '), skipped: 'unchanged', failed: this.colour.red('failed ') }[
      result.status
    ];
    const detail =
      result.status === 'built'
        ? `${result.file} (${result.pages} pages, ${result.seconds.toFixed(2)} s)`
        : result.status === 'skipped'
          ? `${result.file}`
          : `${result.problems?.length ?? 0} error(s)`;
    this.ctx.stderr.write(`${what} ${result.case}: ${detail}\n`);
  }

  finish(): void {
    if (this.tty && !this.silent && this.total > 0) this.ctx.stderr.write('\n');
  }
}
