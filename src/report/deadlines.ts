import {
  detentionAppealDeadline,
  fineOppositionDeadline,
  seizureReviewDeadline,
  type Deadline,
} from '../check/deadlines.js';
import type { CheckedRepository } from '../check/repository.js';
import { daysBetween } from '../check/values.js';

export type DeadlineKind = 'detention_appeal' | 'fine_opposition' | 'seizure_review';

export interface DeadlineEntry {
  case: string;
  incident: string;
  kind: DeadlineKind;
  date: string;
  written: boolean;
  basis?: Deadline['basis'];
  /** How a computed deadline was counted, step by step (see src/check/calendar.ts). */
  steps?: Deadline['steps'];
  /** The appeal's or review's status; `not_recorded` when the incident has no such block. */
  status: string;
  filed_at?: string;
  forum?: string;
  /** Days from today to the deadline: negative once it has passed. */
  days_left: number;
  /** Passed and not filed: the one a lawyer must see first. */
  overdue: boolean;
}

const NOT_FILED = new Set(['not_filed', 'not_recorded']);

/** Every appeal and review deadline of the repository, soonest first. */
export function collectDeadlines(repository: CheckedRepository, today: string): DeadlineEntry[] {
  const entries: DeadlineEntry[] = [];
  for (const { incident, caseId } of repository.incidents.values()) {
    const add = (
      kind: DeadlineKind,
      deadline: Deadline | undefined,
      block: { status?: string; filed_at?: { text: string }; forum?: string } | undefined,
    ) => {
      if (!deadline) return;
      const status = block?.status ?? 'not_recorded';
      const left = daysBetween(today, deadline.date);
      entries.push({
        case: caseId,
        incident: incident.id,
        kind,
        date: deadline.date,
        written: deadline.written,
        basis: deadline.basis,
        steps: deadline.steps,
        status,
        filed_at: block?.filed_at?.text,
        forum: block?.forum,
        days_left: left,
        overdue: left < 0 && NOT_FILED.has(status) && !block?.filed_at,
      });
    };
    if (incident.type === 'detention') {
      const d = incident.detention;
      add('detention_appeal', detentionAppealDeadline(d, repository.config), d.appeal);
      add('fine_opposition', fineOppositionDeadline(d, repository.config), d.appeal);
    }
    if (incident.type === 'seizure')
      add('seizure_review', seizureReviewDeadline(incident.seizure, repository.config), incident.seizure.review);
  }
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.incident < b.incident ? -1 : 1));
}

/** `--within DAYS`: due in the next DAYS days, or passed and not filed. */
export function within(entries: DeadlineEntry[], days: number): DeadlineEntry[] {
  return entries.filter((e) => (e.days_left >= 0 && e.days_left <= days) || e.overdue);
}
