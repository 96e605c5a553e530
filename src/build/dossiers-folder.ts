import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { CheckedRepository } from '../check/repository.js';
import { CasebuilderError, ExitStatus } from '../errors.js';
import { isInside } from '../load/evidence.js';
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
  throw new CasebuilderError(
    {
      code: 'usage.out-outside',
      message:
        `the dossiers folder ${repository.config.out} ${linked ? 'is a symbolic link leading' : 'is'} outside the ` +
        'repository: casebuilder writes there only when named with --out',
      ...(source && !linked ? { file: source.file, range: locate(source, ['out']), path: ['out'] } : {}),
    },
    ExitStatus.usage,
  );
}

/** Whether a folder, which may not exist yet, is or would be outside `root` once links are followed. */
export function leadsOutside(root: string, dir: string): boolean {
  const realRoot = realpathSync(root);
  const real = realPathOf(dir);
  return real !== realRoot && !isInside(realRoot, real);
}

/**
 * The real path of a folder that may not exist yet: its nearest existing parent's, resolved, and
 * the rest. A link whose target does not exist yet counts where it leads, not where it lies: a
 * committed `dossiers` leading to a missing folder outside would otherwise look inside.
 */
function realPathOf(dir: string): string {
  let existing = dir;
  const rest: string[] = [];
  for (let links = 0; !existsSync(existing);) {
    const target = danglingLink(existing);
    // 40 links followed is where the operating system gives up too (ELOOP).
    if (target !== undefined && links++ < 40) existing = path.resolve(path.dirname(existing), target);
    else if (path.dirname(existing) === existing) break;
    else {
      rest.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
  try {
    return path.join(realpathSync(existing), ...rest);
  } catch {
    return dir;
  }
}

/** What a link that leads nowhere (yet) points to; undefined for anything else. */
function danglingLink(p: string): string | undefined {
  try {
    return lstatSync(p).isSymbolicLink() ? readlinkSync(p) : undefined;
  } catch {
    return undefined;
  }
}
