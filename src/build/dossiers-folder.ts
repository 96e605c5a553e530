import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { CheckedRepository } from '../check/repository.js';
import { CasebuilderError, ExitStatus } from '../errors.js';
import { isInside, isLink } from '../load/evidence.js';
import { locate } from '../load/yaml-source.js';

/**
 * Where the dossiers are written: `--out` as given (the user's own choice), else the settings'
 * `out`, which must stay inside the repository, links followed. A pull request edits
 * casebuilder.yaml and can commit `dossiers` as a link: either would otherwise have the build
 * write, and clear its stale temporary files, in a folder of the CI machine (exit status 2).
 */
export function dossiersFolder(repository: CheckedRepository, cwd: string, outOption: string | undefined): string {
  if (outOption) return path.resolve(cwd, outOption);
  const out = path.resolve(repository.root, repository.config.out);
  if (!leadsOutside(repository.root, out)) return out;
  const source = repository.configSource;
  const linked = isInside(repository.root, out) || out === repository.root;
  // A link on the way that leads to no folder yet, or cannot be followed (a loop), cannot be told
  // inside or outside: it is refused as one leading outside would be.
  const where = !linked
    ? 'is outside the repository'
    : realPathOf(out) === undefined
      ? 'is reached through a symbolic link that leads to no folder yet or cannot be followed'
      : 'is a symbolic link leading outside the repository';
  throw new CasebuilderError(
    {
      code: 'usage.out-outside',
      message:
        `the dossiers folder ${repository.config.out} ${where}: ` +
        'casebuilder writes there only when named with --out',
      ...(source && !linked ? { file: source.file, range: locate(source, ['out']), path: ['out'] } : {}),
    },
    ExitStatus.usage,
  );
}

/**
 * Whether a folder, which may not exist yet, is or would be outside `root` once links are
 * followed. Links are followed by the operating system (`realpathSync.native`): Node's own
 * realpath reads "a/up/../victim" in a link's target as text and fails where the system
 * follows `up` first. What cannot be told counts as outside.
 */
export function leadsOutside(root: string, dir: string): boolean {
  const realRoot = realpathSync.native(root);
  const real = realPathOf(dir);
  return real === undefined || (real !== realRoot && !isInside(realRoot, real));
}

/**
 * The real path of a folder that may not exist yet: its nearest existing parent's, resolved, and
 * the rest. Undefined when that cannot be told: a link on the way that leads nowhere (yet), which
 * no folder can be made through either, or a path the system cannot resolve.
 */
function realPathOf(dir: string): string | undefined {
  let existing = dir;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    if (isLink(existing) || path.dirname(existing) === existing) return undefined;
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  try {
    return path.join(realpathSync.native(existing), ...rest);
  } catch {
    return undefined;
  }
}
