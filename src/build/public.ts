import type { Dossier } from '../assemble/model.js';
import { CasebuilderError } from '../errors.js';
import type { Messages } from '../i18n/locales.js';
import { textsOfPdf } from '../pdf/read-back.js';
import { decodeText } from '../load/text-exhibit.js';
import { redactorFor } from '../redact/for-dossier.js';
import { findLeaks } from '../redact/self-check.js';
import { sha256 } from './manifest.js';

const TEXT_TYPES = /^(text\/|application\/(json|xml|gpx\+xml|vnd\.google-earth\.kml\+xml)|message\/)/;

/**
 * The bytes a dossier attaches for a file. A public dossier attaches text files with protected
 * names removed (the exhibit's page says so, and the manifest gives the copy's hash).
 */
export function publishedAttachment(
  dossier: Dossier,
  m: Messages,
  bytes: Uint8Array,
  mimeType: string,
): { bytes: Uint8Array; publishedSha256?: string } {
  if (dossier.profile !== 'public' || !TEXT_TYPES.test(mimeType)) return { bytes };
  // Decoded as the printed copy is (Latin-1 too), so a name in a file that is not UTF-8 is found.
  const { text } = decodeText(bytes);
  const clean = redactorFor(dossier, m).apply(text);
  if (clean === text) return { bytes };
  const copy = new Uint8Array(Buffer.from(clean, 'utf8'));
  return { bytes: copy, publishedSha256: sha256(copy) };
}

/** The self-check: a public dossier that still holds a protected string is not written. */
export async function refuseLeaks(
  pdf: Uint8Array,
  drawn: { page: number; text: string }[],
  dossier: Dossier,
): Promise<void> {
  const strings = [
    ...dossier.protectedNames.map((p) => ({
      text: p.name,
      role: 'witness' as const,
      what: `the name of protected witness ${p.alias}`,
    })),
    ...dossier.redactStrings.map((text, i) => ({
      text,
      role: 'redact' as const,
      what: `redact entry ${i + 1} of case.yaml`,
    })),
  ];
  if (strings.every((s) => s.text.trim().length <= 1)) return;
  const texts = [
    ...drawn.map((d) => ({ text: d.text, where: `the text of page ${d.page + 1}` })),
    ...(await textsOfPdf(pdf)),
  ];
  const leaks = findLeaks(texts, strings);
  if (leaks.length === 0) return;
  const where = leaks
    .slice(0, 5)
    .map((l) => `${l.what} appears in ${l.where}`)
    .join('; ');
  const more = leaks.length > 5 ? `; and ${leaks.length - 5} more` : '';
  throw new CasebuilderError({
    code: 'redact.leak',
    message:
      `refusing to write the public dossier of ${dossier.caseId}: ${where}${more}. ` +
      'Mark the evidence public: false, or remove the name from the template or file that carries it',
  });
}
