import { describe, expect, it } from '@jest/globals';
import { loadGeo, mapGeometry, placeOf, type SrrId, type ZoneClass } from '../../src/geo/index.js';
import { parsePositionString } from '../../src/check/values.js';
import { haversineNm, nearestOnSegment } from '../../src/geo/sphere.js';
import { SphereIndex } from '../../src/geo/nearest.js';
import fc from 'fast-check';

// Expected distances were computed by hand, outside casebuilder (scripts/geo-hand-check.py): haversine
// on a sphere of 3440.065 nm from the position to every coastline vertex of assets/geo/coast.json.
// placeOf measures to the nearest point of a segment, never farther than the nearest vertex and at
// most 0.25 nm nearer (segments are at most 0.5 nm), so the two must agree within that.
const VERTEX_TOLERANCE_NM = 0.3;

/** What, lat, lon, regions, hand-computed nm, coast country, class (or on land), nearest port, Sirte. */
type Row = [string, number, number, SrrId[], number, string, ZoneClass | 'land', string | undefined, boolean?];

const rows: Row[] = [
  // 2 nm off Tripoli harbour: Libyan territorial sea, south of 34°20'N so Libyan SRR only.
  ['Libyan territorial waters off Tripoli', 32.95, 13.2, ['libya'], 2.01, 'Libya', 'territorial', 'Tripoli'],
  // Halfway to Malta but south of 34°20'N: Libyan SRR, far beyond 24 nm (nearest coast near Khoms).
  ['Libyan SRR beyond 24 nm', 34, 15, ['libya'], 87.28, 'Libya', 'beyond', 'Khoms'],
  // North of 34°20'N, east of the Italian claim's edge (12°58'E at 35°30'N): Maltese SRR only.
  ['Maltese SRR south-west of Malta', 35.5, 14, ['malta'], 27.68, 'Malta', 'beyond', 'Marsaxlokk'],
  ['Maltese territorial waters', 35.75, 14.6, ['malta'], 4.69, 'Malta', 'territorial', 'Marsaxlokk'],
  // Inside the Lampedusa box Italy claims south of 36°30'N: both Malta and Italy.
  ['Malta–Italy overlap off Lampedusa', 35.6, 12.7, ['malta', 'italy'], 6.51, 'Italy', 'territorial', 'Lampedusa'],
  // North of 36°30'N the Maltese SRR ends: off Pozzallo is Italian only.
  ['Italian SRR off Pozzallo', 36.65, 14.85, ['italy'], 4.15, 'Italy', 'territorial', 'Pozzallo'],
  // West of 11°30'E: Tunisian SRR; 12.6 nm east of the Kerkennah islands.
  ['Tunisian SRR off Kerkennah', 34.5, 11.3, ['tunisia'], 12.58, 'Tunisia', 'contiguous', 'Sfax'],
  ['Tunisian contiguous zone off Zarzis', 33.6, 11.45, ['tunisia'], 17.3, 'Tunisia', 'contiguous', 'Zarzis'],
  // East of 19°E, north of the Malta–Greece line: Greek SRR, 56 nm off the Peloponnese; no Greek port listed.
  ['Greek SRR in the Ionian Sea', 36, 21, ['greece'], 55.75, 'Greece', 'beyond', undefined],
  // South of 32°30'N between 14.60°E and 20.48°E: inside Libya's claimed closing line.
  ['Gulf of Sirte', 31.5, 18, ['libya'], 35.49, 'Libya', 'beyond', 'Sirte', true],
  ['north of the Gulf of Sirte line', 32.7, 18, ['libya'], 102.1, 'Libya', 'beyond', 'Benghazi'],
  // GeoNames' point for Tripoli, 1.7 nm inland from the nearest coastline vertex.
  ['on land in Tripoli', 32.88743, 13.18733, ['libya'], 1.69, 'Libya', 'land', 'Tripoli'],
  // Regression for OneFleet's 31.1666 N vertex: with it, the Libya–Egypt boundary passes 24°42'E at
  // 32°30'N and this point would be Egyptian; with 31°40'N (the FIRs) it passes 24°49'E.
  ['Libyan SRR off Bardia', 32.5, 24.75, ['libya'], 28.06, 'Libya', 'beyond', 'Tobruk'],
];

describe('placeOf: hand-checked positions', () => {
  it.each(rows)('%s (%f, %f)', (_what, lat, lon, regions, nm, country, zone, near, gulf = false) => {
    const place = placeOf({ lat, lon });
    expect(place.regions).toEqual(regions);
    expect(place.onLand).toBe(zone === 'land');
    expect(place.zone).toBe(zone === 'land' ? undefined : zone);
    expect(place.coast?.country).toBe(country);
    expect(Math.abs(place.coast!.distanceNm - nm)).toBeLessThan(VERTEX_TOLERANCE_NM);
    expect(place.coast!.distanceNm).toBeLessThanOrEqual(nm + 0.01); // a segment is never farther than its vertex
    expect(place.coast?.near).toBe(near);
    expect(place.gulfOfSirte).toBe(gulf);
  });

  it('places the sample case 15.2 nm off the coast west of Zuwara, 18.3 nm from the town', () => {
    // "33°14.07'N 012°07.40'E": the "about 18 nm from the coast" is the distance to Zuwara
    // itself; the nearest coast, at 33°01.2'N 011°57.8'E, is 15.16 nm away (hand-computed).
    const r = parsePositionString(`33°14.07'N 012°07.40'E`);
    if (!r.ok) throw new Error(r.message);
    const place = placeOf(r.value);
    expect(place.regions).toEqual(['libya']);
    expect(place.zone).toBe('contiguous');
    expect(place.coast).toMatchObject({ country: 'Libya', near: 'Zuwara' });
    expect(Math.abs(place.coast!.distanceNm - 15.16)).toBeLessThan(VERTEX_TOLERANCE_NM);
    expect(place.coast!.at.lat).toBeCloseTo(33.02, 1);
    expect(place.coast!.at.lon).toBeCloseTo(11.96, 1);
    expect(place.coast!.nearDistanceNm).toBeCloseTo(18.33, 1);
  });

  it('finds a position on a shared boundary in both regions', () => {
    expect(placeOf({ lat: 34 + 20 / 60, lon: 15 }).regions).toEqual(['libya', 'malta']);
    expect(placeOf({ lat: 35.5, lon: 11.5 }).regions).toEqual(['malta', 'tunisia']);
  });

  it('reads a longitude written past 180° as the same meridian', () => {
    const wrapped = placeOf({ lat: 33.2345, lon: 12.1233333 + 360 });
    const plain = placeOf({ lat: 33.2345, lon: 12.1233333 });
    expect(wrapped.regions).toEqual(plain.regions);
    expect(wrapped.coast!.distanceNm).toBeCloseTo(plain.coast!.distanceNm, 6);
  });
});

describe('placeOf: degenerate positions', () => {
  it.each([
    ['the north pole', 90, 0],
    ['the south pole', -90, 0],
    ['the antimeridian', 35, 180],
    ['the antimeridian, written west', 35, -180],
    ['a latitude past the pole', 91, 12],
    ['NaN', Number.NaN, 12],
    ['an infinite longitude', 33, Number.POSITIVE_INFINITY],
  ])('%s gives no region and no coast, without throwing', (_what, lat, lon) => {
    const place = placeOf({ lat, lon });
    expect(place.regions).toEqual([]);
    expect(place.coast).toBeUndefined();
    expect(place.zone).toBeUndefined();
    expect(place.gulfOfSirte).toBe(false);
  });

  it('says nothing of the coast where a nearer one could lie outside the data (deep in the Sahara)', () => {
    // 171 nm from the Gulf of Sirte but 30 nm from the data's southern edge at 27°N.
    const place = placeOf({ lat: 27.5, lon: 20 });
    expect(place.onLand).toBe(true);
    expect(place.coast).toBeUndefined();
  });
});

describe('mapGeometry', () => {
  it('gives land, coast, SRR boundaries and ports clipped to the box around Zuwara', () => {
    const bbox: [number, number, number, number] = [11.5, 32.5, 13, 33.75];
    const map = mapGeometry(bbox);
    const kinds = new Set(map.features.map((f) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['coast', 'land', 'limit', 'port', 'srr', 'srr-boundary']);
    for (const f of map.features) {
      const points =
        f.geometry.type === 'Point'
          ? [f.geometry.coordinates]
          : f.geometry.type === 'LineString'
            ? f.geometry.coordinates
            : f.geometry.coordinates.flat();
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(bbox[0] - 1e-9);
        expect(x).toBeLessThanOrEqual(bbox[2] + 1e-9);
        expect(y).toBeGreaterThanOrEqual(bbox[1] - 1e-9);
        expect(y).toBeLessThanOrEqual(bbox[3] + 1e-9);
      }
    }
    const ports = map.features.flatMap((f) => (f.properties.kind === 'port' ? [f.properties.name] : []));
    expect(ports).toEqual(expect.arrayContaining(['Zuwara', 'Sabratha']));
    const coasts = new Set(map.features.flatMap((f) => (f.properties.kind === 'coast' ? [f.properties.country] : [])));
    expect([...coasts].sort()).toEqual(['Libya', 'Tunisia']); // Tunisia's coast ends just east of 11°30'E
    // The Libya–Tunisia SRR boundary along 11°30'E is in the box.
    const boundaries = map.features.filter((f) => f.properties.kind === 'srr-boundary');
    expect(
      boundaries.some(
        (f) => f.geometry.type === 'LineString' && f.geometry.coordinates.every(([x]) => Math.abs(x - 11.5) < 1e-9),
      ),
    ).toBe(true);
  });

  it('draws the 12 nm line 12 nm from the coast, at sea', () => {
    const map = mapGeometry([11.5, 32.5, 13.5, 33.75], { limitsNm: [12] });
    const points = map.features.flatMap((f) =>
      f.properties.kind === 'limit' && f.geometry.type === 'LineString' ? f.geometry.coordinates : [],
    );
    expect(points.length).toBeGreaterThan(50);
    for (const [lon, lat] of points) {
      const place = placeOf({ lat, lon });
      expect(place.onLand).toBe(false);
      expect(Math.abs(place.coast!.distanceNm - 12)).toBeLessThan(0.2);
    }
  });

  it('gives nothing for an empty or invalid box', () => {
    expect(mapGeometry([13, 33, 12, 34]).features).toEqual([]);
    expect(mapGeometry([Number.NaN, 33, 14, 34]).features).toEqual([]);
  });
});

describe('the coast index', () => {
  it('is stored in the asset in the order the index sorts the vertices into', () => {
    const data = loadGeo();
    const fresh = new SphereIndex(data.lon, data.lat);
    expect(Array.from(data.index.ids)).toEqual(Array.from(fresh.ids));
  });

  it('ignores a stored order that is not an order of the vertices, and answers as a fresh index does', () => {
    const data = loadGeo();
    const fresh = new SphereIndex(data.lon, data.lat);
    const twice = fresh.ids.slice();
    twice[1] = twice[0]!; // one vertex twice, another never
    for (const order of [twice, fresh.ids.subarray(1), undefined]) {
      const index = new SphereIndex(data.lon, data.lat, order);
      expect(Array.from(index.ids)).toEqual(Array.from(fresh.ids));
      expect(index.nearby(12.08, 33.05, 0.25)).toEqual(fresh.nearby(12.08, 33.05, 0.25));
    }
  });
});

describe('placeOf: the nearest coast', () => {
  // The search walks a tree of the coast's vertices and skips every box that cannot hold a nearer
  // one: a bound that skipped too much would give a farther coast, so it is held to every segment
  // that could be nearer (one whose latitudes all lie farther than the distance found cannot be:
  // a great circle is never shorter than its difference of latitude).
  it('is the nearest of all coast segments, for 80 seeded positions across the central Mediterranean', () => {
    const data = loadGeo();
    const nmPerDegree = (3440.065 * Math.PI) / 180;
    let seed = 20261202;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let compared = 0;
    for (let k = 0; k < 80; k++) {
      const lon = 10 + 15 * random();
      const lat = 30 + 8 * random();
      const coast = placeOf({ lat, lon }).coast;
      if (!coast) continue;
      const reach = coast.distanceNm / nmPerDegree + 1e-6;
      let nearest = Infinity;
      for (let a = 0; a + 1 < data.lon.length; a++) {
        if (!data.continues[a]) continue;
        const [y1, y2] = [data.lat[a]!, data.lat[a + 1]!];
        if (Math.min(y1, y2) > lat + reach || Math.max(y1, y2) < lat - reach) continue;
        const fix = nearestOnSegment(lon, lat, data.lon[a]!, y1, data.lon[a + 1]!, y2);
        nearest = Math.min(nearest, fix.distanceNm);
      }
      expect(Math.abs(coast.distanceNm - nearest)).toBeLessThan(1e-9);
      compared++;
    }
    expect(compared).toBeGreaterThan(65);
  });
});

describe('the nearest-vertex search', () => {
  // The search skips a box of the tree by a lower bound of its distance, worked out with sines and
  // cosines from their series: a bound above the truth would skip the nearest vertex. Held here to
  // brute force on random points anywhere on Earth, poles and the 180th meridian included, where
  // the boxes are widest and the series furthest from zero.
  it('finds a vertex across the 180th meridian', () => {
    // Two lines of vertices, one just east of the meridian, one 10 degrees west of it.
    const lon = Float64Array.from({ length: 200 }, (_, i) => (i < 100 ? -179.9 + i * 0.01 : 170 - (i - 100) * 0.01));
    const lat = Float64Array.from({ length: 200 }, (_, i) => (i % 100) * 0.01);
    const found = new SphereIndex(lon, lat).nearby(179.95, 0, 0);
    expect([lon[found.id], lat[found.id]]).toEqual([-179.9, 0]);
    expect(found.distanceNm).toBeCloseTo(haversineNm(179.95, 0, -179.9, 0), 9);
  });

  it('finds the vertex a brute-force search finds, and every vertex within the slack', () => {
    // Points in clusters, as coasts are, and the query near one: then boxes are small and close,
    // and a bound too high would skip the one holding the nearest point.
    // Evenly over a range: fc.double picks evenly among the doubles, nearly all of them close to 0,
    // which put nine clusters in ten on the equator with their points on one spot.
    const uniform = (min: number, max: number) =>
      fc.oneof(
        fc.integer({ min: 0, max: 1e9 }).map((i) => min + ((max - min) * i) / 1e9),
        fc.constantFrom(min, max),
      );
    const cluster = fc.record({
      // Anywhere, poles included, and often astride the 180th meridian, where the boxes' longitudes wrap.
      lon: fc.oneof(uniform(-180, 179.999), uniform(175, 179.999), uniform(-180, -175)),
      lat: fc.oneof(uniform(-90, 90), uniform(70, 90), uniform(-90, -70)),
      spread: uniform(0.01, 20),
    });
    const offset = fc.tuple(uniform(-1, 1), uniform(-1, 1));
    const place = (c: { lon: number; lat: number; spread: number }, [x, y]: [number, number], k = 1) => ({
      lon: ((((c.lon + k * c.spread * x + 180) % 360) + 360) % 360) - 180,
      lat: Math.max(-90, Math.min(90, c.lat + k * c.spread * y)),
    });
    const scene = fc.record({
      clusters: fc.array(fc.tuple(cluster, fc.array(offset, { minLength: 1, maxLength: 200 })), {
        minLength: 1,
        maxLength: 8,
      }),
      query: offset,
      slack: uniform(0, 50),
    });
    fc.assert(
      fc.property(scene, ({ clusters, query, slack }) => {
        const points = clusters.flatMap(([c, offsets]) => offsets.map((o) => place(c, o)));
        const q = place(clusters[0]![0], query, 3);
        const index = new SphereIndex(
          Float64Array.from(points, (p) => p.lon),
          Float64Array.from(points, (p) => p.lat),
        );
        const found = index.nearby(q.lon, q.lat, slack);
        // Built again from the order it sorted the points into, as the coast is read from its asset.
        const reread = new SphereIndex(
          Float64Array.from(points, (p) => p.lon),
          Float64Array.from(points, (p) => p.lat),
          index.ids,
        );
        expect(reread.nearby(q.lon, q.lat, slack)).toEqual(found);
        const distances = points.map((p) => haversineNm(q.lon, q.lat, p.lon, p.lat));
        const nearest = Math.min(...distances);
        expect(found.distanceNm).toBeCloseTo(nearest, 6);
        const within = distances.flatMap((d, i) => (d <= Math.hypot(nearest, slack) - 1e-6 ? [i] : []));
        expect(found.ids).toEqual(expect.arrayContaining(within));
      }),
      // A failure is shrunk for at most 20 s: shrinking hundreds of points could run for many minutes.
      { numRuns: 1500, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
    );
  });
});
