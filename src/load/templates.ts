import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { CasebuilderError } from '../errors.js';
import { isInside } from './evidence.js';
import path from 'node:path';
import { PACKAGE_ROOT } from '../version.js';

/** The templates casebuilder ships with. */
export const BUILTIN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

export interface TemplateFile {
  name: string;
  text: string;
  /** As shown to the user in an error: relative to the working directory for overrides. */
  file: string;
  /** Where an override was read from; absent for the built-in templates (the version covers them). */
  absPath?: string;
}

/** What one folder holds, read once however many cases use it. */
export type TemplateFolders = Map<string, TemplateFile[]>;

/**
 * Reads templates by name (`chronology` -> chronology.hbs): a case's own `templates/`, then
 * the repository's, then the built-in ones. Names starting with `_` are partials.
 */
export function readTemplates(
  folders: string[],
  display: (abs: string) => string,
  cache: TemplateFolders = new Map(),
  root?: string,
): Map<string, TemplateFile> {
  const found = new Map<string, TemplateFile>();
  // A repository that is casebuilder's own checkout names the built-in folder itself.
  const overrides = folders.filter((f) => path.resolve(f) !== path.resolve(BUILTIN_TEMPLATES));
  for (const folder of [...overrides, BUILTIN_TEMPLATES]) {
    let files = cache.get(folder);
    if (!files) {
      files = readFolder(folder, display, root);
      cache.set(folder, files);
    }
    for (const t of files) if (!found.has(t.name)) found.set(t.name, t);
  }
  return found;
}

/** Templates are small text files; anything larger is a mistake or an attack. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

function readFolder(folder: string, display: (abs: string) => string, root: string | undefined): TemplateFile[] {
  if (!existsSync(folder)) return [];
  const builtIn = folder === BUILTIN_TEMPLATES;
  return readdirSync(folder)
    .sort()
    .filter((entry) => entry.endsWith('.hbs'))
    .map((entry) => {
      const abs = path.join(folder, entry);
      // An override comes from a pull request as often as not: it must be a regular file of the
      // repository itself, never a link to /etc/passwd, a device or a pipe.
      if (!builtIn && root !== undefined) guardOverride(abs, root, display);
      return {
        name: entry.slice(0, -4),
        text: readFileSync(abs, 'utf8'),
        file: builtIn ? `templates/${entry} (built in)` : display(abs),
        absPath: builtIn ? undefined : abs,
      };
    });
}

function guardOverride(abs: string, root: string, display: (abs: string) => string): void {
  const refuse = (message: string) => {
    throw new CasebuilderError({ code: 'template.unsafe', file: display(abs), message });
  };
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch (err) {
    return refuse(`the template cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!isInside(realpathSync.native(root), real))
    refuse('the template override leads outside the repository (a symbolic link?): casebuilder reads none');
  const stat = statSync(real);
  if (!stat.isFile())
    refuse(
      'the template override is not a regular file ' +
        `(${lstatSync(abs).isSymbolicLink() ? 'a link to ' : ''}a device, pipe or folder)`,
    );

  if (stat.size > MAX_TEMPLATE_BYTES)
    refuse(`the template is ${stat.size} bytes; templates are limited to ${MAX_TEMPLATE_BYTES} bytes`);
}
