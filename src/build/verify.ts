import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { CasebuilderError, type Problem } from '../errors.js';
import { ID_PATTERN } from '../check/schemas.js';
import { isInside, sha256File } from '../load/evidence.js';
import { readAttachments } from '../pdf/read-attachments.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, type Manifest } from './manifest.js';

export interface Verification {
  manifest: Manifest;
  /** Exhibits whose file on disk and attached copy match the manifest. */
  matching: number;
  findings: Problem[];
}

/**
 * A dossier against the manifest embedded in it, and every exhibit against the file on disk
 * (in `casesDir`), so a court can trace each exhibit to the file the crew recorded.
 */
export async function verifyDossier(
  bytes: Uint8Array,
  file: string,
  casesDir: string,
  display: (abs: string) => string,
): Promise<Verification> {
  let pdf: Awaited<ReturnType<typeof readAttachments>>;
  try {
    pdf = await readAttachments(bytes);
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
  const findings: Problem[] = [];
  const differs = (code: string, message: string) => findings.push({ code, severity: 'error', file, message });
  if (!isManifestShape(manifest)) {
    differs('verify.bad-manifest', 'the embedded manifest is not one casebuilder writes: it was altered');
    return { manifest: { ...manifest, exhibits: [] }, matching: 0, findings };
  }
  if (pdf.pages !== manifest.pages)
    differs('verify.pages', `the dossier has ${pdf.pages} pages; its manifest says ${manifest.pages}`);
  const realCases = realpathOrSelf(casesDir);
  let matching = 0;
  for (const exhibit of manifest.exhibits) {
    const before = findings.length;
    const name = `exhibit ${exhibit.number} (${exhibit.case}/${exhibit.file})`;
    // A manifest comes with the PDF, from anyone: it names files inside a case folder, or nothing.
    const unsafe = unsafeEntry(exhibit.case, exhibit.file);
    if (unsafe) {
      differs('verify.unsafe-entry', `exhibit ${exhibit.number}: ${unsafe}; no file was opened`);
      continue;
    }
    const caseDir = path.join(casesDir, exhibit.case);
    const onDisk = path.join(caseDir, exhibit.file);
    const real = existsSync(onDisk) ? realpathOrSelf(onDisk) : undefined;
    if (real === undefined) {
      differs('verify.missing', `${name}: the file is missing from ${display(caseDir)}`);
    } else if (!isInside(realCases, real) || !statSync(real).isFile()) {
      differs(
        'verify.unsafe-entry',
        `${name}: the file is not a regular file inside the cases folder; it was not read`,
      );
    } else {
      const actual = await sha256File(real);
      if (actual !== exhibit.sha256)
        differs(
          'verify.exhibit',
          `${name}: the file on disk differs from the dossier's: sha256 ${actual}, ` +
            `the dossier recorded ${exhibit.sha256}`,
        );
    }
    if (exhibit.attachment) {
      const embedded = pdf.files.get(exhibit.attachment);
      const hash = embedded ? createHash('sha256').update(embedded).digest('hex') : undefined;
      const expected = exhibit.published_sha256 ?? exhibit.sha256;
      if (hash !== expected)
        differs(
          'verify.attachment',
          `${name}: the file attached to the dossier ` +
            `${embedded ? 'differs from' : 'is missing, unlike'} the manifest's`,
        );
    }
    if (findings.length === before) matching++;
  }
  return { manifest, matching, findings };
}

function realpathOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Why a manifest entry may not be followed: a bad case id, an absolute path, a `..`. */
function unsafeEntry(caseId: unknown, file: unknown): string | undefined {
  if (typeof caseId !== 'string' || !ID_PATTERN.test(caseId)) return `the case "${String(caseId)}" is not a case id`;
  if (typeof file !== 'string' || file === '' || file.includes('\0')) return 'the file name is missing or not text';
  if (path.isAbsolute(file) || /^[a-zA-Z]:/.test(file) || file.split(/[\\/]/).includes('..'))
    return `the file "${file}" is not a path inside its case folder`;
  return undefined;
}

function isManifestShape(m: Manifest): boolean {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.pages === 'number' &&
    Array.isArray(m.exhibits) &&
    m.exhibits.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.number === 'number' &&
        typeof e.sha256 === 'string' &&
        (e.attachment === null || typeof e.attachment === 'string'),
    )
  );
}
