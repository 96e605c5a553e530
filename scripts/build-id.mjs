// What identifies one build of casebuilder beyond its version number: a hash of the bundled
// code, the shipped templates and assets, and the version of MuPDF (loaded from node_modules).
// Two checkouts of the same version with different code build different dossiers, so the
// caches, the build stamp and the inputs hash of a dossier are keyed by it, not by the version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir` whose name `keep` accepts, as paths relative to `dir`, sorted. */
function filesBelow(dir, keep) {
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = path.join(rel, name);
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else if (keep(name)) out.push(child);
    }
  };
  walk('');
  return out;
}

/**
 * The build's identity: 16 hex digits of SHA-256 over each file's name and bytes, in order: the
 * bundle's code (not its source maps), `templates/`, `assets/`, and the extra strings given.
 */
export function buildId(root, bundleDir, extra = []) {
  const hash = createHash('sha256');
  const add = (label, bytes) => {
    hash.update(`${label}\0${bytes.length}\0`);
    hash.update(bytes);
  };
  for (const file of filesBelow(bundleDir, (name) => !name.endsWith('.map') && name !== 'build-id'))
    add(`bundle/${file}`, readFileSync(path.join(bundleDir, file)));
  for (const top of ['templates', 'assets'])
    for (const file of filesBelow(path.join(root, top), () => true))
      add(`${top}/${file}`, readFileSync(path.join(root, top, file)));
  for (const text of extra) add('extra', Buffer.from(text));
  return hash.digest('hex').slice(0, 16);
}
