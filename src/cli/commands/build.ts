import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DossierLocale, Profile } from '../../assemble/model.js';
import { buildDossier, type FileAccess } from '../../dossier.js';
import { readExhibitContent } from '../../load/exhibit-content.js';
import { CasebuilderError, ExitStatus, type Problem } from '../../errors.js';
import { sha256File } from '../../load/evidence.js';
import { readTemplates } from '../../load/templates.js';
import { writeFileAtomic } from '../../load/write-atomic.js';
import { FontLibrary } from '../../pdf/fonts.js';
import { openRepository } from '../../pipeline.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem } from '../format-problems.js';

export interface BuildOptions {
  out?: string;
  locale?: DossierLocale;
  profile: Profile;
  format: 'text' | 'json';
  shard?: string;
}

/** `--shard 2/3`: every third case in id order, starting with the second. */
export function shardOf(ids: string[], shard: string | undefined): string[] {
  if (!shard) return ids;
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || n < 1 || i < 1 || i > n) {
    throw new CasebuilderError({ code: 'usage.shard', message: `--shard takes I/N with 1 <= I <= N, such as 2/3; got "${shard}"` }, ExitStatus.usage);
  }
  return [...ids].sort().filter((_, k) => k % n === i - 1);
}

interface CaseResult {
  case: string;
  status: 'built' | 'failed';
  file?: string;
  pages?: number;
  seconds: number;
  problems?: string[];
}

export async function buildCommand(ctx: CliContext, globals: GlobalOptions, cases: string[], options: BuildOptions): Promise<ExitStatus> {
  const { repository, problems } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    selected: cases,
    nowMs: ctx.now(),
    verifyHashes: true,
  });
  const colour = colourFor(ctx.stderr, ctx.env, globals.color);
  const say = (line: string) => {
    if (!globals.quiet) ctx.stderr.write(`${line}\n`);
  };
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of errors) ctx.stderr.write(`${formatProblem(p, colour)}\n`);

  const out = options.out ? path.resolve(ctx.cwd, options.out) : path.resolve(repository.root, repository.config.out);
  const epoch = ctx.env.SOURCE_DATE_EPOCH ? Number(ctx.env.SOURCE_DATE_EPOCH) : undefined;
  if (epoch !== undefined && !Number.isFinite(epoch)) {
    throw new CasebuilderError({ code: 'usage.source-date-epoch', message: `SOURCE_DATE_EPOCH must be a number of seconds; got "${ctx.env.SOURCE_DATE_EPOCH}"` }, ExitStatus.usage);
  }
  const fonts = new FontLibrary();
  const files: FileAccess = {
    facts: async (abs) => ({ size: statSync(abs).size, sha256: await sha256File(abs) }),
    content: readExhibitContent,
    read: (abs) => new Uint8Array(readFileSync(abs)),
  };
  const selected = shardOf(cases.length ? cases : repository.cases.map((c) => c.id), options.shard);
  const results: CaseResult[] = [];
  for (const id of selected) {
    const started = Date.now();
    const checked = repository.cases.find((c) => c.id === id);
    // A case whose own files, or the files it draws on, have errors is not built.
    const blocking = checked ? blockingProblems(errors, repository.display(checked.dir), repository) : [{ message: 'case.yaml has errors' } as Problem];
    if (blocking.length > 0) {
      results.push({ case: id, status: 'failed', seconds: 0, problems: blocking.map((p) => p.message) });
      say(`${colour.red('failed')}  ${id}: ${blocking.length} error${blocking.length === 1 ? '' : 's'} in its files`);
      continue;
    }
    try {
      const templates = readTemplates([path.join(checked!.dir, 'templates'), path.join(repository.root, 'templates')], repository.display);
      const built = await buildDossier(repository, id, {
        locale: options.locale,
        profile: options.profile,
        templates,
        fonts,
        sourceDateEpoch: epoch,
        files,
      });
      const file = path.join(out, `${id}.pdf`);
      writeFileAtomic(file, built.pdf);
      writeFileAtomic(path.join(out, `${id}.manifest.json`), `${JSON.stringify(built.manifest, null, 2)}\n`);
      const seconds = (Date.now() - started) / 1000;
      results.push({ case: id, status: 'built', file: repository.display(file), pages: built.pages, seconds });
      say(`${colour.green('built')}   ${id}: ${repository.display(file)} (${built.pages} pages, ${seconds.toFixed(2)} s)`);
    } catch (err) {
      if (!(err instanceof CasebuilderError)) throw err;
      results.push({ case: id, status: 'failed', seconds: (Date.now() - started) / 1000, problems: [err.message] });
      ctx.stderr.write(`${formatProblem(err.problem, colour)}\n`);
      say(`${colour.red('failed')}  ${id}`);
    }
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  if (options.format === 'json') {
    const built = results.filter((r) => r.status === 'built');
    ctx.stdout.write(`${JSON.stringify({ built: built.length, skipped: 0, failed, pages: built.reduce((n, r) => n + (r.pages ?? 0), 0), cases: results }, null, 2)}\n`);
  }
  return failed > 0 ? ExitStatus.invalid : ExitStatus.ok;
}

function blockingProblems(errors: Problem[], caseDir: string, repository: { display: (p: string) => string; casesDir: string }): Problem[] {
  const shared = [`${repository.display(repository.casesDir)}/registry.yaml`];
  return errors.filter((p) => !p.file || p.file.startsWith(`${caseDir}/`) || shared.includes(p.file) || p.file.endsWith('casebuilder.yaml'));
}
