import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/program.js';

// eslint-disable-next-line no-control-regex -- terminal escapes are what we strip
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** A scripted terminal: runs the real CLI in-process, waits for each question, types the answer. */
export class Terminal {
  readonly input = new PassThrough();
  readonly output = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 40 });
  screen = '';
  stderr = '';
  private cursor = 0;

  constructor() {
    this.output.on('data', (chunk: Buffer) => {
      this.screen += chunk.toString('utf8').replace(ANSI, '');
    });
  }

  run(argv: string[], cwd: string): Promise<number> {
    const ctx: CliContext = {
      cwd,
      env: { NO_COLOR: '1' },
      stdout: this.output,
      stderr: { write: (s: string) => (this.stderr += s) },
      stdin: this.input,
      stdinIsTTY: true,
      now: () => Date.parse('2026-11-21T10:00:00Z'),
    };
    return runCli(argv, ctx);
  }

  /** Waits until `text` shows after what was already read, then types `keys`. */
  async answer(text: string, keys: string): Promise<void> {
    await this.waitFor(text);
    await new Promise((r) => setTimeout(r, 5));
    this.input.write(keys);
  }

  async waitFor(text: string, timeout = 5000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const at = this.screen.indexOf(text, this.cursor);
      if (at >= 0) {
        this.cursor = at + text.length;
        return;
      }
      if (Date.now() - start > timeout)
        throw new Error(`the terminal never showed "${text}"; it shows:\n${this.screen.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

export const ENTER = '\r';
export const DOWN = '\u001b[B';
export const CLEAR_LINE = '\u0015';
export const CTRL_C = '\u0003';
