import type { Line } from './lines.js';
import type { PageFlow } from './flow.js';
import { CELL, CELL_PAD_X, CELL_PAD_Y, HEADER_FILL, LEADING, RULE, TEXT } from './styles.js';
import type { Block, Face, Inline } from './types.js';

/**
 * A table: a header repeated on each page it runs onto (a headless key/value table has none,
 * and a rule marks where it starts and where it goes on); a row split by lines only if no page holds it.
 */
export function layoutTable(flow: PageFlow, block: Extract<Block, { kind: 'table' }>, indent: number): void {
  const left = flow.g.marginLeft + indent;
  const total = flow.contentWidth - indent;
  const widths = columnWidths(flow, block, total);
  const lh = CELL * LEADING;
  const cellLines = (cells: Inline[][], header: boolean) =>
    cells.map((cell, c) =>
      flow.lines(cell, {
        width: Math.max(4, widths[c]! - 2 * CELL_PAD_X),
        size: CELL,
        align: block.align[c] ?? 'left',
        face: header ? 'bold' : undefined,
      }),
    );
  const headless = block.headless === true;
  const headerLines = headless ? [] : cellLines(block.header, true);
  const headerHeight = headless ? 0 : Math.max(1, ...headerLines.map((l) => l.length)) * lh + 2 * CELL_PAD_Y;

  const drawHeader = () => {
    flow.placeAnchors();
    if (headless) {
      flow.rule(left, left + total, flow.cursor.y, 0.8, RULE);
      return;
    }
    const top = flow.cursor.y;
    flow.cursor.page.rects.push({
      x: left,
      y: flow.g.height - top - headerHeight,
      w: total,
      h: headerHeight,
      fill: HEADER_FILL,
    });
    drawCells(
      flow,
      headerLines.map((l) => ({ lines: l, from: 0, to: l.length })),
      widths,
      left,
      top,
      lh,
    );
    flow.cursor.y += headerHeight;
    flow.rule(left, left + total, flow.cursor.y, 0.8, RULE);
  };

  // The header never stands alone at a page foot: it needs its first row below it.
  const firstRow = block.rows[0]
    ? Math.max(1, ...cellLines(block.rows[0], false).map((l) => l.length)) * lh + 2 * CELL_PAD_Y
    : 0;
  flow.ensure(headerHeight + Math.min(firstRow, (flow.bottom - flow.g.marginTop) / 2));
  drawHeader();
  const rowHeight = (r: number) =>
    Math.max(1, ...cellLines(block.rows[r]!, false).map((l) => l.length)) * lh + 2 * CELL_PAD_Y;
  let rowsOnPage = 0;
  for (const [r, row] of block.rows.entries()) {
    const lines = cellLines(row, false);
    const rowLines = Math.max(1, ...lines.map((l) => l.length));
    // The last row does not stand alone at the head of a page: if it must go over, the one
    // before it goes too (when this page keeps a row of the table and the two fit a new page).
    if (r === block.rows.length - 2 && rowsOnPage > 0) {
      const both = rowHeight(r) + rowHeight(r + 1);
      const room = flow.bottom - flow.cursor.y + 1e-6;
      if (rowHeight(r) <= room && both > room && both <= flow.bottom - flow.g.marginTop - headerHeight) {
        flow.breakPage();
        drawHeader();
        rowsOnPage = 0;
      }
    }
    let done = 0;
    while (done < rowLines) {
      let fit = Math.floor((flow.bottom - flow.cursor.y - 2 * CELL_PAD_Y + 1e-6) / lh);
      const freshPageFit = Math.floor((flow.bottom - flow.g.marginTop - headerHeight - 2 * CELL_PAD_Y) / lh);
      // A row that would fit whole on a new page is not split.
      if (fit < rowLines - done && rowLines - done <= freshPageFit && done === 0) fit = 0;
      if (fit <= 0 && freshPageFit > 0) {
        flow.breakPage();
        drawHeader();
        rowsOnPage = 0;
        continue;
      }
      fit = Math.max(fit, 1);
      const take = Math.min(fit, rowLines - done);
      const top = flow.cursor.y;
      drawCells(
        flow,
        lines.map((l) => ({ lines: l, from: done, to: done + take })),
        widths,
        left,
        top,
        lh,
      );
      flow.cursor.y += take * lh + 2 * CELL_PAD_Y;
      flow.rule(left, left + total, flow.cursor.y, 0.3, [0.75, 0.75, 0.78]);
      done += take;
      if (done < rowLines) {
        flow.breakPage();
        drawHeader();
      }
    }
    rowsOnPage++;
  }
  flow.cursor.y = Math.min(flow.cursor.y + 8, flow.bottom);
}

function drawCells(
  flow: PageFlow,
  cells: { lines: Line[]; from: number; to: number }[],
  widths: number[],
  left: number,
  top: number,
  lh: number,
): void {
  let x = left;
  cells.forEach((cell, c) => {
    for (let i = cell.from; i < Math.min(cell.to, cell.lines.length); i++) {
      const baseline = top + CELL_PAD_Y + (i - cell.from) * lh + CELL * 0.93;
      flow.drawLine(cell.lines[i]!, x + CELL_PAD_X, baseline, CELL, lh, TEXT);
    }
    x += widths[c]!;
  });
}

/**
 * Columns share the width as the template's dashes say, or else by their content: each
 * gets its longest word, the rest goes by text length; spare room goes to the last column.
 */
function columnWidths(flow: PageFlow, block: Extract<Block, { kind: 'table' }>, total: number): number[] {
  const columns = block.header.length;
  const sample = block.rows.slice(0, 40);
  const minimum = new Array<number>(columns).fill(0);
  const natural = new Array<number>(columns).fill(0);
  const rows = block.headless ? sample : [block.header, ...sample];
  for (const [r, row] of rows.entries()) {
    const header = r === 0 && !block.headless;
    row.forEach((cell, c) => {
      const face: Face = header ? 'bold' : 'regular';
      const text = cell.map((i) => i.text).join('');
      const words = text.split(/[ \n]+/).filter(Boolean);
      const longest = Math.max(0, ...words.map((w) => flow.measure(w, face, CELL)));
      const width = flow.measure(text, face, CELL);
      // A short header stays on one line; otherwise a column needs its longest word.
      const unbroken = header ? Math.max(longest, Math.min(width, total / 4)) : longest;
      minimum[c] = Math.max(minimum[c]!, Math.min(unbroken, total / 3) + 2 * CELL_PAD_X);
      natural[c] = Math.max(natural[c]!, width + 2 * CELL_PAD_X);
    });
  }
  const minSum = minimum.reduce((a, b) => a + b, 0);
  if (minSum >= total) return minimum.map((w) => (w / minSum) * total);
  if (block.widths) {
    // The template's proportions, but no column narrower than its longest word.
    const sum = block.widths.reduce((a, b) => a + b, 0);
    const wanted = block.widths.map((w) => (w / sum) * total);
    const short = wanted.map((w, c) => Math.max(0, minimum[c]! - w));
    const deficit = short.reduce((a, b) => a + b, 0);
    const slack = wanted.map((w, c) => Math.max(0, w - minimum[c]!));
    const slackSum = slack.reduce((a, b) => a + b, 0);
    return wanted.map((w, c) =>
      short[c]! > 0 ? minimum[c]! : w - (slackSum > 0 ? (slack[c]! / slackSum) * deficit : 0),
    );
  }
  const naturalSum = natural.reduce((a, b) => a + b, 0);
  if (naturalSum <= total) return natural.map((n, c) => (c === columns - 1 ? n + total - naturalSum : n));
  const extra = natural.map((n, c) => Math.max(0, n - minimum[c]!));
  const extraSum = extra.reduce((a, b) => a + b, 0);
  return minimum.map(
    (w, c) => w + (extraSum > 0 ? (extra[c]! / extraSum) * (total - minSum) : (total - minSum) / columns),
  );
}
