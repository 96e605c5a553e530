import { statSync, type Stats } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { Problem, SourceRange } from '../errors.js';
import { isStatEntry } from './hash-cache.js';
import { signature, signedWith } from './machine-key.js';
import { OWN_FILE_LIMIT, readOwnFile } from './read-own-file.js';
import { writeFileAtomic } from './write-atomic.js';

/** What is remembered of one YAML file that parsed and passed its own schema. */
interface Stored {
  size: number;
  mtimeMs: number;
  ino: number;
  ctimeMs: number;
  sha256: string;
  /** The data as YAML gave it and the schema's output (encoded by the codec), serialised. */
  data: Uint8Array;
  /** Places of fields asked for so far, by field path: `locate` answers from them without parsing. */
  ranges: [string, SourceRange][];
}

/** Turns checked values into data a copy keeps (class instances lose their class) and back. */
export interface CacheCodec {
  encode(value: unknown): unknown;
  decode(value: unknown): unknown;
}

/** The file's format: entries written by another layout or another casebuilder are never read. */
const FORMAT = 'casebuilder-parse-cache/2';

/**
 * The parsed, checked data of each YAML file, found again by the file's size, modification
 * time, inode and change time (as git's index and the evidence hash cache do) and kept with the
 * SHA-256 of its bytes, so a rebuild that changes nothing reads file metadata, not YAML. Stored
 * in one file signed with this machine's key (see machineKey): a file that does not read back
 * whole, was written by another version or signed elsewhere (committed to the repository, copied
 * from another machine) is ignored and rebuilt, never trusted. Without a key nothing is kept.
 */
export class ParseCache {
  private readonly entries: Map<string, Stored>;
  /** Anything else a build keeps between runs (the last repository fingerprint of each case). */
  readonly extra: Map<string, string>;
  private dirty = false;
  private rules?: { key: string; data: Uint8Array };
  /** The sources remembered in this run: places found after they were remembered are saved too. */
  private readonly live = new Map<string, { ranges?: Map<string, SourceRange> }>();

  private constructor(
    private readonly version: string,
    private readonly codec: CacheCodec,
    private readonly key: Uint8Array | undefined,
    entries: [string, Stored][] = [],
    extra: [string, string][] = [],
    rules?: { key: string; data: Uint8Array },
  ) {
    this.entries = new Map(entries);
    this.extra = new Map(extra);
    this.rules = rules;
  }

  static load(file: string, version: string, codec: CacheCodec, key: Uint8Array | undefined): ParseCache {
    try {
      // Never through a link or from a FIFO a pull request put in its place.
      const bytes = key ? readOwnFile(file, OWN_FILE_LIMIT) : undefined;
      if (key && bytes) {
        // 32 bytes of HMAC-SHA-256 over the rest: a file cut short, damaged or signed elsewhere is
        // not deserialised at all.
        const body = bytes.subarray(32);
        if (bytes.length > 32 && signedWith(key, body, bytes.subarray(0, 32))) {
          const data = deserialize(body) as {
            format?: unknown;
            version?: unknown;
            entries?: unknown;
            extra?: unknown;
            rules?: { key?: unknown; data?: unknown };
          };
          if (data.format === FORMAT && data.version === version && Array.isArray(data.entries)) {
            const entries = (data.entries as [string, Stored][]).filter(
              (e) => Array.isArray(e) && typeof e[0] === 'string' && isStored(e[1]),
            );
            const extra = Array.isArray(data.extra)
              ? (data.extra as [string, string][]).filter((e) => typeof e[0] === 'string' && typeof e[1] === 'string')
              : [];
            const rules =
              typeof data.rules?.key === 'string' && data.rules.data instanceof Uint8Array
                ? { key: data.rules.key, data: data.rules.data }
                : undefined;
            return new ParseCache(version, codec, key, entries, extra, rules);
          }
        }
      }
    } catch {
      // A damaged cache only costs time: every file is parsed again.
    }
    return new ParseCache(version, codec, key);
  }

  /** The entry of a file whose metadata has not changed since it was remembered. */
  lookup(
    absPath: string,
    stat: Stats,
  ): { sha256: string; value: unknown; checked: unknown; ranges: Map<string, SourceRange> } | undefined {
    const known = this.entries.get(absPath);
    if (
      !known ||
      known.size !== stat.size ||
      known.mtimeMs !== stat.mtimeMs ||
      known.ino !== stat.ino ||
      known.ctimeMs !== stat.ctimeMs
    )
      return undefined;
    return this.open(known);
  }

  /** The entry of a file read again whose bytes are the ones remembered (touched, checked out again). */
  lookupContent(absPath: string, sha256: string) {
    const known = this.entries.get(absPath);
    return known?.sha256 === sha256 ? this.open(known) : undefined;
  }

  private open(known: Stored) {
    try {
      const { value, checked } = deserialize(known.data) as { value: unknown; checked: unknown };
      return { sha256: known.sha256, value, checked: this.codec.decode(checked), ranges: new Map(known.ranges) };
    } catch {
      return undefined;
    }
  }

  /** Remembers a file that parsed and passed its own schema, with the places found in it. */
  rememberSource(source: {
    absPath?: string;
    sha256?: string;
    value: unknown;
    checked?: { value: unknown };
    ranges?: Map<string, SourceRange>;
  }): void {
    if (!source.absPath || !source.sha256 || !source.checked) return;
    const absPath = source.absPath;
    this.live.set(absPath, source);
    const ranges = [...(source.ranges ?? [])];
    let stat: Stats;
    try {
      stat = statSync(absPath);
    } catch {
      return;
    }
    const known = this.entries.get(absPath);
    if (
      known &&
      known.sha256 === source.sha256 &&
      known.size === stat.size &&
      known.mtimeMs === stat.mtimeMs &&
      known.ino === stat.ino &&
      known.ctimeMs === stat.ctimeMs &&
      known.ranges.length === ranges.length
    )
      return;
    const data = serialize({ value: source.value, checked: this.codec.encode(source.checked.value) });
    this.entries.set(absPath, {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      ino: stat.ino,
      ctimeMs: stat.ctimeMs,
      sha256: source.sha256,
      data,
      ranges,
    });
    this.dirty = true;
  }

  /** Forgets files no longer read, so the cache does not grow with files long deleted. */
  keepOnly(paths: ReadonlySet<string>): void {
    for (const key of this.entries.keys())
      if (!paths.has(key)) {
        this.entries.delete(key);
        this.dirty = true;
      }
  }

  /** The problems of the rules across files under one key (see checkRepository), the last key only. */
  rulesMemo(): { get(key: string): Problem[] | undefined; set(key: string, problems: Problem[]): void } {
    return {
      get: (key) => {
        if (this.rules?.key !== key) return undefined;
        try {
          return deserialize(this.rules.data) as Problem[];
        } catch {
          return undefined;
        }
      },
      set: (key, problems) => {
        this.rules = { key, data: serialize(problems) };
        this.dirty = true;
      },
    };
  }

  setExtra(key: string, value: string | undefined): void {
    if (this.extra.get(key) === value) return;
    if (value === undefined) this.extra.delete(key);
    else this.extra.set(key, value);
    this.dirty = true;
  }

  /** Saves the cache; one that cannot be written only costs time next build. */
  save(file: string): void {
    for (const [absPath, source] of this.live) {
      const stored = this.entries.get(absPath);
      if (stored && source.ranges && source.ranges.size > stored.ranges.length) {
        stored.ranges = [...source.ranges];
        this.dirty = true;
      }
    }
    if (!this.dirty || !this.key) return;
    try {
      const body = serialize({
        format: FORMAT,
        version: this.version,
        entries: [...this.entries],
        extra: [...this.extra],
        rules: this.rules,
      });
      writeFileAtomic(file, Buffer.concat([signature(this.key, body), body]));
      this.dirty = false;
    } catch {
      // A full disk or a read-only folder is reported by the build itself.
    }
  }
}

function isStored(e: unknown): e is Stored {
  return isStatEntry(e) && (e as Stored).data instanceof Uint8Array && Array.isArray((e as Stored).ranges);
}
