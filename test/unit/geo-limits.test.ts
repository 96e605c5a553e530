import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { madeLimitLines } from '../../src/geo/data.js';
import { LIMIT_LINE_ASSET, linesOnLattice, mapGeometry, type BBox } from '../../src/geo/map.js';

// The 12 nm lines a map draws are read from assets/geo/limit-12nm-<k>.json, made by
// scripts/make-limit-lines.mjs. These tests fail when the files are stale (coast.json changed, or
// the line code did) and say how to make them again.
const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../assets/geo');
const REMAKE = 'run `npm run build && node scripts/make-limit-lines.mjs`';

type Point = [number, number];

/** The distance in degrees from a point to the nearest vertex of some lines. */
function nearestVertex(lines: Point[][], [x, y]: Point): number {
  let best = Infinity;
  for (const line of lines) for (const [a, b] of line) best = Math.min(best, Math.hypot(a - x, b - y));
  return best;
}

const length = (lines: Point[][]) =>
  lines.reduce(
    (sum, line) => sum + line.slice(1).reduce((s, p, i) => s + Math.hypot(p[0] - line[i]![0], p[1] - line[i]![1]), 0),
    0,
  );

describe('the committed 12 nm lines', () => {
  const coast = createHash('sha256')
    .update(readFileSync(path.join(ASSETS, 'coast.json')))
    .digest('hex');

  it.each(LIMIT_LINE_ASSET.steps.map((k) => [k]))('were made from this coast.json (lattice 2^-%i degree)', (k) => {
    const made = madeLimitLines(12, k);
    expect({ nm: made.nm, step: made.step, coast: made.coast, remake: REMAKE }).toEqual({
      nm: 12,
      step: k,
      coast,
      remake: REMAKE,
    });
  });

  // Boxes of incident maps: off Zuwara, Lampedusa, Pozzallo; each lattice with its own box size.
  const boxes: [number, BBox][] = [
    [4, [11, 32.2, 14.2, 34.6]],
    [5, [11.33, 32.68, 12.76, 33.58]],
    [5, [12.0, 35.2, 13.4, 36.1]],
    [6, [14.3, 36.4, 15.0, 36.95]],
  ];

  it.each(boxes)('are the lines the code measures, in a box of the 2^-%i lattice', (k, bbox) => {
    const measured = linesOnLattice(bbox, 12, 2 ** -k);
    // A resolution whose lattice is 2^-k degree (mapGeometry takes the power of two below).
    const resolution = Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1]) / (1.5 * 2 ** -k);
    const drawn = mapGeometry(bbox, { resolution }).features.flatMap((f) =>
      f.properties.kind === 'limit' && f.geometry.type === 'LineString' ? [f.geometry.coordinates] : [],
    );
    expect(measured.length).toBeGreaterThan(0);
    // The same vertices, to the assets' 1e-5 degree (about a metre), and the same length.
    const far = (from: Point[][], to: Point[][]) => from.flat().filter((p) => nearestVertex(to, p) > 2e-5).length;
    expect({ missing: far(measured, drawn), extra: far(drawn, measured), remake: REMAKE }).toEqual({
      missing: 0,
      extra: 0,
      remake: REMAKE,
    });
    expect(length(drawn)).toBeCloseTo(length(measured), 3);
  });
});
