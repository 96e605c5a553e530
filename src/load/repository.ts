import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { CasebuilderError, ExitStatus, type Problem } from '../errors.js';
import { ParseAhead } from './parse-ahead.js';
import type { ParseCache } from './parse-cache.js';
import { isInside } from './evidence.js';
import { readYamlFile, type YamlBoundary } from './read-yaml-file.js';
import type { YamlSource } from './yaml-source.js';

export interface LoadedCase {
  /** The folder name, which case.yaml's id must equal. */
  folder: string;
  dir: string;
  caseFile: YamlSource;
  incidents: YamlSource[];
}

export interface LoadedRepository {
  /** The folder that holds casebuilder.yaml (or the working directory without one). */
  root: string;
  casesDir: string;
  config?: YamlSource;
  registry?: YamlSource;
  cases: LoadedCase[];
  /** Every folder with a case.yaml, readable or not. */
  caseFolders: string[];
  /** How many YAML files were read, readable or not. */
  fileCount: number;
  /** How many of them a second thread parsed (`validate` of a large repository). */
  parsedAhead: number;
  /** Shows an absolute path the way the user names it: relative to the working directory. */
  display: (absPath: string) => string;
  /** The case folder each case file belongs to (case.yaml and incidents), by the name shown. */
  owners: Map<string, string>;
}

/** Whether a problem concerns one of the cases named: the files of shared settings concern all. */
export function concerns(problem: { file?: string }, owners: ReadonlyMap<string, string>, cases: ReadonlySet<string>) {
  const owner = problem.file === undefined ? undefined : owners.get(problem.file);
  return owner === undefined || cases.has(owner);
}

export interface LoadOptions {
  cwd: string;
  /** --cases, relative to cwd */
  casesDir?: string;
  /** --config, relative to cwd */
  config?: string;
  /**
   * The parse cache to read the other files through, once the settings file is read (it may
   * name the folder the cache lives in).
   */
  parseCache?: (root: string, config: unknown) => ParseCache | undefined;
  /**
   * Parse the later part of the case files on a second thread (`validate` of a large repository,
   * where nothing is cached); the module it runs, when not the bundle's.
   */
  parseAhead?: { program?: string | URL };
}

export const CONFIG_FILE = 'casebuilder.yaml';
export const REGISTRY_FILE = 'registry.yaml';
export const CASE_FILE = 'case.yaml';

/**
 * Reads every YAML file of a case repository. Files that cannot be read or parsed become
 * problems; what could be read is returned for checking. Throws only when there is no
 * repository to speak of (exit status 2).
 */
export function loadRepository(options: LoadOptions): { repository: LoadedRepository; problems: Problem[] } {
  const { cwd } = options;
  // Most paths are below the working directory: cut, not worked out (10,000 files' names).
  const base = path.resolve(cwd);
  const below = base.endsWith(path.sep) ? base : base + path.sep;
  const display = (absPath: string) =>
    toPosix(absPath.startsWith(below) ? absPath.slice(below.length) : path.relative(cwd, absPath) || '.');
  const problems: Problem[] = [];
  let fileCount = 0;
  const owners = new Map<string, string>();
  // Set once the settings file is read: the files after it go through the cache, or the case
  // files, when nothing is cached, partly through a second thread.
  const via: { cache?: ParseCache; ahead?: ParseAhead } = {};
  const read = (absPath: string, boundary: YamlBoundary, owner?: string, optional = false): YamlSource | undefined => {
    fileCount++;
    const shown = display(absPath);
    if (owner !== undefined) owners.set(shown, owner);
    const result = via.ahead?.take(absPath) ?? readYamlFile(absPath, shown, boundary, via.cache);
    // The settings and the registry are optional: one left empty, or with its lines commented out, is one not written.
    if (optional && result.problems.length > 0 && result.problems.every((p) => p.code === 'file.empty')) return;
    problems.push(...result.problems);
    return result.source;
  };

  const configPath = options.config ? path.resolve(cwd, options.config) : path.join(cwd, CONFIG_FILE);
  if (options.config && !existsSync(configPath)) {
    throw new CasebuilderError(
      { code: 'usage.no-config', message: `the configuration file ${options.config} does not exist` },
      ExitStatus.usage,
    );
  }
  const root = options.config ? path.dirname(configPath) : cwd;
  const repository: YamlBoundary = { realDir: realpathSync.native(root), name: 'the repository' };
  const config = existsSync(configPath) ? read(configPath, repository, undefined, true) : undefined;
  via.cache = options.parseCache?.(root, config?.value);

  // The cases folder is needed before the configuration is checked, so only its raw value is read here.
  const configured = (config?.value as { cases?: unknown } | undefined)?.cases;
  const casesDir = options.casesDir
    ? path.resolve(cwd, options.casesDir)
    : path.resolve(root, typeof configured === 'string' ? configured : 'cases');
  if (!isDirectory(casesDir)) {
    throw new CasebuilderError(
      {
        code: 'usage.no-cases-dir',
        message: `no cases folder at ${display(casesDir)}: run casebuilder in a case repository, or pass --cases DIR`,
      },
      ExitStatus.usage,
    );
  }
  const inCases: YamlBoundary = { realDir: realpathSync.native(casesDir), name: 'the cases folder' };
  // A pull request edits casebuilder.yaml too: its cases folder is read only inside the repository.
  if (!options.casesDir && inCases.realDir !== repository.realDir && !isInside(repository.realDir, inCases.realDir)) {
    throw new CasebuilderError(
      {
        code: 'usage.cases-dir-outside',
        file: config?.file,
        message:
          `the cases folder ${String(configured)} is outside the repository: ` +
          'casebuilder reads it only when named with --cases',
      },
      ExitStatus.usage,
    );
  }

  const registryPath = path.join(casesDir, REGISTRY_FILE);
  const registry = existsSync(registryPath) ? read(registryPath, inCases, undefined, true) : undefined;

  // Each folder is listed once, for the second thread's share and for the walk below.
  const listed = new Map<string, Dirent[]>();
  const entries = (dir: string) => {
    let found = listed.get(dir);
    if (!found) listed.set(dir, (found = sortedEntries(dir)));
    return found;
  };
  if (options.parseAhead && !via.cache) {
    const files = caseFilesAhead(casesDir, entries).map((absPath) => ({ absPath, shown: display(absPath) }));
    via.ahead = ParseAhead.start(files, inCases, options.parseAhead.program);
  }

  const cases: LoadedCase[] = [];
  const caseFolders: string[] = [];
  try {
    for (const entry of entries(casesDir)) {
      const dir = path.join(casesDir, entry.name);
      if (!entryIsDirectory(entry, dir)) continue;
      const casePath = path.join(dir, CASE_FILE);
      // A folder without case.yaml is not a case: drafts and shared material live there.
      if (!existsSync(casePath)) continue;
      caseFolders.push(entry.name);
      const incidentsDir = path.join(dir, 'incidents');
      const outside = [dir, incidentsDir].find((folder) => linksOutside(folder, inCases.realDir));
      if (outside !== undefined) {
        problems.push({
          code: 'file.outside',
          severity: 'error',
          file: display(outside),
          message: 'the folder is a symbolic link leading outside the cases folder: casebuilder reads nothing in it',
        });
        continue;
      }
      const caseFile = read(casePath, inCases, entry.name);
      if (!caseFile) continue;
      const incidents = isDirectory(incidentsDir)
        ? listYamlFiles(incidentsDir, entries).flatMap((file) => read(file, inCases, entry.name) ?? [])
        : [];
      cases.push({ folder: entry.name, dir, caseFile, incidents });
    }
  } finally {
    via.ahead?.stop();
  }
  return {
    repository: {
      root,
      casesDir,
      config,
      registry,
      cases,
      caseFolders,
      fileCount,
      parsedAhead: via.ahead?.answered ?? 0,
      display,
      owners,
    },
    problems,
  };
}

/**
 * The case files the walk will read, in its order, for a second thread to parse ahead: only
 * regular files in folders that are not links (a link is the walk's to judge, and a case with a
 * linked folder is left to it whole). The incidents of a case whose case.yaml turns out unreadable
 * are parsed for nothing: a file planned and not asked for costs time, never a result.
 */
function caseFilesAhead(casesDir: string, entries: (dir: string) => Dirent[]): string[] {
  const files: string[] = [];
  for (const entry of entries(casesDir)) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(casesDir, entry.name);
    try {
      const children = entries(dir);
      const caseFile = children.find((e) => e.name === CASE_FILE);
      const incidents = children.find((e) => e.name === 'incidents');
      if (!caseFile?.isFile() || incidents?.isSymbolicLink()) continue;
      const planned = [path.join(dir, CASE_FILE)];
      if (incidents?.isDirectory()) planned.push(...listYamlFiles(path.join(dir, 'incidents'), entries, true));
      files.push(...planned);
    } catch {
      // A folder that cannot be listed (a draft folder with no read permission) is the walk's to judge.
    }
  }
  return files;
}

/** Incident files anywhere below incidents/, so a folder per year loses nothing (only regular files, for the plan). */
function listYamlFiles(dir: string, entries: (dir: string) => Dirent[], regularOnly = false): string[] {
  const files: string[] = [];
  for (const entry of entries(dir)) {
    const full = path.join(dir, entry.name);
    // Linked folders are not followed here: a link loop must not hang the loader.
    if (entry.isDirectory()) files.push(...listYamlFiles(full, entries, regularOnly));
    else if ((!regularOnly || entry.isFile()) && /\.ya?ml$/i.test(entry.name) && !entry.name.startsWith('.'))
      files.push(full);
  }
  return files;
}

function sortedEntries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function entryIsDirectory(entry: Dirent, full: string): boolean {
  return entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(full));
}

/**
 * A folder that is a link resolving outside `realDir` (one that is not there is not outside). The
 * system follows the link (`realpathSync.native`): Node's own realpath fails on a target such as
 * "a/up/../x" with `up` a link, which the system reads through.
 */
function linksOutside(folder: string, realDir: string): boolean {
  try {
    return lstatSync(folder).isSymbolicLink() && !isInside(realDir, realpathSync.native(folder));
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
