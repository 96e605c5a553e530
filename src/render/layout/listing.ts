import type { PageFlow } from './flow.js';
import { LISTING, LISTING_LEADING, MUTED, RULE, TEXT } from './styles.js';
import type { Block, FontKey } from './types.js';

/**
 * A text file as printed: each line in the monospace font, its number in a gutter on the left,
 * a line longer than the width wrapped at the character that does not fit (a continuation has
 * no number, so numbers stay those of the file). A page breaks between any two printed rows.
 */
export function layoutListing(flow: PageFlow, block: Extract<Block, { kind: 'listing' }>, indent: number): void {
  const size = LISTING;
  const lh = size * LISTING_LEADING;
  const digit = flow.m.width('0', 'mono', size);
  const last = block.first + block.lines.length - 1;
  const digits = String(last).length;
  const left = flow.g.marginLeft + indent;
  // Numbers end half a character before the gutter's rule, the text starts most of one after it.
  const numbersRight = left + (digits + 0.5) * digit;
  const ruleX = left + (digits + 1) * digit;
  const textLeft = left + (digits + 1.8) * digit;
  const width = flow.contentWidth - indent - (textLeft - left);
  const widthOf = charWidths(flow, size);

  // The gutter's rule runs down each page's share of the listing.
  let ruleTop = flow.cursor.y;
  const closeRule = () => {
    if (flow.cursor.y > ruleTop) {
      const x = ruleX;
      const y1 = flow.g.height - ruleTop;
      const y2 = flow.g.height - flow.cursor.y;
      flow.cursor.page.rules.push({ x1: x, y1, x2: x, y2, width: 0.4, color: RULE });
    }
  };
  flow.ensure(2 * lh);
  ruleTop = flow.cursor.y;
  block.lines.forEach((line, i) => {
    wrap(line, width, widthOf).forEach((row, k) => {
      if (!flow.atTop && flow.cursor.y + lh > flow.bottom + 1e-6) {
        closeRule();
        flow.breakPage();
        ruleTop = flow.cursor.y;
      }
      flow.placeAnchors();
      const y = flow.g.height - (flow.cursor.y + size * 0.9);
      if (k === 0) {
        const number = String(block.first + i);
        const x = numbersRight - flow.m.width(number, 'mono', size);
        flow.cursor.page.runs.push({ x, y, text: number, font: 'mono', size, color: MUTED });
      }
      let x = textLeft;
      for (const run of runs(flow, row)) {
        if (run.text.trim() !== '')
          flow.cursor.page.runs.push({ x, y, text: run.text, font: run.font, size, color: TEXT });
        x += flow.m.width(run.text, run.font, size);
      }
      flow.cursor.y += lh;
    });
  });
  closeRule();
  flow.cursor.y = Math.min(flow.cursor.y + 6, flow.bottom);
}

/** The monospace font throughout, but Arabic script in the font that shapes it. */
function runs(flow: PageFlow, text: string): { text: string; font: FontKey }[] {
  return flow.m.fontRuns(text, 'regular').map((r) => ({ text: r.text, font: r.font === 'regular' ? 'mono' : r.font }));
}

function charWidths(flow: PageFlow, size: number): (ch: string) => number {
  const cache = new Map<string, number>();
  return (ch) => {
    let w = cache.get(ch);
    if (w === undefined) {
      w = runs(flow, ch).reduce((sum, r) => sum + flow.m.width(r.text, r.font, size), 0);
      cache.set(ch, w);
    }
    return w;
  };
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A line cut into rows no wider than `width`: after the last space of the row when that
 * space is in its last third, else at the character that does not fit (a file's text is not
 * prose, and a long token such as a hash or a URL may be cut anywhere).
 */
function wrap(line: string, width: number, widthOf: (ch: string) => number): string[] {
  if (line === '') return [''];
  const rows: string[] = [];
  let row: string[] = [];
  let used = 0;
  for (const { segment } of graphemes.segment(line)) {
    const w = widthOf(segment);
    if (used + w > width + 1e-6 && row.length > 0) {
      const space = row.lastIndexOf(' ');
      const cut = space >= (row.length * 2) / 3 ? space + 1 : row.length;
      rows.push(row.slice(0, cut).join(''));
      row = row.slice(cut);
      used = row.reduce((sum, ch) => sum + widthOf(ch), 0);
    }
    row.push(segment);
    used += w;
  }
  rows.push(row.join(''));
  return rows;
}
