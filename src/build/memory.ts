import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MiB = 1024 * 1024;

/** When to collect, for one dossier: after each page laid out, and between stages. */
export interface HeapKeeper {
  page(): void;
  /** A stage has let go of its working data (the rendered text, the pages' layout, a long text searched for names). */
  settle(): void;
}

/**
 * Keeps a long build's heap near what it holds. V8 lets the heap grow to several times its live
 * data before it collects the old generation (a 2,000-page dossier holding 90 MB peaked at
 * 570 MB of memory), and a CLI cannot set its own heap limit once started. The keeper looks at
 * the heap every few pages and between stages and, when it has grown by more than the slack since
 * the last full collection (a quarter of it between stages), collects it (as Jest's
 * --logHeapUsage does). A short build collects at most between stages; a long one spends a few
 * percent of its time here.
 */
export function heapKeeper(options: { every?: number; slackMiB?: number } = {}): HeapKeeper {
  const every = options.every ?? 32;
  const slack = (options.slackMiB ?? 64) * MiB;
  // The heap and what it holds outside it (buffers, typed arrays: a reader's view of a long text).
  const held = () => {
    const stats = getHeapStatistics();
    return stats.used_heap_size + stats.external_memory;
  };
  // What is held when the keeper starts (the repository, the fonts, a test runner's modules),
  // garbage included: the slack counts from there, so a small dossier rarely collects.
  let live = held();
  let pages = 0;
  const collectPast = (grown: number) => {
    if (held() < live + grown) return;
    exposedGc()();
    live = held();
  };
  return {
    page: () => {
      if (++pages % every === 0) collectPast(slack);
    },
    // Between stages the garbage of the one ended is all there is to free, and the next would
    // grow the heap past it (V8 keeps what it has grown to): a quarter of the slack is enough to
    // collect there (2,306 pages peaked at 260 MB instead of 285 MB, 236 pages at 162 MB, not 170; a
    // public build's leak check, which settles after each long text, took the same time), or a
    // quarter of what is held when that is more, since a collection costs what the heap holds (a
    // test runner's heap of several hundred MB collected at every stage of every build).
    settle: () => collectPast(Math.max(slack, live) / 4),
  };
}

// One per thread (each worker has its own heap and its own copy of this module).
let exposed: (() => void) | undefined;

function exposedGc(): () => void {
  if (!exposed) {
    setFlagsFromString('--expose-gc');
    exposed = runInNewContext('gc') as () => void;
  }
  return exposed;
}
