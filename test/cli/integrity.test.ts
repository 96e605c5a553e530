import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { comparePages } from '../../src/build/verify.js';
import { edit, fixture, run } from '../helpers/repo.js';

let repo: string;
let built: Buffer;
let other: Buffer;

beforeAll(async () => {
  repo = fixture('exhibits');
  expect((await run(repo, ['build'])).status).toBe(0);
  built = readFileSync(path.join(repo, 'dossiers/ex.pdf'));
  // Another build of the same case, with another title: every page of it differs.
  const second = fixture('exhibits');
  edit(second, 'cases/ex/case.yaml', 'title: Exhibits of every kind', 'title: Exhibits of another kind');
  expect((await run(second, ['build'])).status).toBe(0);
  other = readFileSync(path.join(second, 'dossiers/ex.pdf'));
}, 60_000);

async function tampered(name: string, change: (doc: PDFDocument) => Promise<void> | void): Promise<string> {
  const doc = await PDFDocument.load(built, { updateMetadata: false });
  await change(doc);
  const file = `dossiers/${name}.pdf`;
  writeFileSync(path.join(repo, file), await doc.save({ useObjectStreams: true }));
  return file;
}

const verify = (file: string) => run(repo, ['verify', file]);

describe('verify checks every page', () => {
  it('passes an untouched build, with the SHA-256 the side manifest records', async () => {
    const result = await verify('dossiers/ex.pdf');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^dossiers\/ex\.pdf: OK: (\d+) of \1 pages match the manifest, 4 of 4 exhibits/);
    expect(result.stdout).toContain("the PDF's SHA-256 matches dossiers/ex.manifest.json");
  });

  it('passes a copy saved again by another program with every page as it was', async () => {
    const file = await tampered('resaved', () => {});
    const result = await verify(file);
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout).toContain('OK');
  });

  it('names a page swapped for the same page of another build', async () => {
    const file = await tampered('swapped', async (doc) => {
      const source = await PDFDocument.load(other, { updateMetadata: false });
      const [page] = await doc.copyPages(source, [1]);
      doc.removePage(1);
      doc.insertPage(1, page!);
    });
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('page 2 (EX-000002) differs from the manifest');
    expect(result.stdout).not.toContain('page 1 (EX-000001)');
    expect(result.stdout).not.toContain('page 3 (EX-000003)');
    expect(result.stdout).not.toContain('OK');
  });

  it('names a page removed', async () => {
    const file = await tampered('removed', (doc) => doc.removePage(2));
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('page 3 (EX-000003) is missing from the PDF');
    expect(result.stdout).not.toContain('page 4 (EX-000004)');
    expect(result.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(3);
  });

  it('names a page whose content stream was edited', async () => {
    const file = await tampered('edited', (doc) => {
      const page = doc.getPage(0);
      const contents = page.node.get(PDFName.of('Contents'));
      const ref = (contents instanceof PDFArray ? contents.get(0) : contents) as PDFRef;
      const stream = doc.context.lookup(ref) as PDFRawStream;
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      const changed = deflateSync(Buffer.from(text.replace(/(\d+(\.\d+)?) (\d+(\.\d+)?) Tm/, '1 1 Tm'), 'latin1'));
      doc.context.assign(ref, PDFRawStream.of(stream.dict, changed));
    });
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('page 1 (EX-000001) differs from the manifest');
  });

  it('reports a PDF changed outside its pages through the side manifest', async () => {
    const copy = await PDFDocument.load(built, { updateMetadata: false });
    copy.setTitle('Something else');
    writeFileSync(path.join(repo, 'dossiers/ex.pdf'), await copy.save({ useObjectStreams: true }));
    const result = await verify('dossiers/ex.pdf');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /the PDF's SHA-256 is [0-9a-f]{64}; the manifest beside it, dossiers\/ex\.manifest\.json/,
    );
    expect(result.stdout).not.toContain('page ');
    writeFileSync(path.join(repo, 'dossiers/ex.pdf'), built);
  });
});

describe('comparePages', () => {
  const pages = ['a', 'b', 'c', 'd'].map((sha256, i) => ({ stamp: `S-${i + 1}`, sha256 }));
  it.each([
    [['a', 'b', 'c', 'd'], []],
    [['a', 'x', 'c', 'd'], ['page 2 (S-2) differs from the manifest']],
    [['a', 'c', 'd'], ['page 2 (S-2) is missing from the PDF']],
    [['a', 'b', 'x', 'c', 'd'], ['page 3 of the PDF is not in the manifest: a page was added']],
    [
      ['a', 'c', 'b', 'd'],
      [
        'page 2 (S-2) is out of place: it is page 3 of the PDF',
        'page 3 (S-3) is out of place: it is page 2 of the PDF',
      ],
    ],
    [['a', 'b', 'c'], ['page 4 (S-4) is missing from the PDF']],
  ])('%j', (actual, findings) => {
    expect(comparePages(pages, actual).findings).toEqual(findings);
  });
});
