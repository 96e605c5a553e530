import { runCli } from './program.js';

// The CLI as a function (arguments and a context in, exit status out), for tests and embedding.
export { runCli };

/** The process edge: real streams, clock and environment in, exit status out. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    now: () => Date.now(),
  });
}
