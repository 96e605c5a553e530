import { describe, expect, it } from '@jest/globals';
import { mapBox } from '../../src/build/maps.js';
import { A4, LayoutEngine } from '../../src/render/layout/engine.js';
import { layoutMap } from '../../src/render/layout/maps.js';
import type { LaidOutPage, LonLat, MapData, MapMark, TextRun } from '../../src/render/layout/types.js';
import { monospace } from '../helpers/layout.js';

const BOX: [number, number, number, number] = [11.4, 32.68, 12.67, 33.58];

/** A map of a made-up coast along 33°N, land to the south, a region boundary along 12°E. */
function data(marks: MapMark[]): MapData {
  const coast: LonLat[] = [
    [11.4, 33],
    [12.67, 33],
  ];
  return {
    bbox: BOX,
    land: [
      [
        [
          [11.4, 32.68],
          [12.67, 32.68],
          [12.67, 33],
          [11.4, 33],
          [11.4, 32.68],
        ],
      ],
    ],
    coast: [coast],
    boundaries: [
      [
        [12, 32.68],
        [12, 33.58],
      ],
    ],
    areas: [
      [
        [
          [11.4, 32.68],
          [12, 32.68],
          [12, 33.58],
          [11.4, 33.58],
          [11.4, 32.68],
        ],
      ],
      [
        [
          [12, 32.68],
          [12.67, 32.68],
          [12.67, 33.58],
          [12, 33.58],
          [12, 32.68],
        ],
      ],
    ],
    regions: [
      { label: 'West SRR', within: [0] },
      { label: 'East SRR', within: [1] },
    ],
    measures: [{ from: [12.12, 33.23], to: [12.12, 33], label: '13.8 nm' }],
    limits: [
      [
        [11.4, 33.2],
        [12.67, 33.2],
      ],
    ],
    claims: [],
    tracks: [],
    marks,
    legend: [
      { sample: 'position', text: 'position of the incident' },
      { sample: 'coast', text: 'coastline' },
    ],
    unit: 'nautical miles',
  };
}

function draw(map: MapData): LaidOutPage {
  const pages: LaidOutPage[] = [];
  const engine = new LayoutEngine({
    geometry: A4,
    measurer: monospace,
    toc: [],
    onPage: (p) => pages.push(p),
    map: () => map,
    mapLayout: layoutMap,
  });
  engine.add([{ kind: 'map', id: 'm' }]);
  engine.finish();
  return pages[0]!;
}

const box = (r: TextRun) => ({ x: r.x, y: r.y, w: r.text.length * r.size * 0.5, h: r.size });
const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('a map laid out on the page', () => {
  const position: MapMark = { at: [12.12, 33.23], symbol: 'position', label: "33°14.07'N 012°07.40'E" };
  // Ten towns a few points apart: there is room for the names of some of them only.
  const crowd: MapMark[] = Array.from({ length: 10 }, (_, i) => ({
    at: [12.3 + i * 0.03, 32.93],
    symbol: 'port',
    label: `Town ${i}`,
  }));
  const page = draw(data([position, ...crowd]));
  const frame = page.paths[0]!.subpaths[0]!; // the sea, the frame's rectangle
  const [left, bottom, right, top] = [frame[0]!, frame[5]!, frame[2]!, frame[1]!];

  it('names the position, the distance, both regions and some of the towns, no label over another', () => {
    const texts = page.runs.map((r) => r.text);
    expect(texts).toContain("33°14.07'N 012°07.40'E");
    expect(texts).toContain('13.8 nm');
    expect(texts).toEqual(expect.arrayContaining(['West SRR', 'East SRR']));
    const towns = page.runs.filter((r) => r.text.startsWith('Town '));
    expect(towns.length).toBeGreaterThan(0);
    expect(towns.length).toBeLessThan(10);
    const labels = page.runs.filter((r) => r.y > bottom && r.y < top && r.x >= left && r.x < right);
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1))
        expect([a.text, b.text, overlap(box(a), box(b))]).toEqual([a.text, b.text, false]);
  });

  it('names no town whose dot would stand on the frame', () => {
    // One town inland in the box, one on its southern edge.
    const edge = draw(
      data([
        position,
        { at: [11.7, 32.8], symbol: 'port', label: 'Inland' },
        { at: [11.9, 32.68], symbol: 'port', label: 'Edge' },
      ]),
    );
    const texts = edge.runs.map((r) => r.text);
    expect(texts).toContain('Inland');
    expect(texts).not.toContain('Edge');
  });

  it('writes the degrees of the graticule beside the frame, and a scale bar in nautical miles', () => {
    const texts = page.runs.map((r) => r.text);
    expect(texts).toEqual(expect.arrayContaining(['32°45′N', '33°N', '33°15′N', '33°30′N']));
    expect(texts).toEqual(expect.arrayContaining(['11°30′E', '11°45′E', '12°E', '12°15′E', '12°30′E']));
    expect(texts).toEqual(expect.arrayContaining(['0', '5', '10', 'nautical miles']));
    for (const r of page.runs.filter((x) => x.text.endsWith('N') && x.text.includes('°') && x.size < 7))
      expect(r.x).toBeLessThan(left);
  });

  it('fills the land and clips everything drawn on the map to its frame', () => {
    const land = page.paths.find((p) => p.evenOdd)!;
    expect(land.clip).toEqual({ x: left, y: bottom, w: right - left, h: top - bottom });
    const dashed = page.paths.filter((p) => p.dash);
    expect(dashed.length).toBeGreaterThanOrEqual(3); // the 12 nm line, the boundary, the measured distance
  });
});

describe('the box of a map', () => {
  it.each([
    ['one position', [[12.12, 33.23]] as LonLat[]],
    [
      'a track across a degree',
      [
        [12, 33],
        [13.2, 33.4],
      ] as LonLat[],
    ],
  ])('around %s: holds it, at least 0.9° tall, 4:3 on Mercator', (_name, points) => {
    const [w, s, e, n] = mapBox(points);
    for (const [lon, lat] of points) expect(lon > w && lon < e && lat > s && lat < n).toBe(true);
    expect(n - s).toBeGreaterThanOrEqual(0.9 - 1e-9);
    const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * (180 / Math.PI);
    expect((e - w) / (y(n) - y(s))).toBeCloseTo(4 / 3, 6);
  });
});
