import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import path from 'node:path';
import { readPdf, type PdfReadback } from '../helpers/pdf.js';
import { edit, run, sampleRepository } from '../helpers/repo.js';

const SR = 'sea-rescuer-detention-2023';
const CM = 'central-med-2023';
const flat = (text: string) => text.replace(/[\u00a0\s]+/g, ' ');

/** The page of a dossier that draws an incident's map: the one with its scale bar, after its facts. */
function mapPage(pdf: PdfReadback, unit: string, after = ''): string {
  const page = pdf.pages.map(flat).find((p) => p.includes(unit) && p.includes(after));
  if (!page) throw new Error(`no page with "${unit}" and "${after}"`);
  return page;
}

describe('the sample interception dossier says where it happened', () => {
  let dir: string;
  let english: PdfReadback;
  let italian: PdfReadback;
  beforeAll(async () => {
    dir = sampleRepository();
    expect((await run(dir, ['build', SR, '--jobs', '1', '--locale', 'en', '--out', 'en'])).status).toBe(0);
    expect((await run(dir, ['build', SR, '--jobs', '1', '--locale', 'it', '--out', 'it'])).status).toBe(0);
    expect((await run(dir, ['build', CM, '--jobs', '1', '--locale', 'en', '--out', 'en'])).status).toBe(0);
    english = await readPdf(path.join(dir, 'en', `${SR}.pdf`));
    italian = await readPdf(path.join(dir, 'it', `${SR}.pdf`));
  }, 120_000);

  it('gives the regions, the distance to the coast and the zone derived from 33°14.07′N 012°07.40′E', () => {
    const text = flat(english.pages.join('\n'));
    expect(text).toContain('SAR region from the position Libyan SRR');
    expect(text).toContain('Distance to the coast 15.2 nm from the coast of Libya (near Zuwara)');
    expect(text).toContain('Maritime zone 12 to 24 nm from the coastline: contiguous zone');
    expect(text).toMatch(/not from the legal baselines from which the territorial sea is measured in law/);
  });

  it('keeps each map and the note that explains it on one page', async () => {
    // central-med's first map comes after a long chronology, with little room left on its page.
    const cm = await readPdf(path.join(dir, 'en', `${CM}.pdf`));
    for (const pdf of [english, italian, cm]) {
      const pages = pdf.pages.map(flat);
      const legends = pages.filter((p) => /position of the incident|posizione dell.episodio/.test(p));
      expect(legends.length).toBeGreaterThan(0);
      for (const page of legends) expect(page).toMatch(/derived from the position by casebuilder|ricavat/);
    }
  });

  it('gives them in Italian with the Italian number format', () => {
    const text = flat(italian.pages.join('\n'));
    expect(text).toContain('15,2 miglia nautiche dalla costa della Libia (presso Zuwara)');
    expect(text).toContain('tra 12 e 24 miglia nautiche dalla linea di costa: zona contigua');
    expect(text).toContain('non dalle linee di base giuridiche');
  });

  it('draws a map whose labels are text: ports, degrees, the position, the distance, regions and the legend', () => {
    const page = mapPage(english, 'nautical miles', 'position of the incident');
    for (const port of ['Zuwara', 'Sabratha']) expect(page).toContain(port);
    for (const degree of ['33°N', '33°15′N', '33°30′N', '11°45′E', '12°E', '12°15′E', '12°30′E'])
      expect(page).toContain(degree);
    expect(page).toContain('33°14.07′N 012°07.40′E');
    expect(page).toContain('15.2 nm');
    expect(page).toContain('Libyan SRR');
    expect(page).toContain('08:20 UTC'); // the dangerous manoeuvre, at a position of its own
    for (const words of ['position of the incident', 'position of an event (UTC)', 'port or town', 'coastline'])
      expect(page).toContain(words);
    expect(page).toContain('12 nm from the coastline');
    expect(page).toMatch(/0 5 10 nautical miles|0 5 10 nautical miles/);
  });

  it('labels the Italian map in Italian', () => {
    const page = mapPage(italian, 'miglia nautiche', 'posizione dell’episodio');
    expect(page).toContain('15,2 mn');
    expect(page).toContain('posizione dell’episodio');
    expect(page).toContain('SRR libica');
  });

  it('gives the position of an event in the chronology and in the table of violence', () => {
    const text = flat(english.pages.join('\n'));
    const start = text.indexOf('Every timed event');
    const chronology = text.slice(start, text.indexOf('3. Incidents', start));
    expect(chronology).toContain('swamping it 33°13.20′N 012°06.10′E (33.22000, 12.10167)');
    expect(chronology).toContain('north of Zuwara 33°14.07′N 012°07.40′E (33.23450, 12.12333)');
    const violence = text.slice(text.indexOf('Violence Time'));
    expect(violence).toContain('33°13.20′N 012°06.10′E');
  });
});

describe('maps of the other samples and of the report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = sampleRepository();
    expect((await run(dir, ['build', CM, '--jobs', '1', '--locale', 'en'])).status).toBe(0);
  }, 120_000);

  it('draws the GPX track exhibit of an incident with its start and end times', async () => {
    const pdf = await readPdf(path.join(dir, 'dossiers', `${CM}.pdf`));
    const page = pdf.pages.map(flat).find((p) => p.includes('start 04:00 UTC'));
    expect(page).toBeDefined();
    expect(page).toContain('end 05:20 UTC');
    expect(page).toMatch(/GPS track, Exhibit \d+/);
    // A detention at anchor has its position too, and so its map.
    expect(flat(pdf.pages.join('\n'))).toContain('1.5 nm from the coast of Italy (near Augusta)');
  });

  it('report --format pdf draws every incident with a position, coloured by type', async () => {
    expect((await run(dir, ['report', '--format', 'pdf', '--out', 'report.pdf'])).status).toBe(0);
    const pdf = await readPdf(path.join(dir, 'report.pdf'));
    const text = flat(pdf.pages.join('\n'));
    expect(text).toContain('Where the incidents happened');
    expect(text).toContain('interception (2) detention (1) seizure (1)');
    for (const label of ['Zuwara', 'Siracusa', 'Valletta', 'Lampedusa', 'Libyan SRR', 'Maltese SRR', '36°N', '14°E'])
      expect(text).toContain(label);
  });

  it('report --format csv carries the regions, the distance to the coast and the zone', async () => {
    const rows = parseCsv((await run(dir, ['report', '--format', 'csv'])).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((r) => r['Incident ID'] === '2023-03-25-interception-zuwara')).toMatchObject({
      Coordinates: '33.23450, 12.12333',
      'SAR Regions': 'libya',
      'Distance to Coast (nm)': '15.2',
      'Nearest Coast': 'Libya',
      'Maritime Zone': 'contiguous_zone',
      'Gulf of Sirte': 'no',
    });
    expect(rows.find((r) => r['Incident ID'] === '2024-05-16-seizure-pozzallo')).toMatchObject({
      'SAR Regions': 'italy',
      'Maritime Zone': 'territorial_sea',
    });
    const noPosition = rows.find((r) => r['Incident ID'] === '2023-03-27-detention-porto-empedocle')!;
    expect([noPosition['SAR Regions'], noPosition['Distance to Coast (nm)'], noPosition['Maritime Zone']]).toEqual([
      '',
      '',
      '',
    ]);
  });
});

describe('a position inside the Gulf of Sirte', () => {
  it('flags the zone as contested in the dossier', async () => {
    const dir = sampleRepository();
    const file = `cases/${SR}/incidents/2023-03-25-interception-zuwara.yaml`;
    edit(dir, file, `position: "33°14.07'N 012°07.40'E"`, 'position: { lat: 31.5, lon: 18 }');
    expect((await run(dir, ['build', SR, '--jobs', '1', '--locale', 'en'])).status).toBe(0);
    const pdf = await readPdf(path.join(dir, 'dossiers', `${SR}.pdf`));
    expect(flat(pdf.pages.join('\n'))).toContain(
      'Maritime zone more than 24 nm from the coastline: beyond the contiguous zone; inside the Gulf of Sirte ' +
        'south of 32°30′N, which Libya has claimed as internal waters since 1973 (a claim most states reject): ' +
        'the zone is contested',
    );
    // The map around it (out to the violence near Zuwara) draws the claimed closing line along 32°30'N.
    expect(flat(pdf.pages.join('\n'))).toContain('closing line of the Gulf of Sirte claimed by Libya (1973)');
  }, 60_000);
});
