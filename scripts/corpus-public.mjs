#!/usr/bin/env node
// Public corpus run: every PDF of ../shared/exhibit-corpus/ (or the folder given) cited as the
// one exhibit of its own case, beside a protected witness, and built with --profile public in
// one build. Prints, per file, whether it was published whole, with pages left out (and why) or
// refused, then a figure: what the public copy's checks cost on files no one here wrote.
//
//   npm run build && node scripts/corpus-public.mjs [folder]
//
// The files are copied only into a temporary repository, removed at the end.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.resolve(process.argv[2] ?? path.join(ROOT, '../shared/exhibit-corpus'));
if (!existsSync(folder)) {
  console.log(`corpus-public: ${folder} is absent; nothing to run`);
  process.exit(0);
}
const files = readdirSync(folder)
  .filter((f) => f.toLowerCase().endsWith('.pdf'))
  .sort();
const repo = mkdtempSync(path.join(tmpdir(), 'corpus-public-'));
try {
  // The exhibits fixture gives a valid case; its own case is replaced by one case per file.
  cpSync(path.join(ROOT, 'test/fixtures/exhibits'), repo, { recursive: true });
  const caseYaml = readFileSync(path.join(repo, 'cases/ex/case.yaml'), 'utf8');
  const incident = readFileSync(path.join(repo, 'cases/ex/incidents/detention.yaml'), 'utf8');
  rmSync(path.join(repo, 'cases/ex'), { recursive: true });
  const head = incident.slice(0, incident.indexOf('evidence:'));
  const tail = incident.slice(incident.indexOf('detention:\n'));
  const ids = files.map((file, k) => {
    const id = `c${String(k).padStart(3, '0')}`;
    const dir = path.join(repo, 'cases', id);
    mkdirSync(path.join(dir, 'incidents'), { recursive: true });
    mkdirSync(path.join(dir, 'evidence'));
    cpSync(path.join(folder, file), path.join(dir, 'evidence/file.pdf'));
    writeFileSync(path.join(dir, 'case.yaml'), caseYaml.replace(/^id: ex$/m, `id: ${id}`));
    writeFileSync(
      path.join(dir, 'incidents/detention.yaml'),
      head.replace(/^id: (.*)$/m, `id: $1-${id}`) +
        'witnesses:\n  - { id: W1, name: Ahmed Saleh, role: survivor }\n' +
        'evidence:\n  - { id: P1, file: evidence/file.pdf, kind: document, description: Corpus file }\n' +
        tail,
    );
    return id;
  });
  const bin = path.join(ROOT, 'bin/casebuilder');
  const started = Date.now();
  const built = spawnSync(process.execPath, [bin, 'build', '--profile', 'public', '--out', 'public', '--jobs', '2'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  const out = `${built.stdout}\n${built.stderr}`;
  const counts = { whole: 0, 'pages left out': 0, refused: 0, crashed: 0 };
  const reasons = new Map();
  const width = Math.max(...files.map((f) => f.length));
  ids.forEach((id, k) => {
    const mine = out.split('\n').filter((l) => l.includes(`cases/${id}/`) || l.startsWith(`failed  ${id}:`));
    const error = mine.find((l) => / error /.test(l));
    const leftOut = mine.filter((l) => l.includes('left out of the public dossier:'));
    let outcome;
    if (/stopped unexpectedly|crash/i.test(mine.join('\n'))) outcome = 'crashed';
    else if (error) outcome = 'refused';
    else if (leftOut.length) outcome = 'pages left out';
    else outcome = 'whole';
    counts[outcome]++;
    const detail = error
      ? error.replace(/^.*exhibit "evidence\/file\.pdf": /, '').slice(0, 110)
      : leftOut
          .map((l) => l.replace(/^.*?: (pages? [\d, ]+) left out of the public dossier: ([^,(]*).*$/, '$1: $2'))
          .join('; ');
    for (const l of leftOut) {
      const why = /left out of the public dossier: ([^,(]*)/.exec(l)?.[1]?.trim() ?? '?';
      const pages = (/(?:page|pages) ([\d, ]+) left out/.exec(l)?.[1] ?? '').split(',').filter(Boolean).length;
      reasons.set(why, (reasons.get(why) ?? 0) + pages);
    }
    console.log(`${files[k].padEnd(width)}  ${outcome}${detail ? ` | ${detail}` : ''}`);
  });
  const why = [...reasons].map(([r, n]) => `${n} for ${r}`).join(', ');
  console.log(
    `${files.length} PDFs in ${seconds.toFixed(1)} s: ${counts.whole} published whole, ` +
      `${counts['pages left out']} with pages left out (${why || 'none'}), ${counts.refused} refused, ` +
      `${counts.crashed} crashed`,
  );
  process.exitCode = counts.crashed ? 1 : 0;
} finally {
  rmSync(repo, { recursive: true, force: true });
}
