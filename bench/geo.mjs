#!/usr/bin/env node
// Micro-benchmark of src/geo (not a test): how long the assets take to load and how many random
// positions per second placeOf classifies (regions, land, distance to the coast, zone).
//
//   npm run build && node bench/geo.mjs [count]
//
// Positions are seeded, uniform in lon 10..25 E, lat 30..38 N: Libyan land, the open sea and the
// coasts of Tunisia, Malta, Sicily and Greece.
import { prng } from './generate.mjs';

const count = Number(process.argv[2] ?? 100_000);
const rand = prng(15);
const positions = Array.from({ length: count }, () => ({ lon: 10 + 15 * rand(), lat: 30 + 8 * rand() }));

const start = process.hrtime.bigint();
const geo = await import('../dist/geo/index.js');
geo.loadGeo();
const loadMs = Number(process.hrtime.bigint() - start) / 1e6;

// One warm-up pass so the figure is the steady state a build of many incidents sees.
let checksum = 0;
for (let i = 0; i < Math.min(count, 10_000); i++) checksum += geo.placeOf(positions[i]).regions.length;

const runs = [];
for (let r = 0; r < 5; r++) {
  const t = process.hrtime.bigint();
  for (const p of positions) {
    const place = geo.placeOf(p);
    checksum += place.regions.length + (place.coast?.distanceNm ?? 0);
  }
  runs.push(Number(process.hrtime.bigint() - t) / 1e9);
}
const best = Math.min(...runs);
console.log(`geo assets loaded and indexed in ${loadMs.toFixed(1)} ms (import included)`);
const rate = Math.round(count / best).toLocaleString('en');
console.log(
  `placeOf: ${rate} positions/s (${count.toLocaleString('en')} positions,` +
    ` best of ${runs.length}: ${(best * 1000).toFixed(0)} ms; checksum ${checksum.toFixed(0)})`,
);
