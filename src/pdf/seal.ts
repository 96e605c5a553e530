import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { P12Signer } from '@libpdf/core';
import * as asn1js from 'asn1js';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import * as pkijs from 'pkijs';
import { LOAD_OPTIONS } from './pdf-lib-options.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsa: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

/** The organisation's key and certificate, from its PKCS#12 file. */
export interface SealKey {
  /** The certificate's subject, as printed on the cover: "CN=Example Rescue, O=Example Rescue e.V.". */
  subject: string;
  signer: P12Signer;
}

/** Raised when the PKCS#12 file cannot be opened: a wrong password, a file of another kind. */
export class SealKeyError extends Error {}

/**
 * Opens a PKCS#12 file as OpenSSL 3 writes it (AES-256, PBKDF2) or in the legacy format
 * (3DES, RC2), through @libpdf/core's P12Signer.
 */
export async function openSealKey(p12: Uint8Array, password: string): Promise<SealKey> {
  let signer: P12Signer;
  try {
    signer = await P12Signer.create(p12, password);
  } catch (err) {
    throw new SealKeyError(
      `the PKCS#12 file cannot be opened (${(err as Error).message}): check the password in ` +
        'CASEBUILDER_SEAL_PASSWORD and that the file holds a key and its certificate',
    );
  }
  if (signer.signatureAlgorithm === 'RSA-PSS')
    throw new SealKeyError('the key is an RSA-PSS key; give an RSA (PKCS#1) or EC key');
  return { subject: subjectLine(new X509Certificate(Buffer.from(signer.certificate))), signer };
}

function subjectLine(cert: X509Certificate): string {
  return cert.subject.split('\n').filter(Boolean).join(', ');
}

/** Room for the CMS beside the certificates it carries. */
const CMS_ROOM = 8192;

/**
 * Signs a finished PDF by an incremental update: an invisible signature field (PAdES baseline
 * B-B: CMS detached, signing-certificate-v2, the claimed time in /M and not in the CMS), so
 * the bytes signed stay exactly as they were and a later signature can be appended the same way.
 */
export async function sealPdf(pdf: Uint8Array, key: SealKey, signingTime: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, LOAD_OPTIONS);
  const { context } = doc;
  const prev = lastStartXref(pdf);
  const firstPage = doc.getPage(0);
  // Object streams and cross-reference streams have numbers pdf-lib does not keep: the trailer's /Size counts them.
  let next = Math.max(context.largestObjectNumber + 1, trailerSize(pdf, prev));
  const sigRef = PDFRef.of(next++);
  const widgetRef = PDFRef.of(next++);
  const objects = new Map<number, { ref: PDFRef; text: string }>();
  const put = (ref: PDFRef, object: PDFObject | string) =>
    objects.set(ref.objectNumber, { ref, text: typeof object === 'string' ? object : object.toString() });

  const certBytes = [key.signer.certificate, ...key.signer.certificateChain].reduce((n, c) => n + c.length, 0);
  const room = certBytes + CMS_ROOM;
  put(
    sigRef,
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ` +
      `/ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(room * 2)}> ` +
      `/M ${PDFString.fromDate(signingTime).toString()} /Reason (casebuilder seal) >>`,
  );
  const existing = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fieldName = `casebuilder seal ${countSignatures(existing) + 1}`;
  put(
    widgetRef,
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(fieldName),
      V: sigRef,
      P: firstPage.ref,
      Rect: [0, 0, 0, 0],
      // Printable and locked: invisible, and PDF/A asks every annotation to print.
      F: 132,
    }),
  );

  // The first page lists the widget among its annotations (an array kept apart is updated itself).
  const annots = firstPage.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    const array = context.lookup(annots, PDFArray);
    array.push(widgetRef);
    put(annots, array);
  } else {
    const array = annots instanceof PDFArray ? annots : context.obj([]);
    array.push(widgetRef);
    firstPage.node.set(PDFName.of('Annots'), array);
    put(firstPage.ref, firstPage.node);
  }
  // The form lists the field; signatures exist and the file is to be appended to, never rewritten.
  const formRef = doc.catalog.get(PDFName.of('AcroForm'));
  const form = existing ?? context.obj({});
  const fields = form.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? context.obj([]);
  fields.push(widgetRef);
  form.set(PDFName.of('Fields'), fields);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  if (formRef instanceof PDFRef) put(formRef, form);
  else {
    doc.catalog.set(PDFName.of('AcroForm'), form);
    put(context.trailerInfo.Root as PDFRef, doc.catalog);
  }

  const head = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const parts: Buffer[] = [head];
  let offset = head.length;
  const add = (text: string | Buffer) => {
    const b = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    parts.push(b);
    offset += b.length;
  };
  if (head[head.length - 1] !== 0x0a) add('\n');
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const [number, { ref, text }] of [...objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(number, { offset, generation: ref.generationNumber });
    add(`${number} ${ref.generationNumber} obj\n${text}\nendobj\n`);
  }
  // A cross-reference stream, as the file's own: its entries and the trailer in one object.
  const xrefNumber = next++;
  offsets.set(xrefNumber, { offset, generation: 0 });
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const rows = Buffer.alloc(numbers.length * 7);
  numbers.forEach((number, i) => {
    const entry = offsets.get(number)!;
    rows.writeUInt8(1, i * 7);
    rows.writeUInt32BE(entry.offset, i * 7 + 1);
    rows.writeUInt16BE(entry.generation, i * 7 + 5);
  });
  const trailer = context.trailerInfo;
  const extra = [
    `/Root ${String(trailer.Root)}`,
    trailer.Info ? `/Info ${String(trailer.Info)}` : '',
    trailer.ID ? `/ID ${String(trailer.ID)}` : '',
  ].join(' ');
  add(
    `${xrefNumber} 0 obj\n<< /Type /XRef /Size ${next} /W [1 4 2] /Index [${numbers.map((n) => `${n} 1`).join(' ')}] ` +
      `/Prev ${prev} ${extra} /Length ${rows.length} >>\nstream\n`,
  );
  add(rows);
  add(`\nendstream\nendobj\nstartxref\n${offsets.get(xrefNumber)!.offset}\n%%EOF\n`);
  const out = Buffer.concat(parts);

  // Where the placeholders landed, then the byte range that leaves out only the signature itself.
  const sigAt = offsets.get(sigRef.objectNumber)!.offset;
  const rangeAt = out.indexOf(BYTE_RANGE_PLACEHOLDER, sigAt, 'latin1');
  const contentsStart = out.indexOf('/Contents <', sigAt, 'latin1') + '/Contents '.length;
  const contentsEnd = contentsStart + room * 2 + 2;
  const range = [0, contentsStart, contentsEnd, out.length - contentsEnd];
  const written = `[${range.map((n) => String(n).padEnd(10, ' ')).join(' ')}]`;
  out.write(written.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');
  const digest = createHash('sha256').update(out.subarray(0, contentsStart)).update(out.subarray(contentsEnd)).digest();
  const cms = await signedData(digest, key);
  if (cms.length > room) throw new Error(`the signature (${cms.length} bytes) is larger than the room kept for it`);
  out.write(cms.toString('hex'), contentsStart + 1, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const BYTE_RANGE_PLACEHOLDER = `[${['0', '', '', ''].map((n) => n.padEnd(10, ' ')).join(' ')}]`;

function countSignatures(form: PDFDict | undefined): number {
  return form?.lookupMaybe(PDFName.of('Fields'), PDFArray)?.size() ?? 0;
}

/** The offset of the last cross-reference section, from the file's last `startxref`. */
function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const all = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)];
  const last = all.at(-1);
  if (!last) throw new Error('the PDF has no startxref at its end');
  return Number(last[1]);
}

/** The /Size of the trailer (or cross-reference stream) at an offset. */
function trailerSize(pdf: Uint8Array, at: number): number {
  const text = Buffer.from(pdf.subarray(at, Math.min(pdf.length, at + 4096))).toString('latin1');
  const end = text.indexOf('stream');
  const match = /\/Size\s+(\d+)/.exec(end >= 0 ? text.slice(0, end) : text);
  return match ? Number(match[1]) : 0;
}

/** A CMS SignedData, detached, over the document's digest: content type, digest, signing certificate. */
async function signedData(digest: Buffer, key: SealKey): Promise<Buffer> {
  const der = key.signer.certificate;
  const cert = pkijs.Certificate.fromBER(der);
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }),
    serialNumber: cert.serialNumber,
  });
  // ESSCertIDv2 with the default algorithm (SHA-256), so the algorithm is left out.
  const certHash = createHash('sha256').update(der).digest();
  const signingCertificateV2 = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ab(certHash) }), issuerSerial.toSchema()] }),
        ],
      }),
    ],
  });
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(digest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] }),
  ];
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // What is signed is the attributes as a SET OF (tag 0x31), not as the [0] they are stored under.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31;
  const signature = await key.signer.sign(toSign, 'SHA-256');
  const ec = key.signer.keyType === 'EC';
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(
      ec ? { algorithmId: OID.ecdsaWithSha256 } : { algorithmId: OID.rsa, algorithmParams: new asn1js.Null() },
    ),
    signature: new asn1js.OctetString({ valueHex: ab(signature) }),
  });
  const chain = key.signer.certificateChain.map((c) => pkijs.Certificate.fromBER(c));
  const signed = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...chain],
    signerInfos: [signerInfo],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

function ab(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** One signature of a PDF as checked: what it covers and what holds. */
export interface SignatureCheck {
  field: string;
  subject?: string;
  /** Where the revision it signs ends: the file's length when nothing was added after it. */
  revisionEnd: number;
  /** Findings, in words; none when the signature holds. */
  problems: string[];
  /** Whether the certificate was traced to a trusted one ('unchecked' without a trust list). */
  chain: 'trusted' | 'untrusted' | 'unchecked';
}

/**
 * Every signature of a PDF: its byte range (the whole revision but the signature), the digest
 * of those bytes against the CMS, the CMS signature with its certificate, the signing-certificate
 * attribute, and the chain up to one of `trusted` when a trust list is given.
 */
export function checkSignatures(bytes: Uint8Array, doc: PDFDocument, trusted?: X509Certificate[]): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.lookupMaybe(PDFName.of('FT'), PDFName) !== PDFName.of('Sig')) continue;
    const value = object.lookup(PDFName.of('V'));
    if (!(value instanceof PDFDict)) continue;
    const name = object.lookup(PDFName.of('T'));
    const field = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : 'unnamed';
    checks.push(checkOne(bytes, value, field, trusted));
  }
  return checks.sort((a, b) => a.revisionEnd - b.revisionEnd);
}

function checkOne(bytes: Uint8Array, sig: PDFDict, field: string, trusted?: X509Certificate[]): SignatureCheck {
  const problems: string[] = [];
  const result: SignatureCheck = { field, revisionEnd: 0, problems, chain: 'unchecked' };
  const range = sig.lookupMaybe(PDFName.of('ByteRange'), PDFArray)?.asArray();
  const contents = sig.lookup(PDFName.of('Contents'));
  const numbers = range?.map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) ?? [];
  if (
    numbers.length !== 4 ||
    numbers.some((n) => !Number.isInteger(n) || n < 0) ||
    !(contents instanceof PDFHexString)
  ) {
    problems.push('its byte range or contents cannot be read');
    return result;
  }
  const [a, b, c, d] = numbers as [number, number, number, number];
  result.revisionEnd = c + d;
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The range leaves out exactly the hex string of the signature, and nothing else.
  if (a !== 0 || b >= c || c + d > file.length || file[b] !== 0x3c || file[c - 1] !== 0x3e) {
    problems.push('its byte range does not cover the whole revision but the signature');
    return result;
  }
  const digest = createHash('sha256')
    .update(file.subarray(0, b))
    .update(file.subarray(c, c + d))
    .digest();
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(ab(Buffer.from(contents.asBytes())));
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    problems.push(`its CMS cannot be read (${(err as Error).message})`);
    return result;
  }
  const signerInfo = signed.signerInfos[0];
  const certs = (signed.certificates ?? [])
    .filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate)
    .map((x) => new X509Certificate(Buffer.from(x.toSchema().toBER(false))));
  const sid = signerInfo?.sid instanceof pkijs.IssuerAndSerialNumber ? signerInfo.sid : undefined;
  const serial = sid ? Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase() : '';
  const cert = certs.find((x) => x.serialNumber.replace(/^0+/, '') === serial.replace(/^0+/, ''));
  if (!signerInfo || !signerInfo.signedAttrs || !cert) {
    problems.push('its CMS has no signer with signed attributes and a certificate');
    return result;
  }
  result.subject = subjectLine(cert);
  const attr = (oid: string) => signerInfo.signedAttrs!.attributes.find((x) => x.type === oid)?.values[0];
  const md = attr(OID.messageDigest);
  if (!(md instanceof asn1js.OctetString) || !Buffer.from(md.valueBlock.valueHexView).equals(digest))
    problems.push(
      'the digest of the signed bytes does not match its signature: the PDF was changed after it was signed',
    );
  const essCert = attr(OID.signingCertificateV2);
  const certHash = essCert instanceof asn1js.Sequence ? findOctets(essCert) : undefined;
  if (!certHash) problems.push('it has no signing-certificate-v2 attribute');
  else if (!certHash.equals(createHash('sha256').update(cert.raw).digest()))
    problems.push('its signing-certificate-v2 attribute names another certificate');
  const toVerify = Buffer.from(signerInfo.signedAttrs.encodedValue);
  toVerify[0] = 0x31;
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  let valid: boolean;
  try {
    valid = verifySignature('sha256', toVerify, { key: cert.publicKey, dsaEncoding: 'der' }, signatureValue);
  } catch {
    valid = false;
  }
  if (!valid) problems.push("its signature does not verify with its certificate's key");
  if (trusted) {
    const when = claimedTime(sig) ?? new Date();
    const chain = traceChain(cert, certs, trusted, when);
    result.chain = chain === true ? 'trusted' : 'untrusted';
    if (chain !== true) problems.push(chain);
  }
  return result;
}

/** The first OCTET STRING inside a structure: the certificate hash of an ESSCertIDv2. */
function findOctets(node: asn1js.AsnType): Buffer | undefined {
  if (node instanceof asn1js.OctetString) return Buffer.from(node.valueBlock.valueHexView);
  const inner = (node as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  if (!Array.isArray(inner)) return undefined;
  for (const child of inner) {
    const found = findOctets(child as asn1js.AsnType);
    if (found) return found;
  }
  return undefined;
}

function claimedTime(sig: PDFDict): Date | undefined {
  const m = sig.lookup(PDFName.of('M'));
  if (!(m instanceof PDFString || m instanceof PDFHexString)) return undefined;
  try {
    return m.decodeDate();
  } catch {
    return undefined;
  }
}

/** From the signer's certificate up through the CMS's certificates to a trusted one; true, or why not. */
function traceChain(
  cert: X509Certificate,
  pool: X509Certificate[],
  trusted: X509Certificate[],
  when: Date,
): true | string {
  let current = cert;
  for (let depth = 0; depth < 10; depth++) {
    const from = new Date(current.validFrom);
    const to = new Date(current.validTo);
    if (when < from || when > to)
      return (
        `the certificate "${subjectLine(current)}" was not valid on ${when.toISOString()} ` +
        `(valid ${current.validFrom} to ${current.validTo})`
      );
    if (trusted.some((t) => t.fingerprint256 === current.fingerprint256)) return true;
    const issuedBy = (candidate: X509Certificate) =>
      current.checkIssued(candidate) && current.verify(candidate.publicKey);
    if (trusted.some(issuedBy)) return true;
    const parent = pool.find((p) => p.fingerprint256 !== current.fingerprint256 && issuedBy(p));
    if (!parent) break;
    current = parent;
  }
  return `the certificate "${subjectLine(cert)}" does not lead to a certificate of the trust list`;
}

/** The certificates of a PEM file. */
export function parseTrustList(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}
