import { createHash } from 'node:crypto';
import path from 'node:path';
import { assembleDossier } from './assemble/dossier.js';
import type { Dossier, DossierLocale, ExhibitSource, Profile } from './assemble/model.js';
import type { CheckedRepository } from './check/repository.js';
import { CasebuilderError } from './errors.js';
import { ExhibitFileError, type ExhibitContent } from './load/exhibit-content.js';
import type { TemplateFile } from './load/templates.js';
import type { FontLibrary } from './pdf/fonts.js';
import type { AttachmentAsset } from './pdf/writer.js';
import { renderDossier, type FileFacts, type NumberedExhibit } from './render/sections.js';
import { AssetError, typeset, type TypesetAssets, type TypesetLayout } from './render/typeset.js';
import { VERSION } from './version.js';
import { redactorFor } from './redact/for-dossier.js';
import { findLeaks } from './redact/self-check.js';
import { stripJpegMetadata, stripPngMetadata } from './redact/strip-metadata.js';
import { messages } from './render/locales.js';

export const MANIFEST_NAME = 'casebuilder-manifest.json';
export const MANIFEST_FORMAT = 'casebuilder-manifest/1';

/** The edge's means to read evidence and input files (streamed hashes, whole reads). */
export interface FileAccess {
  facts: (absPath: string) => Promise<FileFacts>;
  content: (absPath: string) => ExhibitContent;
  read: (absPath: string) => Uint8Array;
}

export interface DossierBuildOptions {
  locale?: DossierLocale;
  profile: Profile;
  templates: Map<string, TemplateFile>;
  fonts: FontLibrary;
  files: FileAccess;
  /** SOURCE_DATE_EPOCH, in seconds, when set: it fixes the PDF's dates instead of prepared_on. */
  sourceDateEpoch?: number;
}

export interface ManifestExhibit {
  number: number;
  case: string;
  file: string;
  sha256: string;
  size: number;
  kind: string;
  content: 'photo' | 'pdf' | 'attachment';
  /** First and last page (1-based) of the exhibit in the dossier. */
  pages: [number, number];
  attachment: string | null;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  casebuilder: string;
  case: string;
  options: { locale: DossierLocale; profile: Profile };
  /** Every file whose content can appear in the dossier, relative to the repository root. */
  inputs: { file: string; sha256: string }[];
  /** One hash over the program version, the options and every input: unchanged means nothing to rebuild. */
  inputs_sha256: string;
  pages: number;
  exhibits: ManifestExhibit[];
}

export interface BuiltDossier {
  pdf: Uint8Array;
  pages: number;
  dossier: Dossier;
  exhibits: NumberedExhibit[];
  manifest: Manifest;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** assemble -> render -> typeset: one case's dossier as PDF bytes, with its manifest. */
export async function buildDossier(
  repository: CheckedRepository,
  caseId: string,
  options: DossierBuildOptions,
): Promise<BuiltDossier> {
  const dossier = assembleDossier(repository, caseId, { locale: options.locale, profile: options.profile });
  const files = new Map<string, FileFacts>();
  const contents = new Map<number, ExhibitContent>();
  for (const source of dossier.evidence) {
    await exhibitGuard(source, async () => {
      files.set(source.absPath, await options.files.facts(source.absPath));
      contents.set(source.index, options.files.content(source.absPath));
    });
  }
  const isPublic = dossier.profile === 'public';
  // A public dossier attaches text files with protected names removed (noted on the exhibit's page).
  const attached = new Map<number, Uint8Array>();
  const published = new Map<number, string>();
  const preRedactor = redactorFor(dossier, messages(dossier.locale));
  for (const source of dossier.evidence) {
    const content = contents.get(source.index)!;
    if (content.kind !== 'attachment') continue;
    const bytes = options.files.read(source.absPath);
    attached.set(source.index, bytes);
    if (isPublic && TEXT_TYPES.test(content.mimeType)) {
      const text = Buffer.from(bytes).toString('utf8');
      const clean = preRedactor.apply(text);
      if (clean !== text) {
        const copy = new Uint8Array(Buffer.from(clean, 'utf8'));
        attached.set(source.index, copy);
        published.set(source.index, sha256(copy));
      }
    }
  }
  const rendered = renderDossier(
    dossier,
    options.templates,
    files,
    (index) => kindOf(contents.get(index)!),
    (index) => published.get(index),
  );
  const m = rendered.messages;
  const clean = (s: string) => rendered.redactor.apply(s);
  const kase = dossier.case;

  const assets: TypesetAssets = { photos: new Map(), pdfs: new Map(), attachments: [] };
  for (const exhibit of rendered.exhibits) {
    const content = contents.get(exhibit.source.index)!;
    if (content.kind === 'image') {
      // Camera metadata (GPS, owner, comments) never reaches a public dossier; the pixels are untouched.
      const bytes = isPublic
        ? content.format === 'jpeg'
          ? stripJpegMetadata(content.bytes)
          : stripPngMetadata(content.bytes)
        : content.bytes;
      assets.photos.set(exhibit.anchor, { ...content, bytes });
    } else if (content.kind === 'pdf') assets.pdfs.set(exhibit.anchor, content.bytes);
    else {
      assets.attachments.push({
        name: exhibit.attachmentName!,
        bytes: attached.get(exhibit.source.index)!,
        mimeType: content.mimeType,
        description: clean(m.t('exhibit.header', { number: exhibit.number, description: exhibit.source.description })),
      });
    }
  }

  const computed = dossierInputs(
    dossier,
    repository.root,
    options.templates,
    (abs) => files.get(abs)!.sha256,
    options.sourceDateEpoch,
  );
  const { inputsHash, options: manifestOptions } = computed;
  // File names can carry a name: a public manifest shows them redacted.
  const inputs = computed.inputs.map((i) => ({ ...i, file: clean(i.file) }));
  let manifest: Manifest | undefined;
  const makeManifest = (layout: TypesetLayout): Manifest => {
    const starts = rendered.exhibits.map((e) => layout.anchorPage(e.anchor) ?? 0);
    return {
      format: MANIFEST_FORMAT,
      casebuilder: VERSION,
      case: dossier.caseId,
      options: manifestOptions,
      inputs,
      inputs_sha256: inputsHash,
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
        pages: [starts[i]! + 1, i + 1 < starts.length ? starts[i + 1]! : layout.pages],
        attachment: e.attachmentName ?? null,
      })),
    };
  };

  const date =
    options.sourceDateEpoch !== undefined
      ? new Date(options.sourceDateEpoch * 1000)
      : new Date(`${kase.prepared_on.text}T00:00:00Z`);
  let result: Awaited<ReturnType<typeof typeset>>;
  try {
    result = await typeset(
      {
        sections: rendered.sections,
        meta: {
          title: clean(kase.title),
          subject: clean(
            `${m.enumValue('matter', kase.matter)} · ${kase.court.name}${kase.case_number ? ` · ${kase.case_number}` : ''}`,
          ),
          keywords: [
            dossier.caseId,
            kase.matter,
            ...(dossier.vessel ? [dossier.vessel.name] : []),
            ...new Set(dossier.incidents.map((i) => i.incident.type)),
          ].map(clean),
          author: clean(dossier.client?.name ?? kase.client),
          producer: `casebuilder ${VERSION}`,
          language: dossier.locale,
          date,
        },
        footer: (page, total) => ({
          left: clean(kase.title),
          center: m.t('footer.page', { page: page + 1, total }),
          right: `${dossier.batesPrefix}-${String(page + 1).padStart(6, '0')}`,
        }),
        assets,
        lastAttachments: (layout): AttachmentAsset[] => {
          manifest = makeManifest(layout);
          return [
            {
              name: MANIFEST_NAME,
              bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
              mimeType: 'application/json',
              description: 'casebuilder manifest',
            },
          ];
        },
      },
      options.fonts,
    );
  } catch (err) {
    if (err instanceof AssetError) {
      const exhibit = rendered.exhibits.find((e) => e.anchor === err.id)!;
      throw exhibitError(exhibit.source, err.reason);
    }
    throw err;
  }
  if (isPublic) await refuseLeaks(result.pdf, result.drawn, dossier);
  return { pdf: result.pdf, pages: result.pages, dossier, exhibits: rendered.exhibits, manifest: manifest! };
}

/**
 * Every input of a dossier with its hash, and one hash over them all with the program version
 * and the options: when it is unchanged, so is the dossier, and `build` skips it.
 */
export function dossierInputs(
  dossier: Dossier,
  root: string,
  templates: Map<string, TemplateFile>,
  evidenceSha256: (absPath: string) => string,
  sourceDateEpoch: number | undefined,
): { inputs: Manifest['inputs']; inputsHash: string; options: Manifest['options'] } {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const inputs = [
    ...dossier.inputs.map((i) => ({ file: rel(i.absPath), sha256: i.sha256 })),
    ...[...templates.values()].filter((t) => t.absPath).map((t) => ({ file: rel(t.absPath!), sha256: sha256(t.text) })),
    ...dossier.evidence.map((e) => ({ file: rel(e.absPath), sha256: evidenceSha256(e.absPath) })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const options = { locale: dossier.locale, profile: dossier.profile };
  const inputsHash = sha256(
    JSON.stringify({ casebuilder: VERSION, options, sourceDateEpoch: sourceDateEpoch ?? null, inputs }),
  );
  return { inputs, inputsHash, options };
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|gpx\+xml|vnd\.google-earth\.kml\+xml)|message\/)/;

/** The self-check: a public dossier that still holds a protected string is not written. */
async function refuseLeaks(pdf: Uint8Array, drawn: { page: number; text: string }[], dossier: Dossier): Promise<void> {
  const strings = [
    ...dossier.protectedNames.map((p, i) => ({ text: p.name, what: `the name of protected witness ${i + 1}` })),
    ...dossier.redactStrings.map((text, i) => ({ text, what: `redact entry ${i + 1} of case.yaml` })),
  ];
  const leaks = await findLeaks(pdf, drawn, strings);
  if (leaks.length === 0) return;
  const where = leaks
    .slice(0, 5)
    .map((l) => `${l.what} appears in ${l.where}`)
    .join('; ');
  throw new CasebuilderError({
    code: 'redact.leak',
    message: `refusing to write the public dossier of ${dossier.caseId}: ${where}${leaks.length > 5 ? `; and ${leaks.length - 5} more` : ''}. Mark the evidence public: false, or remove the name from the template or file that carries it`,
  });
}

function kindOf(content: ExhibitContent): 'photo' | 'pdf' | 'attachment' {
  return content.kind === 'image' ? 'photo' : content.kind;
}

async function exhibitGuard(source: ExhibitSource, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    throw exhibitError(source, err as Error);
  }
}

/** A fault in an evidence file, reported where the incident names it. */
function exhibitError(source: ExhibitSource, err: Error): Error {
  if (!(err instanceof ExhibitFileError) && !(err as NodeJS.ErrnoException).code) return err;
  return new CasebuilderError({
    code: 'exhibit.unusable',
    file: source.origin.file,
    line: source.origin.line,
    column: source.origin.column,
    path: source.origin.path,
    message: `exhibit "${source.file}": ${err.message}`,
  });
}
