import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync, rmSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isInside } from '../load/evidence.js';
import { CONFIG_FILE } from '../load/repository.js';
import { MAX_YAML_BYTES } from '../load/read-yaml-file.js';
import { signature, signedWith } from '../load/machine-key.js';
import { OWN_FILE_LIMIT, readOwnFile } from '../load/read-own-file.js';
import { writeFileAtomic } from '../load/write-atomic.js';
import { manifestBase } from './manifest.js';

// A no-op rebuild in one look. After a build in which nothing failed, the stamp records the
// metadata of everything that build depended on: every file and folder of the cases folder and
// of the repository's templates, the settings file, each dossier's inputs as its manifest names
// them (evidence anywhere in the repository), and the dossiers and manifests written. While all
// of it is as recorded, for the same command on the same day, the build would load, check and
// skip every case: it says so without loading, parsing or checking anything (as `git status`
// trusts its index). Anything else, and the full build runs and decides case by case.

/** What the stamp of a build is kept under: the command, as far as it shapes the dossiers. */
export interface StampRequest {
  cwd: string;
  /** The folder the dossiers go to, resolved. */
  out: string;
  /** The settings file and the cases folder as given (--config, --cases), the cases named, the shard. */
  command: unknown;
  /**
   * This machine's key (machineKey), which signs the stamp: a stamp committed beside the dossiers
   * in a pull request would otherwise skip the whole build, checks included. None, no stamp.
   */
  secret?: Uint8Array;
}

/** What a no-op rebuild reports for each case: as the full build would for a case it skipped. */
export interface StampedCase {
  case: string;
  file: string;
  pages: number;
}

interface Stamp {
  format: typeof FORMAT;
  version: string;
  key: string;
  /** "Today" in the repository's zone when it was written: deadlines and open detentions count to it. */
  zone: string;
  today: string;
  /** Each path with the metadata it had; folders too, so a file added or removed shows. */
  entries: [string, string][];
  cases: StampedCase[];
}

const FORMAT = 'casebuilder-stamp/2';
export const STAMP_FILE = '.casebuilder-stamp';

function keyOf(version: string, request: StampRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([version, request.cwd, request.out, request.command]))
    .digest('hex');
}

/** A path's metadata: itself and, for a link, what it leads to. Missing is a value too. */
function metadata(file: string): string {
  let own: Stats;
  try {
    own = lstatSync(file);
  } catch {
    return 'missing';
  }
  const key = (s: Stats) => `${s.mode} ${s.size} ${s.mtimeMs} ${s.ctimeMs} ${s.ino}`;
  if (!own.isSymbolicLink()) return key(own);
  try {
    return `${key(own)} -> ${realpathSync.native(file)} ${key(statSync(file))}`;
  } catch {
    return `${key(own)} -> missing`;
  }
}

/** The date in a time zone, as YYYY-MM-DD (Intl, so the check needs no date library). */
export function dayIn(zone: string, nowMs: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    nowMs,
  );
}

/**
 * The cases of the last build, if everything it depended on is as it was: a no-op rebuild.
 * A stamp that is missing, unreadable, of another version or for another command is no answer.
 */
export function unchangedBuild(
  version: string,
  request: StampRequest,
  nowMs: number,
  sourceDateEpoch: number | undefined,
): StampedCase[] | undefined {
  if (!request.secret) return undefined;
  let stamp: Stamp;
  try {
    // Its signature on the first line, over the rest as written: checked before anything is parsed.
    const text = readOwnFile(path.join(request.out, STAMP_FILE), OWN_FILE_LIMIT)?.toString('utf8');
    if (text === undefined) return undefined;
    const newline = text.indexOf('\n');
    const body = text.slice(newline + 1);
    if (newline < 0 || !signedWith(request.secret, body, Buffer.from(text.slice(0, newline), 'hex'))) return undefined;
    stamp = JSON.parse(body) as Stamp;
  } catch {
    return undefined;
  }
  if (stamp?.format !== FORMAT || stamp.version !== version || !Array.isArray(stamp.entries)) return undefined;
  if (stamp.key !== keyOf(version, { ...request, command: [request.command, sourceDateEpoch ?? null] }))
    return undefined;
  try {
    if (dayIn(stamp.zone, nowMs) !== stamp.today) return undefined;
  } catch {
    return undefined;
  }
  for (const [file, recorded] of stamp.entries) if (metadata(file) !== recorded) return undefined;
  return stamp.cases;
}

/** What a finished build depended on, to be stamped. */
export interface StampInputs {
  root: string;
  casesDir: string;
  /** The settings file, when there is one. */
  config?: string;
  zone: string;
  /** Files each dossier drew on (its manifest's inputs, absolute), and the dossiers and manifests. */
  files: string[];
  cases: StampedCase[];
}

/**
 * Writes the stamp of a build in which nothing failed, `startedMs` being when it began (by the
 * command's clock). A file changed while the build ran (its metadata newer than the build's
 * start, give or take the clock's grain) might have been read before the change: then no stamp
 * is written and the next build looks at everything again.
 */
export function writeStamp(
  version: string,
  request: StampRequest,
  sourceDateEpoch: number | undefined,
  startedMs: number,
  inputs: StampInputs,
): void {
  const file = path.join(request.out, STAMP_FILE);
  if (!request.secret) return removeStamp(file);
  const paths = new Set<string>([inputs.root, path.join(inputs.root, 'templates'), ...inputs.files]);
  if (inputs.config) paths.add(inputs.config);
  walk(inputs.casesDir, paths, new Set());
  walk(path.join(inputs.root, 'templates'), paths, new Set());
  const entries: [string, string][] = [];
  for (const p of paths) {
    if (p === file) continue;
    // As git's racily clean entries: a file (or a link's target) modified or changed during the
    // build's own span, give or take a coarse clock, cannot tell a later change from the version
    // that was read; the change time counts too, since `cp -p` or `tar x` restore a modification
    // time. The next build then decides with the full check (and stamps then).
    if (changedSince(p, startedMs - 2000) && !isOutput(p, request.out)) return removeStamp(file);
    entries.push([p, metadata(p)]);
  }
  const stamp: Stamp = {
    format: FORMAT,
    version,
    key: keyOf(version, { ...request, command: [request.command, sourceDateEpoch ?? null] }),
    zone: inputs.zone,
    // The day the repository was checked on: the rules that count to today ran for it.
    today: dayIn(inputs.zone, startedMs),
    entries,
    cases: inputs.cases,
  };
  const body = `${JSON.stringify(stamp)}\n`;
  // Its signature, in hex, on the first line.
  writeFileAtomic(file, `${signature(request.secret, body).toString('hex')}\n${body}`);
}

function changedSince(file: string, sinceMs: number): boolean {
  const newest = (stat: () => Stats) => {
    try {
      const s = stat();
      return Math.max(s.mtimeMs, s.ctimeMs);
    } catch {
      return -Infinity;
    }
  };
  return (
    Math.max(
      newest(() => lstatSync(file)),
      newest(() => statSync(file)),
    ) >= sinceMs
  );
}

/** A dossier or manifest just written is newer than the build's start, and rightly so. */
function isOutput(p: string, out: string): boolean {
  return path.dirname(p) === out && /\.(pdf|manifest\.json)$/.test(p);
}

/** After a build that failed, or that cannot be stamped: the next build looks at everything. */
export function removeStamp(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // A folder that cannot be written to holds no stamp this build could have trusted.
  }
}

/**
 * Every folder and file below a folder, links to folders followed once when they stay inside it
 * (case folders may be links; the loader reads none that lead outside, and a committed link to
 * `/` must not have the stamp walk the whole machine).
 */
function walk(dir: string, into: Set<string>, seen: Set<string>, within?: string): void {
  into.add(dir);
  let real: string;
  try {
    real = realpathSync.native(dir);
  } catch {
    return;
  }
  const boundary = within ?? real;
  if (seen.has(real) || (real !== boundary && !isInside(boundary, real))) return;
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    into.add(full);
    try {
      if (statSync(full).isDirectory()) walk(full, into, seen, boundary);
    } catch {
      // A dangling link: its metadata is recorded as it is.
    }
  }
}

/**
 * What the stamp of a build is kept under. The dossiers' folder is `--out`, else the settings'
 * `out` as written, read without checking anything (the full build finds the same; a stamp
 * under another folder is for another command and never matches).
 */
export function stampRequestFor(
  cwd: string,
  config: string | undefined,
  outOption: string | undefined,
  command: unknown,
): StampRequest | undefined {
  const configPath = config ? path.resolve(cwd, config) : path.join(cwd, CONFIG_FILE);
  const root = config ? path.dirname(configPath) : cwd;
  let out = outOption ? path.resolve(cwd, outOption) : undefined;
  if (!out) {
    let configured: unknown;
    try {
      // A link or a FIFO there means no stamp: the full build reads the settings with its own checks.
      const text = readOwnFile(configPath, MAX_YAML_BYTES)?.toString('utf8');
      configured = text === undefined ? undefined : (parseYaml(text) as { out?: unknown })?.out;
    } catch {
      return undefined;
    }
    out = path.resolve(root, typeof configured === 'string' ? configured.trim() : 'dossiers');
  }
  return { cwd, out, command };
}

/** After a build in which nothing failed: what it depended on, stamped (see src/build/stamp.ts). */
export function stampBuild(
  version: string,
  request: StampRequest,
  repository: { root: string; casesDir: string; configSource?: { absPath?: string }; config: { timezone: string } },
  results: { case: string; file?: string; pages?: number }[],
  epoch: number | undefined,
  startedAt: number,
): void {
  // Paths in a manifest are relative to the repository, or to the cases folder's parent (case.ts).
  const base = manifestBase(repository);
  const files: string[] = [];
  try {
    for (const r of results) {
      const pdf = path.join(request.out, `${r.case}.pdf`);
      const manifest = path.join(request.out, `${r.case}.manifest.json`);
      const written = readOwnFile(manifest, OWN_FILE_LIMIT)!.toString('utf8');
      const { inputs } = JSON.parse(written) as { inputs: { file: string }[] };
      files.push(pdf, manifest, ...inputs.map((i) => path.resolve(base, i.file)));
    }
    writeStamp(version, request, epoch, startedAt, {
      root: repository.root,
      casesDir: repository.casesDir,
      config: repository.configSource?.absPath,
      zone: repository.config.timezone,
      files,
      cases: results.map((r) => ({ case: r.case, file: r.file ?? '', pages: r.pages ?? 0 })),
    });
  } catch {
    // A stamp is only ever a shortcut: without one the next build looks at everything.
    removeStamp(path.join(request.out, STAMP_FILE));
  }
}
