import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { edit, run, sampleRepository, write } from '../helpers/repo.js';

const CASES = ['aurora-seizure-2024', 'central-med-2023', 'sea-rescuer-detention-2023'];
const summary = async (dir: string, args: string[] = []) => {
  const result = await run(dir, ['build', '--format', 'json', ...args]);
  return { status: result.status, ...JSON.parse(result.stdout), stderr: result.stderr };
};
const statuses = (s: { cases: { case: string; status: string }[] }) =>
  Object.fromEntries(s.cases.map((c) => [c.case, c.status]));

describe('incremental, parallel and sharded builds', () => {
  it('skips unchanged cases, rebuilds with --force, and rebuilds only the dossier whose evidence changed', async () => {
    const dir = sampleRepository();
    expect(await summary(dir)).toMatchObject({ built: 3, skipped: 0, failed: 0 });
    expect(await summary(dir)).toMatchObject({ built: 0, skipped: 3, failed: 0 });
    expect(await summary(dir, ['--force'])).toMatchObject({ built: 3, skipped: 0 });

    const log = path.join(dir, 'cases/aurora-seizure-2024/evidence/radio-log.txt');
    const before = readFileSync(log);
    const after = Buffer.concat([before, Buffer.from('2024-05-15 06:20 UTC  e-mail  MRCC Rome confirms Pozzallo\n')]);
    writeFileSync(log, after);
    const oldSha = createHash('sha256').update(before).digest('hex');
    edit(
      dir,
      'cases/aurora-seizure-2024/incidents/2024-05-16-seizure-pozzallo.yaml',
      oldSha,
      createHash('sha256').update(after).digest('hex'),
    );
    expect(statuses(await summary(dir))).toEqual({
      'aurora-seizure-2024': 'built',
      'central-med-2023': 'skipped',
      'sea-rescuer-detention-2023': 'skipped',
    });
  });

  it('rebuilds exactly the dossiers that show a vessel detention when it changes', async () => {
    const dir = sampleRepository();
    await summary(dir);
    edit(
      dir,
      'cases/central-med-2023/incidents/2022-11-08-detention-augusta.yaml',
      'end: 2022-12-21',
      'end: 2022-12-22',
    );
    // the detention lives in central-med; sea-rescuer shows it in its vessel record
    expect(statuses(await summary(dir))).toEqual({
      'aurora-seizure-2024': 'skipped',
      'central-med-2023': 'built',
      'sea-rescuer-detention-2023': 'built',
    });
  });

  it('builds again a dossier and manifest it did not write itself (committed in a pull request)', async () => {
    const dir = sampleRepository();
    const id = 'aurora-seizure-2024';
    expect(await summary(dir, [id])).toMatchObject({ built: 1 });
    const pdf = path.join(dir, 'dossiers', `${id}.pdf`);
    const manifestFile = path.join(dir, 'dossiers', `${id}.manifest.json`);
    const fake = Buffer.from('%PDF-1.7\n% not what the YAML says\n');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { pdf_sha256: string };
    writeFileSync(pdf, fake);
    writeFileSync(
      manifestFile,
      JSON.stringify({ ...manifest, pdf_sha256: createHash('sha256').update(fake).digest('hex') }, null, 2),
    );
    expect(await summary(dir, [id])).toMatchObject({ built: 1, skipped: 0 });
    expect(readFileSync(pdf).equals(fake)).toBe(false);
    // A copy of what this machine wrote is its own: taken as unchanged.
    expect(await summary(dir, [id])).toMatchObject({ built: 0, skipped: 1 });
  });

  it('splits the cases into disjoint shards that cover them all', async () => {
    const dir = sampleRepository();
    const shards: string[][] = [];
    for (const i of [1, 2, 3])
      shards.push(
        (await summary(dir, ['--shard', `${i}/3`, '--out', `shard-${i}`])).cases.map((c: { case: string }) => c.case),
      );

    expect(shards.flat().sort()).toEqual(CASES);
    expect(new Set(shards.flat()).size).toBe(CASES.length);
    expect((await run(dir, ['build', '--shard', '4/3'])).status).toBe(2);
  });

  it('builds the good cases when one is broken, and exits 1', async () => {
    const dir = sampleRepository();
    write(
      dir,
      'cases/aurora-seizure-2024/case.yaml',
      readFileSync(path.join(dir, 'cases/aurora-seizure-2024/case.yaml'), 'utf8').replace(
        'matter: seizure_challenge',
        'matter: seizure',
      ),
    );
    const result = await summary(dir);
    expect(result.status).toBe(1);
    expect(statuses(result)).toEqual({
      'aurora-seizure-2024': 'failed',
      'central-med-2023': 'built',
      'sea-rescuer-detention-2023': 'built',
    });
    expect(result.stderr).toContain('cases/aurora-seizure-2024/case.yaml:5:1 error matter: expected one of');
  });
});
