import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FORMAT, MANIFEST_NAME, type Manifest } from '../../build/manifest.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { sha256File } from '../../load/evidence.js';
import { loadRepository } from '../../load/repository.js';
import { readAttachments } from '../../pdf/read-attachments.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';

/**
 * `verify FILE.pdf`: the dossier against the manifest embedded in it, and every exhibit
 * against the file on disk, so a court can trace each exhibit to the file the crew recorded.
 */
export async function verifyCommand(ctx: CliContext, globals: GlobalOptions, file: string): Promise<ExitStatus> {
  const pdfPath = path.resolve(ctx.cwd, file);
  if (!existsSync(pdfPath))
    throw new CasebuilderError({ code: 'usage.no-file', message: `no file ${file}` }, ExitStatus.usage);
  let pdf: Awaited<ReturnType<typeof readAttachments>>;
  try {
    pdf = await readAttachments(new Uint8Array(readFileSync(pdfPath)));
  } catch (err) {
    throw new CasebuilderError({
      code: 'verify.not-pdf',
      file,
      message: `cannot read the PDF: ${(err as Error).message.split('\n')[0]}`,
    });
  }
  const raw = pdf.files.get(MANIFEST_NAME);
  if (!raw)
    throw new CasebuilderError({
      code: 'verify.no-manifest',
      file,
      message: `no ${MANIFEST_NAME} is embedded: this is not a casebuilder dossier, or it was altered`,
    });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Buffer.from(raw).toString('utf8')) as Manifest;
    if (manifest.format !== MANIFEST_FORMAT) throw new Error(`unknown format ${String(manifest.format)}`);
  } catch (err) {
    throw new CasebuilderError({
      code: 'verify.bad-manifest',
      file,
      message: `the embedded manifest cannot be read: ${(err as Error).message}`,
    });
  }
  const { repository } = loadRepository({ cwd: ctx.cwd, casesDir: globals.cases, config: globals.config });
  const colour = colourFor(ctx.stdout, ctx.env, globals.color);
  const failures: string[] = [];
  if (pdf.pages !== manifest.pages)
    failures.push(`the dossier has ${pdf.pages} pages; its manifest says ${manifest.pages}`);
  for (const exhibit of manifest.exhibits) {
    const name = `exhibit ${exhibit.number} (${exhibit.case}/${exhibit.file})`;
    const onDisk = path.join(repository.casesDir, exhibit.case, exhibit.file);
    if (!existsSync(onDisk)) {
      failures.push(
        `${name}: the file is missing from ${repository.display(path.join(repository.casesDir, exhibit.case))}`,
      );
    } else {
      const actual = await sha256File(onDisk);
      if (actual !== exhibit.sha256)
        failures.push(
          `${name}: the file on disk differs from the dossier's: sha256 ${actual}, the dossier recorded ${exhibit.sha256}`,
        );
    }
    if (exhibit.attachment) {
      const embedded = pdf.files.get(exhibit.attachment);
      const hash = embedded ? createHash('sha256').update(embedded).digest('hex') : undefined;
      if (hash !== exhibit.sha256)
        failures.push(
          `${name}: the file attached to the dossier ${embedded ? 'differs from' : 'is missing, unlike'} the manifest's`,
        );
    }
  }
  for (const f of failures) ctx.stdout.write(`${colour.red('differs')}  ${f}\n`);
  const ok = manifest.exhibits.length - new Set(failures.map((f) => f.split(':')[0])).size;
  ctx.stdout.write(
    `${file}: ${ok} of ${manifest.exhibits.length} exhibits match the files on disk${failures.length ? `; ${failures.length} problem${failures.length === 1 ? '' : 's'}` : ''}\n`,
  );
  return failures.length > 0 ? ExitStatus.invalid : ExitStatus.ok;
}
