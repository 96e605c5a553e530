import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { constants as zlibConstants, deflateSync } from 'node:zlib';

/**
 * Page content is short lines of operators and numbers, which zlib's filtered strategy suits:
 * over the 4,643 content streams of a 2,306-page dossier, level 5 filtered gave 7.12 MB in
 * 0.51 s where the default (level 6) gave 7.17 MB in 0.65 s.
 */
export const CONTENT_DEFLATE = { level: 5, strategy: zlibConstants.Z_FILTERED };

/** Deflated here, in this thread. */
export function deflateContent(content: string): Uint8Array {
  // Copied out: a small deflateSync result is a view of a 16 KiB buffer, and a dossier keeps
  // thousands of them until it is saved.
  return new Uint8Array(deflateSync(Buffer.from(content, 'latin1'), CONTENT_DEFLATE));
}

// The thread's whole program: no module of ours, so it starts in a few milliseconds.
const THREAD = `
const { workerData } = require('node:worker_threads');
const { deflateSync } = require('node:zlib');
const { port, signal, options } = workerData;
port.on('message', (jobs) => {
  try {
    const done = jobs.map(({ id, content }) => ({
      id,
      bytes: new Uint8Array(deflateSync(Buffer.from(content, 'latin1'), options)),
    }));
    port.postMessage(done, done.map((d) => d.bytes.buffer));
  } catch {
    // Said at once, so the caller deflates the rest itself instead of waiting for it.
    Atomics.store(signal, 1, 1);
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/**
 * Streams sent to the thread in one message: one a message, posting took 125 ms of a 2,306-page
 * dossier's time; eight, 52 ms.
 */
const BATCH = 8;

export interface DeflaterOptions {
  /** Streams deflated here before the thread starts: a short dossier is done before it would be up. */
  startAfter?: number;
  /** Streams handed to the thread and not yet back, at most; past that the caller deflates the next one itself. */
  inFlight?: number;
  /** How long `drain` waits for the thread to answer before it deflates what is left itself. */
  patienceMs?: number;
  /** The thread's program (a test gives one that never answers). */
  program?: string;
}

/**
 * Deflates the page content of one document on a second thread while the layout goes on (0.5 s
 * of a 2,306-page dossier's 6.5 s was deflating). The bytes are the same wherever a stream is
 * deflated, so the PDF does not depend on the thread: when it falls behind, the caller deflates
 * the next stream itself and neither waits; `drain` takes the rest back before the document is
 * hashed and saved. A thread that fails or stalls costs time, never a stream.
 */
export class ContentDeflater {
  private readonly startAfter: number;
  private readonly inFlight: number;
  private readonly patienceMs: number;
  private readonly program: string;
  private thread?: { worker: Worker; port: MessagePort; signal: Int32Array };
  private readonly pending = new Map<number, { content: string; done: (bytes: Uint8Array) => void }>();
  /** Handed out, not yet sent. */
  private batch: { id: number; content: string }[] = [];
  private nextId = 0;
  private asked = 0;
  /** No thread from now on: drained, or the thread could not be had. */
  private closed = false;

  constructor(options: DeflaterOptions = {}) {
    // 512 streams are about 250 pages: below that, starting the thread costs what it saves.
    this.startAfter = options.startAfter ?? 512;
    this.inFlight = options.inFlight ?? 64;
    // A thread that answers at all answers 64 streams in milliseconds.
    this.patienceMs = options.patienceMs ?? 2_000;
    this.program = options.program ?? THREAD;
  }

  /** Deflates `content` and gives the bytes to `done`, now or by the time `drain` returns. */
  deflate(content: string, done: (bytes: Uint8Array) => void): void {
    this.collect();
    if (this.thread && this.failed(this.thread)) this.close();
    const thread = ++this.asked > this.startAfter ? this.open() : undefined;
    if (!thread || this.pending.size >= this.inFlight) {
      done(deflateContent(content));
      return;
    }
    const id = this.nextId++;
    this.pending.set(id, { content, done });
    this.batch.push({ id, content });
    if (this.batch.length >= BATCH) this.send();
  }

  /** Every stream handed out is back when this returns; the thread is let go. */
  drain(): void {
    const thread = this.thread;
    this.closed = true;
    if (!thread) return;
    this.send();
    let seen = Atomics.load(thread.signal, 0);
    while (this.pending.size > 0) {
      this.collect();
      if (this.pending.size === 0 || this.failed(thread)) break;
      const waited = Atomics.wait(thread.signal, 0, seen, this.patienceMs);
      seen = Atomics.load(thread.signal, 0);
      if (waited === 'timed-out') break;
    }
    // What came back is taken; close deflates the rest here.
    this.collect();
    this.close();
  }

  /** Lets the thread go; whatever it still had is deflated here. */
  close(): void {
    this.closed = true;
    this.batch = [];
    for (const [id, { content, done }] of this.pending) {
      this.pending.delete(id);
      done(deflateContent(content));
    }
    if (!this.thread) return;
    const { worker, port } = this.thread;
    this.thread = undefined;
    port.close();
    void worker.terminate();
  }

  private open(): ContentDeflater['thread'] {
    if (this.thread || this.closed) return this.thread;
    try {
      const { port1, port2 } = new MessageChannel();
      // [answers given, 1 once the thread has failed]
      const signal = new Int32Array(new SharedArrayBuffer(8));
      const worker = new Worker(this.program, {
        eval: true,
        workerData: { port: port2, signal, options: CONTENT_DEFLATE },
        transferList: [port2],
        // Not the build's flags or loaders: the thread runs node:zlib and nothing else.
        execArgv: [],
      });
      // Never keeps the process alive. A thread that dies (an error, or an exit without one) is
      // marked failed once this thread's events run, so the next stream is not sent to it.
      worker.unref();
      const dead = () => {
        Atomics.store(signal, 1, 1);
        Atomics.add(signal, 0, 1);
        Atomics.notify(signal, 0);
      };
      worker.on('error', dead);
      worker.on('exit', dead);
      port1.unref();
      this.thread = { worker, port: port1, signal };
    } catch {
      this.closed = true;
    }
    return this.thread;
  }

  private failed(thread: NonNullable<ContentDeflater['thread']>): boolean {
    return Atomics.load(thread.signal, 1) === 1;
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.thread?.port.postMessage(this.batch);
    this.batch = [];
  }

  /** Takes back what the thread has finished, without waiting. */
  private collect(): void {
    const port = this.thread?.port;
    if (!port || this.pending.size === 0) return;
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      for (const { id, bytes } of message.message as { id: number; bytes: Uint8Array }[]) {
        const job = this.pending.get(id);
        if (!job) continue;
        this.pending.delete(id);
        job.done(bytes);
      }
    }
  }
}
