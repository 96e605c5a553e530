import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allDecodedContent, readPdf } from '../helpers/pdf.js';
import { edit, fixture, positionOf, run, sampleRepository, write } from '../helpers/repo.js';

const INCIDENT = 'cases/ex/incidents/detention.yaml';
const LATIN = 'José Martínez';
const ARABIC = 'عمر الطرابلسي';
const PHONE = '+39 333 000 0000';

/** Lower case, no accents: how a leak is searched for, whatever its spelling. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A JPEG whose EXIF/XMP and comment segments name the witness. */
function photoNaming(original: Buffer, name: string): Buffer {
  const xmp = Buffer.from(
    `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>${name}</dc:creator></x:xmpmeta>`,
    'utf8',
  );
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (xmp.length + 2) >> 8, (xmp.length + 2) & 0xff]), xmp]);
  const comment = Buffer.from(`taken by ${name}`, 'utf8');
  const com = Buffer.concat([
    Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]),
    comment,
  ]);
  return Buffer.concat([original.subarray(0, 2), app1, com, original.subarray(2)]);
}

function publicFixture(): string {
  const dir = fixture('exhibits');
  const photo = readFileSync(path.join(dir, 'cases/ex/evidence/portrait.jpg'));
  write(dir, 'cases/ex/evidence/portrait.jpg', photoNaming(photo, LATIN));
  write(
    dir,
    `cases/ex/evidence/log ${LATIN}.csv`,
    `time,remark\n2023-04-02T18:00:00Z,${LATIN} and ${ARABIC} on the quay\n2023-04-02T18:05:00Z,call ${PHONE}\n`,
  );
  edit(dir, INCIDENT, '    sha256: 46c4436da17d184a098b8356c2be92e51cf23c93de11f66465ffd7a4c8d3ba08\n', '');
  edit(
    dir,
    INCIDENT,
    'detention:\n',
    `witnesses:\n  - { id: W1, name: ${LATIN}, role: crew }\n  - { id: W2, name: ${ARABIC}, role: survivor }\n` +
      '  - { id: W3, name: Anna Keller, role: crew, protected: false }\ndetention:\n',
  );
  edit(
    dir,
    INCIDENT,
    '  - { id: E4,',
    `  - { id: E5, file: "evidence/log ${LATIN}.csv", kind: log, description: Log kept by ${LATIN} }\n  - { id: E4,`,
  );
  edit(
    dir,
    INCIDENT,
    'title: Detention at Porto Empedocle',
    'title: Detention at Porto Empedocle\nsummary: |\n' +
      `  JOSE MARTINEZ saw the order; ${ARABIC} confirmed it. Call ${PHONE}. Anna Keller signed.`,
  );
  edit(dir, 'cases/ex/case.yaml', 'prepared_on: 2023-04-27', `prepared_on: 2023-04-27\nredact: ["${PHONE}"]`);
  return dir;
}

describe('the public profile', () => {
  it('leaves no protected name, in any script, anywhere in the file', async () => {
    const dir = publicFixture();
    expect((await run(dir, ['validate'])).status).toBe(0);
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public']);
    expect(result.stderr).not.toContain('refusing');
    expect(result.status).toBe(0);
    const bytes = readFileSync(path.join(dir, 'public/ex.pdf'));
    const everything = fold(await allDecodedContent(bytes));
    const utf16 = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('latin1');
    for (const secret of [LATIN, 'Martínez', ARABIC, PHONE]) {
      expect(everything).not.toContain(fold(secret));
      expect(everything).not.toContain(fold(Buffer.from(secret, 'utf8').toString('latin1')));
      expect(everything).not.toContain(fold(utf16(secret)));
    }
    const pdf = await readPdf(bytes);
    const text = pdf.pages.join('\n');
    expect(fold(text)).not.toContain(fold('Martinez'));
    expect(text).not.toContain(ARABIC);
    expect(text).toContain('PUBLIC');
    // The label and the placeholder agree: one "Witness N" per person across the case.
    expect(text).toContain('• Witness 1 (crew)');
    expect(text).toContain('• Witness 2 (survivor)');

    expect(text).toContain('Anna Keller');
    expect(text).toContain('Witness 1 saw the order; Witness 2 confirmed it. Call [redacted].');
    // the attached log is a redacted copy, and says so
    const attachment = Object.values(pdf.attachments).find(
      (a) => a.filename.startsWith('exhibit-') && a.filename.endsWith('.csv'),
    )!;
    expect(attachment.filename).toMatch(/^exhibit-\d-log Witness 1\.csv$/);
    expect(Buffer.from(attachment.content).toString('utf8')).toContain('Witness 1 and Witness 2 on the quay');
    expect(text).toContain('redacted for publication; SHA-256 of this copy');
    for (const value of Object.values(pdf.info))
      if (typeof value === 'string') expect(fold(value)).not.toContain('martinez');
    const manifest = readFileSync(path.join(dir, 'public/ex.manifest.json'), 'utf8');
    expect(fold(manifest)).not.toContain('martinez');
  });

  it('leaves out evidence marked public: false, numbering without a gap', async () => {
    const dir = fixture('exhibits');
    edit(
      dir,
      INCIDENT,
      '    description: The ship at the quay\n',
      '    description: The ship at the quay\n    public: false\n',
    );
    expect((await run(dir, ['build', '--profile', 'public', '--out', 'public'])).status).toBe(0);
    const pdf = await readPdf(path.join(dir, 'public/ex.pdf'));
    const exhibits = pdf.outline.find((e) => e.title === '7. Exhibits')!.children.map((c) => c.title);
    expect(exhibits).toEqual([
      'Exhibit 1 – Detention order',
      'Exhibit 2 – The order posted on the bridge door',
      'Exhibit 3 – Drone footage of the quay',
    ]);
    // The reader is told that something was left out, and how much, never what.
    const text = pdf.pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('This public version leaves out 1 exhibit marked not for publication.');
    expect(text).not.toContain('The ship at the quay');
    expect((await run(dir, ['build', '--out', 'court'])).status).toBe(0);
    expect((await readPdf(path.join(dir, 'court/ex.pdf'))).pages.join('\n')).not.toContain('leaves out');
  });

  it('strips the photo metadata without re-encoding the picture', async () => {
    const dir = publicFixture();
    await run(dir, ['build', '--profile', 'public', '--out', 'public']);
    await run(dir, ['build', '--profile', 'court', '--out', 'court']);
    const court = await allDecodedContent(readFileSync(path.join(dir, 'court/ex.pdf')));
    const published = await allDecodedContent(readFileSync(path.join(dir, 'public/ex.pdf')));
    // the court dossier keeps everything, metadata included
    expect(court).toContain(Buffer.from(`taken by ${LATIN}`, 'utf8').toString('latin1'));
    // the scan data of the photo is the same bytes in both
    const scan = readFileSync(path.join(dir, 'cases/ex/evidence/portrait.jpg'));
    const sos = scan.indexOf(Buffer.from([0xff, 0xda]));
    const pixels = scan.subarray(sos).toString('latin1');
    expect(published).toContain(pixels);
  });

  it('refuses to write a public dossier when a template plants a protected name', async () => {
    const dir = publicFixture();
    expect((await run(dir, ['build', '--profile', 'public', '--out', 'public'])).status).toBe(0);
    const before = readFileSync(path.join(dir, 'public/ex.pdf'));
    write(dir, 'cases/ex/templates/facts.hbs', `<!-- pagebreak -->\n# Facts\n\nAs told by ${LATIN}.\n`);
    const result = await run(dir, ['build', '--profile', 'public', '--out', 'public']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'refusing to write the public dossier of ex: the name of protected witness 1 appears in the text of page 3',
    );
    expect(result.stderr).not.toContain('Mart');
    expect(readFileSync(path.join(dir, 'public/ex.pdf')).equals(before)).toBe(true);
    // the court dossier is not concerned
    expect((await run(dir, ['build', '--profile', 'court', '--out', 'court'])).status).toBe(0);
    expect(existsSync(path.join(dir, 'court/ex.pdf'))).toBe(true);
  });

  it('refuses a public filing with a planted name before any of it is written', async () => {
    const dir = publicFixture();
    write(dir, 'cases/ex/templates/facts.hbs', `<!-- pagebreak -->\n# Facts\n\nAs told by ${LATIN}.\n`);
    const result = await run(dir, ['build', '--profile', 'public', '--filing', 'pct', '--out', 'public']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('refusing to write the public dossier of ex: the name of protected witness 1');
    expect(result.stderr).not.toContain('Mart');
    // Refused while the volumes were measured: the filing's folder was never made.
    expect(existsSync(path.join(dir, 'public/ex.pct'))).toBe(false);
  });

  it('marks the court dossier with the case confidentiality and keeps the names', async () => {
    const dir = publicFixture();
    expect((await run(dir, ['build', '--out', 'court'])).status).toBe(0);
    const text = (await readPdf(path.join(dir, 'court/ex.pdf'))).pages.join('\n');
    expect(text).toContain('CONFIDENTIAL - PREPARED FOR LITIGATION');
    expect(text).toContain(LATIN);
    expect(text).toContain(ARABIC);
  });

  it('warns that a court dossier of a case marked public names protected witnesses, at the marking', async () => {
    const dir = sampleRepository();
    const file = 'cases/central-med-2023/case.yaml';
    // The field itself, at the start of its line (a comment above names it too).
    const { line } = positionOf(dir, file, '\nconfidentiality: public');
    const at = { line: line + 1 };
    const court = await run(dir, ['build', 'central-med-2023', '--jobs', '1']);
    expect(court.status).toBe(0);
    expect(court.stderr).toContain(
      `${file}:${at.line}:1 warning confidentiality: central-med-2023 is marked confidentiality: public, ` +
        'so its cover says PUBLIC, but this court dossier names 2 protected witnesses and carries 1 exhibit ' +
        'marked public: false: publish the build with --profile public, never this one',
    );
    const pub = await run(dir, ['build', 'central-med-2023', '--jobs', '1', '--profile', 'public', '--out', 'pub']);
    expect(pub.status).toBe(0);
    expect(pub.stderr).not.toContain('public.court-copy');
    expect(pub.stderr).not.toContain('so its cover says PUBLIC');
  });
});
