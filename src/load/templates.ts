import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The templates casebuilder ships with. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

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
): Map<string, TemplateFile> {
  const found = new Map<string, TemplateFile>();
  // A repository that is casebuilder's own checkout names the built-in folder itself.
  const overrides = folders.filter((f) => path.resolve(f) !== path.resolve(BUILTIN_TEMPLATES));
  for (const folder of [...overrides, BUILTIN_TEMPLATES]) {
    let files = cache.get(folder);
    if (!files) {
      files = readFolder(folder, display);
      cache.set(folder, files);
    }
    for (const t of files) if (!found.has(t.name)) found.set(t.name, t);
  }
  return found;
}

function readFolder(folder: string, display: (abs: string) => string): TemplateFile[] {
  if (!existsSync(folder)) return [];
  const builtIn = folder === BUILTIN_TEMPLATES;
  return readdirSync(folder)
    .sort()
    .filter((entry) => entry.endsWith('.hbs'))
    .map((entry) => {
      const abs = path.join(folder, entry);
      return {
        name: entry.slice(0, -4),
        text: readFileSync(abs, 'utf8'),
        file: builtIn ? `templates/${entry} (built in)` : display(abs),
        absPath: builtIn ? undefined : abs,
      };
    });
}
