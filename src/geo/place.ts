import pointInPolygon from 'point-in-polygon-hao';
import type { Position } from '../check/values.js';
import { geoData, type GeoData, type SrrId } from './data.js';
import { haversineNm, nearestOnSegment, toMeridianNm, type SegmentFix } from './sphere.js';

export type { SrrId } from './data.js';

/** Measured from the coastline, not from legal baselines: a dossier has to say so. */
export type ZoneClass = 'territorial' | 'contiguous' | 'beyond';

export interface CoastFix {
  /** To the nearest point of the coastline, on a sphere. */
  distanceNm: number;
  /** Natural Earth's name of the country that coast belongs to ("Libya", "Malta", ...). */
  country: string;
  /** That nearest coastal point. */
  at: Position;
  /** The listed port or town of that country nearest to the position, where the country has any. */
  near?: string;
  nearDistanceNm?: number;
}

export interface Place {
  /** Every search-and-rescue region the position lies in; regions overlap (Malta and Italy). */
  regions: SrrId[];
  onLand: boolean;
  /** Undefined where the coast is not known well enough: outside the central Mediterranean. */
  coast?: CoastFix;
  /** Undefined on land and where the coast is unknown. */
  zone?: ZoneClass;
  /** Inside the line Libya claims across the Gulf of Sirte, where the zones are contested. */
  gulfOfSirte: boolean;
}

const TERRITORIAL_NM = 12;
const CONTIGUOUS_NM = 24;

/** Regions, land, the nearest coast and its class for a position. Pure; never throws. */
export function placeOf(position: Position): Place {
  const at = lonLat(position);
  if (!at) return { regions: [], onLand: false, gulfOfSirte: false };
  const { lon, lat } = at;
  const data = geoData();
  const regions = regionsAt(data, lon, lat);
  const onLand = isOnLand(data, lon, lat);
  const coast = nearestCoast(data, lon, lat);
  const zone = onLand || !coast ? undefined : classOf(coast.distanceNm);
  const g = data.gulfOfSirte;
  const gulfOfSirte = !onLand && coast !== undefined && lat < g.lat && lon > g.west && lon < g.east;
  return { regions, onLand, coast, zone, gulfOfSirte };
}

/**
 * What the place rules warn about, and no more: the regions, whether the position is on land,
 * and only then its coast (for the warning's distance). `validate` records no places, and
 * finding the nearest coast of every position was most of the time its place rules took.
 */
export function placeWarnings(position: Position): Pick<Place, 'regions' | 'onLand' | 'coast'> {
  const at = lonLat(position);
  if (!at) return { regions: [], onLand: false };
  const { lon, lat } = at;
  const data = geoData();
  const onLand = isOnLand(data, lon, lat);
  return { regions: regionsAt(data, lon, lat), onLand, coast: onLand ? nearestCoast(data, lon, lat) : undefined };
}

export function classOf(distanceNm: number): ZoneClass {
  if (distanceNm <= TERRITORIAL_NM) return 'territorial';
  return distanceNm <= CONTIGUOUS_NM ? 'contiguous' : 'beyond';
}

/** The position with its longitude in [-180, 180), or undefined when it is no place on Earth. */
function lonLat(position: Position): { lon: number; lat: number } | undefined {
  const { lat } = position;
  const lon = normaliseLon(position.lon);
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 ? { lon, lat } : undefined;
}

function normaliseLon(lon: number): number {
  if (lon >= -180 && lon < 180) return lon;
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function regionsAt(data: GeoData, lon: number, lat: number): SrrId[] {
  const found: SrrId[] = [];
  for (const region of data.regions) {
    const [w, s, e, n] = region.bbox;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    // A point on a shared boundary (0 from the library) is in both regions.
    if (region.polygons.some((polygon) => pointInPolygon([lon, lat], polygon) !== false)) found.push(region.id);
  }
  return found;
}

/** Even-odd ray cast eastwards over the edges of the position's latitude band. */
function isOnLand(data: GeoData, lon: number, lat: number): boolean {
  const { south, size, offsets, edges } = data.landBands;
  const band = Math.floor((lat - south) / size);
  if (band < 0 || band >= offsets.length - 1) return false;
  let inside = false;
  for (let i = offsets[band]!; i < offsets[band + 1]!; i += 4) {
    const y1 = edges[i + 1]!;
    const y2 = edges[i + 3]!;
    if (y1 > lat === y2 > lat) continue;
    const x1 = edges[i]!;
    const x = x1 + ((lat - y1) * (edges[i + 2]! - x1)) / (y2 - y1);
    if (x > lon) inside = !inside;
  }
  return inside;
}

function nearestCoast(data: GeoData, lon: number, lat: number): CoastFix | undefined {
  const fix = coastPoint(data, lon, lat);
  if (!fix) return undefined;
  const country = data.countries[data.country[fix.vertex]!]!;
  const at = { lat: fix.lat, lon: fix.lon };
  const port = nearPort(data, lon, lat, country);
  // Written out, not spread: a build looks up every position, and the spread showed in the profile.
  return port
    ? { distanceNm: fix.distanceNm, country, at, near: port.name, nearDistanceNm: port.distanceNm }
    : { distanceNm: fix.distanceNm, country, at };
}

/**
 * Distance to the coast, negative on land; undefined where the coast is unknown. For contours
 * such as the 12 nm line, where placeOf's regions and ports would be wasted work.
 */
export function signedCoastDistanceNm(lon: number, lat: number): number | undefined {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90) return undefined;
  const data = geoData();
  const fix = coastPoint(data, normaliseLon(lon), lat);
  if (!fix) return undefined;
  return isOnLand(data, normaliseLon(lon), lat) ? -fix.distanceNm : fix.distanceNm;
}

/** The nearest point of the coastline and the first vertex of its segment. */
function coastPoint(data: GeoData, lon: number, lat: number): (SegmentFix & { vertex: number }) | undefined {
  const [w, s, e, n] = data.box;
  if (lon <= w || lon >= e || lat <= s || lat >= n) return undefined;
  // The nearest point of the coast lies on a segment with an end within sqrt(d² + (s/2)²) of the
  // position, d the nearest vertex's distance and s the longest segment: only those are measured.
  const index = data.index;
  const count = index.search(lon, lat, data.maxSegmentNm / 2 + 1e-3);
  if (index.nearestId < 0) return undefined;
  let vertex = index.nearestId;
  let bestNm = index.nearestNm;
  let bestLon = data.lon[vertex]!;
  let bestLat = data.lat[vertex]!;
  let last = -1;
  for (let k = 0; k < count; k++) {
    const v = index.within[k]!;
    // The segments before and after the vertex, where the line goes on; the walk finds a line's
    // vertices in order as often as not, and a segment shared with the vertex before is measured once.
    for (let a = v - 1; a <= v; a++) {
      if (a < 0 || !data.continues[a] || a === last) continue;
      last = a;
      const fix = nearestOnSegment(lon, lat, data.lon[a]!, data.lat[a]!, data.lon[a + 1]!, data.lat[a + 1]!);
      if (fix.distanceNm < bestNm) {
        bestNm = fix.distanceNm;
        bestLon = fix.lon;
        bestLat = fix.lat;
        vertex = a;
      }
    }
  }
  // Coast beyond the data's box could be nearer than what the box holds: then say nothing.
  const toEdge = Math.min((lat - s) * 60, (n - lat) * 60, toMeridianNm(lon, lat, w), toMeridianNm(lon, lat, e));
  return bestNm > toEdge ? undefined : { distanceNm: bestNm, lon: bestLon, lat: bestLat, vertex };
}

/** The listed port or town of the country nearest to the position, if the country has any. */
function nearPort(
  data: GeoData,
  lon: number,
  lat: number,
  country: string,
): { name: string; distanceNm: number } | undefined {
  let near: string | undefined;
  let nearDistanceNm = Infinity;
  // "Libyan coast, near Zarzis" would mislead: a country without listed ports gets no name.
  for (const port of data.portsByCountry.get(country) ?? []) {
    const d = haversineNm(lon, lat, port.lon, port.lat);
    if (d < nearDistanceNm) {
      near = port.name;
      nearDistanceNm = d;
    }
  }
  return near === undefined ? undefined : { name: near, distanceNm: nearDistanceNm };
}
