import { messages } from '../i18n/locales.js';
import { FontLibrary } from '../pdf/fonts.js';
import type { ChartData } from '../render/layout/types.js';
import { escapeMarkdown } from '../render/markdown.js';
import type { Statistics } from '../report/statistics.js';
import { VERSION } from '../version.js';
import { typeset } from './typeset.js';

/** The report as a PDF: its Markdown with bar charts, typeset like a dossier. */
export async function reportPdf(stats: Statistics, today: string, epoch: number | undefined): Promise<Uint8Array> {
  const m = messages('en');
  const charts = new Map<string, ChartData>([
    [
      'by-year',
      {
        bars: Object.entries(stats.by_year).map(([year, c]) => ({
          label: year,
          value: c.interception + c.detention + c.seizure,
          text:
            `${c.interception + c.detention + c.seizure} incident` +
            (c.interception + c.detention + c.seizure === 1 ? '' : 's'),
        })),
      },
    ],
    [
      'days-held',
      { bars: stats.vessels.map((v) => ({ label: v.name, value: v.days_held, text: `${v.days_held} days` })) },
    ],
  ]);
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
  return pdf;
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
    `As of ${stats.as_of}: ${n(stats.incidents)} incidents recorded. ` +
      'Detentions and seizures still in force are counted to that date.',
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
    `| ${n(stats.people.on_board)} | ${n(stats.people.rescued)} | ${n(stats.people.intercepted)} ` +
      `| ${n(stats.people.dead)} | ${n(stats.people.missing)} | ${n(stats.people.minors)} |`,
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
