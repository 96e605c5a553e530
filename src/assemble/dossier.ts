import path from 'node:path';
import { detentionAppealDeadline, fineOppositionDeadline, seizureReviewDeadline } from '../check/deadlines.js';
import type { CheckedIncident, CheckedRepository } from '../check/repository.js';
import { locate } from '../load/yaml-source.js';

import { localise, textIn } from '../check/local-text.js';
import { byOccurrence, daysHeld } from '../check/measures.js';
import { citedReferences } from '../check/references.js';
import { startOfDayMs, type CalendarDate, type Instant, type Position } from '../check/values.js';

import type {
  ChronologyEvent,
  Dossier,
  DossierLocale,
  EventKind,
  ExhibitSource,
  Incident,
  IncidentEntry,
  Profile,
  VesselRecordEntry,
} from './model.js';

export interface AssembleOptions {
  /** --locale; else the case's, else the repository's. */
  locale?: DossierLocale;
  profile: Profile;
}

/** The dossier of one case: incidents, chronology, vessel record, references and exhibits, in order. */
export function assembleDossier(repository: CheckedRepository, caseId: string, options: AssembleOptions): Dossier {
  const checked = repository.cases.find((c) => c.id === caseId);
  if (!checked) throw new Error(`case ${caseId} is not in the checked repository`);
  const locale = options.locale ?? checked.case.locale ?? repository.config.locale;
  // Free texts in the dossier's language; those that have none in it are counted for the build's warning.
  const other = { count: 0 };
  const kase = localise(checked.case, locale, other);
  const zone = kase.timezone ?? repository.config.timezone;
  // The registry's organisations with their names in the dossier's language ("Guardia costiera
  // libica"), made once; a registry name is not counted among the case's texts in another language.
  const organisations = new Map(
    [...repository.organisations].map(([id, o]) => [id, { ...o, name: textIn(o.name, locale) }]),
  );
  const organisationName = (idOrName: string) => organisations.get(idOrName)?.name ?? idOrName;
  const nameOf = (idOrName: string) =>
    organisations.get(idOrName)?.name ?? repository.vessels.get(idOrName)?.name ?? idOrName;

  const pulled = (kase.incidents ?? []).flatMap((ref) => {
    const [, id] = ref.split('/') as [string, string];
    const found = repository.incidents.get(id);
    return found ? [found] : [];
  });
  const all = uniqueBy([...checked.incidents, ...pulled], (i) => i.incident.id).sort(byOccurrence);

  const evidence: ExhibitSource[] = [];
  const byPath = new Map<string, ExhibitSource>();
  const people = new Map<string, { name: string; alias: number; protected: boolean }>();
  const unpublished = new Set<string>();

  const incidents: IncidentEntry[] = all.map((entry, i) => {
    const incident = localise(entry.incident, locale, other);
    const caseDir = entry.caseDir;
    const exhibitByLabel: Record<string, number> = {};
    const exhibits: number[] = [];
    for (const [k, e] of (incident.evidence ?? []).entries()) {
      // A public dossier leaves out what may not be published; numbering closes the gap.
      if (options.profile === 'public' && e.public === false) {
        unpublished.add(path.resolve(caseDir, e.file));
        continue;
      }
      // A public dossier shows the redacted working copy where the evidence names one.
      const copy = options.profile === 'public' ? e.public_copy : undefined;
      const shownFile = copy?.file ?? e.file;
      const absPath = path.resolve(caseDir, shownFile);
      let source = byPath.get(absPath);
      if (!source) {
        source = {
          index: evidence.length,
          absPath,
          caseId: entry.caseId,
          file: shownFile,
          ...(copy ? { copyOf: e.file } : {}),
          kind: e.kind,
          description: e.description,
          capturedAt: e.captured_at,
          capturedBy: e.captured_by,
          sha256: copy ? copy.sha256 : e.sha256,
          public: e.public !== false,
          publicExplicit: e.public === true,
          custody: e.custody ?? [],
          incidents: [],
          origin: {
            file: entry.source.file,
            path: copy ? ['evidence', k, 'public_copy', 'file'] : ['evidence', k, 'file'],
            range: locate(entry.source, copy ? ['evidence', k, 'public_copy', 'file'] : ['evidence', k, 'file']),
          },
        };
        evidence.push(source);
        byPath.set(absPath, source);
      }
      if (!source.incidents.includes(incident.id)) source.incidents.push(incident.id);
      exhibitByLabel[e.id] = source.index;
      if (!exhibits.includes(source.index)) exhibits.push(source.index);
    }
    const witnesses = (incident.witnesses ?? []).map((w) => {
      // One number per person across the case ("Witness 2" in every incident that names them); a
      // public dossier shows a protected witness by that label alone.
      const key = w.name.normalize('NFC').trim().toLowerCase();
      const known = people.get(key) ?? { name: w.name, alias: people.size + 1, protected: false };
      known.protected ||= w.protected;
      people.set(key, known);
      const alias = options.profile === 'public' && w.protected ? known.alias : undefined;
      const statementExhibit = w.statement === undefined ? undefined : exhibitByLabel[w.statement];
      return { ...w, number: known.alias, alias, statementExhibit };
    });
    const vessels = (incident.vessels ?? []).map((v) => {
      const registered = v.ref ? repository.vessels.get(v.ref) : undefined;
      const operator = registered?.operator ?? v.operator;
      return {
        name: registered?.name ?? v.name ?? v.ref ?? '',
        role: v.role,
        flag: registered?.flag,
        imo: registered?.imo,
        operator: operator ? nameOf(operator) : undefined,
      };
    });
    const measure = daysHeld(incident, kase.prepared_on);
    const held = measure && { days: measure.days, ongoing: measure.ongoing };
    const place = repository.places.get(entry.incident);
    return {
      incident,
      caseId: entry.caseId,
      vessels,
      held,
      ...(place ? { place } : {}),
      number: `3.${i + 1}`,
      anchor: `incident-${incident.id}`,
      witnesses,
      exhibits,
      exhibitByLabel,
      fineDeadline:
        incident.type === 'detention' ? fineOppositionDeadline(incident.detention, repository.config) : undefined,
      appealDeadline:
        incident.type === 'detention' && incident.detention.appeal
          ? detentionAppealDeadline(incident.detention, repository.config)
          : undefined,
      reviewDeadline:
        incident.type === 'seizure' && incident.seizure.review
          ? seizureReviewDeadline(incident.seizure, repository.config)
          : undefined,
    };
  });

  const record = kase.vessel ? vesselRecord(repository, kase.vessel, kase.prepared_on, locale, organisationName) : [];
  const sources = [
    checked.source,
    ...all.map((i) => i.source),
    ...record.map((r) => repository.incidents.get(r.incident.id)?.source),
    repository.registrySource,
    repository.configSource,
  ];
  const inputs = new Map<string, string>();
  for (const source of sources) if (source?.absPath && source.sha256) inputs.set(source.absPath, source.sha256);

  const references = citedReferences(
    kase,
    incidents.map((i) => i.incident),
  );

  return {
    caseId,
    case: kase,
    profile: options.profile,
    locale,
    zone,
    batesPrefix: kase.bates_prefix ?? repository.config.bates_prefix,
    asOf: kase.prepared_on,
    client: organisations.get(kase.client),
    vessel: kase.vessel ? repository.vessels.get(kase.vessel) : undefined,
    incidents,
    chronology: chronology(incidents, zone, nameOf),
    vesselRecord: record,
    references: references.flatMap((id) => {
      const found = repository.references.get(id);
      return found ? [localise(found, locale, other)] : [];
    }),
    otherLanguageTexts: other.count,
    // A file left out in one incident and shown in another is shown: it is not counted.
    unpublished: [...unpublished].filter((file) => !byPath.has(file)).length,
    evidence,
    inputs: [...inputs].map(([absPath, sha256]) => ({ absPath, sha256 })),
    protectedNames: [...people.values()].filter((p) => p.protected).map(({ name, alias }) => ({ name, alias })),
    redactStrings: kase.redact ?? [],
    names: Object.fromEntries([
      ...[...repository.vessels].map(([id, v]) => [id, v.name]),
      ...[...organisations].map(([id, o]) => [id, o.name]),
    ]),
    citations: Object.fromEntries([...repository.references].map(([id, r]) => [id, r.citation])),
  };
}

function chronology(incidents: IncidentEntry[], zone: string, nameOf: (s: string) => string): ChronologyEvent[] {
  const events: (ChronologyEvent & { order: number })[] = [];
  incidents.forEach((entry) => {
    const { incident } = entry;
    const add = (
      at: Instant | CalendarDate | undefined,
      kind: EventKind,
      extra: { values?: Record<string, string>; detail?: string; labels?: string[]; position?: Position } = {},
    ) => {
      if (!at) return;
      const exhibits = (extra.labels ?? []).flatMap((label) =>
        entry.exhibitByLabel[label] === undefined ? [] : [entry.exhibitByLabel[label]!],
      );
      const sortMs = at.kind === 'instant' ? at.epochMs : startOfDayMs(at, zone);
      events.push({
        at,
        sortMs,
        kind,
        values: extra.values ?? {},
        detail: extra.detail,
        ...(extra.position ? { position: extra.position } : {}),
        incident: entry,
        exhibits,
        evidenceLabels: extra.labels ?? [],
        order: events.length,
      });
    };
    add(incident.occurred_at, 'incident_start', { detail: incident.title, position: incident.location.position });
    add(incident.ended_at, 'incident_end');
    eventsOfType(incident, entry, add, nameOf);
  });
  const day = dayInZone(zone);
  const keyed = events.map((e) => ({ e, day: e.at.kind === 'date' ? e.at.text : day(e.at.epochMs) }));
  // dossier.md: within a day, timed events by their time, then those known only by their date
  // in the order of the proceedings.
  keyed.sort(
    (a, b) =>
      (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
      (a.e.at.kind === 'date' ? 1 : 0) - (b.e.at.kind === 'date' ? 1 : 0) ||
      (a.e.at.kind === 'date' ? PROCEEDINGS_ORDER[a.e.kind] - PROCEEDINGS_ORDER[b.e.kind] : a.e.sortMs - b.e.sortMs) ||
      a.e.order - b.e.order,
  );
  return keyed.map(({ e: { order: _order, ...event } }) => event);
}

/** Where an event known only by its date stands among the others of that day. */
const PROCEEDINGS_ORDER: Record<EventKind, number> = {
  detention_ordered: 0,
  seizure: 0,
  detention_notified: 1,
  detention_start: 2,
  fine_notified: 3,
  appeal_filed: 4,
  appeal_deadline: 4,
  review_filed: 4,
  review_deadline: 4,
  proceeding: 5,
  incident_start: 6,
  violence: 6,
  communication: 6,
  detention_end: 6,
  incident_end: 6,
  release: 7,
};

/** The calendar day of an instant in a zone (YYYY-MM-DD), with one formatter per zone. */
function dayInZone(zone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (epochMs) => format.format(epochMs);
}

type Add = (
  at: Instant | CalendarDate | undefined,
  kind: EventKind,
  extra?: { values?: Record<string, string>; detail?: string; labels?: string[]; position?: Position },
) => void;

function eventsOfType(incident: Incident, entry: IncidentEntry, add: Add, nameOf: (s: string) => string): void {
  switch (incident.type) {
    case 'interception':
      for (const v of incident.interception.violence ?? [])
        add(v.at, 'violence', {
          values: { kind: v.kind },
          detail: v.description,
          labels: v.evidence,
          position: v.position,
        });
      for (const c of incident.interception.communications ?? []) {
        add(c.at, 'communication', {
          values: { channel: c.channel, from: nameOf(c.from), to: nameOf(c.to) },
          detail: c.summary,
          labels: c.evidence,
          position: c.position,
        });
      }
      break;
    case 'detention': {
      const d = incident.detention;
      add(d.ordered_at, 'detention_ordered', { detail: nameOf(d.authority) });
      add(d.notified_at, 'detention_notified');
      add(d.start, 'detention_start', { detail: d.port });
      add(d.end, 'detention_end');
      add(d.fine?.notified_at, 'fine_notified', { detail: d.fine?.reference });
      if (d.appeal?.filed_at) add(d.appeal.filed_at, 'appeal_filed', { detail: d.appeal.forum });
      else if (entry.appealDeadline)
        add({ kind: 'date', text: entry.appealDeadline.date }, 'appeal_deadline', { detail: d.appeal?.forum });
      break;
    }
    case 'seizure': {
      const s = incident.seizure;
      add(s.seized_at, 'seizure', { detail: nameOf(s.ordered_by) });
      if (s.review?.filed_at) add(s.review.filed_at, 'review_filed', { detail: s.review.forum });
      else if (entry.reviewDeadline)
        add({ kind: 'date', text: entry.reviewDeadline.date }, 'review_deadline', { detail: s.review?.forum });
      add(s.released_at, 'release');
      for (const p of s.proceedings ?? []) add(p.at, 'proceeding', { values: { event: p.event }, detail: p.court });
      break;
    }
  }
}

/** Detentions and seizures by vessel, indexed once per repository: 1,000 cases must not scan it 1,000 times. */
const measuresByVessel = new WeakMap<CheckedRepository, Map<string, CheckedIncident[]>>();

function measuresOf(repository: CheckedRepository, vesselId: string): CheckedIncident[] {
  let index = measuresByVessel.get(repository);
  if (!index) {
    index = new Map();
    for (const checked of repository.incidents.values()) {
      const { incident } = checked;
      const vessel =
        incident.type === 'detention'
          ? incident.detention.vessel
          : incident.type === 'seizure'
            ? incident.seizure.vessel
            : undefined;
      if (vessel) index.set(vessel, [...(index.get(vessel) ?? []), checked]);
    }
    measuresByVessel.set(repository, index);
  }
  return index.get(vesselId) ?? [];
}

/** Every detention and seizure of the vessel anywhere in the repository: the pattern a court should see. */
function vesselRecord(
  repository: CheckedRepository,
  vesselId: string,
  asOf: CalendarDate,
  locale: DossierLocale,
  organisationName: (idOrName: string) => string,
): VesselRecordEntry[] {
  const entries: VesselRecordEntry[] = [];
  for (const measure of measuresOf(repository, vesselId)) {
    // The record prints no free text of these incidents: none is counted as in another language.
    const incident = localise(measure.incident, locale, { count: 0 });
    if (incident.type === 'detention' && incident.detention.vessel === vesselId) {
      const d = incident.detention;
      entries.push({
        incident,
        kind: 'detention',
        ...daysHeld(incident, asOf)!,
        place: [d.port, organisationName(d.authority)].join(', '),
        fine: d.fine?.amount,
        status: d.appeal?.status,
      });
    }
    if (incident.type === 'seizure' && incident.seizure.vessel === vesselId) {
      const s = incident.seizure;
      entries.push({
        incident,
        kind: 'seizure',
        ...daysHeld(incident, asOf)!,
        place: [s.port, organisationName(s.ordered_by)].filter(Boolean).join(', '),
        status: s.status,
      });
    }
  }
  return entries.sort((a, b) =>
    a.from.text < b.from.text ? -1 : a.from.text > b.from.text ? 1 : a.incident.id < b.incident.id ? -1 : 1,
  );
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
