import KDBush from 'kdbush';
import { EARTH_RADIUS_NM } from './sphere.js';

const RAD = Math.PI / 180;

function sorted(lon: Float64Array, lat: Float64Array): KDBush {
  const tree = new KDBush(lon.length, 16);
  for (let i = 0; i < lon.length; i++) tree.add(lon[i]!, lat[i]!);
  tree.finish();
  return tree;
}

/** A kdbush index from its serialised form (header, ids, coordinates in the ids' order). */
function fromOrder(lon: Float64Array, lat: Float64Array, nodeSize: number, order: Uint32Array): KDBush | undefined {
  const n = lon.length;
  if (order.length !== n) return undefined;
  const Ids = n < 65536 ? Uint16Array : Uint32Array;
  const idBytes = n * Ids.BYTES_PER_ELEMENT;
  const pad = (8 - (idBytes % 8)) % 8;
  const data = new ArrayBuffer(8 + idBytes + pad + 16 * n);
  new Uint8Array(data, 0, 2).set([0xdb, (1 << 4) + 8]); // kdbush format 1, Float64Array coordinates
  new Uint16Array(data, 2, 1)[0] = nodeSize;
  new Uint32Array(data, 4, 1)[0] = n;
  const ids = new Ids(data, 8, n);
  const coords = new Float64Array(data, 8 + idBytes + pad, 2 * n);
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    if (id >= n) return undefined;
    ids[k] = id;
    coords[2 * k] = lon[id]!;
    coords[2 * k + 1] = lat[id]!;
  }
  return KDBush.from(data);
}

/**
 * Nearest-vertex search over a kdbush tree of lon/lat points, measured on the sphere. geokdbush
 * does the same with a priority queue of objects; this walks the tree depth first with a fixed
 * stack and compares squared chords of unit vectors (ordered like great-circle distances), which
 * is several times faster for the one or few neighbours a coast lookup needs.
 */
export class SphereIndex {
  readonly tree: KDBush;
  /** Unit vectors of the points in the tree's order. */
  private readonly xyz: Float64Array;
  /** The box around every point: the root node's bounds. */
  private readonly box: [number, number, number, number];
  private readonly stack = new Float64Array(8 * 128);

  /** `prebuilt`: the tree's order of the points, as kdbush sorts them, to skip sorting them again. */
  constructor(lon: Float64Array, lat: Float64Array, prebuilt?: { nodeSize: number; ids: Uint32Array | undefined }) {
    this.tree = (prebuilt?.ids && fromOrder(lon, lat, prebuilt.nodeSize, prebuilt.ids)) || sorted(lon, lat);
    this.xyz = new Float64Array(3 * lon.length);
    for (let i = 0; i < lon.length; i++) {
      const id = this.tree.ids[i]!;
      unit(lon[id]!, lat[id]!, this.xyz, 3 * i);
    }
    this.box = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < lon.length; i++) {
      this.box[0] = Math.min(this.box[0], lon[i]!);
      this.box[1] = Math.min(this.box[1], lat[i]!);
      this.box[2] = Math.max(this.box[2], lon[i]!);
      this.box[3] = Math.max(this.box[3], lat[i]!);
    }
  }

  /**
   * The nearest point (id, distance in nautical miles) and the ids of every point within
   * sqrt(d² + slackNm²) of the query, d being the nearest distance: the points whose segments can
   * hold the nearest point of a line whose segments are at most 2 × slackNm long.
   */
  nearby(lon: number, lat: number, slackNm: number): { id: number; distanceNm: number; ids: number[] } {
    const count = this.walk(lon, lat, slackNm);
    if (this.at < 0) return { id: -1, distanceNm: Infinity, ids: [] };
    const ids: number[] = [];
    for (let k = 0; k < count; k++) if (this.d2s[k]! <= this.limit) ids.push(this.tree.ids[this.found[k]!]!);
    return { id: this.tree.ids[this.at]!, distanceNm: arcNm(this.best), ids };
  }

  // What the last walk found, kept on the index so that a walk allocates nothing: a build looks
  // up every position, and the collector showed in the profile.
  private at = -1;
  private best = Infinity;
  private limit = Infinity;
  /** The positions collected and their squared chords to the query. */
  private found = new Uint32Array(64);
  private d2s = new Float64Array(64);

  /**
   * Depth-first search for the nearest point, collecting every position that was within the slack
   * of the best distance when visited (a superset of those within it at the end); returns how many.
   */
  private walk(lon: number, lat: number, slackNm: number): number {
    const { coords, nodeSize } = this.tree;
    const xyz = this.xyz;
    const cosLat = Math.cos(lat * RAD);
    const qx = cosLat * Math.cos(lon * RAD);
    const qy = cosLat * Math.sin(lon * RAD);
    const qz = Math.sin(lat * RAD);
    let best = Infinity;
    let at = -1;
    let bound = Infinity;
    let count = 0;
    // Eight numbers a node: left, right, axis, its box (west, south, east, north) and the box's
    // least squared chord, kept so that the node is not measured again when it is taken off.
    const stack = this.stack;
    let top = this.push(0, 0, this.tree.ids.length - 1, 0, this.box, 0, Infinity);
    while (top > 0) {
      const near = stack[--top]!;
      const n = stack[--top]!;
      const e = stack[--top]!;
      const s = stack[--top]!;
      const w = stack[--top]!;
      const axis = stack[--top]!;
      const right = stack[--top]!;
      const left = stack[--top]!;
      // The bound may have tightened since the node was pushed.
      if (near > bound) continue;
      const leaf = right - left <= nodeSize;
      const m = (left + right) >> 1;
      for (let i = leaf ? left : m; i <= (leaf ? right : m); i++) {
        const dx = xyz[3 * i]! - qx;
        const dy = xyz[3 * i + 1]! - qy;
        const dz = xyz[3 * i + 2]! - qz;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 > bound) continue;
        if (count === this.found.length) this.grow();
        this.found[count] = i;
        this.d2s[count++] = d2;
        if (d2 < best) {
          best = d2;
          at = i;
          bound = chord2(Math.hypot(arcNm(d2), slackNm));
        }
      }
      if (leaf) continue;
      const split = coords[2 * m + axis]!;
      const next = 1 - axis;
      const box = this.halves;
      // The far half goes on the stack first, so the near half is searched first and tightens bound.
      const queryHigh = axis === 0 ? lon > split : lat > split;
      for (let k = 0; k < 2; k++) {
        const low = queryHigh === (k === 0);
        const l = low ? left : m + 1;
        const r = low ? m - 1 : right;
        if (l > r) continue;
        box[0] = w;
        box[1] = s;
        box[2] = e;
        box[3] = n;
        // The low half of a split on longitude ends at it in the east; of one on latitude, in the north.
        box[(low ? 2 : 0) + axis] = split;
        top = this.push(top, l, r, next, box, boxChord2(lon, lat, cosLat, box[0], box[1], box[2], box[3]), bound);
      }
    }
    this.at = at;
    this.best = best;
    this.limit = bound;
    return count;
  }

  private readonly halves = new Float64Array(4);

  /** Puts a node on the stack unless it is empty or beyond the bound; returns the new top. */
  private push(
    top: number,
    left: number,
    right: number,
    axis: number,
    box: ArrayLike<number>,
    near: number,
    bound: number,
  ): number {
    if (left > right || near > bound) return top;
    const stack = this.stack;
    stack[top] = left;
    stack[top + 1] = right;
    stack[top + 2] = axis;
    stack[top + 3] = box[0]!;
    stack[top + 4] = box[1]!;
    stack[top + 5] = box[2]!;
    stack[top + 6] = box[3]!;
    stack[top + 7] = near;
    return top + 8;
  }

  private grow(): void {
    const found = new Uint32Array(2 * this.found.length);
    const d2s = new Float64Array(2 * this.d2s.length);
    found.set(this.found);
    d2s.set(this.d2s);
    this.found = found;
    this.d2s = d2s;
  }
}

/**
 * A lower bound of the squared chord from P to any point of a lon/lat box: the haversine formula
 * with the smallest latitude and longitude gaps and the smallest cosine the box allows. Sines and
 * cosines are taken by their Taylor series cut after a subtracted term, which is below the true
 * value, so the bound stays a bound; it is worked out for every node the search meets.
 */
function boxChord2(lon: number, lat: number, cosLat: number, w: number, s: number, e: number, n: number): number {
  const dLat = lat < s ? s - lat : lat > n ? lat - n : 0;
  // The longitude gap the short way round: a box just east of the 180th meridian is near a point just west of it.
  const dLon = lon < w ? Math.min(w - lon, lon + 360 - e) : lon > e ? Math.min(lon - e, w + 360 - lon) : 0;
  if (dLat === 0 && dLon === 0) return 0;
  const a = sinBelow((dLat * RAD) / 2);
  // Within the box's longitudes the longitude term is nought: the cosines are not needed.
  if (dLon === 0) return 4 * (a * a);
  const b = sinBelow((dLon * RAD) / 2);
  const cosBox = cosBelow(Math.max(Math.abs(s), Math.abs(n)) * RAD);
  return 4 * (a * a + cosLat * Math.max(0, cosBox) * b * b);
}

/** sin x from below for 0 <= x <= pi/2 (x - x³/6 + x⁵/120 - x⁷/5040), and 0 at worst. */
function sinBelow(x: number): number {
  const x2 = x * x;
  return Math.max(0, x * (1 - (x2 / 6) * (1 - (x2 / 20) * (1 - x2 / 42))));
}

/** cos x from below for 0 <= x <= pi/2 (1 - x²/2 + x⁴/24 - x⁶/720). */
function cosBelow(x: number): number {
  const x2 = x * x;
  return 1 - (x2 / 2) * (1 - (x2 / 12) * (1 - x2 / 30));
}

function unit(lon: number, lat: number, out: Float64Array, at: number): void {
  const cosLat = Math.cos(lat * RAD);
  out[at] = cosLat * Math.cos(lon * RAD);
  out[at + 1] = cosLat * Math.sin(lon * RAD);
  out[at + 2] = Math.sin(lat * RAD);
}

/** Squared chord of the unit sphere for an arc in nautical miles, and back. */
function chord2(arcNm: number): number {
  const c = 2 * Math.sin(Math.min(arcNm / EARTH_RADIUS_NM, Math.PI) / 2);
  return c * c;
}

function arcNm(chordSquared: number): number {
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(chordSquared) / 2));
}
