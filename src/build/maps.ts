import type { Dossier, IncidentEntry } from '../assemble/model.js';
import type { Incident } from '../check/schemas.js';
import type { Position } from '../check/values.js';
import type { MapGeometry } from '../geo/index.js';
import { type Formatter, formatterFor } from '../i18n/format.js';
import type { Messages } from '../i18n/locales.js';
import { parseGpx } from '../load/text-exhibit.js';
import { degreesMinutes } from '../render/helpers.js';
import type { LonLat, MapData, MapLegendEntry, MapMark, Rgb } from '../render/layout/types.js';

type Geometry = (bbox: [number, number, number, number]) => MapGeometry & { claims: LonLat[][] };
type Box = [number, number, number, number];

/** A GPX exhibit of an incident, as its track is drawn on the incident's map. */
export interface TrackExhibit {
  incidents: string[];
  number: number;
  text: string;
}

/** The directive a template writes for an incident's map, and the id the build answers it by. */
export const mapId = (incidentId: string) => `map-${incidentId}`;
const MAP_DIRECTIVE = /<!--\s*map:\s*([^\s>]+)\s*-->/g;

/** A track this long is drawn from every k-th point: the line looks the same, the PDF stays small. */
const MAX_TRACK_POINTS = 2_000;
/** Points read from one GPX file. */
const TRACK_LIMIT = 200_000;
/** The smallest map: about 54 nm from south to north. */
const MIN_LAT_SPAN = 0.9;
/** Width to height of a map, as a page shows it. */
const ASPECT = 4 / 3;

export const TYPE_COLOURS: Record<Incident['type'], Rgb> = {
  interception: [0.82, 0.04, 0.04],
  detention: [0.1, 0.3, 0.78],
  seizure: [0.1, 0.52, 0.2],
};

/** The maps of one dossier, by the id their directives name. */
export interface DossierMaps {
  /** How many maps the sections ask for. */
  readonly size: number;
  /** One map's data, worked out on each call: the layout asks once, when it reaches the map. */
  get(id: string): MapData | undefined;
}

/**
 * The maps the rendered sections ask for (`<!-- map: map-<incident id> -->`): the incident's
 * position and those of its events, its GPX tracks, and the geometry around them. Each map is
 * worked out when the layout reaches it and let go once drawn, so a dossier of 1,354 maps does
 * not hold 1,354 maps' coastlines (10 MB) while it is laid out. The geo module and its data are
 * loaded only when some section asks for a map.
 */
export async function dossierMaps(
  dossier: Dossier,
  sections: readonly string[],
  tracks: readonly TrackExhibit[],
  m: Messages,
): Promise<DossierMaps> {
  const wanted = new Set(sections.flatMap((s) => [...s.matchAll(MAP_DIRECTIVE)].map((x) => x[1]!)));
  const entries = new Map(
    dossier.incidents
      .filter((e) => e.place && e.incident.location.position && wanted.has(mapId(e.incident.id)))
      .map((e) => [mapId(e.incident.id), e]),
  );
  if (entries.size === 0) return { size: 0, get: () => undefined };
  const { mapGeometry, loadGeo } = await import('../geo/index.js');
  const geometry: Geometry = (bbox) => withClaims(mapGeometry(bbox, { resolution: 40 }), loadGeo().gulfOfSirte);
  // Made once: Intl's formatters cost more to make than the map they label (0.1 s at 1,354 maps).
  const number = formatterFor(m.locale).number;
  return {
    size: entries.size,
    get: (id) => {
      const entry = entries.get(id);
      return entry && incidentMap(entry, tracks, m, geometry, number);
    },
  };
}

function incidentMap(
  entry: IncidentEntry,
  exhibits: readonly TrackExhibit[],
  m: Messages,
  geometry: Geometry,
  number: Formatter['number'],
): MapData | undefined {
  const { incident, place } = entry;
  const position = incident.location.position;
  if (!position || !place) return undefined;
  const events: { at: Position; time: number }[] = [];
  if (incident.type === 'interception') {
    for (const e of [...(incident.interception.violence ?? []), ...(incident.interception.communications ?? [])])
      if (e.position) events.push({ at: e.position, time: e.at.epochMs });
  }
  const tracks = exhibits
    .filter((t) => t.incidents.includes(incident.id))
    .map((t) => ({ ...readTrack(t.text), number: t.number }))
    .filter((t) => t.points.length > 1);

  const around: LonLat[] = [[position.lon, position.lat], ...events.map((e): LonLat => [e.at.lon, e.at.lat])];
  for (const t of tracks) around.push(...t.points);
  // The nearest point of the coast is in view, so the distance the dossier gives can be seen.
  if (place.coast && place.coast.distanceNm < 60) around.push([place.coast.at.lon, place.coast.at.lat]);
  const bbox = mapBox(around);
  const base = geometry(bbox);

  // In the order their labels claim room: the position, the tracks' start and end, the events.
  const marks: MapMark[] = [{ at: [position.lon, position.lat], symbol: 'position', label: coordinates(position) }];
  for (const t of tracks) {
    marks.push({
      at: t.points[0]!,
      symbol: 'start',
      ...(t.start ? { label: m.t('map.start', { time: t.start }) } : {}),
    });
    marks.push({ at: t.points.at(-1)!, symbol: 'end', ...(t.end ? { label: m.t('map.end', { time: t.end }) } : {}) });
  }
  for (const e of events.sort((a, b) => a.time - b.time))
    marks.push({ at: [e.at.lon, e.at.lat], symbol: 'event', label: utcTime(e.time) });
  // The distance the dossier gives, drawn: a dotted line to the nearest point of the coast.
  const measures: MapData['measures'] = [];
  if (place.coast && !place.onLand) {
    const label = `${number(place.coast.distanceNm, 1)}\u00a0${m.t('map.nm')}`;
    measures.push({ from: [position.lon, position.lat], to: [place.coast.at.lon, place.coast.at.lat], label });
  }
  const data = mapData(base, marks, [position.lon, position.lat], m);
  data.measures = measures;
  data.tracks = tracks.map((t) => ({ points: t.points }));
  const legend: MapLegendEntry[] = [{ sample: 'position', text: m.t('map.position') }];
  if (events.length) legend.push({ sample: 'event', text: m.t('map.event') });
  for (const t of tracks)
    legend.push({ sample: 'track', text: m.t('map.track', { exhibit: `${m.t('exhibits.word')}\u00a0${t.number}` }) });
  data.legend = [...legend, ...data.legend];
  return data;
}

/** The report's map: every incident with a position, a dot coloured by its type. */
export async function reportMap(
  points: readonly { type: Incident['type']; position: Position }[],
  m: Messages,
): Promise<MapData | undefined> {
  if (points.length === 0) return undefined;
  const { mapGeometry, loadGeo } = await import('../geo/index.js');
  const bbox = mapBox(
    points.map((p) => [p.position.lon, p.position.lat]),
    2,
  );
  const marks = points.map((p): MapMark => ({
    at: [p.position.lon, p.position.lat],
    symbol: 'dot',
    color: TYPE_COLOURS[p.type],
  }));
  const centre: LonLat = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  const data = mapData(withClaims(mapGeometry(bbox, { resolution: 90 }), loadGeo().gulfOfSirte), marks, centre, m);
  const types = (Object.keys(TYPE_COLOURS) as (keyof typeof TYPE_COLOURS)[]).filter((type) =>
    points.some((p) => p.type === type),
  );
  data.legend = [
    ...types.map((type): MapLegendEntry => {
      const n = points.filter((p) => p.type === type).length;
      return { sample: 'dot', color: TYPE_COLOURS[type], text: `${m.enumValue('type', type)} (${n})` };
    }),
    ...data.legend,
  ];
  return data;
}

/** The part of Libya's claimed closing line of the Gulf of Sirte (along a parallel) inside the box. */
function withClaims(
  geometry: MapGeometry,
  gulf: { lat: number; west: number; east: number },
): MapGeometry & { claims: LonLat[][] } {
  const [w, s, e, n] = geometry.bbox;
  const [from, to] = [Math.max(w, gulf.west), Math.min(e, gulf.east)];
  const inside = gulf.lat > s && gulf.lat < n && from < to;
  return {
    ...geometry,
    claims: inside
      ? [
          [
            [from, gulf.lat],
            [to, gulf.lat],
          ],
        ]
      : [],
  };
}

/** The geometry as the layout draws it, the ports nearest to `centre` named first. */
function mapData(
  geometry: MapGeometry & { claims: LonLat[][] },
  marks: MapMark[],
  centre: LonLat,
  m: Messages,
): MapData {
  const data: MapData = {
    bbox: geometry.bbox,
    land: [],
    coast: [],
    boundaries: [],
    areas: [],
    regions: [],
    measures: [],
    limits: [],
    claims: geometry.claims,
    tracks: [],
    marks,
    legend: [],
    unit: m.t('map.unit'),
  };
  const regions = new Map<string, LonLat[][]>();
  const ports: MapMark[] = [];
  for (const f of geometry.features) {
    const p = f.properties;
    if (p.kind === 'land' && f.geometry.type === 'Polygon') data.land.push(f.geometry.coordinates);
    else if (p.kind === 'coast' && f.geometry.type === 'LineString') data.coast.push(f.geometry.coordinates);
    else if (p.kind === 'srr-boundary' && f.geometry.type === 'LineString')
      data.boundaries.push(f.geometry.coordinates);
    else if (p.kind === 'limit' && f.geometry.type === 'LineString') data.limits.push(f.geometry.coordinates);
    else if (p.kind === 'srr' && f.geometry.type === 'Polygon')
      regions.set(p.region, [...(regions.get(p.region) ?? []), ...f.geometry.coordinates]);
    else if (p.kind === 'port' && f.geometry.type === 'Point')
      ports.push({ at: f.geometry.coordinates, symbol: 'port', label: p.name });
  }
  // Each region where it is alone, and each pair where they overlap (Malta and Italy around Lampedusa).
  const names = [...regions.keys()].map((region) => m.enumValue('sar_region', region));
  data.areas = [...regions.values()];
  data.regions = names.map((label, i) => ({ label, within: [i] }));
  names.forEach((a, i) =>
    names.forEach((b, j) => {
      if (j > i) data.regions.push({ label: m.t('map.overlap', { a, b }), within: [i, j] });
    }),
  );
  const distance = (at: LonLat) => Math.hypot(at[0] - centre[0], at[1] - centre[1]);
  ports.sort((a, b) => distance(a.at) - distance(b.at));
  data.marks = [...marks, ...ports];
  if (ports.length) data.legend.push({ sample: 'port', text: m.t('map.port') });
  data.legend.push({ sample: 'coast', text: m.t('map.coast') });
  if (data.limits.length) data.legend.push({ sample: 'limit', text: m.t('map.limit') });
  if (data.boundaries.length) data.legend.push({ sample: 'srr', text: m.t('map.srr') });
  if (data.claims.length) data.legend.push({ sample: 'claim', text: m.t('map.sirte') });
  return data;
}

/**
 * A box around the points with a margin, at least MIN_LAT_SPAN tall, widened or heightened to
 * the page's shape on the Mercator projection the layout draws.
 */
export function mapBox(points: readonly LonLat[], minLatSpan = MIN_LAT_SPAN): Box {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  const padLat = Math.max((n - s) * 0.15, 0.05);
  const padLon = Math.max((e - w) * 0.15, 0.05);
  [w, s, e, n] = [w - padLon, Math.max(-80, s - padLat), e + padLon, Math.min(80, n + padLat)];
  if (n - s < minLatSpan) {
    const mid = (n + s) / 2;
    [s, n] = [mid - minLatSpan / 2, mid + minLatSpan / 2];
  }
  // On Mercator a degree of longitude is a constant width; a degree of latitude grows towards the poles.
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * (180 / Math.PI);
  const lat = (yy: number) => (360 / Math.PI) * Math.atan(Math.exp((yy * Math.PI) / 180)) - 90;
  const width = e - w;
  const height = y(n) - y(s);
  if (width / height < ASPECT) {
    const grow = (height * ASPECT - width) / 2;
    [w, e] = [w - grow, e + grow];
  } else {
    const grow = (width / ASPECT - height) / 2;
    [s, n] = [lat(y(s) - grow), lat(y(n) + grow)];
  }
  return [w, s, e, n];
}

/** A GPX file's track points as [lon, lat], and the UTC times of its first and last point. */
function readTrack(text: string): { points: LonLat[]; start?: string; end?: string } {
  const { points } = parseGpx(text, TRACK_LIMIT);
  const read = points
    .map((p) => ({ lon: Number(p.lon), lat: Number(p.lat), time: p.time }))
    .filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lat) <= 90);
  const every = Math.max(1, Math.ceil(read.length / MAX_TRACK_POINTS));
  const kept = read.filter((_, i) => i % every === 0 || i === read.length - 1);
  const timed = read.filter((p) => p.time !== undefined);
  const time = (t: string | undefined) => {
    if (t === undefined) return undefined;
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? t : utcTime(ms);
  };
  return {
    points: kept.map((p): LonLat => [p.lon, p.lat]),
    start: time(timed[0]?.time),
    end: time(timed.at(-1)?.time),
  };
}

/** 07:51 UTC */
function utcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)}\u00a0UTC`;
}

function coordinates(p: Position): string {
  return `${degreesMinutes(p.lat, 'N', 'S', 2)} ${degreesMinutes(p.lon, 'E', 'W', 3)}`;
}
