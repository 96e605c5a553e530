import type { DeflaterOptions } from '../pdf/content-deflate.js';
import type { MergeSource } from '../pdf/exhibit-prepare.js';
import type { FontLibrary } from '../pdf/fonts.js';
import { makePdfA } from '../pdf/pdfa.js';
import type { StreamedTail } from '../pdf/streamed-files.js';
import {
  DossierWriter,
  type AttachmentAsset,
  type FinishOptions,
  type FooterText,
  type PdfMetadata,
  type PhotoAsset,
} from '../pdf/writer.js';
import { A4, LayoutEngine } from '../render/layout/engine.js';
import type { Block, ChartData } from '../render/layout/types.js';
import type { DossierMaps } from './maps.js';
import { hyphenator } from '../render/layout/hyphenate.js';
import { MarkdownReader } from '../render/markdown.js';
import { typographicBlocks, typographicHeadings, type QuoteStyle } from '../render/typography.js';

/** What the exhibit pages show besides text, by the id their directives name. */
export interface TypesetAssets {
  photos: Map<string, PhotoAsset>;
  /** PDF exhibits whose pages are merged in (bytes, or as the inspection already read them); a failure names the id. */
  pdfs: Map<string, Uint8Array | MergeSource>;
  attachments: AttachmentAsset[];
  charts?: Map<string, ChartData>;
  /** The data of each map, by the id its directive names. */
  maps?: DossierMaps;
  /** The blocks that print each text exhibit. */
  printed?: Map<string, Block[]>;
}

export interface TypesetInput {
  /** Markdown of each section, in dossier order. */
  sections: string[];
  meta: PdfMetadata;
  /** The footer of each page, once every page and anchor is known. */
  footer: (page: number, total: number, layout: TypesetLayout) => FooterText;
  assets: TypesetAssets;
  /** Called after each page is drawn (the build keeps its heap small there). */
  afterPage?: () => void;
  /** Called between stages (the heading scan, layout, the stages of writing the PDF). */
  afterStage?: () => void;
  /** Files attached last, when every page is known (the manifest). */
  lastAttachments?: (layout: TypesetLayout, pageSha256: string[]) => AttachmentAsset[];
  /** PDF/A-3b: each page named for what cannot be made conformant. */
  pdfa?: { describePage: (page: number, layout: TypesetLayout) => string };
  /** Keep every text drawn, for the public profile's self-check (a court dossier need not hold them). */
  keepDrawn?: boolean;
  /** When page content goes to the deflater's thread (a test sends the first stream there). */
  deflate?: DeflaterOptions;
}

export interface TypesetLayout {
  pages: number;
  /** Page index (0-based) where an anchor begins. */
  anchorPage: (id: string) => number | undefined;
}

/** Raised when an exhibit cannot be placed; `id` says which. */
export class AssetError extends Error {
  constructor(
    readonly id: string,
    readonly reason: Error,
  ) {
    super(reason.message);
  }
}

/** What typesetting gives besides the PDF itself. */
export interface TypesetResult {
  /** Streamed attachments, appended to the PDF as it is written. */
  tail?: StreamedTail;
  pages: number;
  layout: TypesetLayout;
  drawn: { page: number; text: string }[];
  /** What could not be made PDF/A, page by page. */
  pdfaProblems: string[];
}

/** Markdown sections -> laid-out pages -> PDF bytes, one page in memory at a time. */
export async function typeset(input: TypesetInput, library: FontLibrary): Promise<TypesetResult & { pdf: Uint8Array }> {
  const { output, ...result } = await typesetAnd(input, library, (writer, finishing) => writer.finish(finishing));
  return { ...result, pdf: output };
}

/** Laid out as `typeset` lays it out, and measured: the length its PDF would have (tail excluded), unwritten. */
export async function typesetSize(
  input: TypesetInput,
  library: FontLibrary,
): Promise<TypesetResult & { size: number }> {
  const { output, ...result } = await typesetAnd(input, library, (writer, finishing) => writer.finishedSize(finishing));
  return { ...result, size: output };
}

async function typesetAnd<T>(
  input: TypesetInput,
  library: FontLibrary,
  finish: (writer: DossierWriter, finishing: FinishOptions) => Promise<T>,
): Promise<TypesetResult & { output: T }> {
  const writer = await DossierWriter.create(input.meta, library, Boolean(input.keepDrawn), input.deflate);
  try {
    return await typesetWith(writer, input, finish);
  } finally {
    writer.close();
  }
}

async function typesetWith<T>(
  writer: DossierWriter,
  input: TypesetInput,
  finish: (writer: DossierWriter, finishing: FinishOptions) => Promise<T>,
): Promise<TypesetResult & { output: T }> {
  const { photos, pdfs, attachments } = input.assets;
  for (const [id, photo] of photos) await guard(id, () => writer.preparePhoto(id, photo));
  // Fields of exhibit-4 are named under "exhibit4", its named destinations "exhibit4.<name>".
  for (const [id, bytes] of pdfs) await guard(id, () => writer.prepareMerged(id, bytes, id.replace(/-/g, '')));
  for (const file of attachments) await writer.attach(file);

  // The contents need every heading before layout starts; the blocks of one section at a
  // time are enough after that, so memory does not grow with the dossier.
  const scan = new MarkdownReader();
  const quotes: QuoteStyle = input.meta.language === 'it' ? 'it' : 'en';
  const headings = typographicHeadings(
    input.sections.flatMap((markdown) => scan.headings(markdown)),
    quotes,
  );
  input.afterStage?.();
  // d3-geo and the map layout are loaded only for a document that has a map.
  const maps = input.assets.maps?.size ? await import('../render/layout/maps.js') : undefined;
  const engine = new LayoutEngine({
    geometry: A4,
    measurer: writer.fonts,
    hyphenate: hyphenator(quotes),
    toc: headings,
    onPage: (page) => {
      writer.addPage(page, [A4.width, A4.height]);
      input.afterPage?.();
    },
    imageSize: (id) => {
      const photo = photos.get(id);
      if (!photo) return undefined;
      // Orientations 5 to 8 turn the picture a quarter: width and height swap.
      return photo.orientation >= 5
        ? { width: photo.height, height: photo.width }
        : { width: photo.width, height: photo.height };
    },
    onPages: (id) => writer.insertMerged(id),
    chart: (id) => input.assets.charts?.get(id),
    map: (id) => input.assets.maps?.get(id),
    mapLayout: maps?.layoutMap,
    printed: (id) => input.assets.printed?.get(id),
  });
  const reader = new MarkdownReader();
  for (const markdown of input.sections) engine.add(typographicBlocks(reader.read(markdown).blocks, quotes));
  engine.finish();
  const layout: TypesetLayout = { pages: writer.pageCount, anchorPage: (id) => writer.anchorPage(id) };
  const pdfa = input.pdfa;
  const pdfaProblems: string[] = [];
  const output = await finish(writer, {
    footer: (page, total) => input.footer(page, total, layout),
    outline: headings,
    lastAttachments: (digests) => input.lastAttachments?.(layout, digests) ?? [],
    conform: pdfa
      ? (doc) => {
          pdfaProblems.push(
            ...makePdfA(doc, { meta: input.meta, describePage: (page) => pdfa.describePage(page, layout) }),
          );
        }
      : undefined,
    afterStage: input.afterStage,
  });
  return { output, tail: writer.tail, pages: writer.pageCount, layout, drawn: writer.drawn, pdfaProblems };
}

async function guard(id: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    throw new AssetError(id, err as Error);
  }
}
