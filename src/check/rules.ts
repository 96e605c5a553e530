import path from 'node:path';
import type { FieldPath, Problem } from '../errors.js';
import type { EvidenceProbe } from '../load/evidence.js';
import { placeOf, problemAt, type YamlSource } from '../load/yaml-source.js';

import { detentionAppealDeadline, seizureReviewDeadline, type Deadline } from './deadlines.js';
import { describeDeadline, nonWorkingDayName } from '../i18n/deadlines.js';
import { formatterFor, plainSpaces } from '../i18n/format.js';
import { closest } from './describe.js';
import type { Case, Config, Evidence, Incident, Organisation, Reference, Vessel } from './schemas.js';
import { daysHeld } from './measures.js';
import { daysBetween, type Instant } from './values.js';

/** One entry of a file: its id as written, its checked value when the schema passed. */
export interface Entity<T> {
  id: string | undefined;
  value: T | undefined;
  source: YamlSource;
  path: FieldPath;
}

export interface RuleInput {
  config: Config;
  registry: { vessels: Entity<Vessel>[]; organisations: Entity<Organisation>[]; references: Entity<Reference>[] };
  cases: { entity: Entity<Case>; folder: string; dir: string; incidents: Entity<Incident>[] }[];
  today: string;
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

  const known = {
    vessel: idSet(registry.vessels),
    organisation: idSet(registry.organisations),
    reference: idSet(registry.references),
  };
  const incidentsByCase = new Map(cases.map((c) => [c.folder, idSet(c.incidents)]));
  const refer = (kind: keyof typeof known, id: string, source: YamlSource, at: FieldPath) => {
    if (known[kind].has(id)) return;
    const guess = closest(id, known[kind]);
    const hint = guess
      ? `; did you mean "${guess}"?`
      : known[kind].size === 0
        ? `; the registry lists no ${kind}s`
        : '';
    push(problemAt(source, at, 'error', `reference.unknown-${kind}`, `unknown ${kind} "${id}"${hint}`));
  };

  for (const v of registry.vessels) {
    if (v.value?.operator) refer('organisation', v.value.operator, v.source, [...v.path, 'operator']);
  }

  for (const c of cases) {
    const kase = c.entity.value;
    const source = c.entity.source;
    if (kase) {
      if (kase.id !== c.folder) {
        push(
          problemAt(
            source,
            ['id'],
            'error',
            'case.id-mismatch',
            `the case id "${kase.id}" must equal its folder name "${c.folder}"`,
          ),
        );
      }
      refer('organisation', kase.client, source, ['client']);
      if (kase.vessel) refer('vessel', kase.vessel, source, ['vessel']);
      kase.references?.forEach((id, i) => refer('reference', id, source, ['references', i]));
      kase.incidents?.forEach((ref, i) => {
        const [caseId, incidentId] = ref.split('/') as [string, string];
        const incidents = incidentsByCase.get(caseId);
        if (!incidents) {
          push(
            problemAt(
              source,
              ['incidents', i],
              'error',
              'reference.unknown-case',
              `unknown case "${caseId}" in "${ref}"`,
            ),
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
    for (const entity of c.incidents) {
      if (entity.value) incidentRules(entity.value, entity.source, input, refer, push);
    }
  }
  return problems;
}

function incidentRules(
  incident: Incident,
  source: YamlSource,
  input: RuleInput,
  refer: (kind: 'vessel' | 'organisation' | 'reference', id: string, source: YamlSource, at: FieldPath) => void,
  push: (p: Problem) => void,
) {
  const at = (p: FieldPath, severity: 'error' | 'warning', code: string, message: string) =>
    push(problemAt(source, p, severity, code, message));

  uniqueLabels('evidence', incident.evidence ?? [], ['evidence'], source, push);
  uniqueLabels('witness', incident.witnesses ?? [], ['witnesses'], source, push);
  const evidenceIds = new Set((incident.evidence ?? []).map((e) => e.id));
  const citeEvidence = (ids: string[] | undefined, base: FieldPath) =>
    ids?.forEach((id, i) => {
      if (evidenceIds.has(id)) return;
      const guess = closest(id, evidenceIds);
      at(
        [...base, i],
        'error',
        'reference.unknown-evidence',
        `this incident has no evidence "${id}"` +
          (guess ? `; did you mean "${guess}"?` : evidenceIds.size ? `; it has ${[...evidenceIds].join(', ')}` : ''),
      );
    });

  incident.vessels?.forEach((v, i) => {
    if (v.ref) refer('vessel', v.ref, source, ['vessels', i, 'ref']);
  });
  incident.witnesses?.forEach((w, i) => w.statement && citeEvidence([w.statement], ['witnesses', i, 'statement']));

  if (incident.ended_at && incident.ended_at.epochMs < incident.occurred_at.epochMs) {
    at(
      ['ended_at'],
      'error',
      'time.end-before-start',
      `ends (${incident.ended_at.text}) before it begins (${incident.occurred_at.text})`,
    );
  }
  peopleRules(incident, at);

  switch (incident.type) {
    case 'interception': {
      const block = incident.interception;
      const windowStart = incident.occurred_at.epochMs;
      const windowEnd = (incident.ended_at ?? incident.occurred_at).epochMs;
      const outsideWindow = (t: Instant, p: FieldPath, what: string) => {
        const distance = t.epochMs < windowStart ? windowStart - t.epochMs : t.epochMs - windowEnd;
        if (distance > DAY_MS) {
          at(
            p,
            'warning',
            'time.outside-incident',
            `the ${what} at ${t.text} lies ${Math.round(distance / (60 * 60 * 1000))} hours outside the incident ` +
              `(${incident.occurred_at.text}${incident.ended_at ? ` to ${incident.ended_at.text}` : ''})`,
          );
        }
      };
      block.violence?.forEach((v, i) => {
        outsideWindow(v.at, ['interception', 'violence', i, 'at'], 'violence');
        citeEvidence(v.evidence, ['interception', 'violence', i, 'evidence']);
      });
      block.communications?.forEach((c, i) => {
        outsideWindow(c.at, ['interception', 'communications', i, 'at'], 'communication');
        citeEvidence(c.evidence, ['interception', 'communications', i, 'evidence']);
      });
      break;
    }
    case 'detention': {
      const d = incident.detention;
      refer('vessel', d.vessel, source, ['detention', 'vessel']);
      if (d.end && daysBetween(d.start, d.end) < 0) {
        at(
          ['detention', 'end'],
          'error',
          'time.end-before-start',
          `the detention ends (${d.end.text}) before it starts (${d.start.text})`,
        );
      }
      if (d.ordered_days !== undefined) {
        const held = daysHeld(incident, input.today)!.days;
        if (held > d.ordered_days) {
          const message = d.end
            ? `the vessel was held ${held} days, longer than the ${d.ordered_days} days ordered`
            : `the vessel is still held after ${held} days, past the ${d.ordered_days} days ordered`;
          at(
            d.end ? ['detention', 'end'] : ['detention', 'ordered_days'],
            'warning',
            'detention.over-ordered-days',
            message,
          );
        }
      }
      if (d.appeal)
        deadlineRule(
          d.appeal.status,
          detentionAppealDeadline(d, input.config),
          ['detention', 'appeal'],
          'appeal',
          input.today,
          at,
        );
      break;
    }
    case 'seizure': {
      const s = incident.seizure;
      refer('vessel', s.vessel, source, ['seizure', 'vessel']);
      if (s.released_at && daysBetween(s.seized_at, s.released_at) < 0) {
        at(
          ['seizure', 'released_at'],
          'error',
          'time.end-before-start',
          `the release (${s.released_at.text}) comes before the seizure (${s.seized_at.text})`,
        );
      }
      if (s.review)
        deadlineRule(
          s.review.status,
          seizureReviewDeadline(s, input.config),
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

function peopleRules(incident: Incident, at: (p: FieldPath, s: 'warning', code: string, m: string) => void) {
  const people = incident.people;
  if (!people || people.on_board === undefined) return;
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
  items: { id: string }[],
  base: FieldPath,
  source: YamlSource,
  push: (p: Problem) => void,
) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
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
    for (const { value: incident, source } of c.incidents) {
      incident?.evidence?.forEach((evidence: Evidence, i) => {
        const at = (field: string, severity: 'error' | 'warning', code: string, message: string) =>
          problems.push(problemAt(source, ['evidence', i, field], severity, code, message));
        const file = evidence.file;
        if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) {
          return at(
            'file',
            'error',
            'evidence.outside-case',
            `"${file}" is an absolute path: evidence paths are relative to the case folder`,
          );
        }
        const lexical = path.relative(c.dir, path.resolve(c.dir, file));
        if (lexical.startsWith('..') || path.isAbsolute(lexical)) {
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
        if (!evidence.sha256) {
          return at(
            'sha256',
            'warning',
            'evidence.no-sha256',
            `no sha256 recorded for "${file}": the chain of custody is incomplete (run casebuilder evidence hash)`,
          );
        }
        if (!verifyHashes) return;
        const recorded = evidence.sha256;
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
