#!/usr/bin/env node
// Writes assets/geo/limit-12nm-<k>.json: the territorial-sea limit (12 nm from the coast) over the
// whole box of coast.json, as the map code draws it from the lattice of 2^-k degrees. A map reads
// the lines of its lattice and cuts them to its box instead of measuring some ten thousand
// distances per build (src/geo/map.ts); the lines are the same, to a metre.
//
// Run after coast.json changes, on a built tree: `npm run build && node scripts/make-limit-lines.mjs`.
// test/unit/geo-limits.test.ts fails while the files were made from another coast.json or differ
// from what the code measures.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { geoData } from '../dist/geo/data.js';
import { LIMIT_LINE_ASSET, linesOnLattice } from '../dist/geo/map.js';

const assets = fileURLToPath(new URL('../assets/geo/', import.meta.url));
const coast = createHash('sha256')
  .update(readFileSync(`${assets}coast.json`))
  .digest('hex');
const { nm, scale, steps } = LIMIT_LINE_ASSET;
const box = geoData().box;

for (const k of steps) {
  const started = performance.now();
  const lines = linesOnLattice(box, nm, 2 ** -k).map((line) => {
    // Integers of 1/scale degree, delta-encoded like coast.json.
    const flat = [];
    let [px, py] = [0, 0];
    for (const [x, y] of line) {
      const [ix, iy] = [Math.round(x * scale), Math.round(y * scale)];
      flat.push(ix - px, iy - py);
      [px, py] = [ix, iy];
    }
    return flat;
  });
  const file = `${assets}limit-${nm}nm-${k}.json`;
  writeFileSync(file, `${JSON.stringify({ nm, step: k, scale, box, coast, lines })}\n`);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${file}: ${lines.length} lines in ${ms} ms\n`);
}
