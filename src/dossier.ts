import { assembleDossier } from './assemble/dossier.js';
import type { Dossier, DossierLocale, Profile } from './assemble/model.js';
import type { CheckedRepository } from './check/repository.js';
import type { TemplateFile } from './load/templates.js';
import type { FontLibrary } from './pdf/fonts.js';
import { renderDossier, type FileFacts, type NumberedExhibit } from './render/sections.js';
import { typeset } from './render/typeset.js';
import { VERSION } from './version.js';

export interface DossierBuildOptions {
  locale?: DossierLocale;
  profile: Profile;
  templates: Map<string, TemplateFile>;
  fonts: FontLibrary;
  /** Size and SHA-256 of an evidence file, read at the edge (streamed). */
  fileFacts: (absPath: string) => Promise<FileFacts>;
  /** SOURCE_DATE_EPOCH, in seconds, when set: it fixes the PDF's dates instead of prepared_on. */
  sourceDateEpoch?: number;
}

export interface BuiltDossier {
  pdf: Uint8Array;
  pages: number;
  dossier: Dossier;
  exhibits: NumberedExhibit[];
}

/** assemble -> render -> typeset: one case's dossier as PDF bytes. */
export async function buildDossier(repository: CheckedRepository, caseId: string, options: DossierBuildOptions): Promise<BuiltDossier> {
  const dossier = assembleDossier(repository, caseId, { locale: options.locale, profile: options.profile });
  const files = new Map<string, FileFacts>();
  for (const source of dossier.evidence) files.set(source.absPath, await options.fileFacts(source.absPath));
  const rendered = renderDossier(dossier, options.templates, files);
  const m = rendered.messages;
  const kase = dossier.case;
  const date = options.sourceDateEpoch !== undefined ? new Date(options.sourceDateEpoch * 1000) : new Date(`${kase.prepared_on.text}T00:00:00Z`);
  const { pdf, pages } = await typeset(
    {
      sections: rendered.sections,
      meta: {
        title: kase.title,
        subject: `${m.enumValue('matter', kase.matter)} · ${kase.court.name}${kase.case_number ? ` · ${kase.case_number}` : ''}`,
        keywords: [dossier.caseId, kase.matter, ...(dossier.vessel ? [dossier.vessel.name] : []), ...new Set(dossier.incidents.map((i) => i.incident.type))],
        author: dossier.client?.name ?? kase.client,
        producer: `casebuilder ${VERSION}`,
        language: dossier.locale,
        date,
      },
      footer: (page, total) => ({
        left: kase.title,
        center: m.t('footer.page', { page: page + 1, total }),
        right: `${dossier.batesPrefix}-${String(page + 1).padStart(6, '0')}`,
      }),
    },
    options.fonts,
  );
  return { pdf, pages, dossier, exhibits: rendered.exhibits };
}
