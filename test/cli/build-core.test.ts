import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assembleDossier } from '../../src/assemble/dossier.js';
import { buildCases } from '../../src/build/build.js';
import { buildCaches, openRepository } from '../../src/build/repository.js';
import { machineKey } from '../../src/load/machine-key.js';
import { projectRoot, run, sampleRepository } from '../helpers/repo.js';

const CASES = ['aurora-seizure-2024', 'central-med-2023', 'sea-rescuer-detention-2023'];

async function countedBuild(dir: string, out: string, jobs: number, force = false) {
  // With the caches a build keeps (signed with this machine's key), as `casebuilder build` opens them.
  const opened = await openRepository({
    cwd: dir,
    nowMs: Date.now(),
    verifyHashes: true,
    caches: buildCaches(dir, out, machineKey(process.env)),
  });
  const calls: string[] = [];
  const results = await buildCases({
    repository: opened.repository,
    errors: opened.problems.filter((p) => p.severity === 'error'),
    cases: opened.selected,
    options: { out: path.join(dir, out), profile: 'court', force },
    caches: opened.caches,
    jobs,
    stages: {
      assemble: (repository, id, options) => {
        calls.push(id);
        return assembleDossier(repository, id, options);
      },
    },
  });
  return { calls, results };
}

describe('one build path', () => {
  it('assembles each case once per build, in one thread or in workers, built or unchanged, same bytes', async () => {
    const dir = sampleRepository();
    for (const jobs of [1, 2]) {
      const first = await countedBuild(dir, `out-${jobs}`, jobs);
      expect(first.calls.sort()).toEqual(CASES);
      expect(first.results.map((r) => r.status)).toEqual(['built', 'built', 'built']);
      const again = await countedBuild(dir, `out-${jobs}`, jobs);
      expect(again.calls.sort()).toEqual(CASES);
      expect(again.results.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
    }
    // A dossier built in a worker thread is the one built in the main thread, byte for byte.
    for (const id of CASES) {
      for (const ext of ['pdf', 'manifest.json']) {
        const one = readFileSync(path.join(dir, 'out-1', `${id}.${ext}`));
        expect(one.equals(readFileSync(path.join(dir, 'out-2', `${id}.${ext}`)))).toBe(true);
      }
    }
  });

  it('turns a worker that throws into an error for its case, exit status 1, and builds the others', async () => {
    const dir = sampleRepository();
    const buildWorker = pathToFileURL(path.join(projectRoot, 'test/fixtures/workers/crashing-worker.mjs'));
    const result = await run(dir, ['build', '--jobs', '2', '--format', 'json'], {}, { buildWorker });
    expect(result.status).toBe(1);
    const summary = JSON.parse(result.stdout) as { cases: { case: string; status: string; problems: string[] }[] };
    expect(summary.cases.map((c) => [c.case, c.status])).toEqual([
      ['aurora-seizure-2024', 'built'],
      ['central-med-2023', 'failed'],
      ['sea-rescuer-detention-2023', 'built'],
    ]);
    expect(summary.cases[1]!.problems[0]).toMatch(/^the build of case central-med-2023 stopped unexpectedly: /);
    expect(result.stderr).toContain('error: the build of case central-med-2023 stopped unexpectedly');
    expect(existsSync(path.join(dir, 'dossiers/aurora-seizure-2024.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'dossiers/central-med-2023.pdf'))).toBe(false);
  });

  it('turns a worker thread that exits into an error for its case, never a hang', async () => {
    const dir = sampleRepository();
    const buildWorker = pathToFileURL(path.join(projectRoot, 'test/fixtures/workers/exiting-worker.mjs'));
    // Two cases are enough: one whose thread dies, one built beside it.
    const cases = ['aurora-seizure-2024', 'sea-rescuer-detention-2023'];
    const result = await run(dir, ['build', ...cases, '--jobs', '2'], {}, { buildWorker });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/the build of case aurora-seizure-2024 stopped unexpectedly/);
    expect(result.stderr).toMatch(/built +sea-rescuer-detention-2023/);
  });
});
