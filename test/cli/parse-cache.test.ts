import { describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { machineKey, machineKeyPath } from '../../src/load/machine-key.js';
import { ParseCache } from '../../src/load/parse-cache.js';
import { PROGRAM } from '../../src/version.js';
import { readPdf } from '../helpers/pdf.js';
import { edit, emptyDir, positionOf, projectRoot, run, sampleRepository, write } from '../helpers/repo.js';

// The parse cache (<out>/.casebuilder-parsed.bin) keeps each YAML file's parsed and checked data
// by its metadata and content hash, so that a rebuild that changes nothing does not parse YAML.
const CACHE = 'dossiers/.casebuilder-parsed.bin';
const STAMP = 'dossiers/.casebuilder-stamp';
const SAMPLE = 'sea-rescuer-detention-2023';
// Each dossier's SHA-256 by its name: byte for byte the same when equal, and a difference names the
// file (Jest's toEqual walks a Buffer element by element, seconds for a few dossiers).
const pdfs = (dir: string) =>
  Object.fromEntries(
    readdirSync(path.join(dir, 'dossiers'))
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(path.join(dir, 'dossiers', f)))
          .digest('hex'),
      ]),
  );
const build = async (dir: string, args: string[] = []) => {
  const result = await run(dir, ['build', '--jobs', '1', '--format', 'json', ...args]);
  return { status: result.status, ...JSON.parse(result.stdout), stderr: result.stderr };
};

describe('the parse and check cache', () => {
  it('gives byte-identical dossiers from cached files, and a corrupt cache is ignored, never trusted', async () => {
    const dir = sampleRepository();
    // The case with texts written per language, times with offsets and estimated counts.
    const one = [SAMPLE];
    expect(await build(dir, one)).toMatchObject({ built: 1, failed: 0 });
    const cold = pdfs(dir);
    expect(Object.keys(cold)).toEqual([`${SAMPLE}.pdf`]);
    // Every file comes from the cache now: per-language texts, times and counts as they were checked.
    expect(await build(dir, [...one, '--force'])).toMatchObject({ built: 1, failed: 0 });
    expect(pdfs(dir)).toEqual(cold);
    expect(await build(dir, one)).toMatchObject({ built: 0, skipped: 1 });

    const good = readFileSync(path.join(dir, CACHE));
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1]! ^= 0xff;
    // Nothing then says this machine wrote the dossier there: it is built again, the same. The
    // build stamp would answer these rebuilds without reading the cache once the copied
    // repository is two seconds old (as on a slow machine by now): it goes, so the cache decides.
    for (const damage of [
      () => writeFileSync(path.join(dir, CACHE), flipped),
      () => truncateSync(path.join(dir, CACHE), good.length >> 1),
    ]) {
      damage();
      rmSync(path.join(dir, STAMP), { force: true });
      expect(await build(dir, one)).toMatchObject({ built: 1, skipped: 0, failed: 0 });
      expect(pdfs(dir)).toEqual(cold);
    }
  });

  it('is read only when this machine signed it: an entry forged in a pull request changes no dossier', async () => {
    const dir = sampleRepository();
    const mine = { XDG_CACHE_HOME: emptyDir('cache-mine') };
    const theirs = { XDG_CACHE_HOME: emptyDir('cache-theirs') };
    const buildAs = async (env: Record<string, string>) => {
      const result = await run(dir, ['build', '--jobs', '1', '--force', SAMPLE], env);
      expect(result.status).toBe(0);
      return (await readPdf(path.join(dir, 'dossiers', `${SAMPLE}.pdf`))).pages.join('\n');
    };
    const TITLE = 'Intercettazione di un gommone a nord di Zuwara';
    expect(await buildAs(mine)).toContain(TITLE);
    // What a pull request can commit: the incident's own bytes, remembered with a title they do not hold.
    const forge = (env: Record<string, string>) => {
      const file = path.join(dir, 'cases', SAMPLE, 'incidents', '2023-03-25-interception-zuwara.yaml');
      const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
      const same = { encode: (v: unknown) => v, decode: (v: unknown) => v };
      const known = ParseCache.load(path.join(dir, CACHE), PROGRAM, same, machineKey(mine)).lookupContent(
        file,
        sha256,
      )!;
      const swap = (v: unknown): unknown =>
        typeof v === 'string'
          ? v.replace(TITLE, 'Titolo contraffatto')
          : Array.isArray(v)
            ? v.map(swap)
            : // Plain data (made in Node's own realm, not the test's): every key kept.
              Object.prototype.toString.call(v) === '[object Object]'
              ? Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, swap(x)]))
              : v;
      const forged = ParseCache.load(path.join(dir, 'none'), PROGRAM, same, machineKey(env));
      forged.rememberSource({
        absPath: file,
        sha256,
        value: swap(known.value),
        checked: { value: swap(known.checked) },
      });
      forged.save(path.join(dir, CACHE));
    };
    // Signed with another key (or with none, as an older casebuilder signed): not read.
    forge(theirs);
    const honest = await buildAs(mine);
    expect(honest).toContain(TITLE);
    expect(honest).not.toContain('Titolo contraffatto');
    // The same forgery signed with this machine's key is taken up: the key is all that stops it.
    forge(mine);
    expect(await buildAs(mine)).toContain('Titolo contraffatto');
  });

  it('is not kept where no key can be made, and the build is the same', async () => {
    const dir = sampleRepository();
    const blocked = path.join(emptyDir('cache-blocked'), 'a-file');
    writeFileSync(blocked, '');
    const result = await run(dir, ['build', '--jobs', '1', SAMPLE], { XDG_CACHE_HOME: blocked, TMPDIR: blocked });
    expect(result.status).toBe(0);
    expect(existsSync(path.join(dir, CACHE))).toBe(false);
    const keyless = pdfs(dir);
    // The same dossier, byte for byte, as a build that keeps its cache writes.
    const keyed = await run(dir, ['build', '--jobs', '1', '--force', SAMPLE], {
      XDG_CACHE_HOME: emptyDir('cache-keyed'),
    });
    expect(keyed.status).toBe(0);
    expect(existsSync(path.join(dir, CACHE))).toBe(true);
    expect(pdfs(dir)).toEqual(keyless);
  });

  it("makes its key once, a file of the user's own that no one else can read", () => {
    const home = emptyDir('cache-new');
    const blocked = path.join(home, 'a-file');
    writeFileSync(blocked, '');
    const made = machineKey({ XDG_CACHE_HOME: home })!;
    expect(made).toHaveLength(32);
    expect(statSync(machineKeyPath({ XDG_CACHE_HOME: home })).mode & 0o777).toBe(0o600);
    expect(machineKey({ XDG_CACHE_HOME: home })!.equals(made)).toBe(true);
    // A key others can read (as one committed to a repository and checked out is) is not taken.
    chmodSync(machineKeyPath({ XDG_CACHE_HOME: home }), 0o644);
    expect(machineKey({ XDG_CACHE_HOME: home, TMPDIR: blocked })).toBeUndefined();
  });

  it('places a problem in a file known from the cache at its line and column', async () => {
    const dir = sampleRepository();
    expect(await build(dir, ['aurora-seizure-2024'])).toMatchObject({ failed: 0 });
    // The incident is unchanged (known from the cache); the registry no longer has its vessel.
    edit(dir, 'cases/registry.yaml', 'id: aurora', 'id: aurora-renamed');
    const file = 'cases/aurora-seizure-2024/incidents/2024-05-16-seizure-pozzallo.yaml';
    const { line, column } = positionOf(dir, file, 'ref: aurora');
    const result = await build(dir, ['aurora-seizure-2024']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:${line}:${column} error`);
    expect(result.stderr).toContain(`${line} |   - ref: aurora`);
  });

  it('finds a file touched without a change by its content, and one changed by its metadata', async () => {
    const dir = sampleRepository();
    const one = ['aurora-seizure-2024'];
    expect(await build(dir, one)).toMatchObject({ built: 1 });
    const file = path.join(dir, 'cases/aurora-seizure-2024/case.yaml');
    writeFileSync(file, readFileSync(file));
    expect(await build(dir, one)).toMatchObject({ built: 0, skipped: 1 });
    edit(dir, 'cases/aurora-seizure-2024/case.yaml', 'title: ', 'title: Revised: ');
    const broken = await build(dir, one);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/case\.yaml:\d+:\d+ error/);
  });

  it('rebuilds the dossier whose vessel record gains a detention filed in another case', async () => {
    const dir = sampleRepository();
    const all = await build(dir);
    expect(all).toMatchObject({ built: 3 });
    const from = 'cases/central-med-2023/incidents/2022-11-08-detention-augusta.yaml';
    const text = readFileSync(path.join(dir, from), 'utf8').replace(/2022-11-08-detention-augusta/g, '2021-06-01-det');
    writeFileSync(path.join(dir, 'cases/central-med-2023/incidents/2021-06-01-det.yaml'), text);
    const again = await build(dir);
    const status = Object.fromEntries(again.cases.map((c: { case: string; status: string }) => [c.case, c.status]));
    expect(status).toEqual({
      'aurora-seizure-2024': 'skipped',
      'central-med-2023': 'built',
      'sea-rescuer-detention-2023': 'built',
    });
  });

  it('rebuilds when an override template changes after rebuilds that found nothing to do', async () => {
    const dir = sampleRepository();
    const one = ['aurora-seizure-2024'];
    const cover = readFileSync(path.join(projectRoot, 'templates/cover.hbs'), 'utf8');
    write(dir, 'templates/cover.hbs', cover);
    expect(await build(dir, one)).toMatchObject({ built: 1 });
    // The first rebuild reads the manifest and keeps what it says; the second need not read it.
    expect(await build(dir, one)).toMatchObject({ skipped: 1 });
    expect(await build(dir, one)).toMatchObject({ skipped: 1 });
    write(dir, 'templates/cover.hbs', `${cover}\n`);
    expect(await build(dir, one)).toMatchObject({ built: 1, skipped: 0 });
    expect(await build(dir, one)).toMatchObject({ skipped: 1 });
  });

  it('builds again when the options change after a rebuild that found nothing to do', async () => {
    const dir = sampleRepository();
    const one = ['aurora-seizure-2024'];
    expect(await build(dir, one)).toMatchObject({ built: 1 });
    expect(await build(dir, one)).toMatchObject({ skipped: 1 });
    // The manifest records PDF/A (and a seal, a filing): a dossier asked for otherwise is not the one on disk.
    expect(await build(dir, [...one, '--pdfa'])).toMatchObject({ built: 1, skipped: 0 });
    expect(await build(dir, [...one, '--pdfa'])).toMatchObject({ skipped: 1 });
    expect(await build(dir, one)).toMatchObject({ built: 1, skipped: 0 });
    expect(await build(dir, [...one, '--locale', 'it'])).toMatchObject({ built: 1, skipped: 0 });
  });
});
