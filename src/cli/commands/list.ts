import { byOccurrence } from '../../check/measures.js';
import { ExitStatus, countBySeverity } from '../../errors.js';

import { openRepository } from '../../build/repository.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem, SourceTexts } from '../format-problems.js';

export async function listCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  options: { format: 'text' | 'json' },
): Promise<ExitStatus> {
  const {
    repository,
    problems,
    sources: texts,
  } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  const errors = problems.filter((p) => p.severity === 'error');
  const cases = repository.cases.map((c) => ({
    id: c.id,
    title: c.case.title,
    matter: c.case.matter,
    file: c.source.file,
    incidents: [...c.incidents].sort(byOccurrence).map((i) => ({
      id: i.incident.id,
      type: i.incident.type,
      occurred_at: i.incident.occurred_at.text,
      title: i.incident.title,
      file: i.source.file,
    })),
  }));

  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ cases }, null, 2)}\n`);
  } else {
    const colour = colourFor(ctx.stdout, ctx.env, globals.color);
    for (const c of cases) {
      ctx.stdout.write(
        `${colour.bold(c.id)}  ${c.matter}  ${c.title}  ` +
          `(${c.incidents.length} incident${c.incidents.length === 1 ? '' : 's'})\n`,
      );
      for (const i of c.incidents) ctx.stdout.write(`  ${i.id}  ${i.type}  ${i.occurred_at}  ${i.title}\n`);
    }
  }
  // What could not be read is not listed: say so, where it does not mix with the listing.
  if (errors.length > 0) {
    const colour = colourFor(ctx.stderr, ctx.env, globals.color);
    for (const p of errors) ctx.stderr.write(`${formatProblem(p, colour, new SourceTexts(ctx.cwd, texts))}\n`);
    ctx.stderr.write(`${countBySeverity(errors).errors} errors: run casebuilder validate\n`);
    return ExitStatus.invalid;
  }
  return ExitStatus.ok;
}
