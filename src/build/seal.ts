import { CasebuilderError, ExitStatus } from '../errors.js';
import { openSealKey, sealPdf, SealKeyError } from '../pdf/seal.js';

/** What a build needs to seal each PDF: plain data, so it crosses to a worker thread. */
export interface SealJob {
  p12: Uint8Array;
  password: string;
  /** The certificate's subject, printed on the cover before the PDF is signed. */
  subject: string;
  /** The signing time claimed in the signature (/M), in milliseconds. */
  time: number;
}

/** Opens the PKCS#12 file once before any case is built: a wrong password stops the build at once. */
export async function prepareSeal(p12: Uint8Array, password: string, file: string, now: number): Promise<SealJob> {
  try {
    const key = await openSealKey(p12, password);
    return { p12, password, subject: key.subject, time: now };
  } catch (err) {
    if (!(err instanceof SealKeyError)) throw err;
    throw new CasebuilderError({ code: 'seal.unusable', message: `--seal ${file}: ${err.message}` }, ExitStatus.usage);
  }
}

/** Signs a finished PDF, the last step before it is written. */
export async function applySeal(pdf: Uint8Array, seal: SealJob): Promise<Uint8Array> {
  return sealPdf(pdf, await openSealKey(seal.p12, seal.password), new Date(seal.time));
}
