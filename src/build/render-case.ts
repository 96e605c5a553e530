import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync, write as writeToFile } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CasebuilderError, type Problem } from '../errors.js';
import { ExhibitFileError } from '../load/exhibit-content.js';
import { tempBeside, writeFileAtomic } from '../load/write-atomic.js';
import type { FontLibrary } from '../pdf/fonts.js';
import { OBJECT_FOOT, objectHead, updateFoot, type StreamedTail } from '../pdf/incremental-update.js';
import type { CaseJob, CaseResult } from './case.js';
import { sha256, type SideManifest } from './manifest.js';

// What a worker runs: rendering and writing one assembled case, apart from the code that
// loads, checks and assembles (a worker never needs it).

/** Writes one output file, an environment fault (disk full, read-only, a path that is a file) in plain words. */
function write(file: string, bytes: Uint8Array | string, job: CaseJob): void {
  guarded(file, job, () => writeFileAtomic(file, bytes));
}

function guarded<T>(file: string, job: CaseJob, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw unwritable(file, job, err);
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
  let filed: Awaited<ReturnType<typeof import('./filing.js').buildFiling>>;
  try {
    const { buildFiling } = await import('./filing.js');
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
    verdicts: filed.verdicts,
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
    const { buildDossier } = await import('./dossier.js');
    const built = await buildDossier(job, fonts);
    // The seal is the last change to the PDF: what it signs is what is written (never streamed).
    if (job.seal) built.pdf = await (await import('./seal.js')).applySeal(built.pdf, job.seal);
    // One commit point: the side manifest names the PDF's hash and is written first, so a kill
    // between the two renames leaves a pair the next build sees as not matching, and rebuilds.
    // With streamed attachments the PDF is written to its temporary file first, hashed as it goes.
    const streamed = built.tail ? await writeStreamed(job, built.pdf, built.tail) : undefined;
    const pdfSha256 = streamed?.sha256 ?? sha256(built.pdf);
    const side: SideManifest = { ...built.manifest, pdf_sha256: pdfSha256 };
    try {
      write(job.manifestFile, `${JSON.stringify(side, null, 2)}\n`, job);
      if (streamed) guarded(job.pdfFile, job, () => renameSync(streamed.temp, job.pdfFile));
      else write(job.pdfFile, built.pdf, job);
    } finally {
      if (streamed) rmSync(streamed.temp, { force: true });
    }
    const left: Problem[] = built.withheld.map((w) => ({
      code: 'public.withheld',
      severity: 'warning',
      message:
        `exhibit ${w.number} (${w.file}) is left out of the public dossier: ` +
        (w.reason === 'names'
          ? 'it names a protected person in a form that cannot be redacted; give its evidence a public_copy'
          : 'its content cannot be searched for protected names; write public: true on its evidence to publish it'),
    }));
    const all = [
      ...job.warnings,
      ...built.warnings,
      ...logWarnings(built.logs),
      ...left,
      ...pdfaWarnings(built.pdfaProblems),
    ];
    const warnings = all.length ? { warnings: all } : {};
    const written = { file: job.pdfFile, sha256: pdfSha256 };
    return {
      case: id,
      status: 'built',
      file: job.shown,
      pages: built.pages,
      seconds: seconds(),
      written,
      ...warnings,
      verdicts: built.verdicts,
    };
  } catch (err) {
    if (!(err instanceof CasebuilderError)) throw err;
    return { case: id, status: 'failed', seconds: seconds(), problems: [err.problem] };
  }
}

/** Bytes read and written at a time when a file is copied into a dossier. */
const CHUNK = 4 * 1024 * 1024;
const writeAsync = promisify(writeToFile);

/**
 * Writes the PDF and then its streamed attachments, each copied from disk a chunk at a time and
 * checked against the SHA-256 the dossier prints, to a temporary file beside the dossier.
 * Memory stays flat however large the files: a 2 GB video is never held. Each chunk is written
 * at its place in the file by the system's threads while the next is read and hashed here: the
 * kernel's writing took 4.6 s of an 8 s build of a 2 GB video, and the two hashes 1.6 s more.
 */
async function writeStreamed(
  job: CaseJob,
  head: Uint8Array,
  tail: StreamedTail,
): Promise<{ temp: string; sha256: string }> {
  const temp = tempBeside(job.pdfFile);
  const hash = createHash('sha256');
  let at = 0;
  const writes: Promise<void>[] = [];
  try {
    const fd = guarded(job.pdfFile, job, () => openSync(temp, 'w'));
    try {
      // The bytes must stay as they are until the promise settles.
      const put = (bytes: Uint8Array): Promise<void> => {
        hash.update(bytes);
        const written = writeAt(fd, bytes, at).catch((err: unknown) => {
          throw unwritable(job.pdfFile, job, err);
        });
        at += bytes.length;
        writes.push(written);
        // Handled here: a write that fails is thrown where it is awaited, not as an unhandled rejection.
        written.catch(() => undefined);
        return written;
      };
      // Awaited: a PDF that cannot be written is said before a video is read for it.
      await put(head);
      const offsets: number[] = [];
      for (const object of tail.objects) {
        const first = objectHead(object);
        offsets.push(at + 1); // the head begins with the end of the line before it
        void put(first);
        await copyChecked(job, object.file, put);
        void put(OBJECT_FOOT);
      }
      void put(updateFoot(tail, offsets, at));
      await Promise.all(writes);
    } finally {
      // Nothing is written after the file is closed, whatever failed.
      await Promise.allSettled(writes);
      closeSync(fd);
    }
    return { temp, sha256: hash.digest('hex') };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Writes all of `bytes` at `position`, on the system's threads. */
async function writeAt(fd: number, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length;)
    done += (await writeAsync(fd, bytes, done, bytes.length - done, position + done)).bytesWritten;
}

/** An environment fault (disk full, read-only, a path that is a file) in plain words; any other error as it is. */
function unwritable(file: string, job: CaseJob, err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (!e.code) return err;
  return new CasebuilderError({
    code: 'output.unwritable',
    message: `cannot write ${outName(file, job)}: ${osReason(e)}`,
  });
}

async function copyChecked(
  job: CaseJob,
  file: { path: string; size: number; sha256: string },
  put: (bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const source = job.dossier.evidence.find((e) => e.absPath === file.path)!;
  const fail = async (err: Error) => (await import('./dossier.js')).exhibitError(source, err);
  const hash = createHash('sha256');
  // Two chunks: one read and hashed here while the other is being written.
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  const writing: (Promise<void> | undefined)[] = [undefined, undefined];
  let copied = 0;
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch (err) {
    throw await fail(err as Error);
  }
  try {
    for (let k = 0; ; k ^= 1) {
      await writing[k];
      const buffer = buffers[k]!;
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, copied);
      } catch (err) {
        throw await fail(err as Error);
      }
      if (n === 0) break;
      const chunk = buffer.subarray(0, n);
      hash.update(chunk);
      writing[k] = put(chunk);
      copied += n;
      if (copied > file.size) break;
    }
    await Promise.all(writing);
  } finally {
    closeSync(fd);
  }
  if (copied !== file.size || hash.digest('hex') !== file.sha256)
    throw await fail(new ExhibitFileError('the file changed while the dossier was being built; build again'));
}
