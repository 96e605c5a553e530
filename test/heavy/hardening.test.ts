import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { FontLibrary, DocumentFonts } from '../../src/pdf/fonts.js';
import { breakLines } from '../../src/render/layout/lines.js';
import { hyphenator } from '../../src/render/layout/hyphenate.js';
import { contentBomb } from '../helpers/hand-made-pdf.js';
import { largeVideo } from '../helpers/media.js';
import { readPdf } from '../helpers/pdf.js';
import { edit, fixture, run, sampleRepository, write } from '../helpers/repo.js';

// Issue 13: safe to run on a pull request, and safe when the machine misbehaves.

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const SR = 'sea-rescuer-detention-2023';

/** One more evidence item in the exhibits fixture's detention, written before its video (E4). */
function citeBefore(dir: string, item: string): void {
  edit(dir, 'cases/ex/incidents/detention.yaml', '  - { id: E4,', `${item}\n  - { id: E4,`);
}

describe('nothing outside the repository is read', () => {
  it.each([
    ['a symbolic link to a file outside the repository', (target: string) => symlinkSync('/etc/passwd', target)],
    ['a FIFO', (target: string) => execFileSync('mkfifo', [target])],
  ])('refuses a template override that is %s, naming it, and reads nothing', async (_label, make) => {
    const dir = sampleRepository();
    mkdirSync(path.join(dir, 'templates'), { recursive: true });
    make(path.join(dir, 'templates/cover.hbs'));
    const result = await run(dir, ['build', SR, '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /templates\/cover\.hbs: error: the template override (leads outside the repository|is not a regular file)/,
    );
    expect(result.stderr).not.toContain('root:');
    expect(existsSync(path.join(dir, `dossiers/${SR}.pdf`))).toBe(false);
  });

  it('verify opens no file that a manifest names outside the cases folder, and exits 1', async () => {
    const dir = sampleRepository();
    expect((await run(dir, ['build', SR, '--jobs', '1'])).status).toBe(0);
    const file = path.join(dir, `dossiers/${SR}.pdf`);
    const doc = await PDFDocument.load(readFileSync(file));
    // A forged manifest, as a PDF from anyone could carry.
    const forged = {
      format: 'casebuilder-manifest/1',
      pages: doc.getPageCount(),
      exhibits: [
        { number: 1, case: SR, file: '../../../../../../etc/shadow', sha256: '0'.repeat(64), attachment: null },
        { number: 2, case: '../..', file: 'etc/passwd', sha256: '0'.repeat(64), attachment: null },
      ],
    };
    const clean = await PDFDocument.create();
    for (const page of await clean.copyPages(doc, doc.getPageIndices())) clean.addPage(page);
    await clean.attach(Buffer.from(JSON.stringify(forged)), 'casebuilder-manifest.json', {
      mimeType: 'application/json',
    });
    writeFileSync(path.join(dir, 'forged.pdf'), await clean.save());
    const result = await run(dir, ['verify', 'forged.pdf']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'exhibit 1: the file "../../../../../../etc/shadow" is not a path inside its case folder; no file was opened',
    );
    expect(result.stdout).toContain('exhibit 2: the case "../.." is not a case id; no file was opened');
    expect(result.stdout).not.toMatch(/sha256 [0-9a-f]{64}, the dossier recorded/);
  });
});

describe('the SHA-256 printed is the hash of the bytes embedded', () => {
  const setUp = async () => {
    const dir = fixture('exhibits');
    // No recorded hash for the video: only the build's own reading says what it is.
    edit(
      dir,
      'cases/ex/incidents/detention.yaml',
      ', sha256: 4c22cef250c321df62fc6cad51876a3321c9a8bb26fec37171f14a5511ac47de }',
      ' }',
    );
    expect((await run(dir, ['build', '--jobs', '1'])).status).toBe(0);
    return dir;
  };

  it('prints the new hash of a file replaced with the same size and modification time', async () => {
    const dir = await setUp();
    const photo = path.join(dir, 'cases/ex/evidence/drone.mp4');
    const before = statSync(photo);
    const bytes = readFileSync(photo);
    const other = Buffer.from(bytes);
    other[other.length >> 1] = other[other.length >> 1]! ^ 0xff; // same size, other bytes
    const replacement = path.join(dir, 'replacement.mp4');
    writeFileSync(replacement, other);
    utimesSync(replacement, before.atime, before.mtime);
    copyFileSync(replacement, photo);
    utimesSync(photo, before.atime, before.mtime);
    const result = await run(dir, ['build', '--jobs', '1', '--format', 'json']);
    expect(JSON.parse(result.stdout).built).toBe(1);
    const text = (await readPdf(path.join(dir, 'dossiers/ex.pdf'))).pages.join('');
    expect(text.replace(/\s+/g, '')).toContain(sha(other));
    expect(text.replace(/\s+/g, '')).not.toContain(sha(bytes));
  });

  it('ignores a poisoned hash cache', async () => {
    const dir = await setUp();
    const cacheFile = path.join(dir, 'dossiers/.casebuilder-hashes.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, { sha256: string }>;
    for (const entry of Object.values(cache)) entry.sha256 = 'f'.repeat(64);
    writeFileSync(cacheFile, JSON.stringify(cache));
    await run(dir, ['build', '--jobs', '1', '--force']);
    const text = (await readPdf(path.join(dir, 'dossiers/ex.pdf'))).pages.join('').replace(/\s+/g, '');
    expect(text).not.toContain('f'.repeat(64));
    expect(text).toContain(sha(readFileSync(path.join(dir, 'cases/ex/evidence/drone.mp4'))));
  });
});

describe('one commit point per dossier', () => {
  it('rebuilds after a kill between writing the manifest and the PDF', async () => {
    const dir = sampleRepository();
    expect((await run(dir, ['build', SR, '--jobs', '1'])).status).toBe(0);
    // The next build would write this manifest, then the PDF: killed between the two renames.
    edit(dir, `cases/${SR}/case.yaml`, 'title: Opposizione al fermo', 'title: WRONG TITLE - DO NOT FILE');
    expect((await run(dir, ['build', SR, '--jobs', '1', '--out', 'next'])).status).toBe(0);
    copyFileSync(path.join(dir, `next/${SR}.manifest.json`), path.join(dir, `dossiers/${SR}.manifest.json`));
    const result = await run(dir, ['build', SR, '--jobs', '1', '--format', 'json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ built: 1, skipped: 0 });
    expect((await readPdf(path.join(dir, `dossiers/${SR}.pdf`))).pages[0]).toContain('WRONG TITLE');
  });

  it('removes the temporary files that killed builds left, and only its own', async () => {
    const dir = sampleRepository();
    mkdirSync(path.join(dir, 'dossiers'));
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    writeFileSync(path.join(dir, `dossiers/.${SR}.pdf.${dead}.0badc0de.tmp`), 'half a PDF');
    writeFileSync(path.join(dir, 'dossiers/notes.tmp'), 'mine');
    expect((await run(dir, ['build', SR, '--jobs', '1'])).status).toBe(0);
    expect(readdirSync(path.join(dir, 'dossiers')).filter((n) => n.endsWith('.tmp'))).toEqual(['notes.tmp']);
  });
});

describe('faults of the environment in plain words', () => {
  // A small file system of its own, which root can mount here and in CI.
  const mount = (dir: string, options: string): boolean => {
    mkdirSync(dir, { recursive: true });
    return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
  };
  const unmount = (dir: string) => spawnSync('umount', [dir]);
  const canMount = process.getuid?.() === 0;

  (canMount ? it : it.skip).each([
    [
      'a full disk',
      'size=64k',
      /cannot write \S+\.pdf: the disk is full \(ENOSPC\)|cannot write \S+: the disk is full/,
    ],
    ['a read-only out folder', 'ro,size=1m', /cannot write \S+: the file system is read-only \(EROFS\)/],
  ])('%s: exit 1, one line per case, every case reported', async (_label, options, line) => {
    const dir = sampleRepository();
    const out = path.join(dir, 'out');
    if (!mount(out, options)) return;
    try {
      const result = await run(dir, ['build', '--out', 'out', '--jobs', '1', '--format', 'json']);
      expect(result.status).toBe(1);
      const summary = JSON.parse(result.stdout);
      expect(summary.failed).toBe(3);
      for (const c of summary.cases) expect(c.problems.join(' ')).toMatch(line);
      expect(result.stderr).not.toContain('This is a bug');
    } finally {
      unmount(out);
    }
  });

  (canMount ? it : it.skip)(
    'a disk that fills while a large video is copied in: exit 1 in plain words, no file left behind',
    async () => {
      const dir = fixture('exhibits');
      const { size } = largeVideo(dir);
      const out = path.join(dir, 'out');
      // Room for the pages, not for the video: the write fails part way through the copy.
      if (!mount(out, `size=${Math.floor(size / 2)}`)) return;
      try {
        const result = await run(dir, ['build', '--out', 'out', '--jobs', '1', '--format', 'json']);
        expect(result.status).toBe(1);
        expect(JSON.parse(result.stdout).cases[0].problems.join(' ')).toMatch(
          /cannot write \S+\.pdf: the disk is full \(ENOSPC\)/,
        );
        expect(result.stderr).not.toContain('This is a bug');
        // The build's caches only: no dossier, no half-written temporary file.
        expect(readdirSync(out).sort()).toEqual(['.casebuilder-hashes.json', '.casebuilder-parsed.bin']);
      } finally {
        unmount(out);
      }
    },
  );

  it('an out path that is a file: exit 1 in plain words', async () => {
    const dir = sampleRepository();
    writeFileSync(path.join(dir, 'out'), 'a file');
    const result = await run(dir, ['build', SR, '--out', 'out', '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        String.raw`cannot write out/sea-rescuer-detention-2023\.\S+: ` +
          '(a file of that name is in the way|a part of the path is a file)',
      ),
    );
    expect(result.stderr).not.toContain('This is a bug');
  });

  it('a broken casebuilder.yaml stops the build: exit 1, nothing built', async () => {
    const dir = sampleRepository();
    write(dir, 'casebuilder.yaml', 'locale: [it\n');
    const result = await run(dir, ['build', '--jobs', '1', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ built: 0 });
    expect(result.stderr).toMatch(/^casebuilder\.yaml:\d+:\d+ error/m);
  });

  it('template {{log}} goes to standard error, never into --format json', async () => {
    const dir = sampleRepository();
    write(dir, 'templates/facts.hbs', '{{log "checking" case.id}}\n# Facts\n');
    const result = await run(dir, ['build', SR, '--jobs', '1', '--format', 'json']);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toContain('a template logged: checking sea-rescuer-detention-2023');
  });

  it('quotes a template syntax error whole, with its file and line', async () => {
    const dir = sampleRepository();
    write(dir, 'templates/facts.hbs', '# Facts\n{{#if case.summary}\n');
    const result = await run(dir, ['build', SR, '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^templates\/facts\.hbs:2:\d+ error: template facts: Parse error on line 2: Expecting .*got 'INVALID'$/m,
    );
  });
});

describe('linear costs on hostile input', () => {
  it('refuses a page whose content inflates past the 320 MB limit, before decoding it whole', async () => {
    const dir = fixture('exhibits');
    write(dir, 'cases/ex/evidence/bomb.pdf', contentBomb(330));
    citeBefore(dir, '  - { id: P1, file: evidence/bomb.pdf, kind: statement, description: Statement }');
    const result = await run(dir, ['build', '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'exhibit "evidence/bomb.pdf": the content stream of page 1 would take more than 320 MB to decode',
    );
    expect(result.stderr).not.toMatch(/bug in casebuilder|heap out of memory/);
  });

  it('breaks a 100,000-character word into lines in under a second', async () => {
    const doc = await PDFDocument.create();
    const fonts = await DocumentFonts.embed(doc, new FontLibrary());
    breakLines([{ text: 'warm up' }], { width: 453, size: 10.5, align: 'justify' }, fonts);
    const word = 'abcdefghij'.repeat(10_000);
    // Processor time, not wall time: what the layout costs, whatever else the machine is doing.
    const started = process.cpuUsage();
    const lines = breakLines(
      [{ text: `start ${word} end` }],
      { width: 453, size: 10.5, align: 'justify', hyphenate: hyphenator('en') },
      fonts,
    );
    const used = process.cpuUsage(started);
    const elapsed = (used.user + used.system) / 1000;
    expect(
      lines
        .map((l) => l.fragments.map((f) => f.text).join(''))
        .join('')
        .replace(/ /g, ''),
    ).toBe(`start${word}end`);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('files too large for what they are', () => {
  it('attaches a text file too long to print, without printing it', async () => {
    const dir = fixture('exhibits');
    // 33 MiB of log lines: past the 32 MiB a dossier prints, under the 64 MiB it streams from.
    const line = '2023-04-27T10:00:00Z AIS position 35.1 12.3 speed 0.0\n';
    const log = Buffer.from(line.repeat(Math.ceil((33 * 1024 * 1024) / line.length)));
    write(dir, 'cases/ex/evidence/ais.log', log);
    citeBefore(dir, '  - { id: L1, file: evidence/ais.log, kind: document, description: AIS log }');
    const result = await run(dir, ['build', '--jobs', '1', '--format', 'json']);
    expect(result.status).toBe(0);
    const back = await readPdf(path.join(dir, 'dossiers/ex.pdf'));
    expect(back.pageCount).toBeLessThan(30);
    expect(back.pages.join('\n')).not.toContain('AIS position 35.1');
    const attached = Object.values(back.attachments).find((a) => a.filename.endsWith('ais.log'));
    expect(attached && createHash('sha256').update(attached.content).digest('hex')).toBe(
      createHash('sha256').update(log).digest('hex'),
    );
  });

  it('a PDF too large to place on pages is refused at its file line, not read into memory', async () => {
    const dir = fixture('exhibits');
    // Sparse: 1.1 GiB on paper, nothing on disk (hashing it takes seconds: the heavy tier).
    write(dir, 'cases/ex/evidence/big.pdf', '%PDF-1.4\n');
    truncateSync(path.join(dir, 'cases/ex/evidence/big.pdf'), Math.round(1.1 * 2 ** 30));
    citeBefore(dir, '  - { id: B1, file: evidence/big.pdf, kind: document, description: A long scan }');
    const result = await run(dir, ['build', '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('exhibit "evidence/big.pdf": the file is 1.1 GiB; a PDF is placed on the');
    expect(result.stderr).toMatch(/detention\.yaml:25:\d+ error evidence\[3\]\.file/);
  });
});
