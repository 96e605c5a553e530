import { describe, expect, it } from '@jest/globals';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readPdf } from '../helpers/pdf.js';
import { readTemplates } from '../../src/load/templates.js';
import { PRECOMPILED_TEMPLATES, TEMPLATE_OPTIONS } from '../../src/render/sections.js';
import { edit, emptyDir, fixture, positionOf, runBin, sampleRepository } from '../helpers/repo.js';

// The end-to-end tier: the built bin in a process of its own, once per command and scenario.
// The behaviour of each command is tested in-process in test/cli/.

const I = 'cases/alpha/incidents/interception.yaml';

describe('bin/casebuilder as a user runs it', () => {
  it('ships its templates precompiled from the text they have now, as the build compiles them', () => {
    const made = createRequire(import.meta.url)(PRECOMPILED_TEMPLATES) as {
      handlebars: string;
      options: unknown;
      specs: Map<string, Record<string, unknown>>;
    };
    // What src/render/sections.ts requires before it uses the file at all.
    expect(made.handlebars).toBe(Handlebars.VERSION);
    expect(made.options).toEqual(TEMPLATE_OPTIONS);
    const shipped = [...readTemplates([], (abs) => abs).values()].map((t) => t.text);
    expect(shipped.length).toBeGreaterThan(10);
    expect([...made.specs.keys()].sort()).toEqual(shipped.sort());
    // Each spec is what compiling its text here gives, function for function.
    const shape = (spec: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, typeof v === 'function' ? v.toString() : v]));
    for (const [text, spec] of made.specs) {
      const source = Handlebars.precompile(text, { ...TEMPLATE_OPTIONS }) as string;
      expect(shape(spec)).toEqual(shape(new Function(`return ${source};`)() as Record<string, unknown>));
    }
  });

  it('prints its version and help', () => {
    expect(runBin(emptyDir(), ['--version'])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
    expect(runBin(emptyDir(), ['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('validate') });
    expect(runBin(emptyDir(), ['frobnicate']).status).toBe(2);
  });

  it('validate: a broken file gives the problem line, the source line and a caret, exit status 1', () => {
    const dir = fixture('base');
    edit(dir, I, 'kind: shots_fired', 'kind: shooting');
    const { line, column } = positionOf(dir, I, 'kind: shooting');
    const result = runBin(dir, ['validate']);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${I}:${line}:${column} error interception\\.violence\\[0\\]\\.kind: `));
    expect(lines[1]).toBe(`  ${line} |       kind: shooting`);
    expect(lines[2]).toBe(`  ${' '.repeat(String(line).length)} |       ^^^^`);
    const json = JSON.parse(runBin(dir, ['validate', '--format', 'json']).stdout);
    expect(json.problems[0]).toMatchObject({ file: I, line, column, path: 'interception.violence[0].kind' });
  });

  it('build, then an unchanged rebuild, then verify: the sample repository in parallel workers', async () => {
    const dir = sampleRepository();
    const first = runBin(dir, ['build', '--jobs', '2', '--format', 'json']);
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ built: 3, skipped: 0, failed: 0 });
    const pdf = await readPdf(path.join(dir, 'dossiers/central-med-2023.pdf'));
    expect(pdf.pageCount).toBe(summary.cases.find((c: { case: string }) => c.case === 'central-med-2023').pages);
    expect(pdf.pages.join(' ')).toContain('Chronology');
    expect(JSON.parse(runBin(dir, ['build', '--format', 'json']).stdout)).toMatchObject({ built: 0, skipped: 3 });
    const verify = runBin(dir, ['verify', 'dossiers/central-med-2023.pdf']);
    expect(verify.status).toBe(0);
    expect(runBin(dir, ['evidence', 'verify']).status).toBe(0);
  });

  it('list, timeline, deadlines and report print what the repository holds', () => {
    const dir = sampleRepository();
    expect(runBin(dir, ['list']).stdout).toContain('sea-rescuer-detention-2023');
    const timeline = JSON.parse(runBin(dir, ['timeline', 'sea-rescuer-detention-2023', '--format', 'json']).stdout);
    expect(timeline.events.length).toBeGreaterThan(5);
    expect(JSON.parse(runBin(dir, ['deadlines', '--format', 'json']).stdout).deadlines.length).toBeGreaterThan(0);
    expect(runBin(dir, ['report', '--format', 'md']).stdout).toMatch(/^# Incidents and detentions: figures/);
  });

  it('init makes a repository that validates, and schema writes the JSON Schemas', () => {
    const dir = emptyDir('init');
    expect(runBin(dir, ['init']).status).toBe(0);
    expect(runBin(dir, ['validate']).status).toBe(0);
    expect(runBin(dir, ['schema', '--out', 'schema']).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'schema/case.schema.json'), 'utf8'))).toHaveProperty('properties');
  });

  it('new without a terminal names what is missing, and writes nothing', () => {
    const dir = fixture('base');
    const result = runBin(dir, ['new', 'interception', '--case', 'alpha', '--set', 'title=Only a title']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/--set/);
    expect(existsSync(path.join(dir, 'cases/alpha/incidents/only-a-title.yaml'))).toBe(false);
  });
});
