import { byOccurrence } from '../../check/measures.js';
import type { CheckedCase, CheckedIncident, CheckedRepository } from '../../check/repository.js';
import { ExitStatus, countBySeverity } from '../../errors.js';
import { textIn } from '../../check/local-text.js';
import { formatterFor, plainSpaces } from '../../i18n/format.js';
import { messages, type Locale } from '../../i18n/locales.js';

import { openRepository } from '../../build/repository.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem, SourceTexts } from '../format-problems.js';

export interface ListOptions {
  format: 'text' | 'json';
  /** Language of the type and matter names; the repository's when absent. */
  locale?: Locale;
}

export async function listCommand(ctx: CliContext, globals: GlobalOptions, options: ListOptions): Promise<ExitStatus> {
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
  // An empty case lists as one line with nothing under it: the warning says why that matters.
  const empty = problems.filter((p) => p.code === 'case.no-incidents');
  const locale = options.locale ?? repository.config.locale;
  const cases = repository.cases.map((c) => ({
    id: c.id,
    title: textIn(c.case.title, locale),
    matter: c.case.matter,
    file: c.source.file,
    incidents: incidentsOf(repository, c).map(({ entry, pulledIn }) => ({
      id: entry.incident.id,
      type: entry.incident.type,
      occurred_at: entry.incident.occurred_at.text,
      title: textIn(entry.incident.title, locale),
      file: entry.source.file,
      case: entry.caseId,
      pulled_in: pulledIn,
    })),
  }));

  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ cases }, null, 2)}\n`);
  } else {
    const m = messages(locale);
    const f = formatterFor(locale);
    const colour = colourFor(ctx.stdout, ctx.env, globals.color);
    for (const c of cases) {
      const n = c.incidents.length;
      const pulled = c.incidents.filter((i) => i.pulled_in).length;
      const count =
        n === 0
          ? m.t('list.noIncidents')
          : plainSpaces(f.count(n, m.t('report.incident'), m.t('report.incidents'))) +
            (pulled ? `, ${m.t('list.pulledIn', { n: f.number(pulled) })}` : '');
      ctx.stdout.write(`${colour.bold(c.id)}  ${m.enumValue('matter', c.matter)}  ${c.title}  (${count})\n`);
      for (const i of c.incidents)
        ctx.stdout.write(
          `  ${i.id}  ${m.enumValue('type', i.type)}  ${i.occurred_at}  ${i.title}` +
            `${i.pulled_in ? `  (${m.t('list.pulledFrom', { case: i.case })})` : ''}\n`,
        );
    }
  }
  const colour = colourFor(ctx.stderr, ctx.env, globals.color);
  const sources = new SourceTexts(ctx.cwd, texts);
  for (const p of empty) ctx.stderr.write(`${formatProblem(p, colour, sources)}\n`);
  // What could not be read is not listed: say so, where it does not mix with the listing.
  if (errors.length > 0) {
    for (const p of errors) ctx.stderr.write(`${formatProblem(p, colour, sources)}\n`);
    ctx.stderr.write(`${countBySeverity(errors).errors} errors: run casebuilder validate\n`);
    return ExitStatus.invalid;
  }
  return ExitStatus.ok;
}

/** A case's incidents as its dossier tells them: its own and those it pulls in, in order. */
function incidentsOf(
  repository: CheckedRepository,
  kase: CheckedCase,
): { entry: CheckedIncident; pulledIn: boolean }[] {
  const seen = new Set<string>();
  const all: { entry: CheckedIncident; pulledIn: boolean }[] = [];
  for (const entry of kase.incidents) {
    seen.add(entry.incident.id);
    all.push({ entry, pulledIn: false });
  }
  for (const ref of kase.case.incidents ?? []) {
    const entry = repository.incidents.get(ref.split('/')[1]!);
    if (!entry || seen.has(entry.incident.id)) continue;
    seen.add(entry.incident.id);
    all.push({ entry, pulledIn: true });
  }
  return all.sort((a, b) => byOccurrence(a.entry, b.entry));
}
