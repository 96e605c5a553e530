import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { edit, fixture, run, validateJson } from '../helpers/repo.js';
import { CLEAR_LINE, CTRL_C, DOWN, ENTER, Terminal } from '../helpers/terminal.js';

const incidentsOf = (dir: string) => readdirSync(path.join(dir, 'cases/alpha/incidents')).sort();

/** Answers the questions every incident type asks first: title, times, place, evidence. */
async function head(t: Terminal, title: string, when: string) {
  await t.answer('Title', `${title}${ENTER}`);
  await t.answer('When it began', `${when}${ENTER}`);
  await t.answer('When it ended', ENTER);
  await t.answer('Where (in words)', `Porto Empedocle${ENTER}`);
}

async function evidenceAndTail(t: Terminal) {
  await t.answer('Add a piece of evidence?', `y${ENTER}`);
  await t.answer('File, relative to the case folder', `evidence/photo.jpg${ENTER}`);
  await t.answer('Kind of evidence', ENTER);
  await t.answer('Description', `The ship at the quay${ENTER}`);
  await t.answer('Captured at', ENTER);
  await t.answer('Captured by', ENTER);
  await t.answer('Add another piece of evidence?', ENTER);
}

async function commonTail(t: Terminal) {
  await t.answer('Add a vessel involved?', ENTER);
  await t.answer('Record how many people were involved?', ENTER);
  await t.answer('Summary', `Written in the wizard.${ENTER}`);
  await t.answer('Add a witness?', `y${ENTER}`);
  await t.answer('Full name', `Amina Haddad${ENTER}`);
  await t.answer('Role', ENTER);
  await t.answer('Protected', ENTER);
  await t.answer('Evidence holding the statement', ENTER);
  await t.answer('Add another witness?', ENTER);
}

describe('the incident wizard', () => {
  it('asks for an interception, refuses a wrong position with the reason, writes a file that validates', async () => {
    const dir = fixture('base');
    const t = new Terminal();
    const done = t.run(['new', 'interception', '--case', 'alpha'], dir);
    await head(t, 'Shots off Zuwara', '2023-03-25 08:42');
    await t.answer('Position', `33°64.07'N 012°07.40'E${ENTER}`);
    await t.waitFor('minutes must be below 60');
    t.input.write(`${CLEAR_LINE}33°14.07'N 012°07.40'E${ENTER}`);
    await t.answer('Search and rescue region', ENTER);
    await t.answer('Port', ENTER);
    await evidenceAndTail(t);
    // the coast guard is offered first: the registry lists the NGO before it
    await t.answer('Intercepting authority', ENTER);
    await t.answer('Unit', `Patrol boat 658${ENTER}`);
    await t.answer('Boat in distress', ENTER);
    await t.answer('Departed from', `Zuwara${ENTER}`);
    await t.answer('Outcome', ENTER);
    await t.answer('People returned to', ENTER);
    await t.answer('Add an act of violence?', `y${ENTER}`);
    await t.answer('When', `2023-03-25T07:51:00Z${ENTER}`);
    await t.answer('Kind', ENTER);
    await t.answer('Against', ENTER);
    await t.answer('Description', `Shots fired into the water${ENTER}`);
    await t.answer('Evidence ids', `E7${ENTER}`);
    await t.waitFor('no evidence E7 in this incident; it has E1');
    t.input.write(`${CLEAR_LINE}E1${ENTER}`);
    await t.answer('Add another act of violence?', ENTER);
    await t.answer('Add a communication?', ENTER);
    await commonTail(t);
    await t.answer('Incident id', ENTER);
    expect(await done).toBe(0);
    // a time typed without an offset is read in the repository's zone, and the user is told
    expect(t.screen).toContain('no offset given: read as Europe/Rome (UTC+01:00): 2023-03-25T08:42:00+01:00');
    // each label is shown as it is given, for the answers that cite it
    expect(t.screen).toContain('  E1 = evidence/photo.jpg\n');
    expect(t.screen).toContain('  W1 = Amina Haddad\n');

    const file = path.join(dir, 'cases/alpha/incidents/2023-03-25-interception-zuwara.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schema/interception.schema.json');
    const doc = parse(text);
    expect(doc).toMatchObject({
      id: '2023-03-25-interception-zuwara',
      type: 'interception',
      occurred_at: '2023-03-25T08:42:00+01:00',
      location: { position: "33°14.07'N 012°07.40'E", sar_region: 'libya' },
      interception: {
        authority: 'libyan-coast-guard',
        unit: 'Patrol boat 658',
        outcome: 'pulled_back',
        violence: [{ kind: 'shots_fired', evidence: ['E1'] }],
      },
      witnesses: [{ id: 'W1', name: 'Amina Haddad', role: 'survivor', protected: true }],
    });
    // the evidence file was there: its SHA-256 is recorded at once
    expect(doc.evidence[0].sha256).toBe('f398ecbef29db1c4c821ef97ede50ff32275003a93ed9cd328669fc95c413fa7');
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
  });

  it('asks for a detention, refuses a date in the wrong format, and writes a file that validates', async () => {
    const dir = fixture('base');
    const t = new Terminal();
    const done = t.run(['new', 'detention', '--case', 'alpha'], dir);
    await head(t, 'Second detention', '2023-06-10T10:00:00+02:00');
    await t.answer('Search and rescue region', `${DOWN}${DOWN}${ENTER}`);
    await t.answer('Port', `Porto Empedocle${ENTER}`);
    await evidenceAndTail(t);
    await t.answer('Vessel detained', ENTER);
    await t.answer('Kind of detention', ENTER);
    await t.answer('Port', `Porto Empedocle${ENTER}`);
    await t.answer('Authority that ordered it', `${DOWN}${DOWN}${ENTER}`);
    await t.answer('type its name', `Prefecture of Agrigento${ENTER}`);
    await t.answer('Legal basis', `unclos-98${ENTER}`);
    await t.answer('Grounds alleged', `Did not proceed to the assigned port; Second rescue${ENTER}`);
    await t.answer('Order issued at', ENTER);
    await t.answer('Notified on', ENTER);
    await t.answer('Detention began on', `10/06/2023${ENTER}`);
    await t.waitFor('expected a date as YYYY-MM-DD; got "10/06/2023"');
    t.input.write(`${CLEAR_LINE}2023-06-10${ENTER}`);
    await t.answer('Detention ended on', `2023-06-30${ENTER}`);
    await t.answer('Days ordered', `20${ENTER}`);
    await t.answer('Was a fine imposed?', `y${ENTER}`);
    await t.answer('Amount', `3300 EUR${ENTER}`);
    await t.answer('Reference of the fine', ENTER);
    await t.answer('Fine notified on', ENTER);
    await t.answer('Paid?', ENTER);
    await t.answer('Record the appeal?', `y${ENTER}`);
    await t.answer('Forum', `Tribunale di Agrigento${ENTER}`);
    await t.answer('Deadline', ENTER);
    await t.answer('Filed on', `2023-06-20${ENTER}`);
    await t.answer('Status', `${DOWN}${ENTER}`);
    await commonTail(t);
    await t.answer('Incident id', ENTER);
    expect(await done).toBe(0);
    const [file] = incidentsOf(dir).filter((f) => f.includes('2023-06-10'));
    const doc = parse(readFileSync(path.join(dir, 'cases/alpha/incidents', file!), 'utf8'));
    expect(doc).toMatchObject({
      type: 'detention',
      location: { sar_region: 'italy', port: 'Porto Empedocle' },
      detention: {
        vessel: 'sea-rescuer',
        kind: 'administrative',
        authority: 'Prefecture of Agrigento',
        start: '2023-06-10',
        fine: { amount: { amount: 3300, currency: 'EUR' }, paid: false },
        appeal: { status: 'filed' },
      },
    });
    expect(doc.detention.grounds).toEqual(['Did not proceed to the assigned port', 'Second rescue']);
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
  });

  it('asks for a seizure, refuses a time without a date, and writes a file that validates', async () => {
    const dir = fixture('base');
    const t = new Terminal();
    const done = t.run(['new', 'seizure', '--case', 'alpha'], dir);
    await head(t, 'Seizure of the ship', '2024-05-16T09:30:00+02:00');
    await t.answer('Search and rescue region', ENTER);
    await t.answer('Port', `Pozzallo${ENTER}`);
    await t.answer('Add a piece of evidence?', ENTER);
    await t.answer('Vessel seized', ENTER);
    await t.answer('Ordered by', `${DOWN}${DOWN}${ENTER}`);
    await t.answer('type its name', `Public Prosecutor of Ragusa${ENTER}`);
    await t.answer('Court', ENTER);
    await t.answer('Reference', `RGNR 1234/2024${ENTER}`);
    await t.answer('Seized on', `09:30${ENTER}`);
    await t.waitFor('expected a date as YYYY-MM-DD');
    t.input.write(`${CLEAR_LINE}2024-05-16${ENTER}`);
    await t.answer('Port', ENTER);
    await t.answer('Charges', `Aiding illegal immigration${ENTER}`);
    await t.answer('Items seized', `vessel, phones${ENTER}`);
    await t.answer('Status', ENTER);
    await t.answer('Released on', ENTER);
    await t.answer('Record the request for review?', ENTER);
    await t.answer('Add a step of the proceedings?', `y${ENTER}`);
    await t.answer('Date (or time)', `2024-05-18${ENTER}`);
    await t.answer('Court', ENTER);
    await t.answer('What happened', `Seizure validated${ENTER}`);
    await t.answer('Add another step of the proceedings?', ENTER);
    await commonTail(t);
    await t.answer('Incident id', ENTER);
    expect(await done).toBe(0);
    const doc = parse(readFileSync(path.join(dir, 'cases/alpha/incidents/2024-05-16-seizure-pozzallo.yaml'), 'utf8'));
    expect(doc.seizure).toMatchObject({
      vessel: 'sea-rescuer',
      ordered_by: 'Public Prosecutor of Ragusa',
      seized_at: '2024-05-16',
      items: ['vessel', 'phones'],
      proceedings: [{ at: '2024-05-18', event: 'Seizure validated' }],
    });
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
  });

  it('leaves nothing behind when cancelled with Ctrl-C', async () => {
    const dir = fixture('base');
    const before = incidentsOf(dir);
    const t = new Terminal();
    const done = t.run(['new', 'interception', '--case', 'alpha'], dir);
    await t.answer('Title', `Half written${ENTER}`);
    await t.answer('When it began', CTRL_C);
    expect(await done).toBe(130);
    expect(t.stderr).toContain('cancelled: nothing was written');
    expect(incidentsOf(dir)).toEqual(before);
  });
});

describe('the wizard checks the whole answer before writing', () => {
  it('asks again a detention end before its start, then writes a file that validates', async () => {
    const dir = fixture('base');
    const t = new Terminal();
    const done = t.run(['new', 'detention', '--case', 'alpha'], dir);
    await head(t, 'Third detention', '2023-06-10T10:00:00+02:00');
    await t.answer('Search and rescue region', ENTER);
    await t.answer('Port', `Porto Empedocle${ENTER}`);
    await t.answer('Add a piece of evidence?', ENTER);
    await t.answer('Vessel detained', ENTER);
    await t.answer('Kind of detention', ENTER);
    await t.answer('Port', `Porto Empedocle${ENTER}`);
    await t.answer('Authority that ordered it', ENTER);
    for (const question of ['Legal basis', 'Grounds alleged', 'Order issued at', 'Notified on'])
      await t.answer(question, ENTER);
    await t.answer('Detention began on', `2023-06-10${ENTER}`);
    await t.answer('Detention ended on', `2023-06-01${ENTER}`);
    await t.answer('Days ordered', ENTER);
    await t.answer('Was a fine imposed?', ENTER);
    await t.answer('Record the appeal?', ENTER);
    await commonTail(t);
    await t.answer('Incident id', ENTER);
    await t.waitFor(
      '  error detention.end (Detention ended on): the detention ends (2023-06-01) before it starts (2023-06-10)\n',
    );
    await t.waitFor('These answers must change before the file is written.');
    await t.answer('Detention ended on', `2023-06-30${ENTER}`);
    expect(await done).toBe(0);
    const doc = parse(
      readFileSync(path.join(dir, 'cases/alpha/incidents/2023-06-10-detention-porto-empedocle.yaml'), 'utf8'),
    );
    expect(doc.detention).toMatchObject({ start: '2023-06-10', end: '2023-06-30' });
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
  });

  it('shows counts that contradict each other, and asks them again when the user wants', async () => {
    const dir = fixture('base');
    const t = new Terminal();
    const done = t.run(['new', 'interception', '--case', 'alpha'], dir);
    await head(t, 'Pulled back off Sabratha', '2023-08-12T05:20:00Z');
    await t.answer('Position', `33 04.30N 012 25.80E${ENTER}`);
    await t.answer('Search and rescue region', ENTER);
    await t.answer('Port', ENTER);
    await t.answer('Add a piece of evidence?', ENTER);
    await t.answer('Intercepting authority', ENTER);
    for (const question of ['Unit', 'Boat in distress', 'Departed from', 'Outcome', 'People returned to'])
      await t.answer(question, ENTER);
    await t.answer('Add an act of violence?', ENTER);
    await t.answer('Add a communication?', ENTER);
    await t.answer('Add a vessel involved?', ENTER);
    await t.answer('Record how many people were involved?', `y${ENTER}`);
    await t.answer('People on board', `10${ENTER}`);
    await t.answer('People rescued', ENTER);
    await t.answer('People intercepted', `12${ENTER}`);
    for (const question of ['People dead', 'People missing', 'People minors', 'Summary', 'Add a witness?'])
      await t.answer(question, ENTER);
    await t.answer('Incident id', ENTER);
    await t.waitFor(
      '  warning people.intercepted (People intercepted): intercepted (12) is greater than on_board (10)\n',
    );
    await t.answer('Change any of these answers before writing?', `y${ENTER}`);
    await t.answer('People intercepted', `8${ENTER}`);
    expect(await done).toBe(0);
    const doc = parse(
      readFileSync(path.join(dir, 'cases/alpha/incidents/2023-08-12-interception-porto-empedocle.yaml'), 'utf8'),
    );
    expect(doc.people).toEqual({ on_board: 10, intercepted: 8 });
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
  });

  // Organisations of every kind, so each question shows which it offers first.
  const ORGANISATIONS = [
    ['guardia-costiera', 'Guardia Costiera', 'coastguard'],
    ['marina-militare', 'Marina Militare', 'navy'],
    ['procura-agrigento', 'Procura di Agrigento', 'prosecutor'],
    ['tribunale-agrigento', 'Tribunale di Agrigento', 'court'],
    ['prefettura-agrigento', 'Prefettura di Agrigento', 'ministry'],
    ['adsp-sicilia', 'AdSP della Sicilia Occidentale', 'port_authority'],
  ];
  it.each([
    {
      type: 'interception',
      question: 'Intercepting authority',
      before: ['Position', 'Search and rescue region', 'Port', 'Add a piece of evidence?'],
      first: ['libyan-coast-guard', 'guardia-costiera', 'marina-militare'],
    },
    {
      type: 'detention',
      question: 'Authority that ordered it',
      before: ['Search and rescue region', 'Port', 'Add a piece of evidence?', 'Vessel detained', 'Kind', 'Port'],
      first: ['adsp-sicilia', 'prefettura-agrigento', 'libyan-coast-guard', 'guardia-costiera'],
    },
    {
      type: 'seizure',
      question: 'Ordered by',
      before: ['Search and rescue region', 'Port', 'Add a piece of evidence?', 'Vessel seized'],
      first: ['procura-agrigento', 'tribunale-agrigento'],
    },
  ])('offers the $type question "$question" the organisations of the right kind first', async (row) => {
    const dir = fixture('base');
    const entries = ORGANISATIONS.map(([id, name, kind]) => `  - id: ${id}\n    name: ${name}\n    kind: ${kind}\n`);
    edit(dir, 'cases/registry.yaml', 'references:\n', `${entries.join('')}references:\n`);
    const t = new Terminal();
    const done = t.run(['new', row.type, '--case', 'alpha'], dir);
    await head(t, 'Any', '2023-03-25T07:42:00Z');
    const answers: Record<string, string> = { Position: `33 04.30N 012 25.80E${ENTER}`, Port: `Licata${ENTER}` };
    for (const question of row.before) await t.answer(question, answers[question] ?? ENTER);
    await t.waitFor(row.question);
    await t.waitFor('another, not in the registry');
    const menu = t.screen.slice(t.screen.lastIndexOf(row.question));
    const offered = [...menu.matchAll(/\(([a-z0-9-]+), [a-z ]+\)/g)].map((m) => m[1]);
    expect(offered).toHaveLength(ORGANISATIONS.length + 2);
    expect(offered.slice(0, row.first.length)).toEqual(row.first);
    t.input.write(CTRL_C);
    expect(await done).toBe(130);
  });
});

describe('new without a terminal runs the rules of validate before writing', () => {
  const base = [
    'title=Shots near Sabratha',
    'occurred_at=2023-08-12T05:20:00Z',
    'location.description=North of Sabratha',
    'location.position=33 04.30N 012 25.80E',
    'interception.authority=libyan-coast-guard',
    'interception.outcome=pulled_back',
  ];
  const photo = ['evidence[0].file=evidence/photo.jpg', 'evidence[0].kind=photo', 'evidence[0].description=The boat'];
  const violence = [
    'interception.violence[0].at=2023-08-12T05:52:00Z',
    'interception.violence[0].kind=shots_fired',
    'interception.violence[0].description=Shots in the air',
  ];
  it.each([
    {
      name: 'an end before its start',
      set: ['ended_at=2023-08-12T04:00:00Z'],
      line:
        'error: ended_at (When it ended): ends (2023-08-12T04:00:00Z) before it begins (2023-08-12T05:20:00Z); ' +
        'pass --set ended_at=VALUE to change it',
    },
    {
      name: 'an unknown evidence id',
      set: [...photo, ...violence, 'interception.violence[0].evidence=[E1, E3]'],
      line:
        'error: interception.violence[0].evidence[1] (Evidence ids): this incident has no evidence "E3"; ' +
        'did you mean "E1"? Pass --set interception.violence[0].evidence[1]=VALUE to change it',
    },
    {
      name: 'a missing evidence file',
      set: ['evidence[0].file=evidence/drone.mp4', 'evidence[0].kind=video', 'evidence[0].description=Drone'],
      line:
        'error: evidence[0].file (File, relative to the case folder): the evidence file "evidence/drone.mp4" ' +
        'does not exist in the case folder; pass --set evidence[0].file=VALUE to change it',
    },
    {
      name: 'an unknown vessel',
      set: ['vessels[0].ref=sea-rescue', 'vessels[0].role=rescue'],
      line:
        'error: vessels[0].ref (Vessel): unknown vessel "sea-rescue"; did you mean "sea-rescuer"? ' +
        'Pass --set vessels[0].ref=VALUE to change it',
    },
  ])('refuses $name, naming the field and the flag, and writes nothing', async ({ set, line }) => {
    const dir = fixture('base');
    const result = await run(dir, [
      'new',
      'interception',
      '--case',
      'alpha',
      ...[...base, ...set].flatMap((s) => ['--set', s]),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(incidentsOf(dir)).toEqual(['detention.yaml', 'interception.yaml', 'seizure.yaml']);
  });

  it('shows a warning and writes the file, which validate then reports the same way', async () => {
    const dir = fixture('base');
    const set = [...base, 'people.on_board=10', 'people.intercepted=12'];
    const result = await run(dir, ['new', 'interception', '--case', 'alpha', ...set.flatMap((s) => ['--set', s])]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'warning: people.intercepted (People intercepted): intercepted (12) is greater than on_board (10); ' +
        'pass --set people.intercepted=VALUE to change it\n',
    );
    const file = 'cases/alpha/incidents/2023-08-12-interception-sabratha.yaml';
    const { problems } = await validateJson(dir);
    expect(problems).toEqual([
      expect.objectContaining({ file, severity: 'warning', path: 'people.intercepted', code: 'people.contradiction' }),
    ]);
  });

  const caseBase = ['title=Beta', 'matter=documentation', 'court.name=Public documentation'];
  it.each([
    {
      name: 'an unknown client',
      set: ['client=example-rescues'],
      line:
        'error: client (Client): unknown organisation "example-rescues"; did you mean "example-rescue"? ' +
        'Pass --set client=VALUE to change it',
    },
    {
      name: 'an unknown incident pulled in',
      set: ['client=example-rescue', 'incidents=[alpha/2023-03-25-interceptio]'],
      line:
        'error: incidents[0]: case "alpha" has no incident "2023-03-25-interceptio"; ' +
        'did you mean "2023-03-25-interception"? Pass --set incidents[0]=VALUE to change it',
    },
  ])('new-case refuses $name, naming the field and the flag, and writes nothing', async ({ set, line }) => {
    const dir = fixture('base');
    const args = [...caseBase, ...set].flatMap((s) => ['--set', s]);
    const result = await run(dir, ['new-case', 'beta', '--yes', ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(existsSync(path.join(dir, 'cases/beta'))).toBe(false);
  });

  it('labels the evidence it is given as the wizard would, and says so', async () => {
    const dir = fixture('base');
    const set = [...base, ...photo, ...violence, 'interception.violence[0].evidence=[E1]'];
    const result = await run(dir, ['new', 'interception', '--case', 'alpha', ...set.flatMap((s) => ['--set', s])]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('E1 = evidence/photo.jpg');
    const text = readFileSync(path.join(dir, 'cases/alpha/incidents/2023-08-12-interception-sabratha.yaml'), 'utf8');
    expect(parse(text).evidence[0]).toMatchObject({ id: 'E1', file: 'evidence/photo.jpg', sha256: expect.any(String) });
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
  });
});

describe('new without a terminal', () => {
  it('exits 2 naming the --set flag of every missing field', async () => {
    const dir = fixture('base');
    const result = await run(dir, ['new', 'interception', '--case', 'alpha', '--set', 'title=Only a title']);
    expect(result.status).toBe(2);
    for (const field of [
      'occurred_at',
      'location.position',
      'location.description',
      'interception.authority',
      'interception.outcome',
    ]) {
      expect(result.stderr).toContain(`missing ${field}: pass --set ${field}=VALUE`);
    }
    expect(incidentsOf(dir)).toEqual(['detention.yaml', 'interception.yaml', 'seizure.yaml']);
  });

  const complete = [
    'title=Shots near Sabratha',
    'occurred_at=2023-08-12T05:20:00Z',
    'location.description=North of Sabratha',
    'location.position=33 04.30N 012 25.80E',
    'interception.authority=libyan-coast-guard',
    'interception.outcome=pulled_back',
    'interception.violence[0].at=2023-08-12T05:52:00Z',
    'interception.violence[0].kind=shots_fired',
    'interception.violence[0].description=Shots in the air',
  ].flatMap((s) => ['--set', s]);

  it('writes a valid file with every field set, and refuses to overwrite it', async () => {
    const dir = fixture('base');
    const result = await run(dir, ['new', 'interception', '--case', 'alpha', ...complete]);
    expect(result.status).toBe(0);
    const file = path.join(dir, 'cases/alpha/incidents/2023-08-12-interception-sabratha.yaml');
    expect(existsSync(file)).toBe(true);
    expect(await validateJson(dir, ['--strict'])).toMatchObject({ status: 0, problems: [] });
    const text = readFileSync(file, 'utf8');
    const again = await run(dir, [
      'new',
      'interception',
      '--case',
      'alpha',
      ...complete,
      '--set',
      'id=2023-08-12-interception-sabratha',
    ]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/exists|taken/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('checks --set values with the same schema', async () => {
    const dir = fixture('base');
    const result = await run(dir, [
      'new',
      'interception',
      '--case',
      'alpha',
      ...complete,
      '--set',
      'interception.violence[0].kind=shooting',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--set interception.violence[0].kind: expected one of shots_fired');
  });

  it('writes a new case with new-case and --set', async () => {
    const dir = fixture('base');
    const result = await run(dir, [
      'new-case',
      'beta',
      '--yes',
      '--set',
      'title=Beta',
      '--set',
      'matter=documentation',
      '--set',
      'court.name=Tribunale di Agrigento',
      '--set',
      'client=example-rescue',
    ]);
    expect(result.status).toBe(0);
    // --yes takes the defaults: confidential, prepared today
    expect(parse(readFileSync(path.join(dir, 'cases/beta/case.yaml'), 'utf8'))).toMatchObject({
      id: 'beta',
      confidentiality: 'confidential',
      prepared_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // a case without incidents yet is valid, with the warning that says so
    expect(await validateJson(dir)).toMatchObject({
      status: 0,
      problems: [{ file: 'cases/beta/case.yaml', severity: 'warning', code: 'case.no-incidents' }],
    });
    expect((await run(dir, ['new-case', 'beta', '--yes'])).status).toBe(2);
  });
});
