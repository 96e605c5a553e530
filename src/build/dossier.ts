import { readFileSync, statSync } from 'node:fs';
import type { Dossier, ExhibitSource } from '../assemble/model.js';
import { CasebuilderError } from '../errors.js';
import { messages } from '../i18n/locales.js';
import { ExhibitFileError, readExhibitContent, type ExhibitContent } from '../load/exhibit-content.js';
import type { TemplateFile } from '../load/templates.js';
import type { FontLibrary } from '../pdf/fonts.js';
import type { StreamedFile, StreamedTail } from '../pdf/streamed-files.js';
import type { AttachmentAsset } from '../pdf/writer.js';
import { stripJpegMetadata, stripPngMetadata } from '../redact/strip-metadata.js';
import { decodeText, type DecodedText } from '../load/text-exhibit.js';
import { printedBlocks } from '../render/printed.js';
import { renderDossier, type FileFacts, type NumberedExhibit } from '../render/sections.js';
import { VERSION } from '../version.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, sha256, type DossierInputs, type Manifest } from './manifest.js';
import { publishedAttachment, refuseLeaks } from './public.js';
import { AssetError, typeset, type TypesetAssets, type TypesetLayout } from './typeset.js';

/** What rendering one assembled dossier needs besides the dossier: all of it plain data but the fonts. */
export interface DossierJob {
  dossier: Dossier;
  templates: Map<string, TemplateFile>;
  /** Size and SHA-256 of every evidence file, by absolute path, as hashed for the inputs. */
  facts: Map<string, FileFacts>;
  inputs: DossierInputs;
  /** SOURCE_DATE_EPOCH, in seconds, when set: it fixes the PDF's dates instead of prepared_on. */
  sourceDateEpoch?: number;
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
}

/** render -> typeset -> PDF: one assembled dossier as PDF bytes, with its manifest. */
export async function buildDossier(job: DossierJob, fonts: FontLibrary): Promise<BuiltDossier> {
  const { dossier } = job;
  const m = messages(dossier.locale);
  const contents = new Map<number, ExhibitContent>();
  const decoded = new Map<number, DecodedText>();
  const attached = new Map<number, Uint8Array>();
  const published = new Map<number, string>();
  // The hash printed is the hash of the very bytes put into the PDF, read once here.
  const facts = new Map<string, FileFacts>();
  const streams = new Map<number, StreamedFile>();
  for (const source of dossier.evidence) {
    let content = exhibitGuard(source, () => readExhibitContent(source.absPath));
    // A large attachment is not read here: it is copied into the PDF as it is written, and checked then.
    const stream =
      content.kind === 'attachment'
        ? exhibitGuard(source, () => streamedFile(source, job.facts.get(source.absPath)))
        : undefined;
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
    if (content.kind !== 'attachment' && content.kind !== 'text') continue;
    const copy = stream ? { bytes } : publishedAttachment(dossier, m, bytes, content.mimeType);
    attached.set(source.index, copy.bytes);
    if (copy.publishedSha256) published.set(source.index, copy.publishedSha256);
  }
  const isPublic = dossier.profile === 'public';
  const rendered = renderDossier(
    dossier,
    job.templates,
    facts,
    (index) => kindOf(contents.get(index)!),
    (index) => published.get(index),
  );
  const clean = (s: string) => rendered.redactor.apply(s);
  const kase = dossier.case;

  const assets: TypesetAssets = { photos: new Map(), pdfs: new Map(), attachments: [], printed: new Map() };
  for (const exhibit of rendered.exhibits) {
    const content = contents.get(exhibit.source.index)!;
    if (content.kind === 'image') {
      // Camera metadata (GPS, owner, comments) never reaches a public dossier; the pixels are untouched.
      const strip = content.format === 'jpeg' ? stripJpegMetadata : stripPngMetadata;
      assets.photos.set(exhibit.anchor, { ...content, bytes: isPublic ? strip(content.bytes) : content.bytes });
    } else if (content.kind === 'pdf') assets.pdfs.set(exhibit.anchor, content.bytes);
    else {
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
      });
    }
  }

  // File names can carry a name: a public manifest shows them redacted.
  const inputs = job.inputs.inputs.map((i) => ({ ...i, file: clean(i.file) }));
  let manifest: Manifest | undefined;
  // First and last page (0-based) of each exhibit: from its header page to the page before the next.
  let ranges: { number: number; from: number; to: number }[] | undefined;
  const exhibitRanges = (layout: TypesetLayout) => {
    if (ranges) return ranges;
    const starts = rendered.exhibits.map((e) => layout.anchorPage(e.anchor) ?? 0);
    ranges = rendered.exhibits.map((e, i) => ({
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
  const makeManifest = (layout: TypesetLayout): Manifest => {
    const pages = exhibitRanges(layout);
    return {
      format: MANIFEST_FORMAT,
      casebuilder: VERSION,
      case: dossier.caseId,
      options: job.inputs.options,
      inputs,
      inputs_sha256: job.inputs.inputsHash,
      pages: layout.pages,
      exhibits: rendered.exhibits.map((e, i) => ({
        number: e.number,
        case: e.source.caseId,
        file: clean(e.source.file),
        sha256: e.sha256,
        ...(e.publishedSha256 ? { published_sha256: e.publishedSha256 } : {}),
        size: e.size,
        kind: e.source.kind,
        content: e.content,
        pages: [pages[i]!.from + 1, pages[i]!.to + 1],
        attachment: e.attachmentName ?? null,
      })),
    };
  };

  const date =
    job.sourceDateEpoch !== undefined
      ? new Date(job.sourceDateEpoch * 1000)
      : new Date(`${kase.prepared_on.text}T00:00:00Z`);
  const subject =
    `${m.enumValue('matter', kase.matter)} · ${kase.court.name}` + (kase.case_number ? ` · ${kase.case_number}` : '');
  const keywords = [
    dossier.caseId,
    kase.matter,
    ...(dossier.vessel ? [dossier.vessel.name] : []),
    ...new Set(dossier.incidents.map((i) => i.incident.type)),
  ];
  let result: Awaited<ReturnType<typeof typeset>>;
  try {
    result = await typeset(
      {
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
          const stamp = `${dossier.batesPrefix}-${String(page + 1).padStart(6, '0')}`;
          return {
            left: clean(kase.title),
            center: m.t('footer.page', { page: page + 1, total }),
            right: stamp,
            label: exhibitLabel(page, layout),
            pageLabel: stamp,
          };
        },
        assets,
        lastAttachments: (layout): AttachmentAsset[] => {
          manifest = makeManifest(layout);
          const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
          return [{ name: MANIFEST_NAME, bytes, mimeType: 'application/json', description: 'casebuilder manifest' }];
        },
      },
      fonts,
    );
  } catch (err) {
    // A PDF or photo that cannot be placed is reported where the incident names the file.
    if (err instanceof AssetError) {
      const exhibit = rendered.exhibits.find((e) => e.anchor === err.id)!;
      throw exhibitError(exhibit.source, err.reason);
    }
    throw err;
  }
  if (isPublic) await refuseLeaks(result.pdf, result.drawn, dossier);
  return {
    pdf: result.pdf,
    tail: result.tail,
    pages: result.pages,
    exhibits: rendered.exhibits,
    manifest: manifest!,
    logs: rendered.logs,
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

/** A fault in an evidence file, as a problem at the incident's line that names the file. */
export function exhibitError(source: ExhibitSource, err: Error): Error {
  if (!(err instanceof ExhibitFileError) && !(err as NodeJS.ErrnoException).code) return err;
  return new CasebuilderError({
    code: 'exhibit.unusable',
    file: source.origin.file,
    range: source.origin.range,
    path: source.origin.path,
    message: `exhibit "${source.file}": ${err.message}`,
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
  return new Uint8Array(readFileSync(absPath));
}

/** Attachments from this size on are streamed from disk, never read whole (a 2 GB video). */
export const STREAMED_FROM = 64 * 1024 * 1024;

/**
 * A large attachment, with the SHA-256 this build planned with (hashed from the file as the
 * inputs were), which the copy into the PDF is checked against.
 */
function streamedFile(source: ExhibitSource, planned: FileFacts | undefined): StreamedFile | undefined {
  const size = statSync(source.absPath).size;
  if (size < STREAMED_FROM) return undefined;
  if (!planned || planned.size !== size)
    throw new ExhibitFileError('the file changed while the dossier was being built; build again');
  if (source.sha256 && source.sha256 !== planned.sha256)
    throw new ExhibitFileError(
      `the file's SHA-256 is ${planned.sha256}, not the ${source.sha256} the case file records: it changed; ` +
        'check it and record the new hash, or restore the original',
    );
  return { path: source.absPath, size, sha256: planned.sha256 };
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
