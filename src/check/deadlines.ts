import {
  computeDeadline,
  isNonWorkingDay,
  type DeadlineKind,
  type DeadlineStep,
  type NonWorkingDay,
} from './calendar.js';
import type { Config, Detention, Seizure } from './schemas.js';

export interface Deadline {
  /** The deadline's kind, as casebuilder.yaml's `deadlines:` and `calendar:` name it. */
  kind: DeadlineKind;
  /** YYYY-MM-DD */
  date: string;
  /** true when written in the incident, false when computed from casebuilder.yaml's rules */
  written: boolean;
  /** What a computed date counts from, for the reader to check against the law in force. */
  basis?: { days: number; from: 'notification' | 'start' | 'seizure' | 'fine_notification'; date: string };
  /** How a computed date was counted (art. 155 c.p.c., L. 742/1969), step by step. */
  steps?: DeadlineStep[];
  /** A written date that is not a working day (a warning: the law moves it, the file does not). */
  nonWorking?: NonWorkingDay;
}

function computed(
  kind: DeadlineKind,
  days: number,
  from: 'notification' | 'start' | 'seizure' | 'fine_notification',
  date: string,
  config: Config,
): Deadline {
  const result = computeDeadline({ kind, from: date, days, calendar: config.calendar });
  return { kind, date: result.date, written: false, basis: { days, from, date }, steps: result.steps };
}

function written(kind: DeadlineKind, date: string, config: Config): Deadline {
  const nonWorking = isNonWorkingDay(date, config.calendar);
  // A Saturday is a working day for the court unless the calendar says otherwise: only holidays and Sundays warn.
  return { kind, date, written: true, ...(nonWorking && nonWorking.because !== 'saturday' ? { nonWorking } : {}) };
}

/** The opposition to a detention: written, or `detention_opposition` days from its notification. */
export function detentionAppealDeadline(detention: Detention['detention'], config: Config): Deadline | undefined {
  if (detention.appeal?.deadline) return written('detention_opposition', detention.appeal.deadline.text, config);
  // Without a notification date the order takes effect at the start of the detention.
  const from = detention.notified_at ?? detention.start;
  const days = config.deadlines.detention_opposition;
  return computed('detention_opposition', days, detention.notified_at ? 'notification' : 'start', from.text, config);
}

/** The opposition to a fine: `fine_opposition` days from the fine's notification. */
export function fineOppositionDeadline(detention: Detention['detention'], config: Config): Deadline | undefined {
  const notified = detention.fine?.notified_at;
  if (!notified) return undefined;
  return computed('fine_opposition', config.deadlines.fine_opposition, 'fine_notification', notified.text, config);
}

/** The request for review of a seizure: written, or `seizure_review` days from the seizure. */
export function seizureReviewDeadline(seizure: Seizure['seizure'], config: Config): Deadline {
  if (seizure.review?.deadline) return written('seizure_review', seizure.review.deadline.text, config);
  return computed('seizure_review', config.deadlines.seizure_review, 'seizure', seizure.seized_at.text, config);
}
