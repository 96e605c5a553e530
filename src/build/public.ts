import type { Dossier, ExhibitSource } from '../assemble/model.js';
import { CasebuilderError } from '../errors.js';
import type { Messages } from '../i18n/locales.js';
import { textsOfPdf } from '../pdf/read-back.js';
import { decodeText } from '../load/text-exhibit.js';
import { redactorFor } from '../redact/for-dossier.js';
import { readings } from '../redact/decode.js';
import { findLeaks } from '../redact/self-check.js';
import { sha256 } from './manifest.js';
import { heapKeeper } from './memory.js';

/** Why an exhibit is not attached to a public dossier. */
export type WithheldReason = 'unsearchable' | 'names';

export type Publication =
  | { bytes: Uint8Array; publishedSha256?: string; withheld?: undefined }
  | { withheld: WithheldReason; bytes?: undefined; publishedSha256?: undefined };

/**
 * What a dossier attaches for a file. A court dossier attaches it as it is. A public dossier
 * reads it as a reader could (see redact/decode.ts): a text naming a protected person is
 * attached as a redacted copy (the exhibit's page says so, the manifest gives the copy's hash);
 * a compressed file, e-mail or office document naming one is left out, since it cannot be
 * rewritten faithfully; a file that cannot be searched at all (video, audio) is left out unless
 * its evidence item says `public: true`. Nothing is left out silently: the page and the build say so.
 */
export function publishedAttachment(
  dossier: Dossier,
  m: Messages,
  bytes: Uint8Array,
  source: ExhibitSource,
): Publication {
  if (dossier.profile !== 'public') return { bytes };
  const redactor = redactorFor(dossier, m);
  const read = readings(bytes);
  if (!read.searchable) return source.publicExplicit ? { bytes } : { withheld: 'unsearchable' };
  if (!read.texts.some((t) => redactor.find(t) !== undefined)) return { bytes };
  if (read.container) return { withheld: 'names' };
  // Plain text: the redacted copy, in UTF-8 (decoded as the printed copy is, Latin-1 and UTF-16 too).
  const { text } = decodeText(bytes);
  const copy = new Uint8Array(Buffer.from(redactor.apply(text), 'utf8'));
  const left = readings(copy).texts.some((t) => redactor.find(t) !== undefined);
  // A name that survives the rewrite (a JSON escape, an entity split oddly) keeps the file out.
  return left ? { withheld: 'names' } : { bytes: copy, publishedSha256: sha256(copy) };
}

/** The self-check: a public dossier that still holds a protected string is not written. */
export async function refuseLeaks(
  pdf: Uint8Array,
  drawn: { page: number; text: string }[],
  dossier: Dossier,
  /** "exhibit 4 (evidence/statement.pdf), page 12 (EX-000012)", from a 0-based page. */
  describePage: (page: number) => string,
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
  const files: { text: string; where: string }[] = [];
  const texts = [
    ...drawn.map((d) => ({ text: d.text, where: `the text of ${describePage(d.page)}` })),
    // An object one page holds is named by that page (and its exhibit), as a lawyer finds it.
    ...(
      await textsOfPdf(pdf, (bytes, where) => {
        // Attached files are read as a reader could: decompressed, decoded, unzipped.
        for (const text of readings(bytes).texts) files.push({ text, where });
      })
    ).map((t) => (t.page === undefined ? t : { text: t.text, where: `${describePage(t.page)}: ${t.where}` })),
  ];
  texts.push(...files);
  // And a reader other than the writer: MuPDF, through each font's own encoding (loaded only here).
  const { pageTextsOf } = await import('../pdf/redact-pdf.js');
  pageTextsOf(pdf).forEach((text, i) => texts.push({ text, where: `${describePage(i)} as MuPDF reads it` }));
  // A long attachment's texts are searched one after another, each view collected before the next.
  const leaks = findLeaks(texts, strings, heapKeeper().settle);
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
