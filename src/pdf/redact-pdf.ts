import { ExhibitFileError } from '../load/exhibit-content.js';
import { formLoad, formLoadProblem, type FormGraph } from './inspect.js';
import { asUtf16 } from '../redact/decode.js';
import { jpegMetadata, stripJpegMetadata } from '../redact/strip-metadata.js';
import { shownLines } from './content-lexer.js';
import { captured, mupdf, release } from './mupdf-engine.js';
import {
  filledShapes,
  HOLES_PER_PAGE,
  outlinedWord,
  pointMapper,
  type FilledShape,
  type Matrix,
  type PathSteps,
} from './outlined-letters.js';

type Quad = [number, number, number, number, number, number, number, number];
type Rect = [number, number, number, number];

export interface RedactedPdf {
  bytes: Uint8Array;
  /** 1-based pages from which text (and what was drawn under it) was removed. */
  redacted: number[];
  /**
   * 1-based pages left out, which no search can clear: pictures or drawings with no text layer,
   * pages that draw letters as outlines, pages whose text cannot be taken out as characters.
   */
  removed: number[];
  /** Why each page with text among them was left out (the others show pictures or drawings alone). */
  why: Record<number, 'scanned' | 'outlines' | 'unreadable'>;
  /**
   * What was taken off the pages beside their text: annotation kinds ("Text", "Ink"...),
   * "metadata", "picture", "drawn by hand" (once a page), "field".
   */
  stripped: string[];
}

/**
 * A public copy of a PDF exhibit: every span `find` reports in a page's text is removed with
 * MuPDF's redaction (the text, and the image pixels and line art under it: removal, never a
 * black box over text still there). Text is read through each font's own encoding, as a reader's
 * search sees it. A page that shows pictures or drawings but has no text at all is left out, since
 * it could show a name no search can find (a scan, or a name drawn as glyph outlines), and so is a
 * page with text that also draws a word's letters as outlines (a name converted to curves beside
 * text that is not: the search reads only the text). A page a name was removed from loses its
 * pictures too (a signature, an identity document). What a page
 * carries beside its text is taken off: comments, stamps, ink and attached files (annotations
 * other than links and form fields), and the XMP metadata of the page and of its images and
 * forms, none of which the text search reads. Undefined when nothing needed changing.
 */
export function redactPdf(
  bytes: Uint8Array,
  find: (text: string) => { start: number; end: number }[],
): RedactedPdf | undefined {
  const result = captured(() => {
    const doc = mupdf.PDFDocument.openDocument(bytes, 'application/pdf') as InstanceType<typeof mupdf.PDFDocument>;
    try {
      const redacted: number[] = [];
      const removed: number[] = [];
      const why: RedactedPdf['why'] = {};
      const stripped: string[] = [];
      const count = doc.countPages();
      const forms: FormGraph = new Map();
      for (let i = 0; i < count; i++) {
        const page = doc.loadPage(i);
        // Checked before MuPDF runs the page: forms drawn over and over make the run never end.
        const load = formLoad(page.getObject(), forms);
        if (load) throw new ExhibitFileError(formLoadProblem(load, i + 1));
        stripped.push(...stripUnsearched(page), ...takeFieldsOff(page, find));
        const { text, quads } = pageText(page);
        const drawn = drawnOn(page);
        const unsearchable =
          text.trim() === ''
            ? drawn.graphics && 'pictures'
            : drawn.scanned
              ? 'scanned'
              : UNREADABLE.test(text)
                ? 'unreadable'
                : drawn.outlinedWord() && 'outlines';
        if (unsearchable) {
          removed.push(i);
          if (unsearchable !== 'pictures') why[i + 1] = unsearchable;
          continue;
        }
        const spans = find(text);
        for (const span of spans)
          for (let k = span.start; k < span.end; k++) {
            const q = quads[k];
            if (!q) continue;
            const annotation = page.createAnnotation('Redact');
            annotation.setRect(rectOf(q));
          }
        // No black boxes; image pixels, line art and text under the marks are removed.
        if (spans.length) {
          page.applyRedactions(false, 2, 1, 0);
          redacted.push(i + 1);
          stripped.push(
            ...takePicturesOff(page, drawn.pictures, i + 1),
            ...takeHandDrawnOff(page, drawn.handDrawn, i + 1),
          );
        }
        // What the page's strings say in their own bytes, line by line, when a font's text map says
        // otherwise. Any match stops the build: safer to refuse a page than to publish a name.
        if (find(rawLines(page).join(' ')).length)
          throw new ExhibitFileError(
            `page ${i + 1} still shows a protected string in its content once redacted (in a font whose ` +
              'text map hides it from a search, or in text kept for copying such as /ActualText), so it ' +
              'cannot be removed from the page; give the evidence a public_copy, or mark it public: false',
          );
      }
      if (count > 0 && removed.length === count) {
        const reasons = new Set(Object.values(why));
        throw new ExhibitFileError(
          (reasons.size === 0
            ? 'every page of the file shows pictures or drawings and no text, '
            : `no page of the file can be searched (${[
                ...(removed.length > Object.keys(why).length ? ['pictures or drawings and no text'] : []),
                ...[...reasons].map((reason) => UNSEARCHABLE[reason]),
              ].join(', ')}), `) +
            'which no search can clear of protected names; give the evidence a public_copy, or mark it public: false',
        );
      }
      // A field is counted by its widgets; one with none on any page (a value kept in the form
      // alone) is counted by its entry, so that the copy it was taken from is the one published.
      const entries = takeFormEntriesOff(doc, find);
      if (entries > 0 && !stripped.includes('field')) stripped.push(...Array<string>(entries).fill('field'));
      stripped.push(...takeJpegMetadataOff(doc, find));
      for (const i of [...removed].reverse()) doc.deletePage(i);
      if (redacted.length === 0 && removed.length === 0 && stripped.length === 0) return undefined;
      const out = doc.saveToBuffer('garbage=yes,compress=yes').asUint8Array().slice();
      return { bytes: out, redacted, removed: removed.map((i) => i + 1), why, stripped };
    } finally {
      release(doc);
    }
  });
  if (result.error) throw result.error;
  return result.value;
}

type Page = InstanceType<typeof mupdf.PDFPage>;

/**
 * A letter MuPDF could not map to a character (U+FFFD) beside another or inside a word, or one a
 * text map sends to the Private Use Area between two letters: a font with no text map (a
 * two-byte font without ToUnicode reads as nothing else), one letter of a name missing from its
 * map ("Du\uFFFDy"), or a ligature mapped to a private character ("Ma\uE001ew"), none of which
 * a search can match. One alone between spaces is a symbol without a map (a bullet, a scissors
 * mark), and a private character at a word's edge an ornament ("Article.\uE020III."): searched
 * around.
 */
const UNREADABLE = /\uFFFD\s*\uFFFD|[\p{L}\p{N}\p{M}]\uFFFD|\uFFFD[\p{L}\p{N}]|\p{L}\p{M}*\p{Co}+\p{L}/u;
type PdfObject = InstanceType<typeof mupdf.PDFObject>;
type StrokeState = InstanceType<typeof mupdf.StrokeState>;
type Find = (text: string) => { start: number; end: number }[];

/** Keys that hold what a page or image carries beside what it shows: XMP, application data, a thumbnail. */
const UNSHOWN_KEYS = ['Metadata', 'PieceInfo', 'Thumb'];

/**
 * Takes off a page what its text search does not read: annotations other than links and form
 * fields (a comment, a stamp, ink, an attached file: MuPDF lists those two apart), and the
 * metadata of the page and of the images and forms it draws. Returns what was taken, by kind.
 */
function stripUnsearched(page: Page): string[] {
  const taken: string[] = [];
  // A copy: MuPDF's list is live, and deleting from it while walking it skips every other one.
  for (const annotation of [...page.getAnnotations()]) {
    taken.push(annotation.getType());
    page.deleteAnnotation(annotation);
  }
  const seen = new Set<number>();
  const strip = (object: PdfObject, depth: number): void => {
    if (depth > 8 || !object.isDictionary()) return;
    if (object.isIndirect()) {
      if (seen.has(object.asIndirect())) return;
      seen.add(object.asIndirect());
    }
    for (const key of UNSHOWN_KEYS)
      if (!object.get(key).isNull()) {
        object.delete(key);
        taken.push(key === 'Metadata' ? 'metadata' : key === 'Thumb' ? 'thumbnail' : 'application data');
      }
    // Resources a page inherits from its page tree count too. One path, not chained gets: MuPDF's
    // null object has no document to look a key up in.
    const resources = depth === 0 ? object.getInheritable('Resources') : object.get('Resources');
    const xobjects = resources.isDictionary() ? resources.get('XObject') : undefined;
    if (xobjects?.isDictionary()) xobjects.forEach((xobject) => strip(xobject, depth + 1));
  };
  strip(page.getObject(), 0);
  return taken;
}

/**
 * Takes off a page each form field whose value, name, tooltip or choices name a protected person:
 * a filled-in form keeps its value beside the page (a viewer draws it, often from no appearance
 * at all), where the text search does not read it. MuPDF takes the field out of the form too.
 */
function takeFieldsOff(page: Page, find: Find): string[] {
  const taken: string[] = [];
  for (const widget of [...page.getWidgets()]) {
    // What MuPDF reads (the value, label and name, inherited), and every entry of the widget and
    // the fields above it (a default value, an export name), as the form's own walk reads them.
    let names: boolean;
    try {
      const texts = [widget.getValue(), widget.getLabel(), widget.getName(), ...lineageTexts(widget.getObject())];
      if (widget.isChoice()) texts.push(...widget.getOptions(), ...widget.getOptions(true));
      names = find(texts.join('\n')).length > 0;
    } catch {
      // A field MuPDF cannot read (its /Parent leads back to itself) cannot be vouched for: it goes.
      names = true;
    }
    if (!names) continue;
    page.deleteAnnotation(widget);
    taken.push('field');
  }
  return taken;
}

/**
 * The form's own entries that name a protected person, taken out of /AcroForm once their widgets
 * are off the pages: a parent field holds the value its widgets on several pages show, and
 * deleting the widgets leaves it in the form; so does a field with no widget at all. A widget
 * still pointing at one keeps it in the file, and the self-check then refuses the dossier.
 * Returns how many entries were taken out.
 */
function takeFormEntriesOff(doc: InstanceType<typeof mupdf.PDFDocument>, find: Find): number {
  let taken = 0;
  const root = doc.getTrailer().get('Root');
  const form = root.isDictionary() ? root.get('AcroForm') : undefined;
  // Each field once: a field that lists itself as a kid would make the walk exponential.
  const seen = new Map<number, boolean>();
  const prune = (list: PdfObject | undefined, depth: number): void => {
    if (!list?.isArray() || depth > 16) return;
    for (let k = list.length - 1; k >= 0; k--) {
      const node = list.get(k);
      if (!node.isDictionary()) continue;
      const num = node.isIndirect() ? node.asIndirect() : undefined;
      const known = num === undefined ? undefined : seen.get(num);
      if (known !== undefined) {
        // Listed again: taken out here too if it was taken out before.
        if (known) list.delete(k);
        continue;
      }
      const names = find(ownTexts(node).join('\n')).length > 0;
      if (num !== undefined) seen.set(num, names);
      if (names) {
        list.delete(k);
        taken++;
      } else prune(node.get('Kids'), depth + 1);
    }
  };
  prune(form?.isDictionary() ? form.get('Fields') : undefined, 0);
  return taken;
}

/**
 * The metadata segments (EXIF, XMP, IPTC, comments) of each JPEG picture in the file that name a
 * protected person, taken out of the picture's bytes, its pixels untouched: a camera's owner or
 * a caption in a photo's EXIF is in no page's text. Pictures that name no one keep their bytes.
 * One "metadata" for each picture changed.
 */
function takeJpegMetadataOff(doc: InstanceType<typeof mupdf.PDFDocument>, find: Find): string[] {
  const taken: string[] = [];
  for (let num = 1; num < doc.countObjects(); num++) {
    const object = doc.newIndirect(num);
    if (!object.isStream()) continue;
    const filter = object.get('Filter');
    const dct = filter.isName()
      ? filter.asName() === 'DCTDecode'
      : filter.isArray() && filter.length === 1 && filter.get(0).asName?.() === 'DCTDecode';
    if (!dct || object.get('Subtype').asName?.() !== 'Image') continue;
    let jpeg: Uint8Array;
    try {
      jpeg = object.readRawStream().asUint8Array();
    } catch {
      // A stream MuPDF cannot read (an orphan past the file's end) shows nothing: the self-check reads the rest.
      continue;
    }
    const segments = jpegMetadata(jpeg);
    if (!segments.some((segment) => segmentTexts(segment).some((text) => find(text).length > 0))) continue;
    object.writeRawStream(stripJpegMetadata(jpeg));
    taken.push('metadata');
  }
  return taken;
}

/** A metadata segment read every way a name may be written in it: Latin-1, UTF-8, UTF-16 from either byte. */
function segmentTexts(segment: Uint8Array): string[] {
  const bytes = Buffer.from(segment.buffer, segment.byteOffset, segment.byteLength);
  return [bytes.toString('latin1'), bytes.toString('utf8'), ...asUtf16(segment, [0, 1])];
}

/** The strings of a widget and of each field above it, up its /Parent chain, each once. */
function lineageTexts(widget: PdfObject): string[] {
  const texts: string[] = [];
  const seen = new Set<number>();
  for (let node = widget, depth = 0; node.isDictionary() && depth < 32; node = node.get('Parent'), depth++) {
    if (node.isIndirect()) {
      if (seen.has(node.asIndirect())) break;
      seen.add(node.asIndirect());
    }
    texts.push(...ownTexts(node));
  }
  return texts;
}

/** The strings a field itself holds (not those it inherits): names, tooltip, values, choices. */
function ownTexts(node: PdfObject): string[] {
  const texts: string[] = [];
  const add = (value: PdfObject): void => {
    if (value.isString()) texts.push(value.asString());
    else if (value.isArray()) for (let k = 0; k < value.length; k++) add(value.get(k));
  };
  for (const key of ['T', 'TU', 'TM', 'V', 'DV', 'Opt']) add(node.get(key));
  return texts;
}

/** The strings a page's content and the forms it draws show, line by line, decoded as Latin-1. */
function rawLines(page: Page): string[] {
  const texts: string[] = [];
  const seen = new Set<number>();
  const read = (stream: PdfObject, resources: PdfObject, depth: number): void => {
    if (depth > 8) return;
    if (stream.isArray()) {
      for (let k = 0; k < stream.length; k++) read(stream.get(k), resources, depth);
      return;
    }
    if (!stream.isStream()) return;
    if (stream.isIndirect()) {
      if (seen.has(stream.asIndirect())) return;
      seen.add(stream.asIndirect());
    }
    texts.push(...shownLines(stream.readStream().asUint8Array()));
    const xobjects = resources.isDictionary() ? resources.get('XObject') : undefined;
    if (xobjects?.isDictionary())
      xobjects.forEach((xobject) => {
        // A null entry is legal (qpdf passes it), and MuPDF's null object cannot be asked for a key.
        if (xobject.isStream() && xobject.get('Subtype').asName?.() === 'Form')
          read(xobject, xobject.get('Resources'), depth + 1);
      });
  };
  const node = page.getObject();
  read(node.get('Contents'), node.getInheritable('Resources'), 0);
  return texts;
}

/**
 * Takes every picture off a page a protected name was removed from: the page is about the person,
 * and a picture on it (a signature, an identity document, a letterhead, a screenshot) may show the
 * name where no text search reads. Whole pictures go, the text and line art stay. Returns one
 * "picture" for each taken, for the exhibit's note; a picture MuPDF cannot take off stops the file.
 */
function takePicturesOff(page: Page, pictures: Rect[], number: number): string[] {
  takeOff(page, pictures, 'pictures', number);
  return pictures.map(() => 'picture');
}

/**
 * Takes what was drawn by hand off a page a protected name was removed from: a signature or a
 * name written with a pen and flattened into the page as curves (see `handDrawnBounds`), which no
 * text search reads. Only line art that lies wholly inside its box goes (a rule or a frame across
 * it stays), and no text. Returns one "drawn by hand" for the page; drawings MuPDF cannot take
 * off stop the file.
 */
function takeHandDrawnOff(page: Page, boxes: Rect[], number: number): string[] {
  takeOff(page, boxes, 'handDrawn', number);
  return boxes.length ? ['drawn by hand'] : [];
}

const TAKEN_WITH = {
  pictures: { image: 'REDACT_IMAGE_REMOVE', lineArt: 'REDACT_LINE_ART_NONE', what: 'a picture' },
  handDrawn: {
    image: 'REDACT_IMAGE_NONE',
    lineArt: 'REDACT_LINE_ART_REMOVE_IF_COVERED',
    what: 'drawings by hand or curved figures (a signature, handwriting, a logo)',
  },
} as const;

/** What MuPDF's redaction takes out of those boxes, text never; what is still drawn after stops the file. */
function takeOff(page: Page, boxes: Rect[], kind: keyof typeof TAKEN_WITH, number: number): void {
  if (boxes.length === 0) return;
  const how = TAKEN_WITH[kind];
  for (const rect of boxes) page.createAnnotation('Redact').setRect(rect);
  page.applyRedactions(false, mupdf.PDFPage[how.image], mupdf.PDFPage[how.lineArt], mupdf.PDFPage.REDACT_TEXT_NONE);
  if (drawnOn(page)[kind].length > 0)
    throw new ExhibitFileError(
      `page ${number} names a protected witness and shows ${how.what} that cannot be taken off the page; ` +
        'give the evidence a public_copy, or mark it public: false',
    );
}

/**
 * The box, in page space, of a path one of whose pieces (subpaths) looks drawn by hand. Stroked:
 * open (a frame or a rounded box closes), and curved twice or more, or a polyline of a dozen
 * segments mostly slanted (a tablet's sampled pen); rules, frames, arrows, hatching and the lines
 * of a table are none of these. Filled (`stroke` null): curved eight times or more, as a signature
 * drawn with a pressure-sensitive pen is filled between its edges, or a logo's figure; a dot, a
 * circle or a rounded box has four curves. The box is MuPDF's own, with the pen's width, joins
 * and caps, and a point more: what lies wholly inside it is taken off.
 */
function handDrawnBounds(
  path: PathSteps & { getBounds(stroke: StrokeState | null, ctm: Matrix): number[] },
  stroke: StrokeState | null,
  ctm: Matrix,
): Rect | undefined {
  let handDrawn = false;
  let piece = { curves: 0, segments: 0, slanted: 0 };
  let [lastX, lastY] = [0, 0];
  const judge = (closed: boolean) => {
    const { curves, segments, slanted } = piece;
    if (
      stroke === null
        ? curves >= FILLED_CURVES
        : !closed && (curves >= 2 || (segments >= 12 && slanted >= segments / 2))
    )
      handDrawn = true;
    piece = { curves: 0, segments: 0, slanted: 0 };
  };
  path.walk({
    moveTo: (x, y) => {
      judge(false);
      [lastX, lastY] = [x, y];
    },
    lineTo: (x, y) => {
      piece.segments++;
      if (Math.abs(x - lastX) > 0.01 && Math.abs(y - lastY) > 0.01) piece.slanted++;
      [lastX, lastY] = [x, y];
    },
    curveTo: (_x1, _y1, _x2, _y2, x3, y3) => {
      piece.curves++;
      piece.segments++;
      [lastX, lastY] = [x3, y3];
    },
    closePath: () => judge(true),
  });
  judge(false);
  if (!handDrawn) return undefined;
  const [left = 0, top = 0, right = 0, bottom = 0] = path.getBounds(stroke, ctm);
  return right < left ? undefined : [left - 1, top - 1, right + 1, bottom + 1];
}

/** Curves in one filled piece from which it is taken for drawn by hand (a circle has four). */
const FILLED_CURVES = 8;

/** Why a page with text cannot be searched, in the error that stops a file none of whose pages can. */
const UNSEARCHABLE: Record<RedactedPdf['why'][number], string> = {
  scanned: "scans whose text is an OCR's reading",
  outlines: 'letters drawn as outlines',
  unreadable: 'text that cannot be taken out as characters',
};

/** Pictures over this share of the page are a scan (or a photo of a page), not a logo or a figure. */
const SCAN_SHARE = 0.25;

/**
 * What a page draws beside its text: anything at all (a picture, line art, glyphs drawn as
 * outlines); whether some of its filled or clipping shapes make a word's letters side by side
 * (or are too many to search), searched when asked; and whether it is a scan with a
 * recognised-text layer: invisible text (render mode 3, as OCR writes it, a clip mode, or no
 * opacity) on a page whose pictures cover a quarter of it, or most of the page's text drawn
 * first and then covered by opaque pictures (the other way OCR lays out a page). The search
 * reads only what the OCR made of the picture, and a handwritten or misread name is in the
 * picture still.
 */
function drawnOn(page: Page): {
  graphics: boolean;
  outlinedWord: () => boolean;
  scanned: boolean;
  pictures: Rect[];
  handDrawn: Rect[];
} {
  let graphics = false;
  // Where each path that looks drawn by hand lies (a signature, a name written with a finger).
  const handDrawn: Rect[] = [];
  // Where each picture (an image, or an image mask such as a one-bit scan of a signature) lies.
  const pictures: Rect[] = [];
  let invisibleText = false;
  // What the page's pictures cover between them (a scan may come in strips), at most the page.
  let pictured = 0;
  const [x0, y0, x1, y1] = page.getBounds();
  const pageArea = Math.abs((x1 - x0) * (y1 - y0));
  // Where each glyph of visible text so far begins, and whether an opaque picture drawn later covers it.
  const glyphs: { x: number; y: number; covered: boolean }[] = [];
  const mark = () => void (graphics = true);
  const picture = (ctm: number[], opaque: boolean) => {
    graphics = true;
    const [a = 0, b = 0, c = 0, d = 0] = ctm;
    // An image is drawn into the unit square: its area on the page is the matrix's determinant.
    pictured += Math.abs(a * d - b * c);
    const [left, top, right, bottom] = boundsOf(ctm);
    pictures.push([left, top, right, bottom]);
    // A translucent watermark or a picture with a soft mask lets the text under it show.
    if (!opaque) return;
    for (const g of glyphs) if (g.x >= left && g.x <= right && g.y >= top && g.y <= bottom) g.covered = true;
  };
  const hasMask = (image: InstanceType<typeof mupdf.Image>) => {
    const mask = image.getMask();
    if (mask) release(mask);
    return mask !== null;
  };
  const shapes: FilledShape[] = [];
  const holes = { left: HOLES_PER_PAGE };
  // The shapes of each clip in force, innermost last; taken as letters when a fill shows through.
  const clips: FilledShape[][] = [];
  const throughClips = () => {
    for (const clip of clips) for (const shape of clip.splice(0)) shapes.push(shape);
  };
  const device = new mupdf.Device({
    fillPath: (path, _evenOdd, ctm) => {
      graphics = true;
      for (const shape of filledShapes(path, ctm, holes)) shapes.push(shape);
      const at = handDrawnBounds(path, null, ctm);
      if (at) handDrawn.push(at);
      throughClips();
    },
    // Letters filled with a gradient, a picture or a colour are a clip it is painted through. A
    // clip counts only once something is painted through it: a clip nothing shows through shows
    // nothing, and the rectangles and frames most drawings are cut to are no letters.
    clipPath: (path, _evenOdd, ctm) => void clips.push(filledShapes(path, ctm, holes)),
    clipStrokePath: () => void clips.push([]),
    clipImageMask: (_image, ctm) => {
      mark();
      pictures.push(boundsOf(ctm));
      clips.push([]);
    },
    popClip: () => void clips.pop(),
    strokePath: (path, stroke, ctm) => {
      graphics = true;
      const at = handDrawnBounds(path, stroke, ctm);
      if (at) handDrawn.push(at);
    },
    fillShade: () => {
      mark();
      throughClips();
    },
    fillImage: (image, ctm, alpha) => {
      picture(ctm, alpha >= 0.99 && !hasMask(image));
      throughClips();
    },
    fillImageMask: (_image, ctm, _colorspace, _color, alpha) => picture(ctm, alpha >= 0.99),
    // Text that shows nothing of itself: render mode 3, the clip modes (7 among them) and text
    // painted through a pattern, which MuPDF passes as a clip; its text is read all the same.
    ignoreText: () => void (invisibleText = true),
    clipText: () => {
      invisibleText = true;
      clips.push([]);
    },
    clipStrokeText: () => void clips.push([]),
    fillText: (text, ctm, _colorspace, _color, alpha) => {
      if (alpha === 0) {
        invisibleText = true;
        return;
      }
      const toPage = pointMapper(ctm);
      text.walk({
        showGlyph: (_font, trm) => {
          const [x, y] = toPage(trm[4] ?? 0, trm[5] ?? 0);
          glyphs.push({ x, y, covered: false });
        },
      });
    },
  });
  try {
    page.run(device, mupdf.Matrix.identity);
  } finally {
    // Closed even when the page throws, as inspect.ts does: MuPDF warns of a device dropped unclosed.
    try {
      device.close();
    } catch {
      // a device that only counted cannot fail to close in a way that matters here
    }
    release(device);
  }
  return {
    graphics,
    pictures,
    handDrawn,
    // Searched only for a page nothing else has already left out.
    outlinedWord: () => outlinedWord(shapes) !== undefined,
    scanned:
      (invisibleText && pageArea > 0 && pictured >= SCAN_SHARE * pageArea) ||
      (glyphs.length > 0 && glyphs.filter((g) => g.covered).length >= glyphs.length / 2),
  };
}

/** The text of every page of a PDF as MuPDF reads it: for the self-check, a reader other than the writer. */
export function pageTextsOf(bytes: Uint8Array): string[] {
  const result = captured(() => {
    const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
    try {
      const texts: string[] = [];
      for (let i = 0; i < doc.countPages(); i++) texts.push(pageText(doc.loadPage(i)).text);
      return texts;
    } finally {
      release(doc);
    }
  });
  return result.value ?? [];
}

/** A page's characters in reading order with the quad of each, lines and blocks apart. */
function pageText(page: { toStructuredText(options?: string): { walk(w: object): void } }): {
  text: string;
  quads: (Quad | undefined)[];
} {
  let text = '';
  const quads: (Quad | undefined)[] = [];
  const add = (s: string, q?: Quad) => {
    for (const unit of s) {
      text += unit;
      for (let k = 0; k < unit.length; k++) quads.push(q);
    }
  };
  page.toStructuredText('preserve-whitespace').walk({
    onChar: (c: string, _origin: unknown, _font: unknown, _size: number, quad: Quad) => add(c, quad),
    endLine: () => add('\n'),
    endTextBlock: () => add('\n'),
  });
  return { text, quads };
}

/** Where an image drawn with `ctm` lies on the page: images are drawn into the unit square. */
function boundsOf(ctm: number[]): Rect {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = ctm;
  const xs = [e, a + e, c + e, a + c + e];
  const ys = [f, b + f, d + f, b + d + f];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function rectOf(q: Quad): Rect {
  const xs = [q[0], q[2], q[4], q[6]];
  const ys = [q[1], q[3], q[5], q[7]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
