import { PEOPLE_COUNTS } from '../check/schemas.js';
import { formatterFor, type FormatLocale } from '../i18n/format.js';
import { messages } from '../i18n/locales.js';
import { fontLibrary } from '../pdf/fonts.js';
import type { Position } from '../check/values.js';
import type { Incident } from '../check/schemas.js';
import type { ChartData, MapData } from '../render/layout/types.js';
import { escapeMarkdown } from '../render/markdown.js';
import type { Statistics } from '../report/statistics.js';
import { VERSION } from '../version.js';
import { reportMap } from './maps.js';
import { typeset } from './typeset.js';

/** The report as a PDF: its Markdown with bar charts and a map of the incidents, typeset like a dossier. */
export async function reportPdf(
  stats: Statistics,
  today: string,
  epoch: number | undefined,
  locale: FormatLocale = 'en',
  points: readonly { type: Incident['type']; position: Position }[] = [],
): Promise<Uint8Array> {
  const m = messages(locale);
  const f = formatterFor(locale);
  const charts = new Map<string, ChartData>([
    [
      'by-year',
      {
        bars: Object.entries(stats.by_year).map(([year, c]) => {
          const total = c.interception + c.detention + c.seizure;
          return { label: year, value: total, text: f.count(total, m.t('report.incident'), m.t('report.incidents')) };
        }),
      },
    ],
    [
      'days-held',
      { bars: stats.vessels.map((v) => ({ label: v.name, value: v.days_held, text: f.days(v.days_held) })) },
    ],
  ]);
  const map = await reportMap(points, m);
  const maps = new Map<string, MapData>(map ? [['incidents', map]] : []);
  const { pdf } = await typeset(
    {
      sections: [reportMarkdown(stats, true, locale, maps.size > 0)],
      meta: {
        title: m.t('report.title'),
        subject: m.t('report.subject', { date: f.date(today) }),
        keywords: ['report'],
        author: '',
        producer: `casebuilder ${VERSION}`,
        language: locale,
        date: epoch !== undefined ? new Date(epoch * 1000) : new Date(`${today}T00:00:00Z`),
      },
      footer: (page, total) => ({
        left: m.t('report.footer', { date: f.date(today) }),
        center: m.t('footer.page', { page: page + 1, total }),
        right: '',
      }),
      assets: { photos: new Map(), pdfs: new Map(), attachments: [], charts, maps },
    },
    fontLibrary(),
  );
  return pdf;
}

/** The report in Markdown, in a language; with charts (and the map) for the PDF, where directives draw them. */
export function reportMarkdown(stats: Statistics, charts = false, locale: FormatLocale = 'en', map = false): string {
  const m = messages(locale);
  const f = formatterFor(locale);
  const n = (v: number) => f.number(v);
  const money = (fines: Record<string, number>) =>
    Object.entries(fines)
      .map(([currency, amount]) => f.money({ amount, currency }))
      .join(' + ') || '—';
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const rule = (k: number) => `|${'---|'.repeat(k)}`;
  const years = Object.entries(stats.by_year);
  const lines = [
    `# ${m.t('report.title')}`,
    '',
    m.t('report.intro', {
      date: f.date(stats.as_of),
      incidents: f.count(stats.incidents, m.t('report.incident'), m.t('report.incidents')),
    }),
    '',
    `## ${m.t('report.byYear')}`,
    '',
    row([
      m.t('report.year'),
      m.t('report.interceptions'),
      m.t('report.detentions'),
      m.t('report.seizures'),
      m.t('report.total'),
    ]),
    rule(5),
    ...years.map(([year, c]) =>
      row([year, n(c.interception), n(c.detention), n(c.seizure), n(c.interception + c.detention + c.seizure)]),
    ),
    '',
    ...(charts ? ['<!-- chart: by-year -->', ''] : []),
    ...(map ? [`## ${m.t('report.map')}`, '', '<!-- map: incidents -->', '', m.t('report.mapNote'), ''] : []),
    `## ${m.t('report.people')}`,
    '',
    row(PEOPLE_COUNTS.map((key) => m.t(`people.${key}`))),
    rule(6),
    row(PEOPLE_COUNTS.map((key) => n(stats.people[key]))),
    '',
    `## ${m.t('report.violence')}`,
    '',
    row([m.t('report.kind'), m.t('report.acts')]),
    rule(2),
    ...Object.entries(stats.violence)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, count]) => row([m.enumValue('violence_kind', kind), n(count)])),
    '',
    `## ${m.t('report.vessels')}`,
    '',
    row([
      m.t('report.vessel'),
      m.t('report.detentions'),
      m.t('report.seizures'),
      m.t('record.days'),
      m.t('record.fine'),
    ]),
    rule(5),
    ...stats.vessels.map((v) =>
      row([escapeMarkdown(v.name), n(v.detentions), n(v.seizures), n(v.days_held), money(v.fines)]),
    ),
    '',
    ...(charts ? ['<!-- chart: days-held -->', ''] : []),
    `## ${m.t('report.seizuresByStatus')}`,
    '',
    row([m.t('report.status'), m.t('report.seizures')]),
    rule(2),
    ...Object.entries(stats.seizures).map(([status, count]) => row([m.enumValue('seizure_status', status), n(count)])),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
