import { CasebuilderError, ExitStatus, type Problem } from './errors.js';
import { checkRepository, type CheckedRepository } from './check/repository.js';
import { diskEvidenceProbe } from './load/evidence.js';
import { loadRepository, type LoadOptions } from './load/repository.js';
import { closest } from './check/describe.js';

export interface OpenOptions extends LoadOptions {
  nowMs: number;
  /** Case ids named on the command line; every case when empty. */
  selected?: readonly string[];
  verifyHashes: boolean;
}

/** load -> check: the repository as the rest of the pipeline sees it, with every problem found. */
export async function openRepository(
  options: OpenOptions,
): Promise<{ repository: CheckedRepository; problems: Problem[]; files: number }> {
  const { repository: loaded, problems: loadProblems } = loadRepository(options);
  const named = options.selected ?? [];
  const folders = new Set(loaded.caseFolders);
  for (const id of named) {
    if (!folders.has(id)) {
      const guess = closest(id, folders);
      const hint = guess ? `; did you mean "${guess}"?` : folders.size ? `; cases are: ${[...folders].join(', ')}` : '';
      throw new CasebuilderError(
        { code: 'usage.unknown-case', message: `unknown case "${id}"${hint}` },
        ExitStatus.usage,
      );
    }
  }
  const only = named.length > 0 ? new Set(named) : undefined;
  const checked = await checkRepository(loaded, {
    probe: diskEvidenceProbe(),
    nowMs: options.nowMs,
    verifyHashes: options.verifyHashes,
    only,
  });
  const problems = [
    ...loadProblems.filter((p) => !only || isFor(p, only, loaded.display, loaded.cases)),
    ...checked.problems,
  ];
  return { repository: checked.value, problems, files: loaded.fileCount };
}

function isFor(
  p: Problem,
  only: ReadonlySet<string>,
  display: (abs: string) => string,
  cases: { folder: string; dir: string }[],
): boolean {
  const owner = cases.find((c) => p.file?.startsWith(`${display(c.dir)}/`));
  return !owner || only.has(owner.folder);
}
