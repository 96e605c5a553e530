import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * casebuilder's own folder: the nearest one above this module with casebuilder's package.json,
 * so the same code finds it from src/, from dist/ and from the bundle in dist/bundle/.
 */
function packageRoot(): { root: string; version: string } {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (json.name === 'casebuilder') return { root: dir, version: json.version };
    }
    if (path.dirname(dir) === dir) throw new Error("casebuilder's package.json is missing");
  }
}

const own = packageRoot();

/** The folder casebuilder is installed in (templates/, cases/, casebuilder.yaml ship there). */
export const PACKAGE_ROOT: string = own.root;

/** casebuilder's own version, from its package.json (printed by --version, stamped into dossiers). */
export const VERSION: string = own.version;

/**
 * The program a dossier, a cache or a stamp was made by: the version and, once built, the build's
 * identity (`npm run build` writes dist/bundle/build-id: a hash of the bundled code, templates,
 * assets and the versions of what is read from node_modules at run time, see
 * scripts/build-id.mjs). Two checkouts of one version with other code are other programs, so
 * what they kept is not taken for this one's (a fix to the public copy rebuilds the dossiers).
 */
export const PROGRAM: string = ((): string => {
  try {
    const id = readFileSync(path.join(own.root, 'dist', 'bundle', 'build-id'), 'utf8').trim();
    return /^[0-9a-f]{16}$/.test(id) ? `${own.version}+${id}` : own.version;
  } catch {
    return own.version;
  }
})();
