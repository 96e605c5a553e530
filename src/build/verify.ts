import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CasebuilderError, type Problem } from '../errors.js';
import { sha256File } from '../load/evidence.js';
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
  if (pdf.pages !== manifest.pages)
    differs('verify.pages', `the dossier has ${pdf.pages} pages; its manifest says ${manifest.pages}`);
  let matching = 0;
  for (const exhibit of manifest.exhibits) {
    const before = findings.length;
    const name = `exhibit ${exhibit.number} (${exhibit.case}/${exhibit.file})`;
    const onDisk = path.join(casesDir, exhibit.case, exhibit.file);
    if (!existsSync(onDisk)) {
      differs('verify.missing', `${name}: the file is missing from ${display(path.join(casesDir, exhibit.case))}`);
    } else {
      const actual = await sha256File(onDisk);
      if (actual !== exhibit.sha256)
        differs(
          'verify.exhibit',
          `${name}: the file on disk differs from the dossier's: ` +
            `sha256 ${actual}, the dossier recorded ${exhibit.sha256}`,
        );
    }
    if (exhibit.attachment) {
      const embedded = pdf.files.get(exhibit.attachment);
      const hash = embedded ? createHash('sha256').update(embedded).digest('hex') : undefined;
      if (hash !== exhibit.sha256)
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
