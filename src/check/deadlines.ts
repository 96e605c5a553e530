import type { Config, Detention, Seizure } from './schemas.js';
import { addDays } from './values.js';

export interface Deadline {
  /** YYYY-MM-DD */
  date: string;
  /** true when written in the incident, false when computed from casebuilder.yaml's rules */
  written: boolean;
  /** What the computed date counts from, for the reader to check against the law in force. */
  basis?: string;
}

/** The opposition to a detention: written, or `detention_opposition` days from its notification. */
export function detentionAppealDeadline(detention: Detention['detention'], config: Config): Deadline | undefined {
  if (detention.appeal?.deadline) return { date: detention.appeal.deadline.text, written: true };
  // Without a notification date the order takes effect at the start of the detention.
  const from = detention.notified_at ?? detention.start;
  return {
    date: addDays(from, config.deadlines.detention_opposition),
    written: false,
    basis: `${config.deadlines.detention_opposition} days from ${detention.notified_at ? 'notification' : 'the start of the detention'} (${from.text})`,
  };
}

/** The opposition to a fine: `fine_opposition` days from the fine's notification. */
export function fineOppositionDeadline(detention: Detention['detention'], config: Config): Deadline | undefined {
  const notified = detention.fine?.notified_at;
  if (!notified) return undefined;
  return {
    date: addDays(notified, config.deadlines.fine_opposition),
    written: false,
    basis: `${config.deadlines.fine_opposition} days from notification of the fine (${notified.text})`,
  };
}

/** The request for review of a seizure: written, or `seizure_review` days from the seizure. */
export function seizureReviewDeadline(seizure: Seizure['seizure'], config: Config): Deadline {
  if (seizure.review?.deadline) return { date: seizure.review.deadline.text, written: true };
  return {
    date: addDays(seizure.seized_at, config.deadlines.seizure_review),
    written: false,
    basis: `${config.deadlines.seizure_review} days from the seizure (${seizure.seized_at.text})`,
  };
}
