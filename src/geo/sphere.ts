// Distances on a sphere of the mean Earth radius in nautical miles: at the scale of a dossier
// (tenths of a mile, tens of miles) the sphere is within 0.5 % of the ellipsoid.
export const EARTH_RADIUS_NM = 3440.065;
const RAD = Math.PI / 180;

/** Great-circle distance in nautical miles (haversine). */
export function haversineNm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const s1 = Math.sin(((lat2 - lat1) * RAD) / 2);
  const s2 = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface SegmentFix {
  distanceNm: number;
  lon: number;
  lat: number;
}

/**
 * Nearest point of a short segment A-B to P and its great-circle distance. The foot is found in a
 * plane tangent at the segment (exact enough for segments under a mile); the distance to it is
 * then measured on the sphere.
 */
export function nearestOnSegment(lon: number, lat: number, ax: number, ay: number, bx: number, by: number): SegmentFix {
  const k = Math.cos(((ay + by) / 2) * RAD);
  const dx = (bx - ax) * k;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((lon - ax) * k * dx + (lat - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * (bx - ax);
  const qy = ay + t * (by - ay);
  return { distanceNm: haversineNm(lon, lat, qx, qy), lon: qx, lat: qy };
}

/** Distance from P to the meridian at lon0 (a great circle), in nautical miles. */
export function toMeridianNm(lon: number, lat: number, lon0: number): number {
  const x = Math.sin(Math.abs(lon - lon0) * RAD) * Math.cos(lat * RAD);
  return EARTH_RADIUS_NM * Math.asin(Math.min(1, x));
}
