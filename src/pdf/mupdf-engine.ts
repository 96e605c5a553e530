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
