import { describe, expect, it } from '@jest/globals';
import { fixture, positionOf, run, validateJson, write } from '../helpers/repo.js';

const NEW = 'cases/alpha/incidents/hostile.yaml';

/** Each hostile file is refused with one positioned error, never a crash (exit status 1, not 3). */
function expectRefused(dir: string, code: string, at: { line: number; column: number }, message: RegExp) {
  const { status, problems, raw } = validateJson(dir);
  expect(raw.stderr).toBe('');
  expect(status).toBe(1);
  expect(problems).toEqual([expect.objectContaining({ file: NEW, ...at, severity: 'error', code })]);
  expect(problems[0]!.message).toMatch(message);
}

describe('hostile input files are clean errors', () => {
  it('an alias bomb ("billion laughs")', () => {
    const dir = fixture('base');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    write(dir, NEW, `${levels.join('\n')}\n`);
    expectRefused(dir, 'yaml.alias-limit', positionOf(dir, NEW, '*a'), /aliases expand too far/);
  });

  it.each(['__proto__', 'constructor'])('a %s key', (key) => {
    const dir = fixture('base');
    write(dir, NEW, `id: x\n${key}:\n  polluted: true\n`);
    expectRefused(dir, 'yaml.forbidden-key', { line: 2, column: 1 }, new RegExp(`"${key}" is not allowed`));
  });

  it('a file over 5 MiB, refused before it is read', () => {
    const dir = fixture('base');
    write(dir, NEW, `summary: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
    expectRefused(dir, 'file.too-large', { line: 1, column: 1 }, /limited to 5.0 MiB/);
  });

  it('a file that is not UTF-8, at the offending byte', () => {
    const dir = fixture('base');
    write(dir, NEW, Buffer.concat([Buffer.from('id: x\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expectRefused(dir, 'file.not-utf8', { line: 2, column: 11 }, /not UTF-8 text \(byte 0xe9/);
  });

  it('a UTF-16 file', () => {
    const dir = fixture('base');
    write(dir, NEW, Buffer.from('\ufeffid: x\n', 'utf16le'));
    expectRefused(dir, 'file.not-utf8', { line: 1, column: 1 }, /not UTF-8/);
  });

  it.each([
    ['empty', ''],
    ['only comments', '# nothing yet\n'],
  ])('an %s file', (_name, text) => {
    const dir = fixture('base');
    write(dir, NEW, text);
    expectRefused(dir, 'file.empty', { line: 1, column: 1 }, /the file is empty/);
  });

  it('a YAML syntax error', () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: x\ntitle: [unclosed\n');
    const { status, problems } = validateJson(dir);
    expect(status).toBe(1);
    expect(problems[0]).toMatchObject({ file: NEW, severity: 'error', code: expect.stringMatching(/^yaml\./) });
  });

  it('a duplicate key', () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: x\ntitle: One\ntitle: Two\n');
    expectRefused(dir, 'yaml.duplicate_key', { line: 3, column: 1 }, /duplicate key "title"/);
  });

  it('two YAML documents in one file', () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: x\n---\nid: y\n');
    const { problems } = validateJson(dir);
    expect(problems[0]).toMatchObject({ file: NEW, code: 'yaml.multiple_docs', line: 2 });
  });

  it('a list where an incident should be', () => {
    const dir = fixture('base');
    write(dir, NEW, '- id: x\n');
    expectRefused(
      dir,
      'schema.invalid_type',
      { line: 1, column: 1 },
      /expected a mapping of incident fields; got a list/,
    );
  });

  it('a YAML tag', () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: !!binary aGVsbG8=\n');
    const { status, raw } = validateJson(dir);
    expect(status).toBe(1);
    expect(raw.stderr).toBe('');
  });
});

describe('the command line', () => {
  it('exits 2 naming an unknown case, with a suggestion', () => {
    const dir = fixture('base');
    const result = run(dir, ['validate', 'alpah']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: unknown case "alpah"; did you mean "alpha"?\n');
  });

  it.each([[['frobnicate']], [['validate', '--format', 'xml']], [['validate', '--bogus']], [[]]])(
    'exits 2 on a wrong command line: %j',
    (args) => {
      const dir = fixture('base');
      const result = run(dir, args);
      expect(result.status).toBe(2);
      expect(result.stderr).not.toBe('');
    },
  );

  it('exits 2 outside a case repository', () => {
    const result = run('/', ['validate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /no cases folder at .*cases: run casebuilder in a case repository, or pass --cases DIR/,
    );
  });

  it('prints --version and --help with status 0', () => {
    const dir = fixture('base');
    expect(run(dir, ['--version'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(run(dir, ['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('validate') });
  });

  it('finds cases through --cases and --config', () => {
    const dir = fixture('base');
    const result = run('/', [
      '--cases',
      `${dir}/cases`,
      '--config',
      `${dir}/casebuilder.yaml`,
      'validate',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0 });
  });

  it('--format json prints one document with file, line, column, severity, path, message and code', () => {
    const dir = fixture('base');
    write(dir, 'cases/alpha/incidents/detention.yaml', 'id: 2023-04-02-detention\ntype: arrest\n');
    const result = run(dir, ['validate', '--format', 'json']);
    expect(result.status).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc).toEqual({
      valid: false,
      errors: 1,
      warnings: 0,
      files: 6,
      problems: [
        {
          file: 'cases/alpha/incidents/detention.yaml',
          line: 2,
          column: 1,
          severity: 'error',
          path: 'type',
          message: 'expected one of interception, detention, seizure; got "arrest"',
          code: 'schema.invalid_value',
        },
      ],
    });
  });

  it('validate CASE reports only that case (and the shared files)', () => {
    const dir = fixture('base');
    write(dir, 'cases/beta/case.yaml', 'id: beta\ntitle: Broken\n');
    expect(validateJson(dir).problems.map((p) => p.file)).toContain('cases/beta/case.yaml');
    expect(validateJson(dir, ['alpha'])).toMatchObject({ status: 0, problems: [] });
  });

  it('a folder without case.yaml is not a case', () => {
    const dir = fixture('base');
    write(dir, 'cases/_drafts/incidents/half.yaml', 'id: [');
    expect(validateJson(dir)).toMatchObject({ status: 0, problems: [] });
  });

  it('lists cases and incidents, one line each, in text and JSON', () => {
    const dir = fixture('base');
    const text = run(dir, ['list']);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(
      [
        'alpha  detention_challenge  Appeal against the detention of MV Sea Rescuer  (3 incidents)',
        '  2018-03-18-seizure  seizure  2018-03-18T10:00:00+01:00  Seizure at Pozzallo',
        '  2023-03-25-interception  interception  2023-03-25T07:42:00Z  Interception north of Zuwara',
        '  2023-04-02-detention  detention  2023-04-02T18:00:00+02:00  Detention at Porto Empedocle',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(run(dir, ['list', '--format', 'json']).stdout);
    expect(json.cases[0]).toMatchObject({ id: 'alpha', matter: 'detention_challenge', file: 'cases/alpha/case.yaml' });
    expect(json.cases[0].incidents.map((i: { id: string }) => i.id)).toEqual([
      '2018-03-18-seizure',
      '2023-03-25-interception',
      '2023-04-02-detention',
    ]);
  });

  it('colours problems only when asked', () => {
    const dir = fixture('base');
    write(dir, NEW, '');
    expect(run(dir, ['validate'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toContain('\u001b[31merror');
    expect(run(dir, ['validate', '--no-color'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(run(dir, ['validate'], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });
});
