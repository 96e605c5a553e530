type Point = [number, number];

/**
 * Marching squares over a grid of values (row by row, nx per row, column i at x0 + i·dx and row j at
 * y0 + j·dy), joined into polylines at `level`. A corner without a value (NaN) ends the line there.
 */
export function isolines(
  values: Float64Array,
  nx: number,
  ny: number,
  level: number,
  x0: number,
  y0: number,
  dx: number,
  dy: number,
): Point[][] {
  const at = (i: number, j: number): number => values[j * nx + i]!;
  // Each crossing sits on a grid edge; naming it by the edge lets neighbouring cells share it.
  const hEdge = (i: number, j: number): number => 2 * (j * nx + i); // from (i, j) to (i + 1, j)
  const vEdge = (i: number, j: number): number => 2 * (j * nx + i) + 1; // from (i, j) to (i, j + 1)
  const crossing = (edge: number): Point => {
    const k = edge >> 1;
    const i = k % nx;
    const j = (k - i) / nx;
    const vertical = edge & 1;
    const i2 = vertical ? i : i + 1;
    const j2 = vertical ? j + 1 : j;
    const a = at(i, j);
    const t = (level - a) / (at(i2, j2) - a);
    return [x0 + (i + t * (i2 - i)) * dx, y0 + (j + t * (j2 - j)) * dy];
  };
  const links = new Map<number, number[]>();
  const link = (a: number, b: number): void => {
    const fromA = links.get(a);
    if (fromA) fromA.push(b);
    else links.set(a, [b]);
    const fromB = links.get(b);
    if (fromB) fromB.push(a);
    else links.set(b, [a]);
  };
  // Edges of a cell in order: bottom, right, top, left (edge e joins corners e and (e + 1) mod 4).
  const edges = [0, 0, 0, 0];
  // Every cell of every map passes here: a cell the line does not cross allocates nothing.
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const c0 = at(i, j);
      const c1 = at(i + 1, j);
      const c2 = at(i + 1, j + 1);
      const c3 = at(i, j + 1);
      if (Number.isNaN(c0) || Number.isNaN(c1) || Number.isNaN(c2) || Number.isNaN(c3)) continue;
      const a0 = c0 > level;
      const a1 = c1 > level;
      const a2 = c2 > level;
      const a3 = c3 > level;
      // Bit e set where edge e is cut: none, two or all four.
      const cut = (a0 !== a1 ? 1 : 0) | (a1 !== a2 ? 2 : 0) | (a2 !== a3 ? 4 : 0) | (a3 !== a0 ? 8 : 0);
      if (cut === 0) continue;
      edges[0] = hEdge(i, j);
      edges[1] = vEdge(i + 1, j);
      edges[2] = hEdge(i, j + 1);
      edges[3] = vEdge(i, j);
      if (cut !== 15) {
        // The two cut edges, the lower first.
        const rest = cut & (cut - 1);
        link(edges[31 - Math.clz32(cut & -cut)]!, edges[31 - Math.clz32(rest)]!);
      } else {
        // A saddle: the cell's mean decides which corners the line separates.
        const centreAbove = (c0 + c1 + c2 + c3) / 4 > level;
        if (centreAbove === a0) {
          link(edges[0]!, edges[1]!);
          link(edges[2]!, edges[3]!);
        } else {
          link(edges[3]!, edges[0]!);
          link(edges[1]!, edges[2]!);
        }
      }
    }
  }
  return chains(links).map((chain) => chain.map(crossing));
}

/** Walks the links into chains, starting from open ends so that a line is not cut in two. */
function chains(links: Map<number, number[]>): number[][] {
  const seen = new Set<number>();
  const result: number[][] = [];
  const starts = [...links.keys()].sort((a, b) => links.get(a)!.length - links.get(b)!.length);
  for (const start of starts) {
    if (seen.has(start)) continue;
    const chain = [start];
    seen.add(start);
    let current = start;
    for (;;) {
      const next = links.get(current)!.find((n) => !seen.has(n));
      if (next === undefined) break;
      chain.push(next);
      seen.add(next);
      current = next;
    }
    // A closed loop returns to its start: close it for drawing.
    if (chain.length > 2 && links.get(current)!.includes(start)) chain.push(start);
    if (chain.length > 1) result.push(chain);
  }
  return result;
}
