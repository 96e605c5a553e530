import { createHash, type X509Certificate } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { CasebuilderError, type Problem } from '../errors.js';
import { ID_PATTERN } from '../check/schemas.js';
import { isInside, sha256File } from '../load/evidence.js';
import { OWN_FILE_LIMIT, readOwnFile } from '../load/read-own-file.js';
import { readAttachments, type ReadBack } from '../pdf/read-attachments.js';
import { parseTrustList } from '../pdf/seal.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, sha256, type Manifest, type SideManifest } from './manifest.js';

export interface Verification {
  manifest: Manifest;
  /** Exhibits whose file on disk and attached copy match the manifest. */
  matching: number;
  /** Pages whose digest matches the manifest's. */
  pagesMatching: number;
  /** The side manifest beside the PDF, when there was one, and whether it names this PDF's SHA-256. */
  side?: { file: string; matches: boolean };
  /** A volume of a filing: its number, and the other volumes it names with whether they are beside it. */
  volume?: { number: number; count: number; others: { file: string; present: boolean }[] };
  /** The first signature (the seal): its signer, and whether its chain reached the trust list. */
  seal?: { subject: string; chain: 'trusted' | 'untrusted' | 'unchecked' };
  findings: Problem[];
}

export interface VerifyOptions {
  /** The manifest written beside the PDF (`<name>.manifest.json`), checked when it exists. */
  sideManifest?: string;
  /** The PDF's path on disk: a volume's index.json and other volumes are looked for beside it. */
  file?: string;
  /** The certificates a seal's chain must reach (`--trust FILE.pem`); without them the chain is not checked. */
  trusted?: X509Certificate[];
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
  options: VerifyOptions = {},
): Promise<Verification> {
  let pdf: Awaited<ReturnType<typeof readAttachments>>;
  try {
    pdf = await readAttachments(bytes, options.trusted);
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
    return { manifest: { ...manifest, exhibits: [] }, matching: 0, pagesMatching: 0, findings };
  }
  if (pdf.pages !== manifest.pages)
    differs('verify.pages', `the dossier has ${pdf.pages} pages; its manifest says ${manifest.pages}`);
  let pagesMatching = 0;
  if (!Array.isArray(manifest.page_sha256)) {
    differs(
      'verify.no-page-digests',
      'the manifest records no page digests (an older casebuilder built it): ' +
        'its pages cannot be checked; build it again',
    );
  } else {
    const pages = comparePages(manifest.page_sha256, pdf.pageSha256);
    pagesMatching = pages.matching;
    for (const message of pages.findings) differs('verify.page', message);
  }
  const volume = manifest.volume;
  // A volume's own hash is in the filing's index.json beside it; a dossier's in its side manifest.
  const side = volume
    ? checkFilingIndex(bytes, path.dirname(options.file ?? ''), options.file, display, differs)
    : options.sideManifest
      ? checkSideManifest(bytes, options.sideManifest, display, differs)
      : undefined;
  const volumeInfo = volume
    ? checkVolumes(volume, manifest.exhibits, path.dirname(options.file ?? ''), options.file, side, differs)
    : undefined;
  const seal = await checkSeal(bytes, pdf, raw, manifest, differs);
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
  return {
    manifest,
    matching,
    pagesMatching,
    ...(side ? { side } : {}),
    ...(seal ? { seal } : {}),
    ...(volumeInfo ? { volume: volumeInfo } : {}),
    findings,
  };
}

/**
 * Every signature must hold, the last must end where the file ends, and what the seal (the
 * first signature) signed must be what the file shows now: a later revision may add a
 * signature, not change a page or the manifest.
 */
async function checkSeal(
  bytes: Uint8Array,
  pdf: ReadBack,
  manifestBytes: Uint8Array,
  manifest: Manifest,
  differs: (code: string, message: string) => void,
): Promise<Verification['seal']> {
  const signatures = pdf.signatures;
  if (signatures.length === 0) {
    if (manifest.options?.seal)
      differs(
        'verify.seal-missing',
        `the manifest says the dossier was sealed by ${manifest.options.seal}; it carries no signature`,
      );
    return undefined;
  }
  for (const s of signatures)
    for (const problem of s.problems)
      differs('verify.seal', `the signature "${s.field}" of ${s.subject ?? 'an unknown signer'}: ${problem}`);
  const last = signatures.at(-1)!.revisionEnd;
  if (last > 0 && last < bytes.length)
    differs(
      'verify.after-seal',
      `the PDF was changed after its last signature: ${bytes.length - last} bytes were added that no signature covers`,
    );
  const seal = signatures[0]!;
  if (seal.revisionEnd > 0 && seal.revisionEnd < bytes.length) {
    let sealed: ReadBack | undefined;
    try {
      sealed = await readAttachments(bytes.subarray(0, seal.revisionEnd));
    } catch {
      differs('verify.after-seal', 'the revision the seal signed cannot be read');
    }
    const pagesAsSealed = sealed?.pageSha256.join() === pdf.pageSha256.join();
    const then = sealed?.files.get(MANIFEST_NAME);
    const manifestAsSealed = then !== undefined && Buffer.from(then).equals(Buffer.from(manifestBytes));
    if (sealed && (!pagesAsSealed || !manifestAsSealed))
      differs(
        'verify.after-seal',
        `the PDF was changed after the seal, in a later revision: ${!pagesAsSealed ? 'its pages' : 'its manifest'} ` +
          'differ from what the seal signed',
      );
  }
  return { subject: seal.subject ?? 'an unknown signer', chain: seal.chain };
}

/**
 * A JSON file casebuilder wrote beside the PDF: never through a link, from a FIFO or past a size
 * limit, and a parse error without the text it quotes (a link could lead to a secret).
 */
function ownJson(file: string): unknown {
  const bytes = readOwnFile(file, OWN_FILE_LIMIT);
  if (!bytes) throw new Error('it is not there');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error('it is not valid JSON');
  }
}

/** A volume against the filing's index.json beside it, when there is one. */
function checkFilingIndex(
  bytes: Uint8Array,
  dir: string,
  file: string | undefined,
  display: (abs: string) => string,
  differs: (code: string, message: string) => void,
): { file: string; matches: boolean } | undefined {
  const indexFile = path.join(dir, 'index.json');
  if (!file || !existsSync(indexFile)) return undefined;
  const shown = display(indexFile);
  let entry: { sha256?: unknown } | undefined;
  try {
    const index = ownJson(indexFile) as {
      envelopes: { files: { file: string; sha256?: unknown }[] }[];
    };
    entry = index.envelopes.flatMap((e) => e.files).find((f) => f.file === path.basename(file));
  } catch (err) {
    differs('verify.side-manifest', `the filing's index, ${shown}, cannot be read: ${(err as Error).message}`);
    return { file: shown, matches: false };
  }
  const actual = sha256(bytes);
  if (entry?.sha256 === actual) return { file: shown, matches: true };
  differs(
    'verify.side-manifest',
    entry
      ? `the PDF's SHA-256 is ${actual}; the filing's index, ${shown}, records ${String(entry.sha256)}: ` +
          'the file was changed after it was built'
      : `the filing's index, ${shown}, does not list ${path.basename(file)}`,
  );
  return { file: shown, matches: false };
}

/** The other volumes a volume names: in a filing's folder (with its index), each must be there. */
function checkVolumes(
  volume: NonNullable<Manifest['volume']>,
  exhibits: Manifest['exhibits'],
  dir: string,
  file: string | undefined,
  index: { file: string } | undefined,
  differs: (code: string, message: string) => void,
): Verification['volume'] {
  const others = volume.files
    .filter((f) => f !== (file ? path.basename(file) : ''))
    .map((f) => ({ file: f, present: existsSync(path.join(dir, f)) }));
  if (index)
    for (const other of others.filter((o) => !o.present))
      differs(
        'verify.volume-missing',
        `${other.file}, volume ${volume.files.indexOf(other.file) + 1} of ${volume.count}, is not beside it`,
      );
  // The files that travel beside the volumes, as the exhibits' pages name them.
  if (index)
    for (const e of exhibits)
      if (e.beside && !existsSync(path.join(dir, path.basename(e.beside))))
        differs('verify.beside-missing', `exhibit ${e.number}: ${e.beside}, filed beside the volumes, is not there`);
  return { number: volume.number, count: volume.count, others };
}

/**
 * The side manifest names the SHA-256 of the PDF it was written with: any change to the file,
 * even one that leaves every page and exhibit as they were, shows there.
 */
function checkSideManifest(
  bytes: Uint8Array,
  file: string,
  display: (abs: string) => string,
  differs: (code: string, message: string) => void,
): { file: string; matches: boolean } | undefined {
  if (!existsSync(file)) return undefined;
  const shown = display(file);
  let side: Partial<SideManifest>;
  try {
    side = ownJson(file) as Partial<SideManifest>;
  } catch (err) {
    differs('verify.side-manifest', `the manifest beside the PDF, ${shown}, cannot be read: ${(err as Error).message}`);
    return { file: shown, matches: false };
  }
  const actual = sha256(bytes);
  if (side.pdf_sha256 === actual) return { file: shown, matches: true };
  differs(
    'verify.side-manifest',
    `the PDF's SHA-256 is ${actual}; the manifest beside it, ${shown}, records ` +
      `${typeof side.pdf_sha256 === 'string' ? side.pdf_sha256 : 'none'}: the file was changed after it was built`,
  );
  return { file: shown, matches: false };
}

/**
 * Each page of the PDF against the manifest's digests, in order: a page that differs, one that is
 * missing, one added, or one out of place is named by its number and stamp.
 */
export function comparePages(
  expected: readonly { stamp: string; sha256: string }[],
  actual: readonly string[],
): { matching: number; findings: string[] } {
  const findings: string[] = [];
  const name = (i: number) => `page ${i + 1} (${expected[i]!.stamp})`;
  const inActual = new Set(actual);
  const inExpected = new Set(expected.map((e) => e.sha256));
  let matching = 0;
  let i = 0;
  let j = 0;
  while (i < expected.length || j < actual.length) {
    const want = expected[i]?.sha256;
    const got = actual[j];
    if (want !== undefined && want === got) {
      matching++;
      i++;
      j++;
    } else if (want !== undefined && got !== undefined && !inActual.has(want) && !inExpected.has(got)) {
      findings.push(`${name(i)} differs from the manifest`);
      i++;
      j++;
    } else if (want !== undefined && !inActual.has(want)) {
      findings.push(`${name(i)} is missing from the PDF`);
      i++;
    } else if (got !== undefined && !inExpected.has(got)) {
      findings.push(`page ${j + 1} of the PDF is not in the manifest: a page was added`);
      j++;
    } else if (want !== undefined) {
      const at = actual.indexOf(want);
      findings.push(`${name(i)} is out of place: it is page ${at + 1} of the PDF`);
      i++;
      j++;
    } else {
      findings.push(`page ${j + 1} of the PDF repeats an earlier page`);
      j++;
    }
  }
  return { matching, findings };
}

/** The certificates of a PEM trust file, for `verify --trust`. */
export function trustList(pem: string): X509Certificate[] {
  return parseTrustList(pem);
}

function realpathOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
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
