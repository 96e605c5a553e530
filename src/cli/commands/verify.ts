import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { trustList, verifyDossier } from '../../build/verify.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { readFileBytes } from '../../load/exhibit-content.js';
import { loadRepository } from '../../load/repository.js';
import { colourFor, type CliContext, type GlobalOptions } from '../context.js';
import { formatProblem, SourceTexts } from '../format-problems.js';

/** `verify FILE.pdf`: the dossier against its embedded manifest and the evidence files on disk. */
export async function verifyCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  file: string,
  options: { trust?: string } = {},
): Promise<ExitStatus> {
  const pdfPath = path.resolve(ctx.cwd, file);
  if (!existsSync(pdfPath))
    throw new CasebuilderError({ code: 'usage.no-file', message: `no file ${file}` }, ExitStatus.usage);
  const { repository } = loadRepository({ cwd: ctx.cwd, casesDir: globals.cases, config: globals.config });
  const bytes = readFileBytes(pdfPath);
  // The side manifest a build writes beside the PDF: `<name>.manifest.json`.
  const sideManifest = path.join(
    path.dirname(pdfPath),
    `${path.basename(pdfPath).replace(/\.pdf$/i, '')}.manifest.json`,
  );
  const trusted = options.trust ? readTrustList(ctx, options.trust) : undefined;
  const result = await verifyDossier(bytes, file, repository.casesDir, repository.display, {
    sideManifest,
    trusted,
    file: pdfPath,
  });
  const { manifest, matching, findings } = result;
  const colour = colourFor(ctx.stdout, ctx.env, globals.color);
  const sources = new SourceTexts(ctx.cwd);
  for (const f of findings) ctx.stdout.write(`${formatProblem(f, colour, sources)}\n`);
  const exhibits = `${matching} of ${manifest.exhibits.length} exhibits match the files on disk`;
  if (findings.length > 0) {
    ctx.stdout.write(`${file}: ${findings.length} problem${findings.length === 1 ? '' : 's'}; ${exhibits}\n`);
    return ExitStatus.invalid;
  }
  const seal = result.seal
    ? `, sealed by ${result.seal.subject} (${
        result.seal.chain === 'trusted'
          ? 'its certificate traced to the trust list'
          : 'certificate not checked: give --trust FILE.pem'
      })`
    : '';
  const volume = result.volume
    ? `, volume ${result.volume.number} of ${result.volume.count}` +
      (result.volume.others.length
        ? ` (the others: ${result.volume.others.map((o) => o.file + (o.present ? '' : ', not beside it')).join('; ')})`
        : '')
    : '';
  const side = result.side ? `, the PDF's SHA-256 matches ${result.side.file}` : '';
  const pages = `${result.pagesMatching} of ${manifest.pages} pages match the manifest`;
  ctx.stdout.write(`${file}: OK: ${pages}, ${exhibits}${side}${volume}${seal}\n`);
  return ExitStatus.ok;
}

/** The certificates of `--trust FILE.pem`. */
function readTrustList(ctx: CliContext, file: string) {
  const full = path.resolve(ctx.cwd, file);
  if (!existsSync(full))
    throw new CasebuilderError({ code: 'usage.no-file', message: `--trust: no file ${file}` }, ExitStatus.usage);
  const certs = trustList(readFileSync(full, 'utf8'));
  if (certs.length === 0)
    throw new CasebuilderError(
      { code: 'usage.trust', message: `--trust ${file}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it` },
      ExitStatus.usage,
    );
  return certs;
}
