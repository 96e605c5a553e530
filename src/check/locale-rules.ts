import type { Problem } from '../errors.js';
import { problemAt } from '../load/yaml-source.js';
import { textsLacking, type TextLocale } from './local-text.js';
import { citedReferences } from './references.js';
import type { Entity } from './rules.js';
import type { Case, Config, Incident, Reference } from './schemas.js';

const LANGUAGE: Record<TextLocale, string> = { en: 'English', it: 'Italian' };

/**
 * format.md: a free-text mapping that lacks the locale of a case that uses it is a warning, once
 * per case, at the first such text: its dossier prints the text in the language written first.
 * The case's texts count, its incidents' and those of the legal references it prints (the
 * registry's titles), as the dossier counts them.
 */
export function localeRules(
  cases: { entity: Entity<Case>; folder: string; incidents: Entity<Incident>[] }[],
  incidentsById: ReadonlyMap<string, Entity<Incident>>,
  references: readonly Entity<Reference>[],
  config: Config,
): Problem[] {
  const referenceById = new Map(references.flatMap((r) => (r.id ? [[r.id, r] as const] : [])));
  const problems: Problem[] = [];
  for (const c of cases) {
    const kase = c.entity.value;
    if (!kase) continue;
    const locale = kase.locale ?? config.locale;
    const pulled = (kase.incidents ?? []).flatMap((ref) => incidentsById.get(ref.split('/')[1] ?? '') ?? []);
    const incidents = [...c.incidents, ...pulled];
    const cited = citedReferences(
      kase,
      incidents.map((i) => i.value),
    );
    const printed = cited.flatMap((id) => referenceById.get(id) ?? []);
    const lacking = [c.entity, ...incidents, ...printed].flatMap((e) =>
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
