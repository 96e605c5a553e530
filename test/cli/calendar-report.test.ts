import { describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import path from 'node:path';
import { readPdf } from '../helpers/pdf.js';
import { run, sampleRepository, write } from '../helpers/repo.js';

const repo = sampleRepository();
const SR = 'sea-rescuer-detention-2023';

describe('timeline', () => {
  const events = [
    ['2023-03-25T07:10:00+01:00', '2023-03-25T06:10:00Z', 'communication', ['E2']],
    ['2023-03-25T08:42:00+01:00', '2023-03-25T07:42:00Z', 'incident_start', []],
    ['2023-03-25T08:51:00+01:00', '2023-03-25T07:51:00Z', 'violence', ['E1', 'E2']],
    ['2023-03-25T08:53:00+01:00', '2023-03-25T07:53:00Z', 'communication', []],
    ['2023-03-25T09:20:00+01:00', '2023-03-25T08:20:00Z', 'violence', ['E3']],
    ['2023-03-25T10:10:00+01:00', '2023-03-25T09:10:00Z', 'incident_end', []],
    // dossier.md: the timed events of a day first, then those known only by their date.
    ['2023-03-27T18:00:00+02:00', '2023-03-27T16:00:00Z', 'incident_start', []],
    ['2023-03-27T18:00:00+02:00', '2023-03-27T16:00:00Z', 'detention_ordered', []],
    ['2023-03-27', null, 'detention_notified', []],
    ['2023-03-27', null, 'detention_start', []],
    ['2023-03-29', null, 'fine_notified', []],
    ['2023-04-16', null, 'detention_end', []],
    ['2023-04-20', null, 'appeal_filed', []],
  ] as const;

  it('lists every timed event of the case in order, in JSON', async () => {
    const result = await run(repo, ['timeline', SR, '--format', 'json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.zone).toBe('Europe/Rome');
    expect(
      doc.events.map((e: { local_time: string; utc_time: string | null; event: string; evidence: string[] }) => [
        e.local_time,
        e.utc_time,
        e.event,
        e.evidence,
      ]),
    ).toEqual(events.map((e) => [...e]));
    expect(doc.events[2].description).toBe(
      'Violence: shots fired: Shots fired into the water about 50 m from the rescue RHIB',
    );
  });

  it('in CSV, parsed by a CSV library', async () => {
    const rows = parseCsv((await run(repo, ['timeline', SR, '--format', 'csv'])).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual(['local_time', 'utc_time', 'event', 'description', 'incident', 'evidence']);
    expect(rows.map((r) => r.local_time)).toEqual(events.map((e) => e[0]));
    expect(rows[0]).toMatchObject({
      utc_time: '2023-03-25T06:10:00Z',
      incident: '2023-03-25-interception-zuwara',
      evidence: 'E2',
    });
    expect(rows[0]!.description).toContain('Distress notification with position, copied to JRCC Tripoli');
  });

  it('in text, one line per event', async () => {
    const lines = (await run(repo, ['timeline', SR])).stdout.trim().split('\n');
    expect(lines).toHaveLength(events.length);
    expect(lines[0]).toMatch(
      /^2023-03-25 07:10:00\+01:00\s+2023-03-25 06:10 UTC\s+Communication by e-mail: MV Sea Rescuer to MRCC Roma/,
    );
    expect(lines[8]).toMatch(/^2023-03-27\s+Detention notified/);
  });
});

describe('deadlines', () => {
  it('lists every appeal, opposition and review deadline soonest first, computed where not written', async () => {
    const doc = JSON.parse((await run(repo, ['deadlines', '--format', 'json'])).stdout);
    expect(
      doc.deadlines.map((d: Record<string, unknown>) => [d.date, d.kind, d.case, d.status, d.written, d.overdue]),
    ).toEqual([
      // 30 days from 8 November 2022 fall on 8 December, a public holiday: moved to the 9th.
      ['2022-12-09', 'detention_appeal', 'central-med-2023', 'withdrawn', false, false],
      ['2023-04-26', 'detention_appeal', SR, 'pending', false, false],
      ['2023-04-28', 'fine_opposition', SR, 'pending', false, false],
      ['2024-05-27', 'seizure_review', 'aurora-seizure-2024', 'won', true, false],
    ]);
    expect(doc.deadlines[1].basis).toEqual({ days: 30, from: 'notification', date: '2023-03-27' });
    expect(doc.deadlines[0].steps).toEqual([
      { step: 'count', from: '2022-11-09', to: '2022-12-08', days: 30 },
      { step: 'moved', from: '2022-12-08', to: '2022-12-09', because: 'holiday', holiday: 'immaculate_conception' },
    ]);
    expect(doc.deadlines[0].explanation).toBe(
      '30 days from the start of the detention on 8 November 2022; moved from Thursday ' +
        '8 December 2022 (Immaculate Conception) to Friday 9 December 2022, ' +
        'the next working day (art. 155 c.p.c.)',
    );
  });

  it('--within keeps what is due soon and what is overdue and not filed', async () => {
    const dir = sampleRepository();
    // "today" is the repository's, on a fixed clock: Thursday 19 March 2026, so that the
    // deadlines below fall on working days and no holiday moves them.
    const now = Date.parse('2026-03-19T10:00:00Z');
    const day = (offset: number) => DateTime.fromMillis(now).setZone('Europe/Rome').plus({ days: offset }).toISODate()!;
    const detention = (id: string, notified: string, status: string) =>
      `id: ${id}\ntype: detention\ntitle: ${id}\noccurred_at: ${notified}T10:00:00Z\n` +
      'location: { description: Port }\n' +
      'detention:\n  vessel: sea-rescuer\n  kind: administrative\n  port: Lampedusa\n  authority: Prefecture\n' +
      `  notified_at: ${notified}\n  start: ${notified}\n  end: ${notified}\n  appeal: { status: ${status} }\n`;
    write(dir, 'cases/central-med-2023/incidents/soon.yaml', detention('due-soon', day(-25), 'not_filed'));
    write(dir, 'cases/central-med-2023/incidents/late.yaml', detention('overdue', day(-40), 'not_filed'));
    write(dir, 'cases/central-med-2023/incidents/later.yaml', detention('due-later', day(-5), 'not_filed'));
    const doc = JSON.parse(
      (await run(dir, ['deadlines', '--within', '7', '--format', 'json'], {}, { now: () => now })).stdout,
    );
    expect(
      doc.deadlines.map((d: { incident: string; days_left: number; overdue: boolean }) => [
        d.incident,
        d.days_left,
        d.overdue,
      ]),
    ).toEqual([
      ['overdue', -10, true],
      ['due-soon', 5, false],
    ]);
    const text = (await run(dir, ['deadlines', '--within', '7'], {}, { now: () => now })).stdout;
    expect(text).toContain('9 March 2026  OVERDUE 10 days ago  not filed  Detention opposition');
    expect(text).toContain('24 March 2026  in 5 days  not filed');
  });
});

describe('report', () => {
  it('computes the figures in JSON', async () => {
    const stats = JSON.parse((await run(repo, ['report', '--format', 'json'])).stdout);
    expect(stats).toMatchObject({
      incidents: 5,
      by_year: {
        2022: { interception: 0, detention: 1, seizure: 0 },
        2023: { interception: 2, detention: 1, seizure: 0 },
        2024: { interception: 0, detention: 0, seizure: 1 },
      },
      people: { on_board: 137, rescued: 69, intercepted: 66, dead: 0, missing: 2, minors: 21 },
      violence: { shots_fired: 1, dangerous_manoeuvre: 1, weapon_pointed: 1 },
      vessels: [
        { id: 'sea-rescuer', detentions: 2, seizures: 0, days_held: 63, fines: { EUR: 3300 } },
        { id: 'aurora', detentions: 0, seizures: 1, days_held: 36, fines: {} },
      ],
      seizures: { released: 1 },
    });
  });

  it('exports one row per incident in CSV with the IOM Missing Migrants columns', async () => {
    const rows = parseCsv((await run(repo, ['report', '--format', 'csv'])).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(5);
    for (const column of [
      'Incident ID',
      'Incident Date',
      'Number of Dead',
      'Minimum Estimated Number of Missing',
      'Total Number of Dead and Missing',
      'Number of Survivors',
      'Coordinates',
      'Migration Route',
      'Location Description',
    ]) {
      expect(Object.keys(rows[0]!)).toContain(column);
    }
    expect(rows.find((r) => r['Incident ID'] === '2023-03-25-interception-zuwara')).toMatchObject({
      'Incident Date': '2023-03-25',
      'Number of Dead': '0',
      'Minimum Estimated Number of Missing': '2',
      'Total Number of Dead and Missing': '2',
      'Number of Survivors': '45',
      'Number of Children': '5',
      Coordinates: '33.23450, 12.12333',
      Violence: 'shots_fired; dangerous_manoeuvre',
    });
  });

  it('writes Markdown tables', async () => {
    const md = (await run(repo, ['report', '--format', 'md'])).stdout;
    expect(md).toContain('| 2023 | 2 | 1 | 0 | 3 |');
    expect(md).toContain('| MV Sea Rescuer | 2 | 0 | 63 | €3,300.00 |');
  });

  it('draws a PDF with its charts', async () => {
    expect((await run(repo, ['report', '--format', 'pdf', '--out', 'report.pdf'])).status).toBe(0);
    const pdf = await readPdf(path.join(repo, 'report.pdf'));
    const text = pdf.pages.join('\n').replace(/\u00a0/g, ' ');
    expect(text).toContain('Incidents by type and year');
    expect(text).toContain('3 incidents');
    expect(text).toContain('63 days');
  });
});
