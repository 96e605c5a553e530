import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dossier, DossierLocale, Profile } from '../assemble/model.js';
import type { TemplateFile } from '../load/templates.js';
import { isInside } from '../load/evidence.js';
import { OWN_FILE_LIMIT, readOwnFile } from '../load/read-own-file.js';
import { PROGRAM } from '../version.js';

export const MANIFEST_NAME = 'casebuilder-manifest.json';
export const MANIFEST_FORMAT = 'casebuilder-manifest/1';

export interface ManifestExhibit {
  number: number;
  case: string;
  file: string;
  sha256: string;
  /** SHA-256 of the copy attached to a public dossier when names had to be removed from it. */
  published_sha256?: string;
  /** Pages (1-based, of the file) that public copy leaves out: pictures or drawings no search can clear. */
  published_left_out_pages?: number[];
  /** SHA-256 of the copy the dossier shows instead of the file (repaired, decrypted, converted). */
  shown_sha256?: string;
  /** What was done to that copy, in words: "repaired: the cross-reference table was rebuilt". */
  shown_reason?: string;
  size: number;
  kind: string;
  content: 'photo' | 'pdf' | 'text' | 'attachment' | 'withheld';
  /** Why a public dossier left the file out. */
  withheld?: 'unsearchable' | 'names';
  /** Set when the file shown is the evidence's public copy: the file it stands in for. */
  copy_of?: string;
  /** First and last page (1-based) of the exhibit in the dossier. */
  pages: [number, number];
  attachment: string | null;
  /** In a filing: the file it travels as beside the volumes. */
  beside?: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  casebuilder: string;
  case: string;
  /** The options that shape the dossier; `seal` (the certificate's subject) only when it is sealed. */
  options: { locale: DossierLocale; profile: Profile; seal?: string; pdfa?: boolean; filing?: string };
  /** Every file whose content can appear in the dossier, relative to the repository root. */
  inputs: { file: string; sha256: string }[];
  /** One hash over the program version, the options and every input: unchanged means nothing to rebuild. */
  inputs_sha256: string;
  pages: number;
  /** Per rendered page, in order: its stamp and the SHA-256 of its content streams and resources. */
  page_sha256: { stamp: string; sha256: string }[];
  /** In a filing: which volume this PDF is, and the file names of all of them. */
  volume?: { number: number; count: number; files: string[] };
  exhibits: ManifestExhibit[];
}

/** The manifest written beside the PDF: the embedded one, plus the SHA-256 of the PDF itself. */
export interface SideManifest extends Manifest {
  pdf_sha256: string;
}

export interface DossierInputs {
  inputs: Manifest['inputs'];
  inputsHash: string;
  options: Manifest['options'];
}

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Every input of a dossier with its hash, and one hash over them all with the program version
 * and the options: when it is unchanged, so is the dossier, and `build` skips it.
 */
export function dossierInputs(
  dossier: Dossier,
  root: string,
  templates: Iterable<TemplateFile>,
  evidenceSha256: (absPath: string) => string,
  sourceDateEpoch: number | undefined,
  extra: { seal?: string; pdfa?: boolean; filing?: string } = {},
): DossierInputs {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const inputs = [
    ...dossier.inputs.map((i) => ({ file: rel(i.absPath), sha256: i.sha256 })),
    ...[...templates].filter((t) => t.absPath).map((t) => ({ file: rel(t.absPath!), sha256: sha256(t.text) })),
    ...dossier.evidence.map((e) => ({ file: rel(e.absPath), sha256: evidenceSha256(e.absPath) })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const options = { locale: dossier.locale, profile: dossier.profile, ...extra };
  return { inputs, inputsHash: inputsHash(options, sourceDateEpoch, inputs), options };
}

/** The one hash over the program (its version and build), the options and every input of a dossier. */
export function inputsHash(
  options: Manifest['options'],
  sourceDateEpoch: number | undefined,
  inputs: Manifest['inputs'],
): string {
  return sha256(JSON.stringify({ casebuilder: PROGRAM, options, sourceDateEpoch: sourceDateEpoch ?? null, inputs }));
}

/** The manifest written beside a dossier by the last build, if both files are there and it reads. */
export function previousManifest(pdfFile: string, manifestFile: string): Partial<SideManifest> | undefined {
  if (!existsSync(pdfFile) || !existsSync(manifestFile)) return undefined;
  try {
    const bytes = readOwnFile(manifestFile, OWN_FILE_LIMIT);
    const manifest = bytes && (JSON.parse(bytes.toString('utf8')) as Partial<SideManifest>);
    return manifest?.format === MANIFEST_FORMAT ? manifest : undefined;
  } catch {
    // An unreadable manifest only costs a rebuild.
    return undefined;
  }
}

/**
 * What the paths in a manifest are relative to: the repository; a cases folder named from
 * elsewhere (--cases ../other/cases) counts from its own parent, so the bytes never hold "../..".
 */
export function manifestBase(repository: { root: string; casesDir: string }): string {
  return isInside(repository.root, repository.casesDir) ? repository.root : path.dirname(repository.casesDir);
}
