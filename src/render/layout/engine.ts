import { layoutChart } from './charts.js';
import { PageFlow } from './flow.js';
import { A4, BODY, HEADING, LEADING, LIST_INDENT, PARAGRAPH, RULE, TEXT, CELL, CELL_PAD_Y } from './styles.js';
import { layoutListing } from './listing.js';
import { layoutTable } from './tables.js';
import type {
  Align,
  Block,
  ChartData,
  Face,
  MapData,
  HeadingEntry,
  Inline,
  LaidOutPage,
  Measurer,
  PageGeometry,
  Rgb,
} from './types.js';

export { A4 };

/** A heading stands in the top four fifths of a page's body, or on the next page. */
export const HEADING_ZONE = 0.8;

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
  /** Where a word may be hyphenated (justified text only), in the dossier's language. */
  hyphenate?: (word: string) => number[];
  /** The data of each chart a directive names. */
  chart?: (id: string) => ChartData | undefined;
  /** The data of each map a directive names, and the module that draws maps (loaded only for a map). */
  map?: (id: string) => MapData | undefined;
  mapLayout?: MapLayout;
  /** The blocks that print a text exhibit, by the id its directive names. */
  printed?: (id: string) => readonly Block[] | undefined;
}

/**
 * layoutMap of maps.ts, passed in so that d3-geo is loaded only by a document with a map;
 * `keep`: the height of the caption that follows it, which must stand on the same page.
 */
export type MapLayout = (flow: PageFlow, data: MapData | undefined, indent: number, keep?: number) => void;

export interface LayoutResult {
  pageCount: number;
}

/**
 * Lays out blocks on pages. Pure but for `onPage`: the caller draws (or inspects) each page.
 * A page breaks only below the top margin, so no box loops forever: what does not fit on an
 * empty page is split (table rows, by lines) or placed anyway. Tables and charts have their
 * own modules, as pdfmake splits its LayoutBuilder; this class flows text and dispatches.
 */
export class LayoutEngine {
  private readonly flow: PageFlow;
  private readonly toc: HeadingEntry[];
  private readonly imageSize: NonNullable<LayoutOptions['imageSize']>;
  private readonly onPages: NonNullable<LayoutOptions['onPages']>;
  private readonly chartData: NonNullable<LayoutOptions['chart']>;
  private readonly mapData: NonNullable<LayoutOptions['map']>;
  private readonly mapLayout: LayoutOptions['mapLayout'];
  private readonly printed: NonNullable<LayoutOptions['printed']>;

  constructor(options: LayoutOptions) {
    this.flow = new PageFlow(options.geometry, options.measurer, options.onPage, options.hyphenate);
    this.toc = options.toc;
    this.imageSize = options.imageSize ?? (() => undefined);
    this.onPages = options.onPages ?? (() => undefined);
    this.chartData = options.chart ?? (() => undefined);
    this.mapData = options.map ?? (() => undefined);
    this.mapLayout = options.mapLayout;
    this.printed = options.printed ?? (() => undefined);
  }

  get contentWidth(): number {
    return this.flow.contentWidth;
  }

  /** Ends the current page (unless it is still empty) and starts the next. */
  breakPage(): void {
    this.flow.breakPage();
  }

  /** Lays out blocks after what is already on the page. */
  add(blocks: readonly Block[], indent = 0): void {
    blocks.forEach((block, i) => this.block(block, indent, blocks[i + 1]));
  }

  finish(): LayoutResult {
    return { pageCount: this.flow.finish() };
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
        layoutTable(this.flow, block, indent);
        break;
      case 'pagebreak':
        this.flow.breakPage();
        break;
      case 'toc':
        this.tableOfContents();
        break;
      case 'rule':
        this.flow.ensure(8);
        this.flow.rule(
          this.flow.g.marginLeft + indent,
          this.flow.g.width - this.flow.g.marginRight,
          this.flow.cursor.y + 4,
          0.5,
          RULE,
        );
        this.flow.cursor.y += 8;
        break;
      case 'space':
        if (this.flow.cursor.y + block.points > this.flow.bottom) this.flow.breakPage();
        else this.flow.cursor.y += block.points;
        break;
      case 'anchor':
        this.flow.pendingAnchors.push(block.id);
        break;
      case 'image':
        this.image(block.id, indent);
        break;
      case 'chart':
        layoutChart(this.flow, this.chartData(block.id), indent);
        break;
      case 'map':
        this.mapLayout?.(this.flow, this.mapData(block.id), indent, this.captionHeight(next, indent));
        break;
      case 'printed':
        this.add(this.printed(block.id) ?? [], indent);
        break;
      case 'listing':
        layoutListing(this.flow, block, indent);
        break;
      case 'pages':
        // The page in progress is handed over first (if it has anything on it); the blank
        // page that follows stays in progress for what comes after the merged pages.
        this.flow.breakPage();
        this.onPages(block.id);
        break;
    }
  }

  /** A photo scaled to the room left on the page, keeping its aspect; a page of its own if little room is left. */
  private image(id: string, indent: number): void {
    const size = this.imageSize(id);
    if (!size || size.width <= 0 || size.height <= 0) return;
    const width = this.flow.contentWidth - indent;
    const pageHeight = this.flow.bottom - this.flow.g.marginTop;
    if (this.flow.bottom - this.flow.cursor.y < pageHeight * 0.4) this.flow.breakPage();
    const room = this.flow.bottom - this.flow.cursor.y;
    const scale = Math.min(width / size.width, room / size.height);
    const w = size.width * scale;
    const h = size.height * scale;
    this.flow.placeAnchors();
    const x = this.flow.g.marginLeft + indent + (width - w) / 2;
    this.flow.cursor.page.images.push({ x, y: this.flow.g.height - this.flow.cursor.y - h, w, h, id });
    this.flow.cursor.y = Math.min(this.flow.cursor.y + h + 6, this.flow.bottom);
  }

  private paragraph(
    inlines: readonly Inline[],
    o: { size: number; face?: Face; color?: Rgb; align: Align; indent: number; after: number; marker?: string },
  ): void {
    const width = this.flow.contentWidth - o.indent;
    const lines = this.flow.lines(inlines, { width, size: o.size, align: o.align, face: o.face });
    const lh = o.size * LEADING;
    if (lines.length === 0) return;
    const pageLines = Math.max(1, Math.floor((this.flow.bottom - this.flow.g.marginTop) / lh));
    let placed = 0;
    while (placed < lines.length) {
      let fit = Math.floor((this.flow.bottom - this.flow.cursor.y + 1e-6) / lh);
      if (fit <= 0) {
        // Even an empty page holds one line: a page breaks only below the top margin.
        if (!this.flow.atTop) {
          this.flow.breakPage();
          continue;
        }
        fit = 1;
      }
      const remaining = lines.length - placed;
      let take = Math.min(fit, remaining);
      if (take < remaining) {
        // No first line alone at a page foot, no last line alone at a page head.
        if (placed === 0 && take === 1 && fit < pageLines) {
          this.flow.breakPage();
          continue;
        }
        if (remaining - take === 1 && take >= 2) take -= 1;
      }
      for (let i = 0; i < take; i++) {
        const line = lines[placed + i]!;
        this.flow.placeAnchors();
        const baseline = this.flow.cursor.y + o.size * 0.93;
        if (o.marker && placed + i === 0) {
          this.flow.cursor.page.runs.push({
            x: this.flow.g.marginLeft + o.indent - LIST_INDENT + 2,
            y: this.flow.g.height - baseline,
            text: o.marker,
            font: 'regular',
            size: o.size,
            color: o.color ?? TEXT,
          });
        }
        this.flow.drawLine(line, this.flow.g.marginLeft + o.indent, baseline, o.size, lh, o.color ?? TEXT);
        this.flow.cursor.y += lh;
      }
      placed += take;
      if (placed < lines.length) this.flow.breakPage();
    }
    this.flow.cursor.y = Math.min(this.flow.cursor.y + o.after, this.flow.bottom);
  }

  private heading(block: Extract<Block, { kind: 'heading' }>, indent: number, next: Block | undefined): void {
    const spec = HEADING[block.level];
    const width = this.flow.contentWidth - indent;
    const lines = this.flow.lines(block.inlines, {
      width,
      size: spec.size,
      align: block.align ?? 'left',
      face: 'bold',
    });
    const height = lines.length * spec.size * LEADING;
    // Keep with next: the heading moves to the next page unless what follows can start below it,
    // and no line of it stands in the bottom fifth of a page, where a reader takes it for a stray line.
    const before = this.flow.atTop ? 0 : spec.before;
    const lowest = this.flow.g.marginTop + HEADING_ZONE * (this.flow.bottom - this.flow.g.marginTop);
    if (
      !this.flow.atTop &&
      (this.flow.cursor.y + before + height > lowest ||
        this.flow.cursor.y + before + height + spec.after + this.leadHeight(next, indent) > this.flow.bottom)
    )
      this.flow.breakPage();
    else this.flow.cursor.y += before;
    this.flow.pendingAnchors.push(block.anchor);
    this.paragraph(block.inlines, {
      size: spec.size,
      face: 'bold',
      align: block.align ?? 'left',
      indent,
      after: spec.after,
    });
  }

  /** The lines a paragraph block breaks into, in its own style, at this indent. */
  private paragraphLines(block: Extract<Block, { kind: 'paragraph' }>, indent: number) {
    const style = PARAGRAPH[block.style ?? 'body'];
    const lines = this.flow.lines(block.inlines, {
      width: this.flow.contentWidth - indent,
      size: style.size,
      align: block.align ?? 'justify',
      face: style.face,
    });
    return { count: lines.length, leading: style.size * LEADING };
  }

  /** The whole height of a small-print paragraph (a map's note), which stands with what it follows; else 0. */
  private captionHeight(block: Block | undefined, indent: number): number {
    if (block?.kind !== 'paragraph' || block.style !== 'small') return 0;
    const { count, leading } = this.paragraphLines(block, indent);
    return count * leading;
  }

  /** Height of the start of a block that a heading must not be parted from. */
  private leadHeight(block: Block | undefined, indent: number): number {
    if (!block) return 0;
    switch (block.kind) {
      case 'paragraph': {
        const { count, leading } = this.paragraphLines(block, indent);
        return Math.min(count, 2) * leading;
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
    this.flow.cursor.y = Math.min(this.flow.cursor.y + 4, this.flow.bottom);
  }

  private tableOfContents(): void {
    const size = BODY;
    const lh = size * LEADING;
    const numberWidth = 36;
    for (const entry of this.toc.filter((e) => e.toc)) {
      const indent = entry.level === 1 ? 0 : 18;
      const face: Face = entry.level === 1 ? 'bold' : 'regular';
      const inlines: Inline[] = [{ text: entry.title, bold: entry.level === 1, link: `#${entry.anchor}` }];
      const lines = this.flow.lines(inlines, {
        width: this.flow.contentWidth - indent - numberWidth,
        size,
        align: 'left',
        face,
      });
      const gap = entry.level === 1 ? 4 : 0;
      this.flow.ensure(lines.length * lh + gap);
      if (!this.flow.atTop) this.flow.cursor.y += gap;
      lines.forEach((line, i) => {
        const baseline = this.flow.cursor.y + size * 0.93;
        this.flow.drawLine(line, this.flow.g.marginLeft + indent, baseline, size, lh, TEXT);
        if (i === lines.length - 1) {
          this.flow.cursor.page.deferred.push({
            x: this.flow.g.width - this.flow.g.marginRight,
            align: 'right',
            y: this.flow.g.height - baseline,
            font: face,
            size,
            anchor: entry.anchor,
          });
          this.flow.cursor.page.links.push({
            x: this.flow.g.marginLeft + indent,
            y: this.flow.g.height - baseline - size * 0.25,
            w: this.flow.contentWidth - indent,
            h: lh,
            target: `#${entry.anchor}`,
          });
        }
        this.flow.cursor.y += lh;
      });
    }
    this.flow.cursor.y += 6;
  }
}
