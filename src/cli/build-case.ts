import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DossierLocale, Profile } from '../assemble/model.js';
import { assembleDossier } from '../assemble/dossier.js';
import type { CheckedRepository } from '../check/repository.js';
import { buildDossier, dossierInputs, type FileAccess, type Manifest } from '../dossier.js';
import { CasebuilderError, type Problem } from '../errors.js';
import { readExhibitContent } from '../load/exhibit-content.js';
import type { HashCache } from '../load/hash-cache.js';
import { readTemplates } from '../load/templates.js';
import { writeFileAtomic } from '../load/write-atomic.js';
import type { FontLibrary } from '../pdf/fonts.js';

export interface BuildCaseOptions {
  out: string;
  locale?: DossierLocale;
  profile: Profile;
  force: boolean;
  sourceDateEpoch?: number;
}

export interface CaseResult {
  case: string;
  status: 'built' | 'skipped' | 'failed';
  file?: string;
  pages?: number;
  seconds: number;
  problems?: Problem[];
}

/**
 * Builds one case's dossier unless its inputs are unchanged since the last build (same
 * inputs hash in the manifest beside it). Writes the PDF and the manifest atomically.
 */
export async function buildCase(
  repository: CheckedRepository,
  id: string,
  options: BuildCaseOptions,
  tools: { fonts: FontLibrary; hashes: HashCache },
): Promise<CaseResult> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const checked = repository.cases.find((c) => c.id === id);
  if (!checked)
    return {
      case: id,
      status: 'failed',
      seconds: 0,
      problems: [{ code: 'case.invalid', severity: 'error', message: `case ${id} has errors in its case.yaml` }],
    };
  const pdfFile = path.join(options.out, `${id}.pdf`);
  const manifestFile = path.join(options.out, `${id}.manifest.json`);
  try {
    const templates = readTemplates(
      [path.join(checked.dir, 'templates'), path.join(repository.root, 'templates')],
      repository.display,
    );
    const files: FileAccess = {
      facts: (abs) => tools.hashes.sha256(abs),
      content: readExhibitContent,
      read: (abs) => new Uint8Array(readFileSync(abs)),
    };
    if (!options.force) {
      const unchanged = await unchangedSince(repository, id, options, templates, tools.hashes);
      if (unchanged)
        return {
          case: id,
          status: 'skipped',
          file: repository.display(pdfFile),
          pages: unchanged.pages,
          seconds: seconds(),
        };
    }
    const built = await buildDossier(repository, id, {
      locale: options.locale,
      profile: options.profile,
      templates,
      fonts: tools.fonts,
      files,
      sourceDateEpoch: options.sourceDateEpoch,
    });
    writeFileAtomic(pdfFile, built.pdf);
    writeFileAtomic(manifestFile, `${JSON.stringify(built.manifest, null, 2)}\n`);
    return { case: id, status: 'built', file: repository.display(pdfFile), pages: built.pages, seconds: seconds() };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { case: id, status: 'failed', seconds: seconds(), problems: [err.problem] };
  }
}

/** The previous manifest, when the dossier beside it was built from exactly these inputs. */
export async function unchangedSince(
  repository: CheckedRepository,
  id: string,
  options: BuildCaseOptions,
  templates: ReturnType<typeof readTemplates> | undefined,
  hashes: HashCache,
): Promise<Manifest | undefined> {
  const pdfFile = path.join(options.out, `${id}.pdf`);
  const manifestFile = path.join(options.out, `${id}.manifest.json`);
  const checked = repository.cases.find((c) => c.id === id);
  if (!checked || !existsSync(pdfFile) || !existsSync(manifestFile)) return undefined;
  const previous = readManifest(manifestFile);
  if (!previous) return undefined;
  const used =
    templates ??
    readTemplates([path.join(checked.dir, 'templates'), path.join(repository.root, 'templates')], repository.display);
  const dossier = assembleDossier(repository, id, { locale: options.locale, profile: options.profile });
  const shas = new Map<string, string>();
  for (const e of dossier.evidence) shas.set(e.absPath, (await hashes.sha256(e.absPath)).sha256);
  const { inputsHash } = dossierInputs(
    dossier,
    repository.root,
    used,
    (abs) => shas.get(abs)!,
    options.sourceDateEpoch,
  );
  return previous.inputs_sha256 === inputsHash ? previous : undefined;
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
