import type { FieldPath } from '../errors.js';
import {
  AppealStatus,
  BoatKind,
  Channel,
  Confidentiality,
  DetentionKind,
  EvidenceKind,
  InterceptionOutcome,
  Locale,
  Matter,
  OrganisationKind,
  SarRegion,
  SeizureStatus,
  VesselRole,
  ViolenceAgainst,
  ViolenceKind,
  WitnessRole,
} from '../check/schemas.js';

type OrganisationKindName = (typeof OrganisationKind.options)[number];

/** How a field is asked for and read back. */
export type FieldKind =
  | { type: 'text' }
  | { type: 'markdown' }
  | { type: 'time' }
  | { type: 'date' }
  | { type: 'date-or-time' }
  | { type: 'position' }
  | { type: 'count' }
  | { type: 'yes-no' }
  | { type: 'money' }
  | { type: 'choice'; values: readonly string[] }
  /**
   * A registry id, or (with `free`) a name as written; organisations of the `prefer` kinds are
   * offered first, in that order (the coast guard for an interception, the prosecutor for a seizure).
   */
  | {
      type: 'ref';
      registry: 'vessels' | 'organisations' | 'references' | 'parties';
      free: boolean;
      prefer?: readonly OrganisationKindName[];
    }
  | { type: 'list'; separator: ',' | ';'; registry?: 'references' }
  | { type: 'evidence-ids' }
  | { type: 'evidence-id' };

export interface FieldSpec {
  /** Path inside the entry being asked (the incident, the case, or one list item). */
  path: FieldPath;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Written after the value in the file, to teach the format. */
  comment?: string;
}

/** A list of entries asked one after another until the user has no more. */
export interface RepeatSpec {
  path: FieldPath;
  noun: string;
  /** Label prefix for generated ids (E1, W1). */
  idPrefix?: string;
  fields: FieldSpec[];
}

export type Step =
  | { field: FieldSpec }
  | { repeat: RepeatSpec }
  | { optionalBlock: { path: FieldPath; question: string; steps: Step[] } };

const choice = (values: readonly string[]) => ({ type: 'choice' as const, values });
const f = (path: FieldPath, label: string, kind: FieldKind, required = false, comment?: string): Step => ({
  field: { path, label, kind, required, comment },
});
const one = (values: readonly string[]) => values.join(' | ');

const EVIDENCE: RepeatSpec = {
  path: ['evidence'],
  noun: 'piece of evidence',
  idPrefix: 'E',
  fields: [
    {
      path: ['file'],
      label: 'File, relative to the case folder (e.g. evidence/2023-03-25/drone.mp4)',
      kind: { type: 'text' },
      required: true,
    },
    {
      path: ['kind'],
      label: 'Kind of evidence',
      kind: choice(EvidenceKind.options),
      required: true,
      comment: one(EvidenceKind.options),
    },
    { path: ['description'], label: 'Description', kind: { type: 'text' }, required: true },
    { path: ['captured_at'], label: 'Captured at (time; blank if unknown)', kind: { type: 'time' }, required: false },
    { path: ['captured_by'], label: 'Captured by (blank if unknown)', kind: { type: 'text' }, required: false },
  ],
};

const VESSELS: RepeatSpec = {
  path: ['vessels'],
  noun: 'vessel involved',
  fields: [
    { path: ['ref'], label: 'Vessel', kind: { type: 'ref', registry: 'vessels', free: true }, required: true },
    {
      path: ['role'],
      label: 'Role',
      kind: choice(VesselRole.options),
      required: true,
      comment: one(VesselRole.options),
    },
  ],
};

const PEOPLE: Step = {
  optionalBlock: {
    path: ['people'],
    question: 'Record how many people were involved?',
    steps: (['on_board', 'rescued', 'intercepted', 'dead', 'missing', 'minors'] as const).map((key) =>
      f(['people', key], `People ${key.replace('_', ' ')} (blank if unknown)`, { type: 'count' }),
    ),
  },
};

const WITNESSES: RepeatSpec = {
  path: ['witnesses'],
  noun: 'witness',
  idPrefix: 'W',
  fields: [
    { path: ['name'], label: 'Full name', kind: { type: 'text' }, required: true },
    {
      path: ['role'],
      label: 'Role',
      kind: choice(WitnessRole.options),
      required: true,
      comment: one(WitnessRole.options),
    },
    {
      path: ['protected'],
      label: 'Protected (the name never appears in public dossiers)?',
      kind: { type: 'yes-no' },
      required: true,
      comment: 'true keeps the name out of public output',
    },
    {
      path: ['statement'],
      label: 'Evidence holding the statement (blank if none)',
      kind: { type: 'evidence-id' },
      required: false,
    },
  ],
};

const APPEAL = (block: string, noun: string): Step => ({
  optionalBlock: {
    path: [block, noun],
    question: noun === 'appeal' ? 'Record the appeal?' : 'Record the request for review?',
    steps: [
      f([block, noun, 'forum'], 'Forum (court)', { type: 'text' }),
      f([block, noun, 'deadline'], 'Deadline (date; blank to compute it from casebuilder.yaml)', { type: 'date' }),
      f([block, noun, 'filed_at'], 'Filed on (date; blank if not filed)', { type: 'date' }),
      f([block, noun, 'status'], 'Status', choice(AppealStatus.options), true, one(AppealStatus.options)),
    ],
  },
});

const COMMON_HEAD: Step[] = [
  f(['title'], 'Title', { type: 'text' }, true),
  f(
    ['occurred_at'],
    'When it began (e.g. 2023-03-25 07:42, or with an offset: 2023-03-25T07:42Z)',
    { type: 'time' },
    true,
    'always with Z or an offset',
  ),
  f(['ended_at'], 'When it ended (blank if unknown)', { type: 'time' }),
  f(['location', 'description'], 'Where (in words)', { type: 'text' }, true),
];

const LOCATION_TAIL: Step[] = [
  f(['location', 'sar_region'], 'Search and rescue region', choice(SarRegion.options), false, one(SarRegion.options)),
  f(['location', 'port'], 'Port (blank if at sea)', { type: 'text' }),
];

const COMMON_TAIL: Step[] = [
  { repeat: VESSELS },
  PEOPLE,
  f(['summary'], 'Summary (Markdown; edit the file for more paragraphs)', { type: 'markdown' }),
  { repeat: WITNESSES },
];

export const INCIDENT_STEPS: Record<'interception' | 'detention' | 'seizure', Step[]> = {
  interception: [
    ...COMMON_HEAD,
    f(
      ['location', 'position'],
      "Position (33°14.07'N 012°07.40'E, or 33.2345, 12.1234)",
      { type: 'position' },
      true,
      'degrees and decimal minutes, or { lat, lon }',
    ),
    ...LOCATION_TAIL,
    { repeat: EVIDENCE },
    f(
      ['interception', 'authority'],
      'Intercepting authority',
      { type: 'ref', registry: 'organisations', free: true, prefer: ['coastguard', 'navy'] },
      true,
      'organisation id or name',
    ),
    f(['interception', 'unit'], 'Unit (e.g. Patrol boat 658)', { type: 'text' }),
    f(['interception', 'boat'], 'Boat in distress', choice(BoatKind.options), false, one(BoatKind.options)),
    f(['interception', 'departed_from'], 'Departed from', { type: 'text' }),
    f(
      ['interception', 'outcome'],
      'Outcome',
      choice(InterceptionOutcome.options),
      true,
      one(InterceptionOutcome.options),
    ),
    f(['interception', 'returned_to'], 'People returned to (port)', { type: 'text' }),
    {
      repeat: {
        path: ['interception', 'violence'],
        noun: 'act of violence',
        fields: [
          { path: ['at'], label: 'When', kind: { type: 'time' }, required: true },
          {
            path: ['kind'],
            label: 'Kind',
            kind: choice(ViolenceKind.options),
            required: true,
            comment: one(ViolenceKind.options),
          },
          {
            path: ['against'],
            label: 'Against',
            kind: choice(ViolenceAgainst.options),
            required: false,
            comment: one(ViolenceAgainst.options),
          },
          { path: ['description'], label: 'Description', kind: { type: 'text' }, required: true },
          {
            path: ['evidence'],
            label: 'Evidence ids (E1, E2; blank if none)',
            kind: { type: 'evidence-ids' },
            required: false,
          },
        ],
      },
    },
    {
      repeat: {
        path: ['interception', 'communications'],
        noun: 'communication',
        fields: [
          { path: ['at'], label: 'When', kind: { type: 'time' }, required: true },
          { path: ['from'], label: 'From', kind: { type: 'ref', registry: 'parties', free: true }, required: true },
          { path: ['to'], label: 'To', kind: { type: 'ref', registry: 'parties', free: true }, required: true },
          {
            path: ['channel'],
            label: 'Channel',
            kind: choice(Channel.options),
            required: true,
            comment: one(Channel.options),
          },
          { path: ['summary'], label: 'What was said', kind: { type: 'text' }, required: false },
          { path: ['answered'], label: 'Answered?', kind: { type: 'yes-no' }, required: false },
          {
            path: ['evidence'],
            label: 'Evidence ids (blank if none)',
            kind: { type: 'evidence-ids' },
            required: false,
          },
        ],
      },
    },
    ...COMMON_TAIL,
  ],
  detention: [
    ...COMMON_HEAD,
    ...LOCATION_TAIL,
    { repeat: EVIDENCE },
    f(
      ['detention', 'vessel'],
      'Vessel detained',
      { type: 'ref', registry: 'vessels', free: false },
      true,
      'registry vessel id',
    ),
    f(['detention', 'kind'], 'Kind of detention', choice(DetentionKind.options), true, one(DetentionKind.options)),
    f(['detention', 'port'], 'Port', { type: 'text' }, true),
    f(
      ['detention', 'authority'],
      'Authority that ordered it',
      { type: 'ref', registry: 'organisations', free: true, prefer: ['port_authority', 'ministry', 'coastguard'] },
      true,
      'organisation id or name',
    ),
    f(['detention', 'legal_basis'], 'Legal basis (reference ids or text, separated by ;)', {
      type: 'list',
      separator: ';',
      registry: 'references',
    }),
    f(['detention', 'grounds'], 'Grounds alleged (separated by ;)', { type: 'list', separator: ';' }),
    f(['detention', 'ordered_at'], 'Order issued at (time)', { type: 'time' }),
    f(['detention', 'notified_at'], 'Notified on (date)', { type: 'date' }),
    f(['detention', 'start'], 'Detention began on (date)', { type: 'date' }, true),
    f(['detention', 'end'], 'Detention ended on (date; blank while the vessel is held)', { type: 'date' }),
    f(['detention', 'ordered_days'], 'Days ordered', { type: 'count' }),
    {
      optionalBlock: {
        path: ['detention', 'fine'],
        question: 'Was a fine imposed?',
        steps: [
          f(['detention', 'fine', 'amount'], 'Amount (e.g. 3300 EUR)', { type: 'money' }, true),
          f(['detention', 'fine', 'reference'], 'Reference of the fine', { type: 'text' }),
          f(['detention', 'fine', 'notified_at'], 'Fine notified on (date)', { type: 'date' }),
          f(['detention', 'fine', 'paid'], 'Paid?', { type: 'yes-no' }),
        ],
      },
    },
    APPEAL('detention', 'appeal'),
    ...COMMON_TAIL,
  ],
  seizure: [
    ...COMMON_HEAD,
    ...LOCATION_TAIL,
    { repeat: EVIDENCE },
    f(
      ['seizure', 'vessel'],
      'Vessel seized',
      { type: 'ref', registry: 'vessels', free: false },
      true,
      'registry vessel id',
    ),
    f(
      ['seizure', 'ordered_by'],
      'Ordered by',
      { type: 'ref', registry: 'organisations', free: true, prefer: ['prosecutor', 'court'] },
      true,
      'organisation id or name',
    ),
    f(['seizure', 'court'], 'Court', { type: 'text' }),
    f(['seizure', 'reference'], 'Reference (e.g. RGNR 1234/2018)', { type: 'text' }),
    f(['seizure', 'seized_at'], 'Seized on (date)', { type: 'date' }, true),
    f(['seizure', 'port'], 'Port', { type: 'text' }),
    f(['seizure', 'charges'], 'Charges (separated by ;)', { type: 'list', separator: ';' }),
    f(['seizure', 'items'], 'Items seized (separated by ,)', { type: 'list', separator: ',' }),
    f(['seizure', 'status'], 'Status', choice(SeizureStatus.options), true, one(SeizureStatus.options)),
    f(['seizure', 'released_at'], 'Released on (date; blank if still seized)', { type: 'date' }),
    APPEAL('seizure', 'review'),
    {
      repeat: {
        path: ['seizure', 'proceedings'],
        noun: 'step of the proceedings',
        fields: [
          { path: ['at'], label: 'Date (or time)', kind: { type: 'date-or-time' }, required: true },
          { path: ['court'], label: 'Court', kind: { type: 'text' }, required: false },
          { path: ['event'], label: 'What happened', kind: { type: 'text' }, required: true },
        ],
      },
    },
    ...COMMON_TAIL,
  ],
};

export const CASE_STEPS: Step[] = [
  f(['title'], 'Title of the matter', { type: 'text' }, true),
  f(['matter'], 'Matter', choice(Matter.options), true, one(Matter.options)),
  f(['court', 'name'], 'Court', { type: 'text' }, true),
  f(['court', 'country'], 'Country of the court (ISO code, e.g. IT)', { type: 'text' }),
  f(['case_number'], 'Case number (blank if none yet)', { type: 'text' }),
  f(
    ['client'],
    'Client',
    { type: 'ref', registry: 'organisations', free: false, prefer: ['ngo'] },
    true,
    'organisation id',
  ),
  f(
    ['vessel'],
    'Vessel (blank if none)',
    { type: 'ref', registry: 'vessels', free: false },
    false,
    'vessel id: its detentions and seizures form the vessel record',
  ),
  f(['confidentiality'], 'Confidentiality', choice(Confidentiality.options), true, one(Confidentiality.options)),
  f(['prepared_on'], 'Date printed on the cover', { type: 'date' }, true, 'also fixes the PDF dates'),
  f(
    ['locale'],
    'Language of the dossier (blank for the repository default)',
    choice(Locale.options),
    false,
    one(Locale.options),
  ),
  f(['summary'], 'Statement of facts (Markdown; edit the file for more)', { type: 'markdown' }),
  f(['relief_sought'], 'Relief sought (Markdown; edit the file for more)', { type: 'markdown' }),
];

/** Every field of a list of steps, flattened with full paths (for --set and comments). */
export function allFields(steps: Step[], prefix: FieldPath = []): FieldSpec[] {
  return steps.flatMap((step): FieldSpec[] => {
    if ('field' in step) return [{ ...step.field, path: [...prefix, ...step.field.path] }];
    if ('repeat' in step)
      return step.repeat.fields.map((field) => ({
        ...field,
        path: [...prefix, ...step.repeat.path, '*', ...field.path],
      }));
    return allFields(step.optionalBlock.steps, prefix);
  });
}

/**
 * The question that answers a path of a draft (list items by number), to ask it again: the field
 * itself, or the field that holds it (a list of evidence ids for one of its items).
 */
export function fieldFor(steps: Step[], path: FieldPath): { field: FieldSpec; path: FieldPath } | undefined {
  const fields = allFields(steps);
  for (let n = path.length; n > 0; n--) {
    const pattern = path.slice(0, n).map((s) => (typeof s === 'number' ? '*' : s));
    const field = fields.find((f) => f.path.length === n && f.path.every((s, i) => s === pattern[i]));
    if (field) return { field, path: path.slice(0, n) };
  }
  return undefined;
}
