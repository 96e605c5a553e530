import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocument } from 'pdf-lib';
import { ExhibitFileError } from '../load/exhibit-content.js';
import { PROGRAM } from '../version.js';
import { loadExhibitPdf } from './exhibit-pdf.js';
import { eightBitCopy, inspectImage, type ImageInspection } from './inspect-image.js';
import { inspectPdf, repairedCopy, type InspectionReport, type PdfProblem } from './inspect.js';
import { captured, mupdf, release } from './mupdf-engine.js';

/**
 * What was done to the copy an exhibit is shown from, when it is not shown from its own bytes:
 * the dossier's exhibit page says so (in its language) and the manifest gives both SHA-256.
 */
export type ShownChange =
  | 'xref'
  | 'update-loop'
  | 'page-tree'
  | 'catalog'
  | 'objects'
  | 'streams'
  | 'decrypted'
  | 'rewritten'
  | 'appearances'
  | 'eight-bit';

/** Something about an exhibit that a reader of the dossier should know, in users' words. */
export interface ExhibitNote {
  message: string;
  /** What the library said: printed only with DEBUG=casebuilder. */
  technical?: string;
}

export interface PreparedPdf {
  /** What is merged: the file's own bytes, or a copy when `changes` is not empty. */
  bytes: Uint8Array;
  /** Those bytes as pdf-lib read them, ready to merge once (merging edits it). */
  document: PDFDocument;
  changes: ShownChange[];
  /** The pages whose damaged streams the copy replaced by the part that decodes. */
  damagedPages: number[];
  pages: number;
  /** What `validate --deep` warns about: the dossier cannot show it as the file has it. */
  warnings: ExhibitNote[];
  /** What the inspection found, to be kept by the SHA-256 of the bytes inspected. */
  verdict: string;
}

/** A PDF ready to merge, as `preparePdf` read it. */
export type MergeSource = Pick<PreparedPdf, 'document'>;

export interface PreparedPhoto {
  format: 'jpeg' | 'png';
  /** What is embedded: the file's own bytes, or an 8-bit copy when `changes` is not empty. */
  bytes: Uint8Array;
  changes: ShownChange[];
  width: number;
  height: number;
  /** EXIF orientation of the original (the copy carries none). */
  orientation: number;
  /** JPEG channels, for embedding the file's bytes as they are. */
  components: number;
  warnings: ExhibitNote[];
  /** 8 for what the dossier shows; the original's precision when it was converted. */
  bitsPerComponent: number;
  /** What the inspection found, to be kept by the SHA-256 of the bytes inspected. */
  verdict: string;
}

/**
 * Who made a verdict: a verdict is taken up again only from the same casebuilder, the same
 * MuPDF and the same inspecting code (in the bundle, its file is named by a hash of its content),
 * so an upgrade of any of them inspects every exhibit again.
 */
const ENGINE = `casebuilder ${PROGRAM}; mupdf ${mupdfVersion()}; ${path.basename(import.meta.url)}`;

function mupdfVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('mupdf');
    const json = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    if (typeof json.version === 'string') return json.version;
  } catch {
    // unknown: below, a version no verdict was made with
  }
  return `unknown ${process.pid} ${Date.now()}`;
}

type VerdictKind = 'pdf' | 'photo';

function verdictJson(kind: VerdictKind, report: object): string {
  return JSON.stringify({ engine: ENGINE, kind, report });
}

/** The report a verdict holds, when it was made by this engine for this kind of exhibit; else undefined. */
function verdictOf<T>(json: string | undefined, kind: VerdictKind): T | undefined {
  if (json === undefined) return undefined;
  try {
    const verdict = JSON.parse(json) as { engine?: unknown; kind?: unknown; report?: unknown };
    if (verdict.engine !== ENGINE || verdict.kind !== kind) return undefined;
    if (typeof verdict.report !== 'object' || verdict.report === null) return undefined;
    return verdict.report as T;
  } catch {
    return undefined;
  }
}

const CHANGE_OF: Partial<Record<PdfProblem['what'], ShownChange>> = {
  repaired: 'xref',
  'page-tree': 'page-tree',
  'catalog-missing': 'catalog',
  'object-syntax': 'objects',
  'stream-undecodable': 'streams',
  'encrypted-empty-password': 'decrypted',
};

/**
 * Opens a PDF exhibit as the dossier will merge it: MuPDF inspects it (every stream decoded),
 * what only a repair can read is merged from a repaired copy, a form that asks viewers to draw
 * its fields gets their appearances, and pdf-lib must be able to copy its pages. Throws an
 * ExhibitFileError, in users' words, for what cannot be merged.
 */
export async function preparePdf(bytes: Uint8Array, known?: string): Promise<PreparedPdf> {
  const { text: _text, ...report }: Omit<InspectionReport, 'text'> & { text?: string[] } =
    verdictOf<Omit<InspectionReport, 'text'>>(known, 'pdf') ?? inspectPdf(bytes, { text: false });
  if (report.outcome === 'refuse') throw refusal(report.problems.find((p) => p.severity === 'refuse')!);
  const changes = new Set<ShownChange>();
  const damagedPages = new Set<number>();
  for (const problem of report.problems) {
    if (problem.severity !== 'repair') continue;
    const change = CHANGE_OF[problem.what];
    if (!change) continue;
    changes.add(change === 'xref' && /loop/.test(problem.detail) ? 'update-loop' : change);
    if (change === 'streams' && problem.page) damagedPages.add(problem.page);
  }
  let shown = changes.size > 0 ? safely(() => repairedCopy(bytes)) : bytes;
  if (report.features.needAppearances && report.features.widgets > 0) {
    const drawn = withAppearances(shown);
    if (drawn) {
      shown = drawn;
      changes.add('appearances');
    }
  }
  // pdf-lib copies the pages: what it cannot parse, MuPDF writes again in a form it can.
  let loaded = await loadable(shown);
  if (!('document' in loaded)) {
    if (shown !== bytes) throw cannotMerge(loaded.error);
    shown = safely(() => repairedCopy(bytes));
    changes.add('rewritten');
    loaded = await loadable(shown);
    if (!('document' in loaded)) throw cannotMerge(loaded.error);
  }
  return {
    bytes: shown,
    document: loaded.document,
    changes: [...changes],
    damagedPages: [...damagedPages].sort((a, b) => a - b),
    pages: report.pages,
    warnings: pdfWarnings(report),
    verdict: verdictJson('pdf', report),
  };
}

/** Decodes a photo whole before it is trusted; a 12-bit JPEG is shown from an 8-bit copy. */
export function preparePhoto(bytes: Uint8Array, format: 'jpeg' | 'png', known?: string): PreparedPhoto {
  const report = verdictOf<ImageInspection>(known, 'photo') ?? inspectImage(bytes, format);
  if (report.outcome === 'refuse') {
    const first = report.problems.find((p) => p.severity === 'refuse')!;
    throw new ExhibitFileError(first.detail, first.technical);
  }
  const base = {
    verdict: verdictJson('photo', report),
    width: report.width,
    height: report.height,
    orientation: report.orientation,
    components: report.components,
    warnings: [],
    bitsPerComponent: report.bitsPerComponent,
  };
  if (report.outcome === 'convert') {
    const copy = safely(() => eightBitCopy(bytes));
    return { ...base, format: copy.format, bytes: copy.bytes, changes: ['eight-bit'] };
  }
  return { ...base, format, bytes, changes: [] };
}

function refusal(problem: PdfProblem): ExhibitFileError {
  return new ExhibitFileError(problem.detail, problem.technical);
}

function cannotMerge(technical: string): ExhibitFileError {
  return new ExhibitFileError(
    'the PDF opens in readers, but its pages cannot be copied into the dossier even from a repaired copy; ' +
      'print it to a new PDF, attach that, and keep the original as evidence',
    technical,
  );
}

/** The repair's own failure is the file's fault, said as the inspection says it. */
function safely<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new ExhibitFileError((err as Error).message);
  }
}

async function loadable(bytes: Uint8Array): Promise<{ document: PDFDocument } | { error: string }> {
  try {
    return { document: await loadExhibitPdf(bytes) };
  } catch (err) {
    const error = err as ExhibitFileError;
    return { error: [error.message, error.technical].filter(Boolean).join(': ') };
  }
}

/**
 * A form with /NeedAppearances asks the viewer to draw its fields from their values; a copy of
 * its pages in the dossier must not depend on that, so MuPDF draws them here, in a copy. The
 * update is appended to the file (an incremental save) when MuPDF can, so the exhibit's own
 * bytes are the copy's first bytes. Undefined when nothing was drawn.
 */
function withAppearances(bytes: Uint8Array): Uint8Array | undefined {
  const opened = captured(() => new mupdf.PDFDocument(bytes));
  const doc = opened.value;
  if (!doc) return undefined;
  try {
    let drawn = 0;
    const pages = captured(() => doc.countPages()).value ?? 0;
    for (let i = 0; i < pages; i++) {
      captured(() => {
        const page = doc.loadPage(i);
        try {
          for (const widget of page.getWidgets()) {
            // Buttons keep the appearances their states name; text and choices are drawn from the value.
            if (widget.isText()) widget.setTextValue(widget.getValue());
            else if (widget.isChoice()) widget.setChoiceValue(widget.getValue());
            else continue;
            if (widget.update()) drawn++;
          }
        } finally {
          release(page);
        }
      });
    }
    if (drawn === 0) return undefined;
    captured(() => doc.getTrailer().get('Root', 'AcroForm').delete('NeedAppearances'));
    const incremental = captured(() => doc.canBeSavedIncrementally()).value === true;
    const options = incremental ? 'incremental' : 'decrypt=yes,garbage=yes,regenerate-id=no';
    const saved = captured(() => doc.saveToBuffer(options));
    if (!saved.value) return undefined;
    const out = saved.value.asUint8Array().slice();
    release(saved.value);
    return out;
  } finally {
    release(doc);
  }
}

function pdfWarnings(report: Pick<InspectionReport, 'problems'>): ExhibitNote[] {
  return report.problems
    .filter((p) => p.what === 'signed' || p.what === 'xfa')
    .map((p) => ({ message: p.detail, technical: p.technical }));
}
