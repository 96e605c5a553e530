import { clipPolygon, clipPolyline } from 'lineclip';
import { isolines } from './contour.js';
import { geoData, madeLimitLines, type GeoData, type Ring, type SrrId } from './data.js';
import { signedCoastDistanceNm } from './place.js';

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];
type Point = [number, number];
type Feature<P, G> = { type: 'Feature'; properties: P; geometry: G };
type Polygon = { type: 'Polygon'; coordinates: Point[][] };
type LineString = { type: 'LineString'; coordinates: Point[] };

export type MapFeature =
  | Feature<{ kind: 'land' }, Polygon>
  | Feature<{ kind: 'coast'; country: string }, LineString>
  | Feature<{ kind: 'srr'; region: SrrId; name: string }, Polygon>
  | Feature<{ kind: 'srr-boundary'; region: SrrId }, LineString>
  | Feature<{ kind: 'port'; name: string; country: string }, { type: 'Point'; coordinates: Point }>
  | Feature<{ kind: 'limit'; nm: number }, LineString>;

export interface MapOptions {
  /** Lines at these distances from the coast, at sea; [12] draws the territorial-sea limit. */
  limitsNm?: number[];
  /** Samples of the distance across the box's wider side for those lines (default 120). */
  resolution?: number;
}

export interface MapGeometry {
  type: 'FeatureCollection';
  bbox: BBox;
  features: MapFeature[];
}

/**
 * What a map of the box draws, as GeoJSON in degrees: land to fill (each ring clipped to the box,
 * so its edges along the box are not coast), the coastline by country, each SRR's area and its
 * boundary lines (without the box's edges), the listed ports in the box and the lines at the
 * given distances from the coast (measured from the coastline, like placeOf's classes). Drawing
 * and projecting are the renderer's business.
 */
export function mapGeometry(bbox: BBox, { limitsNm = [12], resolution = 120 }: MapOptions = {}): MapGeometry {
  // The same incident is drawn in each dossier that cites it: its geometry is made once.
  const key = `${bbox.join(',')};${limitsNm.join(',')};${resolution}`;
  let made = geometries.get(key);
  if (!made) {
    if (geometries.size >= MAX_GEOMETRIES) geometries.clear();
    made = makeGeometry(bbox, limitsNm, resolution);
    geometries.set(key, made);
  }
  return made;
}

/** Geometries kept for the process, shared by their callers, who only read them. */
const MAX_GEOMETRIES = 64;
const geometries = new Map<string, MapGeometry>();

function makeGeometry(bbox: BBox, limitsNm: number[], resolution: number): MapGeometry {
  const [w, s, e, n] = bbox;
  const features: MapFeature[] = [];
  if (![w, s, e, n].every(Number.isFinite) || w >= e || s >= n) return { type: 'FeatureCollection', bbox, features };
  const data = geoData();
  const boxes = boxesOf(data);
  data.land.forEach((polygon, k) => {
    if (!meets(boxes.land[k]!, bbox)) return;
    const rings = clipPolygonRings(polygon, bbox);
    if (rings) features.push({ type: 'Feature', properties: { kind: 'land' }, geometry: polygonOf(rings) });
  });
  for (const [k, line] of data.lines.entries()) {
    if (!meets(boxes.lines[k]!, bbox)) continue;
    const points: Point[] = [];
    for (let v = line.start; v < line.end; v++) points.push([data.lon[v]!, data.lat[v]!]);
    for (const part of clipPolyline(points, bbox)) {
      const properties = { kind: 'coast', country: line.country } as const;
      features.push({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: part } });
    }
  }
  for (const region of data.regions) {
    for (const polygon of region.polygons) {
      const rings = clipPolygonRings(polygon, bbox);
      if (!rings) continue;
      features.push({
        type: 'Feature',
        properties: { kind: 'srr', region: region.id, name: region.name },
        geometry: polygonOf(rings),
      });
      for (const ring of polygon) {
        for (const part of clipPolyline(ring, bbox)) {
          features.push({
            type: 'Feature',
            properties: { kind: 'srr-boundary', region: region.id },
            geometry: { type: 'LineString', coordinates: part },
          });
        }
      }
    }
  }
  for (const port of data.ports) {
    if (port.lon < w || port.lon > e || port.lat < s || port.lat > n) continue;
    features.push({
      type: 'Feature',
      properties: { kind: 'port', name: port.name, country: port.country },
      geometry: { type: 'Point', coordinates: [port.lon, port.lat] },
    });
  }
  for (const nm of limitsNm) {
    for (const line of limitLines(bbox, nm, resolution)) {
      const geometry = { type: 'LineString', coordinates: line } as const;
      features.push({ type: 'Feature', properties: { kind: 'limit', nm }, geometry });
    }
  }
  return { type: 'FeatureCollection', bbox, features };
}

/**
 * The lattices whose 12 nm lines are committed under assets/geo/ (scripts/make-limit-lines.mjs):
 * steps of 2^-4 to 2^-6 degree, those of the maps of an incident. Integers of 1/scale degree.
 */
export const LIMIT_LINE_ASSET = { nm: 12, scale: 1e5, steps: [4, 5, 6] } as const;

/**
 * Contours of the signed distance to the coast, sampled on a lattice of a power-of-two step in
 * degrees, so that the boxes of nearby maps share their samples; read from the assets where they
 * hold that lattice's line, so that a map is not some ten thousand distances measured again.
 */
function limitLines(bbox: BBox, nm: number, resolution: number): Point[][] {
  const [w, s, e, n] = bbox;
  const raw = Math.max(e - w, n - s) / Math.max(2, Math.round(resolution));
  const step = -Math.floor(Math.log2(raw));
  if (nm === LIMIT_LINE_ASSET.nm && (LIMIT_LINE_ASSET.steps as readonly number[]).includes(step))
    return madeLimitLines(nm, step).lines.flatMap((line) => clipPolyline(line, bbox));
  return linesOnLattice(bbox, nm, 2 ** -step);
}

/**
 * The lines at `nm` from the coast in the box, from the lattice of `step` degrees (its samples kept
 * for the process); only the samples near the line are measured (see settled).
 */
export function linesOnLattice([w, s, e, n]: BBox, nm: number, step: number): Point[][] {
  const [i0, i1, j0, j1] = [Math.floor(w / step), Math.ceil(e / step), Math.floor(s / step), Math.ceil(n / step)];
  const nx = i1 - i0 + 1;
  const ny = j1 - j0 + 1;
  const values = new Float64Array(nx * ny);
  const fine = latticeOf(step);
  const coarser = Array.from({ length: LEVELS }, (_, k) => latticeOf(step * 2 ** (LEVELS - k)));
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) values[j * nx + i] = settled(fine, coarser, i0 + i, j0 + j, nm);
  const lines = isolines(values, nx, ny, nm, i0 * step, j0 * step, step, step);
  // The lattice reaches a little past the box: cut back to it.
  return lines.flatMap((line) => clipPolyline(line, [w, s, e, n]));
}

/** Lattices coarser than the map's, each twice the step of the next, that can settle a sample's side. */
const LEVELS = 4;

/**
 * The distance at a lattice point of `fine`, or a value known to be on the same side of `nm`: the
 * value of a corner of the first coarser cell (coarsest first: `coarser` holds the lattices of
 * 2^LEVELS down to 2 times the step) whose corners all lie farther from `nm` than the cell is
 * wide, since the distance changes by at most a mile a mile. No allocation: a map asks this some
 * ten thousand times.
 */
function settled(fine: Lattice, coarser: readonly Lattice[], i: number, j: number, nm: number): number {
  for (let k = 0; k < LEVELS; k++) {
    const level = LEVELS - k;
    const coarse = coarser[k]!;
    const reach = coarse.step * 60 * Math.SQRT2 + 1e-6;
    const ci = i >> level;
    const cj = j >> level;
    const a = coarse.at(ci, cj);
    const da = a - nm;
    if (!(Math.abs(da) > reach)) continue;
    const b = coarse.at(ci + 1, cj) - nm;
    const c = coarse.at(ci, cj + 1) - nm;
    const d = coarse.at(ci + 1, cj + 1) - nm;
    if (da > 0 ? b > reach && c > reach && d > reach : b < -reach && c < -reach && d < -reach) return a;
  }
  return fine.at(i, j);
}

/** Tiles kept for the process, 64 × 64 samples each; past this many the cache starts again. */
const MAX_TILES = 600;
let tileCount = 0;
const lattices = new Map<number, Lattice>();

function latticeOf(step: number): Lattice {
  let lattice = lattices.get(step);
  if (!lattice) {
    lattice = new Lattice(step);
    lattices.set(step, lattice);
  }
  return lattice;
}

/** The signed distance at the points (i·step, j·step), each measured once, in tiles of 64 × 64. */
class Lattice {
  private readonly tiles = new Map<number, Float64Array>();
  private lastKey = Number.NaN;
  private last: Float64Array | undefined;

  constructor(readonly step: number) {}

  at(i: number, j: number): number {
    // Shifts floor negative indexes too; |i|, |j| < 2^31 for any step down to 1/2^22 of a degree.
    const key = (i >> 6) * 100_003 + (j >> 6);
    let tile = key === this.lastKey ? this.last : this.tiles.get(key);
    if (!tile) {
      if (++tileCount > MAX_TILES) {
        for (const lattice of lattices.values()) lattice.clear();
        tileCount = 1;
      }
      tile = new Float64Array(64 * 64).fill(Infinity);
      this.tiles.set(key, tile);
    }
    this.lastKey = key;
    this.last = tile;
    const k = ((j & 63) << 6) | (i & 63);
    let value = tile[k]!;
    if (value === Infinity) {
      value = signedCoastDistanceNm(i * this.step, j * this.step) ?? Number.NaN;
      tile[k] = value;
    }
    return value;
  }

  clear(): void {
    this.tiles.clear();
    this.lastKey = Number.NaN;
    this.last = undefined;
  }
}

/** The box of every land polygon and coast line, made once. */
const boxCache = new WeakMap<GeoData, { land: BBox[]; lines: BBox[] }>();

function boxesOf(data: GeoData): { land: BBox[]; lines: BBox[] } {
  let boxes = boxCache.get(data);
  if (!boxes) {
    const box = (each: (visit: (x: number, y: number) => void) => void): BBox => {
      const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
      each((x, y) => {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      });
      return b;
    };
    boxes = {
      land: data.land.map((polygon) => box((visit) => polygon[0]!.forEach(([x, y]) => visit(x, y)))),
      lines: data.lines.map((line) =>
        box((visit) => {
          for (let v = line.start; v < line.end; v++) visit(data.lon[v]!, data.lat[v]!);
        }),
      ),
    };
    boxCache.set(data, boxes);
  }
  return boxes;
}

function meets(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function polygonOf(coordinates: Point[][]): Polygon {
  return { type: 'Polygon', coordinates };
}

/** A polygon's rings clipped to the box; none when its outer ring misses the box (holes go with it). */
function clipPolygonRings(polygon: Ring[], bbox: BBox): Point[][] | undefined {
  const [outer, ...holes] = polygon.map((ring) => clipRing(ring, bbox));
  if (!outer || outer.length < 4) return undefined;
  return [outer, ...holes.filter((ring) => ring.length >= 4)];
}

/** A ring clipped to the box and closed again, as GeoJSON wants. */
function clipRing(ring: Ring, bbox: BBox): Point[] {
  // A closed ring's repeated first point only repeats a point of the result: no copy of a long ring.
  const clipped = clipPolygon(ring, bbox);
  return clipped.length ? [...clipped, clipped[0]!] : [];
}
