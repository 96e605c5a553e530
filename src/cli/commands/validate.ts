import { availableParallelism } from 'node:os';
import { ExitStatus, countBySeverity } from '../../errors.js';
import { openRepository } from '../../build/repository.js';
import { colourFor, isDebug, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem, problemJson, problemSummary, SourceTexts } from '../format-problems.js';

export interface ValidateOptions {
  strict?: boolean;
  /** Also open every evidence file as the dossier would (MuPDF, loaded only then). */
  deep?: boolean;
  format: 'text' | 'json';
}

export async function validateCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  cases: string[],
  options: ValidateOptions,
): Promise<ExitStatus> {
  const opened = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    selected: cases,
    nowMs: ctx.now(),
    verifyHashes: true,
    places: false,
    // Nothing is cached for a check: on two cores or more, a second thread parses half the files.
    parseAhead: (ctx.cores ?? availableParallelism()) > 1 ? {} : undefined,
  });
  const { files } = opened;
  if (isDebug(ctx.env) && opened.parsedAhead > 0)
    ctx.stderr.write(`debug: ${opened.parsedAhead} of ${files} YAML files parsed on a second thread\n`);
  const found = [...opened.problems];
  if (options.deep) {
    const { deepProblems } = await import('../../build/deep.js');
    found.push(...(await deepProblems(opened.repository, opened.selected)));
  }
  const sources = new SourceTexts(ctx.cwd, opened.sources);
  // --strict: a warning fails the check like an error, and is reported as one.
  const problems = options.strict ? found.map((p) => ({ ...p, severity: 'error' as const })) : found;
  const { errors, warnings } = countBySeverity(problems);

  if (options.format === 'json') {
    const report = {
      valid: errors === 0,
      errors,
      warnings,
      files,
      problems: problems.map((p) => problemJson(p, sources)),
    };
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const colour = colourFor(ctx.stdout, ctx.env, globals.color);
    for (const p of problems) ctx.stdout.write(`${formatProblem(p, colour, sources, isDebug(ctx.env))}\n`);
    if (!globals.quiet || problems.length > 0) ctx.stdout.write(`${problemSummary(problems, files)}\n`);
  }
  return errors > 0 ? ExitStatus.invalid : ExitStatus.ok;
}
