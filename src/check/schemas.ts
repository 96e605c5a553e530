import { z } from './zod.js';
import { CalendarSchema } from './calendar-schema.js';
import { localText } from './local-text.js';

import {
  formerCountryCode,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
  isValidImo,
  parseCalendarDate,
  parseDateOrInstant,
  parseInstant,
  parsePositionString,
} from './values.js';
import { describeValue } from './describe.js';

// The schemas are format.md written in zod: field names, required fields and defaults are
// the contract with users' files. Types for the rest of the code are inferred from them.

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const LABEL_PATTERN = /^[A-Za-z0-9-]+$/;

const text = z.string().min(1);
// Free texts that a file may write once, or once per language (format.md).
const freeText = localText(text);
const freeMarkdown = localText(z.string());

export const Id = z.string().regex(ID_PATTERN, {
  error: (iss) =>
    'expected an id of lowercase letters, digits and hyphens (at most 80, starting with a letter or digit); ' +
    `got ${describeValue(iss.input)}`,
});

const Label = z.string().regex(LABEL_PATTERN, {
  error: (iss) => `expected a label of letters, digits and hyphens such as E1 or W2; got ${describeValue(iss.input)}`,
});

/** A schema for a string that a parser turns into a richer value, or rejects with its message. */
function parsedString<T>(parse: (s: string) => { ok: true; value: T } | { ok: false; message: string }) {
  return z.string().transform((s, ctx) => {
    const result = parse(s);
    if (result.ok) return result.value;
    ctx.issues.push({ code: 'custom', message: result.message, input: s });
    return z.NEVER;
  });
}

export const Timestamp = parsedString(parseInstant).meta({
  description: 'ISO 8601 time with an offset or Z, e.g. 2023-03-25T07:42:00Z',
});
export const DateField = parsedString(parseCalendarDate).meta({ description: 'date, YYYY-MM-DD' });
const DateOrTimestamp = parsedString(parseDateOrInstant).meta({
  description: 'date (YYYY-MM-DD) or ISO 8601 time with an offset',
});

const Country = z.string().refine(isCountryCode, {
  error: (iss) => {
    const now = typeof iss.input === 'string' ? formerCountryCode(iss.input) : undefined;
    return (
      `expected an ISO 3166-1 alpha-2 country code such as IT, DE or LY; got ${describeValue(iss.input)}` +
      (now ? `; did you mean "${now}"?` : '')
    );
  },
});

const Latitude = z.number().refine((v) => v >= -90 && v <= 90, {
  error: (iss) => `a latitude lies within [-90, 90]; got ${describeValue(iss.input)}`,
});
const Longitude = z.number().refine((v) => v >= -180 && v <= 180, {
  error: (iss) => `a longitude lies within [-180, 180]; got ${describeValue(iss.input)}`,
});

export const PositionSchema = z
  .union([parsedString(parsePositionString), z.strictObject({ lat: Latitude, lon: Longitude })])
  .meta({ description: `{ lat, lon } in decimal degrees, or "33°14.07'N 012°07.40'E"` });

const Money = z.strictObject({
  amount: z.number().min(0),
  currency: z.string().refine(isCurrencyCode, {
    error: (iss) => `expected an ISO 4217 currency code such as EUR; got ${describeValue(iss.input)}`,
  }),
});

const digits = (count: number, what: string, extra?: (s: string) => boolean, hint = '') =>
  z.union([z.string(), z.int().min(0)]).transform((v, ctx) => {
    const s = String(v);
    if (new RegExp(`^\\d{${count}}$`).test(s) && (!extra || extra(s))) return s;
    ctx.issues.push({ code: 'custom', message: `expected ${what}${hint}; got ${describeValue(v)}`, input: v });
    return z.NEVER;
  });

const Imo = digits(7, 'an IMO number of 7 digits', isValidImo, ' whose last digit is the check digit');
const Mmsi = digits(9, 'an MMSI of 9 digits');

// ---- enumerations -------------------------------------------------------------------------

export const OrganisationKind = z.enum([
  'ngo',
  'coastguard',
  'navy',
  'rcc',
  'prosecutor',
  'court',
  'ministry',
  'port_authority',
  'other',
]);
export const ReferenceKind = z.enum(['treaty', 'statute', 'regulation', 'ruling', 'guideline', 'report']);
export const IncidentType = z.enum(['interception', 'detention', 'seizure']);
export const SarRegion = z.enum(['libya', 'malta', 'italy', 'tunisia', 'greece', 'other', 'unknown']);
export const VesselRole = z.enum(['rescue', 'intercepting', 'distressed', 'merchant', 'authority', 'other']);
export const EvidenceKind = z.enum(['photo', 'video', 'audio', 'document', 'log', 'track', 'statement', 'other']);
export const CustodyAction = z.enum(['captured', 'copied', 'transferred', 'received', 'stored', 'redacted', 'other']);
export const WitnessRole = z.enum(['survivor', 'crew', 'journalist', 'official', 'other']);
export const BoatKind = z.enum(['rubber', 'wooden', 'fiberglass', 'other', 'unknown']);
export const InterceptionOutcome = z.enum(['pulled_back', 'rescued', 'partly_pulled_back', 'escaped', 'unknown']);
export const ViolenceKind = z.enum([
  'shots_fired',
  'weapon_pointed',
  'physical_assault',
  'threats',
  'dangerous_manoeuvre',
  'equipment_damage',
  'boarding',
  'other',
]);
export const ViolenceAgainst = z.enum(['rescue_crew', 'people_in_distress', 'both']);
export const Channel = z.enum(['vhf', 'satphone', 'phone', 'email', 'other']);
export const DetentionKind = z.enum(['administrative', 'port_state_control', 'other']);
export const AppealStatus = z.enum(['not_filed', 'filed', 'pending', 'won', 'lost', 'settled', 'withdrawn']);
export const SeizureStatus = z.enum(['seized', 'released', 'confiscated', 'returned']);
export const Matter = z.enum([
  'fine_appeal',
  'detention_challenge',
  'seizure_challenge',
  'criminal_defence',
  'documentation',
]);
export const Confidentiality = z.enum(['confidential', 'public']);
export const Locale = z.enum(['en', 'it']);

// ---- casebuilder.yaml ---------------------------------------------------------------------

const Zone = z.string().refine(isTimeZone, {
  error: (iss) => `expected an IANA time zone such as Europe/Rome or UTC; got ${describeValue(iss.input)}`,
});
const BatesPrefix = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, {
  error: (iss) => `expected a page stamp prefix of up to 16 letters, digits, - or _; got ${describeValue(iss.input)}`,
});
const Days = z.int().min(0);

/** The portals' profiles format.md gives; casebuilder.yaml changes them or adds its own. */
export const BUILT_IN_FILING: Record<
  string,
  { envelope_mb?: number; file_mb: number; pdfa: boolean; accepted: string[] }
> = {
  pct: {
    envelope_mb: 60,
    file_mb: 60,
    pdfa: true,
    accepted: ['pdf', 'txt', 'rtf', 'jpg', 'gif', 'tiff', 'xml', 'eml', 'msg', 'zip'],
  },
  pdp: { envelope_mb: 30, file_mb: 30, pdfa: false, accepted: ['pdf', 'jpg', 'zip'] },
  pat: { envelope_mb: 30, file_mb: 30, pdfa: true, accepted: ['pdf', 'jpg', 'zip'] },
  ebundle: { file_mb: 0, pdfa: false, accepted: [] },
};

export const ConfigSchema = z.strictObject({
  cases: text.default('cases'),
  out: text.default('dossiers'),
  locale: Locale.default('en'),
  timezone: Zone.default('Europe/Rome'),
  bates_prefix: BatesPrefix.default('JF'),
  deadlines: z
    .strictObject({
      fine_opposition: Days.default(30),
      detention_opposition: Days.default(30),
      seizure_review: Days.default(10),
    })
    .prefault({}),
  calendar: CalendarSchema,
  /** Filing profiles for `build --filing NAME`, each over the built-in one of its name (format.md). */
  filing: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, 'a profile name in lower case: pct, pdp...'),
      z.strictObject({
        /** MB of 1,000,000 bytes; 0: no limit. */
        envelope_mb: z.number().nonnegative().optional(),
        file_mb: z.number().nonnegative().optional(),
        pdfa: z.boolean().optional(),
        /** File formats (extensions) the portal takes beside the dossier. */
        accepted: z.array(z.string().regex(/^[a-z0-9]+$/, 'an extension in lower case, without the dot')).optional(),
      }),
    )
    // A profile of its own has no built-in size to fall back on: said by validate, at its name.
    .superRefine((profiles, ctx) => {
      for (const [name, profile] of Object.entries(profiles))
        if (!Object.hasOwn(BUILT_IN_FILING, name) && profile.file_mb === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message:
              `a filing profile of its own needs file_mb, the portal's limit per file in MB (0 for no limit); ` +
              `the built-in ones are ${Object.keys(BUILT_IN_FILING).join(', ')}`,
          });
    })
    .default({}),
});

// ---- registry.yaml ------------------------------------------------------------------------

export const VesselSchema = z.strictObject({
  id: Id,
  name: text,
  imo: Imo.optional(),
  mmsi: Mmsi.optional(),
  flag: Country.optional(),
  operator: Id.optional(),
});

export const OrganisationSchema = z.strictObject({
  id: Id,
  name: freeText,
  kind: OrganisationKind,
  country: Country.optional(),
});

export const ReferenceSchema = z.strictObject({
  id: Id,
  citation: text,
  title: freeText,
  kind: ReferenceKind,
  url: z.url().optional(),
});

export const RegistrySchema = z.strictObject({
  vessels: z.array(VesselSchema).default([]),
  organisations: z.array(OrganisationSchema).default([]),
  references: z.array(ReferenceSchema).default([]),
});

// ---- incidents ----------------------------------------------------------------------------

const Location = z.strictObject({
  position: PositionSchema.optional(),
  description: freeText,
  sar_region: SarRegion.optional(),
  port: text.optional(),
});

const IncidentVessel = z
  .strictObject({
    ref: Id.optional(),
    name: freeText.optional(),
    role: VesselRole,
    operator: text.optional(),
  })
  .check((ctx) => {
    const v = ctx.value;
    if ((v.ref === undefined) === (v.name === undefined)) {
      ctx.issues.push({
        code: 'custom',
        message: 'give either ref (a registry vessel id) or name (a vessel not in the registry)',
        input: v,
      });
    }
  });

/** How a count was arrived at, when it is not an exact figure. */
export type CountEstimate = 'at_least' | 'about';
// A count is a whole number, or an estimate: `{ at_least: 60 }`, `{ about: 60 }` (format.md).
const whole = z.int().min(0);
const count = z.union([whole, z.strictObject({ at_least: whole }), z.strictObject({ about: whole })]).optional();
export const PEOPLE_COUNTS = ['on_board', 'rescued', 'intercepted', 'dead', 'missing', 'minors'] as const;
type PeopleKey = (typeof PEOPLE_COUNTS)[number];
/** The counts as numbers (rules and statistics compare and add them), and which of them are estimates. */
const People = z
  .strictObject({
    on_board: count,
    rescued: count,
    intercepted: count,
    dead: count,
    missing: count,
    minors: count,
  })
  .transform((raw) => {
    const out: Partial<Record<PeopleKey, number>> & { estimates: Partial<Record<PeopleKey, CountEstimate>> } = {
      estimates: {},
    };
    for (const key of PEOPLE_COUNTS) {
      const v = raw[key];
      if (v === undefined) continue;
      if (typeof v === 'number') out[key] = v;
      else if ('at_least' in v) [out[key], out.estimates[key]] = [v.at_least, 'at_least'];
      else [out[key], out.estimates[key]] = [v.about, 'about'];
    }
    return out;
  });

export const EvidenceSchema = z.strictObject({
  id: Label,
  file: text,
  kind: EvidenceKind,
  description: freeText,
  captured_at: Timestamp.optional(),
  captured_by: freeText.optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, {
      error: (iss) => `expected 64 hexadecimal digits (run casebuilder evidence hash); got ${describeValue(iss.input)}`,
    })
    .transform((s) => s.toLowerCase())
    .optional(),
  custody: z
    .array(
      z.strictObject({
        at: Timestamp,
        by: text,
        action: CustodyAction,
        note: text.optional(),
      }),
    )
    .optional(),
  // Absent means public; only `public: true` written out publishes a file no one can search.
  public: z.boolean().optional(),
  /** A redacted working copy, shown in public output instead of the file. */
  public_copy: z
    .strictObject({
      file: text,
      sha256: z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, {
          error: (iss) => `expected 64 hexadecimal digits; got ${describeValue(iss.input)}`,
        })
        .transform((s) => s.toLowerCase())
        .optional(),
    })
    .optional(),
});

export const WitnessSchema = z.strictObject({
  id: Label,
  name: text,
  role: WitnessRole,
  protected: z.boolean().default(true),
  statement: Label.optional(),
});

const EvidenceRefs = z.array(Label);

// Split where the type and its block go, so the schemas list fields in format.md's order
// (the order in which `new` writes them).
const commonFields = {
  title: freeText,
  occurred_at: Timestamp,
  ended_at: Timestamp.optional(),
  location: Location,
  vessels: z.array(IncidentVessel).optional(),
  people: People.optional(),
  summary: freeMarkdown.optional(),
  evidence: z.array(EvidenceSchema).optional(),
  witnesses: z.array(WitnessSchema).optional(),
};
const closingFields = { tags: z.array(text).optional() };

export const ViolenceSchema = z.strictObject({
  at: Timestamp,
  kind: ViolenceKind,
  against: ViolenceAgainst.optional(),
  description: freeText,
  // Where it happened, when not at the incident's position (format.md, "Positions and places").
  position: PositionSchema.optional(),
  evidence: EvidenceRefs.optional(),
});

export const CommunicationSchema = z.strictObject({
  at: Timestamp,
  from: text,
  to: text,
  channel: Channel,
  summary: freeText.optional(),
  answered: z.boolean().optional(),
  position: PositionSchema.optional(),
  evidence: EvidenceRefs.optional(),
});

export const InterceptionSchema = z.strictObject({
  id: Id,
  type: z.literal('interception'),
  ...commonFields,
  // An interception happens at sea: its position is required.
  location: Location.extend({ position: PositionSchema }),
  interception: z.strictObject({
    authority: text,
    unit: text.optional(),
    boat: BoatKind.optional(),
    departed_from: text.optional(),
    outcome: InterceptionOutcome,
    returned_to: text.optional(),
    violence: z.array(ViolenceSchema).optional(),
    communications: z.array(CommunicationSchema).optional(),
  }),
  ...closingFields,
});

const AppealSchema = z.strictObject({
  forum: text.optional(),
  deadline: DateField.optional(),
  filed_at: DateField.optional(),
  status: AppealStatus.optional(),
});

export const DetentionSchema = z.strictObject({
  id: Id,
  type: z.literal('detention'),
  ...commonFields,
  detention: z.strictObject({
    vessel: Id,
    kind: DetentionKind,
    port: text,
    authority: text,
    legal_basis: z.array(text).optional(),
    grounds: z.array(freeText).optional(),
    ordered_at: Timestamp.optional(),
    notified_at: DateField.optional(),
    start: DateField,
    end: DateField.optional(),
    ordered_days: z.int().min(0).optional(),
    fine: z
      .strictObject({
        amount: Money.optional(),
        reference: text.optional(),
        notified_at: DateField.optional(),
        paid: z.boolean().optional(),
      })
      .optional(),
    appeal: AppealSchema.optional(),
  }),
  ...closingFields,
});

export const SeizureSchema = z.strictObject({
  id: Id,
  type: z.literal('seizure'),
  ...commonFields,
  seizure: z.strictObject({
    vessel: Id,
    ordered_by: text,
    court: text.optional(),
    reference: text.optional(),
    seized_at: DateField,
    port: text.optional(),
    charges: z.array(freeText).optional(),
    items: z.array(text).optional(),
    status: SeizureStatus,
    released_at: DateField.optional(),
    review: AppealSchema.optional(),
    proceedings: z.array(z.strictObject({ at: DateOrTimestamp, court: text.optional(), event: freeText })).optional(),
  }),
  ...closingFields,
});

export const incidentSchemas = {
  interception: InterceptionSchema,
  detention: DetentionSchema,
  seizure: SeizureSchema,
} as const;

export const IncidentSchema = z.discriminatedUnion('type', [InterceptionSchema, DetentionSchema, SeizureSchema]);

// ---- case.yaml ----------------------------------------------------------------------------

const IncidentPath = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}\/[a-z0-9][a-z0-9-]{0,79}$/, {
  error: (iss) => `expected case-id/incident-id; got ${describeValue(iss.input)}`,
});

export const CaseSchema = z.strictObject({
  id: Id,
  title: freeText,
  matter: Matter,
  court: z.strictObject({ name: text, country: Country.optional() }),
  case_number: z.union([text, z.number()]).transform(String).optional(),
  client: Id,
  vessel: Id.optional(),
  counsel: z.array(z.strictObject({ name: text, bar: text.optional(), email: z.email().optional() })).optional(),
  locale: Locale.optional(),
  timezone: Zone.optional(),
  confidentiality: Confidentiality,
  bates_prefix: BatesPrefix.optional(),
  prepared_on: DateField,
  incidents: z.array(IncidentPath).optional(),
  references: z.array(Id).optional(),
  redact: z.array(text).optional(),
  summary: freeMarkdown.optional(),
  relief_sought: freeMarkdown.optional(),
});

export type Config = z.output<typeof ConfigSchema>;
export type Registry = z.output<typeof RegistrySchema>;
export type Vessel = z.output<typeof VesselSchema>;
export type Organisation = z.output<typeof OrganisationSchema>;
export type Reference = z.output<typeof ReferenceSchema>;
export type Incident = z.output<typeof IncidentSchema>;
export type Interception = z.output<typeof InterceptionSchema>;
export type Detention = z.output<typeof DetentionSchema>;
export type Seizure = z.output<typeof SeizureSchema>;
export type Evidence = z.output<typeof EvidenceSchema>;
export type Witness = z.output<typeof WitnessSchema>;
export type Case = z.output<typeof CaseSchema>;
