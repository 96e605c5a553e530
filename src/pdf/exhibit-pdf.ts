import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { ExhibitFileError } from '../load/exhibit-content.js';
import { LOAD_OPTIONS } from './pdf-lib-options.js';

const ENCRYPTED =
  'the PDF is encrypted: casebuilder cannot merge its pages faithfully; ' +
  'attach a decrypted copy and keep the original as evidence';

/**
 * Loads a PDF exhibit with pdf-lib for merging. MuPDF has inspected (and if need be repaired)
 * it before; what pdf-lib still cannot read is refused in users' words, with pdf-lib's own
 * message kept apart for DEBUG=casebuilder. Streams whose length pdf-lib misread are restored
 * from the file's bytes, so every merged page keeps its content byte for byte.
 */
export async function loadExhibitPdf(bytes: Uint8Array): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ...LOAD_OPTIONS, throwOnInvalidObject: true });
  } catch (err) {
    if (err instanceof EncryptedPDFError || /is encrypted/.test((err as Error).message)) {
      throw new ExhibitFileError(ENCRYPTED);
    }
    throw new ExhibitFileError('the PDF cannot be parsed for merging', (err as Error).message);
  }
  if (doc.isEncrypted) throw new ExhibitFileError(ENCRYPTED);
  let pages: PDFPage[];
  try {
    pages = doc.getPages();
  } catch (err) {
    throw new ExhibitFileError('the page tree of the PDF cannot be read for merging', (err as Error).message);
  }
  if (pages.length === 0) throw new ExhibitFileError('the PDF has no pages');
  for (const [i, page] of pages.entries()) {
    for (const ref of contentRefs(doc, page.node.get(PDFName.of('Contents')))) {
      if (!(doc.context.lookup(ref) instanceof PDFRawStream)) {
        throw new ExhibitFileError(`the content of page ${i + 1} cannot be found in the PDF`);
      }
    }
  }
  restoreMisreadStreams(doc, bytes);
  return doc;
}

/**
 * The streams of a page's /Contents: one stream, an array of them, or (as an incremental update
 * may write it) an indirect reference to such an array.
 */
export function contentRefs(doc: PDFDocument, contents: PDFObject | undefined): PDFRef[] {
  const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  if (resolved instanceof PDFArray) return resolved.asArray().filter((r): r is PDFRef => r instanceof PDFRef);
  return contents instanceof PDFRef ? [contents] : [];
}

/**
 * pdf-lib 1.17 cannot resolve an indirect /Length while parsing, falls back to searching for
 * `endstream`, and drops a final CR or LF that belongs to the data (Ghostscript writes such
 * streams). Each such stream is read again from the file at its declared length.
 */
export function restoreMisreadStreams(doc: PDFDocument, bytes: Uint8Array): number {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Where each object's header stands, found in one pass when the first stream needs it: looking
  // each one up from the file's start took quadratic time (96 s for 60,000 streams).
  let headers: Map<string, number[]> | undefined;
  let restored = 0;
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const length = object.dict.get(PDFName.of('Length'));
    if (!(length instanceof PDFRef)) continue;
    const declared = doc.context.lookup(length);
    if (!(declared instanceof PDFNumber)) continue;
    const expected = declared.asNumber();
    if (object.contents.length === expected) continue;
    headers ??= objectHeaders(file);
    const at = headers.get(`${ref.objectNumber} ${ref.generationNumber}`) ?? [];
    const data = findStreamData(file, at, object.contents, expected);
    if (!data) continue;
    doc.context.assign(ref, PDFRawStream.of(object.dict, new Uint8Array(data)));
    restored++;
  }
  return restored;
}

/**
 * Every "12 0 obj" that starts a token ("12 0 obj", not "112 0 obj"), by "12 0", where it begins:
 * read from the bytes, as a file of a gigabyte is longer than a string may be.
 */
function objectHeaders(file: Buffer): Map<string, number[]> {
  const headers = new Map<string, number[]>();
  const digit = (at: number) => at >= 0 && file[at]! >= 0x30 && file[at]! <= 0x39;
  const space = (at: number) => at < 0 || [0x0a, 0x0d, 0x20, 0x09].includes(file[at]!);
  for (let obj = file.indexOf(' obj'); obj >= 0; obj = file.indexOf(' obj', obj + 4)) {
    let at = obj - 1;
    const genEnd = at + 1;
    while (digit(at)) at--;
    if (at + 1 === genEnd || file[at] !== 0x20) continue;
    const numEnd = at;
    at--;
    while (digit(at)) at--;
    if (at + 1 === numEnd || !space(at)) continue;
    const key = `${file.toString('latin1', at + 1, numEnd)} ${file.toString('latin1', numEnd + 1, genEnd)}`;
    const list = headers.get(key);
    if (list) list.push(at + 1);
    else headers.set(key, [at + 1]);
  }
  return headers;
}

function findStreamData(file: Buffer, headers: number[], parsed: Uint8Array, expected: number): Buffer | undefined {
  for (const at of headers) {
    let start = file.indexOf('stream', at, 'latin1');
    if (start < 0) continue;
    start += 6;
    if (file[start] === 0x0d) start++;
    if (file[start] === 0x0a) start++;
    const data = file.subarray(start, start + expected);
    const after = file.subarray(start + expected, start + expected + 12).toString('latin1');
    if (
      data.length === expected &&
      /^\s*endstream/.test(after) &&
      data.subarray(0, parsed.length).equals(Buffer.from(parsed))
    )
      return data;
  }
  return undefined;
}

/** An entry of an exhibit's own outline, copied into the dossier. */
export interface CopiedOutline {
  title: PDFObject;
  /** An explicit destination on one of the merged pages. */
  dest?: PDFArray;
  /** Any other action the entry had (a web link, say), as it was. */
  action?: PDFObject;
  children: CopiedOutline[];
}

/** What merging one PDF exhibit brings into the dossier besides its pages. */
export interface CopiedExhibit {
  pages: PDFPage[];
  /** Its named destinations, each name prefixed by the exhibit ("exhibit4.chapter1"). */
  dests: [PDFHexString, PDFArray][];
  /** Every explicit destination copied (links, names, outline): their coordinates follow the shrink. */
  destArrays: Set<PDFArray>;
  outline: CopiedOutline[];
  /** The exhibit's fields under one parent field named by the exhibit, when it has any. */
  fields?: PDFRef;
  /** The exhibit form's default resources (fonts its fields' appearances name). */
  formResources?: PDFDict;
  /** Links that led nowhere in the exhibit (a page it does not have, a name it does not define). */
  droppedLinks: number;
}

type Dest = { explicit: PDFArray } | { name: string };

/**
 * Copies every page of `source` into `target` with what makes them work: annotations (their /P
 * set to the copied page), links and GoTo actions landing on the copied pages (never on orphan
 * copies outside the page tree), named destinations renamed `<label>.<name>`, the outline, and
 * the form fields under a parent field `<label>`, so two exhibits' fields never collide. The
 * source document is edited on the way: load it for this alone.
 */
export function copyExhibit(target: PDFDocument, source: PDFDocument, label: string): CopiedExhibit {
  const ctx = source.context;
  const pages = source.getPages();
  const pageRefs = pages.map((p) => p.ref);
  const isPage = new Set(pageRefs);
  const named = namedDestinations(source);
  let droppedLinks = 0;

  const resolveDest = (value: PDFObject | undefined, depth = 0): Dest | undefined => {
    const dest = value instanceof PDFRef ? ctx.lookup(value) : value;
    if (dest instanceof PDFName || dest instanceof PDFString || dest instanceof PDFHexString) {
      const name = nameKey(dest);
      return named.has(name) && depth === 0 && resolveDest(named.get(name), 1) ? { name } : undefined;
    }
    if (dest instanceof PDFDict && depth < 2) return resolveDest(dest.get(PDFName.of('D')), depth + 1);
    if (!(dest instanceof PDFArray) || dest.size() === 0) return undefined;
    const first = dest.get(0);
    // A page number in a local destination: what viewers take it for, the page at that index.
    if (first instanceof PDFNumber && pageRefs[first.asNumber()]) dest.set(0, pageRefs[first.asNumber()]!);
    else if (!(first instanceof PDFRef) || !isPage.has(first)) return undefined;
    return { explicit: dest };
  };
  const renamed = (name: string) => PDFHexString.of(Buffer.from(`${label}.${name}`, 'latin1').toString('hex'));
  /** Rewrites a /Dest or a GoTo's /D in place; false when it leads nowhere. */
  const fixDest = (holder: PDFDict, key: 'Dest' | 'D'): boolean => {
    const found = resolveDest(holder.get(PDFName.of(key)));
    if (!found) return false;
    holder.set(PDFName.of(key), 'name' in found ? renamed(found.name) : found.explicit);
    return true;
  };

  for (const [i, page] of pages.entries()) {
    // Article threads lead to other pages and documents: not carried.
    page.node.delete(PDFName.of('B'));
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) {
      page.node.delete(PDFName.of('Annots'));
      continue;
    }
    const kept: PDFObject[] = [];
    for (const entry of annots.asArray()) {
      const annot = entry instanceof PDFRef ? ctx.lookup(entry) : entry;
      if (!(annot instanceof PDFDict)) continue;
      if (annot.has(PDFName.of('P'))) annot.set(PDFName.of('P'), pageRefs[i]!);
      const action = annot.lookup(PDFName.of('A'));
      const goTo = action instanceof PDFDict && action.lookup(PDFName.of('S')) === PDFName.of('GoTo');
      const isLink = annot.lookup(PDFName.of('Subtype')) === PDFName.of('Link');
      let leads = true;
      if (annot.has(PDFName.of('Dest'))) leads = fixDest(annot, 'Dest');
      else if (goTo) leads = fixDest(action, 'D');
      if (!leads) {
        droppedLinks++;
        if (isLink) continue;
        annot.delete(PDFName.of('Dest'));
        annot.delete(PDFName.of('A'));
      }
      kept.push(entry);
    }
    page.node.set(PDFName.of('Annots'), ctx.obj(kept));
  }
  const sourceOutline = readOutline(source, resolveDest);

  const copier = PDFObjectCopier.for(ctx, target.context);
  // Copied by reference: every /P and destination that names a page lands on its one copy.
  const copiedRefs = pageRefs.map((ref) => copier.copy(ref) as PDFRef);
  const copiedPages = copiedRefs.map((ref) => {
    const node = target.context.lookup(ref);
    if (!(node instanceof PDFDict)) throw new ExhibitFileError('a page of the PDF could not be copied');
    return PDFPage.of(node as never, ref, target);
  });
  const destArrays = new Set<PDFArray>();
  // A destination is an array, or a dictionary whose /D is one: followed a few steps at most, since
  // a dictionary whose /D is itself would never end.
  const track = (value: PDFObject | undefined, depth = 0): void => {
    const dest = value instanceof PDFRef ? target.context.lookup(value) : value;
    if (dest instanceof PDFArray) destArrays.add(dest);
    else if (dest instanceof PDFDict && depth < 4) track(dest.get(PDFName.of('D')), depth + 1);
  };
  for (const page of copiedPages) {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) continue;
    for (const entry of annots.asArray()) {
      const annot = entry instanceof PDFRef ? target.context.lookup(entry) : entry;
      if (!(annot instanceof PDFDict)) continue;
      track(annot.get(PDFName.of('Dest')));
      const action = annot.lookup(PDFName.of('A'));
      if (action instanceof PDFDict) track(action.get(PDFName.of('D')));
    }
  }
  const dests: [PDFHexString, PDFArray][] = [];
  for (const [name, value] of named) {
    const found = resolveDest(value, 1);
    if (!found || !('explicit' in found)) continue;
    const copied = copier.copy(found.explicit) as PDFArray;
    destArrays.add(copied);
    dests.push([renamed(name), copied]);
  }
  const copyOutline = (items: SourceOutline[]): CopiedOutline[] =>
    items.map((item) => {
      const dest = item.dest ? (copier.copy(item.dest) as PDFArray) : undefined;
      if (dest) destArrays.add(dest);
      return {
        title: copier.copy(item.title),
        ...(dest ? { dest } : {}),
        ...(item.action ? { action: copier.copy(item.action) } : {}),
        children: copyOutline(item.children),
      };
    });
  const outline = copyOutline(sourceOutline);
  const form = copyFields(source, target, copier, copiedPages, label);
  return { pages: copiedPages, dests, destArrays, outline, ...form, droppedLinks };
}

/** The key of a named destination: its bytes, as Latin-1. */
function nameKey(name: PDFName | PDFString | PDFHexString): string {
  return Buffer.from(name.asBytes()).toString('latin1');
}

/** Named destinations of the old /Dests dictionary and of the /Names /Dests tree, by name. */
function namedDestinations(doc: PDFDocument): Map<string, PDFObject> {
  const found = new Map<string, PDFObject>();
  const old = doc.catalog.lookup(PDFName.of('Dests'));
  if (old instanceof PDFDict) for (const [key, value] of old.entries()) found.set(nameKey(key), value);
  const names = doc.catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('Dests')) : undefined;
  const seen = new Set<PDFObject>();
  const walk = (node: PDFObject | undefined, depth: number): void => {
    if (!(node instanceof PDFDict) || depth > 32 || seen.has(node)) return;
    seen.add(node);
    const pairs = node.lookup(PDFName.of('Names'));
    if (pairs instanceof PDFArray) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const key = pairs.lookup(i);
        if (key instanceof PDFString || key instanceof PDFHexString) found.set(nameKey(key), pairs.get(i + 1));
      }
    }
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i), depth + 1);
  };
  walk(tree, 0);
  return found;
}

interface SourceOutline {
  title: PDFObject;
  dest?: PDFArray;
  action?: PDFObject;
  children: SourceOutline[];
}

/** The exhibit's outline, each entry's destination made explicit on one of its pages. */
function readOutline(doc: PDFDocument, resolve: (value: PDFObject | undefined) => Dest | undefined): SourceOutline[] {
  const root = doc.catalog.lookup(PDFName.of('Outlines'));
  const named = namedDestinations(doc);
  const seen = new Set<PDFDict>();
  const explicit = (value: PDFObject | undefined): PDFArray | undefined => {
    const found = resolve(value);
    if (!found) return undefined;
    if ('explicit' in found) return found.explicit;
    const target = resolve(named.get(found.name));
    return target && 'explicit' in target ? target.explicit : undefined;
  };
  const level = (first: PDFObject | undefined, depth: number): SourceOutline[] => {
    const out: SourceOutline[] = [];
    let item = first instanceof PDFRef ? doc.context.lookup(first) : first;
    while (item instanceof PDFDict && !seen.has(item) && depth < 32 && seen.size < 10_000) {
      seen.add(item);
      const title = item.get(PDFName.of('Title')) ?? PDFString.of('');
      const action = item.lookup(PDFName.of('A'));
      const goTo = action instanceof PDFDict && action.lookup(PDFName.of('S')) === PDFName.of('GoTo');
      const dest = item.has(PDFName.of('Dest'))
        ? explicit(item.get(PDFName.of('Dest')))
        : goTo
          ? explicit(action.get(PDFName.of('D')))
          : undefined;
      const other = action instanceof PDFDict && !goTo ? item.get(PDFName.of('A')) : undefined;
      out.push({
        title,
        ...(dest ? { dest } : {}),
        ...(other ? { action: other } : {}),
        children: level(item.get(PDFName.of('First')), depth + 1),
      });
      const next = item.get(PDFName.of('Next'));
      item = next instanceof PDFRef ? doc.context.lookup(next) : next;
    }
    return out;
  };
  return root instanceof PDFDict ? level(root.get(PDFName.of('First')), 0) : [];
}

const FIELD_TYPE = PDFName.of('FT');

/**
 * The exhibit's fields, copied: the top-level fields of its /AcroForm and those its widgets lead
 * up to (some writers list none), under a new parent field named `label`. Signature fields are
 * left out: their signature covers the exhibit's own bytes, so in the dossier it would only show
 * as broken; their widgets stay on the page, showing what the signature looked like.
 */
function copyFields(
  source: PDFDocument,
  target: PDFDocument,
  copier: PDFObjectCopier,
  pages: PDFPage[],
  label: string,
): { fields?: PDFRef; formResources?: PDFDict } {
  const form = source.catalog.lookup(PDFName.of('AcroForm'));
  const roots: PDFRef[] = [];
  const seen = new Set<PDFRef>();
  const add = (ref: PDFObject | undefined) => {
    if (ref instanceof PDFRef && !seen.has(ref)) {
      seen.add(ref);
      roots.push(ref);
    }
  };
  if (form instanceof PDFDict) {
    const fields = form.lookup(PDFName.of('Fields'));
    if (fields instanceof PDFArray) for (const field of fields.asArray()) add(copier.copy(field));
  }
  for (const page of pages) {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) continue;
    for (const entry of annots.asArray()) {
      if (!(entry instanceof PDFRef)) continue;
      const annot = target.context.lookup(entry);
      if (!(annot instanceof PDFDict) || annot.lookup(PDFName.of('Subtype')) !== PDFName.of('Widget')) continue;
      let ref: PDFRef = entry;
      for (let depth = 0; depth < 32; depth++) {
        const parent = target.context.lookup(ref);
        const up = parent instanceof PDFDict ? parent.get(PDFName.of('Parent')) : undefined;
        if (!(up instanceof PDFRef)) break;
        ref = up;
      }
      const root = target.context.lookup(ref);
      if (root instanceof PDFDict && (root.has(PDFName.of('T')) || root.has(FIELD_TYPE))) add(ref);
    }
  }
  const kept = roots.filter((ref) => {
    const field = target.context.lookup(ref);
    if (!(field instanceof PDFDict)) return false;
    if (!isSignature(target, field)) return true;
    field.delete(PDFName.of('V'));
    return false;
  });
  if (kept.length === 0) return {};
  const parent: Record<string, PDFObject> = { T: PDFString.of(label), Kids: target.context.obj(kept) };
  if (form instanceof PDFDict) {
    // What the exhibit's fields inherited from its form, they now inherit from their new parent.
    for (const key of ['DA', 'Q']) {
      const value = form.get(PDFName.of(key));
      if (value) parent[key] = copier.copy(value);
    }
  }
  const parentRef = target.context.register(target.context.obj(parent));
  for (const ref of kept) (target.context.lookup(ref) as PDFDict).set(PDFName.of('Parent'), parentRef);
  const resources = form instanceof PDFDict ? form.lookup(PDFName.of('DR')) : undefined;
  return {
    fields: parentRef,
    ...(resources instanceof PDFDict ? { formResources: copier.copy(resources) as PDFDict } : {}),
  };
}

function isSignature(doc: PDFDocument, field: PDFDict): boolean {
  let node: PDFDict | undefined = field;
  for (let depth = 0; node && depth < 32; depth++) {
    const type = node.lookup(FIELD_TYPE);
    if (type) return type === PDFName.of('Sig');
    const kids: PDFObject | undefined = node.lookup(PDFName.of('Kids'));
    const first: PDFObject | undefined =
      kids instanceof PDFArray && kids.size() > 0 ? doc.context.lookup(kids.get(0)) : undefined;
    node = first instanceof PDFDict ? first : undefined;
  }
  return false;
}

type Matrix = readonly number[];

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0]! * x + m[2]! * y + m[4]!,
  m[1]! * x + m[3]! * y + m[5]!,
];
const round = (v: number) => Math.round(v * 1000) / 1000 || 0;

/** Keys of an annotation that hold flat lists of x, y pairs in page space. */
const POINT_LISTS = ['QuadPoints', 'Vertices', 'L', 'CL'];

/**
 * Moves an annotation as the page's content was moved: `m` is the matrix put before the page's
 * own content. Its rectangle, the points of its markup, ink and lines, and its popup's
 * rectangle; its appearance stream is drawn into its rectangle, so it follows.
 */
export function transformAnnotation(doc: PDFDocument, annot: PDFDict, m: Matrix, done: Set<PDFDict>): void {
  if (done.has(annot)) return;
  done.add(annot);
  const numbers = (array: PDFArray): number[] | undefined => {
    const values = array.asArray().map((v) => {
      const resolved = v instanceof PDFRef ? doc.context.lookup(v) : v;
      return resolved instanceof PDFNumber ? resolved.asNumber() : NaN;
    });
    return values.some(Number.isNaN) ? undefined : values;
  };
  const points = (array: PDFArray): PDFArray | undefined => {
    const values = numbers(array);
    if (!values || values.length % 2 !== 0) return undefined;
    const out: number[] = [];
    for (let i = 0; i < values.length; i += 2) out.push(...apply(m, values[i]!, values[i + 1]!).map(round));
    return doc.context.obj(out);
  };
  const rect = annot.lookup(PDFName.of('Rect'));
  if (rect instanceof PDFArray) {
    const values = numbers(rect);
    if (values && values.length === 4) {
      const [x1, y1] = apply(m, values[0]!, values[1]!);
      const [x2, y2] = apply(m, values[2]!, values[3]!);
      annot.set(
        PDFName.of('Rect'),
        doc.context.obj([Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)].map(round)),
      );
    }
  }
  for (const key of POINT_LISTS) {
    const list = annot.lookup(PDFName.of(key));
    const moved = list instanceof PDFArray ? points(list) : undefined;
    if (moved) annot.set(PDFName.of(key), moved);
  }
  for (const key of ['InkList', 'Path']) {
    const lists = annot.lookup(PDFName.of(key));
    if (!(lists instanceof PDFArray)) continue;
    const moved = lists.asArray().map((l) => {
      const list = l instanceof PDFRef ? doc.context.lookup(l) : l;
      return list instanceof PDFArray ? (points(list) ?? list) : l;
    });
    annot.set(PDFName.of(key), doc.context.obj(moved));
  }
  const popup = annot.lookup(PDFName.of('Popup'));
  if (popup instanceof PDFDict) transformAnnotation(doc, popup, m, done);
}

/**
 * Moves an explicit destination's coordinates on its page (XYZ left top, FitH top, FitV left,
 * FitR's rectangle, FitBH, FitBV) by that page's matrix; a null coordinate stays null.
 */
export function transformDestination(dest: PDFArray, m: Matrix): void {
  const type = dest.get(1);
  const at = (i: number): number | undefined => {
    const v = dest.get(i);
    return v instanceof PDFNumber ? v.asNumber() : undefined;
  };
  const set = (i: number, v: number | undefined) => {
    if (v !== undefined && i < dest.size()) dest.set(i, PDFNumber.of(round(v)));
  };
  const x = (v: number | undefined) => (v === undefined ? undefined : apply(m, v, 0)[0]);
  const y = (v: number | undefined) => (v === undefined ? undefined : apply(m, 0, v)[1]);
  const name = type instanceof PDFName ? type.decodeText() : '';
  if (name === 'XYZ') {
    set(2, x(at(2)));
    set(3, y(at(3)));
  } else if (name === 'FitH' || name === 'FitBH') set(2, y(at(2)));
  else if (name === 'FitV' || name === 'FitBV') set(2, x(at(2)));
  else if (name === 'FitR') {
    set(2, x(at(2)));
    set(3, y(at(3)));
    set(4, x(at(4)));
    set(5, y(at(5)));
  }
}

/** A name tree with a single leaf, its keys in byte order as name trees require. */
export function nameTree(doc: PDFDocument, entries: [PDFHexString, PDFObject][]): PDFDict {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a[0].asBytes()), Buffer.from(b[0].asBytes())));
  return doc.context.obj({ Names: sorted.flat() });
}
