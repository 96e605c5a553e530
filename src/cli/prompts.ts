import { confirm, input, select } from '@inquirer/prompts';
import { PassThrough, type Writable } from 'node:stream';
import type { Asker } from '../author/wizard.js';
import type { CliContext } from './context.js';

/** The wizard's questions, asked with inquirer on the context's streams. */
export function inquirerAsker(ctx: CliContext): Asker {
  // inquirer ends the output stream it is given when a prompt is done: each prompt gets its
  // own, which forwards to ours, so the next prompt can still write.
  const streams = () => {
    const output = Object.assign(new PassThrough(), {
      isTTY: ctx.stdout.isTTY,
      columns: (ctx.stdout as { columns?: number }).columns ?? 80,
    });
    output.on('data', (chunk: Buffer) => ctx.stdout.write(chunk.toString('utf8')));
    return { input: ctx.stdin, output: output as unknown as Writable, clearPromptOnDone: false };
  };
  return {
    input: (q) => input({ message: q.message, default: q.default, validate: q.validate }, streams()),
    select: (q) => select({ message: q.message, choices: q.choices, default: q.default, pageSize: 12 }, streams()),
    confirm: (q) => confirm({ message: q.message, default: q.default }, streams()),
    note: (text) => ctx.stdout.write(`  ${text}\n`),
  };
}

/** Ctrl-C in a prompt: inquirer rejects with this error. */
export function isCancel(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}
