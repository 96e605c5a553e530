import { breakLines, type Line, type LineOptions } from './lines.js';
import type {
  Align,
  Block,
  Face,
  HeadingEntry,
  Inline,
  LaidOutPage,
  Measurer,
  ChartData,
  PageGeometry,
  ParagraphStyle,
  Rgb,
} from './types.js';

/** A4, with margins fit for filing: a wider inner margin for binding, room below for footer and stamp. */
export const A4: PageGeometry = {
  width: 595.28,
  height: 841.89,
  marginTop: 64,
  marginBottom: 78,
  marginLeft: 78,
  marginRight: 64,
};

const BODY = 10.5;
const LEADING = 1.38;
const CELL = 8.6;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const LIST_INDENT = 16;
const TEXT: Rgb = [0.08, 0.08, 0.1];
const MUTED: Rgb = [0.38, 0.38, 0.42];
const RULE: Rgb = [0.55, 0.55, 0.6];
const HEADER_FILL: Rgb = [0.92, 0.92, 0.94];

const HEADING = {
  1: { size: 15, before: 20, after: 8 },
  2: { size: 12.5, before: 16, after: 6 },
  3: { size: 11, before: 10, after: 4 },
} as const;

const PARAGRAPH: Record<ParagraphStyle, { size: number; face?: Face; color?: Rgb; after: number }> = {
  body: { size: BODY, after: 6 },
  small: { size: 8.6, color: MUTED, after: 3 },
  title: { size: 22, face: 'bold', after: 10 },
  subtitle: { size: 13, after: 8 },
  marking: { size: 12, face: 'bold', color: [0.6, 0.05, 0.05], after: 8 },
};

export interface LayoutOptions {
  geometry: PageGeometry;
  measurer: Measurer;
  /** Receives each page as soon as it is full, so memory does not grow with the page count. */
  onPage: (page: LaidOutPage) => void;
  /** Entries the table of contents lists (known before layout, numbered after it). */
  toc: HeadingEntry[];
  /** Displayed width and height (any unit: only the ratio counts) of each photo. */
  imageSize?: (id: string) => { width: number; height: number } | undefined;
  /** Called where pages made elsewhere go, after the current page is handed over. */
  onPages?: (id: string) => void;
  /** The data of each chart a directive names. */
  chart?: (id: string) => ChartData | undefined;
}

export interface LayoutResult {
  pageCount: number;
}

interface Cursor {
  page: LaidOutPage;
  /** Distance from the top edge of the page. */
  y: number;
}

/**
 * Lays out blocks on pages. Pure but for `onPage`: the caller draws (or inspects) each page.
 * A page breaks only below the top margin, so no box loops forever: what does not fit on an
 * empty page is split (table rows, by lines) or placed anyway.
 */
export class LayoutEngine {
  private readonly g: PageGeometry;
  private readonly m: Measurer;
  private readonly onPage: (page: LaidOutPage) => void;
  private readonly toc: HeadingEntry[];
  private readonly imageSize: NonNullable<LayoutOptions['imageSize']>;
  private readonly onPages: NonNullable<LayoutOptions['onPages']>;
  private readonly chartData: NonNullable<LayoutOptions['chart']>;
  private cursor: Cursor;
  private pageCount = 0;
  private pendingAnchors: string[] = [];
  private readonly lineCache = new WeakMap<object, Map<string, Line[]>>();

  constructor(options: LayoutOptions) {
    this.g = options.geometry;
    this.m = options.measurer;
    this.onPage = options.onPage;
    this.toc = options.toc;
    this.imageSize = options.imageSize ?? (() => undefined);
    this.onPages = options.onPages ?? (() => undefined);
    this.chartData = options.chart ?? (() => undefined);
    this.cursor = { page: this.newPage(), y: this.g.marginTop };
  }

  get contentWidth(): number {
    return this.g.width - this.g.marginLeft - this.g.marginRight;
  }

  private get bottom(): number {
    return this.g.height - this.g.marginBottom;
  }

  private get atTop(): boolean {
    return this.cursor.y <= this.g.marginTop + 1e-6;
  }

  private newPage(): LaidOutPage {
    return {
      index: this.pageCount++,
      runs: [],
      rules: [],
      rects: [],
      images: [],
      links: [],
      deferred: [],
      anchors: [],
    };
  }

  /** Ends the current page (unless it is still empty) and starts the next. */
  breakPage(): void {
    if (this.isBlank()) return;
    this.onPage(this.cursor.page);
    this.cursor = { page: this.newPage(), y: this.g.marginTop };
  }

  private isBlank(): boolean {
    const p = this.cursor.page;
    return this.atTop && p.runs.length === 0 && p.rules.length === 0 && p.images.length === 0 && p.anchors.length === 0;
  }

  /** Lays out blocks after what is already on the page. */
  add(blocks: readonly Block[], indent = 0): void {
    blocks.forEach((block, i) => this.block(block, indent, blocks[i + 1]));
  }

  finish(): LayoutResult {
    // A dossier ending with merged pages has nothing left on its last page of its own.
    if (!this.isBlank() || this.pageCount === 1) this.onPage(this.cursor.page);
    return { pageCount: this.pageCount };
  }

  private block(block: Block, indent: number, next: Block | undefined): void {
    switch (block.kind) {
      case 'paragraph': {
        const style = PARAGRAPH[block.style ?? 'body'];
        this.paragraph(block.inlines, {
          size: style.size,
          face: style.face,
          color: style.color,
          align: block.align ?? 'justify',
          indent,
          after: style.after,
        });
        break;
      }
      case 'heading':
        this.heading(block, indent, next);
        break;
      case 'list':
        this.list(block, indent);
        break;
      case 'table':
        this.table(block, indent);
        break;
      case 'pagebreak':
        this.breakPage();
        break;
      case 'toc':
        this.tableOfContents();
        break;
      case 'rule':
        this.ensure(8);
        this.rule(this.g.marginLeft + indent, this.g.width - this.g.marginRight, this.cursor.y + 4, 0.5, RULE);
        this.cursor.y += 8;
        break;
      case 'space':
        if (this.cursor.y + block.points > this.bottom) this.breakPage();
        else this.cursor.y += block.points;
        break;
      case 'anchor':
        this.pendingAnchors.push(block.id);
        break;
      case 'image':
        this.image(block.id, indent);
        break;
      case 'chart':
        this.chart(block.id, indent);
        break;
      case 'pages':
        // The page in progress is handed over first (if it has anything on it); the blank
        // page that follows stays in progress for what comes after the merged pages.
        this.breakPage();
        this.onPages(block.id);
        break;
    }
  }

  /** Horizontal bars: the label, a bar as long as the value, the value in words. */
  private chart(id: string, indent: number): void {
    const data = this.chartData(id);
    if (!data || data.bars.length === 0) return;
    const left = this.g.marginLeft + indent;
    const width = this.contentWidth - indent;
    const labelWidth = width * 0.3;
    const size = 8.6;
    const textWidth = Math.max(...data.bars.map((b) => this.measure(b.text, 'regular', size))) + 8;
    const barMax = width - labelWidth - textWidth - 12;
    const max = Math.max(...data.bars.map((b) => b.value), 1);
    const row = 15;
    for (const bar of data.bars) {
      this.ensure(row);
      this.placeAnchors();
      const top = this.cursor.y;
      const baseline = this.g.height - (top + size * 0.93 + 2);
      const label = this.fitText(bar.label, labelWidth - 6, size);
      this.cursor.page.runs.push({
        x: left + labelWidth - 6 - this.measure(label, 'regular', size),
        y: baseline,
        text: label,
        font: 'regular',
        size,
        color: TEXT,
      });
      const w = (bar.value / max) * barMax;
      this.cursor.page.rects.push({
        x: left + labelWidth,
        y: this.g.height - top - row + 3,
        w: Math.max(w, 0.5),
        h: row - 5,
        fill: [0.16, 0.33, 0.55],
      });
      this.cursor.page.runs.push({
        x: left + labelWidth + w + 4,
        y: baseline,
        text: bar.text,
        font: 'regular',
        size,
        color: TEXT,
      });
      this.cursor.y += row;
    }
    this.cursor.y = Math.min(this.cursor.y + 8, this.bottom);
  }

  private fitText(text: string, width: number, size: number): string {
    if (this.measure(text, 'regular', size) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.measure(`${cut}…`, 'regular', size) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  /** A photo scaled to the room left on the page, keeping its aspect; a page of its own if little room is left. */
  private image(id: string, indent: number): void {
    const size = this.imageSize(id);
    if (!size || size.width <= 0 || size.height <= 0) return;
    const width = this.contentWidth - indent;
    const pageHeight = this.bottom - this.g.marginTop;
    if (this.bottom - this.cursor.y < pageHeight * 0.4) this.breakPage();
    const room = this.bottom - this.cursor.y;
    const scale = Math.min(width / size.width, room / size.height);
    const w = size.width * scale;
    const h = size.height * scale;
    this.placeAnchors();
    const x = this.g.marginLeft + indent + (width - w) / 2;
    this.cursor.page.images.push({ x, y: this.g.height - this.cursor.y - h, w, h, id });
    this.cursor.y = Math.min(this.cursor.y + h + 6, this.bottom);
  }

  private lines(inlines: readonly Inline[], options: LineOptions): Line[] {
    const key = `${options.width}|${options.size}|${options.align}|${options.face ?? ''}`;
    let byKey = this.lineCache.get(inlines);
    if (!byKey) {
      byKey = new Map();
      this.lineCache.set(inlines, byKey);
    }
    let lines = byKey.get(key);
    if (!lines) {
      lines = breakLines(inlines, options, this.m);
      byKey.set(key, lines);
    }
    return lines;
  }

  private ensure(height: number): void {
    if (!this.atTop && this.cursor.y + height > this.bottom) this.breakPage();
  }

  /** Anchors waiting for content are placed where the first line lands. */
  private placeAnchors(): void {
    for (const id of this.pendingAnchors) this.cursor.page.anchors.push({ id, y: this.g.height - this.cursor.y });
    this.pendingAnchors = [];
  }

  private paragraph(
    inlines: readonly Inline[],
    o: { size: number; face?: Face; color?: Rgb; align: Align; indent: number; after: number; marker?: string },
  ): void {
    const width = this.contentWidth - o.indent;
    const lines = this.lines(inlines, { width, size: o.size, align: o.align, face: o.face });
    const lh = o.size * LEADING;
    if (lines.length === 0) return;
    const pageLines = Math.max(1, Math.floor((this.bottom - this.g.marginTop) / lh));
    let placed = 0;
    while (placed < lines.length) {
      let fit = Math.floor((this.bottom - this.cursor.y + 1e-6) / lh);
      if (fit <= 0) {
        // Even an empty page holds one line: a page breaks only below the top margin.
        if (!this.atTop) {
          this.breakPage();
          continue;
        }
        fit = 1;
      }
      const remaining = lines.length - placed;
      let take = Math.min(fit, remaining);
      if (take < remaining) {
        // No first line alone at a page foot, no last line alone at a page head.
        if (placed === 0 && take === 1 && fit < pageLines) {
          this.breakPage();
          continue;
        }
        if (remaining - take === 1 && take >= 2) take -= 1;
      }
      for (let i = 0; i < take; i++) {
        const line = lines[placed + i]!;
        this.placeAnchors();
        const baseline = this.cursor.y + o.size * 0.93;
        if (o.marker && placed + i === 0) {
          this.cursor.page.runs.push({
            x: this.g.marginLeft + o.indent - LIST_INDENT + 2,
            y: this.g.height - baseline,
            text: o.marker,
            font: 'regular',
            size: o.size,
            color: o.color ?? TEXT,
          });
        }
        this.drawLine(line, this.g.marginLeft + o.indent, baseline, o.size, lh, o.color ?? TEXT);
        this.cursor.y += lh;
      }
      placed += take;
      if (placed < lines.length) this.breakPage();
    }
    this.cursor.y = Math.min(this.cursor.y + o.after, this.bottom);
  }

  private drawLine(line: Line, left: number, baselineFromTop: number, size: number, lh: number, color: Rgb): void {
    const y = this.g.height - baselineFromTop;
    for (const f of line.fragments) {
      if (f.pageRef) {
        this.cursor.page.deferred.push({ x: left + f.x, align: 'left', y, font: f.font, size, anchor: f.pageRef });
        this.cursor.page.links.push({ x: left + f.x, y: y - size * 0.25, w: f.width, h: lh, target: `#${f.pageRef}` });
        continue;
      }
      this.cursor.page.runs.push({
        x: left + f.x,
        y,
        text: f.text,
        font: f.font,
        size,
        color: f.link ? [0.05, 0.2, 0.55] : color,
      });
      if (f.link) this.cursor.page.links.push({ x: left + f.x, y: y - size * 0.25, w: f.width, h: lh, target: f.link });
    }
  }

  private heading(block: Extract<Block, { kind: 'heading' }>, indent: number, next: Block | undefined): void {
    const spec = HEADING[block.level];
    const width = this.contentWidth - indent;
    const lines = this.lines(block.inlines, { width, size: spec.size, align: block.align ?? 'left', face: 'bold' });
    const height = lines.length * spec.size * LEADING;
    // Keep with next: the heading moves to the next page unless what follows can start below it.
    const before = this.atTop ? 0 : spec.before;
    if (!this.atTop && this.cursor.y + before + height + spec.after + this.leadHeight(next, indent) > this.bottom)
      this.breakPage();
    else this.cursor.y += before;
    this.pendingAnchors.push(block.anchor);
    this.paragraph(block.inlines, {
      size: spec.size,
      face: 'bold',
      align: block.align ?? 'left',
      indent,
      after: spec.after,
    });
  }

  /** Height of the start of a block that a heading must not be parted from. */
  private leadHeight(block: Block | undefined, indent: number): number {
    if (!block) return 0;
    switch (block.kind) {
      case 'paragraph': {
        const style = PARAGRAPH[block.style ?? 'body'];
        const lines = this.lines(block.inlines, {
          width: this.contentWidth - indent,
          size: style.size,
          align: block.align ?? 'justify',
          face: style.face,
        });
        return Math.min(lines.length, 2) * style.size * LEADING;
      }
      case 'table':
        return 2 * (CELL * LEADING + 2 * CELL_PAD_Y) + 4;
      case 'list':
        return 2 * BODY * LEADING;
      case 'heading':
        return HEADING[block.level].size * LEADING + HEADING[block.level].after;
      default:
        return 0;
    }
  }

  private list(block: Extract<Block, { kind: 'list' }>, indent: number): void {
    block.items.forEach((item, i) => {
      const marker = block.ordered ? `${block.start + i}.` : '•';
      item.forEach((child, k) => {
        if (k === 0 && child.kind === 'paragraph') {
          this.paragraph(child.inlines, { size: BODY, align: 'left', indent: indent + LIST_INDENT, after: 2, marker });
        } else {
          this.block(child, indent + LIST_INDENT, item[k + 1]);
        }
      });
    });
    this.cursor.y = Math.min(this.cursor.y + 4, this.bottom);
  }

  private tableOfContents(): void {
    const size = BODY;
    const lh = size * LEADING;
    const numberWidth = 36;
    for (const entry of this.toc.filter((e) => e.toc)) {
      const indent = entry.level === 1 ? 0 : 18;
      const face: Face = entry.level === 1 ? 'bold' : 'regular';
      const inlines: Inline[] = [{ text: entry.title, bold: entry.level === 1, link: `#${entry.anchor}` }];
      const lines = this.lines(inlines, { width: this.contentWidth - indent - numberWidth, size, align: 'left', face });
      const gap = entry.level === 1 ? 4 : 0;
      this.ensure(lines.length * lh + gap);
      if (!this.atTop) this.cursor.y += gap;
      lines.forEach((line, i) => {
        const baseline = this.cursor.y + size * 0.93;
        this.drawLine(line, this.g.marginLeft + indent, baseline, size, lh, TEXT);
        if (i === lines.length - 1) {
          this.cursor.page.deferred.push({
            x: this.g.width - this.g.marginRight,
            align: 'right',
            y: this.g.height - baseline,
            font: face,
            size,
            anchor: entry.anchor,
          });
          this.cursor.page.links.push({
            x: this.g.marginLeft + indent,
            y: this.g.height - baseline - size * 0.25,
            w: this.contentWidth - indent,
            h: lh,
            target: `#${entry.anchor}`,
          });
        }
        this.cursor.y += lh;
      });
    }
    this.cursor.y += 6;
  }

  private table(block: Extract<Block, { kind: 'table' }>, indent: number): void {
    const left = this.g.marginLeft + indent;
    const total = this.contentWidth - indent;
    const widths = this.columnWidths(block, total);
    const lh = CELL * LEADING;
    const cellLines = (cells: Inline[][], header: boolean) =>
      cells.map((cell, c) =>
        this.lines(cell, {
          width: Math.max(4, widths[c]! - 2 * CELL_PAD_X),
          size: CELL,
          align: block.align[c] ?? 'left',
          face: header ? 'bold' : undefined,
        }),
      );
    const headerLines = cellLines(block.header, true);
    const headerHeight = Math.max(1, ...headerLines.map((l) => l.length)) * lh + 2 * CELL_PAD_Y;

    const drawHeader = () => {
      this.placeAnchors();
      const top = this.cursor.y;
      this.cursor.page.rects.push({
        x: left,
        y: this.g.height - top - headerHeight,
        w: total,
        h: headerHeight,
        fill: HEADER_FILL,
      });
      this.drawCells(
        headerLines.map((l) => ({ lines: l, from: 0, to: l.length })),
        widths,
        left,
        top,
        lh,
      );
      this.cursor.y += headerHeight;
      this.rule(left, left + total, this.cursor.y, 0.8, RULE);
    };

    // The header never stands alone at a page foot: it needs its first row below it.
    const firstRow = block.rows[0]
      ? Math.max(1, ...cellLines(block.rows[0], false).map((l) => l.length)) * lh + 2 * CELL_PAD_Y
      : 0;
    this.ensure(headerHeight + Math.min(firstRow, (this.bottom - this.g.marginTop) / 2));
    drawHeader();
    for (const row of block.rows) {
      const lines = cellLines(row, false);
      const rowLines = Math.max(1, ...lines.map((l) => l.length));
      let done = 0;
      while (done < rowLines) {
        let fit = Math.floor((this.bottom - this.cursor.y - 2 * CELL_PAD_Y + 1e-6) / lh);
        const freshPageFit = Math.floor((this.bottom - this.g.marginTop - headerHeight - 2 * CELL_PAD_Y) / lh);
        // A row that would fit whole on a new page is not split.
        if (fit < rowLines - done && rowLines - done <= freshPageFit && done === 0) fit = 0;
        if (fit <= 0 && freshPageFit > 0) {
          this.breakPage();
          drawHeader();
          continue;
        }
        fit = Math.max(fit, 1);
        const take = Math.min(fit, rowLines - done);
        const top = this.cursor.y;
        this.drawCells(
          lines.map((l) => ({ lines: l, from: done, to: done + take })),
          widths,
          left,
          top,
          lh,
        );
        this.cursor.y += take * lh + 2 * CELL_PAD_Y;
        this.rule(left, left + total, this.cursor.y, 0.3, [0.75, 0.75, 0.78]);
        done += take;
        if (done < rowLines) {
          this.breakPage();
          drawHeader();
        }
      }
    }
    this.cursor.y = Math.min(this.cursor.y + 8, this.bottom);
  }

  private drawCells(
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
        this.drawLine(cell.lines[i]!, x + CELL_PAD_X, baseline, CELL, lh, TEXT);
      }
      x += widths[c]!;
    });
  }

  /**
   * Columns share the width as the template's dashes say, or else by their content: each
   * gets its longest word, the rest goes by text length; spare room goes to the last column.
   */
  private columnWidths(block: Extract<Block, { kind: 'table' }>, total: number): number[] {
    const columns = block.header.length;
    const sample = block.rows.slice(0, 40);
    const minimum = new Array<number>(columns).fill(0);
    const natural = new Array<number>(columns).fill(0);
    for (const [r, row] of [block.header, ...sample].entries()) {
      row.forEach((cell, c) => {
        const face: Face = r === 0 ? 'bold' : 'regular';
        const text = cell.map((i) => i.text).join('');
        const words = text.split(/[ \n]+/).filter(Boolean);
        const longest = Math.max(0, ...words.map((w) => this.measure(w, face, CELL)));
        const width = this.measure(text, face, CELL);
        // A short header stays on one line; otherwise a column needs its longest word.
        const unbroken = r === 0 ? Math.max(longest, Math.min(width, total / 4)) : longest;
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

  private measure(text: string, face: Face, size: number): number {
    return this.m.fontRuns(text, face).reduce((sum, run) => sum + this.m.width(run.text, run.font, size), 0);
  }

  private rule(x1: number, x2: number, yFromTop: number, width: number, color: Rgb): void {
    const y = this.g.height - yFromTop;
    this.cursor.page.rules.push({ x1, y1: y, x2, y2: y, width, color });
  }
}
