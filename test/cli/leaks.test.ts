import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import {
  cidStatement,
  formFieldOnTwoPages,
  formNaming,
  formNamingOffThePage,
  pdfNamingOutsideItsText,
  pdfOfDrawingsOnly,
  pdfWithKernedSpaces,
  pdfWithLyingTextMap,
  pdfWithOutlinedName,
  pdfWithPageTreeCycle,
  photoWithComment,
  pictureSpelling,
  scanWithOcrLayer,
  statementWithFilledSignature,
  statementWithPenSignature,
  statementWithSignature,
  type ScanLayout,
} from '../helpers/hand-made-pdf.js';
import { allDecodedContent, pathSegments, readPdf, type PdfReadback } from '../helpers/pdf.js';
import { edit, fixture, run, write } from '../helpers/repo.js';

// Issue 13: each way of writing a protected name, through a public build, read back with pdf.js
// (a library other than the writer): none survives; the same reader finds them in the court build.

const INCIDENT = 'cases/ex/incidents/detention.yaml';
const NAME = 'Ahmed Saleh';
const PHONE = '+218 91 000 0000';

/** As a reader's search would see a text: no accents, marks, invisible characters, case, spaces or punctuation. */
function squash(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}|\p{Default_Ignorable_Code_Point}|\u0640/gu, '')
    .replace(/[ىی]/g, 'ي')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Case text: where a name may hide in what an officer writes. */
const TEXT_FORMS: [string, string][] = [
  ['a zero-width joiner inside it', 'Ahmed\u200dSaleh'],
  ['a zero-width space inside it', 'Ah\u200bmed Saleh'],
  ['a soft hyphen inside it', 'Ahmed Sal\u00adeh'],
  ['a left-to-right mark inside it', 'Ahmed \u200eSaleh'],
  ['a no-break space', 'Ahmed\u00a0Saleh'],
  ['a double space', 'Ahmed  Saleh'],
  ['Markdown emphasis inside it', 'Ahmed **Saleh**'],
  ['an HTML entity', '&#65;hmed Saleh'],
  ['a URL with the name encoded', '<https://example.org/people/Ahmed%20Saleh>'],
  ['a slug in a URL', 'https://example.org/ahmed-saleh'],
  ['fullwidth letters', 'Ａｈｍｅｄ Ｓａｌｅｈ'],
  ['capitals and accents', 'AHMÉD SÀLEH'],
  ['the surname alone', 'and Saleh said so'],
];

/** Attachments: the encodings a file of the case may come in. */
function attachments(): { file: string; bytes: Buffer; form: string; kept: boolean }[] {
  const mail = (body: string, encoding: string) =>
    'From: crew@example.org\r\nTo: desk@example.org\r\nSubject: report\r\nMIME-Version: 1.0\r\n' +
    `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}\r\n`;
  return [
    {
      form: 'UTF-16LE text',
      kept: true,
      file: 'note-utf16.txt',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`seen by ${NAME}`, 'utf16le')]),
    },
    { form: 'gzip', kept: false, file: 'note.txt.gz', bytes: gzipSync(Buffer.from(`seen by ${NAME}`)) },
    {
      form: 'base64 e-mail',
      kept: false,
      file: 'mail-b64.eml',
      bytes: Buffer.from(mail(Buffer.from(`seen by ${NAME}`).toString('base64'), 'base64')),
    },
    {
      form: 'quoted-printable e-mail',
      kept: false,
      file: 'mail-qp.eml',
      bytes: Buffer.from(mail('seen by Ahmed=20Sal=\r\neh', 'quoted-printable')),
    },
    {
      form: 'docx',
      kept: false,
      file: 'statement.docx',
      bytes: docx('<w:r><w:t>Ahmed</w:t></w:r><w:r><w:t> Saleh</w:t></w:r>'),
    },
    {
      form: 'JSON \\u escapes',
      kept: false,
      file: 'data.json',
      bytes: Buffer.from('{"witness": "\\u0041hmed \\u0053aleh"}'),
    },
    { form: 'XML entities', kept: true, file: 'data.xml', bytes: Buffer.from('<w>&#65;hmed&#32;Saleh</w>') },
    {
      form: 'a name split over two CSV cells',
      kept: true,
      file: 'crew.csv',
      bytes: Buffer.from('first,last\nAhmed,Saleh\n'),
    },
  ];
}

/** A one-file docx: word/document.xml deflated in a zip, as Word writes it. */
function docx(runs: string): Buffer {
  const xml = Buffer.from(`<w:document><w:body><w:p>${runs}</w:p></w:body></w:document>`);
  const data = deflateRawSync(xml);
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(xml.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(xml.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const dirStart = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(dirStart, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

const PHONE_FORMS: [string, string][] = [
  ['without spaces', '+218910000000'],
  ['with hyphens', '+218-91-000-0000'],
  ['with 00 for +', '00218 91 000 0000'],
];

let court: PdfReadback;
let published: PdfReadback;
let publicBytes: Buffer;
let courtSummary: string;

beforeAll(async () => {
  const dir = fixture('exhibits');
  const files = attachments();
  for (const a of files) write(dir, `cases/ex/evidence/${a.file}`, a.bytes);
  // A file named after the witness, as officers name statements.
  write(dir, 'cases/ex/evidence/ahmed-saleh-statement.txt', 'A statement.\n');
  const evidence = [
    ...files.map(
      (a, i) => `  - { id: A${i + 1}, file: evidence/${a.file}, kind: document, description: Note ${i + 1} }`,
    ),
    '  - { id: S1, file: evidence/ahmed-saleh-statement.txt, kind: statement, description: Statement }',
  ].join('\n');
  edit(dir, INCIDENT, 'detention:\n', `witnesses:\n  - { id: W1, name: ${NAME}, role: survivor }\ndetention:\n`);
  edit(dir, INCIDENT, '  - { id: E4,', `${evidence}\n  - { id: E4,`);
  const sentences = [...TEXT_FORMS, ...PHONE_FORMS].map(([, form], i) => `Form ${i + 1}: ${form}.`).join('\n\n  ');
  const cite = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'S1'];
  edit(
    dir,
    INCIDENT,
    'title: Detention at Porto Empedocle',
    `title: Detention at Porto Empedocle\nsummary: |\n  ${sentences}\n`,
  );
  edit(dir, 'cases/ex/case.yaml', 'prepared_on: 2023-04-27', `prepared_on: 2023-04-27\nredact: ["${PHONE}"]`);
  expect(cite.length).toBe(files.length + 1);
  const courtRun = await run(dir, ['build', '--out', 'court', '--jobs', '1']);
  expect(courtRun.status).toBe(0);
  const publicRun = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
  expect(publicRun.stderr).not.toContain('refusing');
  expect(publicRun.status).toBe(0);
  court = await readPdf(path.join(dir, 'court/ex.pdf'));
  publicBytes = readFileSync(path.join(dir, 'public/ex.pdf'));
  published = await readPdf(publicBytes);
  courtSummary = court.pages.join('\n');
}, 120_000);

const allText = (pdf: PdfReadback) =>
  [
    ...pdf.pages,
    ...pdf.outline.map((o) => o.title),
    JSON.stringify(pdf.info),
    ...Object.values(pdf.attachments).map((a) => `${a.filename}\n${decoded(a.content)}`),
  ].join('\n');

/** An attachment as a reader would open it: text in its encoding, JSON unescaped, XML entities resolved. */
function decoded(bytes: Uint8Array): string {
  const b = Buffer.from(bytes);
  const text = b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8');
  let json = '';
  try {
    json = JSON.stringify(JSON.parse(text), null, 0).replace(/\\u([0-9a-f]{4})/gi, (_, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
    json = JSON.stringify(JSON.parse(json));
  } catch {
    // not JSON
  }
  const entities = text.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)));
  return [text, json, entities].join('\n');
}

describe('a protected name written any way in the case text', () => {
  it.each(TEXT_FORMS)('is found in the court dossier and not in the public one: %s', (_label, form) => {
    void form;
    expect(squash(courtSummary)).toContain('ahmedsaleh');
    const text = squash(allText(published));
    expect(text).not.toContain('ahmed');
    expect(text).not.toContain('saleh');
  });

  it.each(PHONE_FORMS)('a redact: phone number written %s is removed', (_label, form) => {
    expect(courtSummary.replace(/\s+/g, ' ')).toContain(form);
    const digits = allText(published).replace(/[^0-9]/g, '');
    expect(digits).not.toContain('218910000000');
  });
});

describe('a protected name in an attachment', () => {
  it.each(attachments().map((a) => [a.form, a.file, a.kept] as const))(
    'in %s is attached to the court dossier; the public one attaches a redacted copy, or leaves it out',
    (_form, file, kept) => {
      const inCourt = Object.values(court.attachments).find((a) => a.filename.endsWith(file));
      expect(inCourt).toBeDefined();
      // The court copy is the file as it is: a text shows the name as written.
      if (kept) expect(squash(decoded(inCourt!.content))).toContain('saleh');
      const inPublic = Object.values(published.attachments).find((a) => a.filename.endsWith(file));
      // A text is rewritten without the name; a container (gzip, e-mail, docx, escaped JSON) is left out.
      expect(inPublic !== undefined).toBe(kept);
      if (inPublic) expect(squash(decoded(inPublic.content))).not.toContain('saleh');
    },
  );

  it('says on the exhibit page and in the build which files it left out', () => {
    expect(published.pages.join(' ')).toContain('This file is left out of the public dossier');
  });

  it('keeps the name out of file names, attachment names and the manifest', () => {
    const names = Object.values(published.attachments).map((a) => a.filename);
    expect(squash(names.join(' '))).not.toContain('saleh');
    const manifest = Object.values(published.attachments).find((a) => a.filename === 'casebuilder-manifest.json')!;
    expect(squash(Buffer.from(manifest.content).toString('utf8'))).not.toContain('saleh');
    expect(Object.values(court.attachments).some((a) => a.filename.includes('ahmed-saleh'))).toBe(true);
  });

  it('leaves the raw bytes of the public PDF free of the name in every encoding', () => {
    const raw = publicBytes.toString('latin1');
    for (const form of ['Ahmed Saleh', 'ahmed-saleh', 'Saleh']) {
      expect(raw).not.toContain(form);
      expect(raw).not.toContain(Buffer.from(form, 'utf16le').toString('latin1'));
      expect(raw).not.toContain(Buffer.from(form, 'utf16le').swap16().toString('latin1'));
    }
  });
});

describe('a protected name inside a PDF exhibit', () => {
  /** A one-page PDF that draws the name in a given way. */
  async function pdfNaming(how: 'standard' | 'subset' | 'glyph-by-glyph'): Promise<Uint8Array> {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const fontkit = (await import('@pdf-lib/fontkit')).default;
    const doc = await PDFDocument.create();
    const page = doc.addPage([400, 300]);
    if (how === 'subset') {
      doc.registerFontkit(fontkit);
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      const ttf = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf/DejaVuSans.ttf');
      const font = await doc.embedFont(readFileSync(ttf), { subset: true });
      page.drawText(`Statement of ${NAME}, taken on board`, { x: 30, y: 200, size: 12, font });
    } else {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      if (how === 'standard') page.drawText(`Statement of ${NAME}, taken on board`, { x: 30, y: 200, size: 12, font });
      else {
        // One show operator per glyph, as some scanners' OCR layers write.
        let x = 30;
        for (const ch of `Statement of ${NAME}`) {
          page.drawText(ch, { x, y: 200, size: 12, font });
          x += font.widthOfTextAtSize(ch, 12);
        }
      }
    }
    page.drawText('The rest of the page stays.', {
      x: 30,
      y: 150,
      size: 12,
      font: await doc.embedFont(StandardFonts.Helvetica),
    });
    return doc.save();
  }

  const ways: [string, 'standard' | 'subset' | 'glyph-by-glyph'][] = [
    ['a Standard-14 font', 'standard'],
    ['a TrueType subset', 'subset'],
    ['one glyph per show', 'glyph-by-glyph'],
  ];
  function citeStatement(dir: string, pdf: Uint8Array): void {
    write(dir, 'cases/ex/evidence/statement.pdf', pdf);
    edit(dir, INCIDENT, 'detention:\n', `witnesses:\n  - { id: W1, name: ${NAME}, role: survivor }\ndetention:\n`);
    edit(
      dir,
      INCIDENT,
      '  - { id: E4,',
      '  - { id: P1, file: evidence/statement.pdf, kind: statement, description: Statement }\n  - { id: E4,',
    );
  }

  /**
   * Builds the public dossier and checks that page 1 of the statement, and only it, was left out:
   * the warning names the page and `warning`, the exhibit's page says `note`, the manifest lists
   * page 1, and the second page is published. Returns the public dossier read back.
   */
  async function publishedWithoutPageOne(dir: string, warning: string, note: RegExp): Promise<PdfReadback> {
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).toContain(
      `exhibit "evidence/statement.pdf": page 1 left out of the public dossier: ${warning}`,
    );
    expect(result.status).toBe(0);
    const published = await readPdf(path.join(dir, 'public/ex.pdf'));
    const text = published.pages.join('\n');
    expect(text).toContain('The second page of the statement.');
    expect(text).toMatch(note);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'public/ex.manifest.json'), 'utf8'));
    const exhibit = manifest.exhibits.find((e: { file: string }) => e.file.endsWith('statement.pdf'));
    expect(exhibit.published_left_out_pages).toEqual([1]);
    return published;
  }

  it.each(ways)('drawn in %s is in the court dossier and removed from the public one', async (_label, how) => {
    const dir = fixture('exhibits');
    citeStatement(dir, await pdfNaming(how));
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    const courtText = (await readPdf(path.join(dir, 'court/ex.pdf'))).pages.join('\n');
    expect(squash(courtText)).toContain('ahmedsaleh');
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
    const text = (await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n');
    expect(squash(text)).not.toContain('saleh');
    // Removed, not covered: the rest of the page is still there, and the page says it was redacted.
    expect(text).toContain('The rest of the page stays.');
    expect(text).toContain('redacted for publication');
  });

  /** Every stream decoded, PNG and TIFF predictors undone: where XMP metadata is read. */
  async function everyByte(file: string): Promise<string> {
    const { PDFDocument, PDFRawStream, PDFDict, PDFName, PDFNumber, decodePDFRawStream } = await import('pdf-lib');
    const { undoPredictor } = await import('../../src/pdf/predictor.js');
    const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    const parts = [await allDecodedContent(readFileSync(file))];
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      const parms = object instanceof PDFRawStream ? object.dict.lookup(PDFName.of('DecodeParms')) : undefined;
      if (!(object instanceof PDFRawStream) || !(parms instanceof PDFDict)) continue;
      const n = (key: string, fallback: number) => {
        const v = parms.lookup(PDFName.of(key));
        return v instanceof PDFNumber ? v.asNumber() : fallback;
      };
      const p = { predictor: n('Predictor', 1), colors: n('Colors', 1), bitsPerComponent: 8, columns: n('Columns', 1) };
      parts.push(Buffer.from(undoPredictor(decodePDFRawStream(object).decode(), p)).toString('latin1'));
    }
    return parts.join('\n');
  }

  it('is taken out of comments, attached files and metadata; pages of a scan or drawings are left out', async () => {
    const dir = fixture('exhibits');
    citeStatement(dir, pdfNamingOutsideItsText(NAME));
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    // The court dossier keeps the file as it is: the comment, the attached note, the metadata, both pages.
    const court = await everyByte(path.join(dir, 'court/ex.pdf'));
    expect(court).toContain(`Asked ${NAME} again`);
    expect(court).toContain(`seen by ${NAME}`);
    expect(court).toContain(`<dc:creator>${NAME}</dc:creator>`);
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).toContain(
      'exhibit "evidence/statement.pdf": pages 2, 3 left out of the public dossier: pictures or drawings and no text',
    );
    expect(result.stderr).toContain(
      'exhibit "evidence/statement.pdf": taken off its public copy, since no search reads such items: 1 comment, ' +
        '1 attached file, metadata',
    );
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
    expect(await everyByte(path.join(dir, 'public/ex.pdf'))).not.toMatch(/saleh/i);
    const publicPdf = await readPdf(path.join(dir, 'public/ex.pdf'));
    const text = publicPdf.pages.join('\n');
    expect(text).toContain('Statement taken on board.');
    expect(text).toMatch(/Pages left\s+out\s+pages 2, 3 of the file show pictures or drawings and no text/);
    expect(text).toMatch(
      /Taken off\s+1 comment, 1 attached file, metadata\. A text search cannot read items of this kind/,
    );
    const manifest = JSON.parse(readFileSync(path.join(dir, 'public/ex.manifest.json'), 'utf8'));
    const exhibit = manifest.exhibits.find((e: { file: string }) => e.file.endsWith('statement.pdf'));
    expect(exhibit.published_left_out_pages).toEqual([2, 3]);
    // Two pages of the exhibit fewer than in the court dossier, in its manifest and in the PDF.
    const courtPdf = await readPdf(path.join(dir, 'court/ex.pdf'));
    const pagesOf = (m: { exhibits: { file: string; pages: number[] }[] }) =>
      m.exhibits.find((e) => e.file.endsWith('statement.pdf'))!.pages;
    const courtManifest = JSON.parse(readFileSync(path.join(dir, 'court/ex.manifest.json'), 'utf8'));
    const span = (p: number[]) => p[1]! - p[0]!;
    expect(span(pagesOf(courtManifest)) - span(pagesOf(manifest))).toBe(2);
    expect(courtPdf.pageCount).toBeGreaterThan(0);
    expect(courtPdf.pageCount - publicPdf.pageCount).toBe(2);
    // The exhibit's own page (after the index, the last to name the file) says whose pages follow:
    // the file's in court, the published copy's in public.
    const follow = (t: string) =>
      /The\s+(published\s+)?pages\s+of\s+the\s+document\s+follow[^.]*\./.exec(
        t.slice(t.lastIndexOf('evidence/statement.pdf')),
      )?.[0];
    expect(follow(courtPdf.pages.join('\n'))).toMatch(/each\s+as\s+it\s+is\s+in\s+the\s+file,/);
    expect(follow(text)).toMatch(/^The\s+published\s+pages.*in\s+the\s+published\s+copy,/s);
  });

  /**
   * Builds the court and the public dossier of a signed statement: the curves and lines drawn on
   * its page in each (found by "Signed:"), the public build's output and the public text.
   */
  async function signedBothWays(pdf: Uint8Array) {
    const dir = fixture('exhibits');
    citeStatement(dir, pdf);
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
    const drawn = async (file: string) => {
      const pages = (await readPdf(file)).pages;
      return pathSegments(file, pages.findIndex((text) => text.includes('Signed:')) + 1);
    };
    const published = path.join(dir, 'public/ex.pdf');
    return {
      court: await drawn(path.join(dir, 'court/ex.pdf')),
      published: await drawn(published),
      stderr: result.stderr,
      text: (await readPdf(published)).pages.join('\n').replace(/\s+/g, ' '),
    };
  }
  const HAND_DRAWN = 'drawings by hand or curved figures (a signature, handwriting, a logo) from 1 page';

  it.each<['round' | 'miter']>([['round'], ['miter']])(
    'takes a signature drawn in pen strokes (%s joins) off a page it was removed from, keeping the straight rules',
    async (joins) => {
      const { court, published, stderr, text } = await signedBothWays(statementWithPenSignature(NAME, joins));
      expect(court).toMatchObject({ curves: 4 });
      expect(published.curves).toBe(0);
      expect(published.lines).toBeGreaterThanOrEqual(1);
      expect(text).toContain(`Taken off ${HAND_DRAWN} a protected name was removed from`);
      expect(stderr).toContain(`${HAND_DRAWN} a protected name was removed from`);
    },
  );

  it('takes a signature filled between its edges off a page it was removed from, keeping a dot and a box', async () => {
    const { court, published, stderr } = await signedBothWays(statementWithFilledSignature(NAME));
    // The signature's 8 curves, the dot's 4 and the rounded box's 4.
    expect(court.curves).toBe(16);
    expect(published.curves).toBe(8);
    expect(stderr).toContain(HAND_DRAWN);
  });

  it('is taken out of a form field that holds it, the court copy keeping the field', async () => {
    const dir = fixture('exhibits');
    citeStatement(dir, formNaming(NAME));
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    expect(await everyByte(path.join(dir, 'court/ex.pdf'))).toMatch(new RegExp(`/V\\s*\\(${NAME}\\)`));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.stderr).toContain(
      'exhibit "evidence/statement.pdf": taken off its public copy, since no search reads such items: ' +
        '1 form field whose value names a protected person',
    );
    expect(result.status).toBe(0);
    expect(await everyByte(path.join(dir, 'public/ex.pdf'))).not.toMatch(/saleh/i);
    const text = (await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n');
    expect(text).toContain('Name of the witness:');
    expect(text).toMatch(/Taken off\s+1 form field whose value names a protected person/);
  });

  it.each<[string, 'widgetless' | 'default']>([
    ['a field with no widget, its value kept in the form alone', 'widgetless'],
    ['the default value of a field whose widget shows another', 'default'],
  ])('is taken out of %s', async (_what, how) => {
    const dir = fixture('exhibits');
    citeStatement(dir, formNamingOffThePage(NAME, how));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.stderr).toContain('1 form field whose value names a protected person');
    expect(result.status).toBe(0);
    expect(await everyByte(path.join(dir, 'public/ex.pdf'))).not.toMatch(/saleh/i);
    expect((await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n')).toContain('Statement taken on board.');
  });

  it('is taken out of a field whose value its widgets on two pages share', async () => {
    const dir = fixture('exhibits');
    citeStatement(dir, formFieldOnTwoPages(NAME));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.stderr).toContain('2 form fields whose values name a protected person');
    expect(result.status).toBe(0);
    expect(await everyByte(path.join(dir, 'public/ex.pdf'))).not.toMatch(/saleh/i);
    const text = (await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n');
    expect(text).toContain('Name of the witness:');
    expect(text).toContain('Signed by the witness:');
  });

  it("is taken out of a photo's JPEG comment inside a PDF, the pixels kept", async () => {
    const dir = fixture('exhibits');
    const jpeg = readFileSync(path.join(dir, 'cases/ex/evidence/portrait.jpg'));
    citeStatement(dir, photoWithComment(`Taken by ${NAME}`, jpeg));
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    expect(readFileSync(path.join(dir, 'court/ex.pdf')).toString('latin1')).toContain(`Taken by ${NAME}`);
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
    const published = readFileSync(path.join(dir, 'public/ex.pdf'));
    expect(await everyByte(path.join(dir, 'public/ex.pdf'))).not.toMatch(/saleh/i);
    // The photo's coded data, from its start of scan, is there as it was: only its comment went.
    expect(published.includes(jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda]))))).toBe(true);
    const text = (await readPdf(published)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Photo of the boat');
    expect(text).toMatch(/Taken off metadata/);
  });

  it("is taken out of a photo's comment inside a PDF written in UTF-16, one byte off its start", async () => {
    const dir = fixture('exhibits');
    const jpeg = readFileSync(path.join(dir, 'cases/ex/evidence/portrait.jpg'));
    // An Arabic name: no byte of it reads as a letter in Latin-1, as an accented Latin one would.
    const arabic = 'عمر الطرابلسي';
    citeStatement(dir, photoWithComment(`صورة ${arabic}`, jpeg, true));
    edit(dir, INCIDENT, `name: ${NAME}`, `name: ${arabic}`);
    const wide = Buffer.from(arabic, 'utf16le');
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    expect(readFileSync(path.join(dir, 'court/ex.pdf')).includes(wide)).toBe(true);
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(dir, 'public/ex.pdf')).includes(wide)).toBe(false);
    expect(result.stderr).toContain('taken off its public copy, since no search reads such items: metadata');
  });

  it('is refused, naming the exhibit, the page and its stamp, where no step of the redaction looks', async () => {
    const dir = fixture('exhibits');
    // The samples of an uncompressed picture that spell the name: no step reads pixels as text.
    citeStatement(dir, pictureSpelling(NAME));
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
    const court = (await readPdf(path.join(dir, 'court/ex.pdf'))).pages;
    const number = court.map((text) => /Exhibit (\d+) – Statement/.exec(text)?.[1]).find(Boolean);
    const page = court.findIndex((text) => text.includes('Photo of the boat')) + 1;
    const stamp = `EX-${String(page).padStart(6, '0')}`;
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `the name of protected witness 1 appears in exhibit ${number} (evidence/statement.pdf), ` +
        `page ${page} (${stamp}): an image (object`,
    );
    expect(existsSync(path.join(dir, 'public/ex.pdf'))).toBe(false);
  });

  it('is refused, naming the exhibit and the page, when the text map of its font hides it from a search', async () => {
    const dir = fixture('exhibits');
    citeStatement(dir, pdfWithLyingTextMap(NAME));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('statement.pdf');
    expect(result.stderr).toContain('page 1 still shows a protected string in its content once redacted');
    expect(existsSync(path.join(dir, 'public/ex.pdf'))).toBe(false);
    // The court dossier is not a publication: it is built as it always was.
    expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
  });

  it("is not taken for found when its parts are glued only in the file's bytes (a space shown as a move)", async () => {
    const dir = fixture('exhibits');
    // "Roberto" is long enough to be found with an ending; "Robert" "Owen" glued would read "robertowen",
    // "roberto" with the ending "wen" at the line's end: refused unless the move is read as a space.
    citeStatement(dir, pdfWithKernedSpaces(['Robert', 'Owen']));
    edit(dir, INCIDENT, `name: ${NAME}`, 'name: Roberto Bianchi');
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('still shows a protected string');
    expect(result.status).toBe(0);
    expect((await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n')).toContain('Robert Owen');
  });

  it('is not taken for found in a line whose words hold its letters across a space ("The sale held")', async () => {
    const dir = fixture('exhibits');
    // The decoy line of the lying-map file, alone and honest: the surname Saleh is not on this page.
    citeStatement(dir, pdfWithKernedSpaces(['The sale held on Monday.']));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('still shows a protected string');
    expect(result.status).toBe(0);
    expect((await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n')).toContain('The sale held on Monday.');
  });

  it('stops a public build, saying why, when every page of an exhibit is drawings', async () => {
    const dir = fixture('exhibits');
    citeStatement(dir, pdfOfDrawingsOnly());
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'exhibit "evidence/statement.pdf": every page of the file shows pictures or drawings and no text',
    );
  });

  it.each([
    ['filled', 'filled'],
    ['as a clip a gradient is painted through', 'clip'],
    ['as a clip a colour is painted through', 'clip-fill'],
  ] as [string, 'filled' | 'clip' | 'clip-fill'][])(
    'drawn as glyph outlines (%s) below a line of text leaves that page out of the public dossier',
    async (_l, how) => {
      const dir = fixture('exhibits');
      citeStatement(dir, pdfWithOutlinedName(NAME, how));
      expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
      const court = await readPdf(path.join(dir, 'court/ex.pdf'));
      expect(court.pages.join('\n')).toContain('Statement taken on board, given by:');
      const published = await publishedWithoutPageOne(
        dir,
        'letters drawn as outlines beside the text, which no search can read',
        /Pages left\s+out\s+page 1 of the file draws letters as outlines beside its text/,
      );
      // The page that draws the name is gone, its text with it.
      expect(court.pageCount - published.pageCount).toBe(1);
      expect(await allDecodedContent(readFileSync(path.join(dir, 'public/ex.pdf')))).not.toContain(
        'Statement taken on board, given by:',
      );
    },
  );

  it.each([
    ['without a text map', 'none'],
    ['whose text map lacks one letter of it ("Sa\uFFFDeh")', 'one missing'],
    ['whose text map sends one letter of it to a private character ("Sa\uE001eh")', 'private'],
  ] as [string, 'none' | 'one missing' | 'private'][])(
    'in a two-byte font %s leaves that page out of the public dossier',
    async (_l, map) => {
      const dir = fixture('exhibits');
      citeStatement(dir, await cidStatement(`Statement of ${NAME}`, map));
      await publishedWithoutPageOne(
        dir,
        'text that cannot be taken out as characters',
        /page 1 of the file has text that cannot be taken out as characters/,
      );
    },
  );

  it.each([
    ['invisible over the picture', 'invisible'],
    ['in a clip mode (7 Tr) over the picture', 'clip'],
    ['drawn under the picture', 'under'],
    ['invisible over a scan in five strips', 'strips'],
  ] as [string, ScanLayout][])(
    "on a scan whose OCR layer (%s) misread it leaves that page out: the search reads the OCR's guess",
    async (_l, layout) => {
      const dir = fixture('exhibits');
      // The picture shows the name; the OCR read "Ahrned SaIeh", which no search for Ahmed Saleh finds.
      citeStatement(dir, scanWithOcrLayer('Statement of Ahrned SaIeh', 1, layout));
      const published = await publishedWithoutPageOne(
        dir,
        "a scan whose text is an OCR's reading",
        /page 1 of the file is a scan whose text is an OCR's reading of it/,
      );
      expect(published.pages.join('\n')).not.toContain('Ahrned');
    },
  );

  it.each([
    ['beside a picture of a fifth of the page (a logo, a figure) and invisible text', 0.44, 'invisible'],
    ['over a background picture drawn before it', 1, 'background'],
    ['under a translucent watermark', 1, 'watermark'],
  ] as [string, number, ScanLayout][])('%s, the page is searched and kept', async (_l, share, layout) => {
    const dir = fixture('exhibits');
    citeStatement(dir, scanWithOcrLayer(`Statement of ${NAME}`, share, layout));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toMatch(/statement\.pdf": pages? [\d, ]+ left out/);
    expect(result.status).toBe(0);
    const text = (await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n');
    expect(text).toContain('redacted for publication');
    expect(squash(text)).not.toContain('saleh');
  });

  /** How many pictures pdf.js paints on each page of a dossier whose text contains `marker`. */
  async function picturesOnPagesWith(file: string, marker: string): Promise<number[]> {
    const { getDocument, OPS } = await import('../helpers/pdfjs.js');
    const painting = new Set<number>([
      OPS.paintImageXObject,
      OPS.paintImageMaskXObject,
      OPS.paintInlineImageXObject,
      OPS.paintImageXObjectRepeat,
      OPS.paintImageMaskXObjectGroup,
      OPS.paintImageMaskXObjectRepeat,
      OPS.paintSolidColorImageMask,
    ]);
    const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
    const counts: number[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('');
      if (!text.includes(marker)) continue;
      counts.push((await page.getOperatorList()).fnArray.filter((fn) => painting.has(fn)).length);
    }
    await doc.destroy();
    return counts;
  }

  it.each(['picture', 'mask'] as const)(
    'takes the signature (a %s) off the page that names the witness, and keeps the one on the page that does not',
    async (signature) => {
      const dir = fixture('exhibits');
      citeStatement(dir, statementWithSignature(NAME, signature));
      expect((await run(dir, ['build', '--out', 'court', '--jobs', '1'])).status).toBe(0);
      expect(await picturesOnPagesWith(path.join(dir, 'court/ex.pdf'), 'taken on board')).toEqual([1]);
      const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(
        'exhibit "evidence/statement.pdf": taken off its public copy, since no search reads such items: ' +
          '1 picture from a page a protected name was removed from',
      );
      const published = path.join(dir, 'public/ex.pdf');
      expect(await picturesOnPagesWith(published, 'taken on board')).toEqual([0]);
      expect(await picturesOnPagesWith(published, 'The second page of the statement.')).toEqual([1]);
      const text = (await readPdf(published)).pages.join('\n');
      expect(squash(text)).not.toContain('saleh');
      expect(text).toMatch(/Taken off\s+1 picture from a page a protected name was removed from/);
    },
  );

  it('is removed from a file whose page tree loops, from the repaired copy', async () => {
    const dir = fixture('exhibits');
    citeStatement(dir, pdfWithPageTreeCycle(`Statement of ${NAME}, taken on board`));
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public', '--jobs', '1']);
    expect(result.stderr).not.toContain('stopped unexpectedly');
    expect(result.status).toBe(0);
    const text = (await readPdf(path.join(dir, 'public/ex.pdf'))).pages.join('\n');
    expect(text).toContain('taken on board');
    expect(squash(text)).not.toContain('saleh');
  });
});
