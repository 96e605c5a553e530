// The stdio hooks must be in place before the WASM module starts: keep this import first.
import { printed } from './mupdf-stdio.js';
import * as mupdf from 'mupdf';

export { mupdf };

/** What MuPDF said while it worked: its errors are often recoveries, so they are data, not throws. */
export interface EngineMessage {
  level: 'error' | 'warning';
  text: string;
}

let sink: EngineMessage[] | undefined;

mupdf.setLog({
  error: (text) => sink?.push({ level: 'error', text }),
  warning: (text) => {
    // MuPDF folds repeats into "... repeated N times...": the message before it already counts.
    if (!/^\.\.\. repeated \d+ times\.\.\.$/.test(text)) sink?.push({ level: 'warning', text });
  },
});

/**
 * Runs `fn` and returns what it returned or threw, with every message MuPDF logged meanwhile.
 * Calls do not nest: MuPDF is single-threaded and the callers here are synchronous.
 */
export function captured<T>(fn: () => T): { value?: T; error?: Error; messages: EngineMessage[] } {
  const outer = sink;
  const messages: EngineMessage[] = [];
  sink = messages;
  printed.length = 0;
  try {
    const value = fn();
    return { value, messages: [...messages, ...printedMessages()] };
  } catch (err) {
    return {
      error: err instanceof Error ? err : new Error(String(err)),
      messages: [...messages, ...printedMessages()],
    };
  } finally {
    sink = outer;
    if (messages.some((m) => m.level === 'warning')) forgetLastWarning();
  }
}

let resetter: { page: InstanceType<typeof mupdf.PDFPage>; device: InstanceType<typeof mupdf.Device> } | undefined;

/**
 * MuPDF drops a warning identical to the one before it (it counts it, to say "repeated N times"
 * later): the same truncated photo checked twice, or two streams damaged alike, would pass
 * the second time. Drawing a page of our own that always warns, unheard, makes the next warning
 * new again. Only after a call that warned, so it costs nothing on sound files.
 */
function forgetLastWarning(): void {
  const outer = sink;
  sink = undefined;
  try {
    if (!resetter) {
      const doc = new mupdf.PDFDocument();
      doc.insertPage(-1, doc.addPage([0, 0, 1, 1], 0, {}, '/CasebuilderNoSuchImage Do'));
      resetter = { page: doc.loadPage(0), device: new mupdf.Device({}) };
    }
    resetter.page.runPageContents(resetter.device, mupdf.Matrix.identity);
  } catch {
    // only a reset; the next warning may be counted instead of heard
  } finally {
    printed.length = 0;
    sink = outer;
  }
}

function printedMessages(): EngineMessage[] {
  const lines = printed.splice(0).filter((line) => line.trim() !== '');
  return lines.map((text) => ({ level: 'warning', text }));
}

/** Frees MuPDF objects now rather than when the garbage collector gets to them: WASM memory only grows. */
export function release(...objects: ({ destroy(): void } | null | undefined)[]): void {
  for (const object of objects) {
    try {
      object?.destroy();
    } catch {
      // already freed
    }
  }
}
