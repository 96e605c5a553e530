import { describe, expect, it } from '@jest/globals';
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { edit, fixture, positionOf, run, validateJson, write } from '../helpers/repo.js';

const I = 'cases/alpha/incidents/interception.yaml';
const D = 'cases/alpha/incidents/detention.yaml';
const S = 'cases/alpha/incidents/seizure.yaml';
const C = 'cases/alpha/case.yaml';
const R = 'cases/registry.yaml';

/** Gives evidence E1 (the photo) a public_copy, written after its sha256 line. */
function givePhotoAPublicCopy(dir: string, copy: string): void {
  const hashLine = '    sha256: f398ecbef29db1c4c821ef97ede50ff32275003a93ed9cd328669fc95c413fa7\n';
  edit(dir, I, hashLine, `${hashLine}    public_copy: ${copy}\n`);
}
const VIOLENCE_KINDS =
  'shots_fired, weapon_pointed, physical_assault, threats, dangerous_manoeuvre, equipment_damage, boarding, other';

interface Expected {
  file: string;
  /** Text where the reported field begins (its key, or the list item); omitted: line 1, column 1. */
  at?: string;
  path: string;
  code: string;
  message?: RegExp;
  /** When it differs from the scenario's. */
  severity?: 'error' | 'warning';
}

interface Scenario {
  name: string;
  break: (dir: string) => void;
  expect: Expected[];
}

const errors: Scenario[] = [
  {
    name: 'an enumerated value out of its list',
    break: (d) => edit(d, I, 'kind: shots_fired', 'kind: shooting'),
    expect: [
      {
        file: I,
        at: 'kind: shooting',
        path: 'interception.violence[0].kind',
        code: 'schema.invalid_value',
        message: new RegExp(`^expected one of ${VIOLENCE_KINDS}; got "shooting"$`),
      },
    ],
  },
  {
    name: 'a misspelt field',
    break: (d) => edit(d, I, 'occurred_at:', 'ocurred_at:'),
    expect: [
      {
        file: I,
        at: 'ocurred_at',
        path: 'ocurred_at',
        code: 'schema.unknown-field',
        message: /did you mean "occurred_at"/,
      },
      { file: I, at: 'id:', path: 'occurred_at', code: 'schema.missing-field' },
    ],
  },
  {
    name: 'a missing required field inside the type block',
    break: (d) => edit(d, I, '  outcome: pulled_back\n', ''),
    expect: [{ file: I, at: 'interception:', path: 'interception.outcome', code: 'schema.missing-field' }],
  },
  {
    name: 'an interception without a position',
    break: (d) => edit(d, I, `  position: "33°14.07'N 012°07.40'E"\n`, ''),
    expect: [{ file: I, at: 'location:', path: 'location.position', code: 'schema.missing-field' }],
  },
  {
    name: 'a time without an offset',
    break: (d) => edit(d, I, 'occurred_at: 2023-03-25T07:42:00Z', 'occurred_at: 2023-03-25T07:42:00'),
    expect: [{ file: I, at: 'occurred_at', path: 'occurred_at', code: 'schema.custom', message: /has no offset/ }],
  },
  {
    name: 'an incident that ends before it begins',
    break: (d) => edit(d, I, 'ended_at: 2023-03-25T09:10:00Z', 'ended_at: 2023-03-25T06:00:00Z'),
    expect: [{ file: I, at: 'ended_at', path: 'ended_at', code: 'time.end-before-start' }],
  },
  {
    name: 'a detention that ends before it starts',
    break: (d) => edit(d, D, 'end: 2023-04-22', 'end: 2023-03-30'),
    expect: [{ file: D, at: 'end:', path: 'detention.end', code: 'time.end-before-start' }],
  },
  {
    name: 'a release before the seizure',
    break: (d) => edit(d, S, 'released_at: 2018-04-16', 'released_at: 2018-03-01'),
    expect: [{ file: S, at: 'released_at', path: 'seizure.released_at', code: 'time.end-before-start' }],
  },
  {
    name: 'a latitude outside [-90, 90]',
    break: (d) => edit(d, I, `position: "33°14.07'N 012°07.40'E"`, 'position: { lat: 95.5, lon: 12.1 }'),
    expect: [
      {
        file: I,
        at: 'lat: 95.5',
        path: 'location.position.lat',
        code: 'schema.custom',
        message: /within \[-90, 90\]; got 95.5/,
      },
    ],
  },
  {
    name: 'a longitude outside [-180, 180]',
    break: (d) => edit(d, I, `position: "33°14.07'N 012°07.40'E"`, 'position: { lat: 33.2, lon: -181 }'),
    expect: [{ file: I, at: 'lon: -181', path: 'location.position.lon', code: 'schema.custom' }],
  },
  {
    name: 'position minutes of 60 or more',
    break: (d) => edit(d, I, `"33°14.07'N`, `"33°60.00'N`),
    expect: [
      {
        file: I,
        at: 'position:',
        path: 'location.position',
        code: 'schema.custom',
        message: /minutes must be below 60/,
      },
    ],
  },
  {
    name: 'a comma as the decimal mark in a position',
    break: (d) => edit(d, I, `"33°14.07'N`, `"33°14,07'N`),
    expect: [
      {
        file: I,
        at: 'position:',
        path: 'location.position',
        code: 'schema.custom',
        message: /comma as the decimal mark/,
      },
    ],
  },
  {
    name: 'a position without a hemisphere',
    break: (d) => edit(d, I, `012°07.40'E"`, `012°07.40'"`),
    expect: [{ file: I, at: 'position:', path: 'location.position', code: 'schema.custom', message: /no hemisphere/ }],
  },
  {
    name: 'a wrong IMO check digit',
    break: (d) => edit(d, R, 'imo: "9123453"', 'imo: "9123456"'),
    expect: [
      { file: R, at: 'imo:', path: 'vessels[0].imo', code: 'schema.custom', message: /check digit; got "9123456"/ },
    ],
  },
  {
    name: 'a duplicate vessel id',
    break: (d) =>
      edit(
        d,
        R,
        'organisations:\n',
        'organisations:\n'.replace('organisations', '  - id: sea-rescuer\n    name: Another\norganisations'),
      ),
    expect: [
      {
        file: R,
        at: 'id: sea-rescuer\n    name: Another',
        path: 'vessels[1].id',
        code: 'duplicate.vessel',
        message: /already used at cases\/registry.yaml:2:5/,
      },
    ],
  },
  {
    name: 'a duplicate incident id across files',
    break: (d) =>
      write(
        d,
        'cases/alpha/incidents/again.yaml',
        'id: 2018-03-18-seizure\ntype: seizure\ntitle: Again\noccurred_at: 2018-03-18T10:00:00Z\n' +
          'location: { description: Pozzallo }\n' +
          'seizure: { vessel: sea-rescuer, ordered_by: X, seized_at: 2018-03-18, status: seized }\n',
      ),
    expect: [
      {
        file: 'cases/alpha/incidents/seizure.yaml',
        at: 'id:',
        path: 'id',
        code: 'duplicate.incident',
        message: /already used at cases\/alpha\/incidents\/again.yaml:1:1/,
      },
    ],
  },
  {
    name: 'a duplicate evidence id in one incident',
    break: (d) => edit(d, I, '  - id: E2', '  - id: E1'),
    expect: [
      { file: I, at: 'id: E1\n    file: evidence/log.csv', path: 'evidence[1].id', code: 'duplicate.evidence' },
      // what cited E2 now cites nothing: the user sees both
      { file: I, at: 'E2]', path: 'interception.communications[0].evidence[0]', code: 'reference.unknown-evidence' },
    ],
  },
  {
    name: 'an unknown vessel',
    break: (d) => edit(d, I, 'ref: sea-rescuer', 'ref: sea-rescue'),
    expect: [
      {
        file: I,
        at: 'ref: sea-rescue',
        path: 'vessels[0].ref',
        code: 'reference.unknown-vessel',
        message: /did you mean "sea-rescuer"/,
      },
    ],
  },
  {
    name: 'an unknown vessel in a detention',
    break: (d) => edit(d, D, 'vessel: sea-rescuer', 'vessel: aurora'),
    expect: [{ file: D, at: 'vessel: aurora', path: 'detention.vessel', code: 'reference.unknown-vessel' }],
  },
  {
    name: 'an unknown organisation',
    break: (d) => edit(d, C, 'client: example-rescue', 'client: example-rescues'),
    expect: [{ file: C, at: 'client', path: 'client', code: 'reference.unknown-organisation' }],
  },
  {
    name: 'an unknown legal reference',
    break: (d) => edit(d, C, 'references: [unclos-98]', 'references: [unclos-99]'),
    expect: [{ file: C, at: 'unclos-99', path: 'references[0]', code: 'reference.unknown-reference' }],
  },
  {
    name: 'an unknown incident pulled into a case',
    break: (d) =>
      edit(d, C, 'references: [unclos-98]', 'references: [unclos-98]\nincidents: [alpha/2023-03-25-interceptio]'),
    expect: [{ file: C, at: 'alpha/2023', path: 'incidents[0]', code: 'reference.unknown-incident' }],
  },
  {
    name: 'an unknown evidence id',
    break: (d) => edit(d, I, 'evidence: [E1]', 'evidence: [E9]'),
    expect: [{ file: I, at: 'E9', path: 'interception.violence[0].evidence[0]', code: 'reference.unknown-evidence' }],
  },
  {
    name: 'a flag written UK, which ISO 3166-1 writes GB',
    break: (d) => edit(d, R, 'flag: DE', 'flag: UK'),
    expect: [
      { file: R, at: 'flag: UK', path: 'vessels[0].flag', code: 'schema.custom', message: /; did you mean "GB"\?$/ },
    ],
  },
  {
    name: "an unknown evidence id as a witness's statement",
    break: (d) => edit(d, I, '    role: survivor', '    role: survivor\n    statement: E9'),
    expect: [{ file: I, at: 'statement: E9', path: 'witnesses[0].statement', code: 'reference.unknown-evidence' }],
  },
  {
    name: 'a case id that differs from its folder',
    break: (d) => edit(d, C, 'id: alpha', 'id: beta'),
    expect: [{ file: C, at: 'id:', path: 'id', code: 'case.id-mismatch' }],
  },
  {
    name: 'a missing evidence file',
    break: (d) => edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/photo2.jpg'),
    expect: [{ file: I, at: 'file: evidence/photo2.jpg', path: 'evidence[0].file', code: 'evidence.missing' }],
  },
  {
    name: 'an evidence path that is a folder',
    break: (d) => {
      mkdirSync(path.join(d, 'cases/alpha/evidence/folder'));
      edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/folder');
    },
    expect: [{ file: I, at: 'file: evidence/folder', path: 'evidence[0].file', code: 'evidence.not-file' }],
  },
  {
    name: 'an evidence path leading out with ../',
    break: (d) => edit(d, I, 'file: evidence/photo.jpg', 'file: ../../registry.yaml'),
    expect: [{ file: I, at: 'file: ../../registry.yaml', path: 'evidence[0].file', code: 'evidence.outside-case' }],
  },
  {
    name: 'an absolute evidence path',
    break: (d) => edit(d, I, 'file: evidence/photo.jpg', 'file: /etc/hostname'),
    expect: [{ file: I, at: 'file: /etc/hostname', path: 'evidence[0].file', code: 'evidence.outside-case' }],
  },
  {
    name: 'a symbolic link leading out of the case',
    break: (d) => {
      symlinkSync(path.join(d, 'cases/registry.yaml'), path.join(d, 'cases/alpha/evidence/link.jpg'));
      edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/link.jpg');
    },
    expect: [{ file: I, at: 'file: evidence/link.jpg', path: 'evidence[0].file', code: 'evidence.outside-case' }],
  },
  {
    // The system follows evidence/up (to the case folder) before each "..": read as text, the path stays inside.
    name: 'a symbolic link leading out of the case through another link and ..',
    break: (d) => {
      symlinkSync('..', path.join(d, 'cases/alpha/evidence/up'));
      symlinkSync('up/../registry.yaml', path.join(d, 'cases/alpha/evidence/link.jpg'));
      edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/link.jpg');
    },
    expect: [{ file: I, at: 'file: evidence/link.jpg', path: 'evidence[0].file', code: 'evidence.outside-case' }],
  },
  {
    // As text, evidence/photo.jpg (whose hash is recorded); as the system reads it, store/photo.jpg.
    name: 'an evidence path that goes up (..) after a symbolic link',
    break: (d) => {
      mkdirSync(path.join(d, 'cases/alpha/store/deep'), { recursive: true });
      write(d, 'cases/alpha/store/photo.jpg', 'another photo\n');
      symlinkSync('../store/deep', path.join(d, 'cases/alpha/evidence/link'));
      edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/link/../photo.jpg');
    },
    expect: [
      {
        file: I,
        at: 'file: evidence/link/../photo.jpg',
        path: 'evidence[0].file',
        code: 'evidence.up-through-link',
        message: /goes up \("\.\."\) after a symbolic link/,
      },
    ],
  },
  {
    name: 'a public copy whose sha256 does not match it',
    break: (d) => {
      write(d, 'cases/alpha/evidence/photo-public.jpg', 'the redacted photo\n');
      givePhotoAPublicCopy(d, `{ file: evidence/photo-public.jpg, sha256: ${'a'.repeat(64)} }`);
    },
    expect: [{ file: I, at: 'sha256: aaaa', path: 'evidence[0].public_copy.sha256', code: 'evidence.sha256-mismatch' }],
  },
  {
    name: 'a public copy that does not exist',
    break: (d) => givePhotoAPublicCopy(d, '{ file: evidence/photo-public.jpg }'),
    expect: [
      {
        file: I,
        at: 'file: evidence/photo-public.jpg',
        path: 'evidence[0].public_copy.file',
        code: 'evidence.missing',
      },
    ],
  },
  {
    name: 'a sha256 that does not match the file',
    break: (d) => write(d, 'cases/alpha/evidence/photo.jpg', 'fake photo bytes, altered\n'),
    expect: [{ file: I, at: 'sha256: f398', path: 'evidence[0].sha256', code: 'evidence.sha256-mismatch' }],
  },
  {
    name: 'an unquoted value with a colon and a space',
    break: (d) => edit(d, I, 'description: Shots fired into the water', 'description: Note: shots fired'),
    expect: [
      {
        file: I,
        at: 'Note: shots fired',
        path: '',
        code: 'yaml.block_as_implicit_key',
        message: /; a value with a colon followed by a space must be quoted: write description: "Note: shots fired"$/,
      },
    ],
  },
  {
    name: 'an unquoted title with a time and a colon, reported once',
    break: (d) => edit(d, I, 'title: Interception north of Zuwara', 'title: 12:30 meeting: x'),
    expect: [
      {
        file: I,
        at: '12:30 meeting',
        path: '',
        code: 'yaml.block_as_implicit_key',
        message: /must be quoted: write title: "12:30 meeting: x"$/,
      },
    ],
  },
  {
    name: 'an unquoted value with a colon on its second line',
    break: (d) => edit(d, C, 'summary: |\n  The facts.', 'summary: The ship was held\n  at the quay: no reason given'),
    expect: [
      {
        file: C,
        at: 'The ship was held',
        path: '',
        code: 'yaml.block_as_implicit_key',
        message: /must be quoted: write summary: "The ship was held at the quay: no reason given"$/,
      },
    ],
  },
];

const warnings: Scenario[] = [
  {
    name: 'counts that contradict each other',
    break: (d) => edit(d, I, 'intercepted: 45', 'intercepted: 50'),
    expect: [
      {
        file: I,
        at: 'intercepted: 50',
        path: 'people.intercepted',
        code: 'people.contradiction',
        message: /intercepted \(50\) is greater than on_board \(47\)/,
      },
    ],
  },
  {
    name: 'counts whose sum exceeds those on board',
    break: (d) => edit(d, I, 'missing: 2', 'missing: 5'),
    expect: [
      {
        file: I,
        at: 'on_board',
        path: 'people.on_board',
        code: 'people.contradiction',
        message: /intercepted \+ missing = 50/,
      },
    ],
  },
  {
    name: 'violence timed more than 24 hours from the incident',
    break: (d) => edit(d, I, 'at: 2023-03-25T07:51:00Z', 'at: 2023-03-27T07:51:00Z'),
    expect: [{ file: I, at: 'at: 2023-03-27', path: 'interception.violence[0].at', code: 'time.outside-incident' }],
  },
  {
    name: 'a communication timed more than 24 hours before the incident',
    break: (d) => edit(d, I, 'at: 2023-03-25T06:10:00Z', 'at: 2023-03-23T06:10:00Z'),
    expect: [
      { file: I, at: 'at: 2023-03-23', path: 'interception.communications[0].at', code: 'time.outside-incident' },
    ],
  },
  {
    name: 'a detention longer than ordered',
    break: (d) => edit(d, D, 'end: 2023-04-22', 'end: 2023-04-25'),
    expect: [
      {
        file: D,
        at: 'end:',
        path: 'detention.end',
        code: 'detention.over-ordered-days',
        message: /held 23 days, longer than the 20 days ordered/,
      },
    ],
  },
  {
    name: 'a detention still open past the days ordered',
    break: (d) => edit(d, D, '  end: 2023-04-22\n', ''),
    expect: [
      {
        file: D,
        at: 'ordered_days',
        path: 'detention.ordered_days',
        code: 'detention.over-ordered-days',
        message: /still held/,
      },
    ],
  },
  {
    name: 'an appeal not filed whose deadline passed',
    break: (d) => {
      edit(d, D, '    filed_at: 2023-04-28\n', '');
      edit(d, D, 'status: filed', 'status: not_filed');
    },
    expect: [
      {
        file: D,
        at: 'status: not_filed',
        path: 'detention.appeal.status',
        code: 'deadline.appeal',
        message: /deadline 2023-05-02 \(computed: 30 days from notification on 2 April 2023\)/,
      },
    ],
  },
  {
    name: 'a review not filed whose deadline passed',
    break: (d) => edit(d, S, 'status: filed', 'status: not_filed'),
    expect: [
      {
        file: S,
        at: 'status: not_filed',
        path: 'seizure.review.status',
        code: 'deadline.review',
        message: /deadline 2018-03-28 passed/,
      },
    ],
  },
  {
    name: 'evidence without a recorded sha256',
    break: (d) => edit(d, I, '    sha256: 8655403ff9d4626b3f17f36392f8a3dd856df07af1966240fb404e1a60210bda\n', ''),
    expect: [{ file: I, at: 'id: E2', path: 'evidence[1].sha256', code: 'evidence.no-sha256' }],
  },
  {
    name: 'a case with no incidents',
    break: (d) =>
      write(
        d,
        'cases/beta/case.yaml',
        'id: beta\ntitle: Beta\nmatter: documentation\ncourt: { name: Public }\nclient: example-rescue\n' +
          'confidentiality: public\nprepared_on: 2023-04-27\n',
      ),
    expect: [
      {
        file: 'cases/beta/case.yaml',
        at: 'id: beta',
        path: 'incidents',
        code: 'case.no-incidents',
        message: /^the case has no incidents: its dossier would show no facts/,
      },
    ],
  },
  {
    name: 'a case whose incidents list is empty and whose incidents folder holds no file',
    break: (d) => {
      write(d, 'cases/beta/incidents/.gitkeep', '');
      write(
        d,
        'cases/beta/case.yaml',
        'id: beta\ntitle: Beta\nmatter: documentation\ncourt: { name: Public }\nclient: example-rescue\n' +
          'confidentiality: public\nprepared_on: 2023-04-27\nincidents: []\n',
      );
    },
    expect: [{ file: 'cases/beta/case.yaml', at: 'incidents: []', path: 'incidents', code: 'case.no-incidents' }],
  },
];

/** Runs validate --format json and checks it reports exactly the expected problems; returns the exit status. */
async function expectProblems(
  dir: string,
  scenario: Scenario,
  severity: 'error' | 'warning',
  args: string[] = [],
): Promise<number | null> {
  const { problems, status } = await validateJson(dir, args);
  const expected = scenario.expect.map((e) => ({
    file: e.file,
    ...(e.at ? positionOf(dir, e.file, e.at) : { line: 1, column: 1 }),
    severity: e.severity ?? severity,
    path: e.path,
    code: e.code,
  }));
  expect(
    problems.map(({ file, line, column, severity: s, path: p, code }) => ({
      file,
      line,
      column,
      severity: s,
      path: p,
      code,
    })),
  ).toEqual(expect.arrayContaining(expected));
  expect(problems).toHaveLength(expected.length);
  scenario.expect.forEach((e) => {
    if (e.message) expect(problems.find((p) => p.path === e.path && p.code === e.code)?.message).toMatch(e.message);
  });
  return status;
}

describe('validate reports each error class of format.md at its file, line, column and field', () => {
  it('passes the intact fixture with no problem', async () => {
    const dir = fixture('base');
    const result = await run(dir, ['validate', '--strict']);
    expect(result.stdout).toBe('0 errors, 0 warnings in 6 files\n');
    expect(result.status).toBe(0);
  });

  it.each(errors.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const dir = fixture('base');
    scenario.break(dir);
    expect(await expectProblems(dir, scenario, 'error')).toBe(1);
  });

  // A ".." that goes back over no link reads the same as text and as the system follows it.
  it.each([
    ['through a real folder', 'evidence/sub/../photo.jpg'],
    ['after a folder not made', 'evidence/nosuch/../photo.jpg'],
    ['after a file', 'evidence/log.csv/../photo.jpg'],
    ['after a real folder behind a link', 'evidence/link/sub/../../photo.jpg'],
  ])('reads an evidence path with ".." %s as written', async (_how, file) => {
    const dir = fixture('base');
    mkdirSync(path.join(dir, 'cases/alpha/evidence/sub'));
    // evidence/link leads to evidence/real, which holds a folder sub.
    mkdirSync(path.join(dir, 'cases/alpha/evidence/real/sub'), { recursive: true });
    symlinkSync('real', path.join(dir, 'cases/alpha/evidence/link'));
    edit(dir, I, 'file: evidence/photo.jpg', `file: ${file}`);
    const result = await run(dir, ['validate', '--strict']);
    expect(result.stdout).toBe('0 errors, 0 warnings in 6 files\n');
    expect(result.status).toBe(0);
  });

  it('takes "at least 40 on board" for a lower bound: 45 intercepted and 2 missing do not contradict it', async () => {
    const dir = fixture('base');
    edit(dir, I, 'on_board: 47', 'on_board: { at_least: 40 }');
    const result = await run(dir, ['validate', '--strict']);
    expect(result.stdout).toBe('0 errors, 0 warnings in 6 files\n');
    expect(result.status).toBe(0);
  });

  it('reads an evidence file whose name begins with two dots ("..photo.jpg") as inside the case', async () => {
    const dir = fixture('base');
    renameSync(path.join(dir, 'cases/alpha/evidence/photo.jpg'), path.join(dir, 'cases/alpha/evidence/..photo.jpg'));
    mkdirSync(path.join(dir, 'cases/alpha/..drafts'));
    renameSync(path.join(dir, 'cases/alpha/evidence/..photo.jpg'), path.join(dir, 'cases/alpha/..drafts/..photo.jpg'));
    edit(dir, I, 'file: evidence/photo.jpg', 'file: ..drafts/..photo.jpg');
    const result = await run(dir, ['validate', '--strict']);
    expect(result.stdout).toBe('0 errors, 0 warnings in 6 files\n');
    expect(result.status).toBe(0);
  });

  it(
    'prints file:line:col severity field.path: message, ' +
      'the source line with a caret under the field, then a count',
    async () => {
      const dir = fixture('base');
      edit(dir, I, 'kind: shots_fired', 'kind: shooting');
      const { line, column } = positionOf(dir, I, 'kind: shooting');
      const result = await run(dir, ['validate']);
      expect(result.stdout.split('\n')).toEqual([
        `${I}:${line}:${column} error interception.violence[0].kind: expected one of ${VIOLENCE_KINDS}; got "shooting"`,
        `  ${line} |       kind: shooting`,
        `  ${' '.repeat(String(line).length)} |       ^^^^`,
        '1 error, 0 warnings in 6 files',

        '',
      ]);
      expect(result.status).toBe(1);
    },
  );
});

describe('validate reports each warning class, failing only with --strict', () => {
  it.each(warnings.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const dir = fixture('base');
    scenario.break(dir);
    expect(await expectProblems(dir, scenario, 'warning')).toBe(0);
    expect(await expectProblems(dir, scenario, 'error', ['--strict'])).toBe(1);
  });
});

/** Files that fail their schema in one field: every other problem in them is still reported, once. */
const partlyValid: Scenario[] = [
  {
    name: 'a missing title, a missing evidence file and an unknown vessel, in one run',
    break: (d) => {
      edit(d, I, 'title: Interception north of Zuwara\n', '');
      edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/photo2.jpg');
      edit(d, I, 'ref: sea-rescuer', 'ref: sea-rescue');
    },
    expect: [
      { file: I, at: 'id:', path: 'title', code: 'schema.missing-field' },
      { file: I, at: 'file: evidence/photo2.jpg', path: 'evidence[0].file', code: 'evidence.missing' },
      { file: I, at: 'ref: sea-rescue', path: 'vessels[0].ref', code: 'reference.unknown-vessel' },
    ],
  },
  {
    name: 'a wrong violence kind and an unknown evidence id elsewhere in the file',
    break: (d) => {
      edit(d, I, 'kind: shots_fired', 'kind: shooting');
      edit(d, I, 'evidence: [E2]', 'evidence: [E9]');
    },
    expect: [
      { file: I, at: 'kind: shooting', path: 'interception.violence[0].kind', code: 'schema.invalid_value' },
      {
        file: I,
        at: 'E9',
        path: 'interception.communications[0].evidence[0]',
        code: 'reference.unknown-evidence',
      },
    ],
  },
  {
    name: 'a wrong evidence kind and a missing file in the same entry',
    break: (d) => {
      edit(d, I, 'kind: photo', 'kind: picture');
      edit(d, I, 'file: evidence/photo.jpg', 'file: evidence/photo2.jpg');
    },
    expect: [
      { file: I, at: 'kind: picture', path: 'evidence[0].kind', code: 'schema.invalid_value' },
      { file: I, at: 'file: evidence/photo2.jpg', path: 'evidence[0].file', code: 'evidence.missing' },
    ],
  },
  {
    name: 'an incident without a type still has its evidence files checked',
    break: (d) => {
      edit(d, I, 'type: interception\n', '');
      edit(d, I, 'file: evidence/log.csv', 'file: evidence/log2.csv');
    },
    expect: [
      { file: I, at: 'id:', path: 'type', code: 'schema.missing-field' },
      { file: I, at: 'file: evidence/log2.csv', path: 'evidence[1].file', code: 'evidence.missing' },
    ],
  },
  {
    name: 'a detention without a title still has its vessel and its days held checked',
    break: (d) => {
      edit(d, D, 'title: Detention at Porto Empedocle\n', '');
      edit(d, D, 'vessel: sea-rescuer', 'vessel: aurora');
      edit(d, D, 'end: 2023-04-22', 'end: 2023-04-25');
    },
    expect: [
      { file: D, at: 'id:', path: 'title', code: 'schema.missing-field' },
      { file: D, at: 'vessel: aurora', path: 'detention.vessel', code: 'reference.unknown-vessel' },
      {
        file: D,
        at: 'end: 2023-04-25',
        path: 'detention.end',
        code: 'detention.over-ordered-days',
        severity: 'warning',
      },
    ],
  },
  {
    name: 'a wrong detention kind and an unknown vessel in the same block',
    break: (d) => {
      edit(d, D, 'kind: administrative', 'kind: admin');
      edit(d, D, 'vessel: sea-rescuer', 'vessel: aurora');
    },
    expect: [
      { file: D, at: 'kind: admin', path: 'detention.kind', code: 'schema.invalid_value' },
      { file: D, at: 'vessel: aurora', path: 'detention.vessel', code: 'reference.unknown-vessel' },
    ],
  },
  {
    name: 'a case with a wrong matter still has its client checked',
    break: (d) => {
      edit(d, C, 'matter: detention_challenge', 'matter: detention');
      edit(d, C, 'client: example-rescue', 'client: example-rescues');
    },
    expect: [
      { file: C, at: 'matter:', path: 'matter', code: 'schema.invalid_value' },
      { file: C, at: 'client', path: 'client', code: 'reference.unknown-organisation' },
    ],
  },
  {
    name: 'a registry vessel with a wrong IMO still has its operator checked',
    break: (d) => {
      edit(d, R, 'imo: "9123453"', 'imo: "9123456"');
      edit(d, R, 'operator: example-rescue', 'operator: example-rescues');
    },
    expect: [
      { file: R, at: 'imo:', path: 'vessels[0].imo', code: 'schema.custom' },
      { file: R, at: 'operator:', path: 'vessels[0].operator', code: 'reference.unknown-organisation' },
    ],
  },
];

/** A wrong value is reported once: the rules do not take it for a missing one. */
const noCascade: Scenario[] = [
  {
    name: 'an ended_at without an offset does not put the violence outside the incident',
    break: (d) => {
      edit(d, I, 'ended_at: 2023-03-25T09:10:00Z', 'ended_at: 2023-03-25T09:10:00');
      edit(d, I, 'at: 2023-03-25T07:51:00Z', 'at: 2023-03-26T08:00:00Z');
    },
    expect: [{ file: I, at: 'ended_at', path: 'ended_at', code: 'schema.custom', message: /has no offset/ }],
  },
  {
    name: 'a sha256 that is not hexadecimal is not also reported as missing',
    break: (d) =>
      edit(d, I, 'sha256: f398ecbef29db1c4c821ef97ede50ff32275003a93ed9cd328669fc95c413fa7', 'sha256: none'),
    expect: [{ file: I, at: 'sha256: none', path: 'evidence[0].sha256', code: 'schema.invalid_format' }],
  },
  {
    name: 'an evidence label that breaks its pattern is reported where written and cited, not as unknown',
    break: (d) => {
      edit(d, I, '  - id: E1', '  - id: E 1');
      edit(d, I, 'evidence: [E1]', 'evidence: [E 1]');
    },
    expect: [
      { file: I, at: 'id: E 1', path: 'evidence[0].id', code: 'schema.invalid_format' },
      { file: I, at: 'E 1]', path: 'interception.violence[0].evidence[0]', code: 'schema.invalid_format' },
    ],
  },
  {
    name: 'an incident pulled in from a case whose case.yaml does not parse is not unknown',
    break: (d) => {
      write(d, 'cases/beta/case.yaml', 'id: beta\ntitle: Beta: the case\n');
      edit(d, C, 'references: [unclos-98]', 'references: [unclos-98]\nincidents: [beta/2023-05-01-interception]');
    },
    expect: [{ file: 'cases/beta/case.yaml', at: 'Beta: the', path: '', code: 'yaml.block_as_implicit_key' }],
  },
];

describe('validate reports every problem in one run, even in a file that fails its schema elsewhere', () => {
  it.each(partlyValid.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const dir = fixture('base');
    scenario.break(dir);
    expect(await expectProblems(dir, scenario, 'error')).toBe(1);
  });

  it.each(noCascade.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const dir = fixture('base');
    scenario.break(dir);
    expect(await expectProblems(dir, scenario, 'error')).toBe(1);
  });
});
