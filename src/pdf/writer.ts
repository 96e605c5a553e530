import {
  AFRelationship,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPage,
  PDFRawStream,
  PDFRef,
  PDFStreamWriter,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import type {
  FontKey,
  HeadingEntry,
  ImageItem,
  LaidOutPage,
  LinkArea,
  PathItem,
  Rgb,
  TextRun,
} from '../render/layout/types.js';
import {
  contentRefs,
  copyExhibit,
  loadExhibitPdf,
  nameTree,
  transformAnnotation,
  transformDestination,
  type CopiedExhibit,
  type CopiedOutline,
} from './exhibit-pdf.js';
import { ExhibitFileError } from '../load/exhibit-content.js';
import { ContentDeflater, type DeflaterOptions } from './content-deflate.js';
import { DocumentFonts, FONT_KEYS, type FontLibrary } from './fonts.js';
import { exifPlacement } from './orientation.js';
import { pageDigests, type KnownDigests } from './integrity.js';
import { pdfNumber } from './numbers.js';
import { streamedObjects, type StreamedFile, type StreamedTail } from './streamed-files.js';
import { SAVE_OPTIONS } from './pdf-lib-options.js';

/** A photo to place: its bytes are embedded as they are (JPEG) or losslessly (PNG). */
export interface PhotoAsset {
  format: 'jpeg' | 'png';
  bytes: Uint8Array;
  /** EXIF orientation, 1 to 8: how the camera held the picture. */
  orientation: number;
  /** As stored, for a JPEG embedded as it is: its frame's size and channels. */
  width: number;
  height: number;
  components?: number;
  /** The SHA-256 (hex) of `bytes`, when the build has it: the page digests take it, not hashing the photo again. */
  sha256?: string;
}

export interface AttachmentAsset {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
  /** How the file relates to the document, as an associated file (/AFRelationship). */
  relationship?: 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'Unspecified';
  /** A file too large to hold: `bytes` is left empty and the file is copied in as the PDF is written. */
  stream?: StreamedFile;
}

export interface PdfMetadata {
  title: string;
  subject: string;
  keywords: string[];
  author: string;
  producer: string;
  language: string;
  /** Creation and modification date: fixed, so the same inputs give the same bytes. */
  date: Date;
}

export interface FooterText {
  left: string;
  center: string;
  /** The page stamp, bottom right. */
  right: string;
  /** Drawn small beside the stamp: "Exhibit 4 · page 2 of 7" on the pages of an exhibit. */
  label?: string;
  /** The page's label in the PDF (`/PageLabels`), what a viewer's page box shows: the stamp. */
  pageLabel?: string;
}

interface PendingLinks {
  page: number;
  links: LinkArea[];
}

/** Numbers in content streams: two decimals at most, no trailing zeros. */
const n = pdfNumber;

const FOOTER_SIZE = 7.5;
const STAMP_SIZE = 8.5;
/** Room kept free at the foot of a merged page for the footer and the page stamp. */
const STAMP_BAND = 42;
const FOOTER_COLOR: Rgb = [0.35, 0.35, 0.4];
/** What a content stream holds until its deflated bytes arrive. */
const NO_BYTES = new Uint8Array(0);

/** What finishing a dossier needs once every page is laid out. */
export interface FinishOptions {
  footer: (page: number, total: number) => FooterText;
  outline: HeadingEntry[];
  /**
   * Files to attach once the page count, every anchor's page and every page's digest
   * (`pageDigests`, computed before they are attached) are known: the manifest.
   */
  lastAttachments?: (pageSha256: string[]) => AttachmentAsset[];
  /** Changes to the whole document once its pages are drawn and before they are hashed (PDF/A). */
  conform?: (doc: PDFDocument) => void;
  /** Called between the stages of finishing, where each has let go of its working data. */
  afterStage?: () => void;
}

/**
 * The only module that draws: text pages arrive laid out and are turned into compressed
 * content streams at once; page numbers, links, the outline, footers and page stamps,
 * which need the whole document, are added by `finish`.
 */
export class DossierWriter {
  private readonly pages: PDFPage[] = [];
  private readonly anchors = new Map<string, { page: number; y: number }>();
  private readonly pendingLinks: PendingLinks[] = [];
  private readonly deferred: { page: number; items: LaidOutPage['deferred'] }[] = [];
  private readonly fontNames: Record<FontKey, string>;
  private readonly fontDict: PDFDict;
  private readonly resources: PDFRef;
  private readonly photos = new Map<string, { ref: PDFRef; orientation: number }>();
  private readonly knownDigests: KnownDigests = new WeakMap();
  private readonly merged = new Map<string, CopiedExhibit>();
  /** Merged exhibits in dossier order, for their outlines, names and fields. */
  private readonly inserted: { id: string; exhibit: CopiedExhibit }[] = [];
  /** Pages copied from exhibits: their content is theirs, our footer is added around it. */
  private readonly foreign = new Set<PDFPage>();
  /**
   * Every text drawn, by page, when asked for: our glyphs are ids, so the public profile's
   * self-check reads them here. Not kept otherwise: at 2,000 pages they are tens of megabytes.
   */
  readonly drawn: { page: number; text: string }[] = [];
  private keepDrawn = false;
  private readonly streamed: { name: string; file: StreamedFile }[] = [];
  /** What `finish` leaves to append as the PDF is written: the streamed attachments. */
  tail?: StreamedTail;
  private readonly deflater: ContentDeflater;

  private constructor(
    private readonly doc: PDFDocument,
    readonly fonts: DocumentFonts,
    private readonly meta: PdfMetadata,
    deflate?: DeflaterOptions,
  ) {
    this.deflater = new ContentDeflater(deflate);
    // Names no exhibit is likely to use, since our footer joins the resources of merged pages.
    this.fontNames = Object.fromEntries(FONT_KEYS.map((key, i) => [key, `CbF${i + 1}`])) as Record<FontKey, string>;
    // Filled by finish with the faces drawn with: a face never used is neither parsed nor embedded.
    this.fontDict = doc.context.obj({});
    // One resource dictionary serves every text page.
    this.resources = doc.context.register(doc.context.obj({ Font: this.fontDict, ProcSet: ['PDF', 'Text', 'ImageC'] }));
  }

  static async create(
    meta: PdfMetadata,
    library: FontLibrary,
    keepDrawn = false,
    deflate?: DeflaterOptions,
  ): Promise<DossierWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await DocumentFonts.embed(doc, library);
    const writer = new DossierWriter(doc, fonts, meta, deflate);
    writer.keepDrawn = keepDrawn;
    return writer;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Embeds a photo before layout, so pages can place it as they are drawn. */
  async preparePhoto(id: string, photo: PhotoAsset): Promise<void> {
    let ref: PDFRef;
    try {
      ref = photo.format === 'jpeg' ? this.embedJpeg(photo) : (await this.doc.embedPng(photo.bytes)).ref;
    } catch (err) {
      throw new ExhibitFileError(`the ${photo.format.toUpperCase()} cannot be embedded`, (err as Error).message);
    }
    this.photos.set(id, { ref, orientation: photo.orientation });
  }

  /**
   * A JPEG goes into the PDF as it is, its frame's size and channels read by the inspection
   * (pdf-lib's own reader stops at stray bytes between segments, which viewers skip).
   */
  private embedJpeg(photo: PhotoAsset): PDFRef {
    const space = { 1: 'DeviceGray', 3: 'DeviceRGB', 4: 'DeviceCMYK' }[photo.components ?? 3] ?? 'DeviceRGB';
    const dict = this.doc.context.obj({
      Type: 'XObject',
      Subtype: 'Image',
      BitsPerComponent: 8,
      Width: photo.width,
      Height: photo.height,
      ColorSpace: space,
      Filter: 'DCTDecode',
      // CMYK JPEGs are stored complemented (Adobe's convention), as pdf-lib and pdfkit take them.
      ...(space === 'DeviceCMYK' ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}),
      Length: photo.bytes.length,
    });
    if (photo.sha256) this.knownDigests.set(photo.bytes, photo.sha256);
    return this.doc.context.register(PDFRawStream.of(dict, photo.bytes));
  }

  /**
   * Copies the pages of a PDF exhibit before layout, with their annotations, links, named
   * destinations, outline and form fields (named under `label`); `insertMerged` puts them in place.
   */
  async prepareMerged(id: string, pdf: Uint8Array | { document: PDFDocument }, label = id): Promise<number> {
    const source = pdf instanceof Uint8Array ? await loadExhibitPdf(pdf) : pdf.document;
    const exhibit = copyExhibit(this.doc, source, label);
    this.merged.set(id, exhibit);
    return exhibit.pages.length;
  }

  insertMerged(id: string): void {
    const exhibit = this.merged.get(id);
    if (!exhibit) return;
    for (const page of exhibit.pages) {
      this.doc.addPage(page);
      this.pages.push(page);
      this.foreign.add(page);
    }
    this.inserted.push({ id, exhibit });
    this.merged.delete(id);
  }

  /** Embeds a file in the PDF as it is, with fixed dates so the bytes stay reproducible. */
  async attach(file: AttachmentAsset): Promise<void> {
    if (file.stream) this.streamed.push({ name: file.name, file: file.stream });
    await this.doc.attach(file.stream ? new Uint8Array(0) : file.bytes, file.name, {
      mimeType: file.mimeType,
      description: file.description,
      creationDate: this.meta.date,
      modificationDate: this.meta.date,
      afRelationship: (file.relationship ?? 'Unspecified') as AFRelationship,
    });
  }

  /** Draws one laid-out page; its items can be dropped by the caller afterwards. */
  addPage(laid: LaidOutPage, size: [number, number]): void {
    const page = this.doc.addPage(size);
    const index = this.pages.length;
    this.pages.push(page);
    const ops: string[] = [];
    if (laid.images.length > 0) {
      const xobjects: Record<string, PDFRef> = {};
      laid.images.forEach((image, i) => {
        const photo = this.photos.get(image.id);
        if (!photo) return;
        xobjects[`CbIm${i + 1}`] = photo.ref;
        ops.push(`q ${placement(image, photo.orientation)} cm /CbIm${i + 1} Do Q`);
      });
      page.node.set(
        PDFName.of('Resources'),
        this.doc.context.obj({
          Font: this.fontDict,
          XObject: this.doc.context.obj(xobjects),
          ProcSet: ['PDF', 'Text', 'ImageC'],
        }),
      );
    } else {
      page.node.set(PDFName.of('Resources'), this.resources);
    }
    for (const rect of laid.rects)
      ops.push(`${rgb(rect.fill)} rg ${n(rect.x)} ${n(rect.y)} ${n(rect.w)} ${n(rect.h)} re f`);
    for (const path of laid.paths) ops.push(pathOps(path));
    for (const rule of laid.rules)
      ops.push(
        `${n(rule.width)} w ${rgb(rule.color)} RG ${n(rule.x1)} ${n(rule.y1)} m ${n(rule.x2)} ${n(rule.y2)} l S`,
      );
    ops.push(this.textOps(laid.runs));
    if (this.keepDrawn) for (const run of laid.runs) this.drawn.push({ page: index, text: run.text });
    this.setContents(page, [this.stream(ops.join('\n'))]);
    for (const anchor of laid.anchors)
      if (!this.anchors.has(anchor.id)) this.anchors.set(anchor.id, { page: index, y: anchor.y });
    if (laid.links.length) this.pendingLinks.push({ page: index, links: laid.links });
    if (laid.deferred.length) this.deferred.push({ page: index, items: laid.deferred });
  }

  /** Page index (0-based) where an anchor begins. */
  anchorPage(id: string): number | undefined {
    return this.anchors.get(id)?.page;
  }

  /** The document completed and saved: its bytes (and `tail`, when files are streamed in after them). */
  async finish(options: FinishOptions): Promise<Uint8Array> {
    await this.complete(options);
    const saveOptions = { ...SAVE_OPTIONS, updateFieldAppearances: false };
    if (this.streamed.length === 0) return this.doc.save(saveOptions);
    // The placeholders of streamed files exist once everything is embedded; save() embeds nothing twice.
    await this.doc.flush();
    const complete = streamedObjects(this.doc, this.streamed);
    const saved = await this.doc.save(saveOptions);
    this.tail = complete(saved);
    return saved;
  }

  /**
   * The document completed and measured, not saved: the length `finish` would give (the tail
   * excluded), without writing a byte. A filing measures each volume before it lays it out for
   * good; writing 300 MB of volumes only to count them took 0.5 s and their size in memory.
   */
  async finishedSize(options: FinishOptions): Promise<number> {
    // Streamed files (attached before the layout) are counted as written: their placeholders are
    // sized on save. A filing's volume streams none.
    if (this.streamed.length > 0) return (await this.finish(options)).length;
    await this.complete(options);
    // What save() does before it writes, then the size its writer computes first (deflating the
    // object streams as it would).
    await this.doc.flush();
    const writer = PDFStreamWriter.forContext(this.doc.context, SAVE_OPTIONS.objectsPerTick);
    // The first half of serializeToBuffer, protected in pdf-lib's types; a test holds it to save()'s length.
    const measure = writer as unknown as { computeBufferSize(): Promise<{ size: number }> };
    return (await measure.computeBufferSize()).size;
  }

  private async complete(options: FinishOptions): Promise<void> {
    options.afterStage?.();
    const total = this.pages.length;
    // Page numbers of the table of contents, now that every anchor has its page.
    for (const { page, items } of this.deferred) {
      const runs: TextRun[] = items.flatMap((item) => {
        const target = this.anchors.get(item.anchor);
        if (!target) return [];
        const text = String(target.page + 1);
        const x = item.align === 'right' ? item.x - this.fonts.width(text, item.font, item.size) : item.x;
        return [{ x, y: item.y, text, font: item.font, size: item.size, color: [0.08, 0.08, 0.1] as Rgb }];
      });
      this.appendContents(this.pages[page]!, this.textOps(runs));
    }
    const pageLabels: string[] = [];
    const shrinks = new Map<PDFRef, Shrink>();
    for (const page of this.foreign) shrinks.set(page.ref, shrinkOf(page));
    this.moveMergedAnnotations(shrinks);
    this.pages.forEach((page, i) => {
      const footer = options.footer(i, total);
      const label = footer.label ? ` ${footer.label}` : '';
      if (this.keepDrawn) this.drawn.push({ page: i, text: `${footer.left} ${footer.center} ${footer.right}${label}` });
      if (footer.pageLabel !== undefined) pageLabels.push(footer.pageLabel);
      const shrink = shrinks.get(page.ref);
      if (shrink) this.stampMerged(page, footer, shrink);
      else this.appendContents(page, this.footerOps(page.getSize().width, footer));
    });
    if (total > 0 && pageLabels.length === total) this.addPageLabels(pageLabels);
    for (const { page, links } of this.pendingLinks) this.addLinks(this.pages[page]!, links);
    // Only the faces drawn with are named (a face never used is neither parsed nor embedded);
    // they are subset and written on flush: the pages are complete only then.
    for (const key of this.fonts.used()) this.fontDict.set(PDFName.of(this.fontNames[key]), this.fonts.font(key).ref);
    // Every page's content is complete from here: the pages are hashed and saved.
    this.deflater.drain();
    options.afterStage?.();
    await this.doc.flush();
    options.conform?.(this.doc);
    const digests = pageDigests(this.doc, this.knownDigests);
    for (const file of options.lastAttachments?.(digests) ?? []) await this.attach(file);
    this.addOutline(options.outline);
    this.addMergedNamesAndFields();
    this.setMetadata();
    options.afterStage?.();
  }

  /** Lets go of what a document not finished holds outside it (the deflater's thread). */
  close(): void {
    this.deflater.close();
  }

  /**
   * The annotations of merged pages, moved with the page content they belong to, and every
   * destination into a merged page moved likewise.
   */
  private moveMergedAnnotations(shrinks: Map<PDFRef, Shrink>): void {
    const done = new Set<PDFDict>();
    for (const page of this.foreign) {
      const annots = page.node.lookup(PDFName.of('Annots'));
      if (!(annots instanceof PDFArray)) continue;
      const { shrink } = shrinks.get(page.ref)!;
      for (const entry of annots.asArray()) {
        const annot = entry instanceof PDFRef ? this.doc.context.lookup(entry) : entry;
        if (annot instanceof PDFDict) transformAnnotation(this.doc, annot, shrink, done);
      }
    }
    const moved = new Set<PDFArray>();
    for (const { exhibit } of this.inserted) {
      for (const dest of exhibit.destArrays) {
        const target = dest.get(0);
        const shrink = target instanceof PDFRef ? shrinks.get(target) : undefined;
        if (shrink && !moved.has(dest)) transformDestination(dest, shrink.shrink);
        moved.add(dest);
      }
    }
  }

  /**
   * The merged exhibits' named destinations (in /Names /Dests) and form fields (in /AcroForm,
   * each exhibit's under its own parent field). Appearances were drawn before merging where
   * the exhibit asked viewers to draw them, so the dossier does not ask.
   */
  private addMergedNamesAndFields(): void {
    const { context, catalog } = this.doc;
    const dests = this.inserted.flatMap(({ exhibit }) => exhibit.dests);
    if (dests.length > 0) {
      let names = catalog.lookup(PDFName.of('Names'));
      if (!(names instanceof PDFDict)) {
        names = context.obj({});
        catalog.set(PDFName.of('Names'), names);
      }
      (names as PDFDict).set(PDFName.of('Dests'), context.register(nameTree(this.doc, dests)));
    }
    const fields = this.inserted.flatMap(({ exhibit }) => (exhibit.fields ? [exhibit.fields] : []));
    if (fields.length === 0) return;
    const fonts = context.obj({});
    for (const { exhibit } of this.inserted) {
      const font = exhibit.formResources?.lookup(PDFName.of('Font'));
      if (!(font instanceof PDFDict)) continue;
      for (const [key, value] of font.entries()) if (!fonts.has(key)) fonts.set(key, value);
    }
    catalog.set(
      PDFName.of('AcroForm'),
      context.register(context.obj({ Fields: context.obj(fields), DR: context.obj({ Font: fonts }) })),
    );
  }

  /**
   * A merged page keeps its content streams untouched: a stream before them saves the
   * graphics state and shrinks the page to free a band at its foot (the foot as the reader
   * sees it, whatever its /Rotate); one after restores the state and draws our footer and stamp.
   */
  private stampMerged(page: PDFPage, footer: FooterText, { shrink, matrix, visualWidth }: Shrink): void {
    const linear = (v: number) => String(Math.round(v * 10000) / 10000 || 0);
    const shrinkOps = `q ${shrink.slice(0, 4).map(linear).join(' ')} ${shrink.slice(4).map(n).join(' ')} cm\n`;
    const refs = contentRefs(this.doc, page.node.get(PDFName.of('Contents')));
    const after = `Q\nq ${matrix.map(n).join(' ')} cm\n${this.footerOps(visualWidth, footer)}\nQ`;
    this.setContents(page, [this.stream(shrinkOps), ...refs, this.stream(after)]);
    const resources = page.node.Resources() ?? this.doc.context.obj({});
    let fonts = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
    if (!fonts) {
      fonts = this.doc.context.obj({});
      resources.set(PDFName.of('Font'), fonts);
    }
    for (const key of this.fonts.used()) fonts.set(PDFName.of(this.fontNames[key]), this.fonts.font(key).ref);
    page.node.set(PDFName.of('Resources'), resources);
  }

  private footerOps(width: number, footer: FooterText): string {
    const left = 56;
    const right = width - 48;
    const y = 30;
    const maxLeft = width / 2 - 60 - left;
    const title = this.fit(footer.left, 'regular', FOOTER_SIZE, maxLeft);
    const centerWidth = this.fonts.width(footer.center, 'regular', FOOTER_SIZE);
    const stampX = right - this.fonts.width(footer.right, 'bold', STAMP_SIZE);
    const runs: TextRun[] = [
      { x: left, y, text: title, font: 'regular', size: FOOTER_SIZE, color: FOOTER_COLOR },
      {
        x: width / 2 - centerWidth / 2,
        y,
        text: footer.center,
        font: 'regular',
        size: FOOTER_SIZE,
        color: FOOTER_COLOR,
      },
      { x: stampX, y, text: footer.right, font: 'bold', size: STAMP_SIZE, color: [0, 0, 0] },
    ];
    if (footer.label) {
      // Beside the stamp; on a page too narrow for that, under it, so it never runs into the page number.
      const labelWidth = this.fonts.width(footer.label, 'regular', FOOTER_SIZE);
      const beside = stampX - 10 - labelWidth >= width / 2 + centerWidth / 2 + 10;
      runs.push({
        x: beside ? stampX - 10 - labelWidth : right - labelWidth,
        y: beside ? y : y - 10,
        text: footer.label,
        font: 'regular',
        size: FOOTER_SIZE,
        color: [0, 0, 0],
      });
    }
    return `0.4 w ${rgb([0.7, 0.7, 0.72])} RG ${left} ${y + 11} m ${n(right)} ${y + 11} l S\n${this.textOps(runs)}`;
  }

  /**
   * The page labels a viewer shows in its page box, equal to the stamps. A stamp is its
   * prefix and a decimal number, so pages whose numbers run on share one range ("CM-00000"
   * with decimal numbering from 1, then "CM-0000" from 10...): the zero padding lives in the
   * prefix. A label that does not run on from the one before gets a range of its own.
   */
  private addPageLabels(labels: string[]): void {
    const nums: (number | PDFDict)[] = [];
    let previous: { prefix: string; n: number } | undefined;
    labels.forEach((label, i) => {
      const match = /^(.*?)([1-9]\d{0,14})$/s.exec(label);
      const current = match ? { prefix: match[1]!, n: Number(match[2]) } : undefined;
      if (current && previous && current.prefix === previous.prefix && current.n === previous.n + 1) {
        previous = current;
        return;
      }
      const entry: Record<string, PDFName | PDFNumber | PDFString | PDFHexString> = {};
      const prefix = current ? current.prefix : label;
      if (prefix)
        entry.P =
          /^[\x20-\x7e]*$/.test(prefix) && !/[()\\]/.test(prefix)
            ? PDFString.of(prefix)
            : PDFHexString.fromText(prefix);
      if (current) {
        entry.S = PDFName.of('D');
        entry.St = PDFNumber.of(current.n);
      }
      nums.push(i, this.doc.context.obj(entry));
      previous = current;
    });
    this.doc.catalog.set(PDFName.of('PageLabels'), this.doc.context.obj({ Nums: nums }));
  }

  /** Shortens text with an ellipsis to fit a width. */
  private fit(text: string, font: FontKey, size: number, width: number): string {
    if (this.fonts.width(text, font, size) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.fonts.width(`${text.slice(0, mid)}…`, font, size) <= width) lo = mid;
      else hi = mid - 1;
    }
    // Cut between words where a word ends in the last third ("della…", not "della M…").
    const space = text.lastIndexOf(' ', lo);
    const cut = space > (lo * 2) / 3 ? space : lo;
    return `${text.slice(0, cut).trimEnd()}…`;
  }

  private textOps(runs: readonly TextRun[]): string {
    if (runs.length === 0) return '';
    const out: string[] = ['BT'];
    // An operator is made only when the run's font, size or colour differs from the one before
    // (a dossier has a million runs), and written only when it prints otherwise than the last.
    let fontOp = '';
    let colorOp = '';
    let font: TextRun['font'] | undefined;
    let size = NaN;
    let color: Rgb | undefined;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      if (run.font !== font || run.size !== size) {
        font = run.font;
        size = run.size;
        const op = `/${this.fontNames[font]} ${n(size)} Tf`;
        if (op !== fontOp) out.push((fontOp = op));
      }
      if (i === 0 || !sameColor(run.color, color)) {
        color = run.color;
        const op = `${color ? rgb(color) : '0 0 0'} rg`;
        if (op !== colorOp) out.push((colorOp = op));
      }
      out.push(`1 0 0 1 ${n(run.x)} ${n(run.y)} Tm ${this.fonts.encode(run.text, run.font)} Tj`);
    }
    out.push('ET');
    return out.join('\n');
  }

  private stream(content: string): PDFRef {
    const dict = this.doc.context.obj({ Filter: 'FlateDecode', Length: 0 });
    const stream = PDFRawStream.of(dict, NO_BYTES);
    // The bytes arrive now or from the deflater's thread, before finish hashes the pages.
    this.deflater.deflate(content, (bytes) => {
      (stream as { contents: Uint8Array }).contents = bytes;
      dict.set(PDFName.of('Length'), PDFNumber.of(bytes.length));
    });
    return this.doc.context.register(stream);
  }

  private setContents(page: PDFPage, refs: PDFRef[]): void {
    page.node.set(PDFName.of('Contents'), this.doc.context.obj(refs));
  }

  private appendContents(page: PDFPage, content: string): void {
    if (!content) return;
    const existing = page.node.get(PDFName.of('Contents'));
    const refs: PDFRef[] =
      existing instanceof PDFArray ? (existing.asArray() as PDFRef[]) : existing instanceof PDFRef ? [existing] : [];
    this.setContents(page, [...refs, this.stream(content)]);
  }

  private destination(target: { page: number; y: number }): PDFArray {
    return this.doc.context.obj([
      this.pages[target.page]!.ref,
      PDFName.of('XYZ'),
      PDFNull,
      PDFNumber.of(Math.round(target.y + 12)),
      PDFNull,
    ]);
  }

  private addLinks(page: PDFPage, links: LinkArea[]): void {
    const annots: PDFRef[] = [];
    for (const link of links) {
      const rect = [n(link.x), n(link.y), n(link.x + link.w), n(link.y + link.h)].map(Number);
      let action: Record<string, unknown>;
      if (link.target.startsWith('#')) {
        const target = this.anchors.get(link.target.slice(1));
        if (!target) continue;
        action = { Dest: this.destination(target) };
      } else {
        action = { A: this.doc.context.obj({ S: 'URI', URI: PDFString.of(link.target) }) };
      }
      annots.push(
        this.doc.context.register(
          this.doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], ...action }),
        ),
      );
    }
    if (annots.length) page.node.set(PDFName.of('Annots'), this.doc.context.obj(annots));
  }

  private addOutline(entries: HeadingEntry[]): void {
    interface Node {
      title: PDFObject;
      dest?: PDFObject;
      action?: PDFObject;
      children: Node[];
    }
    const own = new Map(this.inserted.map(({ id, exhibit }) => [id, exhibit.outline]));
    // An exhibit's own outline goes under its entry, as the exhibit had it.
    const carried = (items: CopiedOutline[]): Node[] =>
      items.map((item) => ({ ...item, children: carried(item.children) }));
    const roots: Node[] = [];
    for (const entry of entries) {
      const target = this.anchors.get(entry.anchor);
      if (!target || entry.level > 2) continue;
      const node: Node = {
        title: PDFHexString.fromText(entry.title),
        dest: this.destination(target),
        children: carried(own.get(entry.anchor) ?? []),
      };
      const parent = roots.at(-1);
      if (entry.level === 2 && parent) parent.children.push(node);
      else roots.push(node);
    }
    if (roots.length === 0) return;
    const context = this.doc.context;
    const outlineRef = context.nextRef();
    const build = (nodes: Node[], parent: PDFRef): PDFRef[] => {
      const refs = nodes.map(() => context.nextRef());
      nodes.forEach((node, i) => {
        const dict: Record<string, unknown> = { Title: node.title, Parent: parent };
        if (node.dest) dict.Dest = node.dest;
        else if (node.action) dict.A = node.action;
        if (i > 0) dict.Prev = refs[i - 1];
        if (i < nodes.length - 1) dict.Next = refs[i + 1];
        if (node.children.length) {
          const kids = build(node.children, refs[i]!);
          dict.First = kids[0];
          dict.Last = kids.at(-1);
          dict.Count = -node.children.length; // closed: sections first, incidents on demand
        }
        context.assign(refs[i]!, context.obj(dict as never));
      });
      return refs;
    };
    const top = build(roots, outlineRef);
    context.assign(
      outlineRef,
      context.obj({ Type: 'Outlines', First: top[0]!, Last: top.at(-1)!, Count: roots.length }),
    );
    this.doc.catalog.set(PDFName.of('Outlines'), outlineRef);
    this.doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  private setMetadata(): void {
    const { doc, meta } = this;
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    doc.setSubject(meta.subject);
    // One string, each keyword from the next by "; ": a vessel's name has spaces of its own.
    doc.setKeywords([keywordsText(meta.keywords)]);
    doc.setAuthor(meta.author);
    doc.setProducer(meta.producer);
    doc.setCreator(meta.producer);
    doc.setCreationDate(meta.date);
    doc.setModificationDate(meta.date);
    doc.setLanguage(meta.language);
  }
}

/** The matrix that maps an image's unit square onto its box, turned as the camera's EXIF orientation asks. */
function placement(box: ImageItem, orientation: number): string {
  return exifPlacement(box, orientation).map(n).join(' ');
}

/** How a merged page is shrunk clear of the stamp band. */
interface Shrink {
  /** The matrix put before the page's own content (rounded as written), in the page's space. */
  shrink: Matrix;
  /** From the page as the reader sees it (origin bottom left, after /Rotate) to the page's space. */
  matrix: Matrix;
  visualWidth: number;
}

/** Shrunk about the top centre as seen, so the band at the visual foot is free, whatever its /Rotate. */
function shrinkOf(page: PDFPage): Shrink {
  const box = page.getCropBox();
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const turned = rotation === 90 || rotation === 270;
  const visualWidth = turned ? box.height : box.width;
  const visualHeight = turned ? box.width : box.height;
  const matrix = {
    0: [1, 0, 0, 1, box.x, box.y],
    90: [0, 1, -1, 0, box.x + box.width, box.y],
    180: [-1, 0, 0, -1, box.x + box.width, box.y + box.height],
    270: [0, -1, 1, 0, box.x, box.y + box.height],
  }[rotation as 0 | 90 | 180 | 270] ?? [1, 0, 0, 1, box.x, box.y];
  const s = Math.round(((visualHeight - STAMP_BAND) / visualHeight) * 10000) / 10000;
  const exact = conjugate(matrix, [s, 0, 0, s, ((1 - s) * visualWidth) / 2, STAMP_BAND]);
  // The numbers as the content stream writes them: annotations move by exactly these.
  const shrink = [
    ...exact.slice(0, 4).map((v) => Math.round(v * 10000) / 10000 || 0),
    ...exact.slice(4).map((v) => Number(n(v))),
  ];
  return { shrink, matrix, visualWidth };
}

type Matrix = number[];

/** `m` · `t` · `m`⁻¹ as a PDF matrix: the transformation `t` of the space `m` maps from, done in `m`'s target. */
function conjugate(m: Matrix, t: Matrix): Matrix {
  const apply = (k: Matrix, x: number, y: number) => [k[0]! * x + k[2]! * y + k[4]!, k[1]! * x + k[3]! * y + k[5]!];
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  const inverse = [m[3]! / det, -m[1]! / det, -m[2]! / det, m[0]! / det];
  const invert = (x: number, y: number) => {
    const dx = x - m[4]!;
    const dy = y - m[5]!;
    return [inverse[0]! * dx + inverse[2]! * dy, inverse[1]! * dx + inverse[3]! * dy] as const;
  };
  const f = (x: number, y: number) => {
    const [u, v] = invert(x, y);
    const [u2, v2] = apply(t, u, v);
    return apply(m, u2!, v2!);
  };
  const [e, g] = f(0, 0);
  const [ax, ay] = f(1, 0);
  const [cx, cy] = f(0, 1);
  return [ax! - e!, ay! - g!, cx! - e!, cy! - g!, e!, g!];
}

/** A path in its own graphics state, so its clip, dash and colours end with it. */
function pathOps(path: PathItem): string {
  const out = ['q'];
  if (path.clip) out.push(`${n(path.clip.x)} ${n(path.clip.y)} ${n(path.clip.w)} ${n(path.clip.h)} re W n`);
  if (path.fill) out.push(`${rgb(path.fill)} rg`);
  if (path.stroke) {
    out.push(`${rgb(path.stroke)} RG ${n(path.width ?? 1)} w 1 J 1 j`);
    if (path.dash?.length) out.push(`[${path.dash.map(n).join(' ')}] 0 d`);
  }
  const close = path.closed || path.fill !== undefined;
  for (const sub of path.subpaths) {
    if (sub.length < 4) continue;
    const segments = [`${n(sub[0]!)} ${n(sub[1]!)} m`];
    for (let i = 2; i + 1 < sub.length; i += 2) segments.push(`${n(sub[i]!)} ${n(sub[i + 1]!)} l`);
    if (close) segments.push('h');
    out.push(segments.join(' '));
  }
  const star = path.evenOdd ? '*' : '';
  out.push(path.fill && path.stroke ? `B${star}` : path.fill ? `f${star}` : path.stroke ? 'S' : 'n');
  out.push('Q');
  return out.join('\n');
}

function sameColor(a: Rgb | undefined, b: Rgb | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2]);
}

function rgb([r, g, b]: Rgb): string {
  return `${n(r)} ${n(g)} ${n(b)}`;
}

/** The Info dictionary's and the XMP's Keywords: "sea-rescuer-detention-2023; fermo; MV Sea Rescuer". */
export function keywordsText(keywords: string[]): string {
  return keywords.join('; ');
}
