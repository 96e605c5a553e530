import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Piscina } from 'piscina';
import { fileURLToPath } from 'node:url';
import type { CheckedRepository } from '../check/repository.js';
import type { Problem } from '../errors.js';
import { HashCache } from '../load/hash-cache.js';
import type { ParseCache } from '../load/parse-cache.js';
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
import { blockingProblems, caseById, HASH_CACHE, saveCaches, templateReader, type BuildCaches } from './repository.js';
import { verdictStore } from './verdicts.js';

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
  // A killed filing leaves its volumes' temporary files in the case's filing folder.
  removeStaleTemps(options.out, { subfolders: true });
  const caches = run.caches?.dir === options.out ? run.caches : undefined;
  const hashes = caches?.hashes ?? HashCache.load(hashFile);
  const parse = caches?.parse;
  // The dossiers this machine wrote, by their SHA-256, in the signed parse cache: a dossier and
  // manifest committed in a pull request are never taken for a build's own.
  const wrote = parse && ((sha256: string) => parse.extra.has(`${WROTE}${sha256}`));
  const unchanged: UnchangedCheck | undefined =
    parse && run.seen
      ? {
          ...run.seen,
          confirmed: (pdfFile) => parse.extra.get(pdfFile),
          confirm: (pdfFile, value) => parse.setExtra(pdfFile, value),
        }
      : undefined;
  const verdicts = parse && verdictStore(parse);
  const tools = {
    hashes,
    templates: templateReader(repository),
    stages: run.stages ?? defaultStages,
    unchanged,
    wrote,
    verdicts,
  };
  const results: CaseResult[] = [];
  const done = ({ verdicts: found, ...result }: CaseResult) => {
    if (found) verdicts?.remember(found);
    results.push(result);
    run.onResult?.(result);
  };

  // Largest first, so that no core waits alone at the end on the biggest case; each case goes to
  // a worker as soon as it is assembled, so the workers start while the rest are being prepared.
  const order = run.jobs > 1 ? [...run.cases].sort((a, b) => weight(repository, b) - weight(repository, a)) : run.cases;
  const renderer = new Renderer(run, done);
  const confirmations: { pdfFile: string; value: string }[] = [];
  let left = order.length;
  for (const id of order) {
    left--;
    const blocking = blockingProblems(run.errors, repository, id);
    if (blocking.length > 0) {
      done({ case: id, status: 'failed', seconds: 0, problems: blocking });
      continue;
    }
    const prepared = await prepareCase(repository, id, options, tools);
    if ('job' in prepared) {
      const { job } = prepared;
      if (job.seen) confirmations.push({ pdfFile: job.pdfFile, value: `${job.seen} ${job.inputs.inputsHash}` });
      await renderer.add(job, left);
    } else done('skipped' in prepared ? prepared.skipped : prepared.failed);
  }
  await renderer.finish();
  for (const r of results)
    if (r.written) {
      hashes.record(r.written.file, r.written.sha256);
      parse?.setExtra(`${WROTE}${r.written.sha256}`, '');
    }
  if (parse) forgetOldest(parse);
  const built = new Set(results.flatMap((r) => (r.written ? [r.written.file] : [])));
  for (const c of confirmations) if (built.has(c.pdfFile)) unchanged?.confirm(c.pdfFile, c.value);
  if (caches) saveCaches(caches);
  else hashes.save(hashFile);
  return results;
}

const WROTE = 'wrote ';
/**
 * The dossiers remembered as written here: ten times a large repository's, since a version
 * replaced is forgotten only past this many, the oldest first (a dossier forgotten is built again).
 */
const MAX_WROTE = 100_000;

function forgetOldest(parse: ParseCache): void {
  const wrote = [...parse.extra.keys()].filter((key) => key.startsWith(WROTE));
  for (const key of wrote.slice(0, Math.max(0, wrote.length - MAX_WROTE))) parse.setExtra(key, undefined);
}

/**
 * Renders jobs as they come: in this thread with `--jobs 1`, else in a pool of workers started
 * with the first job (a build that skips every case starts none).
 */
class Renderer {
  private pool?: Piscina;
  private first?: CaseJob;
  private readonly running: Promise<void>[] = [];

  constructor(
    private readonly run: BuildRun,
    private readonly done: (result: CaseResult) => void,
  ) {}

  /** Runs one job in this thread, or starts it in a worker; `left` is how many cases may still follow. */
  async add(job: CaseJob, left: number): Promise<void> {
    if (this.run.jobs <= 1) return this.here(job);
    // A single job to render is rendered here: starting workers would cost more than it saves.
    if (!this.pool && !this.first) {
      this.first = job;
      return;
    }
    if (!this.pool) {
      const threads = Math.min(this.run.jobs, left + 2);
      const { Piscina } = await import('piscina');
      this.pool = new Piscina({
        filename: workerPath(this.run.workerFile),
        minThreads: threads,
        maxThreads: threads,
        // A worker keeps its fonts for the next case; the pool ends with the build.
        idleTimeout: 60_000,
      });
      this.start(this.first!);
    }
    this.start(job);
  }

  async finish(): Promise<void> {
    if (this.first && !this.pool) await this.here(this.first);
    try {
      await Promise.all(this.running);
    } finally {
      await this.pool?.destroy();
    }
  }

  private start(job: CaseJob): void {
    this.running.push(
      this.pool!.run(job).then(
        (result: CaseResult) => this.done(result),
        (err: unknown) => this.done(crashed(job, err)),
      ),
    );
  }

  private async here(job: CaseJob): Promise<void> {
    // pdf-lib and fontkit load only where a page is drawn: here, or in the workers.
    const fonts = (await import('../pdf/fonts.js')).fontLibrary();
    // A fault in one case is that case's error, as it is in a worker: the others are built.
    this.done(await runCaseJob(job, fonts).catch((err: unknown) => crashed(job, err)));
  }
}

/** The number of cores, the default of `--jobs`. */
export const defaultJobs = () => availableParallelism();

/** A rough size of a case before it is assembled: its incidents and their exhibits. */
function weight(repository: CheckedRepository, id: string): number {
  const checked = caseById(repository).get(id);
  if (!checked) return 0;
  const evidence = checked.incidents.reduce((n, i) => n + (i.incident.evidence?.length ?? 0), 0);
  return (checked.incidents.length + (checked.case.incidents?.length ?? 0)) * 4 + evidence;
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

/**
 * The compiled worker: beside this file in dist/ (the bundle's, or tsc's), or the bundle's when
 * running from the sources (tests), which starts in a fraction of the time of dist/'s modules.
 */
function workerPath(file: string | URL | undefined): string {
  if (file) return file instanceof URL ? fileURLToPath(file) : file;
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return path.join(path.dirname(here), 'worker.js');
  return path.resolve(path.dirname(here), '../../dist/bundle/worker.js');
}
