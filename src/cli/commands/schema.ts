import path from 'node:path';
import { jsonSchemas } from '../../check/json-schema.js';
import { leadsOutside } from '../../build/dossiers-folder.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { writeFileAtomic } from '../../load/write-atomic.js';
import type { CliContext, GlobalOptions } from '../context.js';

export const DEFAULT_SCHEMA_DIR = 'schema';

export function writeSchemas(dir: string): string[] {
  const written: string[] = [];
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    const file = path.join(dir, name);
    writeFileAtomic(file, `${JSON.stringify(schema, null, 2)}\n`);
    written.push(file);
  }
  return written;
}

export async function schemaCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  options: { out?: string },
): Promise<ExitStatus> {
  const dir = path.resolve(ctx.cwd, options.out ?? DEFAULT_SCHEMA_DIR);
  // A committed `schema` link must not have the schemas written wherever it leads.
  if (!options.out && leadsOutside(ctx.cwd, dir))
    throw new CasebuilderError(
      {
        code: 'usage.schema-outside',
        message: `${DEFAULT_SCHEMA_DIR} is a symbolic link leading outside this folder: name the folder with --out`,
      },
      ExitStatus.usage,
    );
  for (const file of writeSchemas(dir)) {
    if (!globals.quiet) ctx.stderr.write(`wrote ${path.relative(ctx.cwd, file) || file}\n`);
  }
  return ExitStatus.ok;
}
