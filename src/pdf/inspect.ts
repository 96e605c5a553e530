import { constants as zlibConstants, deflateSync, inflateRawSync, inflateSync } from 'node:zlib';
import { cleanContentLength } from './content-lexer.js';
import { decodeReduced } from './inspect-image.js';
import { captured, mupdf, release, type EngineMessage } from './mupdf-engine.js';

type MuDocument = InstanceType<typeof mupdf.PDFDocument>;
type MuObject = InstanceType<typeof mupdf.PDFObject>;

export type PdfProblemKind =
  | 'unreadable'
  | 'no-pages'
  | 'encrypted-needs-password'
  | 'encrypted-empty-password'
  | 'repaired'
  | 'page-tree'
  | 'catalog-missing'
  | 'object-syntax'
  | 'stream-undecodable'
  | 'stream-irregular'
  | 'stream-too-large'
  | 'page-unreadable'
  | 'content-syntax'
  | 'font'
  | 'leading-bytes'
  | 'javascript'
  | 'xfa'
  | 'signed'
  | 'reader-warning';

/**
 * `refuse`: the exhibit cannot be merged; `repair`: it can be merged only from `repairedCopy`;
 * `note`: worth saying on the exhibit page or in `validate --deep`, nothing to change.
 */
export type PdfProblemSeverity = 'refuse' | 'repair' | 'note';

export interface PdfProblem {
  what: PdfProblemKind;
  severity: PdfProblemSeverity;
  /** 1-based page where the damaged object is first used. */
  page?: number;
  /** PDF object number, for a reader who opens the file in a PDF tool. */
  object?: number;
  /** In the users' words: what is wrong and what casebuilder does about it. */
  detail: string;
  /** What the PDF engine said, for DEBUG=casebuilder only. */
  technical?: string;
}

/** What the merge step needs to know about a PDF exhibit before it copies pages out of it. */
export interface PdfFeatures {
  annotations: number;
  links: number;
  widgets: number;
  fields: number;
  needAppearances: boolean;
  xfa: boolean;
  signed: boolean;
  namedDestinations: boolean;
  outline: boolean;
  javascript: boolean;
}

export interface InspectionReport {
  /** `repair`: merge `repairedCopy(bytes)` and say so on the exhibit page. */
  outcome: 'ok' | 'repair' | 'refuse';
  pages: number;
  encryption: 'none' | 'empty-password' | 'needs-password';
  /** Every problem, worst first. */
  problems: PdfProblem[];
  /** The text of each page as MuPDF extracts it through each font's encoding (for text recall). */
  text: string[];
  streams: { checked: number; undecodable: number };
  features: PdfFeatures;
}

export interface InspectOptions {
  /** Extract each page's text (every page's content is run either way, which finds syntax errors). */
  text?: boolean;
}

/** Decoding a stream larger than this could exhaust memory; an image this large is no court exhibit. */
export const MAX_DECODED_BYTES = 320 * 1024 * 1024;

const SEVERITY_ORDER: Record<PdfProblemSeverity, number> = { refuse: 0, repair: 1, note: 2 };

/**
 * Opens a PDF exhibit with MuPDF and checks what a merge would rely on: that it opens (and
 * whether MuPDF had to rebuild it), whether it is encrypted, its pages, and that every stream
 * decodes. Never throws for a bad file: every finding is a problem in the report.
 */
export function inspectPdf(bytes: Uint8Array, options: InspectOptions = {}): InspectionReport {
  const problems: PdfProblem[] = [];
  const report: InspectionReport = {
    outcome: 'ok',
    pages: 0,
    encryption: 'none',
    problems,
    text: [],
    streams: { checked: 0, undecodable: 0 },
    features: emptyFeatures(),
  };
  const opened = openExhibit(bytes, problems);
  if (!opened) return finish(report);
  const { doc } = opened;
  try {
    report.encryption = opened.encryption;
    if (opened.encryption === 'needs-password') return finish(report);
    report.pages = opened.pages;
    if (report.pages === 0) return finish(report);
    const usage = streamUsage(doc, report.pages);
    checkStreams(doc, usage, report);
    report.features = features(doc, report.pages, problems);
    const pageTexts = runPages(doc, report.pages, problems, options.text !== false);
    if (options.text !== false) report.text = pageTexts;
    // MuPDF repairs lazily: a broken object found while decoding rebuilds the xref then.
    if (!problems.some((p) => p.what === 'repaired') && wasRepaired(doc)) {
      problems.push({
        what: 'repaired',
        severity: 'repair',
        detail: 'the cross-reference table was damaged and has been rebuilt',
      });
    }
  } finally {
    release(doc);
  }
  return finish(report);
}

/**
 * The exhibit as MuPDF reads it, saved again: the cross-reference table rebuilt, encryption with
 * an empty password removed, a broken page tree rebuilt, and each stream that does not decode
 * replaced by the part of it that does. Every other stream is copied as it is, byte for byte
 * (no compress, decompress, clean or sanitize option), and the file identifier is kept, so the
 * same exhibit always gives the same copy. Throws, with the reason in users' words, for a file
 * that `inspectPdf` refuses.
 */
export function repairedCopy(bytes: Uint8Array): Uint8Array {
  const problems: PdfProblem[] = [];
  const opened = openExhibit(bytes, problems);
  if (!opened) throw new Error(problems[0]?.detail ?? 'the PDF cannot be read');
  const { doc } = opened;
  try {
    const refusal = problems.find((p) => p.severity === 'refuse');
    if (refusal) throw new Error(refusal.detail);
    // Encrypted data cannot be compared with the file: its bytes there are ciphertext.
    const file = opened.encryption === 'none' ? new SourceFile(bytes) : undefined;
    const count = doc.countObjects();
    for (let num = 1; num < count; num++) {
      const ref = doc.newIndirect(num);
      if (file) restoreDeclaredExtent(ref, num, file);
      const result = decodeStream(ref);
      const data = result.value;
      if (data instanceof Uint8Array && isDecodeFailure(result.messages)) {
        // Keep what decodes, compressed again: readers show the same, and the stream is valid.
        const kept = salvage(ref, data);
        captured(() => {
          ref.writeRawStream(deflateSync(kept));
          ref.put('Filter', doc.newName('FlateDecode'));
          ref.delete('DecodeParms');
        });
      }
      release(ref);
    }
    captured(() => {
      // A trailer /Info that is not a dictionary makes checkers warn; it carries nothing.
      const info = doc.getTrailer().get('Info');
      if (!info.isNull() && !info.isDictionary()) doc.getTrailer().delete('Info');
    });
    const saved = captured(() => doc.saveToBuffer('decrypt=yes,garbage=yes,regenerate-id=no'));
    if (!saved.value) throw new Error('the repaired copy could not be written');
    const out = saved.value.asUint8Array().slice();
    release(saved.value);
    return out;
  } finally {
    release(doc);
  }
}

/** MuPDF's words when it had to guess where a stream's data starts or ends. */
const STREAM_EXTENT_GUESSED = /Length incorrect|line feed missing after stream|endstream/;

/**
 * Where MuPDF guessed a stream's extent, or read a length other than the declared one, the
 * file's own extent is used when it holds together: the data starts after `stream` and its end
 * of line (spaces before it tolerated, as qpdf does), runs for the declared /Length, and
 * `endstream` follows. MuPDF reads some such streams a byte off, without a warning.
 */
function restoreDeclaredExtent(ref: MuObject, num: number, file: SourceFile): void {
  captured(() => {
    if (!ref.isStream()) return;
    const length = ref.get('Length');
    const declared = length.isNumber()
      ? length.asNumber()
      : length.resolve().isNumber()
        ? length.resolve().asNumber()
        : -1;
    const read = captured(() => ref.readRawStream());
    const current = read.value ? Buffer.from(read.value.asUint8Array()) : Buffer.alloc(0);
    release(read.value);
    const guessed = read.messages.some((m) => STREAM_EXTENT_GUESSED.test(m.text));
    if (declared < 0 || (!guessed && current.length === declared)) return;
    const data = file.streamData(num, declared);
    if (data && !data.equals(current)) ref.writeRawStream(data);
  });
}

/** The original file, indexed once by where each object is last defined. */
export class SourceFile {
  private readonly file: Buffer;
  private index?: Map<number, number>;

  constructor(bytes: Uint8Array) {
    this.file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The bytes of object `num`'s stream at its declared length, or undefined when they do not hold together. */
  streamData(num: number, length: number): Buffer | undefined {
    const { file } = this;
    const at = this.objects().get(num);
    if (at === undefined) return undefined;
    const keyword = file.indexOf('stream', at, 'latin1');
    const end = file.indexOf('endobj', at, 'latin1');
    if (keyword < 0 || (end >= 0 && end < keyword)) return undefined;
    let start = keyword + 6;
    while (file[start] === 0x20 || file[start] === 0x09) start++;
    if (file[start] === 0x0d) start++;
    if (file[start] === 0x0a) start++;
    if (start + length > file.length) return undefined;
    const after = file.subarray(start + length, start + length + 32).toString('latin1');
    return /^\s*endstream/.test(after) ? file.subarray(start, start + length) : undefined;
  }

  private objects(): Map<number, number> {
    if (!this.index) {
      this.index = new Map();
      const text = this.file.toString('latin1');
      // The last definition wins, as in an incremental update.
      for (const match of text.matchAll(/(?<![0-9])(\d+)\s+\d+\s+obj\b/g))
        this.index.set(Number(match[1]), match.index + match[0].length);
    }
    return this.index;
  }
}

/** The text of each page, as a reader would copy it. */
export function pdfPageTexts(bytes: Uint8Array): string[] {
  const problems: PdfProblem[] = [];
  const opened = openExhibit(bytes, problems);
  if (!opened) return [];
  try {
    return opened.encryption === 'needs-password' ? [] : runPages(opened.doc, opened.pages, problems);
  } finally {
    release(opened.doc);
  }
}

function finish(report: InspectionReport): InspectionReport {
  for (const problem of report.problems) {
    if (problem.technical && problem.technical.length > 300)
      problem.technical = `${problem.technical.slice(0, 300)}...`;
  }
  report.problems.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.page ?? 0) - (b.page ?? 0),
  );
  const worst = report.problems[0]?.severity;
  report.outcome = worst === 'refuse' ? 'refuse' : worst === 'repair' ? 'repair' : 'ok';
  return report;
}

function emptyFeatures(): PdfFeatures {
  return {
    annotations: 0,
    links: 0,
    widgets: 0,
    fields: 0,
    needAppearances: false,
    xfa: false,
    signed: false,
    namedDestinations: false,
    outline: false,
    javascript: false,
  };
}

interface Opened {
  doc: MuDocument;
  pages: number;
  encryption: InspectionReport['encryption'];
}

/**
 * Opens the file, and when its cross-reference table leads to no usable page tree, reads it a
 * second time from its objects alone (as MuPDF does for a file with no table), and adopts an
 * orphan page tree when the catalog is missing. Problems found on the way are pushed.
 */
function openExhibit(bytes: Uint8Array, problems: PdfProblem[]): Opened | undefined {
  const first = open(bytes);
  if (!first.doc) {
    problems.push(unreadable(first.messages, first.error));
    return undefined;
  }
  let { doc, messages } = first;
  const encryption = encryptionOf(doc);
  if (encryption === 'needs-password') {
    problems.push({
      what: 'encrypted-needs-password',
      severity: 'refuse',
      detail:
        'the PDF is encrypted and needs a password to open; ' +
        'attach a copy saved without the password, and keep the original as evidence',
    });
    return { doc, pages: 0, encryption };
  }
  let pages = usablePages(doc);
  let forced = false;
  if (pages.failed) {
    const again = open(withoutXrefPointer(bytes));
    const retry = again.doc ? usablePages(again.doc) : undefined;
    if (again.doc && retry && !retry.failed) {
      release(doc);
      ({ doc, messages } = again);
      pages = retry;
      forced = true;
      problems.push({
        what: 'repaired',
        severity: 'repair',
        detail: 'the cross-reference table led to a broken page tree; the file was read again from its objects',
      });
    } else {
      release(again.doc);
    }
  }
  if (pages.count === 0 && adoptPageTree(doc)) {
    pages = usablePages(doc);
    if (pages.count > 0) {
      problems.push({
        what: 'catalog-missing',
        severity: 'repair',
        detail: 'the document catalog is missing; its page tree was found in the file and used',
      });
    }
  }
  if (pages.failed || pageTreeIrregular(doc)) {
    const rebuilt = rebuildPageTree(doc, pages.failed);
    const after = rebuilt ? usablePages(doc) : pages;
    if (rebuilt && !after.failed) {
      pages = after;
      problems.push({
        what: 'page-tree',
        severity: 'repair',
        detail:
          rebuilt === 'orphans'
            ? `the page tree is broken; the ${pages.count} page(s) found in the file ` +
              'were taken in the order they are stored'
            : 'the page tree lists pages twice, in a loop or inside their parent; ' +
              'the repaired copy lists each page once',
      });
    }
  }
  problems.push(...openingProblems(forced ? [] : messages));
  if (encryption === 'empty-password') {
    problems.push({
      what: 'encrypted-empty-password',
      severity: 'repair',
      detail:
        'the PDF is encrypted with an empty password (it opens without one in any viewer); ' +
        'it is merged from a decrypted copy',
    });
  }
  if (pages.count === 0 || pages.failed) {
    problems.push({
      what: 'no-pages',
      severity: 'refuse',
      detail:
        'no page can be read from the PDF, even after repair: no PDF reader can show it; ask the sender for a new copy',
      technical: pages.error,
    });
    return { doc, pages: 0, encryption };
  }
  return { doc, pages: pages.count, encryption };
}

function open(bytes: Uint8Array): { doc?: MuDocument; messages: EngineMessage[]; error?: Error } {
  const result = captured(() => new mupdf.PDFDocument(bytes));
  return { doc: result.value, messages: result.messages, error: result.error };
}

function unreadable(messages: EngineMessage[], error?: Error): PdfProblem {
  const technical = [...messages.map((m) => m.text), error?.message].filter(Boolean).join('; ');
  const encryption = /encrypt|password|security handler/i.test(technical);
  return {
    what: 'unreadable',
    severity: 'refuse',
    detail: encryption
      ? 'the PDF is encrypted and its encryption is damaged: no PDF reader can open it; ' +
        'ask the sender for a copy saved without a password'
      : 'the file cannot be read as a PDF, even after repair: no PDF reader can open it; ask the sender for a new copy',
    technical,
  };
}

function encryptionOf(doc: MuDocument): InspectionReport['encryption'] {
  if (captured(() => doc.needsPassword()).value) {
    // MuPDF tries the empty password when it opens; this asks again to be sure.
    return captured(() => doc.authenticatePassword('')).value ? 'empty-password' : 'needs-password';
  }
  const scheme = captured(() => doc.getMetaData(mupdf.Document.META_ENCRYPTION)).value ?? 'None';
  return scheme === 'None' ? 'none' : 'empty-password';
}

function usablePages(doc: MuDocument): { count: number; failed: boolean; error?: string } {
  const counted = captured(() => doc.countPages());
  const count = counted.value ?? 0;
  if (counted.error || count === 0) return { count: 0, failed: true, error: counted.error?.message };
  for (let i = 0; i < count; i++) {
    const loaded = captured(() => release(doc.loadPage(i)));
    if (loaded.error) return { count, failed: true, error: loaded.error.message };
  }
  return { count, failed: false };
}

const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'];

/**
 * A new, flat page tree: each page once, as an indirect object, with what it inherited written
 * on it. From the pages the tree reaches or, when it reaches none, from every page object in
 * the file in the order it is stored. Returns how, or undefined when there is nothing to use.
 */
function rebuildPageTree(doc: MuDocument, orphans: boolean): 'tree' | 'orphans' | undefined {
  const result = captured(() => {
    const found: MuObject[] = [];
    if (orphans) {
      const count = doc.countObjects();
      for (let num = 1; num < count; num++) {
        const ref = doc.newIndirect(num);
        if (ref.isDictionary() && ref.get('Type').isName() && ref.get('Type').asName() === 'Page') found.push(ref);
      }
    } else {
      const count = doc.countPages();
      for (let i = 0; i < count; i++) found.push(doc.findPage(i));
    }
    if (found.length === 0) return undefined;
    const tree = doc.addObject(doc.newDictionary());
    const kids = doc.newArray();
    const seen = new Set<number>();
    for (const old of found) {
      let page = old;
      if (!old.isIndirect() || seen.has(old.asIndirect())) {
        const copy = doc.newDictionary();
        old.forEach((value, key) => copy.put(key, value));
        page = doc.addObject(copy);
      }
      seen.add(page.asIndirect());
      for (const key of INHERITABLE) {
        const value = old.getInheritable(key);
        if (!value.isNull()) page.put(key, value);
      }
      page.put('Parent', tree);
      kids.push(page);
    }
    tree.put('Type', doc.newName('Pages'));
    tree.put('Kids', kids);
    tree.put('Count', found.length);
    doc.getTrailer().get('Root').put('Pages', tree);
    return orphans ? 'orphans' : 'tree';
  });
  return result.value;
}

/** Makes MuPDF miss the xref pointer, so that it rebuilds the table by scanning every object. */
function withoutXrefPointer(bytes: Uint8Array): Uint8Array {
  const copy = Buffer.from(bytes);
  const at = copy.lastIndexOf('startxref', undefined, 'latin1');
  if (at >= 0) copy.write('startxxxx', at, 'latin1');
  return copy;
}

/** A catalog for the largest page tree that has no parent, when the trailer names none. */
function adoptPageTree(doc: MuDocument): boolean {
  const result = captured(() => {
    const root = doc.getTrailer().get('Root');
    if (root.isDictionary() && root.get('Pages').isDictionary()) return false;
    let best: MuObject | undefined;
    let bestCount = 0;
    const count = doc.countObjects();
    for (let num = 1; num < count; num++) {
      const ref = doc.newIndirect(num);
      if (
        ref.isDictionary() &&
        ref.get('Type').isName() &&
        ref.get('Type').asName() === 'Pages' &&
        ref.get('Parent').isNull()
      ) {
        const kids = ref.get('Count').isNumber() ? ref.get('Count').asNumber() : 0;
        if (kids > bestCount) {
          best = ref;
          bestCount = kids;
        }
      }
    }
    if (!best) return false;
    const catalog = doc.addObject({ Type: doc.newName('Catalog'), Pages: best });
    doc.getTrailer().put('Root', catalog);
    return true;
  });
  return result.value === true;
}

function wasRepaired(doc: MuDocument): boolean {
  return captured(() => doc.wasRepaired()).value === true;
}

/** Messages MuPDF gave while opening, in users' words. */
function openingProblems(messages: EngineMessage[]): PdfProblem[] {
  const out: PdfProblem[] = [];
  const texts = messages.map((m) => m.text);
  const technical = texts.join('; ');
  if (texts.some((t) => /repair/.test(t))) {
    out.push({
      what: 'repaired',
      severity: 'repair',
      detail: 'the cross-reference table was damaged and has been rebuilt',
      technical,
    });
  } else if (texts.some((t) => /xref section recursion|loop/.test(t))) {
    out.push({
      what: 'repaired',
      severity: 'repair',
      detail: 'the update sections of the file refer to each other in a loop; the loop was broken',
      technical,
    });
  }
  const junk = texts.find((t) => /garbage bytes before version marker/.test(t));
  if (junk) {
    out.push({
      what: 'leading-bytes',
      severity: 'note',
      detail: 'the file has extra bytes before its PDF header; readers skip them',
      technical: junk,
    });
  }
  return out;
}

interface StreamUse {
  /** Undefined for what the catalog holds (form, names, metadata) rather than a page. */
  page?: number;
  role: string;
}

// Keys that lead away from what a copied page takes along: the tree, other pages, actions.
const WALK_SKIP = new Set([
  'Parent',
  'P',
  'Dest',
  'D',
  'A',
  'AA',
  'Next',
  'Prev',
  'First',
  'Last',
  'B',
  'Pages',
  'StructTreeRoot',
]);

/**
 * Which page first uses each stream, and in what role: every key of each page (a merge copies
 * them all, even private ones), what it inherits, then what the catalog holds.
 */
function streamUsage(doc: MuDocument, pages: number): Map<number, StreamUse> {
  const byObject = new Map<number, StreamUse>();
  const seen = new Set<number>();
  const walk = (obj: MuObject, use: StreamUse, depth: number): void => {
    if (depth > 64) return;
    if (obj.isIndirect()) {
      const num = obj.asIndirect();
      if (seen.has(num)) return;
      seen.add(num);
      if (obj.isStream()) byObject.set(num, { ...use, role: streamRole(obj, use.role) });
    }
    if (obj.isArray()) {
      for (let i = 0; i < obj.length; i++) walk(obj.get(i), use, depth + 1);
    } else if (obj.isDictionary()) {
      obj.forEach((value, key) => {
        if (typeof key === 'string' && !WALK_SKIP.has(key))
          walk(value, { ...use, role: roleFor(key, use.role) }, depth + 1);
      });
    }
  };
  for (let i = 0; i < pages; i++) {
    captured(() => {
      const page = doc.findPage(i);
      walk(page, { page: i + 1, role: 'page' }, 0);
      walk(page.getInheritable('Resources'), { page: i + 1, role: 'resource' }, 0);
    });
  }
  captured(() => walk(doc.getTrailer().get('Root'), { role: 'document' }, 0));
  return byObject;
}

function roleFor(key: string, inherited: string): string {
  if (key === 'Contents' && inherited === 'page') return 'content';
  if (inherited === 'page' && !['Annots', 'Resources', 'Thumb'].includes(key)) return 'private';
  if (key === 'Resources') return 'resource';
  if (key === 'Annots') return 'annotation';
  if (key === 'Font' || key === 'FontFile' || key === 'FontFile2' || key === 'FontFile3') return 'font';
  if (key === 'AP') return 'annotation appearance';
  if (key === 'Metadata') return 'metadata';
  if (key === 'EmbeddedFiles' || key === 'EF') return 'attached file';
  return inherited;
}

function streamRole(obj: MuObject, role: string): string {
  const subtype = obj.get('Subtype');
  if (subtype.isName()) {
    if (subtype.asName() === 'Image') return 'image';
    if (subtype.asName() === 'Form' && role !== 'annotation appearance') return 'form';
  }
  return role;
}

/** Kids that are direct objects, appear twice, or loop: a copy needs a rebuilt page tree. */
function pageTreeIrregular(doc: MuDocument): boolean {
  const result = captured(() => {
    const seen = new Set<number>();
    const visit = (node: MuObject, depth: number): boolean => {
      if (depth > 64) return true;
      const kids = node.get('Kids');
      if (!kids.isArray()) return false;
      for (let i = 0; i < kids.length; i++) {
        const kid = kids.get(i);
        if (!kid.isIndirect() || seen.has(kid.asIndirect())) return true;
        seen.add(kid.asIndirect());
        if (visit(kid, depth + 1)) return true;
      }
      return false;
    };
    return visit(doc.getTrailer().get('Root', 'Pages'), 0);
  });
  return result.value !== false;
}

/** Decodes every stream in the file, so that nothing the dossier copies is damaged. */
function checkStreams(doc: MuDocument, usage: Map<number, StreamUse>, report: InspectionReport): void {
  const count = doc.countObjects();
  for (let num = 1; num < count; num++) {
    const ref = doc.newIndirect(num);
    const result = quickJpegCheck(ref) ?? decodeStream(ref);
    const salvaged =
      result.value instanceof Uint8Array && (result.error || isDecodeFailure(result.messages))
        ? salvage(ref, result.value).length
        : 0;
    release(ref);
    const use = usage.get(num);
    const where = !use
      ? `an unused stream (object ${num})`
      : use.page === undefined
        ? `a ${use.role} stream of the document (object ${num})`
        : `the ${use.role} stream of page ${use.page}`;
    const at = { object: num, ...(use?.page !== undefined ? { page: use.page } : {}) };
    const technical = result.messages.map((m) => m.text).join('; ') || result.error?.message;
    if (result.value === undefined && !result.error && result.messages.length === 0) continue;
    if (result.value !== undefined) report.streams.checked++;
    if (result.value === 'too-large') {
      report.problems.push({
        what: 'stream-too-large',
        severity: use ? 'refuse' : 'note',
        ...at,
        detail:
          `${where} would take more than ${MAX_DECODED_BYTES / 1024 / 1024} MB to decode, ` +
          'too much to check it; attach a smaller copy',
      });
      continue;
    }
    report.problems.push(...objectSyntaxProblems(result.messages, at));
    if (result.error || isDecodeFailure(result.messages)) {
      report.streams.undecodable++;
      const kept = salvaged;
      report.problems.push({
        what: 'stream-undecodable',
        // A stream no page uses is left out of the dossier anyway.
        severity: use ? 'repair' : 'note',
        ...at,
        detail: !use
          ? `${where} is damaged; nothing in the document uses it, so it is left out`
          : kept === 0
            ? `${where} is damaged and none of it decodes; the repaired copy leaves it empty, as viewers show it`
            : `${where} is damaged and does not decode cleanly; ` +
              `the repaired copy keeps the ${kept} bytes a viewer reads from it`,
        technical,
      });
    } else if (result.messages.some((m) => /premature end|truncated/.test(m.text))) {
      report.problems.push({
        what: 'stream-irregular',
        severity: 'note',
        ...at,
        detail: `${where} ends early, but all of its data decodes`,
        technical,
      });
    }
  }
}

function objectSyntaxProblems(messages: EngineMessage[], at: { object: number; page?: number }): PdfProblem[] {
  const technical = messages.map((m) => m.text).join('; ');
  if (messages.some((m) => /PDF stream Length incorrect/.test(m.text))) {
    return [
      {
        what: 'object-syntax',
        severity: 'repair',
        ...at,
        detail: 'the declared length of a stream is wrong; the repaired copy gives its true length',
        technical,
      },
    ];
  }
  if (
    messages.some((m) =>
      /endobj|endstream|line feed missing after stream|expected object number|repairing/.test(m.text),
    )
  ) {
    return [
      {
        what: 'object-syntax',
        severity: 'repair',
        ...at,
        detail: 'an object is written out of the PDF rules; the repaired copy writes it again',
        technical,
      },
    ];
  }
  return [];
}

/**
 * MuPDF logs a decode failure as an error and reads the stream as if it ended there; a bad zlib
 * checksum it only warns about ("ignoring zlib error"), though the data before it is often cut.
 */
function isDecodeFailure(messages: EngineMessage[]): boolean {
  return messages.some(
    (m) =>
      (m.level === 'error' && !/syntax error|expected object number/.test(m.text)) ||
      /read error|zlib error/.test(m.text),
  );
}

/**
 * A JPEG image of a scan checked as a photo is: decoded at an eighth of its size, which reads
 * every coded block but takes a fraction of the time (a 300 dpi page decodes to 26 MB). Only a
 * clean result is taken; anything else (a warning, an error, an image MuPDF cannot load) is
 * left to the whole decode, so that a damaged image is judged and salvaged as any stream is.
 */
function quickJpegCheck(ref: MuObject): StreamCheck | undefined {
  const plain = captured(() => {
    if (!ref.isStream() || !ref.get('Subtype').isName() || ref.get('Subtype').asName() !== 'Image') return false;
    const filter = ref.get('Filter');
    const only = filter.isArray() && filter.length === 1 ? filter.get(0) : filter;
    return (
      only.isName() &&
      (only.asName() === 'DCTDecode' || only.asName() === 'DCT') &&
      declaredSize(ref) <= MAX_DECODED_BYTES
    );
  });
  if (plain.value !== true || plain.messages.length > 0) return undefined;
  // From the stream's own bytes, not through the document: MuPDF would keep each image loaded
  // from it (a scan's 5 MB) in its store, and its memory does not shrink back.
  // Taken only for what a DCT filter reads: a JPEG (MuPDF would open a PNG or a GIF here by its
  // bytes, where a viewer shows nothing) no larger than the whole decode may be.
  const decoded = captured(() => {
    const raw = ref.readRawStream();
    let image: mupdf.Image | undefined;
    try {
      const head = raw.asUint8Array().subarray(0, 3);
      if (head[0] !== 0xff || head[1] !== 0xd8 || head[2] !== 0xff) return false;
      image = new mupdf.Image(raw);
      if (image.getWidth() * image.getHeight() * Math.max(image.getNumberOfComponents(), 4) > MAX_DECODED_BYTES)
        return false;
      decodeReduced(image);
      return true;
    } finally {
      release(image, raw);
    }
  });
  return decoded.value !== true || decoded.error || decoded.messages.length > 0
    ? undefined
    : { value: 'decoded', messages: [] };
}

/** What checking a stream found: its decoded bytes, or 'decoded' when they were not kept. */
type StreamCheck = ReturnType<typeof captured<Uint8Array | 'decoded' | 'too-large' | undefined>>;

/**
 * Checks Flate data with zlib's own strict rules, then decodes the stream with MuPDF. zlib goes
 * first and stops at the limit: a stream of a few kilobytes that inflates to a gigabyte is found
 * too large before MuPDF decodes it whole (1.6 GB of memory for one such stream).
 */
function decodeStream(ref: MuObject): StreamCheck {
  const strict = strictFlate(ref);
  if (strict === 'too-large') return { value: 'too-large', messages: [] };
  const result = captured(() => (ref.isStream() ? decodeOrSkip(ref) : undefined));
  if (result.value instanceof Uint8Array && !isDecodeFailure(result.messages) && strict)
    result.messages.push({ level: 'error', text: `zlib error (checked strictly): ${strict}` });
  return result;
}

/**
 * MuPDF inflates leniently: noise often decodes as garbage without a word. zlib itself, which
 * qpdf uses, refuses bad codes and checksums. A stream that stops early passes only where a
 * writer may stop: after its last block (checksum left out) or at a flush point (Acrobat).
 */
function strictFlate(ref: MuObject): string | 'too-large' | undefined {
  const raw = captured(() => {
    const filter = ref.get('Filter');
    const first = filter.isArray() && filter.length > 0 ? filter.get(0) : filter;
    return isFlate(first) ? rawBytes(ref) : undefined;
  }).value;
  if (!raw) return undefined;
  try {
    inflateSync(raw, { maxOutputLength: MAX_DECODED_BYTES });
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return 'too-large';
    const message = (err as Error).message;
    if (message !== 'unexpected end of file') return message;
  }
  if (raw.length >= 4 && raw.subarray(-4).equals(SYNC_FLUSH)) return undefined;
  try {
    inflateRawSync(raw.subarray(2));
    return undefined;
  } catch {
    return 'the data stops in the middle of a block';
  }
}

const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0xff, 0xff]);

function isFlate(name: MuObject): boolean {
  return name.isName() && (name.asName() === 'FlateDecode' || name.asName() === 'Fl');
}

/** A stream's bytes as stored (still encoded), copied out of MuPDF's memory. */
function rawBytes(ref: MuObject): Buffer {
  const buffer = ref.readRawStream();
  try {
    return Buffer.from(buffer.asUint8Array().slice());
  } finally {
    release(buffer);
  }
}

/**
 * The part of a damaged stream the repaired copy keeps. For plain Flate, what zlib (as qpdf and
 * most viewers inflate) reads before the damage, not MuPDF's lenient reading, which can go on
 * into noise; for anything but an image, cut after the last whole line that reads as content,
 * so that no half instruction or string is left for a reader, or a checker such as qpdf.
 */
function salvage(ref: MuObject, lenient: Uint8Array): Uint8Array {
  const plain = captured(() => {
    const filter = ref.get('Filter');
    const name = filter.isArray() && filter.length === 1 ? filter.get(0) : filter;
    const flate = isFlate(name);
    const image = ref.get('Subtype').isName() && ref.get('Subtype').asName() === 'Image';
    return { flate: flate && ref.get('DecodeParms').isNull(), image };
  }).value ?? { flate: false, image: false };
  let data: Buffer = Buffer.from(lenient);
  if (plain.flate) {
    const raw = captured(() => rawBytes(ref)).value;
    if (raw) data = strictPrefix(raw);
  }
  if (plain.image) return data;
  // The tail of a damaged stream can decode into noise: keep the whole lines that read as content.
  const clean = cleanContentLength(data);
  const lineEnd = Math.max(data.lastIndexOf(0x0a), data.lastIndexOf(0x0d)) + 1;
  return data.subarray(0, clean < data.length ? clean : lineEnd);
}

/** The longest output zlib gives for a prefix of `raw` before it meets bad data (a binary search). */
function strictPrefix(raw: Buffer): Buffer {
  const attempt = (length: number): Buffer | undefined => {
    try {
      return inflateSync(raw.subarray(0, length), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  };
  let best: Buffer = Buffer.alloc(0);
  let lo = 2;
  let hi = raw.length;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const out = attempt(mid);
    if (out) {
      if (out.length >= best.length) best = out;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The decoded bytes, or 'too-large' without decoding when the declared size is out of reach. */
function decodeOrSkip(ref: MuObject): Uint8Array | 'too-large' {
  if (declaredSize(ref) > MAX_DECODED_BYTES) return 'too-large';
  const buffer = ref.readStream();
  try {
    return buffer.asUint8Array().slice();
  } finally {
    release(buffer);
  }
}

/** Bytes an image decodes to, from its dictionary and, for JBIG2, from the page size it declares. */
function declaredSize(ref: MuObject): number {
  if (!ref.get('Subtype').isName() || ref.get('Subtype').asName() !== 'Image') return 0;
  const num = (key: string): number => (ref.get(key).isNumber() ? ref.get(key).asNumber() : 0);
  const declared = num('Width') * num('Height') * 4 * (num('BitsPerComponent') > 8 ? 2 : 1);
  const filter = ref.get('Filter').toString();
  if (!/JBIG2Decode/.test(filter)) return declared;
  const raw = ref.readRawStream();
  try {
    const globals = ref.get('DecodeParms').isDictionary() ? ref.get('DecodeParms', 'JBIG2Globals') : undefined;
    const globalPixels = globals?.isStream() ? jbig2PagePixels(globals.readRawStream().asUint8Array()) : 0;
    return Math.max(declared, jbig2PagePixels(raw.asUint8Array()) / 8, globalPixels / 8);
  } finally {
    release(raw);
  }
}

/**
 * The largest page a JBIG2 stream declares (its page information segments), which is what the
 * decoder allocates whatever the PDF says: a small stream can declare a huge page (a "bomb").
 */
export function jbig2PagePixels(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  let largest = 0;
  for (let segments = 0; offset + 11 <= data.length && segments < 10_000; segments++) {
    const flags = data[offset + 4]!;
    const type = flags & 0x3f;
    let at = offset + 5;
    const referred = data[at]! >> 5;
    let refCount = referred;
    if (referred === 7) {
      if (at + 4 > data.length) break;
      refCount = view.getUint32(at) & 0x1fffffff;
      at += 4 + Math.ceil((refCount + 1) / 8);
    } else {
      at += 1;
    }
    const number = view.getUint32(offset);
    const refSize = number <= 256 ? 1 : number <= 65536 ? 2 : 4;
    at += refCount * refSize;
    at += flags & 0x40 ? 4 : 1;
    if (at + 4 > data.length) break;
    const length = view.getUint32(at);
    at += 4;
    if (type === 48 && at + 8 <= data.length) {
      const width = view.getUint32(at);
      const height = view.getUint32(at + 4);
      // 0xffffffff: the height is given later, stripe by stripe.
      largest = Math.max(largest, width * (height === 0xffffffff ? 1 : height));
    }
    if (length === 0xffffffff) break;
    offset = at + length;
  }
  return largest;
}

function features(doc: MuDocument, pages: number, problems: PdfProblem[]): PdfFeatures {
  const found = emptyFeatures();
  captured(() => {
    for (let i = 0; i < pages; i++) {
      const annots = doc.findPage(i).get('Annots');
      if (!annots.isArray()) continue;
      for (let k = 0; k < annots.length; k++) {
        const subtype = annots.get(k).get('Subtype');
        found.annotations++;
        if (subtype.isName() && subtype.asName() === 'Link') found.links++;
        if (subtype.isName() && subtype.asName() === 'Widget') found.widgets++;
      }
    }
    const root = doc.getTrailer().get('Root');
    const form = root.get('AcroForm');
    if (form.isDictionary()) {
      found.fields = countFields(form.get('Fields'), 0);
      found.needAppearances = form.get('NeedAppearances').isBoolean() && form.get('NeedAppearances').asBoolean();
      found.xfa = !form.get('XFA').isNull();
      found.signed = form.get('SigFlags').isNumber() && (form.get('SigFlags').asNumber() & 1) === 1;
    }
    found.namedDestinations = !root.get('Dests').isNull() || !root.get('Names', 'Dests').isNull();
    found.outline = root.get('Outlines').isDictionary() && !root.get('Outlines', 'First').isNull();
    found.javascript = !root.get('Names', 'JavaScript').isNull() || hasJavaScriptAction(root.get('OpenAction'));
  });
  if (found.javascript) {
    problems.push({
      what: 'javascript',
      severity: 'note',
      detail: 'the PDF carries JavaScript; the dossier does not run it',
    });
  }
  if (found.xfa) {
    problems.push({
      what: 'xfa',
      severity: 'note',
      detail: 'the form also has an XFA part, which most viewers ignore; the dossier shows its ordinary PDF form',
    });
  }
  if (found.signed) {
    problems.push({
      what: 'signed',
      severity: 'note',
      detail:
        'the PDF is digitally signed; merged pages cannot carry a valid signature, ' +
        'so keep the original file as evidence',
    });
  }
  return found;
}

/** The form's fields, each once: a field that lists itself (or an ancestor) as a kid is not walked again. */
function countFields(fields: MuObject, depth: number, seen = new Set<number>()): number {
  if (!fields.isArray() || depth > 32) return 0;
  let count = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields.get(i);
    if (field.isIndirect()) {
      if (seen.has(field.asIndirect())) continue;
      seen.add(field.asIndirect());
    }
    const kids = field.get('Kids');
    const terminal = !kids.isArray() || kids.length === 0 || !kids.get(0).get('T').isString();
    count += terminal ? 1 : countFields(kids, depth + 1, seen);
  }
  return count;
}

function hasJavaScriptAction(action: MuObject): boolean {
  return action.isDictionary() && action.get('S').isName() && action.get('S').asName() === 'JavaScript';
}

/**
 * Runs each page's content, as a viewer draws it (its fonts loaded, every instruction read);
 * what MuPDF reports on the way are problems. With `text`, through MuPDF's text extraction, and
 * the text of each page is returned; else through a device that draws nothing, which finds the
 * same problems (and on the exhibit corpus a few more) in half the time.
 */
function runPages(doc: MuDocument, pages: number, problems: PdfProblem[], text = true): string[] {
  const texts: string[] = [];
  const forms: FormGraph = new Map();
  for (let i = 0; i < pages; i++) {
    // Forms that draw one another over and over, or nest past MuPDF's stack: never run.
    const load = captured(() => formLoad(doc.findPage(i), forms)).value;
    if (load) {
      texts.push('');
      problems.push({
        what: 'page-unreadable',
        severity: 'refuse',
        page: i + 1,
        detail: formLoadProblem(load, i + 1),
      });
      continue;
    }
    const result = captured(() => {
      const page = doc.loadPage(i);
      if (!text) {
        const device = new mupdf.Device({});
        try {
          page.run(device, mupdf.Matrix.identity);
          return '';
        } finally {
          // Closed even when the page throws: MuPDF says so of a device dropped unclosed.
          try {
            device.close();
          } catch {
            // closing a device that drew nothing cannot fail in a way that matters here
          }
          release(device, page);
        }
      }
      const stext = page.toStructuredText('preserve-whitespace');
      try {
        return stext.asText();
      } finally {
        release(stext, page);
      }
    });
    texts.push(result.value ?? '');
    problems.push(...pageProblems(i + 1, result.messages, result.error));
  }
  return texts;
}

/** Why a page whose forms `formLoad` found too many or too deep is not drawn. */
export function formLoadProblem(load: 'many' | 'deep', page: number): string {
  return load === 'deep'
    ? `page ${page} nests the drawings it reuses (forms) more than ${MAX_FORM_DEPTH} deep, which no reader can draw`
    : `page ${page} draws the drawings it reuses (forms) more than ${MAX_FORM_DRAWS.toLocaleString('en')} times ` +
        'over, one inside another, which no reader can draw in reasonable time';
}

/** Form drawings a page may make, nested ones counted each time they are drawn: well past any real page. */
const MAX_FORM_DRAWS = 200_000;
/** Forms inside forms: MuPDF's WebAssembly stack overflows at about 34, and stays broken after. */
const MAX_FORM_DEPTH = 24;

/**
 * Whether running a page would draw its forms (XObjects of subtype Form) too many times over or
 * too deep. Each form is read once (`forms`, by object, shared across pages): which forms its
 * `Do` instructions draw, how many times. The page's drawings are then added up as MuPDF would
 * make them, a form inside itself skipped as MuPDF skips it, stopping at the limit.
 */
export function formLoad(page: MuObject, forms: FormGraph = new Map()): 'many' | 'deep' | undefined {
  let total = 0;
  const onPath = new Set<number>();
  const visit = (drawn: FormDraw[], depth: number): 'many' | 'deep' | undefined => {
    for (const { num, times, children } of drawn) {
      if (onPath.has(num)) continue;
      if (depth + 1 > MAX_FORM_DEPTH) return 'deep';
      for (let k = 0; k < times; k++) {
        if (++total > MAX_FORM_DRAWS) return 'many';
        onPath.add(num);
        const found = visit(children(), depth + 1);
        onPath.delete(num);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(formsDrawn(page.get('Contents'), page.getInheritable('Resources'), forms), 0);
}

/** What one content (a page's, or a form's) draws: each form by object, how often, and what it draws in turn. */
interface FormDraw {
  num: number;
  times: number;
  children: () => FormDraw[];
}
export type FormGraph = Map<number, FormDraw[]>;

function formsDrawn(content: MuObject, resources: MuObject, forms: FormGraph): FormDraw[] {
  const num = content.isIndirect() ? content.asIndirect() : -1;
  const known = num >= 0 ? forms.get(num) : undefined;
  if (known) return known;
  const counts = new Map<string, number>();
  const parts = content.isArray() ? Array.from({ length: content.length }, (_, k) => content.get(k)) : [content];
  for (const part of parts) {
    if (!part.isStream()) continue;
    const text = Buffer.from(part.readStream().asUint8Array()).toString('latin1');
    for (const m of text.matchAll(/\/([^\s/[\]()<>{}%]+)\s*Do\b/g)) {
      const name = m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const xobjects = resources.isDictionary() ? resources.get('XObject') : undefined;
  const drawn: FormDraw[] = [];
  for (const [name, times] of counts) {
    const form = xobjects?.isDictionary() ? xobjects.get(name) : undefined;
    if (!form?.isStream() || form.get('Subtype').asName?.() !== 'Form') continue;
    const own = form.get('Resources');
    let children: FormDraw[] | undefined;
    drawn.push({
      num: form.isIndirect() ? form.asIndirect() : -1,
      times,
      children: () => (children ??= formsDrawn(form, own.isDictionary() ? own : resources, forms)),
    });
  }
  if (num >= 0) forms.set(num, drawn);
  return drawn;
}

function pageProblems(page: number, messages: EngineMessage[], error?: Error): PdfProblem[] {
  const technical = [...messages.map((m) => m.text), error?.message].filter(Boolean).join('; ');
  if (error) {
    return [
      {
        what: 'page-unreadable',
        severity: 'refuse',
        page,
        detail: `page ${page} cannot be drawn: its description is broken`,
        technical,
      },
    ];
  }
  const out: PdfProblem[] = [];
  const unknown = messages.map((m) => /unknown keyword: '(.*)'/.exec(m.text)?.[1]).find(Boolean);
  if (messages.some((m) => /syntax error/.test(m.text))) {
    const which = unknown ? ` (an unknown instruction "${unknown.slice(0, 20)}")` : '';
    out.push({
      what: 'content-syntax',
      severity: 'note',
      page,
      detail:
        `page ${page}'s drawing instructions contain errors${which} that viewers skip; ` +
        'the page is shown as they show it',
      technical,
    });
  }
  if (messages.some((m) => /font/i.test(m.text))) {
    out.push({
      what: 'font',
      severity: 'note',
      page,
      detail: `a font on page ${page} cannot be read; viewers draw its text with a substitute`,
      technical,
    });
  }
  return out;
}
