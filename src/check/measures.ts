import type { Incident } from './schemas.js';
import { daysBetween, type CalendarDate } from './values.js';

/** How long a detained or seized vessel was held: format.md counts calendar days, `end - start`. */
export interface Held {
  days: number;
  /** Still held: the count runs to `asOf`. */
  ongoing: boolean;
  from: CalendarDate;
  to?: CalendarDate;
}

/** Days held by a detention or seizure, counted to `asOf` while the vessel is still held. */
export function daysHeld(incident: Incident, asOf: CalendarDate | string): Held | undefined {
  if (incident.type === 'detention') {
    const d = incident.detention;
    return { days: Math.max(0, daysBetween(d.start, d.end ?? asOf)), ongoing: !d.end, from: d.start, to: d.end };
  }
  if (incident.type === 'seizure') {
    const s = incident.seizure;
    const to = s.released_at;
    return { days: Math.max(0, daysBetween(s.seized_at, to ?? asOf)), ongoing: !to, from: s.seized_at, to };
  }
  return undefined;
}

/** The order in which incidents are told: when they began, then by id so equal times stay stable. */
export function byOccurrence(a: { incident: Incident }, b: { incident: Incident }): number {
  return (
    a.incident.occurred_at.epochMs - b.incident.occurred_at.epochMs ||
    (a.incident.id < b.incident.id ? -1 : a.incident.id > b.incident.id ? 1 : 0)
  );
}
