#!/usr/bin/env node
// casebuilder's benchmark: workloads of ../shared/PERFORMANCE.md, each measured next to its
// reference in the same run, reported as ratios. Seeded, generated on the fly under bench/.work.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepository } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'casebuilder');
const work = path.join(here, '.work');

/** Wall time (best of `runs`) and peak RSS of a command, via /usr/bin/time when present. */
function measure(cmd, args, cwd, runs = 3) {
  let best = Infinity;
  let rss;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.error) {
      const plain = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
      if (plain.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${plain.stderr}`);
    } else if (r.status !== 0) {
      throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    } else {
      rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
    }
    best = Math.min(best, seconds);
  }
  return { seconds: best, rssMiB: rss };
}

const rows = [];
const sizes = (process.env.BENCH_SIZES ?? '200,2000,10000').split(',').map(Number);
for (const size of sizes) {
  const dir = path.join(work, `validate-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  generateRepository(dir, { incidents: size, seed: 7 });
  const ours = measure(process.execPath, [bin, 'validate', '--quiet'], dir);
  const ref = measure(process.execPath, [path.join(here, 'bare-yaml-parse.mjs'), path.join(dir, 'cases')], dir);
  const ratio = ours.seconds / ref.seconds;
  rows.push([`validate ${size} incidents`, `${ours.seconds.toFixed(2)} s, ${ours.rssMiB?.toFixed(0) ?? '?'} MiB`, `yaml.parse ${ref.seconds.toFixed(2)} s`, `${ratio.toFixed(2)} x`, '<= 1.5 x', ratio <= 1.5 ? 'met' : 'not met']);
}

const header = ['workload', 'casebuilder', 'reference', 'ratio', 'target', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
process.stdout.write([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n');
