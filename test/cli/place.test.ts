import { describe, expect, it } from '@jest/globals';
import { edit, fixture, run, validateJson } from '../helpers/repo.js';

const I = 'cases/alpha/incidents/interception.yaml';
const D = 'cases/alpha/incidents/detention.yaml';
// The fixture's interception: 33°14.07'N 012°07.40'E, in the Libyan SRR, 15 nm off the coast west of Zuwara.
const POSITION = `position: "33°14.07'N 012°07.40'E"`;
const SHOTS = '      description: Shots fired into the water\n';
const EMAIL = '      channel: email\n';

interface Row {
  name: string;
  break: (dir: string) => void;
  /** `file:line:col severity path code`, exactly as validate reports them; empty: no problem at all. */
  expect: string[];
  message?: RegExp;
}

const rows: Row[] = [
  {
    name: 'a written sar_region the position does not lie in',
    break: (d) => edit(d, I, 'sar_region: libya', 'sar_region: italy'),
    expect: [`${I}:7:3 warning location.position place.sar-region`],
    message: /^the position lies in the SAR region of Libya, not italy$/,
  },
  {
    name: 'a position in two overlapping regions, neither of them the one written',
    break: (d) => edit(d, I, POSITION, 'position: { lat: 35.6, lon: 12.7 }'),
    expect: [`${I}:7:3 warning location.position place.sar-region`],
    message: /^the position lies in the SAR regions of Malta and Italy, not libya$/,
  },
  {
    name: 'a position in two overlapping regions, one of them the one written',
    break: (d) => {
      edit(d, I, POSITION, 'position: { lat: 35.6, lon: 12.7 }');
      edit(d, I, 'sar_region: libya', 'sar_region: malta');
    },
    expect: [],
  },
  {
    name: 'sar_region other',
    break: (d) => edit(d, I, 'sar_region: libya', 'sar_region: other'),
    expect: [],
  },
  {
    name: 'sar_region unknown',
    break: (d) => edit(d, I, 'sar_region: libya', 'sar_region: unknown'),
    expect: [],
  },
  {
    name: 'no sar_region written',
    break: (d) => edit(d, I, '  sar_region: libya\n', ''),
    expect: [],
  },
  {
    name: 'a position in none of the known regions',
    break: (d) => edit(d, I, POSITION, 'position: "39°30.00\'N 005°00.00\'E"'),
    expect: [`${I}:7:3 warning location.position place.sar-region`],
    message: /^the position lies in none of the SAR regions casebuilder knows \(libya, malta, italy, tunisia, greece\)/,
  },
  {
    name: 'a position on land (Tripoli), in the region written',
    break: (d) => edit(d, I, POSITION, 'position: { lat: 32.88743, lon: 13.18733 }'),
    expect: [`${I}:7:3 warning location.position place.on-land`],
    message: /^the position 32\.88743, 13\.18733 lies on land, 1\.7 nm from the coast of Libya/,
  },
  {
    name: 'a position on land in another region than the one written: both warnings, at the same place',
    break: (d) => {
      edit(d, I, POSITION, 'position: { lat: 32.88743, lon: 13.18733 }');
      edit(d, I, 'sar_region: libya', 'sar_region: malta');
    },
    expect: [`${I}:7:3 warning location.position place.on-land`, `${I}:7:3 warning location.position place.sar-region`],
  },
  {
    name: "a violence entry's position in the Maltese SRR, the incident's written region Libya's",
    break: (d) => edit(d, I, SHOTS, `${SHOTS}      position: "34°30.00'N 013°00.00'E"\n`),
    expect: [`${I}:42:7 warning interception.violence[0].position place.sar-region`],
    message: /^the position lies in the SAR region of Malta, not libya$/,
  },
  {
    name: "a communication's position on land",
    break: (d) => edit(d, I, EMAIL, `${EMAIL}      position: { lat: 32.88743, lon: 13.18733 }\n`),
    expect: [`${I}:48:7 warning interception.communications[0].position place.on-land`],
  },
  {
    name: "a violence entry's position that does not parse is an error like the incident's",
    break: (d) => edit(d, I, SHOTS, `${SHOTS}      position: "33°64.00'N 012°07.40'E"\n`),
    expect: [`${I}:42:7 error interception.violence[0].position schema.custom`],
    message: /minutes/,
  },
  {
    name: "a communication's position outside [-90, 90] is an error",
    break: (d) => edit(d, I, EMAIL, `${EMAIL}      position: { lat: 95, lon: 13 }\n`),
    expect: [`${I}:48:19 error interception.communications[0].position.lat schema.custom`],
    message: /latitude lies within \[-90, 90\]/,
  },
  {
    name: "a detention's optional position in port, on land by Natural Earth's coastline",
    break: (d) => edit(d, D, 'location:\n', 'location:\n  position: { lat: 37.2915, lon: 13.5310 }\n'),
    expect: [`${D}:6:3 warning location.position place.on-land`],
  },
  {
    name: 'the rules still run in a file that fails its schema elsewhere',
    break: (d) => {
      edit(d, I, 'kind: shots_fired', 'kind: shooting');
      edit(d, I, 'sar_region: libya', 'sar_region: tunisia');
    },
    expect: [
      `${I}:7:3 warning location.position place.sar-region`,
      `${I}:40:7 error interception.violence[0].kind schema.invalid_value`,
    ],
  },
];

describe('validate checks where each position lies', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const dir = fixture('base');
    row.break(dir);
    const { problems } = await validateJson(dir);
    const found = problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.path} ${p.code}`);
    expect(found).toEqual(row.expect);
    if (row.message) expect(problems[0]!.message).toMatch(row.message);
  });

  it('prints the warning at the position with the source line and a caret', async () => {
    const dir = fixture('base');
    edit(dir, I, 'sar_region: libya', 'sar_region: italy');
    const result = await run(dir, ['validate']);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      `${I}:7:3 warning location.position: the position lies in the SAR region of Libya, not italy`,
      `  7 |   ${POSITION}`,
      '    |   ^^^^^^^^',
    ]);
    expect(result.status).toBe(0);
    expect((await run(dir, ['validate', '--strict'])).status).toBe(1);
  });
});
