import { beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readPdf } from '../helpers/pdf.js';
import { VERSION } from '../../src/version.js';
import { emptyDir, projectRoot, run } from '../helpers/repo.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : [],
  );
}

describe('init', () => {
  it('makes a repository that validates and builds as it is', async () => {
    const dir = emptyDir('init');
    const init = await run(dir, ['init', 'repo']);
    expect(init.status).toBe(0);
    const repo = path.join(dir, 'repo');
    for (const file of [
      'casebuilder.yaml',
      'cases/registry.yaml',
      '.gitignore',
      '.github/workflows/dossiers.yml',
      'schema/incident.schema.json',
    ]) {
      expect(existsSync(path.join(repo, file))).toBe(true);
    }
    const evidence = readdirSync(path.join(repo, 'cases/sea-rescuer-detention-2023/evidence'), { recursive: true }).map(
      String,
    );
    expect(evidence.some((f) => f.endsWith('.jpg'))).toBe(true);
    expect(evidence.some((f) => f.endsWith('.pdf'))).toBe(true);
    for (const file of yamlFiles(repo))
      expect(readFileSync(file, 'utf8')).toMatch(
        /^# yaml-language-server: \$schema=(\.\.\/)*schema\/\w+\.schema\.json\n/,
      );
    expect(readFileSync(path.join(repo, '.github/workflows/dossiers.yml'), 'utf8')).toContain(
      'casebuilder build --shard ${{ matrix.shard }}/3',
    );
    expect(await run(repo, ['validate', '--strict'])).toMatchObject({ status: 0 });
    expect((await run(repo, ['build'])).status).toBe(0);
    const pdf = await readPdf(path.join(repo, 'dossiers/sea-rescuer-detention-2023.pdf'));
    expect(pdf.pageCount).toBeGreaterThan(10);
    expect((await run(repo, ['verify', 'dossiers/sea-rescuer-detention-2023.pdf'])).status).toBe(0);
  });

  it('writes a CI workflow, valid YAML, that installs casebuilder from a git repository named once', async () => {
    const dir = emptyDir('init-ci');
    expect((await run(dir, ['init'])).status).toBe(0);
    const text = readFileSync(path.join(dir, '.github/workflows/dossiers.yml'), 'utf8');
    const workflow = parse(text, { strict: true, uniqueKeys: true }) as {
      env: { CASEBUILDER: string };
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    // a placeholder, marked as the line to edit, pinned to this version's tag
    expect(workflow.env.CASEBUILDER).toBe(`git+https://github.com/YOUR-ORG/casebuilder.git#v${VERSION}`);
    expect(text).toMatch(/# EDIT THIS LINE: casebuilder is not on the npm registry/);
    expect(text).not.toMatch(/casebuilder@/);
    for (const job of ['validate', 'build']) {
      const runs = workflow.jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []));
      expect(runs[0]).toContain('npm install --no-audit --no-fund "$CASEBUILDER"\n');
      expect(runs[0]).toContain('/node_modules/.bin" >> "$GITHUB_PATH"');
      expect(runs.slice(1).every((r) => r.startsWith('casebuilder '))).toBe(true);
    }
  });

  it('refuses a folder that is not empty, writing nothing', async () => {
    const dir = emptyDir('init-full');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const result = await run(dir, ['init']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not empty (notes.txt): pass --force');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('with --force adds what is missing and overwrites nothing', async () => {
    const dir = emptyDir('init-force');
    writeFileSync(path.join(dir, 'casebuilder.yaml'), 'bates_prefix: MINE\n');
    const result = await run(dir, ['init', '--force']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('kept 1 that were already there: casebuilder.yaml');
    expect(readFileSync(path.join(dir, 'casebuilder.yaml'), 'utf8')).toBe('bates_prefix: MINE\n');
    expect(existsSync(path.join(dir, 'cases/registry.yaml'))).toBe(true);
  });
});

describe('schema', () => {
  const dir = emptyDir('schema');
  beforeAll(async () => {
    await run(dir, ['schema', '--out', 'schema']);
  });

  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const compiled = new Map<string, ReturnType<Ajv['compile']>>();
  const validator = (name: string) => {
    if (!compiled.has(name))
      compiled.set(
        name,
        ajv.compile(JSON.parse(readFileSync(path.join(dir, 'schema', `${name}.schema.json`), 'utf8'))),
      );
    return compiled.get(name)!;
  };

  it('writes a schema for every kind of file', async () => {
    expect(readdirSync(path.join(dir, 'schema')).sort()).toEqual([
      'case.schema.json',
      'casebuilder.schema.json',
      'detention.schema.json',
      'incident.schema.json',
      'interception.schema.json',
      'registry.schema.json',
      'seizure.schema.json',
    ]);
  });

  it('accepts every sample file', async () => {
    const samples = yamlFiles(path.join(projectRoot, 'cases'));
    expect(samples.length).toBeGreaterThan(6);
    for (const file of [...samples, path.join(projectRoot, 'casebuilder.yaml')]) {
      const name = path.basename(file);
      const kind =
        name === 'casebuilder.yaml'
          ? 'casebuilder'
          : name === 'registry.yaml'
            ? 'registry'
            : name === 'case.yaml'
              ? 'case'
              : 'incident';
      const validate = validator(kind);
      expect({ file, valid: validate(parse(readFileSync(file, 'utf8'))), errors: validate.errors ?? null }).toEqual({
        file,
        valid: true,
        errors: null,
      });
    }
  });

  it('rejects a misspelt field', async () => {
    const file = path.join(
      projectRoot,
      'cases/sea-rescuer-detention-2023/incidents/2023-03-25-interception-zuwara.yaml',
    );
    const doc = parse(readFileSync(file, 'utf8'));
    doc.ocurred_at = doc.occurred_at;
    delete doc.occurred_at;
    for (const kind of ['incident', 'interception']) expect(validator(kind)(doc)).toBe(false);
    const typo = validator('interception');
    typo(doc);
    expect(typo.errors!.map((e) => e.params)).toEqual(expect.arrayContaining([{ additionalProperty: 'ocurred_at' }]));
  });
});
