import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  emptyDir,
  fixture,
  positionOf,
  projectRoot,
  run,
  sampleRepository,
  validateJson,
  write,
} from '../helpers/repo.js';

const NEW = 'cases/alpha/incidents/hostile.yaml';

/** Each hostile file is refused with one positioned error, never a crash (exit status 1, not 3). */
async function expectRefused(dir: string, code: string, at: { line: number; column: number }, message: RegExp) {
  const { status, problems, raw } = await validateJson(dir);
  expect(raw.stderr).toBe('');
  expect(status).toBe(1);
  expect(problems).toEqual([expect.objectContaining({ file: NEW, ...at, severity: 'error', code })]);
  expect(problems[0]!.message).toMatch(message);
}

describe('hostile input files are clean errors', () => {
  it('an alias bomb ("billion laughs")', async () => {
    const dir = fixture('base');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    write(dir, NEW, `${levels.join('\n')}\n`);
    await expectRefused(dir, 'yaml.alias-limit', positionOf(dir, NEW, '*a'), /aliases expand too far/);
  });

  it.each(['__proto__', 'constructor'])('a %s key', async (key) => {
    const dir = fixture('base');
    write(dir, NEW, `id: x\n${key}:\n  polluted: true\n`);
    await expectRefused(dir, 'yaml.forbidden-key', { line: 2, column: 1 }, new RegExp(`"${key}" is not allowed`));
  });

  // Names every JavaScript object has: a lookup that climbs the prototype found a function, not a schema.
  it.each(['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'an incident of type %s',
    async (type) => {
      const dir = fixture('base');
      write(dir, NEW, `id: hostile\ntype: ${type}\ntitle: Not a type\noccurred_at: 2023-03-25T07:42:00Z\n`);
      await expectRefused(
        dir,
        'schema.invalid_value',
        { line: 2, column: 1 },
        new RegExp(`expected one of .*; got "${type}"`),
      );
    },
  );

  // An override template comes from the repository, so from whoever opens a pull request.
  it.each([
    ['{{t "constructor"}}', 'unknown text "constructor"'],
    ['{{enum "constructor" "x"}}', 'unknown enumeration "constructor"'],
  ])('an override template asking for %s fails its case by name', async (call, message) => {
    const dir = sampleRepository();
    const cover = readFileSync(path.join(projectRoot, 'templates/cover.hbs'), 'utf8');
    write(dir, 'templates/cover.hbs', `${cover}\n${call}\n`);
    const result = await run(dir, ['build', 'aurora-seizure-2024', '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`templates/cover.hbs: error: template cover: ${message}`);
  });

  it('a file over 5 MiB, refused before it is read', async () => {
    const dir = fixture('base');
    write(dir, NEW, `summary: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
    await expectRefused(dir, 'file.too-large', { line: 1, column: 1 }, /limited to 5.0 MiB/);
  });

  it('a file that is not UTF-8, at the offending byte', async () => {
    const dir = fixture('base');
    write(dir, NEW, Buffer.concat([Buffer.from('id: x\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await expectRefused(dir, 'file.not-utf8', { line: 2, column: 11 }, /not UTF-8 text \(byte 0xe9/);
  });

  it('a UTF-16 file', async () => {
    const dir = fixture('base');
    write(dir, NEW, Buffer.from('\ufeffid: x\n', 'utf16le'));
    await expectRefused(dir, 'file.not-utf8', { line: 1, column: 1 }, /not UTF-8/);
  });

  it.each([
    ['empty', ''],
    ['only comments', '# nothing yet\n'],
  ])('an %s file', async (_name, text) => {
    const dir = fixture('base');
    write(dir, NEW, text);
    await expectRefused(dir, 'file.empty', { line: 1, column: 1 }, /the file is empty/);
  });

  // The settings file and the registry are optional: left empty, they are not written yet, not broken.
  it.each([
    ['casebuilder.yaml', ''],
    ['casebuilder.yaml', '# settings to come\n'],
    ['cases/registry.yaml', '# vessels to come\n'],
  ])('an empty or commented-out %s means its defaults', async (file, text) => {
    const dir = fixture('base');
    write(dir, file, text);
    const { problems, raw } = await validateJson(dir);
    expect(raw.stderr).toBe('');
    expect(problems.filter((p) => p.file === file)).toEqual([]);
    if (file === 'casebuilder.yaml') expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('a YAML syntax error', async () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: x\ntitle: [unclosed\n');
    const { status, problems } = await validateJson(dir);
    expect(status).toBe(1);
    expect(problems[0]).toMatchObject({ file: NEW, severity: 'error', code: expect.stringMatching(/^yaml\./) });
  });

  it('a duplicate key', async () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: x\ntitle: One\ntitle: Two\n');
    await expectRefused(dir, 'yaml.duplicate_key', { line: 3, column: 1 }, /duplicate key "title"/);
  });

  it('two YAML documents in one file', async () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: x\n---\nid: y\n');
    const { problems } = await validateJson(dir);
    expect(problems[0]).toMatchObject({ file: NEW, code: 'yaml.multiple_docs', line: 2 });
  });

  it('a list where an incident should be', async () => {
    const dir = fixture('base');
    write(dir, NEW, '- id: x\n');
    await expectRefused(
      dir,
      'schema.invalid_type',
      { line: 1, column: 1 },
      /expected a mapping of incident fields; got a list/,
    );
  });

  it('a YAML tag', async () => {
    const dir = fixture('base');
    write(dir, NEW, 'id: !!binary aGVsbG8=\n');
    const { status, raw } = await validateJson(dir);
    expect(status).toBe(1);
    expect(raw.stderr).toBe('');
  });
});

// A pull request can add links as well as files: what they lead to outside must not be read or printed.
describe('YAML files and folders that lead outside the repository', () => {
  const SECRET = 'GITHUB_TOKEN=ghp_secret0123456789';
  /** A file outside the repository, such as a CI runner's credentials. */
  const secretFile = () => {
    const outside = emptyDir('outside');
    writeFileSync(path.join(outside, 'credentials'), `${SECRET}\nsecond: line\n`);
    return path.join(outside, 'credentials');
  };
  const expectNothingLeaked = (result: { stdout: string; stderr: string }) => {
    expect(result.stdout + result.stderr).not.toContain('ghp_secret');
  };

  it.each([
    ['validate', ['validate']],
    ['build', ['build', '--jobs', '1']],
  ])(
    'an incident file linked to a file outside is refused by %s, and not one byte of it is shown',
    async (_l, args) => {
      const dir = fixture('base');
      symlinkSync(secretFile(), path.join(dir, NEW));
      const result = await run(dir, args);
      expect(result.status).toBe(1);
      expectNothingLeaked(result);
      expect(result.stdout + result.stderr).toContain(
        `${NEW}: error: the file is a symbolic link leading outside the cases folder: casebuilder reads none of it`,
      );
      expect(existsSync(path.join(dir, 'dossiers/alpha.pdf'))).toBe(false);
    },
  );

  it('the same in JSON: a problem about the whole file, with no line to show', async () => {
    const dir = fixture('base');
    symlinkSync(secretFile(), path.join(dir, NEW));
    const { status, problems, raw } = await validateJson(dir);
    expect(status).toBe(1);
    expectNothingLeaked(raw);
    expect(problems).toEqual([
      expect.objectContaining({ file: NEW, line: null, column: null, severity: 'error', code: 'file.outside' }),
    ]);
  });

  it('a case folder linked outside is refused, naming the folder', async () => {
    const dir = fixture('base');
    const outside = emptyDir('outside-case');
    mkdirSync(path.join(outside, 'incidents'));
    writeFileSync(path.join(outside, 'case.yaml'), `id: ${SECRET}\n`);
    symlinkSync(outside, path.join(dir, 'cases/beta'));
    const result = await run(dir, ['validate']);
    expect(result.status).toBe(1);
    expectNothingLeaked(result);
    expect(result.stdout).toContain(
      'cases/beta: error: the folder is a symbolic link leading outside the cases folder: ' +
        'casebuilder reads nothing in it',
    );
  });

  it('an incidents folder linked outside is refused', async () => {
    const dir = fixture('base');
    const outside = emptyDir('outside-incidents');
    symlinkSync(secretFile(), path.join(outside, 'a.yaml'));
    rmSync(path.join(dir, 'cases/alpha/incidents'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'cases/alpha/incidents'));
    const result = await run(dir, ['validate']);
    expect(result.status).toBe(1);
    expectNothingLeaked(result);
    expect(result.stdout).toContain('cases/alpha/incidents: error: the folder is a symbolic link leading outside');
  });

  it('a settings file linked outside is refused', async () => {
    const dir = fixture('base');
    rmSync(path.join(dir, 'casebuilder.yaml'));
    symlinkSync(secretFile(), path.join(dir, 'casebuilder.yaml'));
    const result = await run(dir, ['validate']);
    expect(result.status).toBe(1);
    expectNothingLeaked(result);
    expect(result.stdout).toContain(
      'casebuilder.yaml: error: the file is a symbolic link leading outside the repository',
    );
  });

  it('a cases folder that casebuilder.yaml places outside the repository is read only with --cases', async () => {
    const dir = fixture('base');
    const elsewhere = path.join(emptyDir('elsewhere'), 'cases');
    cpSync(path.join(dir, 'cases'), elsewhere, { recursive: true });
    write(dir, 'casebuilder.yaml', `timezone: Europe/Rome\nbates_prefix: TB\ncases: ${elsewhere}\n`);
    const refused = await run(dir, ['validate']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`the cases folder ${elsewhere} is outside the repository`);
    expect((await run(dir, ['--cases', elsewhere, 'validate'])).status).toBe(0);
  });

  it('a link inside the cases folder is read, and its errors are shown with their line', async () => {
    const dir = fixture('base');
    write(dir, 'cases/shared/extra.yaml', 'id: linked\ntitle: One\ntitle: Two\n');
    symlinkSync('../../shared/extra.yaml', path.join(dir, NEW));
    const result = await run(dir, ['validate']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${NEW}:3:1 error: duplicate key "title"`);
    expect(result.stdout).toContain('3 | title: Two');
    write(dir, 'cases/shared/extra.yaml', readFileSync(path.join(dir, 'cases/alpha/incidents/detention.yaml'), 'utf8'));
    rmSync(path.join(dir, 'cases/alpha/incidents/detention.yaml'));
    expect((await run(dir, ['validate'])).status).toBe(0);
  });

  it('a filing folder committed as a link elsewhere is refused, and nothing there is removed or written', async () => {
    const dir = sampleRepository();
    const victim = emptyDir('victim');
    writeFileSync(path.join(victim, 'important.txt'), 'keep me\n');
    mkdirSync(path.join(dir, 'dossiers'), { recursive: true });
    symlinkSync(victim, path.join(dir, 'dossiers/aurora-seizure-2024.ebundle'));
    const result = await run(dir, ['build', 'aurora-seizure-2024', '--jobs', '1', '--filing', 'ebundle']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'aurora-seizure-2024.ebundle is a symbolic link: casebuilder writes a filing only into a folder of its own',
    );
    expect(readdirSync(victim)).toEqual(['important.txt']);
  });

  it("a killed filing's temporary volumes are removed by the next build, and nothing through a link", async () => {
    const dir = sampleRepository();
    const filing = path.join(dir, 'dossiers/aurora-seizure-2024.ebundle');
    mkdirSync(filing, { recursive: true });
    // writeFileAtomic's pattern, of a process gone and of one running (this test's), and a file of another name.
    // 4194305 is past the largest pid Linux gives (pid_max is at most 2^22), so no process has it.
    const stale = '.aurora-seizure-2024-vol1.pdf.4194305.deadbeef.tmp';
    const live = `.aurora-seizure-2024-vol2.pdf.${process.pid}.cafebabe.tmp`;
    for (const name of [stale, live, 'notes.txt']) writeFileSync(path.join(filing, name), 'x\n');
    // A filing folder committed as a link: what it leads to is not the build's to clear.
    const victim = emptyDir('victim');
    writeFileSync(path.join(victim, stale), 'keep me\n');
    symlinkSync(victim, path.join(dir, 'dossiers/elsewhere.ebundle'));
    expect((await run(dir, ['build', 'aurora-seizure-2024', '--jobs', '1'])).status).toBe(0);
    expect(readdirSync(filing).sort()).toEqual([live, 'notes.txt']);
    expect(readdirSync(victim)).toEqual([stale]);
  });

  it('links and FIFOs in place of caches, stamp and manifest are not read, waited on or followed', async () => {
    const dir = fixture('exhibits');
    expect((await run(dir, ['build', '--jobs', '1'])).status).toBe(0);
    const out = path.join(dir, 'dossiers');
    for (const name of ['.casebuilder-hashes.json', '.casebuilder-parsed.bin', '.casebuilder-stamp']) {
      rmSync(path.join(out, name), { force: true });
      execFileSync('mkfifo', [path.join(out, name)]);
    }
    const secret = secretFile();
    rmSync(path.join(out, 'ex.manifest.json'));
    symlinkSync(secret, path.join(out, 'ex.manifest.json'));
    const verified = await run(dir, ['verify', 'dossiers/ex.pdf']);
    expect(verified.status).toBe(1);
    expectNothingLeaked(verified);
    expect(verified.stdout + verified.stderr).toContain('cannot be read: it is a symbolic link');
    // The build neither hangs on the FIFOs nor trusts them: it rebuilds, and replaces the link
    // by a file of its own without writing into what the link led to.
    const result = await run(dir, ['build', '--jobs', '1']);
    expectNothingLeaked(result);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('1 built');
    expect(readFileSync(secret, 'utf8')).toContain('ghp_secret');
    expect(JSON.parse(readFileSync(path.join(out, 'ex.manifest.json'), 'utf8')).format).toBe('casebuilder-manifest/1');
    expect((await run(dir, ['verify', 'dossiers/ex.pdf'])).status).toBe(0);
  });

  it.each([
    ['casebuilder.yaml places it outside', 'settings'],
    ['dossiers is committed as a link', 'link'],
    ['dossiers is committed as a link to a folder not made yet', 'dangling link'],
    // The system follows a/up (to the repository's parent) before the "..": Node's own realpath cannot.
    ['dossiers is committed as a link through another link and ".."', 'link and dots'],
  ])(
    'a dossiers folder outside the repository because %s is refused, and nothing is written there',
    async (_l, how) => {
      const dir = fixture('exhibits');
      const victim = emptyDir('victim');
      writeFileSync(path.join(victim, 'important.txt'), 'keep me\n');
      // writeFileAtomic's own pattern, of a process no longer running: a build there would clear it.
      const stale = '.ex.pdf.4194305.deadbeef.tmp'; // past Linux's largest pid
      writeFileSync(path.join(victim, stale), 'looks like a stale temporary file\n');
      if (how === 'link') symlinkSync(victim, path.join(dir, 'dossiers'));
      else if (how === 'dangling link') symlinkSync(path.join(victim, 'not-yet'), path.join(dir, 'dossiers'));
      else if (how === 'link and dots') {
        mkdirSync(path.join(dir, 'a'));
        symlinkSync('..', path.join(dir, 'a/up'));
        symlinkSync(`a/up/../${path.relative(path.dirname(dir), victim)}`, path.join(dir, 'dossiers'));
      } else write(dir, 'casebuilder.yaml', `bates_prefix: EX\nout: ${path.relative(dir, victim)}\n`);
      for (const args of [
        ['build', '--jobs', '1'],
        ['report', '--format', 'pdf'],
      ]) {
        const result = await run(dir, args);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(
          how === 'settings'
            ? /casebuilder\.yaml:2:1 error.*the dossiers folder \S+ is outside the repository: casebuilder/
            : how === 'dangling link'
              ? /the dossiers folder dossiers is reached through a symbolic link that leads to no folder yet or/
              : /the dossiers folder dossiers is a symbolic link leading outside the repository/,
        );
      }
      expect(readdirSync(victim).sort()).toEqual([stale, 'important.txt']);
      // Named on the command line, the same folder is the user's choice: built there, its stale file cleared.
      expect((await run(dir, ['build', '--jobs', '1', '--out', victim])).status).toBe(0);
      expect(existsSync(path.join(victim, 'ex.pdf'))).toBe(true);
      expect(existsSync(path.join(victim, stale))).toBe(false);
    },
  );

  it('schema does not write through a schema folder committed as a link', async () => {
    const dir = fixture('exhibits');
    const victim = emptyDir('victim');
    symlinkSync(victim, path.join(dir, 'schema'));
    const result = await run(dir, ['schema']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'schema is a symbolic link leading outside this folder: name the folder with --out',
    );
    expect(readdirSync(victim)).toEqual([]);
  });

  it('a FIFO named like an incident file is refused at once, without waiting for a writer', async () => {
    const dir = fixture('base');
    execFileSync('mkfifo', [path.join(dir, NEW)]);
    await expectRefused(dir, 'file.not-regular', { line: 1, column: 1 }, /expected a regular file/);
  });
});

describe('the command line', () => {
  it('exits 2 naming an unknown case, with a suggestion', async () => {
    const dir = fixture('base');
    const result = await run(dir, ['validate', 'alpah']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: unknown case "alpah"; did you mean "alpha"?\n');
  });

  it.each([[['frobnicate']], [['validate', '--format', 'xml']], [['validate', '--bogus']], [[]]])(
    'exits 2 on a wrong command line: %j',
    async (args) => {
      const dir = fixture('base');
      const result = await run(dir, args);
      expect(result.status).toBe(2);
      expect(result.stderr).not.toBe('');
    },
  );

  it.each(['nonexistent', 'constructor', 'toString'])('exits 2 naming the profiles for --filing %s', async (name) => {
    const dir = fixture('base');
    const result = await run(dir, ['build', '--filing', name]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: --filing: no profile "${name}"; the profiles are pct, pdp, pat, ebundle\n`);
  });

  it("reports a filing profile of one's own without file_mb at its line, in validate and in the build", async () => {
    const dir = fixture('base');
    write(dir, 'casebuilder.yaml', 'bates_prefix: TB\nfiling:\n  ecourt: { envelope_mb: 20, pdfa: true }\n');
    const problem =
      'casebuilder.yaml:3:3 error filing.ecourt: a filing profile of its own needs file_mb, ' +
      "the portal's limit per file in MB (0 for no limit); the built-in ones are pct, pdp, pat, ebundle\n";
    const validated = await run(dir, ['validate']);
    expect(validated.status).toBe(1);
    expect(validated.stdout + validated.stderr).toContain(problem);
    const built = await run(dir, ['build', '--filing', 'ecourt']);
    expect(built.status).toBe(1);
    expect(built.stderr).toContain(problem);
    expect(built.stderr).not.toContain('no profile');
    expect(existsSync(path.join(dir, 'dossiers/alpha.ecourt'))).toBe(false);
    // Beside another profile written wrong, the build reports that one and fails, saying nothing false.
    write(dir, 'casebuilder.yaml', 'filing:\n  ecourt: { envelope_mb: 20 }\n  other: { file_mb: x }\n');
    const beside = await run(dir, ['build', '--filing', 'ecourt']);
    expect(beside.status).toBe(1);
    expect(beside.stderr).toMatch(/casebuilder\.yaml:3:\d+ error filing\.other\.file_mb/);
    expect(beside.stderr).not.toContain('no profile');
  });

  it('exits 2 outside a case repository', async () => {
    const result = await run('/', ['validate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /no cases folder at .*cases: run casebuilder in a case repository, or pass --cases DIR/,
    );
  });

  it('prints --version and --help with status 0', async () => {
    const dir = fixture('base');
    expect(await run(dir, ['--version'])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
    expect(await run(dir, ['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('validate') });
  });

  it('finds cases through --cases and --config', async () => {
    const dir = fixture('base');
    const result = await run('/', [
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

  it('--format json prints one document with file, line, column, severity, path, message and code', async () => {
    const dir = fixture('base');
    write(dir, 'cases/alpha/incidents/detention.yaml', 'id: 2023-04-02-detention\ntype: arrest\n');
    const result = await run(dir, ['validate', '--format', 'json']);
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
          // Added with the source ranges: offsets of `type` in the file.
          range: [25, 29],
        },
      ],
    });
  });

  it('validate CASE reports only that case (and the shared files)', async () => {
    const dir = fixture('base');
    write(dir, 'cases/beta/case.yaml', 'id: beta\ntitle: Broken\n');
    expect((await validateJson(dir)).problems.map((p) => p.file)).toContain('cases/beta/case.yaml');
    expect(await validateJson(dir, ['alpha'])).toMatchObject({ status: 0, problems: [] });
  });

  it('a folder without case.yaml is not a case', async () => {
    const dir = fixture('base');
    write(dir, 'cases/_drafts/incidents/half.yaml', 'id: [');
    expect(await validateJson(dir)).toMatchObject({ status: 0, problems: [] });
  });

  it('lists cases and incidents, one line each, in text and JSON', async () => {
    const dir = fixture('base');
    const text = await run(dir, ['list']);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(
      [
        'alpha  challenge to a detention  Appeal against the detention of MV Sea Rescuer  (3 incidents)',
        '  2018-03-18-seizure  seizure  2018-03-18T10:00:00+01:00  Seizure at Pozzallo',
        '  2023-03-25-interception  interception  2023-03-25T07:42:00Z  Interception north of Zuwara',
        '  2023-04-02-detention  detention  2023-04-02T18:00:00+02:00  Detention at Porto Empedocle',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(dir, ['list', '--format', 'json'])).stdout);
    expect(json.cases[0]).toMatchObject({ id: 'alpha', matter: 'detention_challenge', file: 'cases/alpha/case.yaml' });
    expect(json.cases[0].incidents.map((i: { id: string }) => i.id)).toEqual([
      '2018-03-18-seizure',
      '2023-03-25-interception',
      '2023-04-02-detention',
    ]);
  });

  it('colours problems only when asked', async () => {
    const dir = fixture('base');
    write(dir, NEW, '');
    expect((await run(dir, ['validate'], { NO_COLOR: '', FORCE_COLOR: '1' })).stdout).toContain('\u001b[31merror');
    expect((await run(dir, ['validate', '--no-color'], { NO_COLOR: '', FORCE_COLOR: '1' })).stdout).not.toContain(
      '\u001b[',
    );
    expect((await run(dir, ['validate'], { NO_COLOR: '1', FORCE_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });
});
