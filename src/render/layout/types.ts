/** The four faces of the text font; Arabic script falls back to a font of its own. */
export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';
/** `mono`: the monospace font of printed text files. */
export type FontKey = Face | 'arabic' | 'arabicBold' | 'mono';
export type Rgb = readonly [number, number, number];
export type Align = 'left' | 'justify' | 'center' | 'right';

/** A stretch of text with one style. `link` is `#anchor` inside the dossier or a URL. */
export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
  /** Stands for the page number of this anchor, known only after layout. */
  pageRef?: string;
  /** Literal text (a file name, a hash): printed as written, never made typographic. */
  code?: boolean;
}

export type ParagraphStyle = 'body' | 'title' | 'subtitle' | 'marking' | 'small';

export type Block =
  | { kind: 'paragraph'; inlines: Inline[]; align?: Align; style?: ParagraphStyle }
  | { kind: 'heading'; level: 1 | 2 | 3; inlines: Inline[]; anchor: string; align?: Align; toc: boolean }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  /** `headless`: a key/value table, its header row empty: no header is drawn or repeated. */
  | {
      kind: 'table';
      header: Inline[][];
      rows: Inline[][][];
      align: (Align | null)[];
      widths?: number[];
      headless?: boolean;
    }
  | { kind: 'pagebreak' }
  | { kind: 'toc' }
  | { kind: 'rule' }
  | { kind: 'space'; points: number }
  | { kind: 'anchor'; id: string }
  /** A photo, scaled to fit the room left on the page (or a page of its own). */
  | { kind: 'image'; id: string }
  /** Pages made elsewhere (a merged PDF exhibit) go here, after the current page. */
  | { kind: 'pages'; id: string }
  /** A horizontal bar chart, drawn with the page's own boxes and text. */
  | { kind: 'chart'; id: string }
  /** A map drawn as paths, with real text for its labels (data made elsewhere, by the id). */
  | { kind: 'map'; id: string }
  /** The printed content of a text exhibit goes here (blocks made elsewhere, by the id). */
  | { kind: 'printed'; id: string }
  /** Lines of a text file in a monospace font, numbered from `first` in a gutter, long lines wrapped. */
  | { kind: 'listing'; lines: string[]; first: number };

export interface ChartData {
  bars: { label: string; value: number; text: string }[];
}

/** [longitude, latitude] in degrees, as GeoJSON writes them. */
export type LonLat = [number, number];

/** A symbol on a map: the incident's position, an event's, a town, a dot of a colour. */
export type MapSymbol = 'position' | 'event' | 'port' | 'dot' | 'start' | 'end' | 'none';

export interface MapMark {
  at: LonLat;
  symbol: MapSymbol;
  /** Written beside the symbol where there is room (the position's label always is). */
  label?: string;
  color?: Rgb;
}

/** An entry of a map's legend: a sample of the symbol or line, and its words. */
export interface MapLegendEntry {
  sample: MapSymbol | 'track' | 'coast' | 'limit' | 'srr' | 'claim';
  text: string;
  color?: Rgb;
}

/**
 * What a map shows, in degrees; the layout projects it (Mercator, from d3-geo) into its frame.
 * Everything is already cut to `bbox`.
 */
export interface MapData {
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  /** Polygons to fill, as rings (the first outer, the rest holes). */
  land: LonLat[][][];
  coast: LonLat[][];
  /** Search-and-rescue region boundaries and areas (rings of each region in view). */
  boundaries: LonLat[][];
  areas: LonLat[][][];
  /** Words written at sea where a point lies in exactly the areas `within` (an overlap names two). */
  regions: { label: string; within: number[] }[];
  /** Dotted lines with their length: from the position to the nearest point of the coast. */
  measures: { from: LonLat; to: LonLat; label: string }[];
  /** The line 12 nm from the coast. */
  limits: LonLat[][];
  /** Lines a state claims that others reject: Libya's across the Gulf of Sirte. */
  claims: LonLat[][];
  tracks: { points: LonLat[]; color?: Rgb }[];
  /** In the order their labels are placed: the first ones win the room. */
  marks: MapMark[];
  legend: MapLegendEntry[];
  /** "nautical miles", under the scale bar. */
  unit: string;
}

/** What the layout needs to know about fonts, and nothing about PDF. */
export interface Measurer {
  /** Splits text into runs by the font that holds its glyphs. */
  fontRuns(text: string, face: Face): { text: string; font: FontKey }[];
  /** Advance width of text in points. */
  width(text: string, font: FontKey, size: number): number;
}

export interface TextRun {
  x: number;
  /** Baseline, in PDF space (from the bottom of the page). */
  y: number;
  text: string;
  font: FontKey;
  size: number;
  color?: Rgb;
}

export interface RuleItem {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: Rgb;
}

export interface RectItem {
  x: number;
  y: number;
  w: number;
  h: number;
  fill: Rgb;
}

export interface ImageItem {
  x: number;
  y: number;
  w: number;
  h: number;
  id: string;
}

/** Lines and shapes in PDF space: each subpath is x0 y0 x1 y1 ...; drawn after boxes, before rules and text. */
export interface PathItem {
  subpaths: number[][];
  /** Close every subpath (a filled shape is closed anyway). */
  closed?: boolean;
  fill?: Rgb;
  /** Holes in filled polygons are left empty (even-odd rule). */
  evenOdd?: boolean;
  stroke?: Rgb;
  width?: number;
  dash?: number[];
  /** Only what falls inside this box is drawn. */
  clip?: { x: number; y: number; w: number; h: number };
}

export interface LinkArea {
  x: number;
  y: number;
  w: number;
  h: number;
  target: string;
}

/** Text known only when the whole dossier is laid out: a page number in the table of contents. */
export interface DeferredPageNumber {
  x: number;
  align: 'left' | 'right';
  y: number;
  font: FontKey;
  size: number;
  anchor: string;
}

export interface LaidOutPage {
  index: number;
  runs: TextRun[];
  rules: RuleItem[];
  rects: RectItem[];
  paths: PathItem[];
  images: ImageItem[];
  links: LinkArea[];
  deferred: DeferredPageNumber[];
  /** Anchors that begin on this page, with the height (PDF space) where they begin. */
  anchors: { id: string; y: number }[];
}

export interface PageGeometry {
  width: number;
  height: number;
  marginTop: number;
  marginBottom: number;
  marginLeft: number;
  marginRight: number;
}

/** A heading the table of contents and the outline list. */
export interface HeadingEntry {
  level: 1 | 2 | 3;
  title: string;
  anchor: string;
  toc: boolean;
}
