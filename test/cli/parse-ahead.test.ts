import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateRepository } from '../../bench/generate.mjs';
import { ParseAhead, PARSE_AHEAD_MIN_FILES } from '../../src/load/parse-ahead.js';
import { readYamlFile, type YamlBoundary } from '../../src/load/read-yaml-file.js';
import type { ParseResult } from '../../src/load/yaml-source.js';
import { emptyDir, projectRoot, run } from '../helpers/repo.js';

/** About 800 YAML files; the last case, parsed by the second thread, broken in every way a file can be. */
function largeBrokenRepository(): { dir: string; files: string[] } {
  const dir = emptyDir('parse-ahead');
  generateRepository(dir, { incidents: 700, perCase: 10, seed: 5 });
  const cases = path.join(dir, 'cases');
  const last = readdirSync(cases)
    .filter((name) => name.startsWith('case-'))
    .sort()
    .at(-1)!;
  const incidents = path.join(cases, last, 'incidents');
  writeFileSync(path.join(incidents, 'zz-colon.yaml'), 'type: interception\nnote: shots fired: two\n');
  writeFileSync(path.join(incidents, 'zz-latin1.yaml'), Buffer.from([0x6e, 0x6f, 0x74, 0x65, 0x3a, 0x20, 0xe8, 0x0a]));
  writeFileSync(path.join(incidents, 'zz-empty.yaml'), '');
  writeFileSync(path.join(incidents, 'zz-schema.yaml'), 'type: interception\nid: zz-schema\n');
  symlinkSync('/etc/hostname', path.join(incidents, 'zz-outside.yaml'));
  mkdirSync(path.join(incidents, 'zz-folder.yaml'));
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (entry.isDirectory()) walk(path.join(folder, entry.name));
      else if (entry.name.endsWith('.yaml')) files.push(path.join(folder, entry.name));
  };
  walk(cases);
  return { dir, files };
}

/** What a result says, whichever thread made it: the problems, or the file's data, text and hash. */
function said(result: ParseResult | undefined) {
  if (!result) return undefined;
  if (!result.source) return { problems: result.problems };
  const { file, absPath, sha256, value, text } = result.source;
  return { file, absPath, sha256, value, text };
}

describe('validate of a large repository on two cores', () => {
  it('parses the later files on a second thread, each as this thread would', () => {
    const { dir, files } = largeBrokenRepository();
    expect(files.length).toBeGreaterThan(PARSE_AHEAD_MIN_FILES);
    const boundary: YamlBoundary = { realDir: realpathSync(path.join(dir, 'cases')), name: 'the cases folder' };
    const listed = files.map((absPath) => ({ absPath, shown: path.relative(dir, absPath) }));
    const ahead = ParseAhead.start(listed, boundary, path.join(projectRoot, 'dist/bundle/parse-ahead.js'))!;
    expect(ahead).toBeDefined();
    let answered = 0;
    try {
      for (const { absPath, shown } of listed) {
        const theirs = ahead.take(absPath);
        if (theirs) answered++;
        if (theirs) expect(said(theirs)).toEqual(said(readYamlFile(absPath, shown, boundary)));
      }
    } finally {
      ahead.stop();
    }
    // The thread's share (the main thread parses the first 200 and half the rest), every file answered.
    expect(answered).toBe(files.length - 200 - Math.ceil((files.length - 200) / 2));
  });

  it('leaves every file to this thread when the second one cannot start', () => {
    const { dir, files } = largeBrokenRepository();
    const boundary: YamlBoundary = { realDir: realpathSync(path.join(dir, 'cases')), name: 'the cases folder' };
    const listed = files.map((absPath) => ({ absPath, shown: path.relative(dir, absPath) }));
    const ahead = ParseAhead.start(listed, boundary, path.join(dir, 'no-such-module.js'))!;
    try {
      for (const { absPath } of listed) expect(ahead.take(absPath)).toBeUndefined();
      // Known from the thread's own word when the import fails, not from its silence (5 s of waiting).
      expect(ahead.ended).toBe('failed');
    } finally {
      ahead.stop();
    }
    expect(ahead.answered).toBe(0);
  });

  it('reports the same problems, in the same order, as on one core', async () => {
    const { dir } = largeBrokenRepository();
    const one = await run(dir, ['validate', '--format', 'json'], { DEBUG: 'casebuilder' }, { cores: 1 });
    const two = await run(dir, ['validate', '--format', 'json'], { DEBUG: 'casebuilder' }, { cores: 2 });
    expect(one.status).toBe(1);
    // The bundle's thread did parse its share: about half the files.
    const [, parsed, of] = /^debug: (\d+) of (\d+) YAML files parsed on a second thread\n/.exec(two.stderr) ?? [];
    expect(Number(parsed)).toBeGreaterThan(Number(of) / 3);
    expect(one.stderr).not.toContain('second thread');
    const problems = (JSON.parse(one.stdout) as { problems: { file: string; code: string }[] }).problems;
    // The broken files of the last case are all reported (the link by the walk itself; the folder named
    // zz-folder.yaml is walked into like any folder, and holds nothing).
    for (const code of ['yaml.block_as_implicit_key', 'file.not-utf8', 'file.empty', 'file.outside'])
      expect(problems.map((p) => p.code)).toContain(code);
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr.replace(/^debug: .*\n/, '')).toBe(one.stderr);
  });
});
