import { DateTime } from 'luxon';
import path from 'node:path';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { writeFileAtomic } from '../../load/write-atomic.js';
import { FontLibrary } from '../../pdf/fonts.js';
import { openRepository } from '../../pipeline.js';
import { escapeMarkdown } from '../../render/markdown.js';
import { messages } from '../../render/locales.js';
import { typeset } from '../../render/typeset.js';
import type { ChartData } from '../../render/layout/types.js';
import { toCsv } from '../../report/csv.js';
import { computeStatistics, incidentRows, IOM_COLUMNS, type Statistics } from '../../report/statistics.js';
import { VERSION } from '../../version.js';
import type { CliContext, GlobalOptions } from '../context.js';

/** `report`: figures across all cases for public documentation. */
export async function reportCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  options: { format: 'md' | 'json' | 'csv' | 'pdf'; out?: string },
): Promise<ExitStatus> {
  const { repository } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  const today = DateTime.fromMillis(ctx.now(), { zone: repository.config.timezone }).toISODate()!;
  const stats = computeStatistics(repository, today);
  switch (options.format) {
    case 'json':
      ctx.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      break;
    case 'csv':
      ctx.stdout.write(toCsv(IOM_COLUMNS, incidentRows(repository)));
      break;
    case 'md':
      ctx.stdout.write(reportMarkdown(stats));
      break;
    case 'pdf': {
      const file = path.resolve(ctx.cwd, options.out ?? path.join(repository.config.out, 'report.pdf'));
      const m = messages('en');
      const charts = new Map<string, ChartData>([
        [
          'by-year',
          {
            bars: Object.entries(stats.by_year).map(([year, c]) => ({
              label: year,
              value: c.interception + c.detention + c.seizure,
              text: `${c.interception + c.detention + c.seizure} incident${c.interception + c.detention + c.seizure === 1 ? '' : 's'}`,
            })),
          },
        ],
        [
          'days-held',
          { bars: stats.vessels.map((v) => ({ label: v.name, value: v.days_held, text: `${v.days_held} days` })) },
        ],
      ]);
      const epoch = ctx.env.SOURCE_DATE_EPOCH ? Number(ctx.env.SOURCE_DATE_EPOCH) : undefined;
      const { pdf } = await typeset(
        {
          sections: [reportMarkdown(stats, true)],
          meta: {
            title: 'Incidents and detentions: figures',
            subject: `casebuilder report as of ${today}`,
            keywords: ['report'],
            author: '',
            producer: `casebuilder ${VERSION}`,
            language: 'en',
            date: epoch !== undefined ? new Date(epoch * 1000) : new Date(`${today}T00:00:00Z`),
          },
          footer: (page, total) => ({
            left: `Report as of ${today}`,
            center: m.t('footer.page', { page: page + 1, total }),
            right: '',
          }),
          assets: { photos: new Map(), pdfs: new Map(), attachments: [], charts },
        },
        new FontLibrary(),
      );
      writeFileAtomic(file, pdf);
      ctx.stderr.write(`wrote ${path.relative(ctx.cwd, file)}\n`);
      break;
    }
    default:
      throw new CasebuilderError(
        { code: 'usage.format', message: `unknown format ${String(options.format)}` },
        ExitStatus.usage,
      );
  }
  return ExitStatus.ok;
}

const n = (v: number) => new Intl.NumberFormat('en-GB').format(v);
const money = (fines: Record<string, number>) =>
  Object.entries(fines)
    .map(([currency, amount]) => new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount))
    .join(' + ') || '—';

/** The report in Markdown; with charts for the PDF, where directives draw them. */
export function reportMarkdown(stats: Statistics, charts = false): string {
  const years = Object.entries(stats.by_year);
  const lines = [
    '# Incidents and detentions: figures',
    '',
    `As of ${stats.as_of}: ${n(stats.incidents)} incidents recorded. Detentions and seizures still in force are counted to that date.`,
    '',
    '## Incidents by type and year',
    '',
    '| Year | Interceptions | Detentions | Seizures | Total |',
    '|---|---|---|---|---|',
    ...years.map(
      ([year, c]) =>
        `| ${year} | ${c.interception} | ${c.detention} | ${c.seizure} | ${c.interception + c.detention + c.seizure} |`,
    ),
    '',
    ...(charts ? ['<!-- chart: by-year -->', ''] : []),
    '## People affected',
    '',
    '| On board | Rescued | Intercepted | Dead | Missing | Minors |',
    '|---|---|---|---|---|---|',
    `| ${n(stats.people.on_board)} | ${n(stats.people.rescued)} | ${n(stats.people.intercepted)} | ${n(stats.people.dead)} | ${n(stats.people.missing)} | ${n(stats.people.minors)} |`,
    '',
    '## Violence by kind',
    '',
    '| Kind | Acts |',
    '|---|---|',
    ...Object.entries(stats.violence)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, count]) => `| ${kind.replace(/_/g, ' ')} | ${count} |`),
    '',
    '## Detentions, seizures and fines per vessel',
    '',
    '| Vessel | Detentions | Seizures | Days held | Fines |',
    '|---|---|---|---|---|',
    ...stats.vessels.map(
      (v) => `| ${escapeMarkdown(v.name)} | ${v.detentions} | ${v.seizures} | ${n(v.days_held)} | ${money(v.fines)} |`,
    ),
    '',
    ...(charts ? ['<!-- chart: days-held -->', ''] : []),
    '## Seizures by status',
    '',
    '| Status | Seizures |',
    '|---|---|',
    ...Object.entries(stats.seizures).map(([status, count]) => `| ${status} | ${count} |`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
