import type { Problem } from '../errors.js';
import { problemAt } from '../load/yaml-source.js';
import { textsLacking, type TextLocale } from './local-text.js';
import type { Entity } from './rules.js';
import type { Case, Config, Incident } from './schemas.js';

const LANGUAGE: Record<TextLocale, string> = { en: 'English', it: 'Italian' };

/**
 * format.md: a free-text mapping that lacks the locale of a case that uses it is a warning, once
 * per case, at the first such text: its dossier prints the text in the language written first.
 */
export function localeRules(
  cases: { entity: Entity<Case>; folder: string; incidents: Entity<Incident>[] }[],
  incidentsById: ReadonlyMap<string, Entity<Incident>>,
  config: Config,
): Problem[] {
  const problems: Problem[] = [];
  for (const c of cases) {
    const kase = c.entity.value;
    if (!kase) continue;
    const locale = kase.locale ?? config.locale;
    const pulled = (kase.incidents ?? []).flatMap((ref) => incidentsById.get(ref.split('/')[1] ?? '') ?? []);
    const lacking = [c.entity, ...c.incidents, ...pulled].flatMap((e) =>
      e.value ? textsLacking(e.value, locale).map((path) => ({ e, path })) : [],
    );
    if (lacking.length === 0) continue;
    const first = lacking[0]!;
    const more = lacking.length > 1 ? ` (and ${lacking.length - 1} more texts of the case)` : '';
    problems.push(
      problemAt(
        first.e.source,
        [...first.e.path, ...first.path],
        'warning',
        'text.missing-locale',
        `no ${LANGUAGE[locale]} text here${more}: the dossier of case ${c.folder}, in ${LANGUAGE[locale]}, ` +
          `prints the first language given; add ${locale}: to the mapping`,
      ),
    );
  }
  return problems;
}
