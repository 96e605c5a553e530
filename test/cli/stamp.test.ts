import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { STAMP_FILE, unchangedBuild } from '../../src/build/stamp.js';
import { machineKey } from '../../src/load/machine-key.js';
import { PROGRAM } from '../../src/version.js';
import { edit, emptyDir, run, sampleRepository, write } from '../helpers/repo.js';

// The build stamp (<out>/.casebuilder-stamp): a rebuild that would skip every case is
// answered from file metadata alone. Whatever it answers must be what the full build decides.
const STAMP = `dossiers/${STAMP_FILE}`;
// Builds run a minute after the files were written, as after a checkout: by the command's clock,
// so that the files a test just wrote are not "racy" (changed while the build ran).
const summary = async (dir: string, args: string[] = [], now = Date.now() + 60_000) => {
  const result = await run(dir, ['build', '--format', 'json', ...args], {}, { now: () => now });
  return { status: result.status, ...JSON.parse(result.stdout), stderr: result.stderr };
};
const statuses = (s: { cases: { case: string; status: string }[] }) =>
  Object.fromEntries(s.cases.map((c) => [c.case, c.status]));
const CASES = ['aurora-seizure-2024', 'central-med-2023', 'sea-rescuer-detention-2023'];
const AUGUSTA = 'cases/central-med-2023/incidents/2022-11-08-detention-augusta.yaml';

// The samples built once for this file; each test works on a copy of them.
let template: { dir: string; first: Awaited<ReturnType<typeof summary>> };
beforeAll(async () => {
  const dir = sampleRepository();
  // Files copied a moment ago (and the dossiers folder the build makes) are as new as a build
  // run now: nothing is stamped then.
  const first = await summary(dir, [], Date.now());
  expect(first).toMatchObject({ built: 3, failed: 0 });
  expect(existsSync(path.join(dir, STAMP))).toBe(false);
  template = { dir, first };
}, 60_000);

/** A copy of the built samples, a minute old, after the rebuild that skips everything and stamps. */
async function stamped(): Promise<{ dir: string; first: Awaited<ReturnType<typeof summary>> }> {
  const dir = emptyDir('stamp');
  cpSync(template.dir, dir, { recursive: true });
  expect(await summary(dir)).toMatchObject({ built: 0, skipped: 3 });
  expect(existsSync(path.join(dir, STAMP))).toBe(true);
  return { dir, first: template.first };
}

describe('the build stamp', () => {
  it('answers a no-op rebuild as the full build does, case by case, without reading the repository', async () => {
    const { dir, first } = await stamped();
    // The full build reads the parse cache and writes it again; the answer from the stamp does neither.
    const parseCache = path.join(dir, 'dossiers/.casebuilder-parsed.bin');
    expect(existsSync(parseCache)).toBe(true);
    rmSync(parseCache);
    const quick = await summary(dir);
    expect(quick).toMatchObject({ built: 0, skipped: 3, failed: 0 });
    expect(existsSync(parseCache)).toBe(false);
    await summary(dir, ['--force']);
    expect(existsSync(parseCache)).toBe(true);
    // Same cases, files and page counts as the full build reported.
    const shape = (s: typeof quick) =>
      s.cases.map((c: { case: string; file: string; pages: number }) => [c.case, c.file, c.pages]);
    expect(shape(quick)).toEqual(shape(first));
    const text = await run(dir, ['build']);
    expect(text.stderr).toContain('0 built, 3 unchanged, 0 failed');
    expect(text.stderr).toContain('unchanged aurora-seizure-2024: dossiers/aurora-seizure-2024.pdf');
  });

  it('does not walk a folder linked from the cases folder to outside it', async () => {
    const dir = emptyDir('stamp');
    cpSync(template.dir, dir, { recursive: true });
    const outside = emptyDir('outside');
    write(outside, 'deep/er/outside-marker.txt', 'not part of the repository\n');
    symlinkSync(outside, path.join(dir, 'cases/_drafts'));
    expect(await summary(dir)).toMatchObject({ built: 0, skipped: 3 });
    const stamp = readFileSync(path.join(dir, STAMP), 'utf8');
    // The link itself is recorded (a new link is a change), but nothing behind it.
    expect(stamp).toContain('_drafts');
    expect(stamp).not.toContain('outside-marker');
    expect(stamp).not.toContain('deep');
  });

  it('is read only when this machine signed it: one committed beside the dossiers skips nothing', async () => {
    const { dir } = await stamped();
    // What a pull request can commit: a stamp that vouches for nothing, beside a broken case file.
    const text = readFileSync(path.join(dir, STAMP), 'utf8');
    const stamp = JSON.parse(text.slice(text.indexOf('\n') + 1)) as Record<string, unknown>;
    const forged = `${JSON.stringify({ ...stamp, entries: [] })}\n`;
    const sign = (key: Uint8Array) =>
      writeFileSync(path.join(dir, STAMP), `${createHmac('sha256', key).update(forged).digest('hex')}\n${forged}`);
    write(dir, 'cases/aurora-seizure-2024/case.yaml', 'broken: [\n');
    sign(Buffer.alloc(32, 7));
    const checked = await summary(dir);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toMatch(/aurora-seizure-2024\/case\.yaml:\d+:\d+ error/);
    // Signed with this machine's key the same stamp is taken: the key is all that stops it.
    sign(machineKey(process.env)!);
    expect(await summary(dir)).toMatchObject({ status: 0, built: 0, skipped: 3 });
  });

  it('is not trusted once an incident, a new file, a dossier or the command changes', async () => {
    const { dir } = await stamped();
    edit(dir, AUGUSTA, 'end: 2022-12-21', 'end: 2022-12-22');
    expect(statuses(await summary(dir))).toEqual({
      'aurora-seizure-2024': 'skipped',
      'central-med-2023': 'built',
      'sea-rescuer-detention-2023': 'built',
    });
    expect(await summary(dir)).toMatchObject({ skipped: 3 });

    // A file added to a case's folder (here a template override) shows in the folder's metadata.
    write(dir, 'cases/aurora-seizure-2024/templates/cover.hbs', '<h1>{{case.title}}</h1>\n');
    expect(statuses(await summary(dir))['aurora-seizure-2024']).toBe('built');
    expect(await summary(dir)).toMatchObject({ skipped: 3 });

    // A dossier removed or altered on disk is built again.
    rmSync(path.join(dir, 'dossiers/central-med-2023.pdf'));
    expect(statuses(await summary(dir))['central-med-2023']).toBe('built');
    appendFileSync(path.join(dir, 'dossiers/central-med-2023.pdf'), '\n');
    expect(statuses(await summary(dir))['central-med-2023']).toBe('built');

    // Another command: the stamp of the default build says nothing of an Italian or PDF/A one.
    // (sea-rescuer is an Italian case already.)
    expect(await summary(dir, ['--locale', 'it'])).toMatchObject({ built: 2, skipped: 1 });
    expect(await summary(dir)).toMatchObject({ built: 2, skipped: 1 });
    expect(await summary(dir, ['aurora-seizure-2024'])).toMatchObject({ skipped: 1 });
    expect(await summary(dir, ['--force'])).toMatchObject({ built: 3 });
  });

  it('shows a broken file at once, and stamps nothing after a failed build', async () => {
    const { dir } = await stamped();
    edit(dir, AUGUSTA, 'end: 2022-12-21', 'end: 2022-13-45');
    const broken = await summary(dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/2022-11-08-detention-augusta\.yaml:\d+:\d+ error/);
    expect(existsSync(path.join(dir, STAMP))).toBe(false);
    expect((await summary(dir)).status).toBe(1);
  });

  it('holds for the day it was written on only, and not for a file changed while the build ran', async () => {
    const { dir } = await stamped();
    const out = path.join(dir, 'dossiers');
    const written = readFileSync(path.join(out, STAMP_FILE), 'utf8');
    const request = JSON.parse(written.slice(written.indexOf('\n') + 1)) as { today: string };
    const now = Date.now();
    const command = {
      config: null,
      cases: null,
      selected: [],
      shard: null,
      profile: 'court',
      locale: null,
      pdfa: false,
    };
    // Signed with this machine's key, as the build signed it.
    const req = { cwd: dir, out, command, secret: machineKey(process.env) };
    expect(unchangedBuild(PROGRAM, req, now, undefined)?.map((c) => c.case)).toEqual(CASES);
    expect(request.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(unchangedBuild(PROGRAM, req, now + 86_400_000, undefined)).toBeUndefined();
    expect(unchangedBuild(PROGRAM, req, now, 1700000000)).toBeUndefined();
    expect(unchangedBuild('0.0.0-other', req, now, undefined)).toBeUndefined();
    // A day later the full build runs (and finds nothing to do).
    expect(await summary(dir, [], now + 86_400_000)).toMatchObject({ skipped: 3 });

    // An input whose metadata is newer than the build's start may have changed after it was read.
    edit(dir, AUGUSTA, 'end: 2022-12-21', 'end: 2022-12-22');
    await summary(dir, [], Date.now());
    expect(existsSync(path.join(dir, STAMP))).toBe(false);
    // ... the change time too: a copy that keeps an old modification time (cp -p, tar x).
    await summary(dir);
    expect(existsSync(path.join(dir, STAMP))).toBe(true);
    const file = path.join(dir, AUGUSTA);
    const { mtime } = statSync(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('end: 2022-12-22', 'end: 2022-12-23'));
    utimesSync(file, mtime, mtime);
    expect(statuses(await summary(dir, [], Date.now()))).toMatchObject({ 'central-med-2023': 'built' });
    expect(existsSync(path.join(dir, STAMP))).toBe(false);
  });
});
