import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { getDocument, OPS } from '../helpers/pdfjs.js';
import { LayoutEngine } from '../../src/render/layout/engine.js';
import { A4 } from '../../src/render/layout/styles.js';
import type { LaidOutPage, PageGeometry } from '../../src/render/layout/types.js';
import { MarkdownReader } from '../../src/render/markdown.js';
import { monospace } from '../helpers/layout.js';
import { edit, fixture, run, sampleRepository, write } from '../helpers/repo.js';

const CASES = ['aurora-seizure-2024', 'central-med-2023', 'sea-rescuer-detention-2023'];
const PREFIX: Record<string, string> = {
  'aurora-seizure-2024': 'JF',
  'central-med-2023': 'CM',
  'sea-rescuer-detention-2023': 'SR',
};
const BODY_TOP = A4.height - A4.marginTop;
const BODY_BOTTOM = A4.marginBottom;
/** Baselines below this stand in the bottom fifth of the page's body. */
const BOTTOM_FIFTH = BODY_BOTTOM + 0.2 * (BODY_TOP - BODY_BOTTOM);

interface TextItem {
  str: string;
  x: number;
  y: number;
  size: number;
}

interface ManifestExhibit {
  number: number;
  file: string;
  content: string;
  pages: [number, number];
  attachment: string | null;
}

interface Inspected {
  pages: { text: string; items: TextItem[]; lowestInk: number }[];
  labels: string[] | null;
  attachments: Record<string, Uint8Array>;
  exhibits: ManifestExhibit[];
  /** Pages (1-based) copied from PDF exhibits: their content is not ours to measure. */
  merged: Set<number>;
}

/**
 * A dossier read back as pdf.js sees it: each page's text items with their baselines and
 * sizes, the lowest ink of its body (text, or the foot of a photo), the page labels.
 */
async function inspect(file: string): Promise<Inspected> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0, isEvalSupported: false })
    .promise;
  const pages: Inspected['pages'] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const items: TextItem[] = [];
    let text = '';
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
      const [a, b, , , x, y] = item.transform as number[];
      if (item.str.trim()) items.push({ str: item.str, x: x!, y: y!, size: Math.hypot(a!, b!) });
    }
    // The body's lowest ink: text above the footer band, or the lowest corner of a photo.
    let lowestInk = Math.min(BODY_TOP, ...items.filter((t) => t.y > 60).map((t) => t.y));
    const ops = await page.getOperatorList();
    const stack: number[][] = [];
    let ctm = [1, 0, 0, 1, 0, 0];
    ops.fnArray.forEach((fn, k) => {
      const args = ops.argsArray[k] as number[];
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) {
        const [p, q, r, s, t, u] = args as [number, number, number, number, number, number];
        const [A, B, C, D, E, F] = ctm as [number, number, number, number, number, number];
        ctm = [p * A + q * C, p * B + q * D, r * A + s * C, r * B + s * D, t * A + u * C + E, t * B + u * D + F];
      } else if (fn === OPS.paintImageXObject) {
        const ys = [0, 1].flatMap((x) => [0, 1].map((y) => ctm[1]! * x + ctm[3]! * y + ctm[5]!));
        lowestInk = Math.min(lowestInk, ...ys);
      }
    });
    pages.push({ text: text.replace(/ +/g, ' '), items, lowestInk });
  }
  const labels = (await doc.getPageLabels()) as string[] | null;
  const raw = ((await doc.getAttachments()) ?? {}) as Record<string, { content: Uint8Array }>;
  const attachments = Object.fromEntries(Object.entries(raw).map(([name, a]) => [name, a.content]));
  await doc.destroy();
  const manifest = JSON.parse(Buffer.from(attachments['casebuilder-manifest.json']!).toString('utf8')) as {
    exhibits: ManifestExhibit[];
  };
  const merged = new Set<number>();
  for (const e of manifest.exhibits)
    if (e.content === 'pdf') for (let p = e.pages[0] + 1; p <= e.pages[1]; p++) merged.add(p);
  return { pages, labels, attachments, exhibits: manifest.exhibits, merged };
}

/** Share of a page's body below its lowest ink. */
const blank = (page: Inspected['pages'][number]) =>
  Math.max(0, Math.min(1, (page.lowestInk - BODY_BOTTOM) / (BODY_TOP - BODY_BOTTOM)));
const squeeze = (s: string) => s.replace(/\s+/g, '');
const flat = (s: string) => s.replace(/\s+/g, ' ');

let repo: string;
const court: Record<string, Inspected> = {};
const italian: Record<string, Inspected> = {};

beforeAll(async () => {
  repo = sampleRepository();
  const result = await run(repo, ['build']);
  expect(result.status).toBe(0);
  const it = await run(repo, ['build', '--locale', 'it', '--out', 'it']);
  expect(it.status).toBe(0);
  for (const id of CASES) {
    court[id] = await inspect(path.join(repo, 'dossiers', `${id}.pdf`));
    italian[id] = await inspect(path.join(repo, 'it', `${id}.pdf`));
  }
}, 180_000);

describe('page flow', () => {
  it('leaves at most one page over 80 % blank in central-med-2023 (3 of 18 before), and only where a flow ends', () => {
    // Measured on the dossiers as they were, every section on a new page, by this same
    // measure: central-med-2023 3 of 18, aurora-seizure-2024 1 of 13, sea-rescuer 0 of 17.
    for (const id of CASES) {
      const pdf = court[id]!;
      const firstExhibit = Math.min(...pdf.exhibits.map((e) => e.pages[0]));
      const ends = new Set([firstExhibit - 1, ...pdf.exhibits.map((e) => e.pages[1])]);
      const over = pdf.pages.flatMap((p, i) => (!pdf.merged.has(i + 1) && blank(p) > 0.8 ? [i + 1] : []));
      expect({ id, over: over.filter((p) => !ends.has(p)) }).toEqual({ id, over: [] });
      if (id === 'central-med-2023') expect(over.length).toBeLessThanOrEqual(1);
    }
    expect(court['central-med-2023']!.pages.length).toBeLessThan(18);
  });

  it('fills every page of the sections before the exhibits, but the last, to at least 70 %', () => {
    // What a page can lose: the bottom fifth kept free of headings (20 %), plus the space
    // before a heading and the two lines kept with it. Measured: at most 24 % blank.
    for (const id of CASES) {
      const pdf = court[id]!;
      const firstExhibit = Math.min(...pdf.exhibits.map((e) => e.pages[0]));
      const flow = pdf.pages.slice(1, firstExhibit - 2);
      for (const [i, page] of flow.entries())
        expect({ id, page: i + 2, full: blank(page) <= 0.3 }).toEqual({ id, page: i + 2, full: true });
    }
  });

  it('starts only the cover, the contents and each exhibit on a new page', () => {
    const pdf = court['central-med-2023']!;
    const text = pdf.pages.map((p) => flat(p.text));
    const pageOf = (s: string) => text.findIndex((t) => t.includes(s)) + 1;
    expect(pageOf('1. Statement of facts')).toBe(pageOf('Contents'));
    expect(pageOf('2. Chronology')).toBe(pageOf('1. Statement of facts'));
    expect(pageOf('5. Legal references')).toBe(pageOf('4. Vessel record'));
    for (const e of pdf.exhibits)
      expect(text[e.pages[0] - 1]).toMatch(new RegExp(`^\\s*(7\\. Exhibits )?Exhibit ${e.number} `));
  });

  it('never sets a heading in the bottom fifth of a page', () => {
    for (const pdf of [...Object.values(court), ...Object.values(italian)]) {
      pdf.pages.forEach((page, i) => {
        if (i === 0 || pdf.merged.has(i + 1)) return; // the cover is set apart; merged pages are not ours
        // Headings are 11 points and more; body text is 10.5, tables and listings smaller.
        for (const item of page.items.filter((t) => t.size >= 10.9))
          expect({ page: i + 1, heading: item.str, low: item.y < BOTTOM_FIFTH }).toEqual({
            page: i + 1,
            heading: item.str,
            low: false,
          });
      });
    }
  });

  it('moves a heading that would stand in the bottom fifth to the next page', () => {
    const page: PageGeometry = {
      width: 300,
      height: 400,
      marginTop: 40,
      marginBottom: 40,
      marginLeft: 30,
      marginRight: 30,
    };
    // Twelve one-line paragraphs end near 72 % of the body; the heading would end below 80 %,
    // though it and its paragraph would fit above the margin.
    const filler = Array.from({ length: 12 }, (_, i) => `Line ${i + 1}.`).join('\n\n');
    const pages = layout(`${filler}\n\n## Heading\n\nFirst line under it.\n`, page);
    expect(pages).toHaveLength(2);
    expect(pages[1]!.runs[0]!.text).toBe('Heading');
    expect(pages[0]!.runs.map((r) => r.text)).not.toContain('Heading');
  });
});

/** Markdown laid out with a measurer of fixed-width characters, every page kept. */
function layout(markdown: string, geometry: PageGeometry): LaidOutPage[] {
  const { blocks, headings } = new MarkdownReader().read(markdown);
  const pages: LaidOutPage[] = [];
  const engine = new LayoutEngine({ geometry, measurer: monospace, toc: headings, onPage: (p) => pages.push(p) });
  engine.add(blocks);
  engine.finish();
  return pages;
}

/** The first line of a laid-out page: the runs of its highest baseline, left to right. */
const firstLine = (page: LaidOutPage) => {
  const top = Math.max(...page.runs.map((r) => r.y));
  return page.runs
    .filter((r) => Math.abs(r.y - top) < 0.01)
    .sort((a, b) => a.x - b.x)
    .map((r) => r.text)
    .join(' ');
};

describe('key/value tables', () => {
  const geometry: PageGeometry = {
    width: 300,
    height: 400,
    marginTop: 40,
    marginBottom: 40,
    marginLeft: 30,
    marginRight: 30,
  };

  it('draw no header and repeat no row when they run onto the next page', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| Key ${i + 1} | Value ${i + 1} |`).join('\n');
    const pages = layout(`|  |  |\n|---|---|\n${rows}\n`, geometry);
    expect(pages.length).toBeGreaterThan(1);
    const texts = pages.flatMap((p) => p.runs.map((r) => r.text));
    expect(texts.filter((t) => t === 'Key 1')).toHaveLength(1);
    expect(firstLine(pages[1]!)).not.toMatch(/^Key 1 /);
    for (const page of pages) expect(page.rects).toEqual([]); // no shaded header row
    // Column widths still follow the content: the keys' column is as wide as its longest key.
    const values = pages[0]!.runs.filter((r) => r.text.startsWith('Value'));
    expect(values[0]!.x).toBeCloseTo(values.at(-1)!.x, 6);
  });

  it('never leave the last row alone at the head of a page', () => {
    for (let n = 10; n <= 40; n++) {
      const rows = Array.from({ length: n }, (_, i) => `| Key ${i + 1} | Value ${i + 1} |`).join('\n');
      const pages = layout(`|  |  |\n|---|---|\n${rows}\n`, geometry);
      const keys = pages.at(-1)!.runs.filter((r) => r.text.startsWith('Key')).length;
      expect({ n, keys: pages.length === 1 || keys >= 2 }).toEqual({ n, keys: true });
    }
  });

  it('leave real tables their header, repeated on every page', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| 0${i} | Event ${i} |`).join('\n');
    const pages = layout(`| Time | Event |\n|---|---|\n${rows}\n`, geometry);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(firstLine(page)).toBe('Time Event');
  });

  it('in a sample dossier, shows the first row of a table that spans a page once', async () => {
    const dir = sampleRepository();
    // Enough grounds to run over a page wherever the table starts (the incident's map comes before it).
    const grounds = Array.from(
      { length: 80 },
      (_, i) =>
        `    - Ground ${String(i + 1).padStart(2, '0')}, an alleged deficiency the inspectors listed in their report`,
    ).join('\n');
    edit(
      dir,
      'cases/central-med-2023/incidents/2022-11-08-detention-augusta.yaml',
      '    - Alleged deficiencies in sewage systems for the number of persons carried\n',
      `${grounds}\n`,
    );
    expect((await run(dir, ['build', 'central-med-2023'])).status).toBe(0);
    const pdf = await inspect(path.join(dir, 'dossiers/central-med-2023.pdf'));
    const text = pdf.pages.map((p) => flat(p.text));
    const first = text.findIndex((t) => t.includes('Kind port state control detention'));
    const last = text.findIndex((t) => t.includes('Ground 80'));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first); // the table does run onto the next page...
    expect(text.join('\n').match(/Kind port state control detention/g)).toHaveLength(1); // ...without its first row
  }, 60_000);
});

const ITALIAN_LABEL = (n: number, k: number, of: number) => `Allegato ${n} · pagina ${k} di ${of}`;

describe('exhibit labels and page labels', () => {
  const check = (pdf: Inspected, label: (n: number, k: number, of: number) => string, pattern: RegExp) => {
    const expected = new Map<number, string>();
    for (const e of pdf.exhibits)
      for (let p = e.pages[0]; p <= e.pages[1]; p++)
        expected.set(p, label(e.number, p - e.pages[0] + 1, e.pages[1] - e.pages[0] + 1));
    pdf.pages.forEach((page, i) => {
      const want = expected.get(i + 1);
      const found = page.items.filter((t) => pattern.test(t.str)).map((t) => t.str);
      expect({ page: i + 1, labels: found }).toEqual({ page: i + 1, labels: want ? [want] : [] });
    });
  };

  it('labels every page of an exhibit "Exhibit N · page k of n", merged pages and photos included', () => {
    for (const id of CASES) {
      // The sample for the Tribunale di Agrigento is Italian by its case's locale.
      if (id === 'sea-rescuer-detention-2023') check(court[id]!, ITALIAN_LABEL, /^Allegato \d+ · pagina/);
      else check(court[id]!, (n, k, of) => `Exhibit ${n} · page ${k} of ${of}`, /^Exhibit \d+ · page/);
    }
    // The documentation sample has a two-page exhibit: a header page and a merged page.
    expect(court['central-med-2023']!.exhibits.some((e) => e.pages[1] > e.pages[0])).toBe(true);
  });

  it('labels them "Allegato N · pagina k di n" in an Italian build', () => {
    for (const id of CASES) check(italian[id]!, ITALIAN_LABEL, /^Allegato \d+ · pagina/);
  });

  it('gives the PDF page labels equal to the page stamps, on every page', () => {
    for (const [id, doc] of CASES.flatMap((id) => [[id, court[id]!] as const, [id, italian[id]!] as const])) {
      const stamps = doc.pages.map((p) => p.items.find((t) => /^[A-Z]{2}-\d{6}$/.test(t.str))?.str);
      expect(doc.labels).toEqual(stamps);
      expect(stamps[0]).toBe(`${PREFIX[id]}-000001`);
    }
  });

  it('keeps the stamp band free on merged pages of any size and turn, labels included', async () => {
    const dir = fixture('exhibits');
    const exhibit = await PDFDocument.create();
    const font = await exhibit.embedFont(StandardFonts.Helvetica);
    for (const [width, height, turn] of [
      [420, 595, 0], // A5
      [842, 595, 0], // landscape
      [595, 842, 90], // turned a quarter: its foot, as read, is the right edge of its own space
      [300, 400, 0], // too narrow for the label beside the stamp
    ] as const) {
      const page = exhibit.addPage([width, height]);
      page.setRotation(degrees(turn));
      if (turn === 90) page.drawText('FOOT AS READ', { x: width - 6, y: 60, size: 12, font, rotate: degrees(90) });
      else page.drawText('FOOT AS READ', { x: 20, y: 6, size: 12, font });
    }
    write(dir, 'cases/ex/evidence/odd.pdf', await exhibit.save());
    edit(
      dir,
      'cases/ex/incidents/detention.yaml',
      '  - { id: E4,',
      '  - { id: E5, file: evidence/odd.pdf, kind: document, description: Odd pages }\n  - { id: E4,',
    );
    expect((await run(dir, ['build'])).status).toBe(0);
    const doc = await getDocument({
      data: new Uint8Array(readFileSync(path.join(dir, 'dossiers/ex.pdf'))),
      verbosity: 0,
    }).promise;
    let seen = 0;
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const view = page.getViewport({ scale: 1 });
      const items = (await page.getTextContent()).items.flatMap((t) => ('str' in t && t.str.trim() ? [t] : []));
      // Heights from the foot of the page as the reader sees it.
      const lift = (t: (typeof items)[number]) =>
        view.height - view.convertToViewportPoint(t.transform[4], t.transform[5])[1]!;
      const foot = items.find((t) => t.str === 'FOOT AS READ');
      if (!foot) continue;
      seen++;
      expect({ page: i, clear: lift(foot) >= 42 }).toEqual({ page: i, clear: true });
      const band = items.filter((t) => /^EX-\d{6}$|^Exhibit \d+ · page|^page \d+ of/.test(t.str));
      expect(band).toHaveLength(3);
      for (const t of band) expect(lift(t)).toBeLessThan(36);
    }
    await doc.destroy();
    expect(seen).toBe(4);
  }, 60_000);

  it('keeps the zero padding of the stamps in the labels past page 9', () => {
    // Ten pages or more cross from "CM-00000" + 9 to "CM-0000" + 10: the labels must not lose a zero.
    const labels = court['central-med-2023']!.labels!;
    expect(labels.length).toBeGreaterThan(10);
    expect(labels[8]).toBe('CM-000009');
    expect(labels[9]).toBe('CM-000010');
  });
});

describe('text exhibits', () => {
  let dir: string;
  let pdf: Inspected;
  let publicPdf: Inspected;
  const BIG = Array.from({ length: 2345 }, (_, i) => `entry ${String(i + 1).padStart(5, '0')} position report\n`).join(
    '',
  );

  beforeAll(async () => {
    dir = sampleRepository();
    const evidence = 'cases/aurora-seizure-2024/evidence';
    write(dir, `${evidence}/big.log`, BIG);
    // Accents in Latin-1; the curly quotes and the euro sign are Windows-1252's bytes 0x93, 0x94, 0x80.
    write(
      dir,
      `${evidence}/latin1.txt`,
      Buffer.from([
        ...Buffer.from('Dichiarazione di Jos\xe9 Pe\xf1a: la nave \xe8 partita; perch\xe9? ', 'latin1'),
        0x93,
        ...Buffer.from('Ordini', 'latin1'),
        0x94,
        ...Buffer.from('. Costo: 3 ', 'latin1'),
        0x80,
        0x0a,
      ]),
    );
    write(dir, 'cases/central-med-2023/evidence/notes.txt', 'At 05:30 Ibrahim Keita reached the yacht.\n');
    edit(
      dir,
      'cases/aurora-seizure-2024/incidents/2024-05-16-seizure-pozzallo.yaml',
      'witnesses:\n',
      '  - { id: E4, file: evidence/big.log, kind: log, description: Position reports }\n' +
        '  - { id: E5, file: evidence/latin1.txt, kind: statement, description: Statement written on an old PC }\n' +
        'witnesses:\n',
    );
    edit(
      dir,
      'cases/central-med-2023/incidents/2023-08-12-interception-sabratha.yaml',
      'witnesses:\n',
      '  - { id: E3, file: evidence/notes.txt, kind: log, description: Deck notes }\nwitnesses:\n',
    );
    // Only the dossiers read below: the court build of central-med-2023 is read from the first build.
    expect((await run(dir, ['build', 'aurora-seizure-2024'])).status).toBe(0);
    expect((await run(dir, ['build', 'central-med-2023', '--profile', 'public', '--out', 'public'])).status).toBe(0);
    pdf = await inspect(path.join(dir, 'dossiers/aurora-seizure-2024.pdf'));
    publicPdf = await inspect(path.join(dir, 'public/central-med-2023.pdf'));
  }, 120_000);

  const pagesOf = (doc: Inspected, file: string) => {
    const e = doc.exhibits.find((x) => x.file === file)!;
    return { exhibit: e, text: doc.pages.slice(e.pages[0] - 1, e.pages[1]).map((p) => p.text) };
  };

  it('prints the rows of the sample CSV on the exhibit page and still attaches the file byte for byte', () => {
    const file = path.join(repo, 'cases/sea-rescuer-detention-2023/evidence/2023-03-25/bridge-log.csv');
    const bytes = readFileSync(file);
    const rows = parseCsv(bytes, { relaxColumnCount: true }) as string[][];
    for (const id of ['central-med-2023', 'sea-rescuer-detention-2023']) {
      const { exhibit, text } = pagesOf(court[id]!, 'evidence/2023-03-25/bridge-log.csv');
      expect(exhibit.content).toBe('text');
      const page = squeeze(text.join(''));
      for (const row of rows) for (const field of row) expect(page).toContain(squeeze(field));
      expect(Buffer.from(court[id]!.attachments[exhibit.attachment!]!).equals(bytes)).toBe(true);
    }
  });

  it('prints a GPX track as its points: time, latitude, longitude', () => {
    const { text } = pagesOf(court['central-med-2023']!, 'evidence/aurora-track.gpx');
    const page = flat(text.join(' '));
    expect(page).toMatch(/No\. Time \(as recorded\) Latitude Longitude/);
    expect(page).toMatch(/1 2023-08-12T04:00:00Z 33\.1200 12\.3990/);
    expect(page).toMatch(/3 2023-08-12T05:20:00Z 33\.0717 12\.4300/);
  });

  it('prints the first 2,000 lines of a longer text file, numbered, and a note naming the attachment', () => {
    const { exhibit, text } = pagesOf(pdf, 'evidence/big.log');
    const all = flat(text.join(' '));
    expect(all).toContain('entry 00001 position report');
    expect(all).toContain('entry 02000 position report');
    expect(all).not.toContain('entry 02001');
    expect(all).toContain(`The remaining 345 lines are in the attached file “${exhibit.attachment}”.`);
    expect(exhibit.pages[1] - exhibit.pages[0]).toBeGreaterThan(20);
    // Every page of the listing carries the exhibit's label, the last "page n of n".
    const n = exhibit.pages[1] - exhibit.pages[0] + 1;
    expect(text.at(-1)).toContain(`Exhibit ${exhibit.number} · page ${n} of ${n}`);
    expect(Buffer.from(pdf.attachments[exhibit.attachment!]!).toString('utf8')).toBe(BIG);
  });

  it('prints a Latin-1 (Windows-1252) text without replacement characters', () => {
    const { text } = pagesOf(pdf, 'evidence/latin1.txt');
    const all = flat(text.join(' '));
    expect(all).toContain('Dichiarazione di José Peña: la nave è partita; perché? “Ordini”. Costo: 3 €');
    expect(all).toContain('The file is not in UTF-8');
    expect(all).not.toContain('\ufffd');
  });

  it('redacts a protected name in printed text in the public profile', () => {
    const { text } = pagesOf(publicPdf, 'evidence/notes.txt');
    expect(flat(text.join(' '))).toMatch(/At 05:30 Witness \d+ reached the yacht\./);
    for (const page of publicPdf.pages) expect(page.text).not.toMatch(/Keita/i);
    const { exhibit } = pagesOf(publicPdf, 'evidence/notes.txt');
    expect(Buffer.from(publicPdf.attachments[exhibit.attachment!]!).toString('utf8')).not.toMatch(/Keita/i);
  });
});
