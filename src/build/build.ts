import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckedRepository } from '../check/repository.js';
import type { Problem } from '../errors.js';
import { HashCache } from '../load/hash-cache.js';
import { removeStaleTemps } from '../load/write-atomic.js';
import {
  defaultStages,
  prepareCase,
  runCaseJob,
  type BuildCaseOptions,
  type CaseJob,
  type CaseResult,
  type Stages,
  type UnchangedCheck,
} from './case.js';
import { blockingProblems, HASH_CACHE, saveCaches, templateReader, type BuildCaches } from './repository.js';

export interface BuildRun {
  repository: CheckedRepository;
  /** Errors found when the repository was opened: a case they concern is not built. */
  errors: readonly Problem[];
  /** Case ids, in the order to report them. */
  cases: readonly string[];
  options: BuildCaseOptions;
  /** Cases built at once; 1 builds in this thread. */
  jobs: number;
  /** Called as each case ends, for progress. */
  onResult?: (result: CaseResult) => void;
  stages?: Stages;
  /** The worker module (a piscina task); tests name one that fails on purpose. */
  workerFile?: string | URL;
  /** The caches read when the repository was opened, saved when the build ends. */
  caches?: BuildCaches;
  /** What the repository's YAML files were when opened: a case seen so before need not be assembled. */
  seen?: { fingerprint: string; yaml: ReadonlyMap<string, string> };
}

/**
 * Builds the selected cases: each is assembled once here, skipped when its inputs are unchanged,
 * else rendered in this thread or in a worker that receives the assembled case. A case that
 * fails, even by a crash of its worker, is a result like any other; the rest are built.
 */
export async function buildCases(run: BuildRun): Promise<CaseResult[]> {
  const { repository, options } = run;
  const hashFile = path.join(options.out, HASH_CACHE);
  removeStaleTemps(options.out);
  const caches = run.caches?.dir === options.out ? run.caches : undefined;
  const hashes = caches?.hashes ?? HashCache.load(hashFile);
  const parse = caches?.parse;
  const unchanged: UnchangedCheck | undefined =
    parse && run.seen
      ? {
          ...run.seen,
          confirmed: (pdfFile) => parse.extra.get(pdfFile),
          confirm: (pdfFile, value) => parse.setExtra(pdfFile, value),
        }
      : undefined;
  const tools = { hashes, templates: templateReader(repository), stages: run.stages ?? defaultStages, unchanged };
  const results: CaseResult[] = [];
  const done = (result: CaseResult) => {
    results.push(result);
    run.onResult?.(result);
  };

  const jobs: CaseJob[] = [];
  for (const id of run.cases) {
    const blocking = blockingProblems(run.errors, repository, id);
    if (blocking.length > 0) {
      done({ case: id, status: 'failed', seconds: 0, problems: blocking });
      continue;
    }
    const prepared = await prepareCase(repository, id, options, tools);
    if ('job' in prepared) jobs.push(prepared.job);
    else done('skipped' in prepared ? prepared.skipped : prepared.failed);
  }
  hashes.save(hashFile);

  await render(jobs, run, done);
  for (const r of results) if (r.written) hashes.record(r.written.file, r.written.sha256);
  const built = new Set(results.flatMap((r) => (r.written ? [r.written.file] : [])));
  for (const job of jobs)
    if (job.seen && built.has(job.pdfFile)) unchanged?.confirm(job.pdfFile, `${job.seen} ${job.inputs.inputsHash}`);
  if (caches) saveCaches(caches);
  else hashes.save(hashFile);
  return results;
}

async function render(jobs: CaseJob[], run: BuildRun, done: (result: CaseResult) => void): Promise<void> {
  const threads = Math.min(run.jobs, jobs.length);
  if (threads === 0) return;
  if (threads <= 1) {
    // pdf-lib and fontkit load only where a page is drawn: here, or in the workers.
    const { FontLibrary } = await import('../pdf/fonts.js');
    const fonts = new FontLibrary();
    for (const job of jobs) {
      // A fault in one case is that case's error, as it is in a worker: the others are built.
      done(await runCaseJob(job, fonts).catch((err: unknown) => crashed(job, err)));
    }
    return;
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: workerPath(run.workerFile),
    minThreads: threads,
    maxThreads: threads,
    // A worker keeps its fonts for the next case; the pool ends with the build.
    idleTimeout: 60_000,
  });
  try {
    // Largest first, so that no core waits alone at the end on the biggest case.
    const order = [...jobs].sort((a, b) => weight(b) - weight(a));
    await Promise.all(
      order.map((job) =>
        pool.run(job).then(
          (result: CaseResult) => done(result),
          (err: unknown) => done(crashed(job, err)),
        ),
      ),
    );
  } finally {
    await pool.destroy();
  }
}

/** The number of cores, the default of `--jobs`. */
export const defaultJobs = () => availableParallelism();

/** A rough size of a case: its incidents and exhibits. */
function weight(job: CaseJob): number {
  return job.dossier.incidents.length * 4 + job.dossier.evidence.length;
}

function crashed(job: CaseJob, err: unknown): CaseResult {
  const reason = (err as Error)?.message ?? String(err);
  const problem: Problem = {
    code: 'build.crashed',
    severity: 'error',
    message:
      `the build of case ${job.dossier.caseId} stopped unexpectedly: ${reason}. ` +
      'This is a bug in casebuilder; the other cases were built',
  };
  return { case: job.dossier.caseId, status: 'failed', seconds: 0, problems: [problem] };
}

/** The compiled worker: beside this file in dist/, or dist/ itself when running from the sources. */
function workerPath(file: string | URL | undefined): string {
  if (file) return file instanceof URL ? fileURLToPath(file) : file;
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return path.join(path.dirname(here), 'worker.js');
  return path.resolve(path.dirname(here), '../../dist/build/worker.js');
}
