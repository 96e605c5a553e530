#!/usr/bin/env node
// Seeded exhibits workload: one case with N photos (JPEG) and N PDFs of 5 pages each.
// usage: node bench/generate-exhibits.mjs --count 50 --out DIR
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const here = path.dirname(fileURLToPath(import.meta.url));
const PHOTO = readFileSync(path.join(here, '..', 'cases/sea-rescuer-detention-2023/evidence/2023-03-25/approach.jpg'));

export async function generateExhibits(dir, { count = 50, pages = 5 } = {}) {
  const caseDir = path.join(dir, 'cases', 'exhibits');
  mkdirSync(path.join(caseDir, 'incidents'), { recursive: true });
  mkdirSync(path.join(caseDir, 'evidence'), { recursive: true });
  writeFileSync(path.join(dir, 'casebuilder.yaml'), 'bates_prefix: BX\n');
  writeFileSync(
    path.join(dir, 'cases', 'registry.yaml'),
    'organisations:\n  - { id: ngo, name: NGO e.V., kind: ngo }\n',
  );
  writeFileSync(
    path.join(caseDir, 'case.yaml'),
    'id: exhibits\ntitle: Exhibits workload\nmatter: documentation\ncourt: { name: Court }\nclient: ngo\nconfidentiality: confidential\nprepared_on: 2024-01-01\n',
  );
  const entries = [];
  const font = null;
  for (let i = 0; i < count; i++) {
    // the same picture, made distinct by a JPEG comment segment
    const comment = Buffer.from(`photo ${i}`);
    const photo = Buffer.concat([
      PHOTO.subarray(0, 2),
      Buffer.from([0xff, 0xfe, 0, comment.length + 2]),
      comment,
      PHOTO.subarray(2),
    ]);
    writeFileSync(path.join(caseDir, 'evidence', `photo-${i}.jpg`), photo);
    entries.push({ file: `evidence/photo-${i}.jpg`, kind: 'photo', bytes: photo });
    const doc = await PDFDocument.create({ updateMetadata: false });
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    for (let p = 1; p <= pages; p++) {
      const page = doc.addPage([595.28, 841.89]);
      page.drawText(`Document ${i}, page ${p} of ${pages}`, { x: 72, y: 760, size: 16, font: helvetica });
      for (let l = 0; l < 40; l++)
        page.drawText(`Line ${l} of a report written about the detention of the vessel.`, {
          x: 72,
          y: 720 - l * 16,
          size: 10,
          font: helvetica,
        });
    }
    const bytes = await doc.save();
    writeFileSync(path.join(caseDir, 'evidence', `document-${i}.pdf`), bytes);
    entries.push({ file: `evidence/document-${i}.pdf`, kind: 'document', bytes });
  }
  void font;
  const evidence = entries
    .map(
      (e, k) =>
        `  - id: E${k + 1}\n    file: ${e.file}\n    kind: ${e.kind}\n    description: Exhibit ${k + 1}\n    sha256: ${createHash('sha256').update(e.bytes).digest('hex')}\n`,
    )
    .join('');
  writeFileSync(
    path.join(caseDir, 'incidents', 'detention.yaml'),
    `id: 2024-01-01-detention\ntype: detention\ntitle: Detention\noccurred_at: 2024-01-01T10:00:00Z\nlocation: { description: Port }\nevidence:\n${evidence}detention: { vessel: v, kind: administrative, port: Port, authority: Authority, start: 2024-01-01, end: 2024-01-21 }\n`,
  );
  writeFileSync(
    path.join(dir, 'cases', 'registry.yaml'),
    'vessels:\n  - { id: v, name: MV Vessel }\norganisations:\n  - { id: ngo, name: NGO e.V., kind: ngo }\n',
  );
  return entries.filter((e) => e.kind === 'document').map((e) => path.join(caseDir, e.file));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const pdfs = await generateExhibits(path.resolve(arg('out', 'bench/.work/exhibits')), {
    count: Number(arg('count', 50)),
  });
  process.stdout.write(`${pdfs.length} PDFs and ${pdfs.length} photos\n`);
}

/**
 * A baseline JPEG of `bytes` of random scan data: the markers a reader needs to place it, then
 * noise that never forms a marker. It stands for a large photo whose bytes do not compress.
 */
export function noiseJpeg(bytes, seed, width = 4000, height = 3000) {
  const segment = (marker, body) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(0xff00 | marker, 0);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const dqt = Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]);
  const sof = Buffer.from([8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]);
  const dht = Buffer.concat([Buffer.from([0]), Buffer.from([0, 1, ...Array(14).fill(0)]), Buffer.from([0])]);
  const sos = Buffer.from([1, 1, 0, 0, 63, 0]);
  // Seeded noise (xorshift), so the workload is the same bytes every run.
  const scan = Buffer.alloc(bytes);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    scan.writeInt32LE(x | 0, Math.min(i, bytes - 4));
  }
  for (let i = 0; i < bytes; i++) if (scan[i] === 0xff) scan[i] = 0xfe;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, dqt),
    segment(0xc0, sof),
    segment(0xc4, dht),
    segment(0xda, sos),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** One case with `megabytes` of photos of noise, `photoMb` each: the filing workload. */
export function generateLargeExhibits(dir, { megabytes = 300, photoMb = 5, scan } = {}) {
  const caseDir = path.join(dir, 'cases', 'filing');
  mkdirSync(path.join(caseDir, 'incidents'), { recursive: true });
  mkdirSync(path.join(caseDir, 'evidence'), { recursive: true });
  writeFileSync(path.join(dir, 'casebuilder.yaml'), 'bates_prefix: FX\n');
  writeFileSync(
    path.join(dir, 'cases', 'registry.yaml'),
    'vessels:\n  - { id: v, name: MV Vessel }\norganisations:\n  - { id: ngo, name: NGO e.V., kind: ngo }\n',
  );
  writeFileSync(
    path.join(caseDir, 'case.yaml'),
    'id: filing\ntitle: Filing workload\nmatter: documentation\ncourt: { name: Court }\nclient: ngo\n' +
      'confidentiality: confidential\nprepared_on: 2024-01-01\n',
  );
  const count = Math.ceil(megabytes / photoMb);
  const evidence = [];
  const photos = [];
  const pdfs = [];
  for (let i = 0; i < count; i++) {
    const jpeg = path.join(caseDir, 'evidence', `photo-${i}.jpg`);
    writeFileSync(jpeg, noiseJpeg(photoMb * 1_000_000, i + 1));
    // Every third exhibit a scanned document: the photo made a one-page PDF by `scan` (img2pdf).
    if (scan && i % 3 === 2) {
      const pdf = path.join(caseDir, 'evidence', `scan-${i}.pdf`);
      scan(jpeg, pdf);
      rmSync(jpeg);
      pdfs.push(pdf);
      evidence.push(
        `  - { id: S${i + 1}, file: evidence/scan-${i}.pdf, kind: document, description: Scan ${i + 1} }\n`,
      );
      continue;
    }
    photos.push(jpeg);
    evidence.push(`  - { id: P${i + 1}, file: evidence/photo-${i}.jpg, kind: photo, description: Photo ${i + 1} }\n`);
  }
  writeFileSync(
    path.join(caseDir, 'incidents', 'detention.yaml'),
    'id: 2024-01-01-detention\ntype: detention\ntitle: Detention\noccurred_at: 2024-01-01T10:00:00Z\n' +
      `location: { description: Port }\nevidence:\n${evidence.join('')}` +
      'detention: { vessel: v, kind: administrative, port: Port, authority: Authority, start: 2024-01-01, end: 2024-01-21 }\n',
  );
  return { photos, pdfs };
}
