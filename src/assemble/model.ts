import type { Deadline } from '../check/deadlines.js';
import type { Localised } from '../check/local-text.js';
import type {
  Case as CheckedCase,
  Evidence,
  Incident as CheckedIncidentValue,
  Organisation,
  Reference as CheckedReference,
  Vessel,
  Witness,
} from '../check/schemas.js';

/** The case, an incident, a reference as a dossier shows them: each free text in the dossier's language. */
export type Case = Localised<CheckedCase>;
export type Incident = Localised<CheckedIncidentValue>;
export type Reference = Localised<CheckedReference>;
import type { CalendarDate, Instant, Position } from '../check/values.js';
import type { Place } from '../geo/index.js';
import type { SourceRange } from '../errors.js';

export type Profile = 'court' | 'public';
export type DossierLocale = 'en' | 'it';

/** One file of evidence: one exhibit, however many incidents cite it. */
export interface ExhibitSource {
  /** Position in `Dossier.evidence`; templates cite exhibits by it, numbers come later. */
  index: number;
  /** The real path on disk (never printed: it would leak the machine's layout). */
  absPath: string;
  /** The case folder that holds the file, and the path inside it as the incident wrote it. */
  caseId: string;
  file: string;
  kind: Evidence['kind'];
  description: string;
  capturedAt?: Instant;
  capturedBy?: string;
  sha256?: string;
  public: boolean;
  /** `public: true` written out: publish even a file that cannot be searched for protected names. */
  publicExplicit: boolean;
  /** Set when this is the evidence's `public_copy`: the file it stands in for. */
  copyOf?: string;
  /** The chain of custody, oldest first. */
  custody: { at: Instant; by: string; action: string; note?: string }[];
  /** Incidents that list this file, in dossier order. */
  incidents: string[];
  /** Where the first incident that lists it names it: errors about the file point there. */
  origin: { file: string; range: SourceRange; path: (string | number)[] };
}

export type EventKind =
  | 'incident_start'
  | 'incident_end'
  | 'violence'
  | 'communication'
  | 'detention_ordered'
  | 'detention_notified'
  | 'detention_start'
  | 'detention_end'
  | 'fine_notified'
  | 'appeal_filed'
  | 'appeal_deadline'
  | 'seizure'
  | 'release'
  | 'review_filed'
  | 'review_deadline'
  | 'proceeding';

export interface ChronologyEvent {
  at: Instant | CalendarDate;
  /** Milliseconds for sorting; a date alone counts from the start of its day in the case's zone. */
  sortMs: number;
  kind: EventKind;
  /** Words of the event that the template fills in (violence kind, channel, ...). */
  values: Record<string, string>;
  detail?: string;
  /** Where it happened, when the event says (the incident's start: the incident's position). */
  position?: Position;
  incident: IncidentEntry;
  exhibits: number[];
  /** The evidence ids (E1) the event cites, as the incident names them. */
  evidenceLabels: string[];
}

/** A witness as this dossier may name them: in a public dossier a protected name gives way to "Witness N". */
export interface WitnessEntry extends Witness {
  /** N of "Witness N": one number per person across the case. */
  number: number;
  /** Set in a public dossier for a protected witness: the name gives way to "Witness N". */
  alias?: number;
  statementExhibit?: number;
}

export interface IncidentEntry {
  incident: Incident;
  /** The case folder holding the incident's file. */
  caseId: string;
  /** "3.2": its number among the dossier's incidents. */
  number: string;
  anchor: string;
  witnesses: WitnessEntry[];
  /** Exhibits this incident lists, by evidence index, in the order of its evidence list. */
  exhibits: number[];
  /** Evidence label (E1) to exhibit index, for violence and communications entries. */
  exhibitByLabel: Record<string, number>;
  /** The vessels involved, registry entries resolved. */
  vessels: { name: string; role: string; flag?: string; imo?: string; operator?: string }[];
  /** Days a detained or seized vessel was held (to the dossier's date while still held). */
  held?: { days: number; ongoing: boolean };
  /** Regions, distance to the coast and class derived from the incident's position. */
  place?: Place;
  appealDeadline?: Deadline;
  /** The opposition to a detention's fine, counted from the fine's notification. */
  fineDeadline?: Deadline;
  reviewDeadline?: Deadline;
}

export interface VesselRecordEntry {
  incident: Incident;
  kind: 'detention' | 'seizure';
  from: CalendarDate;
  to?: CalendarDate;
  days: number;
  ongoing: boolean;
  place: string;
  fine?: { amount: number; currency: string };
  status?: string;
}

/** Everything a dossier shows, resolved and ordered; rendering only formats it. */
export interface Dossier {
  caseId: string;
  case: Case;
  profile: Profile;
  locale: DossierLocale;
  zone: string;
  batesPrefix: string;
  /** Dossier's "today": counts of open detentions run to it, so rebuilds give the same bytes. */
  asOf: CalendarDate;
  /** In the dossier's language. */
  client?: Localised<Organisation>;
  vessel?: Vessel;
  incidents: IncidentEntry[];
  chronology: ChronologyEvent[];
  vesselRecord: VesselRecordEntry[];
  references: Reference[];
  evidence: ExhibitSource[];
  /** Every YAML file whose content can appear in the dossier, with the SHA-256 of its bytes. */
  inputs: { absPath: string; sha256: string }[];
  /** Protected witnesses' names, with the N of "Witness N" that replaces them in a public dossier. */
  protectedNames: { name: string; alias: number }[];
  /** Free texts printed in another language than the dossier's, for lack of a version in it. */
  otherLanguageTexts: number;
  /** Evidence files a public dossier leaves out as `public: false`: its exhibit index says how many. */
  unpublished: number;
  /** The case's `redact:` list: more strings kept out of public output. */
  redactStrings: string[];
  /** Display names of the registry's vessels and organisations, by id (plain data: it crosses to workers). */
  names: Record<string, string>;
  /** Citations of the reference ids the dossier's legal bases name. */
  citations: Record<string, string>;
}

/** Display name of an organisation or vessel id, or the text as written. */
export function nameOf(dossier: Pick<Dossier, 'names'>, idOrName: string): string {
  return Object.hasOwn(dossier.names, idOrName) ? dossier.names[idOrName]! : idOrName;
}

/** Citation of a reference id, or the text as written. */
export function citationOf(dossier: Pick<Dossier, 'citations'>, idOrText: string): string {
  return Object.hasOwn(dossier.citations, idOrText) ? dossier.citations[idOrText]! : idOrText;
}
