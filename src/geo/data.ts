import { readFileSync } from 'node:fs';
import { SphereIndex } from './nearest.js';

// The assets are built by scripts/make-geo-assets.mjs; assets/geo/PROVENANCE.md says where every
// coordinate comes from. Both src/geo and dist/geo sit two levels below the package root.
const ASSETS = new URL('../../assets/geo/', import.meta.url);

export type SrrId = 'libya' | 'malta' | 'italy' | 'tunisia' | 'greece';
export type Ring = [number, number][];
/** Polygons of rings, [lon, lat], as GeoJSON's MultiPolygon coordinates. */
export type MultiPolygon = Ring[][];

export interface Region {
  id: SrrId;
  name: string;
  polygons: MultiPolygon;
  bbox: [number, number, number, number];
}

export interface Port {
  name: string;
  country: string;
  lat: number;
  lon: number;
}

export interface CoastLine {
  country: string;
  /** First and one past the last vertex in the vertex arrays. */
  start: number;
  end: number;
}

export interface GeoData {
  /** The box the coast and land were cut to: [west, south, east, north]. */
  box: [number, number, number, number];
  maxSegmentNm: number;
  regions: Region[];
  lines: CoastLine[];
  /** Coast vertices: lon and lat of vertex i, its country's index, and whether i+1 continues its line. */
  lon: Float64Array;
  lat: Float64Array;
  country: Uint8Array;
  continues: Uint8Array;
  countries: string[];
  index: SphereIndex;
  land: MultiPolygon;
  landBands: LandBands;
  gulfOfSirte: { lat: number; west: number; east: number };
  ports: Port[];
  portsByCountry: Map<string, Port[]>;
}

/** Land edges grouped by latitude band, so a ray cast meets a band's few edges, not all of them. */
export interface LandBands {
  south: number;
  size: number;
  /** Edges of band b are edges[offsets[b] .. offsets[b + 1]), four numbers each: x1 y1 x2 y2. */
  offsets: Uint32Array;
  edges: Float64Array;
}

interface CoastAsset {
  box: [number, number, number, number];
  scale: number;
  maxSegmentNm: number;
  countries: string[];
  coast: [number, number[]][];
  land: number[][][];
  gulfOfSirte: { lat: number; west: number; east: number };
  /** The coast index's order of the vertices, made by the asset script: base64 of 16- or 32-bit LE ids. */
  sphereTree?: { ids: string };
}

interface RegionAsset {
  features: { properties: { id: SrrId; name: string }; geometry: { coordinates: MultiPolygon } }[];
}

let cached: GeoData | undefined;

/** The geo data, read and indexed on first use and kept for the process. */
export function geoData(): GeoData {
  cached ??= loadGeoData();
  return cached;
}

/** Lines at `nm` from the coast, [lon, lat], as scripts/make-limit-lines.mjs wrote them. */
export interface LimitLines {
  nm: number;
  /** The lattice step, 2^-step degrees. */
  step: number;
  /** The SHA-256 of the coast.json they were made from. */
  coast: string;
  lines: Ring[];
}

const limitLines = new Map<string, LimitLines>();

/** The limit lines of a lattice, read on first use and kept for the process. */
export function madeLimitLines(nm: number, step: number): LimitLines {
  const name = `limit-${nm}nm-${step}.json`;
  let made = limitLines.get(name);
  if (!made) {
    const asset = readAsset<Omit<LimitLines, 'lines'> & { scale: number; lines: number[][] }>(name);
    const lines = asset.lines.map((flat) => {
      const line: Ring = [];
      decode(flat, asset.scale, (x, y) => line.push([x, y]));
      return line;
    });
    made = { nm: asset.nm, step: asset.step, coast: asset.coast, lines };
    limitLines.set(name, made);
  }
  return made;
}

function readAsset<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, ASSETS), 'utf8')) as T;
}

function loadGeoData(): GeoData {
  const asset = readAsset<CoastAsset>('coast.json');
  const regions = readAsset<RegionAsset>('sar-regions.geojson').features.map((f) => ({
    id: f.properties.id,
    name: f.properties.name,
    polygons: f.geometry.coordinates,
    bbox: bboxOf(f.geometry.coordinates),
  }));
  const ports = readAsset<Port[]>('ports.json').map(({ name, country, lat, lon }) => ({ name, country, lat, lon }));

  const total = asset.coast.reduce((n, [, flat]) => n + flat.length / 2, 0);
  const lon = new Float64Array(total);
  const lat = new Float64Array(total);
  const country = new Uint8Array(total);
  const continues = new Uint8Array(total);
  const lines: CoastLine[] = [];
  let v = 0;
  for (const [c, flat] of asset.coast) {
    const start = v;
    decode(flat, asset.scale, (x, y) => {
      lon[v] = x;
      lat[v] = y;
      country[v] = c;
      continues[v] = 1;
      v++;
    });
    continues[v - 1] = 0;
    lines.push({ country: asset.countries[c]!, start, end: v });
  }

  const land: MultiPolygon = asset.land.map((polygon) =>
    polygon.map((flat) => {
      const ring: Ring = [];
      decode(flat, asset.scale, (x, y) => ring.push([x, y]));
      return ring;
    }),
  );

  let index: SphereIndex | undefined;
  return {
    box: asset.box,
    maxSegmentNm: asset.maxSegmentNm,
    regions,
    lines,
    lon,
    lat,
    country,
    continues,
    countries: asset.countries,
    // Built when a coast is first looked for (validate's place rules look for it only on land).
    get index() {
      return (index ??= new SphereIndex(lon, lat, asset.sphereTree && storedIds(asset.sphereTree.ids, total)));
    },
    land,
    landBands: bandsOf(land, asset.box[1], asset.box[3], 0.1),
    gulfOfSirte: asset.gulfOfSirte,
    ports,
    portsByCountry: groupByCountry(ports),
  };
}

/** The stored order, little-endian whatever the machine; undefined if it does not fit the vertices. */
function storedIds(base64: string, count: number): Uint32Array | undefined {
  const bytes = Buffer.from(base64, 'base64');
  const width = count < 65536 ? 2 : 4;
  if (bytes.length !== count * width) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const ids = new Uint32Array(count);
  for (let i = 0; i < count; i++) ids[i] = width === 2 ? view.getUint16(2 * i, true) : view.getUint32(4 * i, true);
  return ids;
}

function groupByCountry(ports: Port[]): Map<string, Port[]> {
  const groups = new Map<string, Port[]>();
  for (const port of ports) groups.set(port.country, [...(groups.get(port.country) ?? []), port]);
  return groups;
}

/** Delta-encoded integer pairs back to degrees. */
function decode(flat: number[], scale: number, each: (x: number, y: number) => void): void {
  let x = 0;
  let y = 0;
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i]!;
    y += flat[i + 1]!;
    each(x / scale, y / scale);
  }
}

function bboxOf(polygons: MultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]!) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  }
  return b;
}

function bandsOf(land: MultiPolygon, south: number, north: number, size: number): LandBands {
  const count = Math.ceil((north - south) / size);
  const perBand: number[][] = Array.from({ length: count }, () => []);
  for (const polygon of land) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const [x1, y1] = ring[i - 1]!;
        const [x2, y2] = ring[i]!;
        if (y1 === y2) continue; // a horizontal edge never crosses a horizontal ray
        const first = Math.max(0, Math.floor((Math.min(y1, y2) - south) / size));
        const last = Math.min(count - 1, Math.floor((Math.max(y1, y2) - south) / size));
        for (let b = first; b <= last; b++) perBand[b]!.push(x1, y1, x2, y2);
      }
    }
  }
  const offsets = new Uint32Array(count + 1);
  for (let b = 0; b < count; b++) offsets[b + 1] = offsets[b]! + perBand[b]!.length;
  const edges = new Float64Array(offsets[count]!);
  perBand.forEach((band, b) => edges.set(band, offsets[b]!));
  return { south, size, offsets, edges };
}
