import path from 'node:path';
import { assembleDossier, type AssembleOptions } from '../assemble/dossier.js';
import type { Dossier, DossierLocale, Profile } from '../assemble/model.js';
import type { CheckedRepository } from '../check/repository.js';
import { CasebuilderError, type Problem } from '../errors.js';
import type { HashCache } from '../load/hash-cache.js';
import type { TemplateFile } from '../load/templates.js';
import { writeFileAtomic } from '../load/write-atomic.js';
import type { FontLibrary } from '../pdf/fonts.js';
import type { FileFacts } from '../render/sections.js';
import { buildDossier, exhibitError, type DossierJob } from './dossier.js';
import { dossierInputs, previousManifest } from './manifest.js';

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
  /** The PDF written (or left unchanged), as the user names it. */
  file?: string;
  pages?: number;
  seconds: number;
  problems?: Problem[];
  /** What the reader of the dossier should know: texts printed in another language. */
  warnings?: Problem[];
}

/** One case ready to render, with where its files go. */
export interface CaseJob extends DossierJob {
  pdfFile: string;
  manifestFile: string;
  /** The PDF as the user names it (relative to the working directory). */
  shown: string;
  warnings: Problem[];
}

const LANGUAGE = { en: 'English', it: 'Italian' } as const;

/** Once per case: how many free texts the dossier prints in another language than its own. */
function languageWarning(dossier: Dossier, caseFile: string): Problem[] {
  const n = dossier.otherLanguageTexts;
  if (n === 0) return [];
  const language = LANGUAGE[dossier.locale];
  return [
    {
      code: 'text.other-language',
      severity: 'warning',
      file: caseFile,
      message:
        `the ${language} dossier of ${dossier.caseId} prints ${n} text${n === 1 ? '' : 's'} in another language, ` +
        `for lack of a ${language} version (write them as { ${dossier.locale}: ..., ... })`,
    },
  ];
}

/** The stage functions a build strings together; tests pass counting ones. */
export interface Stages {
  assemble: (repository: CheckedRepository, caseId: string, options: AssembleOptions) => Dossier;
}

export const defaultStages: Stages = { assemble: assembleDossier };

/**
 * Assembles one case (once), hashes what it draws on and decides: unchanged since the last
 * build (same inputs hash as the manifest beside the PDF), or a job to render.
 */
export async function prepareCase(
  repository: CheckedRepository,
  id: string,
  options: BuildCaseOptions,
  tools: { hashes: HashCache; templates: (caseDir: string) => Map<string, TemplateFile>; stages: Stages },
): Promise<{ skipped: CaseResult } | { job: CaseJob } | { failed: CaseResult }> {
  const checked = repository.cases.find((c) => c.id === id)!;
  const pdfFile = path.join(options.out, `${id}.pdf`);
  const manifestFile = path.join(options.out, `${id}.manifest.json`);
  const shown = repository.display(pdfFile);
  try {
    const templates = tools.templates(checked.dir);
    const dossier = tools.stages.assemble(repository, id, { locale: options.locale, profile: options.profile });
    const facts = new Map<string, FileFacts>();
    for (const source of dossier.evidence) {
      try {
        facts.set(source.absPath, await tools.hashes.sha256(source.absPath));
      } catch (err) {
        throw exhibitError(source, err as Error);
      }
    }
    const inputs = dossierInputs(
      dossier,
      repository.root,
      templates.values(),
      (abs) => facts.get(abs)!.sha256,
      options.sourceDateEpoch,
    );
    if (!options.force) {
      const previous = previousManifest(pdfFile, manifestFile);
      if (previous?.inputs_sha256 === inputs.inputsHash)
        return { skipped: { case: id, status: 'skipped', file: shown, pages: previous.pages, seconds: 0 } };
    }
    const job = { dossier, templates, facts, inputs, sourceDateEpoch: options.sourceDateEpoch };
    return { job: { ...job, pdfFile, manifestFile, shown, warnings: languageWarning(dossier, checked.source.file) } };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { failed: { case: id, status: 'failed', seconds: 0, problems: [err.problem] } };
  }
}

/** Renders one case and writes its PDF and manifest, each atomically. */
export async function runCaseJob(job: CaseJob, fonts: FontLibrary): Promise<CaseResult> {
  const started = Date.now();
  const id = job.dossier.caseId;
  const seconds = () => (Date.now() - started) / 1000;
  try {
    const built = await buildDossier(job, fonts);
    writeFileAtomic(job.pdfFile, built.pdf);
    writeFileAtomic(job.manifestFile, `${JSON.stringify(built.manifest, null, 2)}\n`);
    const all = [...job.warnings, ...built.warnings];
    const warnings = all.length ? { warnings: all } : {};
    return { case: id, status: 'built', file: job.shown, pages: built.pages, seconds: seconds(), ...warnings };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { case: id, status: 'failed', seconds: seconds(), problems: [err.problem] };
  }
}
