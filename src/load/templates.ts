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

/**
 * Reads templates by name (`chronology` -> chronology.hbs): a case's own `templates/`, then
 * the repository's, then the built-in ones. Names starting with `_` are partials.
 */
export function readTemplates(folders: string[], display: (abs: string) => string): Map<string, TemplateFile> {
  const found = new Map<string, TemplateFile>();
  // A repository that is casebuilder's own checkout names the built-in folder itself.
  const overrides = folders.filter((f) => path.resolve(f) !== path.resolve(BUILTIN_TEMPLATES));
  for (const folder of [...overrides, BUILTIN_TEMPLATES]) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder).sort()) {
      if (!entry.endsWith('.hbs')) continue;
      const name = entry.slice(0, -4);
      if (found.has(name)) continue;
      const abs = path.join(folder, entry);
      const file = folder === BUILTIN_TEMPLATES ? `templates/${entry} (built in)` : display(abs);
      found.set(name, {
        name,
        text: readFileSync(abs, 'utf8'),
        file,
        absPath: folder === BUILTIN_TEMPLATES ? undefined : abs,
      });
    }
  }
  return found;
}
