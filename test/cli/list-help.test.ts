import { describe, expect, it } from '@jest/globals';
import { edit, fixture, run, sampleRepository, write } from '../helpers/repo.js';

const CENTRAL = 'central-med-2023';
const PULLED = '2023-03-25-interception-zuwara';

describe('list', () => {
  it('counts the incidents a case pulls in from other cases and marks them', async () => {
    const dir = sampleRepository();
    const text = await run(dir, ['list']);
    expect(text.status).toBe(0);
    const lines = text.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith(`${CENTRAL}  `));
    expect(lines[head]).toBe(
      `${CENTRAL}  documentation  Interceptions and detentions in the central Mediterranean, 2022-2023  ` +
        '(3 incidents, 1 pulled in)',
    );
    expect(lines.slice(head + 1, head + 4).map((l) => l.trim().split('  ')[0])).toEqual([
      '2022-11-08-detention-augusta',
      PULLED,
      '2023-08-12-interception-sabratha',
    ]);
    expect(lines[head + 2]).toMatch(/ {2}\(pulled in from sea-rescuer-detention-2023\)$/);
    // in the case that holds it, the same incident is its own
    const own = lines.findIndex((l) => l.startsWith('sea-rescuer-detention-2023  '));
    expect(lines[own + 1]).toMatch(new RegExp(`^  ${PULLED}  interception  .*Zuwara$`));

    const json = JSON.parse((await run(dir, ['list', '--format', 'json'])).stdout);
    const central = json.cases.find((c: { id: string }) => c.id === CENTRAL);
    expect(
      central.incidents.map((i: { id: string; case: string; pulled_in: boolean }) => [i.id, i.case, i.pulled_in]),
    ).toEqual([
      ['2022-11-08-detention-augusta', CENTRAL, false],
      [PULLED, 'sea-rescuer-detention-2023', true],
      ['2023-08-12-interception-sabratha', CENTRAL, false],
    ]);
  });

  it.each([
    {
      name: 'in English by default',
      locale: undefined,
      args: [],
      line: 'challenge to a seizure',
      type: 'seizure',
      count: '1 incident',
    },
    {
      name: 'in Italian with --locale it',
      locale: undefined,
      args: ['--locale', 'it'],
      line: 'impugnazione del sequestro',
      type: 'sequestro',
      count: '1 episodio',
    },
    {
      name: "in the repository's language",
      locale: 'it',
      args: [],
      line: 'impugnazione del sequestro',
      type: 'sequestro',
      count: '1 episodio',
    },
    {
      name: 'in English with --locale en over the repository',
      locale: 'it',
      args: ['--locale', 'en'],
      line: 'challenge to a seizure',
      type: 'seizure',
      count: '1 incident',
    },
  ])('names types, matters and counts $name', async ({ locale, args, line, type, count }) => {
    const dir = sampleRepository();
    if (locale) edit(dir, 'casebuilder.yaml', 'locale: en', `locale: ${locale}`);
    const result = await run(dir, ['list', ...args]);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`aurora-seizure-2024  ${line}  Request for review of the seizure of SY Aurora  (${count})`);
    expect(lines[1]).toBe(
      `  2024-05-16-seizure-pozzallo  ${type}  2024-05-16T09:30:00+02:00  Seizure of SY Aurora at Pozzallo`,
    );
  });

  it('shows a case with no incidents, and warns that its dossier would show no facts', async () => {
    const dir = fixture('base');
    write(
      dir,
      'cases/empty/case.yaml',
      'id: empty\ntitle: Nothing yet\nmatter: documentation\ncourt: { name: Public }\nclient: example-rescue\n' +
        'confidentiality: public\nprepared_on: 2023-04-27\n',
    );
    const result = await run(dir, ['list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\nempty  documentation  Nothing yet  (no incidents)\n');
    expect(result.stderr.split('\n')[0]).toBe(
      'cases/empty/case.yaml:1:1 warning incidents: the case has no incidents: its dossier would show no facts ' +
        '(add one with casebuilder new interception --case empty, or pull one in with incidents:)',
    );
  });
});

describe('--help', () => {
  const commands = [
    [],
    ['validate'],
    ['build'],
    ['timeline'],
    ['deadlines'],
    ['report'],
    ['list'],
    ['init'],
    ['new'],
    ['new-case'],
    ['schema'],
    ['evidence'],
    ['evidence', 'hash'],
    ['evidence', 'verify'],
    ['verify'],
  ];
  it.each(commands.map((c) => [c.join(' ') || '(the program)', c] as const))(
    'of %s ends with examples of its use',
    async (_name, command) => {
      const result = await run(fixture('base'), [...command, '--help']);
      expect(result.status).toBe(0);
      const [, examples] = result.stdout.split('\nExamples:\n');
      const lines = examples!.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line).toMatch(new RegExp(`^  \\$ casebuilder ${command.join(' ')}`));
    },
  );
});
