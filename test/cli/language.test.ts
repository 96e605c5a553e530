import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixedWords } from '../../src/i18n/locales.js';
import { readPdf, type PdfReadback } from '../helpers/pdf.js';
import { edit, run, sampleRepository, write } from '../helpers/repo.js';

// Issue 11: every sentence a lawyer signs, in the court's language, with numbers written one way.

const SR = 'sea-rescuer-detention-2023';
let repo: string;
let italian: PdfReadback;
let english: PdfReadback;
let buildOutput: string;
const flat = (pdf: PdfReadback) => pdf.pages.join('\n').replace(/\s+/g, ' ');

beforeAll(async () => {
  repo = sampleRepository();
  const it = await run(repo, ['build', SR, '--jobs', '1']);
  expect(it.status).toBe(0);
  buildOutput = it.stderr;
  italian = await readPdf(path.join(repo, 'dossiers', `${SR}.pdf`));
  expect((await run(repo, ['build', SR, '--jobs', '1', '--locale', 'en', '--out', 'en'])).status).toBe(0);
  english = await readPdf(path.join(repo, 'en', `${SR}.pdf`));
}, 120_000);

describe('the legal calendar in the dossier', () => {
  it('shows each computed deadline with the steps that made it, in the dossier language', () => {
    expect(flat(italian)).toContain('Termine 26 aprile 2023 (calcolato: 30 giorni dalla notifica del 27 marzo 2023)');
    expect(flat(english)).toContain('26 April 2023 (computed: 30 days from notification on 27 March 2023)');
  });

  it('counts the opposition to a fine from its notification, and moves it off a holiday', async () => {
    // A fine notified on 10 July 2023: 21 days to 31 July, August not counted, 9 days to Saturday
    // 9 September, moved to Monday 11 September.
    const dir = sampleRepository();
    edit(
      dir,
      `cases/${SR}/incidents/2023-03-27-detention-porto-empedocle.yaml`,
      'notified_at: 2023-03-29',
      'notified_at: 2023-07-10',
    );
    expect((await run(dir, ['build', SR, '--jobs', '1', '--locale', 'en'])).status).toBe(0);
    const text = flat(await readPdf(path.join(dir, 'dossiers', `${SR}.pdf`)));
    expect(text).toContain(
      '11 September 2023 (computed: 30 days from notification of the fine on 10 July 2023; 1 August 2023 to ' +
        '31 August 2023 not counted (summer suspension, L. 742/1969); moved from Saturday 9 September 2023 to ' +
        'Monday 11 September 2023, the next working day (art. 155 c.p.c.))',
    );
  });
});

describe('numbers, amounts, sizes and dates, written one way', () => {
  it('writes amounts, sizes and dates as Italian writes them, and as English does', () => {
    const it = flat(italian);
    expect(it).toContain('3.300,00 €');
    expect(it).not.toMatch(/\b3300,00/);
    expect(it).toMatch(/\d+,\d kB \(\d{1,3}(\.\d{3})* byte\)/);
    expect(it).not.toMatch(/\bbytes\b/);
    expect(it).toContain('Predisposto il 27 aprile 2023');
    expect(it).not.toMatch(/\b\d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic) \d{4}\b/);
    const en = flat(english);
    expect(en).toContain('€3,300.00');
    expect(en).toMatch(/\d+\.\d kB \(\d{1,3}(,\d{3})* bytes\)/);
    expect(en).toContain('27 April 2023');
  });

  it('closes the vessel record with a sentence that counts with plurals', () => {
    expect(flat(italian)).toContain('2 misure, 63 giorni di fermo in tutto, sanzioni per 3.300,00 €.');
    expect(flat(english)).toContain('2 measures, 63 days held in all, fines of €3,300.00.');
  });

  it('prints an estimated count as an estimate and exports it to the IOM CSV as a minimum', async () => {
    const dir = sampleRepository();
    const file = `cases/${SR}/incidents/2023-03-25-interception-zuwara.yaml`;
    edit(dir, file, '  on_board: 47', '  on_board: { at_least: 60 }');
    edit(dir, file, '  missing: 2', '  missing: { about: 3 }');
    expect((await run(dir, ['build', SR, '--jobs', '1'])).status).toBe(0);
    const text = flat(await readPdf(path.join(dir, 'dossiers', `${SR}.pdf`)));
    expect(text).toContain('almeno 60');
    expect(text).toContain('circa 3');
    const csv = (await run(dir, ['report', '--format', 'csv'])).stdout;
    const header = csv.split('\r\n')[0]!.split(',');
    const row = csv.split('\r\n').find((l) => l.startsWith('2023-03-25-interception-zuwara'))!;
    expect(header).toContain('Estimated Counts');
    expect(row).toContain('on_board: at_least; missing: about');
    // The figure goes into IOM's "Minimum Estimated Number of Missing" column.
    expect(row.split(',')[header.indexOf('Minimum Estimated Number of Missing')]).toBe('3');
  });
});

describe("the court's language", () => {
  it('prints the Italian text of an incident written in both languages', () => {
    const text = flat(italian);
    expect(text).toContain('3.1 Intercettazione di un gommone a nord di Zuwara');
    expect(text).toContain('Non si è diretta senza ritardo verso il porto assegnato di Porto Empedocle');
    expect(text).not.toContain('Interception of a rubber boat north of Zuwara');
    expect(flat(english)).toContain('3.1 Interception of a rubber boat north of Zuwara');
  });

  it("names an organisation of the registry in the dossier's language where the registry gives it", () => {
    // cases/registry.yaml: name: { en: Libyan Coast Guard, it: Guardia costiera libica }
    expect(flat(italian)).toMatch(/Autorità intercettante Guardia costiera libica/);
    expect(flat(italian)).not.toContain('Libyan Coast Guard');
    expect(flat(english)).toMatch(/Intercepting authority Libyan Coast Guard/);
    expect(flat(english)).not.toContain('Guardia costiera libica');
  });

  it("names the authority of each measure in the vessel record in the dossier's language", async () => {
    const dir = sampleRepository();
    edit(
      dir,
      'cases/registry.yaml',
      '    name: Prefettura di Agrigento\n',
      '    name: { it: Prefettura di Agrigento, en: Prefecture of Agrigento }\n',
    );
    expect((await run(dir, ['build', SR, '--jobs', '1', '--locale', 'en'])).status).toBe(0);
    const text = flat(await readPdf(path.join(dir, 'dossiers', `${SR}.pdf`)));
    expect(text).toContain('Porto Empedocle, Prefecture of Agrigento');
    expect(text).not.toContain('Porto Empedocle, Prefettura di Agrigento');
  });

  it('shows no English fixed word in the Italian dossier', () => {
    // The dossier's own pages: the merged exhibits (an English statement, say) are evidence as it is.
    const exhibits = italian.outline.find((e) => e.title === '7. Allegati')!.page;
    const text = italian.pages
      .slice(0, exhibits - 1)
      .join('\n')
      .replace(/\s+/g, ' ');
    const italianWords = new Set(fixedWords('it'));
    // Every fixed English text that Italian writes differently, cut at its placeholders.
    const fragments = fixedWords('en')
      .filter((w) => !italianWords.has(w))
      .flatMap((w) => w.split(/\{\w+\}/))
      .map((f) => f.trim())
      .filter((f) => f.length >= 8 && /[a-z]{4}/i.test(f));
    const escape = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A word inside a file name (detention-order.pdf) is the file's name, not a fixed word.
    const found = fragments.filter((f) => new RegExp(`(?<![\\p{L}-])${escape(f)}(?![\\p{L}-])`, 'u').test(text));
    expect(found).toEqual([]);
    expect(text).not.toMatch(/\bW1\b|\bbytes\b|exhibit-\d/);
  });

  it('agrees its labels with what they name: one lawyer, one region, a ship', () => {
    const text = flat(italian);
    expect(text).toMatch(/Difensore Avv\. Giulia Esposito/);
    expect(text).not.toContain('Difensori');
    expect(text).toContain('Zona SAR secondo la posizione SRR libica');
    expect(text).toContain('Tutti i fermi e i sequestri della MV Sea Rescuer');
    expect(flat(english)).toContain('SAR region from the position Libyan SRR');
  });

  it('lists several grounds of a detention one to a line, each after a dash', () => {
    const text = flat(italian);
    const grounds = 'Addebiti – Non si è diretta senza ritardo verso il porto assegnato di Porto Empedocle – Ha';
    expect(text).toContain(grounds);
    expect(text).not.toContain('Empedocle; Ha effettuato');
    // Each ground begins a line of its own (the page's text keeps the line ends).
    const page = italian.pages.find((p) => p.includes('Addebiti'))!;
    expect(page).toMatch(/Addebiti – Non si è diretta [^\n]*Porto Empedocle\n– Ha effettuato/);
  });

  it('heads the chronology with the local time and, whole on a line of its own, its zone', () => {
    expect(flat(italian)).toContain('Ora locale (Europe/Rome) UTC Evento');
    expect(flat(english)).toContain('Local time (Europe/Rome) UTC Event');
    // The zone on a line of its own, whole: not "(Europe/" on the first line and "Rome)" on the next.
    expect(italian.pages.find((p) => p.includes('Ora locale'))).toMatch(/Ora locale\n\(Europe\/Rome\)\n/);
    expect(english.pages.find((p) => p.includes('Local time\n'))).toMatch(/Local time\n\(Europe\/Rome\)\n/);
  });

  it('says where the SAR zones come from in the words of Italian aviation (ENAV: Regione Informazioni Volo)', () => {
    expect(flat(italian)).toContain('poligoni approssimati (OneFleet, ricavati dalle regioni informazioni volo, FIR)');
  });

  it('gives a detention its length as Italian writes it, not "20 days of detention: 20 days"', () => {
    expect(flat(italian)).toContain('Durata del fermo 20 giorni Durata disposta 20 giorni');
    expect(flat(italian)).not.toContain('Giorni di fermo');
  });

  it('says who captured an exhibit in a row of its own, not "da Ufficiale di guardia" inside a sentence', () => {
    expect(flat(italian)).toContain('Acquisito da Equipaggio del RHIB');
    expect(flat(italian)).toMatch(/· fonte: Ufficiale di\s+guardia/);
    expect(flat(italian)).not.toMatch(/· da \p{Lu}/u);
    expect(flat(english)).toContain('Captured by Officer of the watch');
    expect(flat(english)).not.toMatch(/· by \p{Lu}/u);
  });

  it('writes the chronology, the outcome of an interception and an embedded file as Italian writes them', () => {
    const text = flat(italian);
    expect(text).toContain('in ordine cronologico. Gli orari sono indicati nell’ora locale (Europe/Rome) e in UTC');
    expect(text).toContain('ricondotte nel Paese di partenza');
    // "Allegato" is an exhibit: a file embedded in the PDF is a file.
    expect(text).toContain('incorporato in questo PDF come file con il nome');
    expect(text).not.toContain('come allegato con il nome');
  });

  it('shortens the running title in the footer between words', () => {
    const footer = italian.pages[1]!.replace(/\s+/g, ' ');
    expect(footer).toContain('Opposizione al fermo amministrativo della…');
    expect(footer).not.toMatch(/della \S+…/);
  });

  it('numbers witnesses across the case and names attachments in the dossier language', () => {
    const text = flat(italian);
    expect(text).toMatch(/Testimone 1: عمر الطرابلسي|Testimone 1: \S+/);
    expect(text).toContain('Testimone 2: Anna Keller');
    expect(text).toContain('«allegato-');
  });

  it('warns once per case how many texts it printed in another language', async () => {
    const dir = sampleRepository();
    const file = `cases/${SR}/incidents/2023-03-27-detention-porto-empedocle.yaml`;
    const text = readFileSync(path.join(dir, file), 'utf8');
    write(dir, file, text.replace('  it: Fermo amministrativo della MV Sea Rescuer a Porto Empedocle\n', ''));
    const result = await run(dir, ['build', SR, '--jobs', '1', '--format', 'json']);
    const summary = JSON.parse(result.stdout);
    expect(summary.cases[0].warnings).toEqual([
      expect.stringMatching(
        /^the Italian dossier of sea-rescuer-detention-2023 prints 1 text in another language, for lack of an Italian/,
      ),
    ]);
    const validate = await run(dir, ['validate', '--format', 'json']);
    const warning = JSON.parse(validate.stdout).problems.find(
      (p: { code: string }) => p.code === 'text.missing-locale',
    );
    expect(warning).toMatchObject({ file, line: 4, column: 1, path: 'title', severity: 'warning' });
    expect(buildOutput).not.toMatch(/another language/);
  });
  it("warns at the registry when a legal reference the case prints has no title in the case's language", async () => {
    const dir = sampleRepository();
    edit(dir, 'cases/registry.yaml', ', it: Situazioni di pericolo - obblighi e procedure }', ' }');
    const built = JSON.parse((await run(dir, ['build', SR, '--jobs', '1', '--format', 'json'])).stdout);
    expect(built.cases[0].warnings).toEqual([expect.stringMatching(/prints 1 text in another language/)]);
    const problems = JSON.parse((await run(dir, ['validate', '--format', 'json'])).stdout).problems;
    // Only the Italian case cites SOLAS V/33: the English ones print their own language.
    expect(problems.filter((p: { code: string }) => p.code === 'text.missing-locale')).toEqual([
      expect.objectContaining({
        file: 'cases/registry.yaml',
        path: 'references[1].title',
        severity: 'warning',
        message: expect.stringContaining('the dossier of case sea-rescuer-detention-2023, in Italian'),
      }),
    ]);
  });
});

describe('deadlines for a law office calendar', () => {
  it('writes an iCalendar file with one all-day event per open deadline', async () => {
    const dir = sampleRepository();
    // An open review: not filed yet.
    const file = 'cases/aurora-seizure-2024/incidents/2024-05-16-seizure-pozzallo.yaml';
    edit(dir, file, '    filed_at: 2024-05-24\n    status: won', '    status: not_filed');
    const ics = (await run(dir, ['deadlines', '--format', 'ics'], { SOURCE_DATE_EPOCH: '1700000000' })).stdout;
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    const events = unfolded.split('BEGIN:VEVENT').slice(1);
    expect(unfolded.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(unfolded.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    // Every line ends in CRLF and none is longer than 75 octets.
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const json = JSON.parse((await run(dir, ['deadlines', '--format', 'json'])).stdout);
    const open = json.deadlines.filter(
      (d: { filed_at?: string; status: string }) => !d.filed_at && ['not_filed', 'not_recorded'].includes(d.status),
    );
    expect(open.length).toBeGreaterThan(0);
    expect(events).toHaveLength(open.length);
    for (const [i, d] of open.entries()) {
      expect(events[i]).toContain(`DTSTART;VALUE=DATE:${d.date.replace(/-/g, '')}`);
      expect(events[i]).toContain(`UID:${d.case}/${d.incident}/${d.kind}@casebuilder`);
    }
    expect(unfolded).toContain('DTSTAMP:20231114T221320Z');
  });
});

describe('validate and the calendar', () => {
  it('warns at its line when a written deadline falls on a public holiday', async () => {
    const dir = sampleRepository();
    const file = 'cases/aurora-seizure-2024/incidents/2024-05-16-seizure-pozzallo.yaml';
    edit(dir, file, 'deadline: 2024-05-27', 'deadline: 2024-06-02');
    const validate = JSON.parse((await run(dir, ['validate', '--format', 'json'])).stdout);
    expect(validate.problems).toEqual([
      expect.objectContaining({
        file,
        line: 61,
        column: 5,
        severity: 'warning',
        path: 'seizure.review.deadline',
        code: 'deadline.not-working-day',
        message: expect.stringContaining('falls on a public holiday, Republic Day'),
      }),
    ]);
  });

  it('counts the days of a seizure as days of seizure, not of detention, in Italian', async () => {
    const dir = sampleRepository();
    const result = await run(dir, ['build', 'aurora-seizure-2024', '--locale', 'it', '--out', 'it', '--jobs', '1']);
    expect(result.status).toBe(0);
    const text = (await readPdf(path.join(dir, 'it/aurora-seizure-2024.pdf'))).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Durata del sequestro 36 giorni');
    expect(text).not.toContain('Durata del fermo');
    // The vessel record's closing sentence too: its one measure is a seizure.
    expect(text).toContain('1 misura, 36 giorni di sequestro in tutto, nessuna sanzione.');
    expect(text).not.toContain('di fermo in tutto');
  });
});
