import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Problem } from '../errors.js';
import { readYamlFile, type YamlBoundary } from './read-yaml-file.js';
import { cachedSource, type ParseResult } from './yaml-source.js';

/**
 * Below this many files a second thread costs more to start than it saves: it loads the parser
 * while this thread parses (about 150 ms on the 2-core machine), and its answers are copied across.
 */
export const PARSE_AHEAD_MIN_FILES = 600;
/** What this thread parses while the other one starts: the rest is halved. */
const HEAD_START = 200;
/** Files a message carries back. */
const BATCH = 32;
/**
 * How long the thread may take to start, then to answer the next batch, before this thread reads
 * the files itself (a thread that died without a word, out of memory, is noticed only so).
 */
const START_PATIENCE_MS = 5_000;
const BATCH_PATIENCE_MS = 15_000;

/** What the thread is given: the files, in the order they will be asked for, and where they must resolve. */
export interface ParseAheadJob {
  files: { absPath: string; shown: string }[];
  boundary: YamlBoundary;
  port: MessagePort;
  /**
   * [a count raised at each word from the thread (started, each batch, done, failed), 1 once the
   * thread has failed or been let go, 1 once it has started]
   */
  signal: Int32Array;
}

/** One file's result as it crosses threads: a Document does not, and is parsed again only if asked for. */
export type ParsedAcross =
  | { absPath: string; problems: Problem[] }
  | { absPath: string; problems: []; source: { file: string; sha256?: string; value: unknown; text: string } };

/**
 * Parses the later part of a repository's YAML files on a second thread while this one reads the
 * first part, as `readYamlFile` would read each (the same checks, the same boundary): `validate` of
 * a large repository spends most of its time in the YAML parser. The loader asks for each file in
 * turn; a file the thread has not answered yet is waited for, and one it never answers (the
 * thread failed, or took too long) is read here, so the result never depends on the thread.
 */
export class ParseAhead {
  private readonly results = new Map<string, ParsedAcross>();
  private readonly theirs: Set<string>;
  private seen = 0;
  private letGo = false;
  /** Files whose result came from the thread. */
  answered = 0;
  /** Why no more answers come: the thread said it failed, it kept silent too long, or it was let go. */
  ended?: 'failed' | 'silent' | 'let go';

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
    files: readonly string[],
  ) {
    this.theirs = new Set(files);
  }

  /**
   * Starts the thread on the later share of `files` (in the order the loader will read them), or
   * returns undefined when there are too few files to be worth it or no thread can be started.
   */
  static start(
    files: readonly { absPath: string; shown: string }[],
    boundary: YamlBoundary,
    program?: string | URL,
  ): ParseAhead | undefined {
    const module = moduleUrl(program);
    if (files.length < PARSE_AHEAD_MIN_FILES || !module) return undefined;
    const share = files.slice(HEAD_START + Math.ceil((files.length - HEAD_START) / 2));
    try {
      const { port1, port2 } = new MessageChannel();
      const signal = new Int32Array(new SharedArrayBuffer(12));
      // The module is imported by a few lines of CommonJS, so a module that cannot be loaded, or a
      // thread that ends early, marks the thread failed where this thread sees it (its error event
      // would wait for this thread's loop, which is blocked waiting).
      const worker = new Worker(
        "const { workerData: d } = require('node:worker_threads');\n" +
          'const fail = () => {\n' +
          '  Atomics.store(d.job.signal, 1, 1); Atomics.add(d.job.signal, 0, 1); Atomics.notify(d.job.signal, 0);\n' +
          '};\n' +
          "process.on('exit', fail);\n" +
          'import(d.module).then((m) => m.parseAheadThread(d.job)).catch(fail);\n',
        {
          eval: true,
          workerData: { module, job: { files: share, boundary, port: port2, signal } },
          transferList: [port2],
          execArgv: [],
        },
      );
      worker.unref();
      port1.unref();
      return new ParseAhead(
        worker,
        port1,
        signal,
        share.map((f) => f.absPath),
      );
    } catch {
      return undefined;
    }
  }

  /** The thread's result for a file given to it, waited for; undefined for a file this thread must read. */
  take(absPath: string): ParseResult | undefined {
    if (!this.theirs.delete(absPath) || this.letGo) return undefined;
    for (;;) {
      this.collect();
      const found = this.results.get(absPath);
      if (found) {
        this.results.delete(absPath);
        this.answered++;
        return toResult(found);
      }
      if (Atomics.load(this.signal, 1) === 1) {
        this.ended ??= 'failed';
        return undefined;
      }
      const patience = Atomics.load(this.signal, 2) === 1 ? BATCH_PATIENCE_MS : START_PATIENCE_MS;
      if (Atomics.wait(this.signal, 0, this.seen, patience) === 'timed-out') {
        this.ended = 'silent';
        this.stop();
        return undefined;
      }
    }
  }

  /** Lets the thread go (the loader is done, or gave up on it). */
  stop(): void {
    if (this.letGo) return;
    this.letGo = true;
    this.ended ??= 'let go';
    Atomics.store(this.signal, 1, 1);
    this.port.close();
    void this.worker.terminate();
  }

  private collect(): void {
    this.seen = Atomics.load(this.signal, 0);
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port))
      for (const result of m.message as ParsedAcross[]) this.results.set(result.absPath, result);
  }
}

function toResult(found: ParsedAcross): ParseResult {
  if (!('source' in found)) return { problems: found.problems };
  const { file, sha256, value, text } = found.source;
  return { source: cachedSource({ file, absPath: found.absPath, sha256, value }, () => text, false), problems: [] };
}

/** The thread's side: reads and parses its files in order, a batch a message, and says so on the signal. */
export function parseAheadThread(job: ParseAheadJob): void {
  const { files, boundary, port, signal } = job;
  const tell = () => {
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  Atomics.store(signal, 2, 1);
  tell();
  try {
    let batch: ParsedAcross[] = [];
    for (const { absPath, shown } of files) {
      // Let go by the loader: the rest is not needed.
      if (Atomics.load(signal, 1) === 1) break;
      const result = readYamlFile(absPath, shown, boundary);
      batch.push(
        result.source
          ? {
              absPath,
              problems: [],
              source: {
                file: result.source.file,
                sha256: result.source.sha256,
                value: result.source.value,
                text: result.source.text,
              },
            }
          : { absPath, problems: result.problems },
      );
      if (batch.length === BATCH) {
        port.postMessage(batch);
        tell();
        batch = [];
      }
    }
    if (batch.length > 0) port.postMessage(batch);
    tell();
  } catch {
    Atomics.store(signal, 1, 1);
    tell();
  }
}

/**
 * The thread's module: the one named, else parse-ahead.js beside this code once built (the
 * bundle's entry, or tsc's copy of this file). Run from the TypeScript source, no thread is
 * started unless one is named: a built copy could be of older code.
 */
function moduleUrl(program: string | URL | undefined): string | undefined {
  if (program) return program instanceof URL ? program.href : pathToFileURL(program).href;
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.js') ? pathToFileURL(path.join(path.dirname(here), 'parse-ahead.js')).href : undefined;
}
