// Before every run of Jest, the CLI is bundled again: the tests run the bundle that ships
// (test/helpers/repo.ts, the worker threads, the bin), so a test never runs the code of an
// earlier edit, whether Jest is started by `npm test` or by hand.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function bundleTheCli() {
  const script = fileURLToPath(new URL('../../scripts/bundle.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
}
