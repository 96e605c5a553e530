import { createHash } from 'node:crypto';
import path from 'node:path';
import { leadsOutside } from './dossiers-folder.js';
import { closest } from '../check/describe.js';
import { checkRepository, type CheckedRepository } from '../check/repository.js';
import { CasebuilderError, ExitStatus, type Problem } from '../errors.js';
import { LocalTexts } from '../check/local-text.js';
import { ConfigSchema } from '../check/schemas.js';
import { diskEvidenceProbe } from '../load/evidence.js';
import { HashCache } from '../load/hash-cache.js';
import { ParseCache, type CacheCodec } from '../load/parse-cache.js';
import { concerns, loadRepository, type LoadOptions } from '../load/repository.js';
import { readTemplates, type TemplateFile, type TemplateFolders } from '../load/templates.js';
import { PROGRAM } from '../version.js';

export const HASH_CACHE = '.casebuilder-hashes.json';
export const PARSE_CACHE = '.casebuilder-parsed.bin';

/** What a build keeps beside its dossiers between runs: evidence hashes, parsed and checked files. */
export interface BuildCaches {
  /** The output folder they live in. */
  dir: string;
  hashes: HashCache;
  parse: ParseCache;
}

export interface OpenOptions extends LoadOptions {
  nowMs: number;
  /** Case ids named on the command line; every case when empty. */
  selected?: readonly string[];
  verifyHashes: boolean;
  /** A build's caches, found once the settings file is read (it names the output folder). */
  caches?: (root: string, config: unknown) => BuildCaches;
  /** Record where each incident's position lies (the default); `validate` needs only the warnings. */
  places?: boolean;
}

export interface OpenedRepository {
  repository: CheckedRepository;
  /** Every problem found, limited to the selected cases and the shared files, in file order. */
  problems: Problem[];
  /** The case ids to work on: the ones named, else every case folder, in id order. */
  selected: string[];
  files: number;
  /** How many of them a second thread parsed. */
  parsedAhead: number;
  /** The text of every YAML file read, by the name shown: problems are printed with their source line. */
  sources: { get(file: string): string | undefined };
  caches?: BuildCaches;
  /** The SHA-256 of each YAML file read, by absolute path. */
  yaml: Map<string, string>;
  /** One hash over casebuilder's version and the name and SHA-256 of every YAML file found. */
  fingerprint: string;
}

/** load -> check, once: the repository as the rest of the pipeline sees it, with every problem found. */
export async function openRepository(options: OpenOptions): Promise<OpenedRepository> {
  let caches: BuildCaches | undefined;
  const { repository: loaded, problems: loadProblems } = loadRepository({
    ...options,
    parseCache: options.caches && ((root, config) => (caches = options.caches!(root, config)).parse),
  });
  const named = options.selected ?? [];
  const folders = new Set(loaded.caseFolders);
  for (const id of named) {
    if (!folders.has(id)) {
      const guess = closest(id, folders);
      const hint = guess ? `; did you mean "${guess}"?` : folders.size ? `; cases are: ${[...folders].join(', ')}` : '';
      throw new CasebuilderError(
        { code: 'usage.unknown-case', message: `unknown case "${id}"${hint}` },
        ExitStatus.usage,
      );
    }
  }
  const only = named.length > 0 ? new Set(named) : undefined;
  const all = [loaded.config, loaded.registry, ...loaded.cases.flatMap((c) => [c.caseFile, ...c.incidents])];
  const byFile = new Map(all.flatMap((source) => (source ? [[source.file, source] as const] : [])));
  const files: [string, string][] = [...byFile.values()].map((x) => [x.file, x.sha256 ?? '']);
  for (const file of loaded.owners.keys()) if (!byFile.has(file)) files.push([file, 'unreadable']);
  files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([PROGRAM, files]))
    .digest('hex');
  const checked = await checkRepository(loaded, {
    probe: diskEvidenceProbe(caches?.hashes),
    nowMs: options.nowMs,
    verifyHashes: options.verifyHashes,
    places: options.places,
    only,
    rules: caches && { key: fingerprint, ...caches.parse.rulesMemo() },
  });
  const problems = [...loadProblems.filter((p) => !only || concerns(p, loaded.owners, only)), ...checked.problems];
  if (caches) {
    // Remembered now, before assembly works on the checked values.
    for (const source of byFile.values()) caches.parse.rememberSource(source);
    caches.parse.keepOnly(new Set([...byFile.values()].flatMap((source) => source.absPath ?? [])));
  }
  const yaml = new Map(
    [...byFile.values()].flatMap((x) => (x.absPath && x.sha256 ? [[x.absPath, x.sha256] as const] : [])),
  );
  return {
    yaml,
    fingerprint,
    repository: checked.value,
    problems,
    selected: named.length > 0 ? [...new Set(named)] : [...loaded.caseFolders],
    files: loaded.fileCount,
    parsedAhead: loaded.parsedAhead,
    // A text is read from a cached file only when a problem in it is printed.
    sources: { get: (file) => byFile.get(file)?.text },
    caches,
  };
}

/**
 * The errors that stop one case from being built: those in its own files, in the cases it pulls
 * incidents from, and in the shared files (settings, registry). The other cases are built.
 */
export function blockingProblems(errors: readonly Problem[], repository: CheckedRepository, id: string): Problem[] {
  const checked = caseById(repository).get(id);
  const cases = new Set([id, ...(checked?.case.incidents ?? []).map((ref) => ref.split('/')[0]!)]);
  const blocking = errors.filter((p) => concerns(p, repository.owners, cases));
  if (checked || blocking.some((p) => repository.owners.get(p.file ?? '') === id)) return blocking;
  return [...blocking, { code: 'case.invalid', severity: 'error', message: `case ${id} cannot be read` }];
}

/**
 * The templates of each case: its own `templates/`, the repository's, the built-in ones. Each
 * folder is read once per build, however many cases share it.
 */
export function templateReader(repository: CheckedRepository): (caseDir: string) => Map<string, TemplateFile> {
  const byCase = new Map<string, Map<string, TemplateFile>>();
  const folderCache: TemplateFolders = new Map();
  return (caseDir) => {
    let templates = byCase.get(caseDir);
    if (!templates) {
      const folders = [path.join(caseDir, 'templates'), path.join(repository.root, 'templates')];
      templates = readTemplates(folders, repository.display, folderCache, repository.root);
      byCase.set(caseDir, templates);
    }
    return templates;
  };
}

/**
 * The caches of a build writing to `out` (default: the settings' `out`), read once the settings
 * are known. Entries are found by content, so a cache read from the wrong folder is only slower.
 */
export function buildCaches(
  cwd: string,
  out: string | undefined,
  /** This machine's key (machineKey), which signs the parse cache; none keeps no parse cache. */
  key: Uint8Array | undefined,
): (root: string, config: unknown) => BuildCaches {
  return (root, config) => {
    const configured = ConfigSchema.safeParse(config ?? {});
    const dir = out
      ? path.resolve(cwd, out)
      : path.resolve(root, configured.success ? configured.data.out : ConfigSchema.parse({}).out);
    // Settings that send the dossiers outside the repository stop the build (dossiersFolder): no
    // cache is read from there first.
    const outside = !out && leadsOutside(root, dir);
    return {
      dir,
      hashes: outside ? new HashCache() : HashCache.load(path.join(dir, HASH_CACHE)),
      parse: ParseCache.load(path.join(dir, PARSE_CACHE), PROGRAM, localTextCodec, outside ? undefined : key),
    };
  };
}

export function saveCaches(caches: BuildCaches): void {
  caches.hashes.save(path.join(caches.dir, HASH_CACHE));
  caches.parse.save(path.join(caches.dir, PARSE_CACHE));
}

// A key no YAML file can hold (NUL bytes are refused), so user data never reads as a tagged text.
const LOCAL_TEXTS = '\u0000LocalTexts';

/** Per-language texts kept as tagged data in the parse cache, and made LocalTexts again when read. */
const localTextCodec: CacheCodec = {
  encode: function encode(value: unknown): unknown {
    if (value instanceof LocalTexts) return { [LOCAL_TEXTS]: { ...value.texts } };
    if (Array.isArray(value)) return value.map(encode);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = encode(v);
      return out;
    }
    return value;
  },
  decode: function decode(value: unknown): unknown {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = decode(value[i]);
      return value;
    }
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (LOCAL_TEXTS in record) return new LocalTexts(record[LOCAL_TEXTS] as LocalTexts['texts']);
      for (const k of Object.keys(record)) record[k] = decode(record[k]);
    }
    return value;
  },
};

const byId = new WeakMap<CheckedRepository, Map<string, CheckedRepository['cases'][number]>>();

/** The checked cases by id, made once per repository (a build asks for each of thousands). */
export function caseById(repository: CheckedRepository): Map<string, CheckedRepository['cases'][number]> {
  let map = byId.get(repository);
  if (!map) {
    map = new Map();
    for (const c of repository.cases) if (!map.has(c.id)) map.set(c.id, c);
    byId.set(repository, map);
  }
  return map;
}
