import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Dossier, ExhibitSource } from '../assemble/model.js';
import { CasebuilderError, type Problem } from '../errors.js';
import { messages } from '../i18n/locales.js';
import { ExhibitFileError, readExhibitContent, readFileBytes, type ExhibitContent } from '../load/exhibit-content.js';
import type { TemplateFile } from '../load/templates.js';
import type { FontLibrary } from '../pdf/fonts.js';
import type { StreamedFile, StreamedTail } from '../pdf/streamed-files.js';
import type { PreparedPdf } from '../pdf/exhibit-prepare.js';
import type { AttachmentAsset, PhotoAsset } from '../pdf/writer.js';
import { stripJpegMetadata, stripPngMetadata } from '../redact/strip-metadata.js';
import { decodeText, type DecodedText } from '../load/text-exhibit.js';
import { printedBlocks } from '../render/printed.js';
import {
  renderDossier,
  shownReason,
  takenOffList,
  type ExhibitPart,
  type FileFacts,
  type NumberedExhibit,
  leftOutGroups,
  type LeftOutWhy,
  type PublishedCopy,
  type ShownCopy,
  type VolumeView,
} from '../render/sections.js';
import { slicePdf } from '../pdf/volumes.js';
import { VERSION } from '../version.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, sha256, type DossierInputs, type Manifest } from './manifest.js';
import { redactorFor } from '../redact/for-dossier.js';
import type { Redactor } from '../redact/redactor.js';
import { publishedAttachment, refuseLeaks, type Publication, type WithheldReason } from './public.js';
import { dossierMaps, type TrackExhibit } from './maps.js';
import { heapKeeper } from './memory.js';
import type { SealJob } from './seal.js';
import {
  AssetError,
  typeset,
  typesetSize,
  type TypesetAssets,
  type TypesetInput,
  type TypesetLayout,
  type TypesetResult,
} from './typeset.js';

/** What rendering one assembled dossier needs besides the dossier: all of it plain data but the fonts. */
export interface DossierJob {
  dossier: Dossier;
  templates: Map<string, TemplateFile>;
  /** Size and SHA-256 of every evidence file, by absolute path, as hashed for the inputs. */
  facts: Map<string, FileFacts>;
  inputs: DossierInputs;
  /** SOURCE_DATE_EPOCH, in seconds, when set: it fixes the PDF's dates instead of prepared_on. */
  sourceDateEpoch?: number;
  /** The seal the PDF will be signed with once built: its subject is printed on the cover. */
  seal?: SealJob;
  /** Make the PDF PDF/A-3b (and say what cannot be). */
  pdfa?: boolean;
  /** One volume of a filing: only its exhibits are read and laid out. */
  volume?: VolumePlan;
  /** What earlier builds found inspecting exhibits, by the SHA-256 of the bytes inspected. */
  verdicts?: Record<string, string>;
}

/** One volume of a filing, as planned (src/build/filing.ts). */
export interface VolumePlan {
  number: number;
  count: number;
  /** Pages of the volumes before it: its first page is stamped offset + 1. */
  offset: number;
  /** Its last page's stamp, once known (the first stamp while the volumes are measured). */
  lastStamp: string;
  /** Exhibit numbers laid out in it. */
  exhibits: number[];
  /** How each exhibit is shown, by evidence index: what exhibits outside the volume are, unread. */
  kinds: Record<number, NumberedExhibit['content']>;
  /** Each exhibit's number, by evidence index (numbers follow the first citations, as rendered). */
  numbers: Record<number, number>;
  /** Where every exhibit begins, by number, once known. */
  where: Record<number, { volume: number; stamp: string }>;
  /** The files that travel beside the volumes, by exhibit number. */
  beside: Record<number, string>;
  /** Every volume's file name, for the manifest. */
  files: string[];
  /** Exhibits of which this volume holds a part only, by number: too large for one volume. */
  parts: Record<number, ExhibitPart>;
}

export interface BuiltDossier {
  pdf: Uint8Array;
  /** Attachments copied from disk after `pdf` as it is written (see src/pdf/streamed-files.ts). */
  tail?: StreamedTail;
  pages: number;
  exhibits: NumberedExhibit[];
  manifest: Manifest;
  /** Lines the templates logged. */
  logs: string[];
  /** Exhibits a public dossier left out, for the build to list. */
  withheld: { number: number; file: string; reason: WithheldReason }[];
  /** Exhibits shown from a copy (repaired, decrypted, converted): the dossier says so, and so does the build. */
  warnings: Problem[];
  /** What could not be made PDF/A-3b, naming the exhibit and page; the PDF then does not claim it. */
  pdfaProblems: string[];
  /** What inspecting its exhibits found, by the SHA-256 of the bytes inspected, for the next build. */
  verdicts: Record<string, string>;
}

type ExhibitPreparer = typeof import('../pdf/exhibit-prepare.js');
let preparer: Promise<ExhibitPreparer> | undefined;
/** MuPDF is loaded when a dossier has a PDF or a photo to open, not before. */
export const exhibitPreparer = (): Promise<ExhibitPreparer> => (preparer ??= import('../pdf/exhibit-prepare.js'));

/** A volume laid out to be measured: everything a built dossier says but its bytes, and their length. */
export type MeasuredDossier = Omit<BuiltDossier, 'pdf' | 'tail'> & { size: number };

/** render -> typeset -> PDF: one assembled dossier as PDF bytes, with its manifest. */
export async function buildDossier(job: DossierJob, fonts: FontLibrary): Promise<BuiltDossier> {
  const { pdf, size: _size, ...built } = await layOut(job, fonts, false);
  return { ...built, pdf: pdf! };
}

/**
 * A dossier laid out as `buildDossier` lays it out and measured, not written: a filing's volumes
 * are measured before their stamps are known, and only the volumes laid out for good are written.
 */
export async function measureDossier(job: DossierJob, fonts: FontLibrary): Promise<MeasuredDossier> {
  const { pdf: _pdf, tail: _tail, ...measured } = await layOut(job, fonts, true);
  return measured;
}

async function layOut(
  job: DossierJob,
  fonts: FontLibrary,
  sizeOnly: boolean,
): Promise<Omit<BuiltDossier, 'pdf'> & { pdf: Uint8Array | undefined; size: number }> {
  const { dossier } = job;
  const heap = heapKeeper();
  const m = messages(dossier.locale);
  const contents = new Map<number, ExhibitContent>();
  const decoded = new Map<number, DecodedText>();
  const attached = new Map<number, Uint8Array>();
  const published = new Map<number, PublishedCopy>();
  const withheld = new Map<number, WithheldReason>();
  const shown = new Map<number, ShownCopy>();
  const photos = new Map<number, PhotoAsset>();
  const pdfs = new Map<number, PreparedPdf>();
  // The hash printed is the hash of the very bytes put into the PDF, read once here.
  const facts = new Map<string, FileFacts>();
  const volume = job.volume;
  const outside = new Set<number>();
  const streams = new Map<number, StreamedFile>();
  const verdicts: Record<string, string> = {};
  // One matcher of the protected names for every page of every PDF exhibit of a public dossier.
  let pageRedactor: Redactor | undefined;
  for (const source of dossier.evidence) {
    if (volume && volume.kinds[source.index] !== undefined && !inVolume(volume, source.index)) {
      // An exhibit of another volume is named, not read: its hash is the one the build planned with.
      outside.add(source.index);
      facts.set(source.absPath, job.facts.get(source.absPath)!);
      continue;
    }
    let content = exhibitGuard(source, () => readExhibitContent(source.absPath));
    // A large attachment is not read here: it is copied into the PDF as it is written, and checked then.
    const stream = content.kind === 'attachment' ? exhibitGuard(source, () => streamedFile(source, job)) : undefined;
    if (stream) streams.set(source.index, stream);
    const bytes = stream
      ? new Uint8Array(0)
      : content.kind === 'attachment'
        ? exhibitGuard(source, () => readWhole(source.absPath))
        : content.bytes;
    facts.set(
      source.absPath,
      stream ?? exhibitGuard(source, () => checkedFacts(source, bytes, job.facts.get(source.absPath))),
    );
    if (content.kind === 'text') {
      const text = decodeText(content.bytes);
      // A "text" file that does not read as text is only attached: printing it would show noise.
      if (text.binary) content = { kind: 'attachment', mimeType: content.mimeType };
      else decoded.set(source.index, text);
    }
    contents.set(source.index, content);
    if (content.kind === 'pdf') {
      const { preparePdf } = await exhibitPreparer();
      // A public dossier merges a copy with the protected names removed from its pages, never covered;
      // the exhibit's page gives the copy's hash beside the original's.
      const redactPdf = dossier.profile === 'public' ? (await import('../pdf/redact-pdf.js')).redactPdf : undefined;
      const find = (t: string) => (pageRedactor ??= redactorFor(dossier, m)).spans(t);
      const redacted = redactPdf
        ? await exhibitGuardAsync(source, async () => {
            try {
              return redactPdf(bytes, find);
            } catch (err) {
              if (err instanceof ExhibitFileError) throw err;
              // MuPDF cannot walk the file as it is (a page tree with a cycle): the repaired copy.
              return redactPdf(
                (await preparePdf(bytes, job.verdicts?.[facts.get(source.absPath)!.sha256])).bytes,
                find,
              );
            }
          })
        : undefined;
      const inspected = redacted?.bytes ?? bytes;
      const key = inspected === bytes ? facts.get(source.absPath)!.sha256 : sha256(inspected);
      if (redacted)
        published.set(source.index, {
          sha256: key,
          ...(redacted.removed.length ? { leftOutPages: redacted.removed } : {}),
          ...(Object.keys(redacted.why).length ? { leftOutWhy: redacted.why } : {}),
          ...(redacted.stripped.length ? { takenOff: redacted.stripped } : {}),
        });
      const ready = await exhibitGuardAsync(source, () => preparePdf(inspected, job.verdicts?.[key]));
      verdicts[key] = ready.verdict;
      pdfs.set(source.index, ready);
      if (ready.changes.length)
        shown.set(source.index, {
          sha256: sha256(ready.bytes),
          changes: ready.changes,
          damagedPages: ready.damagedPages,
        });
      continue;
    }
    if (content.kind === 'image') {
      const { preparePhoto } = await exhibitPreparer();
      const key = facts.get(source.absPath)!.sha256;
      const ready = exhibitGuard(source, () => preparePhoto(bytes, content.format, job.verdicts?.[key]));
      verdicts[key] = ready.verdict;
      const shownHash = ready.bytes === bytes ? key : sha256(ready.bytes);
      photos.set(source.index, { ...ready, sha256: shownHash });
      if (ready.changes.length === 0) continue;
      shown.set(source.index, {
        sha256: shownHash,
        changes: ready.changes,
        damagedPages: [],
        bits: ready.bitsPerComponent,
      });
      // The photo is shown from its copy; the file itself travels as an attachment (without metadata when public).
      const strip = content.format === 'jpeg' ? stripJpegMetadata : stripPngMetadata;
      const original = dossier.profile === 'public' ? strip(bytes) : bytes;
      attached.set(source.index, original);
      const publishedHash = original === bytes ? key : sha256(original);
      if (publishedHash !== key) published.set(source.index, { sha256: publishedHash });
      continue;
    }
    if (content.kind !== 'attachment' && content.kind !== 'text') continue;
    if (content.kind === 'attachment' && volume && besideFile(volume, source.index) !== undefined) continue;
    // A streamed file is too large to search: a public dossier attaches it only when its item says `public: true`.
    const copy: Publication = !stream
      ? publishedAttachment(dossier, m, bytes, source)
      : dossier.profile === 'public' && !source.publicExplicit
        ? { withheld: 'unsearchable' }
        : { bytes };
    if (copy.withheld) {
      withheld.set(source.index, copy.withheld);
      continue;
    }
    attached.set(source.index, copy.bytes);
    if (copy.publishedSha256) published.set(source.index, { sha256: copy.publishedSha256 });
  }
  heap.settle();
  const isPublic = dossier.profile === 'public';
  const rendered = renderDossier(
    dossier,
    job.templates,
    facts,
    (index) =>
      outside.has(index) ? volume!.kinds[index]! : withheld.has(index) ? 'withheld' : kindOf(contents.get(index)!),
    (index) => published.get(index),
    (index) => withheld.get(index),
    (index) => shown.get(index),
    { seal: job.seal?.subject ?? null, ...(volume ? { volume: volumeView(volume, dossier.batesPrefix) } : {}) },
  );
  // The exhibits this PDF lays out: all of them, or a volume's.
  const laidOut = volume ? rendered.exhibits.filter((e) => volume.exhibits.includes(e.number)) : rendered.exhibits;
  const clean = (s: string) => rendered.redactor.apply(s);
  const kase = dossier.case;

  const assets: TypesetAssets = { photos: new Map(), pdfs: new Map(), attachments: [], printed: new Map() };
  const tracks: TrackExhibit[] = [];
  for (const exhibit of laidOut) {
    const content = contents.get(exhibit.source.index)!;
    if (exhibit.beside) continue;
    if (exhibit.content === 'withheld') continue;
    if (content.kind === 'text' && content.format === 'gpx')
      tracks.push({
        incidents: exhibit.source.incidents,
        number: exhibit.number,
        text: decoded.get(exhibit.source.index)!.text,
      });
    if (content.kind === 'image') {
      const photo = photos.get(exhibit.source.index)!;
      // Camera metadata (GPS, owner, comments) never reaches a public dossier; the pixels are untouched.
      const strip = photo.format === 'jpeg' ? stripJpegMetadata : stripPngMetadata;
      assets.photos.set(exhibit.anchor, isPublic ? { ...photo, bytes: strip(photo.bytes), sha256: undefined } : photo);
      if (exhibit.attachmentName) {
        assets.attachments.push({
          name: exhibit.attachmentName,
          bytes: attached.get(exhibit.source.index)!,
          mimeType: content.format === 'jpeg' ? 'image/jpeg' : 'image/png',
          description: clean(
            m.t('exhibit.header', { number: exhibit.number, description: exhibit.source.description }),
          ),
        });
      }
    } else if (content.kind === 'pdf') {
      const ready = pdfs.get(exhibit.source.index)!;
      const part = exhibit.part;
      try {
        // A part of an exhibit too large for one volume: its pages, from the copy prepared for merging.
        if (part) assets.pdfs.set(exhibit.anchor, await slicePdf(ready.bytes, part.from, part.to));
        else assets.pdfs.set(exhibit.anchor, ready);
      } catch (err) {
        throw exhibitError(exhibit.source, err as Error);
      }
    } else {
      if (content.kind === 'text') {
        // Printed as the reader of the attachment would see it, through the same redactor as the case's text.
        const blocks = printedBlocks(content.format, decoded.get(exhibit.source.index)!, {
          m,
          attachment: exhibit.attachmentName!,
          redact: clean,
        });
        assets.printed!.set(exhibit.anchor, blocks);
      }
      assets.attachments.push({
        name: exhibit.attachmentName!,
        bytes: attached.get(exhibit.source.index)!,
        stream: streams.get(exhibit.source.index),
        mimeType: content.mimeType,
        description: clean(m.t('exhibit.header', { number: exhibit.number, description: exhibit.source.description })),
        relationship: 'Source',
      });
    }
  }

  assets.maps = await dossierMaps(dossier, rendered.sections, tracks, m);

  // File names can carry a name: a public manifest shows them redacted.
  const inputs = job.inputs.inputs.map((i) => ({ ...i, file: clean(i.file) }));
  let manifest: Manifest | undefined;
  // First and last page (0-based) of each exhibit: from its header page to the page before the next.
  let ranges: { number: number; from: number; to: number }[] | undefined;
  const exhibitRanges = (layout: TypesetLayout) => {
    if (ranges) return ranges;
    const starts = laidOut.map((e) => layout.anchorPage(e.anchor) ?? 0);
    ranges = laidOut.map((e, i) => ({
      number: e.number,
      from: starts[i]!,
      to: i + 1 < starts.length ? starts[i + 1]! - 1 : layout.pages - 1,
    }));
    return ranges;
  };
  const exhibitLabel = (page: number, layout: TypesetLayout): string | undefined => {
    const range = exhibitRanges(layout).find((r) => r.from <= page && page <= r.to);
    if (!range) return undefined;
    return m.t('exhibit.pageLabel', {
      number: range.number,
      page: page - range.from + 1,
      total: range.to - range.from + 1,
    });
  };
  const stampOf = (page: number) => stamp(dossier.batesPrefix, (volume?.offset ?? 0) + page);
  const makeManifest = (layout: TypesetLayout, pageSha256: string[]): Manifest => {
    const pages = exhibitRanges(layout);
    return {
      format: MANIFEST_FORMAT,
      casebuilder: VERSION,
      case: dossier.caseId,
      options: job.inputs.options,
      inputs,
      inputs_sha256: job.inputs.inputsHash,
      pages: layout.pages,
      page_sha256: pageSha256.map((hash, page) => ({ stamp: stampOf(page), sha256: hash })),
      ...(volume ? { volume: { number: volume.number, count: volume.count, files: volume.files } } : {}),
      exhibits: laidOut.map((e, i) => ({
        number: e.number,
        case: e.source.caseId,
        file: clean(e.source.file),
        sha256: e.sha256,
        ...(e.publishedSha256 ? { published_sha256: e.publishedSha256 } : {}),
        ...(e.leftOutPages ? { published_left_out_pages: e.leftOutPages } : {}),
        ...(e.shown
          ? { shown_sha256: e.shown.sha256, shown_reason: shownReason(english, e.shown, e.attachmentName) }
          : {}),
        size: e.size,
        kind: e.source.kind,
        content: e.content,
        ...(e.withheld ? { withheld: e.withheld } : {}),
        ...(e.source.copyOf ? { copy_of: clean(e.source.copyOf) } : {}),
        pages: [pages[i]!.from + 1, pages[i]!.to + 1],
        attachment: e.content === 'withheld' || e.beside ? null : (e.attachmentName ?? null),
        ...(e.beside ? { beside: e.beside } : {}),
      })),
    };
  };

  const describePage = (page: number, layout: TypesetLayout): string => {
    const index = exhibitRanges(layout).findIndex((r) => r.from <= page && page <= r.to);
    const where = `page ${page + 1} (${stampOf(page)})`;
    if (index < 0) return where;
    const exhibit = laidOut[index]!;
    return `exhibit ${exhibit.number} (${clean(exhibit.source.file)}), ${where}`;
  };
  const date =
    job.sourceDateEpoch !== undefined
      ? new Date(job.sourceDateEpoch * 1000)
      : new Date(`${kase.prepared_on.text}T00:00:00Z`);
  const subject =
    `${m.enumValue('matter', kase.matter)} · ${kase.court.name}` + (kase.case_number ? ` · ${kase.case_number}` : '');
  // In the dossier's language, as the subject is: a portal's search for "fermo" finds it.
  const keywords = [
    dossier.caseId,
    m.enumValue('matter', kase.matter),
    ...(dossier.vessel ? [dossier.vessel.name] : []),
    ...new Set(dossier.incidents.map((i) => m.enumValue('type', i.incident.type))),
  ];
  let result: TypesetResult & { pdf?: Uint8Array; size: number };
  try {
    const input: TypesetInput = {
      keepDrawn: isPublic,
      afterPage: heap.page,
      afterStage: heap.settle,
      sections: rendered.sections,
      meta: {
        title: clean(kase.title),
        subject: clean(subject),
        keywords: keywords.map(clean),
        author: clean(dossier.client?.name ?? kase.client),
        producer: `casebuilder ${VERSION}`,
        language: dossier.locale,
        date,
      },
      footer: (page, total, layout) => {
        const stamp = stampOf(page);
        return {
          left: clean(kase.title),
          center: m.t('footer.page', { page: page + 1, total }),
          right: stamp,
          label: exhibitLabel(page, layout),
          pageLabel: stamp,
        };
      },
      assets,
      lastAttachments: (layout, pageSha256): AttachmentAsset[] => {
        manifest = makeManifest(layout, pageSha256);
        const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
        return [
          {
            name: MANIFEST_NAME,
            bytes,
            mimeType: 'application/json',
            description: 'casebuilder manifest',
            relationship: 'Data',
          },
        ];
      },
      ...(job.pdfa ? { pdfa: { describePage } } : {}),
    };
    if (sizeOnly) result = await typesetSize(input, fonts);
    else {
      const written = await typeset(input, fonts);
      result = { ...written, size: written.pdf.length };
    }
  } catch (err) {
    // A PDF or photo that cannot be placed is reported where the incident names the file.
    if (err instanceof AssetError) {
      const exhibit = rendered.exhibits.find((e) => e.anchor === err.id)!;
      throw exhibitError(exhibit.source, err.reason);
    }
    throw err;
  }
  // A measured volume is never written: the volume laid out for good is the one checked.
  if (isPublic && result.pdf)
    await refuseLeaks(result.pdf, result.drawn, dossier, (page) => describePage(page, result.layout));
  const warnings = rendered.exhibits.flatMap((e) => [
    ...(e.shown
      ? [copyWarning(e.source, `shown from a copy: ${shownReason(english, e.shown, e.attachmentName)}`)]
      : []),
    ...(e.leftOutPages ? leftOutWarnings(e.source, e.leftOutPages, e.leftOutWhy) : []),
    ...(e.takenOff
      ? [
          copyWarning(
            e.source,
            `taken off its public copy, since no search reads such items: ${takenOffList(english, e.takenOff)}`,
            'public.taken-off',
          ),
        ]
      : []),
  ]);
  return {
    pdf: result.pdf,
    size: result.size,
    tail: result.tail,
    pages: result.pages,
    exhibits: rendered.exhibits,
    manifest: manifest!,
    warnings,
    logs: rendered.logs,
    withheld: rendered.exhibits.flatMap((e) =>
      e.withheld ? [{ number: e.number, file: clean(e.source.file), reason: e.withheld }] : [],
    ),
    pdfaProblems: result.pdfaProblems,
    verdicts,
  };
}

/** The manifest and the build's messages say in English what the dossier's exhibit page says in its language. */
const english = messages('en');

/** What a public copy's pages left out show, in the build's warnings: one warning for each reason. */
const LEFT_OUT_WARNING = {
  pictures: 'pictures or drawings and no text, which no search can clear of protected names',
  scanned:
    "a scan whose text is an OCR's reading of it, which no search can trust to clear the picture of protected names",
  outlines: 'letters drawn as outlines beside the text, which no search can read',
  unreadable:
    'text that cannot be taken out as characters (a font without a ToUnicode map), which no search can clear of ' +
    'protected names',
} as const;

function leftOutWarnings(source: ExhibitSource, pages: number[], why?: LeftOutWhy): Problem[] {
  return leftOutGroups(pages, why).map(({ why: reason, pages: these }) =>
    copyWarning(
      source,
      `${these.length === 1 ? 'page' : 'pages'} ${these.join(', ')} left out of the public dossier: ` +
        LEFT_OUT_WARNING[reason],
      'public.pages-left-out',
    ),
  );
}

function copyWarning(source: ExhibitSource, message: string, code = 'exhibit.copy'): Problem {
  return {
    code,
    severity: 'warning',
    file: source.origin.file,
    range: source.origin.range,
    path: source.origin.path,
    message: `exhibit "${source.file}": ${message}`,
  };
}

/** A page stamp: the prefix and the page's number (0-based index + 1), six digits. */
export function stamp(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(6, '0')}`;
}

function inVolume(volume: VolumePlan, index: number): boolean {
  return volume.exhibits.includes(volume.numbers[index]!);
}

function besideFile(volume: VolumePlan, index: number): string | undefined {
  return volume.beside[volume.numbers[index]!];
}

function volumeView(volume: VolumePlan, prefix: string): VolumeView {
  return {
    number: volume.number,
    count: volume.count,
    first: stamp(prefix, volume.offset),
    last: volume.lastStamp,
    holds: (n) => volume.exhibits.includes(n),
    where: (n) => volume.where[n],
    beside: (n) => volume.beside[n],
    part: (n) => volume.parts[n],
  };
}

function kindOf(content: ExhibitContent): NumberedExhibit['content'] {
  return content.kind === 'image' ? 'photo' : content.kind;
}

function exhibitGuard<T>(source: ExhibitSource, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw exhibitError(source, err as Error);
  }
}

async function exhibitGuardAsync<T>(source: ExhibitSource, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw exhibitError(source, err as Error);
  }
}

/** A fault in an evidence file, as a problem at the incident's line that names the file. */
export function exhibitError(source: ExhibitSource, err: Error): Error {
  if (!(err instanceof ExhibitFileError) && !(err as NodeJS.ErrnoException).code) return err;
  return new CasebuilderError({
    code: 'exhibit.unusable',
    file: source.origin.file,
    range: source.origin.range,
    path: source.origin.path,
    message: `exhibit "${source.file}": ${err.message}`,
    ...(err instanceof ExhibitFileError && err.technical ? { technical: err.technical } : {}),
  });
}

/** Node reads at most 2 GiB into one buffer; a larger exhibit that is not streamed is refused, not a crash. */
const MAX_EXHIBIT_BYTES = 2 ** 31 - 1;

function readWhole(absPath: string): Uint8Array {
  const size = statSync(absPath).size;
  if (size > MAX_EXHIBIT_BYTES)
    throw new ExhibitFileError(
      `the file is ${(size / 1e9).toFixed(1)} GB; exhibits above 2 GiB cannot be attached to a dossier: ` +
        'give a shorter excerpt as the exhibit and keep the full file as evidence',
    );
  return readFileBytes(absPath);
}

/** Attachments from this size on are streamed from disk, never read whole (a 2 GB video). */
export const STREAMED_FROM = 64 * 1024 * 1024;

/**
 * A large attachment, with the SHA-256 this build planned with (hashed from the file as the
 * inputs were), which the copy into the PDF is checked against.
 */
function streamedFile(source: ExhibitSource, job: DossierJob): StreamedFile | undefined {
  const size = statSync(source.absPath).size;
  // A seal signs the bytes it is given and a filing volume is sliced in memory: both read the file whole.
  if (size < STREAMED_FROM || job.seal || job.volume) return undefined;
  // A public dossier searches what it attaches for protected names: only audio and video, which
  // cannot be searched (and are left out unless `public: true`), are streamed unread.
  if (job.dossier.profile === 'public' && !isMedia(source.absPath)) return undefined;
  const planned = job.facts.get(source.absPath);
  if (!planned || planned.size !== size)
    throw new ExhibitFileError('the file changed while the dossier was being built; build again');
  if (source.sha256 && source.sha256 !== planned.sha256)
    throw new ExhibitFileError(
      `the file's SHA-256 is ${planned.sha256}, not the ${source.sha256} the case file records: it changed; ` +
        'check it and record the new hash, or restore the original',
    );
  return { path: source.absPath, size, sha256: planned.sha256 };
}

/** Audio or video by its first bytes (MP4/MOV, Matroska/WebM, AVI/WAV, Ogg, FLAC, MP3, MPEG-TS). */
function isMedia(absPath: string): boolean {
  const head = Buffer.alloc(512);
  let n: number;
  try {
    const fd = openSync(absPath, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const at = (offset: number, text: string) => head.toString('latin1', offset, offset + text.length) === text;
  return (
    n >= 12 &&
    (at(4, 'ftyp') ||
      head.readUInt32BE(0) === 0x1a45dfa3 ||
      (at(0, 'RIFF') && (at(8, 'AVI ') || at(8, 'WAVE'))) ||
      at(0, 'OggS') ||
      at(0, 'fLaC') ||
      at(0, 'ID3') ||
      (head[0] === 0x47 && n > 188 && head[188] === 0x47))
  );
}

/**
 * Size and SHA-256 of the bytes read for the dossier, checked against the hash the case file
 * records and the one this build planned with: a file replaced meanwhile is an error, never a
 * dossier that prints one file's hash beside another file's bytes.
 */
function checkedFacts(source: ExhibitSource, bytes: Uint8Array, planned: FileFacts | undefined): FileFacts {
  const hash = sha256(bytes);
  if (source.sha256 && source.sha256 !== hash)
    throw new ExhibitFileError(
      `the file's SHA-256 is ${hash}, not the ${source.sha256} the case file records: it changed; ` +
        'check it and record the new hash, or restore the original',
    );
  if (planned && planned.sha256 !== hash)
    throw new ExhibitFileError('the file changed while the dossier was being built; build again');
  return { size: bytes.byteLength, sha256: hash };
}
