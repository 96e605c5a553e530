import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openSealKey, sealPdf } from '../../src/pdf/seal.js';
import { readPdf } from '../helpers/pdf.js';
import { emptyDir, fixture, run } from '../helpers/repo.js';

const PASSWORD = { CASEBUILDER_SEAL_PASSWORD: 'correct horse' };
const SUBJECT = 'CN=Example Rescue Seal, O=Example Rescue e.V.';
let keys: string;
let repo: string;
let sealed: Buffer;

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: keys, stdio: 'pipe' });
const hasPdfsig = spawnSync('pdfsig', ['-v']).error === undefined;

/** A root CA, a seal certificate it issued, and the seal as PKCS#12 in OpenSSL 3's default and legacy formats. */
function makeKeys(): void {
  keys = emptyDir('seal-keys');
  const subj = (s: string) => ['-subj', s];
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '30',
    ...subj('/CN=Test Root CA'),
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.pem',
    '-days',
    '30',
    ...subj('/CN=Another CA'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'seal.key',
    '-out',
    'seal.csr',
    ...subj('/CN=Example Rescue Seal/O=Example Rescue e.V.'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'seal.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'seal.pem',
    '-days',
    '30',
  );
  const pass = `pass:${PASSWORD.CASEBUILDER_SEAL_PASSWORD}`;
  openssl(
    'pkcs12',
    '-export',
    '-inkey',
    'seal.key',
    '-in',
    'seal.pem',
    '-certfile',
    'ca.pem',
    '-out',
    'seal.p12',
    '-passout',
    pass,
  );
  openssl(
    'pkcs12',
    '-export',
    '-legacy',
    '-inkey',
    'seal.key',
    '-in',
    'seal.pem',
    '-out',
    'legacy.p12',
    '-passout',
    pass,
  );
}

beforeAll(async () => {
  makeKeys();
  repo = fixture('exhibits');
  const result = await run(repo, ['build', '--seal', path.join(keys, 'seal.p12')], PASSWORD);
  expect(result).toMatchObject({ status: 0 });
  sealed = readFileSync(path.join(repo, 'dossiers/ex.pdf'));
}, 60_000);

const verify = (file: string, ...args: string[]) => run(repo, ['verify', file, ...args]);

/** The CMS of the last signature, without the zeros that pad its placeholder. */
function lastCms(pdf: Buffer): Buffer {
  const all = [...pdf.toString('latin1').matchAll(/\/Contents <([0-9a-fA-F]+)>/g)];
  const der = Buffer.from(all.at(-1)![1]!, 'hex');
  // SEQUENCE with a two-byte length: the CMS ends where its length says.
  expect(der.subarray(0, 2).toString('hex')).toBe('3082');
  return der.subarray(0, 4 + der.readUInt16BE(2));
}

describe('build --seal', () => {
  it("prints the seal's certificate subject on the cover", async () => {
    const pdf = await readPdf(sealed);
    expect(pdf.pages[0]).toContain('Electronically sealed by');
    expect(pdf.pages[0]).toContain(SUBJECT);
  });

  it('signs as PAdES baseline: CMS detached with signing-certificate-v2 and no signing-time', () => {
    writeFileSync(path.join(keys, 'cms.der'), lastCms(sealed));
    const printed = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'cms.der').toString();
    expect(printed).toMatch(/signingCertificateV2/);
    expect(printed).not.toMatch(/signingTime/);
    expect(printed).toMatch(/messageDigest/);
    expect(sealed.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
  });

  it('verifies with casebuilder verify against the trust list', async () => {
    const result = await verify('dossiers/ex.pdf', '--trust', path.join(keys, 'ca.pem'));
    expect(result.stdout).toContain(`sealed by ${SUBJECT} (its certificate traced to the trust list)`);
    expect(result.stdout).toContain('OK');
    expect(result.status).toBe(0);
  });

  it('reports a seal whose certificate does not lead to the trust list', async () => {
    const result = await verify('dossiers/ex.pdf', '--trust', path.join(keys, 'other.pem'));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`"${SUBJECT}" does not lead to a certificate of the trust list`);
  });

  (hasPdfsig ? it : it.skip)('verifies with pdfsig (poppler)', () => {
    const out = spawnSync('pdfsig', [path.join(repo, 'dossiers/ex.pdf')], { encoding: 'utf8' });
    expect(out.stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out.stdout).toContain('Total document signed');
    expect(out.stdout).toContain('Signature Validation: Signature is Valid.');
  });

  it('reports one byte changed in a sealed PDF', async () => {
    const changed = Buffer.from(sealed);
    // A byte of the photo's JPEG data: the file still opens, but it is no longer what was sealed.
    const jpeg = changed.indexOf('/DCTDecode', 0, 'latin1');
    const data = changed.indexOf('stream', jpeg, 'latin1') + 200;
    changed[data] = changed[data]! ^ 0x01;
    writeFileSync(path.join(repo, 'dossiers/changed.pdf'), changed);
    const result = await verify('dossiers/changed.pdf', '--trust', path.join(keys, 'ca.pem'));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('the digest of the signed bytes does not match its signature');
    expect(result.stdout).not.toContain('OK');
  });

  it('reports bytes added after the seal, and accepts a later signature (a legacy PKCS#12 key)', async () => {
    writeFileSync(path.join(repo, 'dossiers/appended.pdf'), Buffer.concat([sealed, Buffer.from('% later\n')]));
    const appended = await verify('dossiers/appended.pdf');
    expect(appended.status).toBe(1);
    expect(appended.stdout).toContain('the PDF was changed after its last signature: 8 bytes were added');

    // A lawyer's signature, added by incremental update over the sealed file (with the legacy PKCS#12 file).
    const key = await openSealKey(readFileSync(path.join(keys, 'legacy.p12')), PASSWORD.CASEBUILDER_SEAL_PASSWORD);
    const countersigned = await sealPdf(new Uint8Array(sealed), key, new Date());
    expect(Buffer.from(countersigned.subarray(0, sealed.length)).equals(sealed)).toBe(true);
    writeFileSync(path.join(repo, 'dossiers/countersigned.pdf'), countersigned);
    const result = await verify('dossiers/countersigned.pdf', '--trust', path.join(keys, 'ca.pem'));
    expect(result.stdout).toContain('OK');
    expect(result.status).toBe(0);
    if (hasPdfsig) {
      const out = spawnSync('pdfsig', [path.join(repo, 'dossiers/countersigned.pdf')], { encoding: 'utf8' });
      expect(out.stdout.match(/Signature is Valid\./g)).toHaveLength(2);
    }
  });

  it('takes the password from CASEBUILDER_SEAL_PASSWORD only, and refuses a wrong one', async () => {
    const other = fixture('exhibits');
    const missing = await run(other, ['build', '--seal', path.join(keys, 'seal.p12')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('set CASEBUILDER_SEAL_PASSWORD');
    const wrong = await run(other, ['build', '--seal', path.join(keys, 'seal.p12')], {
      CASEBUILDER_SEAL_PASSWORD: 'wrong',
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('the PKCS#12 file cannot be opened');
  });
});
