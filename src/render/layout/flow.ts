import { breakLines, type Line, type LineOptions } from './lines.js';
import type { Face, Inline, LaidOutPage, Measurer, PageGeometry, Rgb } from './types.js';

/** Texts whose lines are kept: far more than one page's, so a text is broken once where it can be. */
const LINE_CACHE = 1024;

interface CachedLines extends Pick<LineOptions, 'width' | 'size' | 'align' | 'face'> {
  lines: Line[];
}

interface Cursor {
  page: LaidOutPage;
  /** Distance from the top edge of the page. */
  y: number;
}

/**
 * The page being filled and where on it: what the block layouts (paragraphs, tables, charts)
 * share. A page breaks only below the top margin, so no box loops forever.
 */
export class PageFlow {
  readonly g: PageGeometry;
  readonly m: Measurer;
  cursor: Cursor;
  pageCount = 0;
  pendingAnchors: string[] = [];
  /**
   * The lines of texts laid out lately (a heading's next paragraph is broken to keep them together,
   * a table cell to size its row, then each again to draw it). Strong keys in a bounded map: weak
   * keys for every paragraph of a long dossier slow each garbage collection.
   */
  private readonly lineCache = new Map<readonly Inline[], CachedLines[]>();

  constructor(
    geometry: PageGeometry,
    measurer: Measurer,
    private readonly onPage: (page: LaidOutPage) => void,
    /** Hyphenation points of a word, for justified text. */
    private readonly hyphenate?: (word: string) => number[],
  ) {
    this.g = geometry;
    this.m = measurer;
    this.cursor = { page: this.newPage(), y: this.g.marginTop };
  }

  get contentWidth(): number {
    return this.g.width - this.g.marginLeft - this.g.marginRight;
  }

  get bottom(): number {
    return this.g.height - this.g.marginBottom;
  }

  get atTop(): boolean {
    return this.cursor.y <= this.g.marginTop + 1e-6;
  }

  private newPage(): LaidOutPage {
    return {
      index: this.pageCount++,
      runs: [],
      rules: [],
      rects: [],
      paths: [],
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

  isBlank(): boolean {
    const p = this.cursor.page;
    return (
      this.atTop &&
      p.runs.length === 0 &&
      p.rules.length === 0 &&
      p.paths.length === 0 &&
      p.images.length === 0 &&
      p.anchors.length === 0
    );
  }

  /** Hands over the last page; returns how many pages there were. */
  finish(): number {
    // A dossier ending with merged pages has nothing left on its last page of its own.
    if (!this.isBlank() || this.pageCount === 1) this.onPage(this.cursor.page);
    return this.pageCount;
  }

  lines(inlines: readonly Inline[], options: LineOptions): Line[] {
    let cached = this.lineCache.get(inlines);
    if (!cached) {
      if (this.lineCache.size >= LINE_CACHE) this.lineCache.clear();
      cached = [];
      this.lineCache.set(inlines, cached);
    }
    const { width, size, align, face } = options;
    for (const c of cached)
      if (c.width === width && c.size === size && c.align === align && c.face === face) return c.lines;
    const hyphenate = align === 'justify' ? this.hyphenate : undefined;
    const lines = breakLines(inlines, hyphenate ? { ...options, hyphenate } : options, this.m);
    cached.push({ width, size, align, face, lines });
    return lines;
  }

  ensure(height: number): void {
    if (!this.atTop && this.cursor.y + height > this.bottom) this.breakPage();
  }

  /** Anchors waiting for content are placed where the first line lands. */
  placeAnchors(): void {
    for (const id of this.pendingAnchors) this.cursor.page.anchors.push({ id, y: this.g.height - this.cursor.y });
    this.pendingAnchors = [];
  }

  drawLine(line: Line, left: number, baselineFromTop: number, size: number, lh: number, color: Rgb): void {
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

  measure(text: string, face: Face, size: number): number {
    return this.m.fontRuns(text, face).reduce((sum, run) => sum + this.m.width(run.text, run.font, size), 0);
  }

  rule(x1: number, x2: number, yFromTop: number, width: number, color: Rgb): void {
    const y = this.g.height - yFromTop;
    this.cursor.page.rules.push({ x1, y1: y, x2, y2: y, width, color });
  }

  /** Text cut with an ellipsis to fit a width. */
  fitText(text: string, width: number, size: number): string {
    if (this.measure(text, 'regular', size) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.measure(`${cut}…`, 'regular', size) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }
}
