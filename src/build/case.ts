import { statSync } from 'node:fs';
import path from 'node:path';
import { assembleDossier, type AssembleOptions } from '../assemble/dossier.js';
import type { Dossier, DossierLocale, Profile } from '../assemble/model.js';
import type { CheckedRepository } from '../check/repository.js';
import { CasebuilderError, type Problem } from '../errors.js';
import type { HashCache } from '../load/hash-cache.js';
import type { TemplateFile } from '../load/templates.js';
import { problemAt, type YamlSource } from '../load/yaml-source.js';
import type { FileFacts } from '../render/sections.js';
import type { DossierJob } from './dossier.js';
import type { FilingProfile } from './filing.js';
import type { SealJob } from './seal.js';
import { caseById } from './repository.js';
import { dossierInputs, inputsHash, manifestBase, previousManifest, sha256, type SideManifest } from './manifest.js';
import type { VerdictStore } from './verdicts.js';

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
  /** What inspecting its exhibits found, by the SHA-256 of the bytes inspected, for the next build. */
  verdicts?: Record<string, string>;
}

/** One case ready to render, with where its files go. */
export interface CaseJob extends DossierJob {
  pdfFile: string;
  manifestFile: string;
  /** The PDF as the user names it (relative to the working directory). */
  shown: string;
  warnings: Problem[];
  filing?: FilingProfile;
  /** The key the repository was seen under, confirmed with the inputs hash once the dossier is written. */
  seen?: string;
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
        `for lack of an ${language} version (write them as { ${dossier.locale}: ..., ... })`,
    },
  ];
}

/**
 * A case marked `confidentiality: public` gets PUBLIC on its court dossier's cover (dossier.md),
 * yet that dossier names protected witnesses and carries evidence marked `public: false`: the
 * build says so, lest the court copy be the one published.
 */
function markingWarning(dossier: Dossier, caseFile: YamlSource): Problem[] {
  if (dossier.profile !== 'court' || dossier.case.confidentiality !== 'public') return [];
  const witnesses = dossier.protectedNames.length;
  const withheld = dossier.evidence.filter((e) => !e.public).length;
  if (witnesses === 0 && withheld === 0) return [];
  const parts = [
    ...(witnesses ? [`names ${witnesses} protected witness${witnesses === 1 ? '' : 'es'}`] : []),
    ...(withheld ? [`carries ${withheld} exhibit${withheld === 1 ? '' : 's'} marked public: false`] : []),
  ];
  const message =
    `${dossier.caseId} is marked confidentiality: public, so its cover says PUBLIC, but this court dossier ` +
    `${parts.join(' and ')}: publish the build with --profile public, never this one`;
  return [problemAt(caseFile, ['confidentiality'], 'warning', 'public.court-copy', message)];
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
  tools: {
    hashes: HashCache;
    templates: (caseDir: string) => Map<string, TemplateFile>;
    stages: Stages;
    unchanged?: UnchangedCheck;
    /** Whether this machine wrote a dossier of this SHA-256 (never, without a parse cache). */
    wrote?: (sha256: string) => boolean;
    verdicts?: VerdictStore;
  },
): Promise<{ skipped: CaseResult } | { job: CaseJob } | { failed: CaseResult }> {
  const checked = caseById(repository).get(id)!;
  const pdfFile = path.join(options.out, `${id}.pdf`);
  const manifestFile = path.join(options.out, `${id}.manifest.json`);
  const folder = options.filing ? path.join(options.out, `${id}.${options.filing.name}`) : undefined;
  const shown = repository.display(folder ?? pdfFile);
  const pdfa = Boolean(options.pdfa || options.filing?.pdfa);
  const base = manifestBase(repository);
  try {
    const templates = tools.templates(checked.dir);
    const extra = {
      ...(options.seal ? { seal: options.seal.subject } : {}),
      ...(pdfa ? { pdfa: true } : {}),
      ...(options.filing ? { filing: options.filing.name } : {}),
    };
    const check = tools.unchanged;
    // Without a parse cache nothing says this machine wrote a dossier: every one is built.
    const wrote = tools.wrote ?? (() => false);
    const seen = check && seenKey(check.fingerprint, templates);
    if (!options.force && !options.filing && check && seen) {
      // The language the dossier is written in: --locale, else the case's, else the repository's.
      const locale = options.locale ?? checked.case.locale ?? repository.config.locale;
      const wanted = { options: { ...options, locale }, extra };
      const query = {
        seen,
        check,
        wrote,
        pdfFile,
        manifestFile,
        base,
        wanted,
        hashes: tools.hashes,
      };
      const pages = await unchangedSince(query);
      if (pages !== undefined) return { skipped: { case: id, status: 'skipped', file: shown, pages, seconds: 0 } };
    }
    await repository.locate();
    const dossier = tools.stages.assemble(repository, id, { locale: options.locale, profile: options.profile });
    const facts = new Map<string, FileFacts>();
    for (const source of dossier.evidence) {
      try {
        facts.set(source.absPath, await tools.hashes.sha256(source.absPath));
      } catch (err) {
        throw (await import('./dossier.js')).exhibitError(source, err as Error);
      }
    }
    const inputs = dossierInputs(
      dossier,
      base,
      templates.values(),
      (abs) => facts.get(abs)!.sha256,
      options.sourceDateEpoch,
      extra,
    );
    // A filing is a folder of files: it is built again each time it is asked for.
    if (!options.force && !options.filing) {
      const previous = previousManifest(pdfFile, manifestFile);
      // Unchanged only if the PDF beside the manifest is the one it describes (a build killed
      // between writing the two leaves a manifest whose PDF hash does not match), and this machine
      // wrote it: a manifest and PDF committed beside the others are built again.
      if (
        previous?.inputs_sha256 === inputs.inputsHash &&
        previous.pdf_sha256 !== undefined &&
        wrote(previous.pdf_sha256) &&
        (await tools.hashes.sha256(pdfFile)).sha256 === previous.pdf_sha256
      ) {
        if (check && seen) check.confirm(pdfFile, `${seen} ${inputs.inputsHash}`);
        return { skipped: { case: id, status: 'skipped', file: shown, pages: previous.pages, seconds: 0 } };
      }
    }
    // Not known unchanged any more, whatever the build of it brings.
    if (check && seen) {
      check.confirm(pdfFile, undefined);
      check.confirm(`${pdfFile}#quick`, undefined);
    }
    const verdicts: Record<string, string> = {};
    for (const { sha256 } of facts.values()) {
      const known = tools.verdicts?.get(sha256);
      if (known !== undefined) verdicts[sha256] = known;
    }
    const job = {
      dossier,
      templates,
      facts,
      verdicts,
      inputs,
      sourceDateEpoch: options.sourceDateEpoch,
      seen,
      ...(options.seal ? { seal: options.seal } : {}),
      ...(pdfa ? { pdfa: true } : {}),
    };
    const warnings = [...languageWarning(dossier, checked.source.file), ...markingWarning(dossier, checked.source)];
    const filing = options.filing ? { filing: options.filing } : {};
    return { job: { ...job, pdfFile, manifestFile, shown, warnings, ...filing } };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { failed: { case: id, status: 'failed', seconds: 0, problems: [err.problem] } };
  }
}

/**
 * What decides "unchanged" without assembling the case. Which files a dossier draws on (its
 * incidents, its vessel's record, its evidence) follows from the repository's YAML files and
 * the template folders; while they are the same as when its manifest was last confirmed, the
 * manifest's own list of inputs is the list, and only their hashes need comparing.
 */
export interface UnchangedCheck {
  /** One hash over casebuilder's version and the path and SHA-256 of every YAML file read. */
  fingerprint: string;
  /** The SHA-256 of each YAML file read, by absolute path. */
  yaml: ReadonlyMap<string, string>;
  /** What the last build confirmed of a dossier (by its path): the key it was seen under and its inputs hash. */
  confirmed: (pdfFile: string) => string | undefined;
  confirm: (pdfFile: string, value: string | undefined) => void;
}

function seenKey(fingerprint: string, templates: Map<string, TemplateFile>): string {
  const overrides = [...templates.values()].flatMap((t) => (t.absPath ? [t.absPath] : []));
  return sha256(JSON.stringify([fingerprint, overrides]));
}

const yamlNames = new WeakMap<UnchangedCheck, { base: string; names: Map<string, string> }>();

/** The SHA-256 of each YAML file by its name in a manifest (relative to `base`), worked out once per build. */
function yamlByName(check: UnchangedCheck, base: string): Map<string, string> {
  let known = yamlNames.get(check);
  if (known?.base !== base) {
    const rel = (abs: string) => path.relative(base, abs).split(path.sep).join('/');
    known = { base, names: new Map([...check.yaml].map(([abs, sha]) => [rel(abs), sha])) };
    yamlNames.set(check, known);
  }
  return known.names;
}

/** One dossier asked about: the key its repository was seen under, its files, what the build wants. */
interface UnchangedQuery {
  seen: string;
  check: UnchangedCheck;
  /** Whether this machine wrote a dossier of this SHA-256. */
  wrote: (sha256: string) => boolean;
  pdfFile: string;
  manifestFile: string;
  base: string;
  wanted: Wanted;
  hashes: HashCache;
}

/** The page count of a dossier known unchanged from its manifest's inputs, else undefined. */
async function unchangedSince(query: UnchangedQuery): Promise<number | undefined> {
  const { seen, check, pdfFile, manifestFile, base, wanted, hashes } = query;
  const { options } = wanted;
  const confirmed = check.confirmed(pdfFile)?.split(' ');
  if (confirmed?.[0] !== seen) return undefined;
  const quick = await quickCheck(query);
  if (quick !== undefined) return quick;
  const previous = previousManifest(pdfFile, manifestFile);
  if (!previous?.inputs || !previous.options || previous.inputs_sha256 !== confirmed[1]) return undefined;
  if (previous.pdf_sha256 === undefined || !sameOptions(previous.options, wanted)) return undefined;
  if (!query.wrote(previous.pdf_sha256)) return undefined;
  try {
    const inputs: SideManifest['inputs'] = [];
    const yaml = yamlByName(check, base);
    for (const input of previous.inputs) {
      const known = yaml.get(input.file);
      inputs.push({ file: input.file, sha256: known ?? (await hashes.sha256(path.join(base, input.file))).sha256 });
    }
    if (inputsHash(previous.options, options.sourceDateEpoch, inputs) !== previous.inputs_sha256) return undefined;
    if ((await hashes.sha256(pdfFile)).sha256 !== previous.pdf_sha256) return undefined;
    // Next time the manifest need not be read while it is this very file: what it said is kept.
    const record: QuickRecord = {
      seen,
      manifest: statKey(manifestFile),
      pages: previous.pages ?? 0,
      pdf: previous.pdf_sha256,
      options: { ...previous.options, sourceDateEpoch: options.sourceDateEpoch ?? null },
      others: previous.inputs.filter((i) => !yaml.has(i.file)).map((i) => [i.file, i.sha256]),
    };
    check.confirm(`${pdfFile}#quick`, JSON.stringify(record));
  } catch {
    // A file gone or unreadable: the full path finds out what and says so.
    return undefined;
  }
  return previous.pages;
}

/** The options a build asks for, and those its manifest records beside locale and profile (seal, PDF/A). */
interface Wanted {
  options: BuildCaseOptions;
  extra: Record<string, unknown>;
}

/** A dossier built with other options (another profile or language, a seal, PDF/A) is not unchanged. */
function sameOptions(recorded: SideManifest['options'] & { sourceDateEpoch?: unknown }, wanted: Wanted): boolean {
  const { locale, profile, sourceDateEpoch: _, ...rest } = recorded as Record<string, unknown>;
  if (profile !== wanted.options.profile || locale !== wanted.options.locale) return false;
  return JSON.stringify(rest) === JSON.stringify(wanted.extra);
}

/** What a confirmed manifest said, kept with the manifest's metadata (see `unchangedSince`). */
interface QuickRecord {
  seen: string;
  manifest: string;
  pages: number;
  pdf: string;
  options: SideManifest['options'] & { sourceDateEpoch: number | null };
  /** The inputs that are not YAML files (evidence, template overrides), with their SHA-256. */
  others: [string, string][];
}

const statKey = (file: string) => {
  const s = statSync(file);
  return `${s.size} ${s.mtimeMs} ${s.ino} ${s.ctimeMs}`;
};

/** The quick form of the check: the manifest unchanged on disk, so only the other inputs are looked at. */
async function quickCheck(query: UnchangedQuery): Promise<number | undefined> {
  const { seen, check, pdfFile, manifestFile, base, wanted, hashes } = query;
  const { options } = wanted;
  try {
    const text = check.confirmed(`${pdfFile}#quick`);
    if (!text) return undefined;
    const record = JSON.parse(text) as QuickRecord;
    const same =
      record.seen === seen &&
      sameOptions(record.options, wanted) &&
      record.options.sourceDateEpoch === (options.sourceDateEpoch ?? null) &&
      record.manifest === statKey(manifestFile);
    if (!same) return undefined;
    for (const [file, sha] of record.others)
      if ((await hashes.sha256(path.join(base, file))).sha256 !== sha) return undefined;
    if ((await hashes.sha256(pdfFile)).sha256 !== record.pdf) return undefined;
    return record.pages;
  } catch {
    return undefined;
  }
}

export { osReason, runCaseJob } from './render-case.js';
