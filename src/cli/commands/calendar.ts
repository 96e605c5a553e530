import { DateTime } from 'luxon';
import { assembleDossier } from '../../assemble/dossier.js';
import type { ChronologyEvent, DossierLocale } from '../../assemble/model.js';
import { describeDeadline } from '../../i18n/deadlines.js';
import { formatterFor, plainSpaces } from '../../i18n/format.js';
import { deadlinesToIcs } from '../../report/ics.js';
import { VERSION } from '../../version.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { openRepository } from '../../build/repository.js';
import { eventLabel, messages } from '../../i18n/locales.js';
import { toCsv } from '../../report/csv.js';
import { collectDeadlines, within, type DeadlineEntry } from '../../report/deadlines.js';
import type { CliContext, GlobalOptions } from '../context.js';

/** `timeline CASE`: the case's chronology, as the dossier lists it. */
export async function timelineCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  caseId: string,
  options: { format: 'text' | 'json' | 'csv'; locale?: DossierLocale },
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
  // The repository's language unless --locale says otherwise, for the words and for texts written per language.
  const locale = options.locale ?? repository.config.locale;
  const dossier = assembleDossier(repository, caseId, { profile: 'court', locale });
  const m = messages(locale);
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

/** `deadlines`: every appeal and review deadline, soonest first, with its status and how it was counted. */
export async function deadlinesCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  options: { within?: string; format: 'text' | 'json' | 'ics'; locale?: DossierLocale },
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
  const f = formatterFor(options.locale ?? repository.config.locale);
  const m = messages(f.locale);
  const status = (e: DeadlineEntry) =>
    e.status === 'not_recorded' ? m.t('deadline.notRecorded') : m.enumValue('appeal_status', e.status);
  const explain = (e: DeadlineEntry) => {
    const words = describeDeadline({ ...e, kind: CALENDAR_KIND[e.kind] }, f);
    return words && plainSpaces(words);
  };
  if (options.format === 'json') {
    const deadlines = entries.map((e) => ({ ...e, explanation: explain(e) ?? null }));
    ctx.stdout.write(`${JSON.stringify({ today, deadlines }, null, 2)}\n`);
    return ExitStatus.ok;
  }
  if (options.format === 'ics') {
    const epoch = ctx.env.SOURCE_DATE_EPOCH ? Number(ctx.env.SOURCE_DATE_EPOCH) * 1000 : ctx.now();
    const open = entries.filter((e) => !e.filed_at && NOT_FILED_STATUSES.has(e.status));
    const events = open.map((e) => ({
      uid: `${e.case}/${e.incident}/${e.kind}@casebuilder`,
      date: e.date,
      title: `${m.t(`deadline.${e.kind}`)}: ${e.case}${e.forum ? ` (${e.forum})` : ''}`,
      description: [
        `${m.t('deadline.incident')}: ${e.case}/${e.incident}`,
        `${m.t('appeal.status')}: ${status(e)}`,
        explain(e) ? `${m.t('deadline.counted')}: ${explain(e)}` : m.t('deadline.written'),
      ].join('\n'),
      location: e.forum,
    }));
    ctx.stdout.write(deadlinesToIcs(events, { productId: `-//casebuilder//${VERSION}//EN`, stampMs: epoch }));
    return ExitStatus.ok;
  }
  for (const e of entries) {
    const when =
      e.days_left === 0
        ? m.t('deadline.today')
        : e.days_left > 0
          ? m.t('deadline.in', { days: f.days(e.days_left) })
          : m.t('deadline.ago', { days: f.days(-e.days_left) });
    const flag = e.overdue ? `${m.t('deadline.overdue')} ` : '';
    const how = explain(e);
    ctx.stdout.write(
      `${plainSpaces(f.date(e.date))}  ${flag}${plainSpaces(when)}  ${status(e)}  ${m.t(`deadline.${e.kind}`)}  ` +
        `${e.case}/${e.incident}${e.forum ? `  ${e.forum}` : ''}\n` +
        (how ? `    ${m.t('deadline.counted')}: ${how}\n` : ''),
    );
  }
  if (entries.length === 0) ctx.stdout.write(`${m.t('deadline.none')}\n`);
  return ExitStatus.ok;
}

const CALENDAR_KIND = {
  detention_appeal: 'detention_opposition',
  fine_opposition: 'fine_opposition',
  seizure_review: 'seizure_review',
} as const;

const NOT_FILED_STATUSES = new Set(['not_filed', 'not_recorded']);
