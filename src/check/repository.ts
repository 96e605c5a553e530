import type { Problem } from '../errors.js';
import type { EvidenceProbe } from '../load/evidence.js';
import { concerns, type LoadedRepository } from '../load/repository.js';
import { problemAt, type YamlSource } from '../load/yaml-source.js';
import { describeValue } from './describe.js';
import { checkSchema } from './schema-problems.js';
import {
  CaseSchema,
  ConfigSchema,
  IncidentType,
  incidentSchemas,
  InterceptionSchema,
  OrganisationSchema,
  ReferenceSchema,
  VesselSchema,
  type Case,
  type Config,
  type Incident,
  type Organisation,
  type Reference,
  type Vessel,
} from './schemas.js';
import { localeRules } from './locale-rules.js';
import { placeRules, type PlaceIndex } from './place-rules.js';
import { readableValue } from './readable.js';
import {
  caseProblems,
  checkEvidenceFiles,
  crossReferenceRules,
  incidentProblems,
  type Entity,
  type KnownIds,
  type RuleInput,
} from './rules.js';
import { DateTime } from 'luxon';
import { z } from './zod.js';

export interface CheckedIncident {
  incident: Incident;
  source: YamlSource;
  /** The case whose incidents/ folder holds the file. */
  caseId: string;
  caseDir: string;
}

export interface CheckedCase {
  id: string;
  dir: string;
  source: YamlSource;
  case: Case;
  /** Incidents in the case's own folder, in file order. */
  incidents: CheckedIncident[];
}

export interface CheckedRepository {
  root: string;
  casesDir: string;
  registrySource?: YamlSource;
  configSource?: YamlSource;
  config: Config;
  vessels: Map<string, Vessel>;
  organisations: Map<string, Organisation>;
  references: Map<string, Reference>;
  cases: CheckedCase[];
  /** Every case folder found, including those whose case.yaml has errors. */
  caseFolders: string[];
  incidents: Map<string, CheckedIncident>;
  display: (absPath: string) => string;
  /** The case folder each case file belongs to, by the name shown. */
  owners: Map<string, string>;
  /** Regions, distance to the coast and class of each valid incident's position (place-rules.ts). */
  places: PlaceIndex;
  /**
   * Fills `places` before a dossier is assembled. The place rules fill it as they run; when
   * their problems come from the cache, the places are worked out here, once, and only by a
   * build that assembles a case (a no-op rebuild never loads the geo data).
   */
  locate: () => Promise<void>;
}

export interface CheckOptions {
  probe: EvidenceProbe;
  /** The present moment: deadlines and open detentions count to today in the repository's zone. */
  nowMs: number;
  /** Recompute recorded SHA-256 values (slow on large evidence; `list` skips it). */
  verifyHashes: boolean;
  /** Check evidence and report problems only for these cases (all when absent). */
  only?: ReadonlySet<string>;
  /**
   * The problems of the rules across files, remembered by a key over every file's content and
   * today's date: the same files on the same day give the same problems. Evidence on disk is
   * always looked at again.
   */
  rules?: { get(key: string): Problem[] | undefined; set(key: string, problems: Problem[]): void; key: string };
  /**
   * Record where each incident's position lies (`places`), for a dossier or a report. `validate`
   * says false: its warnings need only the regions and the land, not every position's coast.
   */
  places?: boolean;
}

/**
 * Checks a loaded repository against format.md: schemas, then cross-references, evidence
 * files and the warnings. Problems are data; the value holds everything that passed.
 */
export async function checkRepository(
  loaded: LoadedRepository,
  options: CheckOptions,
): Promise<{ value: CheckedRepository; problems: Problem[] }> {
  const problems: Problem[] = [];

  let config = ConfigSchema.parse({});
  if (loaded.config) {
    const checked = once(loaded.config, () => checkSchema(ConfigSchema, loaded.config!));
    problems.push(...checked.problems);
    if (checked.value) config = checked.value;
  }

  const registry = {
    vessels: [] as Entity<Vessel>[],
    organisations: [] as Entity<Organisation>[],
    references: [] as Entity<Reference>[],
  };
  if (loaded.registry) {
    const source = loaded.registry;
    // A registry that passed whole is known from the parse cache, entry by entry.
    const known = source.checked?.value as Record<string, unknown[]> | undefined;
    const top = known
      ? { value: source.value as z.output<typeof RegistryShape>, problems: [] }
      : checkSchema(RegistryShape, source);
    problems.push(...top.problems);
    let clean = top.problems.length === 0;
    const values: Record<string, unknown[]> = { vessels: [], organisations: [], references: [] };
    if (top.value) {
      // Entry by entry, so one broken vessel does not hide the others.
      const kinds = [
        ['vessels', VesselSchema],
        ['organisations', OrganisationSchema],
        ['references', ReferenceSchema],
      ] as const;
      for (const [kind, schema] of kinds) {
        (top.value[kind] ?? []).forEach((raw, i) => {
          const checked = known
            ? { value: known[kind]![i] as z.output<typeof schema>, problems: [] }
            : checkSchema(schema, source, raw, [kind, i]);
          problems.push(...checked.problems);
          if (checked.problems.length > 0) clean = false;
          values[kind]!.push(checked.value);
          const readable = checked.value ?? readableValue(schema, raw);
          (registry[kind] as Entity<unknown>[]).push({
            id: rawId(raw),
            value: checked.value,
            readable,
            source,
            path: [kind, i],
          });
        });
      }
    }
    if (!known && clean && top.value) source.checked = { value: values };
  }

  // Every file read, readable or not, by case folder: an incident file that cannot be parsed still counts.
  const filesByCase = new Map<string, number>();
  for (const owner of loaded.owners.values()) filesByCase.set(owner, (filesByCase.get(owner) ?? 0) + 1);

  const cases: RuleInput['cases'] = [];
  for (const loadedCase of loaded.cases) {
    const checked = once(loadedCase.caseFile, () => checkSchema(CaseSchema, loadedCase.caseFile));
    problems.push(...checked.problems);
    const incidents = loadedCase.incidents.map((source): Entity<Incident> => {
      const result = once(source, () => checkIncident(source));
      problems.push(...result.problems);
      return incidentEntity(source, result.value);
    });
    const caseFile = loadedCase.caseFile;
    cases.push({
      entity: {
        id: rawId(caseFile.value),
        value: checked.value,
        readable: checked.value ?? readableValue(CaseSchema, caseFile.value),
        source: caseFile,
        path: [],
      },
      dir: loadedCase.dir,
      folder: loadedCase.folder,
      incidents,
      incidentFiles: (filesByCase.get(loadedCase.folder) ?? 1) - 1,
    });
  }

  const repository: CheckedRepository = {
    root: loaded.root,
    casesDir: loaded.casesDir,
    registrySource: loaded.registry,
    configSource: loaded.config,
    config,
    vessels: validById(registry.vessels),
    organisations: validById(registry.organisations),
    references: validById(registry.references),
    cases: [],
    caseFolders: loaded.caseFolders,
    incidents: new Map(),
    display: loaded.display,
    owners: loaded.owners,
    places: new Map(),
    locate: async () => {},
  };

  for (const c of cases) {
    const checkedIncidents: CheckedIncident[] = [];
    for (const i of c.incidents) {
      if (!i.value) continue;
      const checked = { incident: i.value, source: i.source, caseId: c.folder, caseDir: c.dir };
      checkedIncidents.push(checked);
      if (!repository.incidents.has(i.value.id)) repository.incidents.set(i.value.id, checked);
    }
    if (c.entity.value) {
      repository.cases.push({
        id: c.folder,
        dir: c.dir,
        source: c.entity.source,
        case: c.entity.value,
        incidents: checkedIncidents,
      });
    }
  }

  const today = DateTime.fromMillis(options.nowMs, { zone: config.timezone }).toISODate()!;
  const rulesKey = options.rules && `${options.rules.key} ${today}`;
  let ruled = rulesKey === undefined ? undefined : options.rules!.get(rulesKey);
  if (!ruled) {
    const incidentsById = new Map(cases.flatMap((c) => c.incidents).flatMap((i) => (i.id ? [[i.id, i] as const] : [])));
    ruled = [
      ...crossReferenceRules({ config, registry, cases, caseFolders: loaded.caseFolders, today }),
      ...localeRules(cases, incidentsById, registry.references, config),
      ...(await placeRules(cases, options.places === false ? undefined : repository.places)),
    ];
    if (rulesKey !== undefined) options.rules!.set(rulesKey, ruled);
    // Asked for no places (validate): worked out if something assembles after all.
    if (options.places === false) repository.locate = placesWhenAsked(cases, repository.places);
  } else {
    repository.locate = placesWhenAsked(cases, repository.places);
  }
  problems.push(...ruled);

  const selected = options.only ? cases.filter((c) => options.only!.has(c.folder)) : cases;
  problems.push(...(await checkEvidenceFiles(selected, options.probe, options.verifyHashes)));

  const reported = options.only ? problems.filter((p) => concerns(p, loaded.owners, options.only!)) : problems;
  return { value: repository, problems: reported.sort(byPosition) };
}

/** The places of a repository's positions, worked out once, on the first call. */
function placesWhenAsked(cases: Parameters<typeof placeRules>[0], places: PlaceIndex): () => Promise<void> {
  let located: Promise<unknown> | undefined;
  return async () => {
    located ??= placeRules(cases, places);
    await located;
  };
}

/**
 * A file's own schema check, run once: a file known from the parse cache passed it when it was
 * remembered, and one that passes now is marked so for the cache.
 */
function once<T>(
  source: YamlSource,
  check: () => { value?: T; problems: Problem[] },
): { value?: T; problems: Problem[] } {
  if (source.checked) return { value: source.checked.value as T, problems: [] };
  const result = check();
  if (result.value !== undefined && result.problems.length === 0) source.checked = { value: result.value };
  return result;
}

const RegistryShape = z.strictObject({
  vessels: z.array(z.unknown()).optional(),
  organisations: z.array(z.unknown()).optional(),
  references: z.array(z.unknown()).optional(),
});

const typeNames = IncidentType.options.join(', ');

/** The fields every incident type shares: what can be read of an incident whose type is not known. */
const CommonIncidentSchema = InterceptionSchema.omit({ type: true, interception: true });

/** An incident file as the rules see it: checked, or what could be read of it. */
function incidentEntity(source: YamlSource, value: Incident | undefined): Entity<Incident> {
  const data = source.value;
  const type = (data as { type?: unknown } | null)?.type;
  const schema =
    typeof type === 'string' && Object.hasOwn(incidentSchemas, type)
      ? incidentSchemas[type as keyof typeof incidentSchemas]
      : CommonIncidentSchema;
  return { id: rawId(data), value, readable: value ?? readableValue(schema, data), source, path: [] };
}

/**
 * What `new` runs on its draft before writing it (the draft passed its schema already): the
 * rules of one incident against the repository's registry, and its evidence files.
 */
export async function checkDraftIncident(
  repository: CheckedRepository,
  draft: { source: YamlSource; caseFolder: string; caseDir: string },
  options: Pick<CheckOptions, 'probe' | 'nowMs'>,
): Promise<Problem[]> {
  const result = checkIncident(draft.source);
  const entity = incidentEntity(draft.source, result.value);
  const known = knownIds(repository);
  const config = repository.config;
  const today = DateTime.fromMillis(options.nowMs, { zone: config.timezone }).toISODate()!;
  const caseInput = {
    entity: { id: draft.caseFolder, value: undefined, readable: undefined, source: draft.source, path: [] },
    folder: draft.caseFolder,
    dir: draft.caseDir,
    incidents: [entity],
    incidentFiles: 1,
  };
  const problems = [
    ...result.problems,
    ...incidentProblems(entity, known, { config, today }),
    ...(await placeRules([caseInput])),
    ...(await checkEvidenceFiles([caseInput], options.probe, true)),
  ];
  return problems.sort(byPosition);
}

/**
 * What `new-case` runs on its draft before writing it: the rules of one case.yaml against the
 * registry and the incidents of the other cases. A new case has no incidents yet, which is
 * what comes next, not a problem to ask about.
 */
export function checkDraftCase(
  repository: CheckedRepository,
  draft: { source: YamlSource; folder: string },
): Problem[] {
  const checked = checkSchema(CaseSchema, draft.source);
  const entity: Entity<Case> = {
    id: rawId(draft.source.value),
    value: checked.value,
    readable: checked.value ?? readableValue(CaseSchema, draft.source.value),
    source: draft.source,
    path: [],
  };
  const incidentsByCase = new Map<string, Set<string>>();
  for (const { incident, caseId } of repository.incidents.values()) {
    if (!incidentsByCase.has(caseId)) incidentsByCase.set(caseId, new Set());
    incidentsByCase.get(caseId)!.add(incident.id);
  }
  const context = { incidentsByCase, caseFolders: repository.caseFolders };
  return [...checked.problems, ...caseProblems(entity, draft.folder, knownIds(repository), context)].sort(byPosition);
}

function knownIds(repository: CheckedRepository): KnownIds {
  return {
    vessel: new Set(repository.vessels.keys()),
    organisation: new Set(repository.organisations.keys()),
    reference: new Set(repository.references.keys()),
  };
}

function checkIncident(source: YamlSource) {
  const value = source.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      value: undefined,
      problems: [
        problemAt(
          source,
          [],
          'error',
          'schema.invalid_type',
          `expected a mapping of incident fields; got ${describeValue(value)}`,
        ),
      ],
    };
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) {
    return {
      value: undefined,
      problems: [
        problemAt(source, ['type'], 'error', 'schema.missing-field', `required field is missing: one of ${typeNames}`),
      ],
    };
  }
  // Own keys only: `in` would take "valueOf" or "constructor" for a type.
  if (typeof type !== 'string' || !Object.hasOwn(incidentSchemas, type)) {
    return {
      value: undefined,
      problems: [
        problemAt(
          source,
          ['type'],
          'error',
          'schema.invalid_value',
          `expected one of ${typeNames}; got ${describeValue(type)}`,
        ),
      ],
    };
  }
  return checkSchema(incidentSchemas[type as keyof typeof incidentSchemas] as z.ZodType<Incident>, source);
}

/** The id as written, even in an entry that fails its schema, so references to it do not cascade. */
function rawId(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

function validById<T extends { id: string }>(entities: Entity<T>[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const e of entities) if (e.value && !map.has(e.value.id)) map.set(e.value.id, e.value);
  return map;
}

/** Deterministic order for output that CI logs and diffs: file, then place in it. */
export function byPosition(a: Problem, b: Problem): number {
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
