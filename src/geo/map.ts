import { clipPolygon, clipPolyline } from 'lineclip';
import { isolines } from './contour.js';
import { geoData, type Ring, type SrrId } from './data.js';
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
  const [w, s, e, n] = bbox;
  const features: MapFeature[] = [];
  if (![w, s, e, n].every(Number.isFinite) || w >= e || s >= n) return { type: 'FeatureCollection', bbox, features };
  const data = geoData();
  for (const polygon of data.land) {
    const rings = clipPolygonRings(polygon, bbox);
    if (rings) features.push({ type: 'Feature', properties: { kind: 'land' }, geometry: polygonOf(rings) });
  }
  for (const line of data.lines) {
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

/** Contours of the signed distance to the coast sampled on a grid over the box. */
function limitLines([w, s, e, n]: BBox, nm: number, resolution: number): Point[][] {
  const step = Math.max(e - w, n - s) / Math.max(2, Math.round(resolution));
  const nx = Math.max(2, Math.round((e - w) / step) + 1);
  const ny = Math.max(2, Math.round((n - s) / step) + 1);
  const dx = (e - w) / (nx - 1);
  const dy = (n - s) / (ny - 1);
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) values[j * nx + i] = signedCoastDistanceNm(w + i * dx, s + j * dy) ?? Number.NaN;
  }
  return isolines(values, nx, ny, nm, w, s, dx, dy);
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
  const [first, last] = [ring[0], ring.at(-1)];
  const closed = ring.length > 1 && first![0] === last![0] && first![1] === last![1];
  const open = closed ? ring.slice(0, -1) : ring;
  const clipped = clipPolygon(open, bbox);
  return clipped.length ? [...clipped, clipped[0]!] : [];
}
