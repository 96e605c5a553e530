import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFStream,
  StandardFonts,
  decodePDFRawStream,
} from 'pdf-lib';
import { edit, fixture, projectRoot, run, write } from '../helpers/repo.js';

const INCIDENT = 'cases/ex/incidents/detention.yaml';
const hasPdffonts = spawnSync('pdffonts', ['-v']).error === undefined;

/** A one-page PDF in Helvetica, Times and Courier, none embedded, as pdf-lib's standard fonts are. */
async function helveticaPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([400, 300]);
  const fonts = [StandardFonts.Helvetica, StandardFonts.TimesRoman, StandardFonts.CourierBold];
  for (const [i, name] of fonts.entries())
    page.drawText(`Harbour master statement in ${name}`, {
      x: 40,
      y: 200 - 30 * i,
      size: 12,
      font: await doc.embedFont(name),
    });
  return doc.save();
}

/** A page with a link that runs JavaScript: PDF/A forbids it. */
async function scriptPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([400, 300]);
  const action = doc.context.obj({ S: 'JavaScript', JS: PDFHexString.fromText('app.alert(1)') });
  const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 100, 100], A: action });
  page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
  return doc.save();
}

async function repoWith(extra: { file: string; bytes: Uint8Array; description: string }[]): Promise<string> {
  const dir = fixture('exhibits');
  const items = extra
    .map((e, i) => `  - { id: X${i + 1}, file: ${e.file}, kind: document, description: ${e.description} }\n`)
    .join('');
  for (const e of extra) write(dir, `cases/ex/${e.file}`, e.bytes);
  edit(dir, INCIDENT, 'detention:\n  vessel', `${items}detention:\n  vessel`);
  return dir;
}

let dir: string;
let bytes: Buffer;
let doc: PDFDocument;
let built: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  dir = await repoWith([
    { file: 'evidence/statement.pdf', bytes: await helveticaPdf(), description: 'Harbour master statement' },
  ]);
  built = await run(dir, ['build', '--pdfa']);
  expect(built.status).toBe(0);
  bytes = readFileSync(path.join(dir, 'dossiers/ex.pdf'));
  doc = await PDFDocument.load(bytes, { updateMetadata: false });
}, 60_000);

function metadata(pdf: PDFDocument): string {
  const stream = pdf.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream;
  expect(stream.dict.has(PDFName.of('Filter'))).toBe(false);
  return Buffer.from(stream.contents).toString('utf8');
}

/** Every font dictionary reached from a page, through forms and Type 3 fonts. */
function fontsOf(pdf: PDFDocument): PDFDict[] {
  const out = new Set<PDFDict>();
  const visit = (resources: PDFDict | undefined, depth = 0) => {
    if (!resources || depth > 8) return;
    const fonts = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = pdf.context.lookup(ref) as PDFDict;
      out.add(font);
      visit(font.lookupMaybe(PDFName.of('Resources'), PDFDict), depth + 1);
    }
    const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const x = pdf.context.lookup(ref);
      if (x instanceof PDFStream) visit(x.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), depth + 1);
    }
  };
  for (const page of pdf.getPages()) visit(page.node.Resources());
  return [...out];
}

function embedded(font: PDFDict): boolean {
  const target =
    font.lookupMaybe(PDFName.of('Subtype'), PDFName) === PDFName.of('Type0')
      ? font.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict)
      : font;
  const descriptor = target.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  return ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)));
}

describe('build --pdfa', () => {
  it('writes the PDF/A-3b identification in XMP, agreeing with the Info dictionary', () => {
    const xmp = metadata(doc);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${doc.getTitle()}</rdf:li>`);
    expect(xmp).toContain(`<pdf:Producer>${doc.getProducer()}</pdf:Producer>`);
    expect(xmp).toContain(`<xmp:CreateDate>${doc.getCreationDate()!.toISOString().replace('.000Z', 'Z')}`);
    expect(xmp).toContain(`<pdf:Keywords>${doc.getKeywords()}</pdf:Keywords>`);
  });

  it('has an sRGB output intent with its ICC profile', () => {
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    const profile = intent.lookup(PDFName.of('DestOutputProfile')) as PDFRawStream;
    expect(profile.dict.get(PDFName.of('N'))).toEqual(PDFNumber.of(3));
    const icc = Buffer.from(decodePDFRawStream(profile).decode());
    expect(icc.equals(readFileSync(path.join(projectRoot, 'assets/icc/sRGB_IEC61966_2_1.icc')))).toBe(true);
    expect(icc.subarray(36, 40).toString('latin1')).toBe('acsp');
  });

  it('embeds every font, metric-compatible ones for the Helvetica, Times and Courier an exhibit left out', async () => {
    const fonts = fontsOf(doc);
    expect(fonts.filter((f) => !embedded(f)).map((f) => String(f.get(PDFName.of('BaseFont'))))).toEqual([]);
    const names = fonts.map((f) => String(f.get(PDFName.of('BaseFont'))));
    expect(names).toEqual(expect.arrayContaining(['/LiberationSans', '/LiberationSerif', '/LiberationMono-Bold']));
    // The exhibit's page draws with its own content stream, byte for byte.
    const statement = await PDFDocument.load(readFileSync(path.join(dir, 'cases/ex/evidence/statement.pdf')));
    const contents = statement.getPage(0).node.lookup(PDFName.of('Contents'));
    const first =
      contents instanceof PDFArray ? contents.get(0) : statement.getPage(0).node.get(PDFName.of('Contents'));
    const original = (statement.context.lookup(first) as PDFRawStream).contents;
    const found = doc.getPages().some((page) => {
      const contents = page.node.lookup(PDFName.of('Contents'));
      const refs = contents instanceof PDFArray ? contents.asArray() : [];
      return refs.some((ref) =>
        Buffer.from((doc.context.lookup(ref) as PDFRawStream).contents).equals(Buffer.from(original)),
      );
    });
    expect(found).toBe(true);
  });

  (hasPdffonts ? it : it.skip)('pdffonts finds every font embedded', () => {
    const out = spawnSync('pdffonts', [path.join(dir, 'dossiers/ex.pdf')], { encoding: 'utf8' }).stdout;
    const rows = out.trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.trim().split(/\s+/).at(-5)).toBe('yes');
  });

  it('has a file identifier, printable links and attachments as associated files', () => {
    const id = doc.context.trailerInfo.ID as PDFArray;
    expect(id.size()).toBe(2);
    expect((id.get(0) as PDFHexString).asString()).toMatch(/^[0-9a-f]{32}$/);
    const links = doc.getPages().flatMap((page) => {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      return annots ? annots.asArray().map((a) => doc.context.lookup(a) as PDFDict) : [];
    });
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(link.lookup(PDFName.of('F'), PDFNumber).asNumber() & 4).toBe(4);
    const files = doc.catalog
      .lookup(PDFName.of('AF'), PDFArray)
      .asArray()
      .map((r) => doc.context.lookup(r) as PDFDict);
    const byName = Object.fromEntries(
      files.map((spec) => [
        (spec.lookup(PDFName.of('UF')) as PDFHexString).decodeText(),
        {
          relationship: spec.get(PDFName.of('AFRelationship')),
          mime: (spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as PDFRawStream).dict.get(
            PDFName.of('Subtype'),
          ),
        },
      ]),
    );
    expect(byName['casebuilder-manifest.json']).toEqual({
      relationship: PDFName.of('Data'),
      mime: PDFName.of('application/json'),
    });
    const drone = Object.entries(byName).find(([name]) => name.endsWith('drone.mp4'))!;
    expect(drone[1]).toEqual({ relationship: PDFName.of('Source'), mime: PDFName.of('video/mp4') });
  });

  it('still verifies, and builds the same bytes again', async () => {
    expect((await run(dir, ['verify', 'dossiers/ex.pdf'])).stdout).toContain('OK');
    expect((await run(dir, ['build', '--pdfa', '--force'])).status).toBe(0);
    expect(readFileSync(path.join(dir, 'dossiers/ex.pdf')).equals(bytes)).toBe(true);
  });

  it('names an exhibit that cannot be made conformant, and then claims no PDF/A', async () => {
    const other = await repoWith([{ file: 'evidence/script.pdf', bytes: await scriptPdf(), description: 'Form' }]);
    const result = await run(other, ['build', '--pdfa']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(
        'not PDF/A-3b, so the PDF does not claim it: exhibit 5 \\(evidence/script\\.pdf\\), ' +
          'page \\d+ \\(EX-\\d{6}\\): it has a link or field that runs JavaScript',
      ),
    );
    const back = await PDFDocument.load(readFileSync(path.join(other, 'dossiers/ex.pdf')), { updateMetadata: false });
    expect(metadata(back)).not.toContain('pdfaid');
  });
});
