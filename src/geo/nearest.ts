import { EARTH_RADIUS_NM } from './sphere.js';

const RAD = Math.PI / 180;
/** Points a leaf holds: few enough to measure them all, enough that the tree stays shallow. */
const LEAF_SIZE = 16;

/**
 * Nearest-vertex search over points on the sphere, kept as unit vectors in a k-d tree of three
 * dimensions. The straight-line (chord) distance between unit vectors orders points as their
 * great-circle distance does, and the chord from a query to an axis-aligned box is exact and
 * takes no trigonometry: no bound from series, nothing special at the poles or the 180th
 * meridian. The tree is built once (tens of milliseconds for the coast), in a sorted array as
 * kdbush lays out its two-dimensional one: a node is a range of it, split at its middle element.
 */
export class SphereIndex {
  /** The point ids in the tree's order. */
  readonly ids: Uint32Array;
  /** Unit vectors of the points in the tree's order. */
  private readonly xyz: Float64Array;
  /**
   * Each node's box (min x, y, z, max x, y, z), stored at its middle element: the middles of the
   * nodes are all different, since a node's children leave out its own middle.
   */
  private readonly boxes: Float64Array;
  /** The walk's nodes to visit: their ranges, and their boxes' squared chords to the query. */
  private readonly ranges = new Int32Array(2 * 256);
  private readonly nears = new Float64Array(256);

  /**
   * `order`: the points' ids in the tree's order, as `ids` of an index built before (stored with
   * the coast by scripts/make-geo-assets.mjs), which spares sorting them; one that is not an order
   * of these points is ignored.
   */
  constructor(lon: Float64Array, lat: Float64Array, order?: Uint32Array) {
    const n = lon.length;
    const stored = order && isOrder(order, n);
    this.ids = stored ? order.slice() : Uint32Array.from({ length: n }, (_, i) => i);
    this.xyz = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) unit(lon[this.ids[i]!]!, lat[this.ids[i]!]!, this.xyz, 3 * i);
    this.boxes = new Float64Array(6 * n);
    if (n === 0) return;
    if (!stored) {
      const all = EMPTY_BOX.slice();
      for (let i = 0; i < 3 * n; i += 3) {
        for (let c = 0; c < 3; c++) {
          all[c] = Math.min(all[c]!, this.xyz[i + c]!);
          all[3 + c] = Math.max(all[3 + c]!, this.xyz[i + c]!);
        }
      }
      this.sort(0, n - 1, all);
    }
    this.box(0, n - 1);
  }

  /**
   * The nearest point (id, distance in nautical miles) and the ids of every point within
   * sqrt(d² + slackNm²) of the query, d being the nearest distance: the points whose segments can
   * hold the nearest point of a line whose segments are at most 2 × slackNm long.
   */
  nearby(lon: number, lat: number, slackNm: number): { id: number; distanceNm: number; ids: number[] } {
    const count = this.search(lon, lat, slackNm);
    return { id: this.nearestId, distanceNm: this.nearestNm, ids: Array.from(this.within.subarray(0, count)) };
  }

  /**
   * `nearby` without allocating, for the lookups of a build: sets `nearestId` (-1 when there are
   * no points) and `nearestNm`, puts the ids within the slack at the start of `within` and returns
   * how many there are. The next search overwrites them.
   */
  search(lon: number, lat: number, slackNm: number): number {
    const found = this.walk(lon, lat, slackNm);
    this.nearestId = this.at < 0 ? -1 : this.ids[this.at]!;
    this.nearestNm = this.at < 0 ? Infinity : arcNm(this.best);
    if (this.at < 0) return 0;
    let count = 0;
    for (let k = 0; k < found; k++) if (this.d2s[k]! <= this.limit) this.within[count++] = this.ids[this.found[k]!]!;
    return count;
  }

  nearestId = -1;
  nearestNm = Infinity;
  /** Sized with `found`, which it never outgrows. */
  within = new Uint32Array(64);

  /**
   * Sorts the range into a subtree. The side to split across is chosen from `loose`, a box the
   * range lies in (its parent's, cut at the split), which costs nothing to work out.
   */
  private sort(left: number, right: number, loose: number[]): void {
    if (right - left < LEAF_SIZE) return;
    // Split across the longest side: the coast is a thin band on the sphere, so boxes stay compact.
    const [dx, dy, dz] = [loose[3]! - loose[0]!, loose[4]! - loose[1]!, loose[5]! - loose[2]!];
    const axis = dx >= dy && dx >= dz ? 0 : dy >= dz ? 1 : 2;
    const m = (left + right) >> 1;
    this.select(m, left, right, axis);
    const split = this.xyz[3 * m + axis]!;
    const low = loose.slice();
    low[3 + axis] = split;
    this.sort(left, m - 1, low);
    const high = loose.slice();
    high[axis] = split;
    this.sort(m + 1, right, high);
  }

  /** Stores the tight box of the range's subtree and of every node below it, from the leaves up. */
  private box(left: number, right: number): void {
    const key = 6 * ((left + right) >> 1);
    this.boxes.set(EMPTY_BOX, key);
    if (right - left < LEAF_SIZE) {
      for (let i = left; i <= right; i++) this.extend(key, 3 * i);
      return;
    }
    const m = (left + right) >> 1;
    this.extend(key, 3 * m);
    if (left <= m - 1) {
      this.box(left, m - 1);
      this.union(key, 6 * ((left + m - 1) >> 1));
    }
    if (m + 1 <= right) {
      this.box(m + 1, right);
      this.union(key, 6 * ((m + 1 + right) >> 1));
    }
  }

  /** Grows the box at `key` to hold the point at `at` of the unit vectors. */
  private extend(key: number, at: number): void {
    const { xyz, boxes } = this;
    for (let c = 0; c < 3; c++) {
      const v = xyz[at + c]!;
      if (v < boxes[key + c]!) boxes[key + c] = v;
      if (v > boxes[key + 3 + c]!) boxes[key + 3 + c] = v;
    }
  }

  /** Grows the box at `key` to hold the box at `other`. */
  private union(key: number, other: number): void {
    const boxes = this.boxes;
    for (let c = 0; c < 3; c++) {
      if (boxes[other + c]! < boxes[key + c]!) boxes[key + c] = boxes[other + c]!;
      if (boxes[other + 3 + c]! > boxes[key + 3 + c]!) boxes[key + 3 + c] = boxes[other + 3 + c]!;
    }
  }

  /** Floyd and Rivest's selection (as kdbush has it): element k in place, smaller ones before it. */
  private select(k: number, left: number, right: number, axis: number): void {
    const xyz = this.xyz;
    while (right > left) {
      if (right - left > 600) {
        const n = right - left + 1;
        const m = k - left + 1;
        const z = Math.log(n);
        const s = 0.5 * Math.exp((2 * z) / 3);
        const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
        const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
        const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
        this.select(k, newLeft, newRight, axis);
      }
      const t = xyz[3 * k + axis]!;
      let i = left;
      let j = right;
      this.swap(left, k);
      if (xyz[3 * right + axis]! > t) this.swap(left, right);
      while (i < j) {
        this.swap(i, j);
        i++;
        j--;
        while (xyz[3 * i + axis]! < t) i++;
        while (xyz[3 * j + axis]! > t) j--;
      }
      if (xyz[3 * left + axis] === t) this.swap(left, j);
      else {
        j++;
        this.swap(j, right);
      }
      if (j <= k) left = j + 1;
      if (k <= j) right = j - 1;
    }
  }

  private swap(a: number, b: number): void {
    const { ids, xyz } = this;
    const id = ids[a]!;
    ids[a] = ids[b]!;
    ids[b] = id;
    const [i, j] = [3 * a, 3 * b];
    const [x, y, z] = [xyz[i]!, xyz[i + 1]!, xyz[i + 2]!];
    xyz[i] = xyz[j]!;
    xyz[i + 1] = xyz[j + 1]!;
    xyz[i + 2] = xyz[j + 2]!;
    xyz[j] = x;
    xyz[j + 1] = y;
    xyz[j + 2] = z;
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
    const { xyz, boxes, ranges, nears } = this;
    const cosLat = Math.cos(lat * RAD);
    const qx = cosLat * Math.cos(lon * RAD);
    const qy = cosLat * Math.sin(lon * RAD);
    const qz = Math.sin(lat * RAD);
    let best = Infinity;
    let at = -1;
    let bound = Infinity;
    let count = 0;
    let found = this.found;
    let d2s = this.d2s;
    // Each node's box is measured when it is put on the stack, and not again when taken off.
    let top = 0;
    if (this.ids.length > 0) {
      ranges[0] = 0;
      ranges[1] = this.ids.length - 1;
      nears[0] = 0;
      top = 1;
    }
    while (top > 0) {
      top--;
      const left = ranges[2 * top]!;
      const right = ranges[2 * top + 1]!;
      // The bound may have tightened since the node was pushed.
      if (nears[top]! > bound) continue;
      const leaf = right - left < LEAF_SIZE;
      const m = (left + right) >> 1;
      const last = leaf ? right : m;
      for (let i = leaf ? left : m; i <= last; i++) {
        const dx = xyz[3 * i]! - qx;
        const dy = xyz[3 * i + 1]! - qy;
        const dz = xyz[3 * i + 2]! - qz;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 > bound) continue;
        if (count === found.length) {
          this.grow();
          found = this.found;
          d2s = this.d2s;
        }
        found[count] = i;
        d2s[count++] = d2;
        if (d2 < best) {
          best = d2;
          at = i;
          bound = chord2(Math.hypot(arcNm(d2), slackNm));
        }
      }
      if (leaf) continue;
      // Both halves measured, the farther put on the stack first, so the nearer is searched first
      // and tightens the bound.
      const lowNear = m - 1 >= left ? boxChord2(boxes, 6 * ((left + m - 1) >> 1), qx, qy, qz) : Infinity;
      const highNear = right >= m + 1 ? boxChord2(boxes, 6 * ((m + 1 + right) >> 1), qx, qy, qz) : Infinity;
      const lowFirst = lowNear <= highNear;
      for (let k = 0; k < 2; k++) {
        const low = lowFirst === (k === 1);
        const near = low ? lowNear : highNear;
        if (near > bound) continue;
        ranges[2 * top] = low ? left : m + 1;
        ranges[2 * top + 1] = low ? m - 1 : right;
        nears[top++] = near;
      }
    }
    this.at = at;
    this.best = best;
    this.limit = bound;
    return count;
  }

  private grow(): void {
    const found = new Uint32Array(2 * this.found.length);
    const d2s = new Float64Array(2 * this.d2s.length);
    found.set(this.found);
    d2s.set(this.d2s);
    this.found = found;
    this.d2s = d2s;
    this.within = new Uint32Array(found.length);
  }
}

const EMPTY_BOX = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];

/** Whether `ids` holds each of 0 .. n-1 once. */
function isOrder(ids: Uint32Array, n: number): boolean {
  if (ids.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const id of ids) {
    if (id >= n || seen[id]) return false;
    seen[id] = 1;
  }
  return true;
}

/** The squared distance from the query to the nearest point of a box, from zero inside it. */
function boxChord2(boxes: Float64Array, at: number, qx: number, qy: number, qz: number): number {
  const dx = qx < boxes[at]! ? boxes[at]! - qx : qx > boxes[at + 3]! ? qx - boxes[at + 3]! : 0;
  const dy = qy < boxes[at + 1]! ? boxes[at + 1]! - qy : qy > boxes[at + 4]! ? qy - boxes[at + 4]! : 0;
  const dz = qz < boxes[at + 2]! ? boxes[at + 2]! - qz : qz > boxes[at + 5]! ? qz - boxes[at + 5]! : 0;
  return dx * dx + dy * dy + dz * dz;
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
