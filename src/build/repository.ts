import path from 'node:path';
import { closest } from '../check/describe.js';
import { checkRepository, type CheckedRepository } from '../check/repository.js';
import { CasebuilderError, ExitStatus, type Problem } from '../errors.js';
import { diskEvidenceProbe } from '../load/evidence.js';
import { concerns, loadRepository, type LoadOptions } from '../load/repository.js';
import { readTemplates, type TemplateFile, type TemplateFolders } from '../load/templates.js';

export interface OpenOptions extends LoadOptions {
  nowMs: number;
  /** Case ids named on the command line; every case when empty. */
  selected?: readonly string[];
  verifyHashes: boolean;
}

export interface OpenedRepository {
  repository: CheckedRepository;
  /** Every problem found, limited to the selected cases and the shared files, in file order. */
  problems: Problem[];
  /** The case ids to work on: the ones named, else every case folder, in id order. */
  selected: string[];
  files: number;
  /** The text of every YAML file read, by the name shown: problems are printed with their source line. */
  sources: Map<string, string>;
}

/** load -> check, once: the repository as the rest of the pipeline sees it, with every problem found. */
export async function openRepository(options: OpenOptions): Promise<OpenedRepository> {
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
  const problems = [...loadProblems.filter((p) => !only || concerns(p, loaded.owners, only)), ...checked.problems];
  const sources = new Map<string, string>();
  for (const source of [loaded.config, loaded.registry, ...loaded.cases.flatMap((c) => [c.caseFile, ...c.incidents])])
    if (source) sources.set(source.file, source.text);
  return {
    repository: checked.value,
    problems,
    selected: named.length > 0 ? [...new Set(named)] : [...loaded.caseFolders],
    files: loaded.fileCount,
    sources,
  };
}

/**
 * The errors that stop one case from being built: those in its own files, in the cases it pulls
 * incidents from, and in the shared files (settings, registry). The other cases are built.
 */
export function blockingProblems(errors: readonly Problem[], repository: CheckedRepository, id: string): Problem[] {
  const checked = repository.cases.find((c) => c.id === id);
  const cases = new Set([id, ...(checked?.case.incidents ?? []).map((ref) => ref.split('/')[0]!)]);
  const blocking = errors.filter((p) => concerns(p, repository.owners, cases));
  if (checked || blocking.some((p) => repository.owners.get(p.file ?? '') === id)) return blocking;
  return [...blocking, { code: 'case.invalid', severity: 'error', message: `case ${id} cannot be read` }];
}

/**
 * The templates of each case: its own `templates/`, the repository's, the built-in ones. Each
 * folder is read once per build, however many cases share it.
 */
export function templateReader(repository: CheckedRepository): (caseDir: string) => Map<string, TemplateFile> {
  const byCase = new Map<string, Map<string, TemplateFile>>();
  const folderCache: TemplateFolders = new Map();
  return (caseDir) => {
    let templates = byCase.get(caseDir);
    if (!templates) {
      const folders = [path.join(caseDir, 'templates'), path.join(repository.root, 'templates')];
      templates = readTemplates(folders, repository.display, folderCache, repository.root);
      byCase.set(caseDir, templates);
    }
    return templates;
  };
}
