import { readFileSync } from 'node:fs';

/** casebuilder's own version, from its package.json (printed by --version, stamped into dossiers). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
