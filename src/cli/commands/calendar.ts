import { DateTime } from 'luxon';
import { assembleDossier } from '../../assemble/dossier.js';
import type { ChronologyEvent } from '../../assemble/model.js';
import { describeBasis } from '../../check/deadlines.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { openRepository } from '../../build/repository.js';
import { eventLabel, messages } from '../../i18n/locales.js';
import { toCsv } from '../../report/csv.js';
import { collectDeadlines, within } from '../../report/deadlines.js';
import type { CliContext, GlobalOptions } from '../context.js';

/** `timeline CASE`: the case's chronology, as the dossier lists it. */
export async function timelineCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  caseId: string,
  options: { format: 'text' | 'json' | 'csv' },
): Promise<ExitStatus> {
  const { repository } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    selected: [caseId],
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  if (!repository.cases.some((c) => c.id === caseId)) {
    throw new CasebuilderError({
      code: 'case.invalid',
      message: `case ${caseId} has errors: run casebuilder validate ${caseId}`,
    });
  }
  const dossier = assembleDossier(repository, caseId, { profile: 'court', locale: 'en' });
  const m = messages('en');
  const rows = dossier.chronology.map((e) => timelineRow(e, dossier.zone, m));
  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ case: caseId, zone: dossier.zone, events: rows }, null, 2)}\n`);
  } else if (options.format === 'csv') {
    ctx.stdout.write(
      toCsv(
        ['local_time', 'utc_time', 'event', 'description', 'incident', 'evidence'],
        rows.map((r) => [r.local_time, r.utc_time, r.event, r.description, r.incident, r.evidence.join(' ')]),
      ),
    );
  } else {
    for (const r of rows) {
      const utc = r.utc_time ? r.utc_time.replace('T', ' ').replace(/:00Z$|Z$/, '') + ' UTC' : '';
      ctx.stdout.write(
        `${r.local_time.replace('T', ' ').padEnd(25)}  ${utc.padEnd(20)}  ${r.description}  [${r.incident}]` +
          `${r.evidence.length ? `  ${r.evidence.join(', ')}` : ''}\n`,
      );
    }
  }
  return ExitStatus.ok;
}

function timelineRow(e: ChronologyEvent, zone: string, m: ReturnType<typeof messages>) {
  const label = eventLabel(m, e);

  const local =
    e.at.kind === 'date'
      ? e.at.text
      : DateTime.fromMillis(e.at.epochMs, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
  const utc = e.at.kind === 'date' ? null : new Date(e.at.epochMs).toISOString().replace('.000Z', 'Z');
  return {
    local_time: local,
    utc_time: utc,
    event: e.kind,
    description: e.detail ? `${label}: ${e.detail}` : label,
    incident: e.incident.incident.id,
    evidence: e.evidenceLabels,
  };
}

/** `deadlines`: every appeal and review deadline, soonest first, with its status. */
export async function deadlinesCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  options: { within?: string; format: 'text' | 'json' },
): Promise<ExitStatus> {
  const { repository } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  const today = DateTime.fromMillis(ctx.now(), { zone: repository.config.timezone }).toISODate()!;
  let entries = collectDeadlines(repository, today);
  if (options.within !== undefined) {
    const days = Number(options.within);
    if (!Number.isInteger(days) || days < 0)
      throw new CasebuilderError(
        { code: 'usage.within', message: `--within takes a number of days; got "${options.within}"` },
        ExitStatus.usage,
      );
    entries = within(entries, days);
  }
  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ today, deadlines: entries }, null, 2)}\n`);
    return ExitStatus.ok;
  }
  const words = {
    detention_appeal: 'detention appeal',
    fine_opposition: 'fine opposition',
    seizure_review: 'seizure review',
  };
  for (const e of entries) {
    const when = e.days_left === 0 ? 'today' : e.days_left > 0 ? `in ${e.days_left} days` : `${-e.days_left} days ago`;
    const flag = e.overdue ? 'OVERDUE ' : '';
    const how = e.basis ? ` (computed: ${describeBasis(e.basis)})` : '';
    ctx.stdout.write(
      `${e.date}  ${flag}${when.padEnd(14)}  ${e.status.padEnd(12)}  ${words[e.kind].padEnd(16)}  ` +
        `${e.case}/${e.incident}${e.forum ? `  ${e.forum}` : ''}${how}\n`,
    );
  }
  if (entries.length === 0) ctx.stdout.write('no deadlines\n');
  return ExitStatus.ok;
}
