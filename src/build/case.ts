import path from 'node:path';
import { assembleDossier, type AssembleOptions } from '../assemble/dossier.js';
import type { Dossier, DossierLocale, Profile } from '../assemble/model.js';
import type { CheckedRepository } from '../check/repository.js';
import { CasebuilderError, type Problem } from '../errors.js';
import { isInside } from '../load/evidence.js';
import type { HashCache } from '../load/hash-cache.js';
import type { TemplateFile } from '../load/templates.js';
import { writeFileAtomic } from '../load/write-atomic.js';
import type { FontLibrary } from '../pdf/fonts.js';
import type { FileFacts } from '../render/sections.js';
import { buildDossier, exhibitError, type DossierJob } from './dossier.js';
import { buildFiling, type FilingProfile } from './filing.js';
import type { SealJob } from './seal.js';
import { applySeal } from './seal.js';
import { dossierInputs, previousManifest, sha256, type SideManifest } from './manifest.js';

export interface BuildCaseOptions {
  out: string;
  locale?: DossierLocale;
  profile: Profile;
  force: boolean;
  sourceDateEpoch?: number;
  /** Sign each PDF last with the organisation's seal. */
  seal?: SealJob;
  /** Make each PDF PDF/A-3b. */
  pdfa?: boolean;
  /** Build filings: volumes, files beside them and an index in `<out>/<case-id>.<profile>/`. */
  filing?: FilingProfile;
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
  /** The PDF written and its SHA-256, for the hash cache of the next build. */
  written?: { file: string; sha256: string };
}

/** One case ready to render, with where its files go. */
export interface CaseJob extends DossierJob {
  pdfFile: string;
  manifestFile: string;
  /** The PDF as the user names it (relative to the working directory). */
  shown: string;
  warnings: Problem[];
  filing?: FilingProfile;
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
  const folder = options.filing ? path.join(options.out, `${id}.${options.filing.name}`) : undefined;
  const shown = repository.display(folder ?? pdfFile);
  const pdfa = Boolean(options.pdfa || options.filing?.pdfa);
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
    // Paths in the manifest are relative to the repository; a cases folder named from elsewhere
    // (--cases ../other/cases) counts from its own parent, so the bytes never hold "../..".
    const base = isInside(repository.root, repository.casesDir) ? repository.root : path.dirname(repository.casesDir);
    const inputs = dossierInputs(
      dossier,
      base,
      templates.values(),
      (abs) => facts.get(abs)!.sha256,
      options.sourceDateEpoch,
      {
        ...(options.seal ? { seal: options.seal.subject } : {}),
        ...(pdfa ? { pdfa: true } : {}),
        ...(options.filing ? { filing: options.filing.name } : {}),
      },
    );
    // A filing is a folder of files: it is built again each time it is asked for.
    if (!options.force && !options.filing) {
      const previous = previousManifest(pdfFile, manifestFile);
      // Unchanged only if the PDF beside the manifest is the one it describes: a build killed
      // between writing the two leaves a manifest whose PDF hash does not match.
      if (
        previous?.inputs_sha256 === inputs.inputsHash &&
        previous.pdf_sha256 !== undefined &&
        (await tools.hashes.sha256(pdfFile)).sha256 === previous.pdf_sha256
      )
        return { skipped: { case: id, status: 'skipped', file: shown, pages: previous.pages, seconds: 0 } };
    }
    const job = {
      dossier,
      templates,
      facts,
      inputs,
      sourceDateEpoch: options.sourceDateEpoch,
      ...(options.seal ? { seal: options.seal } : {}),
      ...(pdfa ? { pdfa: true } : {}),
    };
    const warnings = languageWarning(dossier, checked.source.file);
    const filing = options.filing ? { filing: options.filing } : {};
    return { job: { ...job, pdfFile, manifestFile, shown, warnings, ...filing } };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { failed: { case: id, status: 'failed', seconds: 0, problems: [err.problem] } };
  }
}

/** Writes one output file, an environment fault (disk full, read-only, a path that is a file) in plain words. */
function write(file: string, bytes: Uint8Array | string, job: CaseJob): void {
  try {
    writeFileAtomic(file, bytes);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (!e.code) throw err;
    throw new CasebuilderError({
      code: 'output.unwritable',
      message: `cannot write ${outName(file, job)}: ${osReason(e)}`,
    });
  }
}

function outName(file: string, job: CaseJob): string {
  return path.join(path.dirname(job.shown), path.basename(file));
}

/** An operating system's refusal in the users' words, with its code for the log. */
export function osReason(e: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'the path is a folder',
    EEXIST: 'a file of that name is in the way',
    ENAMETOOLONG: 'the path is too long',
    EMFILE: 'too many files are open',
  };
  return `${words[e.code!] ?? 'the operating system refused'} (${e.code})`;
}

/** A filing: the volumes, the files beside them and the index, in the case's folder. */
async function runFiling(job: CaseJob, fonts: FontLibrary, started: number): Promise<CaseResult> {
  const folder = path.join(path.dirname(job.pdfFile), `${job.dossier.caseId}.${job.filing!.name}`);
  let filed: Awaited<ReturnType<typeof buildFiling>>;
  try {
    filed = await buildFiling(job, fonts, job.filing!, folder, job.seal);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof CasebuilderError || !e.code) throw err;
    throw new CasebuilderError({ code: 'output.unwritable', message: `cannot write ${job.shown}: ${osReason(e)}` });
  }
  const warnings = [...job.warnings, ...logWarnings(filed.logs), ...pdfaWarnings(filed.pdfaProblems)];
  return {
    case: job.dossier.caseId,
    status: 'built',
    file: job.shown,
    pages: filed.pages,
    seconds: (Date.now() - started) / 1000,
    ...(warnings.length ? { warnings } : {}),
  };
}

function logWarnings(logs: string[]): Problem[] {
  return logs.map((line) => ({ code: 'template.log', severity: 'warning', message: `a template logged: ${line}` }));
}

function pdfaWarnings(problems: string[]): Problem[] {
  return problems.map((message) => ({
    code: 'pdfa.not-conformant',
    severity: 'warning',
    message: `not PDF/A-3b, so the PDF does not claim it: ${message}`,
  }));
}

/** Renders one case and writes its PDF and manifest, each atomically. */
export async function runCaseJob(job: CaseJob, fonts: FontLibrary): Promise<CaseResult> {
  const started = Date.now();
  const id = job.dossier.caseId;
  const seconds = () => (Date.now() - started) / 1000;
  try {
    if (job.filing) return await runFiling(job, fonts, started);
    const built = await buildDossier(job, fonts);
    // The seal is the last change to the PDF: what it signs is what is written.
    if (job.seal) built.pdf = await applySeal(built.pdf, job.seal);
    // One commit point: the side manifest names the PDF's hash and is written first, so a kill
    // between the two renames leaves a pair the next build sees as not matching, and rebuilds.
    const pdfSha256 = sha256(built.pdf);
    const side: SideManifest = { ...built.manifest, pdf_sha256: pdfSha256 };
    write(job.manifestFile, `${JSON.stringify(side, null, 2)}\n`, job);
    write(job.pdfFile, built.pdf, job);
    const logged: Problem[] = built.logs.map((line) => ({
      code: 'template.log',
      severity: 'warning',
      message: `a template logged: ${line}`,
    }));
    const left: Problem[] = built.withheld.map((w) => ({
      code: 'public.withheld',
      severity: 'warning',
      message:
        `exhibit ${w.number} (${w.file}) is left out of the public dossier: ` +
        (w.reason === 'names'
          ? 'it names a protected person in a form that cannot be redacted; give its evidence a public_copy'
          : 'its content cannot be searched for protected names; write public: true on its evidence to publish it'),
    }));
    const all = [...job.warnings, ...built.warnings, ...logged, ...left, ...pdfaWarnings(built.pdfaProblems)];
    const warnings = all.length ? { warnings: all } : {};
    const written = { file: job.pdfFile, sha256: pdfSha256 };
    return { case: id, status: 'built', file: job.shown, pages: built.pages, seconds: seconds(), written, ...warnings };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { case: id, status: 'failed', seconds: seconds(), problems: [err.problem] };
  }
}
