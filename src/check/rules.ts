import path from 'node:path';
import type { FieldPath, Problem } from '../errors.js';
import { leadsUp, type EvidenceProbe } from '../load/evidence.js';
import { placeOf, problemAt, type YamlSource } from '../load/yaml-source.js';
import type { z } from 'zod';
import { detentionAppealDeadline, seizureReviewDeadline, type Deadline } from './deadlines.js';
import { describeDeadline, nonWorkingDayName } from '../i18n/deadlines.js';
import { formatterFor, plainSpaces } from '../i18n/format.js';
import { closest } from './describe.js';
import { writtenAt, type Readable } from './readable.js';
import {
  DetentionSchema,
  SeizureSchema,
  type CountEstimate,
  type PEOPLE_COUNTS,
  type Case,
  type Config,
  type Incident,
  type Organisation,
  type Reference,
  type Vessel,
} from './schemas.js';
import { daysBetween, type Instant } from './values.js';

/**
 * One entry of a file: its id as written, its checked value when the schema passed, and what
 * could be read of it when the schema failed elsewhere (the rules run on that).
 */
export interface Entity<T> {
  id: string | undefined;
  value: T | undefined;
  readable: Readable<T> | undefined;
  source: YamlSource;
  path: FieldPath;
}

export interface RuleInput {
  config: Config;
  registry: { vessels: Entity<Vessel>[]; organisations: Entity<Organisation>[]; references: Entity<Reference>[] };
  cases: {
    entity: Entity<Case>;
    folder: string;
    dir: string;
    incidents: Entity<Incident>[];
    /** Incident files found in the case's folder, readable or not. */
    incidentFiles: number;
  }[];
  /** Every case folder, including those whose case.yaml cannot be read (already an error). */
  caseFolders: readonly string[];
  today: string;
}

/** The ids a reference may name: those of the registry. */
export interface KnownIds {
  vessel: ReadonlySet<string>;
  organisation: ReadonlySet<string>;
  reference: ReadonlySet<string>;
}

type Refer = (kind: keyof KnownIds, id: string, source: YamlSource, at: FieldPath) => void;

function referrer(known: KnownIds, push: (p: Problem) => void): Refer {
  return (kind, id, source, at) => {
    if (known[kind].has(id)) return;
    const guess = closest(id, known[kind]);
    const hint = guess
      ? `; did you mean "${guess}"?`
      : known[kind].size === 0
        ? `; the registry lists no ${kind}s`
        : '';
    push(problemAt(source, at, 'error', `reference.unknown-${kind}`, `unknown ${kind} "${id}"${hint}`));
  };
}

/**
 * The rules of one incident, against the registry's ids: `validate` runs them on every incident,
 * `new` on its draft before writing it.
 */
export function incidentProblems(
  entity: Entity<Incident>,
  known: KnownIds,
  context: { config: Config; today: string },
): Problem[] {
  const problems: Problem[] = [];
  const push = (p: Problem) => problems.push(p);
  if (entity.readable) incidentRules(entity, entity.readable, context, referrer(known, push), push);
  return problems;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** An appeal deadline this close is worth a warning even before it passes. */
const DEADLINE_WARNING_DAYS = 7;

export function crossReferenceRules(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  const push = (p: Problem) => problems.push(p);
  const { registry, cases } = input;

  uniqueIds('vessel', registry.vessels, push);
  uniqueIds('organisation', registry.organisations, push);
  uniqueIds('reference', registry.references, push);
  uniqueIds(
    'incident',
    cases.flatMap((c) => c.incidents),
    push,
  );

  const known: KnownIds = {
    vessel: idSet(registry.vessels),
    organisation: idSet(registry.organisations),
    reference: idSet(registry.references),
  };
  const incidentsByCase = new Map(cases.map((c) => [c.folder, idSet(c.incidents)]));
  const refer = referrer(known, push);

  for (const v of registry.vessels) {
    if (v.readable?.operator) refer('organisation', v.readable.operator, v.source, [...v.path, 'operator']);
  }

  for (const c of cases) {
    const kase = c.entity.readable;
    const source = c.entity.source;
    if (kase) {
      caseRules(c.entity, kase, c.folder, { incidentsByCase, caseFolders: input.caseFolders }, refer, push);
      // Written as `incidents: []` or left out, and no incident file in its folder either.
      if (c.incidentFiles === 0 && !(writtenAt(source.value, ['incidents']) as unknown[] | undefined)?.length) {
        push(
          problemAt(
            source,
            ['incidents'],
            'warning',
            'case.no-incidents',
            'the case has no incidents: its dossier would show no facts ' +
              `(add one with casebuilder new interception --case ${c.folder}, or pull one in with incidents:)`,
          ),
        );
      }
    }
    for (const entity of c.incidents) {
      if (entity.readable) incidentRules(entity, entity.readable, input, refer, push);
    }
  }
  return problems;
}

interface CaseContext {
  /** The incident ids of each case folder, for `incidents: [case/id]`. */
  incidentsByCase: ReadonlyMap<string, ReadonlySet<string>>;
  caseFolders: readonly string[];
}

/**
 * The rules of one case.yaml, against the registry's ids: `validate` runs them on every case,
 * `new-case` on its draft.
 */
export function caseProblems(entity: Entity<Case>, folder: string, known: KnownIds, context: CaseContext): Problem[] {
  const problems: Problem[] = [];
  const push = (p: Problem) => problems.push(p);
  if (entity.readable) caseRules(entity, entity.readable, folder, context, referrer(known, push), push);
  return problems;
}

function caseRules(
  entity: Entity<Case>,
  kase: Readable<Case>,
  folder: string,
  context: CaseContext,
  refer: Refer,
  push: (p: Problem) => void,
) {
  const source = entity.source;
  if (kase.id !== undefined && kase.id !== folder) {
    push(
      problemAt(
        source,
        ['id'],
        'error',
        'case.id-mismatch',
        `the case id "${kase.id}" must equal its folder name "${folder}"`,
      ),
    );
  }
  if (kase.client) refer('organisation', kase.client, source, ['client']);
  if (kase.vessel) refer('vessel', kase.vessel, source, ['vessel']);
  kase.references?.forEach((id, i) => id && refer('reference', id, source, ['references', i]));
  kase.incidents?.forEach((ref, i) => {
    if (!ref) return;
    const [caseId, incidentId] = ref.split('/') as [string, string];
    const incidents = context.incidentsByCase.get(caseId);
    // A case whose case.yaml cannot be read is an error of its own: its incidents are not "unknown".
    if (!incidents && context.caseFolders.includes(caseId)) return;
    if (!incidents) {
      push(
        problemAt(source, ['incidents', i], 'error', 'reference.unknown-case', `unknown case "${caseId}" in "${ref}"`),
      );
    } else if (!incidents.has(incidentId)) {
      const guess = closest(incidentId, incidents);
      push(
        problemAt(
          source,
          ['incidents', i],
          'error',
          'reference.unknown-incident',
          `case "${caseId}" has no incident "${incidentId}"${guess ? `; did you mean "${guess}"?` : ''}`,
        ),
      );
    }
  });
}

/**
 * A block that passes its own schema, even in a file that fails elsewhere: the rules that need
 * the whole block (days held, deadlines) run on it.
 */
function wholeBlock<S extends z.ZodType>(schema: S, entity: Entity<Incident>, key: string): z.output<S> | undefined {
  const result = schema.safeParse(writtenAt(entity.source.value, [key]));
  return result.success ? result.data : undefined;
}

function incidentRules(
  entity: Entity<Incident>,
  incident: Readable<Incident>,
  input: { config: Config; today: string },
  refer: Refer,
  push: (p: Problem) => void,
) {
  const source = entity.source;
  const at = (p: FieldPath, severity: 'error' | 'warning', code: string, message: string) =>
    push(problemAt(source, p, severity, code, message));
  // A value written but wrong is not read: a rule that needs it waits, rather than taking it as absent.
  const unread = (p: FieldPath) => writtenAt(source.value, p) !== undefined && writtenAt(incident, p) === undefined;

  uniqueLabels('evidence', incident.evidence ?? [], ['evidence'], source, push);
  uniqueLabels('witness', incident.witnesses ?? [], ['witnesses'], source, push);
  // The labels as written, so a citation of an entry that fails its schema is not reported again.
  const written = writtenAt(source.value, ['evidence']);
  const evidenceIds = new Set(
    (Array.isArray(written) ? written : []).flatMap((e) => {
      const id = (e as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? [id] : [];
    }),
  );
  const citeOne = (id: string | undefined, path: FieldPath) => {
    if (id === undefined || evidenceIds.has(id)) return;
    const guess = closest(id, evidenceIds);
    at(
      path,
      'error',
      'reference.unknown-evidence',
      `this incident has no evidence "${id}"` +
        (guess ? `; did you mean "${guess}"?` : evidenceIds.size ? `; it has ${[...evidenceIds].join(', ')}` : ''),
    );
  };
  const citeEvidence = (ids: (string | undefined)[] | undefined, base: FieldPath) =>
    ids?.forEach((id, i) => citeOne(id, [...base, i]));

  incident.vessels?.forEach((v, i) => {
    if (v?.ref) refer('vessel', v.ref, source, ['vessels', i, 'ref']);
  });
  incident.witnesses?.forEach((w, i) => citeOne(w?.statement, ['witnesses', i, 'statement']));

  const begins = incident.occurred_at;
  if (begins && incident.ended_at && incident.ended_at.epochMs < begins.epochMs) {
    at(
      ['ended_at'],
      'error',
      'time.end-before-start',
      `ends (${incident.ended_at.text}) before it begins (${begins.text})`,
    );
  }
  if (incident.people) peopleRules(incident.people, at);

  switch (incident.type) {
    case 'interception': {
      const block = incident.interception;
      if (!block) break;
      // The window is known when its start is, and its end is either read or not written.
      const from = unread(['ended_at']) ? undefined : begins;
      const outsideWindow = (t: Instant | undefined, p: FieldPath, what: string) => {
        if (!t || !from) return;
        const to = incident.ended_at ?? from;
        const distance = t.epochMs < from.epochMs ? from.epochMs - t.epochMs : t.epochMs - to.epochMs;
        if (distance > DAY_MS) {
          at(
            p,
            'warning',
            'time.outside-incident',
            `the ${what} at ${t.text} lies ${Math.round(distance / (60 * 60 * 1000))} hours outside the incident ` +
              `(${from.text}${incident.ended_at ? ` to ${incident.ended_at.text}` : ''})`,
          );
        }
      };
      block.violence?.forEach((v, i) => {
        outsideWindow(v?.at, ['interception', 'violence', i, 'at'], 'violence');
        citeEvidence(v?.evidence, ['interception', 'violence', i, 'evidence']);
      });
      block.communications?.forEach((c, i) => {
        outsideWindow(c?.at, ['interception', 'communications', i, 'at'], 'communication');
        citeEvidence(c?.evidence, ['interception', 'communications', i, 'evidence']);
      });
      break;
    }
    case 'detention': {
      const d = incident.detention;
      if (!d) break;
      if (d.vessel) refer('vessel', d.vessel, source, ['detention', 'vessel']);
      if (d.start && d.end && daysBetween(d.start, d.end) < 0) {
        at(
          ['detention', 'end'],
          'error',
          'time.end-before-start',
          `the detention ends (${d.end.text}) before it starts (${d.start.text})`,
        );
      }
      const whole =
        entity.value?.type === 'detention'
          ? entity.value.detention
          : wholeBlock(DetentionSchema.shape.detention, entity, 'detention');
      if (!whole) break;
      if (whole.ordered_days !== undefined) {
        // Days held as measures.ts counts them: calendar days from start to end, or to today.
        const held = Math.max(0, daysBetween(whole.start, whole.end ?? input.today));
        if (held > whole.ordered_days) {
          const message = whole.end
            ? `the vessel was held ${held} days, longer than the ${whole.ordered_days} days ordered`
            : `the vessel is still held after ${held} days, past the ${whole.ordered_days} days ordered`;
          at(
            whole.end ? ['detention', 'end'] : ['detention', 'ordered_days'],
            'warning',
            'detention.over-ordered-days',
            message,
          );
        }
      }
      if (whole.appeal)
        deadlineRule(
          whole.appeal.status,
          detentionAppealDeadline(whole, input.config),
          ['detention', 'appeal'],
          'appeal',
          input.today,
          at,
        );
      break;
    }
    case 'seizure': {
      const s = incident.seizure;
      if (!s) break;
      if (s.vessel) refer('vessel', s.vessel, source, ['seizure', 'vessel']);
      if (s.seized_at && s.released_at && daysBetween(s.seized_at, s.released_at) < 0) {
        at(
          ['seizure', 'released_at'],
          'error',
          'time.end-before-start',
          `the release (${s.released_at.text}) comes before the seizure (${s.seized_at.text})`,
        );
      }
      const whole =
        entity.value?.type === 'seizure'
          ? entity.value.seizure
          : wholeBlock(SeizureSchema.shape.seizure, entity, 'seizure');
      if (whole?.review)
        deadlineRule(
          whole.review.status,
          seizureReviewDeadline(whole, input.config),
          ['seizure', 'review'],
          'review',
          input.today,
          at,
        );
      break;
    }
  }
}

// Problems are written in English, as every message of validate is.
const ENGLISH = formatterFor('en');

function deadlineRule(
  status: string | undefined,
  deadline: Deadline | undefined,
  base: FieldPath,
  what: string,
  today: string,
  at: (p: FieldPath, severity: 'warning', code: string, message: string) => void,
) {
  if (!deadline) return;
  if (deadline.nonWorking) {
    const day = nonWorkingDayName(deadline.nonWorking, ENGLISH);
    at(
      [...base, 'deadline'],
      'warning',
      'deadline.not-working-day',
      `the deadline ${deadline.date} ` +
        `falls on ${deadline.nonWorking.because === 'holiday' ? 'a public holiday, ' : 'a '}` +
        `${day}: by art. 155 c.p.c. it moves to the next working day; check the date written`,
    );
  }
  if (status !== 'not_filed') return;
  const left = daysBetween(today, deadline.date);
  if (left > DEADLINE_WARNING_DAYS) return;
  const explained = describeDeadline(deadline, ENGLISH);
  const plain = explained && plainSpaces(explained);
  const how = plain ? ` (computed: ${plain})` : '';
  const message =
    left < 0
      ? `the ${what} is not filed and its deadline ${deadline.date}${how} passed ${-left} days ago`
      : `the ${what} is not filed and its deadline ${deadline.date}${how} ` +
        `falls ${left === 0 ? 'today' : `in ${left} days`}`;
  at([...base, 'status'], 'warning', `deadline.${what}`, message);
}

function peopleRules(
  people: Partial<Record<(typeof PEOPLE_COUNTS)[number], number>> & {
    estimates?: Partial<Record<(typeof PEOPLE_COUNTS)[number], CountEstimate>>;
  },
  at: (p: FieldPath, s: 'warning', code: string, m: string) => void,
) {
  // "At least 40 on board" bounds nothing from above: 45 intercepted says there were more.
  if (people.on_board === undefined || people.estimates?.on_board === 'at_least') return;
  const onBoard = people.on_board;
  const parts = ['rescued', 'intercepted', 'dead', 'missing', 'minors'] as const;
  for (const key of parts) {
    const n = people[key];
    if (n !== undefined && n > onBoard) {
      at(['people', key], 'warning', 'people.contradiction', `${key} (${n}) is greater than on_board (${onBoard})`);
    }
  }
  // Each person on board ends up rescued, intercepted, dead or missing, at most once.
  const outcomes = (['rescued', 'intercepted', 'dead', 'missing'] as const).filter((k) => people[k] !== undefined);
  const total = outcomes.reduce((sum, k) => sum + people[k]!, 0);
  if (outcomes.length > 1 && total > onBoard && outcomes.every((k) => people[k]! <= onBoard)) {
    at(
      ['people', 'on_board'],
      'warning',
      'people.contradiction',
      `${outcomes.join(' + ')} = ${total}, more than on_board (${onBoard})`,
    );
  }
}

function uniqueIds<T>(kind: string, entities: Entity<T>[], push: (p: Problem) => void) {
  const first = new Map<string, Entity<T>>();
  for (const e of entities) {
    if (e.id === undefined) continue;
    const earlier = first.get(e.id);
    if (!earlier) {
      first.set(e.id, e);
      continue;
    }
    const where = placeOf(earlier.source, [...earlier.path, 'id']);
    push(
      problemAt(
        e.source,
        [...e.path, 'id'],
        'error',
        `duplicate.${kind}`,
        `duplicate ${kind} id "${e.id}": already used at ${where}`,
      ),
    );
  }
}

function uniqueLabels(
  kind: string,
  items: ({ id?: string } | undefined)[],
  base: FieldPath,
  source: YamlSource,
  push: (p: Problem) => void,
) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (item?.id === undefined) return;
    if (seen.has(item.id))
      push(
        problemAt(
          source,
          [...base, i, 'id'],
          'error',
          `duplicate.${kind}`,
          `duplicate ${kind} id "${item.id}" in this incident`,
        ),
      );
    seen.add(item.id);
  });
}

function idSet(entities: Entity<unknown>[]): Set<string> {
  return new Set(entities.flatMap((e) => (e.id === undefined ? [] : [e.id])));
}

/** Every evidence file exists, is a regular file inside its case folder, and matches its sha256. */
export async function checkEvidenceFiles(
  cases: RuleInput['cases'],
  probe: EvidenceProbe,
  verifyHashes: boolean,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const hashJobs: (() => Promise<void>)[] = [];
  for (const c of cases) {
    for (const { readable: incident, source } of c.incidents) {
      incident?.evidence?.forEach((evidence, i) => {
        const at = (field: string, severity: 'error' | 'warning', code: string, message: string) =>
          problems.push(problemAt(source, ['evidence', i, field], severity, code, message));
        const copy = evidence?.public_copy?.file;
        if (copy !== undefined) {
          // The public copy stands in for the file in public output: it must be there, inside the case.
          const copyAt = (code: string, message: string, field: 'file' | 'sha256' = 'file') =>
            problems.push(problemAt(source, ['evidence', i, 'public_copy', field], 'error', code, message));
          const lexical = path.relative(c.dir, path.resolve(c.dir, copy));
          const facts = path.isAbsolute(copy) || leadsUp(lexical) ? undefined : probe.inspect(c.dir, copy);
          if (!facts || facts.kind === 'outside')
            copyAt('evidence.outside-case', `the public copy "${copy}" leads outside the case folder`);
          else if (facts.kind === 'missing')
            copyAt('evidence.missing', `the public copy "${copy}" does not exist in the case folder`);
          else if (facts.kind === 'not-file')
            copyAt('evidence.not-file', `the public copy "${copy}" is not a regular file`);
          else if (facts.kind === 'up-through-link') copyAt('evidence.up-through-link', upThroughLink(copy));
          else if (verifyHashes && evidence!.public_copy!.sha256) {
            const recorded = evidence!.public_copy!.sha256;
            hashJobs.push(async () => {
              const actual = await probe.sha256(facts.path);
              if (actual !== recorded)
                copyAt(
                  'evidence.sha256-mismatch',
                  `the public copy "${copy}" does not match its recorded sha256: ` +
                    `recorded ${recorded}, file has ${actual}`,
                  'sha256',
                );
            });
          }
        }
        const file = evidence?.file;
        if (file === undefined) return;
        if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) {
          return at(
            'file',
            'error',
            'evidence.outside-case',
            `"${file}" is an absolute path: evidence paths are relative to the case folder`,
          );
        }
        const lexical = path.relative(c.dir, path.resolve(c.dir, file));
        if (leadsUp(lexical)) {
          return at('file', 'error', 'evidence.outside-case', `"${file}" leads outside the case folder`);
        }
        const facts = probe.inspect(c.dir, file);
        if (facts.kind === 'missing')
          return at(
            'file',
            'error',
            'evidence.missing',
            `the evidence file "${file}" does not exist in the case folder`,
          );
        if (facts.kind === 'outside')
          return at(
            'file',
            'error',
            'evidence.outside-case',
            `"${file}" is a symbolic link that leads outside the case folder`,
          );
        if (facts.kind === 'not-file')
          return at('file', 'error', 'evidence.not-file', `"${file}" is not a regular file`);
        if (facts.kind === 'up-through-link')
          return at('file', 'error', 'evidence.up-through-link', upThroughLink(file));
        if (!evidence!.sha256) {
          // A sha256 written but wrong is a schema error already: no second word about it.
          if (writtenAt(source.value, ['evidence', i, 'sha256']) !== undefined) return;
          return at(
            'sha256',
            'warning',
            'evidence.no-sha256',
            `no sha256 recorded for "${file}": the chain of custody is incomplete (run casebuilder evidence hash)`,
          );
        }
        if (!verifyHashes) return;
        const recorded = evidence!.sha256;
        hashJobs.push(async () => {
          const actual = await probe.sha256(facts.path);
          if (actual !== recorded) {
            at(
              'sha256',
              'error',
              'evidence.sha256-mismatch',
              `"${file}" does not match its recorded sha256: recorded ${recorded}, file has ${actual}`,
            );
          }
        });
      });
    }
  }
  await runLimited(hashJobs, 4);
  return problems;
}

async function runLimited(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

function upThroughLink(file: string): string {
  return (
    `"${file}" goes up ("..") after a symbolic link, so the system would read another file than ` +
    'the path names: write the path without ".."'
  );
}
