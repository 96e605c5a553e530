import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allDecodedContent, readPdf, type PdfReadback } from '../helpers/pdf.js';
import { projectRoot, run, sampleRepository, write } from '../helpers/repo.js';

const CASES = ['aurora-seizure-2024', 'central-med-2023', 'sea-rescuer-detention-2023'];
let repo: string;
const pdfs: Record<string, PdfReadback> = {};

beforeAll(async () => {
  repo = sampleRepository();
  const result = await run(repo, ['build', '--format', 'json']);
  expect(result.stderr).toMatch(/built/);
  expect(result.status).toBe(0);
  for (const id of CASES) pdfs[id] = await readPdf(path.join(repo, 'dossiers', `${id}.pdf`));
}, 120_000);

const italian = () => pdfs['sea-rescuer-detention-2023']!;
const english = () => pdfs['aurora-seizure-2024']!;
const all = (pdf: PdfReadback) => pdf.pages.join('\n');
const flat = (text: string) => text.replace(/\s+/g, ' ');
/** The text of the page where a section begins, found through the outline. */
const sectionPage = (pdf: PdfReadback, title: string) => {
  const entry = pdf.outline.find((e) => e.title === title);
  if (!entry) throw new Error(`no outline entry "${title}"`);
  return pdf.pages[entry.page - 1]!;
};

describe('build on the sample cases', () => {
  it('cites exhibits in the order of their numbers, wherever an event lists them otherwise', async () => {
    // The shots fired at Zuwara cite the photo, then the bridge log, which the dossier cited first.
    const text = flat(all(pdfs['central-med-2023']!));
    const chronology = text.slice(text.indexOf('2. Chronology', text.indexOf('Contents') + 20));
    expect(chronology).toMatch(/Shots fired into the water about 50 m from the rescue RHIB Exhibit 1, Exhibit 2/);
    expect(text).not.toMatch(/Exhibit 2, Exhibit 1/);
    expect(text).toMatch(/Anna Keller \(crew\) Exhibits cited • Exhibit 1: [^•]* • Exhibit 2: [^•]* • Exhibit 3: /);
  });

  it('writes one dossier per case and says so in JSON', async () => {
    const result = await run(repo, ['build', '--format', 'json', '--out', 'again']);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ built: 3, failed: 0 });
    expect(summary.cases.map((c: { case: string }) => c.case)).toEqual(CASES);
    for (const id of CASES) expect(existsSync(path.join(repo, 'again', `${id}.pdf`))).toBe(true);
  });

  it('has every section, in order, with its content (Italian case)', async () => {
    const text = flat(all(italian()));
    const order = [
      'RISERVATO - AD USO PROCESSUALE',
      'Indice',
      '1. Esposizione dei fatti',
      'Il 25 marzo 2023 la MV Sea Rescuer',
      'Conclusioni',
      'annullare il provvedimento di fermo amministrativo',
      '2. Cronologia',
      '3. Episodi',
      '3.1 Intercettazione di un gommone a nord di Zuwara',
      '3.2 Fermo amministrativo della MV Sea Rescuer a Porto Empedocle',
      '4. Precedenti della nave',
      '5. Riferimenti normativi e giurisprudenziali',
      'UNCLOS, art. 98',
      '6. Indice degli allegati',
      '7. Allegati',
      'Allegato 1 – Giornale di plancia con posizioni, velocità e annotazioni',
    ];
    let at = -1;
    for (const part of order) {
      const next = text.indexOf(part, at + 1);
      expect({ part, found: next > at }).toEqual({ part, found: true });
      at = next;
    }
  });

  it('puts the cover first: court, case number, title, client, vessel, counsel, date', async () => {
    const cover = flat(italian().pages[0]!);
    for (const part of [
      'Tribunale di Agrigento',
      'R.G. 1234/2023',
      'Opposizione al fermo amministrativo della MV Sea Rescuer',
      'Rescue Mare e.V.',
      'MV Sea Rescuer',
      'IMO 9123453',
      'Avv. Giulia Esposito',
      '27 aprile 2023',
    ]) {
      expect(cover).toContain(part);
    }
  });

  it('extracts Italian accents and an Arabic name intact', async () => {
    const text = all(italian());
    for (const word of ['difficoltà', 'è rimasta', 'perché', "colpi d'arma da fuoco", 'sopravvissuto'])
      expect(text).toContain(word);
    expect(text).toContain('عمر الطرابلسي');
  });

  it('sorts the chronology and shows each time in the case zone and in UTC', async () => {
    const page = sectionPage(italian(), '2. Cronologia');
    const text = flat(page);
    // 06:10Z e-mail, 07:42Z start, 07:51Z shots, 07:53Z VHF, 08:20Z manoeuvre, 09:10Z end, then the detention days
    const events = [
      '07:10 (UTC+01:00) 25 marzo 2023, 06:10 UTC',
      '08:42 (UTC+01:00) 25 marzo 2023, 07:42 UTC',
      '08:51 (UTC+01:00) 25 marzo 2023, 07:51 UTC',
      '08:53',
      '09:20 (UTC+01:00) 25 marzo 2023, 08:20 UTC',
      '10:10',
      // dossier.md: within a day, the timed order (18:00) before the dated notification.
      'Fermo disposto',
      'Fermo notificato',
      'Ricorso depositato',
    ];
    let at = -1;
    for (const event of events) {
      const next = text.indexOf(event, at + 1);
      expect({ event, inOrder: next > at }).toEqual({ event, inOrder: true });
      at = next;
    }
    // A date alone sorts after the timed events of its day and shows the date alone.
    expect(text).toMatch(/27 marzo 2023 — Fermo notificato/);
    // Summer time: the detention order at 18:00 +02:00 is 16:00 UTC
    expect(text).toContain('27 marzo 2023, 18:00 (UTC+02:00) 27 marzo 2023, 16:00 UTC');
  });

  it('gives the table of contents the pages where the sections start, as links', async () => {
    const pdf = italian();
    const tocPage = pdf.outline.find((e) => e.title === 'Indice')!.page;
    const text = flat(pdf.pages[tocPage - 1]!);
    // Entries as the outline lists them (sections, then their incidents and exhibits)...
    const entries = pdf.outline.filter((e) => e.title !== 'Indice').flatMap((e) => [e, ...e.children]);
    let at = -1;
    for (const entry of entries) {
      const next = text.indexOf(entry.title, at + 1);
      expect({ title: entry.title, listed: next > at }).toEqual({ title: entry.title, listed: true });
      at = next;
    }
    // ...each followed, in the same order, by the page where its heading stands (the numbers are
    // drawn last, after the statement of facts that follows the contents on their page).
    expect(text.slice(at + entries.at(-1)!.title.length)).toContain(` ${entries.map((e) => e.page).join(' ')} `);
    for (const entry of entries) expect(flat(pdf.pages[entry.page - 1]!)).toContain(entry.title.slice(0, 30));
    const tocLinks = pdf.links.filter((l) => l.page === tocPage).map((l) => l.to);
    expect(new Set(tocLinks)).toEqual(new Set(entries.map((e) => e.page)));
  });

  it('has an outline entry for every section, incident and exhibit', async () => {
    const outline = italian().outline;
    expect(outline.map((e) => e.title)).toEqual([
      'Indice',
      '1. Esposizione dei fatti',
      '2. Cronologia',
      '3. Episodi',
      '4. Precedenti della nave',
      '5. Riferimenti normativi e giurisprudenziali',
      '6. Indice degli allegati',
      '7. Allegati',
    ]);
    expect(outline.find((e) => e.title === '3. Episodi')!.children.map((c) => c.title)).toEqual([
      '3.1 Intercettazione di un gommone a nord di Zuwara',
      '3.2 Fermo amministrativo della MV Sea Rescuer a Porto Empedocle',
    ]);
    expect(outline.find((e) => e.title === '7. Allegati')!.children).toHaveLength(4);
    for (const entry of outline.flatMap((e) => [e, ...e.children])) {
      expect(flat(italian().pages[entry.page - 1]!)).toContain(entry.title.slice(0, 25));
    }
  });

  it('prints "page X of Y" and a page stamp on every page', async () => {
    for (const [id, pdf] of Object.entries(pdfs)) {
      const prefix = { 'sea-rescuer-detention-2023': 'SR', 'aurora-seizure-2024': 'JF', 'central-med-2023': 'CM' }[id];
      const word = id === 'sea-rescuer-detention-2023' ? ['pagina', 'di'] : ['page', 'of'];
      pdf.pages.forEach((text, i) => {
        expect(text).toContain(`${word[0]} ${i + 1} ${word[1]} ${pdf.pageCount}`);
        expect(text).toContain(`${prefix}-${String(i + 1).padStart(6, '0')}`);
      });
    }
  });

  it('links every cited exhibit to its page', async () => {
    const pdf = italian();
    const exhibitPages = pdf.outline.find((e) => e.title === '7. Allegati')!.children.map((c) => c.page);
    const linked = new Set(pdf.links.map((l) => l.to));
    for (const page of exhibitPages) expect(linked.has(page)).toBe(true);
  });

  it('writes the metadata: title, subject, keywords, producer with the version, fixed dates', async () => {
    const { info } = italian();
    const version = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version;
    expect(info).toMatchObject({
      Title: 'Opposizione al fermo amministrativo della MV Sea Rescuer',
      Subject: 'opposizione al fermo · Tribunale di Agrigento · R.G. 1234/2023',
      Producer: `casebuilder ${version}`,
      Author: 'Rescue Mare e.V.',
      CreationDate: 'D:20230427000000Z',
      Language: 'it',
    });
    // In the dossier's language, one keyword from the next: a search of the portal finds "fermo".
    expect(info.Keywords).toBe(
      'sea-rescuer-detention-2023; opposizione al fermo; MV Sea Rescuer; intercettazione; fermo',
    );
  });

  it('leaves no path of the building machine in the file', async () => {
    for (const id of CASES) {
      const bytes = readFileSync(path.join(repo, 'dossiers', `${id}.pdf`));
      const content = await allDecodedContent(bytes);
      expect(content).not.toContain(repo);
      expect(content).not.toMatch(/\/(tmp|home|root|work|Users)\//);
    }
  });

  it('lays out an English dossier in English, and --locale overrides the case', async () => {
    const text = flat(all(english()));
    for (const part of [
      'CONFIDENTIAL - PREPARED FOR LITIGATION',
      '1. Statement of facts',
      'Relief sought',
      '2. Chronology',
      '3. Incidents',
      '4. Vessel record',
      'Exhibit 1',
    ])
      expect(text).toContain(part);
    expect(text).toContain('16 May 2024');
    await run(repo, ['build', 'sea-rescuer-detention-2023', '--locale', 'en', '--out', 'en']);
    const overridden = flat(all(await readPdf(path.join(repo, 'en', 'sea-rescuer-detention-2023.pdf'))));
    expect(overridden).toContain('1. Statement of facts');
    expect(overridden).toContain('shots fired');
  });

  it('shows the vessel record of every detention and seizure of the vessel in the repository', async () => {
    const page = flat(sectionPage(italian(), '4. Precedenti della nave'));
    // the Augusta detention lives in another case; the Porto Empedocle one in this
    expect(page).toContain('Augusta');
    expect(page).toContain('Porto Empedocle');
    expect(page).toMatch(/43 giorni/);
    // The total is a sentence with plurals, not "2, 63" that reads as a decimal.
    expect(page).toContain('2 misure, 63 giorni di fermo in tutto, sanzioni per 3.300,00 €.');
  });
});

describe('reproducible and atomic', () => {
  it('gives identical bytes for the same inputs', async () => {
    const a = await run(repo, ['build', '--out', 'r1']);
    const b = await run(repo, ['build', '--out', 'r2']);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    for (const id of CASES) {
      expect(
        readFileSync(path.join(repo, 'r1', `${id}.pdf`)).equals(readFileSync(path.join(repo, 'r2', `${id}.pdf`))),
      ).toBe(true);
    }
  });

  it('leaves the previous PDF byte-identical and no temporary file when a build fails', async () => {
    const out = path.join(repo, 'atomic');
    expect((await run(repo, ['build', 'aurora-seizure-2024', '--out', 'atomic'])).status).toBe(0);
    const before = readFileSync(path.join(out, 'aurora-seizure-2024.pdf'));
    const manifestBefore = readFileSync(path.join(out, 'aurora-seizure-2024.manifest.json'));
    write(repo, 'cases/aurora-seizure-2024/templates/facts.hbs', '# Facts\n\n{{case.no_such_field}}\n');
    const failed = await run(repo, ['build', 'aurora-seizure-2024', '--out', 'atomic']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      'cases/aurora-seizure-2024/templates/facts.hbs:3:3 error: template facts: "no_such_field" not defined',
    );
    expect(readFileSync(path.join(out, 'aurora-seizure-2024.pdf')).equals(before)).toBe(true);
    expect(readFileSync(path.join(out, 'aurora-seizure-2024.manifest.json')).equals(manifestBefore)).toBe(true);
    // no temporary file: the dossier, its manifest, the evidence hash cache and the parse cache only
    expect(readdirSync(out).sort()).toEqual([
      '.casebuilder-hashes.json',
      '.casebuilder-parsed.bin',
      'aurora-seizure-2024.manifest.json',
      'aurora-seizure-2024.pdf',
    ]);
  });

  it('uses a template override from the case folder', async () => {
    const dir = sampleRepository();
    write(
      dir,
      'cases/central-med-2023/templates/facts.hbs',
      '<!-- pagebreak -->\n# {{t "section.facts"}}\n\nOVERRIDDEN {{text case.id}}\n',
    );
    expect((await run(dir, ['build', 'central-med-2023'])).status).toBe(0);
    expect(all(await readPdf(path.join(dir, 'dossiers', 'central-med-2023.pdf')))).toContain(
      'OVERRIDDEN central-med-2023',
    );
  });
});
