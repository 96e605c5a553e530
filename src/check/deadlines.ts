import type { Config, Detention, Seizure } from './schemas.js';
import { addDays } from './values.js';

export interface Deadline {
  /** YYYY-MM-DD */
  date: string;
  /** true when written in the incident, false when computed from casebuilder.yaml's rules */
  written: boolean;
  /** What a computed date counts from, for the reader to check against the law in force. */
  basis?: { days: number; from: 'notification' | 'start' | 'seizure' | 'fine_notification'; date: string };
}

/** "30 days from notification (2023-03-27)": the basis of a computed deadline, in English. */
export function describeBasis(basis: NonNullable<Deadline['basis']>): string {
  const what = {
    notification: 'notification',
    start: 'the start of the detention',
    seizure: 'the seizure',
    fine_notification: 'notification of the fine',
  }[basis.from];
  return `${basis.days} days from ${what} (${basis.date})`;
}

/** The opposition to a detention: written, or `detention_opposition` days from its notification. */
export function detentionAppealDeadline(detention: Detention['detention'], config: Config): Deadline | undefined {
  if (detention.appeal?.deadline) return { date: detention.appeal.deadline.text, written: true };
  // Without a notification date the order takes effect at the start of the detention.
  const from = detention.notified_at ?? detention.start;
  return {
    date: addDays(from, config.deadlines.detention_opposition),
    written: false,
    basis: {
      days: config.deadlines.detention_opposition,
      from: detention.notified_at ? 'notification' : 'start',
      date: from.text,
    },
  };
}

/** The opposition to a fine: `fine_opposition` days from the fine's notification. */
export function fineOppositionDeadline(detention: Detention['detention'], config: Config): Deadline | undefined {
  const notified = detention.fine?.notified_at;
  if (!notified) return undefined;
  return {
    date: addDays(notified, config.deadlines.fine_opposition),
    written: false,
    basis: { days: config.deadlines.fine_opposition, from: 'fine_notification', date: notified.text },
  };
}

/** The request for review of a seizure: written, or `seizure_review` days from the seizure. */
export function seizureReviewDeadline(seizure: Seizure['seizure'], config: Config): Deadline {
  if (seizure.review?.deadline) return { date: seizure.review.deadline.text, written: true };
  return {
    date: addDays(seizure.seized_at, config.deadlines.seizure_review),
    written: false,
    basis: { days: config.deadlines.seizure_review, from: 'seizure', date: seizure.seized_at.text },
  };
}
