import { geoMercator, type GeoProjection } from 'd3-geo';
import type { PageFlow } from './flow.js';
import { MUTED, TEXT } from './styles.js';
import type { Face, LonLat, MapData, MapLegendEntry, MapMark, MapSymbol, PathItem, Rgb } from './types.js';

// A map is drawn in the page's own terms: filled and stroked paths, and text runs for every label,
// so a reader can select and search the names of places and the degrees of the graticule.

const SEA: Rgb = [0.89, 0.94, 0.98];
const LAND: Rgb = [0.94, 0.91, 0.83];
const COAST: Rgb = [0.42, 0.37, 0.3];
const GRID: Rgb = [0.62, 0.68, 0.76];
const LIMIT: Rgb = [0.12, 0.42, 0.78];
const SRR: Rgb = [0.55, 0.12, 0.48];
const CLAIM: Rgb = [0.55, 0.3, 0.05];
const TRACK: Rgb = [0.86, 0.42, 0.02];
const POSITION: Rgb = [0.82, 0.04, 0.04];
const EVENT: Rgb = [0.5, 0.02, 0.1];
const WHITE: Rgb = [1, 1, 1];

/** Room left of the frame for the latitudes. */
const GUTTER = 36;
const LABEL = 7;
const DEGREE = 6.6;
const LEGEND = 7.2;
const LEGEND_LINE = 11;
/** Long straight edges (a boundary along a parallel) are cut to this length in degrees before projecting. */
const DENSIFY = 0.05;

/** Top-down box on the page, as the flow measures. */
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

type Point = [number, number];

/**
 * A map figure at the cursor: a Mercator frame fitted to the data's box across the text width
 * (at most three fifths of a page tall), degrees of latitude in the gutter on its left and of
 * longitude under it, then the legend. Labels are placed in turn where they hit nothing placed
 * before them; a port's label that finds no room is left out rather than printed over another.
 */
export function layoutMap(flow: PageFlow, data: MapData | undefined, indent: number, keep = 0): void {
  if (!data) return;
  const [west, south, east, north] = data.bbox;
  if (!(west < east && south < north)) return;
  const unit = geoMercator().scale(1).translate([0, 0]);
  const nw = unit([west, north])!;
  const se = unit([east, south])!;
  const aspect = (se[1] - nw[1]) / (se[0] - nw[0]);
  const room = flow.contentWidth - indent - GUTTER;
  let width = room;
  let height = width * aspect;
  const maxHeight = (flow.bottom - flow.g.marginTop) * 0.6;
  if (height > maxHeight) {
    height = maxHeight;
    width = height / aspect;
  }
  const legend = legendRows(flow, data.legend, room + GUTTER);
  // The legend, and the caption after the map: a note on the next page reads as a stray paragraph.
  const below = DEGREE + 8 + legend.length * LEGEND_LINE + 4 + keep;
  // A map a little smaller than it might be, rather than a page left two-thirds empty.
  const left = flow.bottom - flow.cursor.y - below - 4;
  if (!flow.atTop && left < height && left >= height * 0.6) {
    height = left;
    width = height / aspect;
  }
  flow.ensure(height + below + 4);
  flow.placeAnchors();
  const x0 = flow.g.marginLeft + indent + GUTTER + (room - width) / 2;
  const y0 = flow.cursor.y + 2;
  const frame: Box = { x: x0, y: y0, w: width, h: height };
  const projection = geoMercator().fitExtent(
    [
      [x0, y0],
      [x0 + width, y0 + height],
    ],
    {
      type: 'MultiPoint',
      coordinates: [
        [west, north],
        [east, south],
      ],
    },
  );
  const map = new MapDrawing(flow, projection, frame);

  map.fill([rectRing(frame)], SEA, false);
  for (const polygon of data.land) map.polygon(polygon, LAND);
  const step = graticuleStep(east - west, north - south);
  const parallels = ticks(south, north, step);
  const meridians = ticks(west, east, step);
  for (const lat of parallels)
    map.line(
      [
        [west, lat],
        [east, lat],
      ],
      { stroke: GRID, width: 0.3 },
    );
  for (const lon of meridians)
    map.line(
      [
        [lon, south],
        [lon, north],
      ],
      { stroke: GRID, width: 0.3 },
    );
  for (const line of data.coast) map.line(line, { stroke: COAST, width: 0.55 });
  for (const line of data.limits) map.line(line, { stroke: LIMIT, width: 0.7, dash: [3, 1.8] });
  for (const line of data.boundaries) map.line(line, { stroke: SRR, width: 1.1, dash: [5, 2, 1.2, 2] });
  for (const line of data.claims) map.line(line, { stroke: CLAIM, width: 1.6, dash: [2, 1.5] });
  for (const track of data.tracks) map.line(track.points, { stroke: track.color ?? TRACK, width: 1.2 });
  // A measured distance is drawn, and named at its middle, where the line is long enough to see.
  const measured: MapMark[] = [];
  for (const m of data.measures) {
    const [ax, ay] = projection(m.from)!;
    const [bx, by] = projection(m.to)!;
    if (Math.hypot(bx - ax, by - ay) < 24) continue;
    map.line([m.from, m.to], { stroke: TEXT, width: 0.7, dash: [0.8, 1.6] });
    measured.push({ at: [(m.from[0] + m.to[0]) / 2, (m.from[1] + m.to[1]) / 2], symbol: 'none', label: m.label });
  }
  map.scaleBar(data.unit, (west + east) / 2, (south + north) / 2, data.marks);
  for (const mark of data.marks) map.reserve(mark);
  const named = map.labels([...data.marks.slice(0, 1), ...measured, ...data.marks.slice(1)]);
  // A town is drawn only with its name: a dot nobody can name is noise on a map for a court.
  // Towns first, the incident's position last, on top of everything at the same spot.
  const order: MapSymbol[] = ['port', 'dot', 'start', 'end', 'event', 'position', 'none'];
  for (const mark of [...data.marks].sort((a, b) => order.indexOf(a.symbol) - order.indexOf(b.symbol)))
    if (mark.symbol !== 'port' || named.has(mark)) map.symbol(mark);
  map.regionLabels(data);
  map.stroke([rectRing(frame)], TEXT, 0.6, true);

  // Degrees: latitudes right-aligned in the gutter, longitudes centred under the frame.
  for (const lat of parallels) {
    const [, y] = projection([west, lat])!;
    const label = degrees(lat, 'N', 'S');
    const w = flow.measure(label, 'regular', DEGREE);
    map.text(x0 - 3 - w, y + DEGREE * 0.33, label, 'regular', DEGREE, MUTED);
  }
  let lastRight = -Infinity;
  for (const lon of meridians) {
    const [x] = projection([lon, south])!;
    const label = degrees(lon, 'E', 'W');
    const w = flow.measure(label, 'regular', DEGREE);
    const left = x - w / 2;
    if (left < lastRight + 4 || left + w > flow.g.width - 24) continue;
    map.text(left, y0 + height + DEGREE + 2, label, 'regular', DEGREE, MUTED);
    lastRight = left + w;
  }

  let y = y0 + height + DEGREE + 8;
  for (const row of legend) {
    for (const item of row) map.legendEntry(item.entry, flow.g.marginLeft + indent + item.x, y);
    y += LEGEND_LINE;
  }
  flow.cursor.y = Math.min(y + 4, flow.bottom);
}

/** Legend entries laid out in rows across the width: sample, words, a gap. */
function legendRows(
  flow: PageFlow,
  entries: MapLegendEntry[],
  width: number,
): { entry: MapLegendEntry; x: number }[][] {
  const rows: { entry: MapLegendEntry; x: number }[][] = [];
  let row: { entry: MapLegendEntry; x: number }[] = [];
  let x = 0;
  for (const entry of entries) {
    const w = 16 + flow.measure(entry.text, 'regular', LEGEND);
    if (row.length && x + w > width) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push({ entry, x });
    x += w + 12;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** The largest of a few round steps that draws at least three lines across the shorter side. */
function graticuleStep(lonSpan: number, latSpan: number): number {
  const span = Math.min(lonSpan, latSpan);
  for (const step of [10, 5, 2, 1, 0.5, 0.25, 1 / 6, 1 / 12, 1 / 30]) if (span / step >= 2.5) return step;
  return 1 / 60;
}

function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(from / step - 1e-9); k * step <= to + 1e-9; k++) out.push(k * step);
  return out;
}

/** 33°N, 33°15′N, 12°07′E */
function degrees(value: number, positive: string, negative: string): string {
  const total = Math.round(Math.abs(value) * 60);
  const d = Math.floor(total / 60);
  const m = total % 60;
  return `${d}°${m ? `${String(m).padStart(2, '0')}′` : ''}${value < 0 ? negative : value > 0 ? positive : ''}`;
}

function rectRing(b: Box): Point[] {
  return [
    [b.x, b.y],
    [b.x + b.w, b.y],
    [b.x + b.w, b.y + b.h],
    [b.x, b.y + b.h],
  ];
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

function ringsBox(rings: LonLat[][]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of rings[0] ?? []) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/** Even-odd ray cast over rings of [lon, lat]. */
function inRings(rings: LonLat[][], lon: number, lat: number): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      // Read by index: destructuring allocated in this loop, run for every label candidate.
      const pi = ring[i]!;
      const pj = ring[j]!;
      const xi = pi[0];
      const yi = pi[1];
      const xj = pj[0];
      const yj = pj[1];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

const SYMBOL_RADIUS: Record<MapSymbol, number> = {
  position: 4.6,
  event: 3,
  port: 1.6,
  dot: 3.2,
  start: 2.4,
  end: 2.4,
  none: 0,
};

/** One map's drawing state: its projection, its frame and the boxes its labels must not cover. */
class MapDrawing {
  private readonly clip: PathItem['clip'];
  private readonly taken: Box[] = [];

  constructor(
    private readonly flow: PageFlow,
    private readonly projection: GeoProjection,
    private readonly frame: Box,
  ) {
    const h = flow.g.height;
    this.clip = { x: frame.x, y: h - frame.y - frame.h, w: frame.w, h: frame.h };
  }

  private get paths(): PathItem[] {
    return this.flow.cursor.page.paths;
  }

  /** Top-down page points to a PDF subpath, dropping points closer than a quarter point. */
  private subpath(points: Point[]): number[] {
    const h = this.flow.g.height;
    const out: number[] = [];
    let last: Point | undefined;
    points.forEach((p, i) => {
      if (last && i < points.length - 1 && Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < 0.25) return;
      out.push(p[0], h - p[1]);
      last = p;
    });
    return out;
  }

  /** Degrees to the page, long edges cut first so they follow the lon/lat plane the regions are tested in. */
  private project(line: LonLat[]): Point[] {
    const out: Point[] = [];
    line.forEach((p, i) => {
      const prev = line[i - 1];
      if (prev) {
        const parts = Math.ceil(Math.max(Math.abs(p[0] - prev[0]), Math.abs(p[1] - prev[1])) / DENSIFY);
        for (let k = 1; k < parts; k++) {
          const t = k / parts;
          out.push(this.projection([prev[0] + t * (p[0] - prev[0]), prev[1] + t * (p[1] - prev[1])])!);
        }
      }
      out.push(this.projection(p)!);
    });
    return out;
  }

  fill(rings: Point[][], color: Rgb, clip = true): void {
    this.paths.push({ subpaths: rings.map((r) => this.subpath(r)), fill: color, ...(clip ? { clip: this.clip } : {}) });
  }

  stroke(rings: Point[][], color: Rgb, width: number, closed = false): void {
    this.paths.push({ subpaths: rings.map((r) => this.subpath(r)), stroke: color, width, closed });
  }

  polygon(rings: LonLat[][], color: Rgb): void {
    this.paths.push({
      subpaths: rings.map((r) => this.subpath(this.project(r))),
      fill: color,
      evenOdd: true,
      clip: this.clip,
    });
  }

  line(points: LonLat[], style: { stroke: Rgb; width: number; dash?: number[] }): void {
    if (points.length < 2) return;
    this.paths.push({ subpaths: [this.subpath(this.project(points))], ...style, clip: this.clip });
  }

  symbol(mark: MapMark): void {
    const [x, y] = this.projection(mark.at)!;
    this.symbolAt(x, y, mark.symbol, mark.color, this.clip);
  }

  /** Keeps labels off a mark's symbol. */
  reserve(mark: MapMark): void {
    const [x, y] = this.projection(mark.at)!;
    const r = SYMBOL_RADIUS[mark.symbol];
    this.taken.push({ x: x - r - 1, y: y - r - 1, w: 2 * r + 2, h: 2 * r + 2 });
  }

  private symbolAt(x: number, y: number, symbol: MapSymbol, color: Rgb | undefined, clip?: PathItem['clip']): void {
    const r = SYMBOL_RADIUS[symbol];
    const push = (item: PathItem) => this.paths.push(clip ? { ...item, clip } : item);
    const circle = (radius: number): Point[] =>
      Array.from({ length: 20 }, (_, k) => [
        x + radius * Math.cos((k * Math.PI) / 10),
        y + radius * Math.sin((k * Math.PI) / 10),
      ]);
    switch (symbol) {
      case 'position':
        push({ subpaths: [this.subpath(circle(r))], fill: WHITE, stroke: POSITION, width: 1.4 });
        push({ subpaths: [this.subpath(circle(1.3))], fill: POSITION });
        break;
      case 'event':
        push({
          subpaths: [
            this.subpath([
              [x, y - r],
              [x + r, y],
              [x, y + r],
              [x - r, y],
            ]),
          ],
          fill: color ?? EVENT,
          stroke: WHITE,
          width: 0.5,
        });
        break;
      case 'port':
        push({ subpaths: [this.subpath(circle(r))], fill: TEXT });
        break;
      case 'dot':
        push({ subpaths: [this.subpath(circle(r))], fill: color ?? POSITION, stroke: WHITE, width: 0.6 });
        break;
      case 'start':
        push({ subpaths: [this.subpath(circle(r))], fill: color ?? TRACK, stroke: WHITE, width: 0.5 });
        break;
      case 'none':
        break;
      case 'end':
        push({
          subpaths: [this.subpath(rectRing({ x: x - r, y: y - r, w: 2 * r, h: 2 * r }))],
          fill: color ?? TRACK,
          stroke: WHITE,
          width: 0.5,
        });
        break;
    }
  }

  /** Text from the top down: split by the font that holds each glyph, as the flow's lines are. */
  text(x: number, baseline: number, text: string, face: Face, size: number, color: Rgb): void {
    let at = x;
    for (const run of this.flow.m.fontRuns(text, face)) {
      this.flow.cursor.page.runs.push({
        x: at,
        y: this.flow.g.height - baseline,
        text: run.text,
        font: run.font,
        size,
        color,
      });
      at += this.flow.m.width(run.text, run.font, size);
    }
  }

  /** Each mark's label beside its symbol, on the first side where it fits and covers nothing. */
  labels(marks: MapMark[]): Set<MapMark> {
    const named = new Set<MapMark>();
    const points = marks.map((m) => this.projection(m.at)!);
    const room: Box = { x: this.frame.x + 2, y: this.frame.y + 2, w: this.frame.w - 4, h: this.frame.h - 4 };
    for (const mark of marks) {
      if (!mark.label) continue;
      const [px, py] = this.projection(mark.at)!;
      // A town on the frame's edge would be half a dot, its name seeming to label the border.
      if (mark.symbol === 'port' && !inside({ x: px - 4, y: py - 4, w: 8, h: 8 }, this.frame)) continue;
      // Clear of every symbol drawn at the same spot (a track that ends at the position).
      const r =
        1.5 +
        Math.max(
          ...marks.map((o) => {
            const [ox, oy] = this.projection(o.at)!;
            return Math.hypot(ox - px, oy - py) < 3 ? SYMBOL_RADIUS[o.symbol] : 0;
          }),
        );
      const face: Face = mark.symbol === 'position' ? 'bold' : 'regular';
      const size = mark.symbol === 'port' ? LABEL - 0.4 : LABEL;
      const w = this.flow.measure(mark.label, face, size);
      const h = size * 1.15;
      // Beside the symbol, then (not for a town) a little farther out where a crowd leaves no room.
      const candidates: Box[] = (mark.symbol === 'port' ? [r] : [r, r + 7]).flatMap((rr) => {
        const d = rr * 0.75;
        return [
          { x: px + rr, y: py - h / 2, w, h },
          { x: px - rr - w, y: py - h / 2, w, h },
          { x: px + d, y: py - d - h, w, h },
          { x: px + d, y: py + d, w, h },
          { x: px - d - w, y: py - d - h, w, h },
          { x: px - d - w, y: py + d, w, h },
          { x: px - w / 2, y: py - rr - h, w, h },
          { x: px - w / 2, y: py + rr, w, h },
        ];
      });
      // A town's name about as near another symbol as its own could be read as naming the wrong
      // one (a track's end or an event's time says what it is).
      const own = (c: Box) =>
        mark.symbol !== 'port' ||
        points.every(
          ([ox, oy], k) =>
            marks[k] === mark || Math.hypot(ox - px, oy - py) < 3 || toBox(c, ox, oy) >= toBox(c, px, py) + 3,
        );
      const fits = candidates.filter((c) => inside(c, room) && own(c));
      let box = fits.find((c) => !this.taken.some((t) => overlaps(c, t)));
      // The position of the incident is always named, even over something else.
      if (!box && mark.symbol === 'position') box = fits[0] ?? candidates[0];
      if (!box) continue;
      this.taken.push(box);
      named.add(mark);
      const color =
        mark.symbol === 'port' ? [0.15, 0.15, 0.17] : mark.symbol === 'event' ? EVENT : (mark.color ?? TEXT);
      this.text(box.x, box.y + size * 0.86, mark.label, face, size, color as Rgb);
    }
    return named;
  }

  /**
   * Each search-and-rescue region named once, at sea where a point lies in it alone (an overlap
   * is named as one): beside a boundary where one is in view, so each side of the line says whose
   * it is, else towards the top right.
   */
  regionLabels(data: MapData): void {
    const size = 7.6;
    const boundaries = data.boundaries.map((line) => this.project(line));
    const room: Box = { x: this.frame.x + 3, y: this.frame.y + 3, w: this.frame.w - 6, h: this.frame.h - 6 };
    // A point outside a polygon's outer box is outside it: the ray cast runs only within the box.
    const inBoxed = (polygon: LonLat[][], [w, s, e, n]: [number, number, number, number], lon: number, lat: number) =>
      lon >= w && lon <= e && lat >= s && lat <= n && inRings(polygon, lon, lat);
    const landBoxes = data.land.map((polygon) => ringsBox(polygon));
    const areaBoxes = data.areas.map((rings) => ringsBox(rings));
    const atSeaIn = (within: number[], [x, y]: Point) => {
      const [lon, lat] = this.projection.invert!([x, y])!;
      if (!data.areas.every((rings, i) => inBoxed(rings, areaBoxes[i]!, lon, lat) === within.includes(i))) return false;
      return !data.land.some((polygon, k) => inBoxed(polygon, landBoxes[k]!, lon, lat));
    };
    for (const region of data.regions) {
      const w = this.flow.measure(region.label, 'italic', size);
      const h = size * 1.2;
      // The free cells, best score first (ties in grid order); the sea test, the costly one, runs
      // only until a cell passes it.
      const cells: { box: Box; cx: number; cy: number; score: number }[] = [];
      for (let gx = 0; gx < 12; gx++) {
        for (let gy = 0; gy < 10; gy++) {
          const cx = this.frame.x + (this.frame.w * (gx + 0.5)) / 12;
          const cy = this.frame.y + (this.frame.h * (gy + 0.5)) / 10;
          const box = { x: cx - w / 2, y: cy - h / 2, w, h };
          if (!inside(box, room) || this.taken.some((t) => overlaps(box, t))) continue;
          const score = boundaries.length
            ? Math.max(0, nearestTo(boundaries, cx, cy) - h)
            : Math.hypot(this.frame.x + this.frame.w - cx, cy - this.frame.y);
          cells.push({ box, cx, cy, score });
        }
      }
      cells.sort((a, b) => a.score - b.score);
      const best = cells.find(({ box, cx, cy }) =>
        (
          [
            [box.x, box.y],
            [box.x + w, box.y],
            [box.x, box.y + h],
            [box.x + w, box.y + h],
            [cx, cy],
          ] as Point[]
        ).every((p) => atSeaIn(region.within, p)),
      );
      if (!best) continue;
      this.taken.push(best.box);
      this.text(best.box.x, best.box.y + size * 0.9, region.label, 'italic', size, SRR);
    }
  }

  /**
   * A bar of round nautical miles on a white ground, in the first corner of the frame (bottom
   * left, bottom right, top left, top right) where it hides no mark.
   */
  scaleBar(unitWords: string, lon: number, lat: number, marks: MapMark[]): void {
    const a = this.projection([lon, lat - 0.5 / 60])!;
    const b = this.projection([lon, lat + 0.5 / 60])!;
    const perNm = Math.abs(a[1] - b[1]);
    if (!(perNm > 0)) return;
    const longest = Math.min(110, this.frame.w / 3);
    const nm = [1000, 500, 250, 200, 100, 50, 25, 20, 10, 5, 2, 1].find((v) => v * perNm <= longest);
    if (!nm) return;
    const size = 6.2;
    const length = nm * perNm;
    const unitWidth = this.flow.measure(unitWords, 'regular', size);
    const [w, h] = [length + unitWidth + 18, size + 12];
    const f = this.frame;
    const corners: Box[] = [
      { x: f.x + 3, y: f.y + f.h - 3 - h, w, h },
      { x: f.x + f.w - 3 - w, y: f.y + f.h - 3 - h, w, h },
      { x: f.x + 3, y: f.y + 3, w, h },
      { x: f.x + f.w - 3 - w, y: f.y + 3, w, h },
    ];
    const hides = (b: Box, which: MapMark[]) =>
      which.some((mark) => {
        const [mx, my] = this.projection(mark.at)!;
        const r = SYMBOL_RADIUS[mark.symbol] + 2;
        return overlaps(b, { x: mx - r, y: my - r, w: 2 * r, h: 2 * r });
      });
    // Better over a town than over the position or an event.
    const facts = marks.filter((mark) => mark.symbol !== 'port');
    const box = corners.find((b) => !hides(b, marks)) ?? corners.find((b) => !hides(b, facts)) ?? corners[0]!;
    const x = box.x + 5;
    const barTop = box.y + h - 6;
    this.paths.push({ subpaths: [this.subpath(rectRing(box))], fill: WHITE, stroke: MUTED, width: 0.3 });
    const half = length / 2;
    this.paths.push({ subpaths: [this.subpath(rectRing({ x, y: barTop, w: half, h: 3 }))], fill: TEXT });
    this.paths.push({
      subpaths: [this.subpath(rectRing({ x, y: barTop, w: length, h: 3 }))],
      stroke: TEXT,
      width: 0.5,
      closed: true,
    });
    const labelAt = (value: number, cx: number) => {
      const words = String(value);
      const w = this.flow.measure(words, 'regular', size);
      this.text(cx - w / 2, barTop - 1.8, words, 'regular', size, TEXT);
    };
    labelAt(0, x);
    labelAt(nm / 2, x + half);
    labelAt(nm, x + length);
    this.text(x + length + 6, barTop + 3, unitWords, 'regular', size, TEXT);
    this.taken.push(box);
  }

  legendEntry(entry: MapLegendEntry, x: number, top: number): void {
    const mid = top + LEGEND_LINE / 2;
    const h = this.flow.g.height;
    const sample = (style: Omit<PathItem, 'subpaths'>) =>
      this.paths.push({ subpaths: [[x, h - mid, x + 13, h - mid]], ...style });
    switch (entry.sample) {
      case 'coast':
        sample({ stroke: COAST, width: 0.8 });
        break;
      case 'limit':
        sample({ stroke: LIMIT, width: 0.8, dash: [3, 1.8] });
        break;
      case 'srr':
        sample({ stroke: SRR, width: 1.1, dash: [5, 2, 1.2, 2] });
        break;
      case 'claim':
        sample({ stroke: CLAIM, width: 1.6, dash: [2, 1.5] });
        break;
      case 'track':
        sample({ stroke: entry.color ?? TRACK, width: 1.2 });
        break;
      default:
        this.symbolAt(x + 6.5, mid, entry.sample, entry.color);
    }
    this.text(x + 16, mid + LEGEND * 0.35, entry.text, 'regular', LEGEND, TEXT);
  }
}

/** Distance from a point to a box (0 inside it). */
function toBox(b: Box, x: number, y: number): number {
  const dx = Math.max(b.x - x, 0, x - b.x - b.w);
  const dy = Math.max(b.y - y, 0, y - b.y - b.h);
  return Math.hypot(dx, dy);
}

/**
 * Distance from a point to the nearest segment of some polylines. Segments are compared by the
 * square of their distance, and only the nearest one's is taken by `Math.hypot` (120 cells of
 * each of 1,354 maps: the square root of every segment cost 0.1 s of a 2,306-page dossier).
 */
function nearestTo(lines: Point[][], x: number, y: number): number {
  let best = Infinity;
  let ex = Infinity;
  let ey = 0;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      const ax = a[0];
      const ay = a[1];
      const dx = b[0] - ax;
      const dy = b[1] - ay;
      const t = dx || dy ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy))) : 0;
      const px = x - ax - t * dx;
      const py = y - ay - t * dy;
      const d2 = px * px + py * py;
      if (d2 < best) {
        best = d2;
        ex = px;
        ey = py;
      }
    }
  }
  return Math.hypot(ex, ey);
}
