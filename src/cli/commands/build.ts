import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DossierLocale, Profile } from '../../assemble/model.js';
import type { CheckedRepository } from '../../check/repository.js';
import { CasebuilderError, ExitStatus, type Problem } from '../../errors.js';
import { HashCache } from '../../load/hash-cache.js';
import { FontLibrary } from '../../pdf/fonts.js';
import { openRepository } from '../../pipeline.js';
import { buildCase, unchangedSince, type BuildCaseOptions, type CaseResult } from '../build-case.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem } from '../format-problems.js';

export interface BuildOptions {
  out?: string;
  locale?: DossierLocale;
  profile: Profile;
  format: 'text' | 'json';
  shard?: string;
  jobs?: string;
  force?: boolean;
}

const HASH_CACHE = '.casebuilder-hashes.json';

/** `--shard 2/3`: every third case in id order, starting with the second. */
export function shardOf(ids: string[], shard: string | undefined): string[] {
  if (!shard) return ids;
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
  const jobs = options.jobs === undefined ? availableParallelism() : Number(options.jobs);
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
  const load = { cwd: ctx.cwd, casesDir: globals.cases, config: globals.config, nowMs: ctx.now() };
  const { repository, problems } = await openRepository({ ...load, selected: cases, verifyHashes: true });
  const colour = colourFor(ctx.stderr, ctx.env, globals.color);
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of errors) ctx.stderr.write(`${formatProblem(p, colour)}\n`);

  const out = options.out ? path.resolve(ctx.cwd, options.out) : path.resolve(repository.root, repository.config.out);
  const caseOptions: BuildCaseOptions = {
    out,
    locale: options.locale,
    profile: options.profile,
    force: Boolean(options.force),
    sourceDateEpoch: epoch,
  };
  const selected = shardOf(cases.length ? cases : repository.caseFolders, options.shard);
  const hashes = HashCache.load(path.join(out, HASH_CACHE));

  const results: CaseResult[] = [];
  const todo: string[] = [];
  for (const id of selected) {
    // A case whose own files, or the files it draws on, have errors is not built; the others are.
    const blocking = blockingProblems(errors, repository, id);
    if (blocking.length > 0) {
      results.push({ case: id, status: 'failed', seconds: 0, problems: blocking });
      continue;
    }
    // Unchanged cases are found here, so workers start only for real work.
    const unchanged = caseOptions.force
      ? undefined
      : await unchangedSince(repository, id, caseOptions, undefined, hashes).catch(() => undefined);
    if (unchanged)
      results.push({
        case: id,
        status: 'skipped',
        file: repository.display(path.join(out, `${id}.pdf`)),
        pages: unchanged.pages,
        seconds: 0,
      });
    else todo.push(id);
  }
  // With --format json the document goes to standard output; progress stays on standard error.
  const progress = new Progress(ctx, colour, selected.length, Boolean(globals.quiet));
  for (const r of results) progress.done(r);

  const toBuild: BuildCaseOptions = { ...caseOptions, force: true };
  if (jobs > 1 && todo.length > 1) {
    results.push(
      ...(await inWorkers(
        todo,
        Math.min(jobs, todo.length),
        { load, options: toBuild, hashes: hashes.toJSON() },
        hashes,
        progress,
      )),
    );
  } else {
    const tools = { fonts: new FontLibrary(), hashes };
    for (const id of todo) {
      const result = await buildCase(repository, id, toBuild, tools);
      results.push(result);
      progress.done(result);
    }
  }
  progress.finish();
  hashes.save(path.join(out, HASH_CACHE));
  for (const r of results)
    for (const p of r.status === 'failed' && !isRepositoryProblem(r, errors) ? (r.problems ?? []) : [])
      ctx.stderr.write(`${formatProblem(p, colour)}\n`);

  results.sort((a, b) => (a.case < b.case ? -1 : a.case > b.case ? 1 : 0));
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  if (options.format === 'json') {
    const summary = {
      built: count('built'),
      skipped: count('skipped'),
      failed: count('failed'),
      pages: results.reduce((n, r) => n + (r.status === 'built' ? (r.pages ?? 0) : 0), 0),
      seconds: (Date.now() - started) / 1000,
      cases: results.map((r) => ({
        case: r.case,
        status: r.status,
        file: r.file ?? null,
        pages: r.pages ?? null,
        seconds: r.seconds,
        problems: (r.problems ?? []).map((p) => p.message),
      })),
    };
    ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (!globals.quiet) {
    ctx.stderr.write(
      `${count('built')} built, ${count('skipped')} unchanged, ${count('failed')} failed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  return count('failed') > 0 ? ExitStatus.invalid : ExitStatus.ok;
}

/** Cases spread over worker threads; each worker keeps its fonts and repository for all its cases. */
async function inWorkers(
  ids: string[],
  count: number,
  setup: object,
  hashes: HashCache,
  progress: Progress,
): Promise<CaseResult[]> {
  const queue = [...ids];
  const results: CaseResult[] = [];
  const url = new URL('../build-worker.js', import.meta.url);
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(url, { workerData: setup });
          const next = () => {
            const id = queue.shift();
            if (id) worker.postMessage({ case: id });
            else worker.postMessage({ done: true });
          };
          worker.on(
            'message',
            (message: {
              ready?: boolean;
              result?: CaseResult;
              fault?: { message: string; stack?: string };
              hashes?: [string, never][];
            }) => {
              if (message.fault) {
                reject(Object.assign(new Error(message.fault.message), { stack: message.fault.stack }));
                void worker.terminate();
                return;
              }
              if (message.hashes) {
                hashes.merge(message.hashes);
                void worker.terminate().then(() => resolve());
                return;
              }
              if (message.result) {
                results.push(message.result);
                progress.done(message.result);
              }
              next();
            },
          );
          worker.on('error', reject);
        }),
    ),
  );
  return results;
}

/** Errors in the case's folder, in the incidents it draws on, or in the shared files. */
function blockingProblems(errors: Problem[], repository: CheckedRepository, id: string): Problem[] {
  const checked = repository.cases.find((c) => c.id === id);
  if (!checked) {
    const folder = `${repository.display(path.join(repository.casesDir, id))}/`;
    const own = errors.filter((p) => p.file?.startsWith(folder));
    return own.length ? own : [{ code: 'case.invalid', severity: 'error', message: `case ${id} cannot be read` }];
  }
  const files = new Set([repository.registrySource?.file, repository.configSource?.file]);
  for (const ref of checked.case.incidents ?? []) {
    const [caseId] = ref.split('/');
    files.add(`${repository.display(path.join(repository.casesDir, caseId!))}/`);
  }
  const dir = `${repository.display(checked.dir)}/`;
  return errors.filter(
    (p) =>
      !p.file ||
      p.file.startsWith(dir) ||
      files.has(p.file) ||
      [...files].some((f) => f?.endsWith('/') && p.file!.startsWith(f)),
  );
}

function isRepositoryProblem(result: CaseResult, errors: Problem[]): boolean {
  return (result.problems ?? []).every((p) => errors.includes(p));
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
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.finished}/${this.total} cases, ${this.pages} pages, ${Math.ceil(eta)} s left${mark}\u001b[K`,
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
