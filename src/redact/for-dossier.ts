import type { Dossier } from '../assemble/model.js';
import type { Messages } from '../i18n/locales.js';
import { Redactor } from './redactor.js';

/** What a dossier must not show: nothing for the court; protected names and `redact:` for the public. */
export function redactorFor(dossier: Dossier, m: Messages): Redactor {
  if (dossier.profile !== 'public') return new Redactor([]);
  return new Redactor([
    ...dossier.protectedNames.map((p) => ({
      text: p.name,
      role: 'witness' as const,
      replacement: m.t('witness.placeholder', { n: p.alias }),
    })),
    ...dossier.redactStrings.map((text) => ({ text, role: 'redact' as const, replacement: m.t('redacted') })),
  ]);
}
