import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { checkRepository } from '../../src/check/repository.js';
import type { EvidenceProbe } from '../../src/load/evidence.js';
import type { LoadedRepository } from '../../src/load/repository.js';
import { parseYaml, type YamlSource } from '../../src/load/yaml-source.js';
import type { Problem } from '../../src/errors.js';

const CASE = `id: alpha
title: A case
matter: documentation
court: { name: Tribunale di Agrigento, country: IT }
client: ngo
confidentiality: public
prepared_on: 2023-04-27
`;
const REGISTRY = `vessels: [{ id: sea-rescuer, name: MV Sea Rescuer, flag: DE }]
organisations: [{ id: ngo, name: An NGO, kind: ngo }]
`;

const noDisk: EvidenceProbe = {
  inspect: () => ({ kind: 'missing' }),
  sha256: () => Promise.reject(new Error('no disk in property tests')),
};

const iso = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace('.000Z', 'Z'));
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const violence = fc.record({
  at: iso,
  kind: fc.constantFrom('shots_fired', 'weapon_pointed', 'threats', 'boarding'),
  description: text,
});
const interception = fc.record({
  id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
  type: fc.constant('interception'),
  title: text,
  occurred_at: iso,
  location: fc.record({
    position: fc.oneof(
      fc.record({
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
      }),
      fc.constant(`33°14.07'N 012°07.40'E`),
    ),
    description: text,
  }),
  people: fc.record({ on_board: fc.nat(100) }, { requiredKeys: [] }),
  interception: fc.record({
    authority: text,
    outcome: fc.constantFrom('pulled_back', 'rescued', 'escaped'),
    violence: fc.array(violence, { maxLength: 3 }),
  }),
});

/** A random change of the kind a tired hand or a hostile file makes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), index: fc.nat(), value: fc.anything({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('rename' as const), index: fc.nat(), name: fc.string({ maxLength: 12 }) }),
  fc.record({
    kind: fc.constant('text' as const),
    at: fc.nat(),
    insert: fc.string({ maxLength: 8, unit: 'binary' }),
    cut: fc.nat(6),
  }),
);

function source(textValue: string, file: string): { source?: YamlSource; problems: Problem[] } {
  return parseYaml(textValue, file);
}

async function check(incidentText: string): Promise<Problem[]> {
  const incident = source(incidentText, 'cases/alpha/incidents/x.yaml');
  if (!incident.source) return incident.problems;
  const loaded: LoadedRepository = {
    root: '/repo',
    casesDir: '/repo/cases',
    registry: source(REGISTRY, 'cases/registry.yaml').source,
    cases: [
      {
        folder: 'alpha',
        dir: '/repo/cases/alpha',
        caseFile: source(CASE, 'cases/alpha/case.yaml').source!,
        incidents: [incident.source],
      },
    ],
    caseFolders: ['alpha'],
    fileCount: 3,
    parsedAhead: 0,
    display: (p) => p,
    owners: new Map([
      ['cases/alpha/case.yaml', 'alpha'],
      ['cases/alpha/incidents/x.yaml', 'alpha'],
    ]),
  };
  const { problems } = await checkRepository(loaded, {
    probe: noDisk,
    nowMs: Date.parse('2026-01-01T00:00:00Z'),
    verifyHashes: true,
  });
  return problems;
}

function expectPositioned(problems: Problem[]) {
  for (const p of problems) {
    expect(p.file).toMatch(/\.yaml$/);
    expect(p.range).toBeDefined();
    expect(p.range![0]).toBeGreaterThanOrEqual(0);
    expect(p.range![1]).toBeGreaterThanOrEqual(p.range![0]);

    expect(p.code).toMatch(/^[a-z]+[.a-z_-]*$/);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

describe('the loader and checks, on random incident documents', () => {
  it('accept every valid generated incident', async () => {
    await fc.assert(
      fc.asyncProperty(interception, async (doc) => {
        const problems = await check(stringify(doc));
        expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('never throw on a mutated incident: every failure is a positioned problem', async () => {
    await fc.assert(
      fc.asyncProperty(interception, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (doc, mutations) => {
        let value: Record<string, unknown> = structuredClone(doc) as Record<string, unknown>;
        let yamlText: string | undefined;
        for (const m of mutations) {
          const keys = Object.keys(value);
          if (m.kind === 'drop' && keys.length) delete value[keys[m.index % keys.length]!];
          if (m.kind === 'replace' && keys.length) value[keys[m.index % keys.length]!] = m.value;
          if (m.kind === 'rename' && keys.length) {
            const key = keys[m.index % keys.length]!;
            value = { ...value, [m.name]: value[key] };
            if (m.name !== key) delete value[key];
          }
          if (m.kind === 'text') {
            const base = yamlText ?? stringify(value);
            const at = m.at % (base.length + 1);
            yamlText = base.slice(0, at) + m.insert + base.slice(at + m.cut);
          }
        }
        let problems: Problem[] = [];
        await expect(
          (async () => {
            problems = await check(yamlText ?? stringify(value));
          })(),
        ).resolves.toBeUndefined();
        expectPositioned(problems);
      }),
      { numRuns: 400 },
    );
  });
});
