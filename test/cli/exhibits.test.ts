import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { PARSE_CACHE } from '../../src/build/repository.js';
import { ParseCache } from '../../src/load/parse-cache.js';
import { machineKey } from '../../src/load/machine-key.js';
import { restoreMisreadStreams } from '../../src/pdf/exhibit-pdf.js';
import { PROGRAM } from '../../src/version.js';
import {
  encryptedPdf,
  formFieldItsOwnKid,
  formsDrawingForms,
  ghostscriptStylePdf,
  linkActionItsOwnNext,
  pageWithLoop,
} from '../helpers/hand-made-pdf.js';
import { readPdf, type PdfReadback } from '../helpers/pdf.js';
import { edit, fixture, positionOf, projectRoot, run, write } from '../helpers/repo.js';

const INCIDENT = 'cases/ex/incidents/detention.yaml';
const INSPECT = path.join(projectRoot, 'test/fixtures/inspect');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let dir: string;

/** The fixture's detention order replaced by other bytes, its SHA-256 written in the incident to match. */
function replaceOrder(repo: string, bytes: Uint8Array): void {
  write(repo, 'cases/ex/evidence/order.pdf', bytes);
  edit(
    repo,
    INCIDENT,
    'sha256: 467b0fc9bd9a23568e0fa1d82e9f9b775cbc39820f7503936100a74e9e2c6ca4',
    `sha256: ${sha(bytes)}`,
  );
}
let pdf: PdfReadback;
let bytes: Buffer;

beforeAll(async () => {
  dir = fixture('exhibits');
  const result = await run(dir, ['build']);
  expect(result.status).toBe(0);
  bytes = readFileSync(path.join(dir, 'dossiers/ex.pdf'));
  pdf = await readPdf(bytes);
}, 60_000);

/** The content streams of a page of the dossier, raw (as stored) and decoded. */
async function pageStreams(pdfBytes: Uint8Array, pageNumber: number): Promise<Buffer[]> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const contents = doc.getPage(pageNumber - 1).node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs.map((ref) => {
    const stream = doc.context.lookup(ref as PDFRef) as PDFRawStream;
    return Buffer.from(decodePDFRawStream(stream).decode());
  });
}

describe('exhibits in the dossier', () => {
  it('numbers exhibits by first citation and merges a PDF page by page, its text intact', async () => {
    const exhibits = pdf.outline.find((e) => e.title === '7. Exhibits')!.children;
    expect(exhibits.map((e) => e.title)).toEqual([
      'Exhibit 1 – Detention order',
      'Exhibit 2 – The order posted on the bridge door',
      'Exhibit 3 – The ship at the quay',
      'Exhibit 4 – Drone footage of the quay',
    ]);
    // the order's header page, then its three pages, then the photos and the attachment's page
    const order = exhibits[0]!.page;
    expect(exhibits[1]!.page).toBe(order + 4);
    for (let i = 1; i <= 3; i++) expect(pdf.pages[order - 1 + i]).toContain(`Order of the Prefecture, page ${i} of 3`);
    expect(pdf.pages[order]).toContain('Text at the very foot of the page');
    expect(pdf.pageCount).toBe(exhibits[3]!.page);
  });

  it('stamps every page, exhibits included, consecutively and never twice', async () => {
    const stamps = pdf.pages.map((text) => text.match(/EX-\d{6}/g) ?? []);
    stamps.forEach((found, i) => expect(found).toEqual([`EX-${String(i + 1).padStart(6, '0')}`]));
    pdf.pages.forEach((text, i) => expect(text).toContain(`page ${i + 1} of ${pdf.pageCount}`));
  });

  it('keeps every content stream of a merged page byte for byte', async () => {
    const [original] = await pageStreams(readFileSync(path.join(dir, 'cases/ex/evidence/order.pdf')), 2);
    const order = pdf.outline.find((e) => e.title === '7. Exhibits')!.children[0]!.page;
    const streams = await pageStreams(bytes, order + 2);
    // our state-saving, shrinking prefix; the page's own stream; our footer
    expect(streams).toHaveLength(3);
    expect(streams[1]!.equals(original!)).toBe(true);
    expect(streams[0]!.toString()).toMatch(/^q 0\.95\d* 0 0 0\.95\d* [\d.]+ 42 cm\n$/);
    expect(streams[2]!.toString()).toMatch(/^Q\n/);
  });

  it('attaches other files with their exact bytes, and explains how to open them', async () => {
    const attachment = pdf.attachments['exhibit-4-drone.mp4']!;
    expect(Buffer.from(attachment.content).equals(readFileSync(path.join(dir, 'cases/ex/evidence/drone.mp4')))).toBe(
      true,
    );
    expect(pdf.pages.at(-1)).toContain('embedded in this PDF as an attachment named “exhibit-4-drone.mp4”');
  });

  it('shows a photo with its aspect, turned as the camera recorded it', async () => {
    const page = pdf.outline.find((e) => e.title === '7. Exhibits')!.children[1]!.page;
    const [content] = await pageStreams(bytes, page);
    const m = /q (\S+) (\S+) (\S+) (\S+) \S+ \S+ cm \/CbIm1 Do Q/.exec(content!.toString())!;
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    // stored 60 x 40, EXIF orientation 6: shown 40 wide and 60 high, a quarter turn
    expect(a).toBe(0);
    expect(d).toBe(0);
    expect(Math.abs(c) / Math.abs(b)).toBeCloseTo(40 / 60, 3);
  });

  it('embeds a manifest, the same as the one written beside the PDF, with the right hashes and pages', async () => {
    const embedded = JSON.parse(Buffer.from(pdf.attachments['casebuilder-manifest.json']!.content).toString('utf8'));
    const beside = JSON.parse(readFileSync(path.join(dir, 'dossiers/ex.manifest.json'), 'utf8'));
    // The side manifest is the embedded one plus the hash of the PDF it describes.
    const { pdf_sha256: pdfSha256, ...rest } = beside;
    expect(embedded).toEqual(rest);
    expect(pdfSha256).toBe(sha(readFileSync(path.join(dir, 'dossiers/ex.pdf'))));
    expect(embedded.casebuilder).toBe(JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version);
    expect(embedded.pages).toBe(pdf.pageCount);
    const outline = pdf.outline.find((e) => e.title === '7. Exhibits')!.children;
    embedded.exhibits.forEach(
      (e: { number: number; file: string; sha256: string; pages: [number, number]; kind: string }, i: number) => {
        expect(e.sha256).toBe(sha(readFileSync(path.join(dir, 'cases/ex', e.file))));
        expect(e.pages[0]).toBe(outline[i]!.page);
      },
    );
    expect(embedded.exhibits[0]).toMatchObject({
      number: 1,
      file: 'evidence/order.pdf',
      kind: 'document',
      content: 'pdf',
      pages: [outline[0]!.page, outline[0]!.page + 3],
    });
    for (const input of embedded.inputs) expect(input.sha256).toBe(sha(readFileSync(path.join(dir, input.file))));
  });
});

describe('what inspecting an exhibit found is kept for the next build', () => {
  // The cache as a build leaves it; entries are kept as stored, so no codec is needed to edit it.
  const cacheOf = (dir: string) => {
    const file = path.join(dir, 'dossiers', PARSE_CACHE);
    // Signed with this machine's key, as the build signed it.
    const cache = ParseCache.load(file, PROGRAM, { encode: (v) => v, decode: (v) => v }, machineKey(process.env));
    return { cache, save: () => cache.save(file) };
  };
  const verdicts = (cache: ParseCache) =>
    new Map([...cache.extra].filter(([key]) => key.startsWith('verdict ')).map(([k, v]) => [k.slice(8), v]));

  it('by the SHA-256 of each PDF and photo, and a rebuild with them writes the same dossier', async () => {
    const dir = fixture('exhibits');
    expect((await run(dir, ['build'])).status).toBe(0);
    const first = readFileSync(path.join(dir, 'dossiers/ex.pdf'));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'dossiers/ex.manifest.json'), 'utf8')) as {
      exhibits: { file: string; sha256: string }[];
    };
    const inspected = manifest.exhibits.filter((e) => !e.file.endsWith('.mp4')).map((e) => e.sha256);
    const kept = verdicts(cacheOf(dir).cache);
    expect([...kept.keys()].sort()).toEqual([...inspected].sort());

    expect((await run(dir, ['build', '--force'])).status).toBe(0);
    expect(sha(readFileSync(path.join(dir, 'dossiers/ex.pdf')))).toBe(sha(first));
  }, 60_000);

  it('is taken up only when the same casebuilder and MuPDF made it', async () => {
    const dir = fixture('exhibits');
    expect((await run(dir, ['build'])).status).toBe(0);
    const order = sha(readFileSync(path.join(dir, 'cases/ex/evidence/order.pdf')));
    const { cache, save } = cacheOf(dir);
    const verdict = JSON.parse(verdicts(cache).get(order)!) as { engine: string; report: Record<string, unknown> };
    // A verdict that refuses the order: taken at its word when this engine made it.
    const refusal = {
      ...verdict,
      report: {
        ...verdict.report,
        outcome: 'refuse',
        problems: [{ what: 'unreadable', severity: 'refuse', detail: 'refused by the kept verdict' }],
      },
    };
    cache.setExtra(`verdict ${order}`, JSON.stringify(refusal));
    save();
    const refused = await run(dir, ['build', '--force']);
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('refused by the kept verdict');

    // Made by another casebuilder or MuPDF: the file is inspected again, and builds.
    const again = cacheOf(dir);
    again.cache.setExtra(`verdict ${order}`, JSON.stringify({ ...refusal, engine: `${verdict.engine} (older)` }));
    again.save();
    expect((await run(dir, ['build', '--force'])).status).toBe(0);
    expect(JSON.parse(verdicts(cacheOf(dir).cache).get(order)!)).toEqual(verdict);
  }, 60_000);
});

describe('a Ghostscript-style PDF exhibit', () => {
  it('is misread by pdf-lib alone and restored by casebuilder', async () => {
    const { bytes: gs, content } = ghostscriptStylePdf('Ghostscript style page');
    const doc = await PDFDocument.load(gs, { updateMetadata: false });
    const parsed = (doc.context.lookup(PDFRef.of(4)) as PDFRawStream).contents;
    expect(parsed.length).toBe(content.length - 1);
    expect(restoreMisreadStreams(doc, gs)).toBe(1);
    expect(Buffer.from((doc.context.lookup(PDFRef.of(4)) as PDFRawStream).contents).equals(content)).toBe(true);
  });

  it.each([
    ['its form field lists itself as its own kid', formFieldItsOwnKid, []],
    ['a link action chains itself as its next action (PDF/A)', linkActionItsOwnNext, ['--pdfa']],
    ["a link's destination is a dictionary whose /D is itself", () => pageWithLoop('destination'), []],
    ['its form field is its own parent', () => pageWithLoop('field'), []],
  ])('is merged, in the court and the public dossier, when %s', async (_what, make, options) => {
    const repo = fixture('exhibits');
    const looped = make();
    replaceOrder(repo, looped);
    for (const profile of ['court', 'public']) {
      const result = await run(repo, ['build', '--profile', profile, '--out', profile, '--jobs', '1', ...options]);
      expect(result.stderr).not.toMatch(/error/);
      const back = await readPdf(path.join(repo, profile, 'ex.pdf'));
      expect(back.pages.join('\n')).toContain('Statement taken on board.');
    }
  });

  it.each<[string, 'fan' | 'deep', string]>([
    [
      'draws its forms millions of times over',
      'fan',
      'draws the drawings it reuses (forms) more than 200,000 times over',
    ],
    ['nests its forms 40 deep', 'deep', 'nests the drawings it reuses (forms) more than 24 deep'],
  ])('is refused, quickly and in both profiles, when a page %s', async (_what, how, message) => {
    const repo = fixture('exhibits');
    const forms = formsDrawingForms(how);
    replaceOrder(repo, forms);
    for (const profile of ['court', 'public']) {
      const result = await run(repo, ['build', '--profile', profile, '--out', profile, '--jobs', '1']);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`exhibit "evidence/order.pdf": page 1 ${message}`);
    }
    // The other exhibits of the same process are judged as ever (MuPDF was never run into its limit).
    expect((await run(repo, ['validate', '--deep'])).stderr).not.toMatch(/portrait\.jpg|the JPEG is corrupt/);
  });

  it('is merged with its content stream intact, final line feed included', async () => {
    const repo = fixture('exhibits');
    const { bytes: gs, content } = ghostscriptStylePdf('Ghostscript style page');
    replaceOrder(repo, gs);
    expect((await run(repo, ['build'])).status).toBe(0);
    const out = readFileSync(path.join(repo, 'dossiers/ex.pdf'));
    const back = await readPdf(out);
    const page = back.outline.find((e) => e.title === '7. Exhibits')!.children[0]!.page + 1;
    expect(back.pages[page - 1]).toContain('Ghostscript style page');
    const streams = await pageStreams(out, page);
    expect(streams[1]!.equals(content)).toBe(true);
  });
});

describe('evidence verify and verify FILE.pdf', () => {
  it('pass on intact files and fail naming the file after one byte changes', async () => {
    const repo = fixture('exhibits');
    expect((await run(repo, ['build'])).status).toBe(0);
    expect((await run(repo, ['evidence', 'verify'])).status).toBe(0);
    const ok = await run(repo, ['verify', 'dossiers/ex.pdf']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^dossiers\/ex\.pdf: OK: \d+ of \d+ pages match the manifest, 4 of 4 exhibits match/);

    const file = path.join(repo, 'cases/ex/evidence/quay.png');
    const altered = readFileSync(file);
    altered[altered.length - 5]! ^= 0x01;
    writeFileSync(file, altered);

    const evidence = await run(repo, ['evidence', 'verify']);
    expect(evidence.status).toBe(1);
    const at = positionOf(repo, INCIDENT, 'sha256: d4fedcea');
    expect(evidence.stdout).toContain(
      `${INCIDENT}:${at.line}:${at.column} error evidence[2].sha256: ` +
        '"evidence/quay.png" does not match its recorded sha256',
    );
    const verify = await run(repo, ['verify', 'dossiers/ex.pdf']);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain('exhibit 3 (ex/evidence/quay.png): the file on disk differs from the dossier');
    expect(verify.stdout).toContain('3 of 4 exhibits match');
  });

  it('verify exits 1 when a file is missing and 2 when the PDF does not exist', async () => {
    const repo = fixture('exhibits');
    await run(repo, ['build']);
    write(repo, 'cases/ex/evidence/drone.mp4', '');
    expect((await run(repo, ['verify', 'dossiers/ex.pdf'])).status).toBe(1);
    expect((await run(repo, ['verify', 'nope.pdf'])).status).toBe(2);
  });
});

describe('evidence hash', () => {
  it('records missing hashes and leaves every comment and line in place', async () => {
    const repo = fixture('exhibits');
    const file = path.join(repo, INCIDENT);
    const original = readFileSync(file, 'utf8');
    const stripped = original
      .split('\n')
      .filter((line) => !/^\s+sha256:/.test(line))
      .join('\n')
      .replace(/, sha256: [0-9a-f]{64} \}/, ' }');
    writeFileSync(file, stripped);
    const result = await run(repo, ['evidence', 'hash']);
    expect(result.status).toBe(0);
    const after = readFileSync(file, 'utf8');
    // every line of the file before is still there, in order; only sha256 lines were added
    const added = after.split('\n').filter((line) => !stripped.split('\n').includes(line));
    expect(added.filter((l) => !l.includes('drone.mp4'))).toHaveLength(3);
    for (const line of added) expect(line).toMatch(/sha256: "[0-9a-f]{64}"/);
    const kept = after.split('\n').filter((line) => !added.includes(line));
    // the flow-style entry gained its sha256 inside its braces; every other line is untouched
    const flowAfter = after.split('\n').find((a) => a.includes('drone.mp4'))!;
    expect(flowAfter).toMatch(
      new RegExp(
        String.raw`^ {2}- \{ id: E4, file: evidence\/drone\.mp4, kind: video, ` +
          String.raw`description: Drone footage of the quay, sha256: "[0-9a-f]{64}" \}$`,
      ),
    );
    expect(kept.filter((l) => l !== flowAfter)).toEqual(stripped.split('\n').filter((l) => !l.includes('drone.mp4')));
    for (const comment of stripped.match(/#.*$/gm)!) expect(after).toContain(comment);
    expect((await run(repo, ['validate', '--strict'])).status).toBe(0);
    expect((await run(repo, ['evidence', 'verify'])).status).toBe(0);
  });

  it('records no hash for a path that goes up (..) after a symbolic link: it reports it', async () => {
    const repo = fixture('exhibits');
    // As text the path names evidence/quay.png; the system reads store/quay.png.
    mkdirSync(path.join(repo, 'cases/ex/store/deep'), { recursive: true });
    write(repo, 'cases/ex/store/quay.png', 'another picture');
    symlinkSync('../store/deep', path.join(repo, 'cases/ex/evidence/link'));
    const file = path.join(repo, INCIDENT);
    edit(repo, INCIDENT, 'file: evidence/quay.png', 'file: evidence/link/../quay.png');
    // Its hash taken out, so that `evidence hash` would record one.
    edit(repo, INCIDENT, '    sha256: d4fedcea75d3550499d94eb9b6ca9d41027ab6bfa689c729090644ae23e2898d\n', '');
    const before = readFileSync(file, 'utf8');
    const result = await run(repo, ['evidence', 'hash']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('goes up ("..") after a symbolic link');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('never overwrites a recorded hash that differs: it reports it', async () => {
    const repo = fixture('exhibits');
    write(repo, 'cases/ex/evidence/quay.png', 'not the photo');
    const before = readFileSync(path.join(repo, INCIDENT), 'utf8');
    const result = await run(repo, ['evidence', 'hash']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('does not match its recorded sha256');
    expect(readFileSync(path.join(repo, INCIDENT), 'utf8')).toBe(before);
  });
});

describe('hostile exhibits are clear errors naming the exhibit and its incident file', () => {
  const cases: [string, (repo: string) => void, string, RegExp][] = [
    [
      'an encrypted PDF that needs a password',
      (r) => write(r, 'cases/ex/evidence/order.pdf', readFileSync(path.join(INSPECT, 'encrypted-needs-password.pdf'))),
      'order.pdf',
      /the PDF is encrypted and needs a password to open; attach a copy saved without the password/,
    ],
    [
      'an encrypted PDF whose encryption is damaged',
      (r) => write(r, 'cases/ex/evidence/order.pdf', encryptedPdf()),
      'order.pdf',
      /the PDF is encrypted and its encryption is damaged: no PDF reader can open it/,
    ],
    [
      'a truncated PDF',
      (r) =>
        write(
          r,
          'cases/ex/evidence/order.pdf',
          readFileSync(path.join(r, 'cases/ex/evidence/order.pdf')).subarray(0, 900),
        ),
      'order.pdf',
      /the file cannot be read as a PDF, even after repair: no PDF reader can open it/,
    ],
    [
      'a corrupt PDF',
      (r) => write(r, 'cases/ex/evidence/order.pdf', '%PDF-1.7\nthis is not a PDF at all\n%%EOF\n'),
      'order.pdf',
      /the file cannot be read as a PDF, even after repair: no PDF reader can open it/,
    ],
    [
      'a PNG that is a JPEG',
      (r) => write(r, 'cases/ex/evidence/quay.png', readFileSync(path.join(r, 'cases/ex/evidence/portrait.jpg'))),
      'quay.png',
      /named \.png but its bytes are a JPEG/,
    ],
    [
      'a JPEG that is not one',
      (r) => write(r, 'cases/ex/evidence/portrait.jpg', 'GIF89a not a jpeg'),
      'portrait.jpg',
      /named \.jpg but its bytes are not a known format/,
    ],
    [
      'a 300-megapixel image',
      (r) => {
        const png = Buffer.from(readFileSync(path.join(r, 'cases/ex/evidence/quay.png')));
        png.writeUInt32BE(20000, 16);
        png.writeUInt32BE(15000, 20);
        write(r, 'cases/ex/evidence/quay.png', png);
      },
      'quay.png',
      /20000 x 15000 \(300 megapixels\); photos are limited to 80 megapixels/,
    ],
  ];
  it.each(cases)('%s', async (_name, breakIt, file, message) => {
    const repo = fixture('exhibits');
    breakIt(repo);
    // the recorded hash would fail first: drop it so the content itself is judged
    const text = readFileSync(path.join(repo, INCIDENT), 'utf8').replace(
      new RegExp(`(file: evidence/${file.replace('.', '\\.')}[^\\n]*\\n(?:.*\\n){2})\\s+sha256: [0-9a-f]+\\n`),
      '$1',
    );
    writeFileSync(path.join(repo, INCIDENT), text);
    const result = await run(repo, ['build']);
    expect(result.status).toBe(1);
    const at = positionOf(repo, INCIDENT, `file: evidence/${file}`);
    const line = result.stderr.split('\n').find((l) => l.includes('exhibit'))!;
    expect(line).toContain(`${INCIDENT}:${at.line}:${at.column} error evidence[`);
    expect(line).toContain(`exhibit "evidence/${file}": `);
    expect(line).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});
