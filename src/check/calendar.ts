import { addDays, daysBetween } from './values.js';

// The legal calendar of a computed deadline (art. 155 c.p.c., L. 742/1969): pure arithmetic on
// YYYY-MM-DD strings, read at midnight UTC so no time zone or daylight saving gets in the way.

/** The deadlines casebuilder.yaml names under `deadlines:`, which the summer suspension lists. */
export const DEADLINE_KINDS = ['fine_opposition', 'detention_opposition', 'seizure_review'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The public holidays of L. 260/1949 as amended, and a court town's own (`local_holidays`). */
export type HolidayName =
  | 'new_year'
  | 'epiphany'
  | 'easter_monday'
  | 'liberation_day'
  | 'labour_day'
  | 'republic_day'
  | 'assumption'
  | 'st_francis'
  | 'all_saints'
  | 'immaculate_conception'
  | 'christmas'
  | 'st_stephen'
  | 'local';

/** The `calendar:` block of casebuilder.yaml, field for field. */
export interface CalendarSettings {
  holidays: 'it' | 'none';
  /** "MM-DD" days that are not working days either, e.g. the patron saint of the court's town. */
  local_holidays: readonly string[];
  /** `next_working_day`: a last day on Saturday moves on (art. 155, fifth paragraph). */
  saturday: 'next_working_day' | 'working';
  /** "MM-DD" to "MM-DD" inclusive, in every year; `applies_to: []` turns it off. */
  summer_suspension: { from: string; to: string; applies_to: readonly DeadlineKind[] };
}

export const defaultCalendar: CalendarSettings = Object.freeze({
  holidays: 'it',
  local_holidays: Object.freeze([]),
  saturday: 'next_working_day',
  summer_suspension: Object.freeze({ from: '08-01', to: '08-31', applies_to: Object.freeze([...DEADLINE_KINDS]) }),
});

/** Why a day is not a working day for a deadline; a holiday on a Sunday is reported as the holiday. */
export type NonWorkingDay =
  { because: 'holiday'; holiday: HolidayName } | { because: 'sunday' } | { because: 'saturday' };

/**
 * One step of the count, as data for the dossier to word in its language:
 * - `count`: `days` days counted, `from` the first counted day to `to` the last;
 * - `suspended`: the days of the summer suspension the count skips (`start_deferred` when the
 *   count would have started inside it, so it starts on the day after it ends);
 * - `moved`: the last day `from` is not a working day, so the deadline moves to `to`.
 */
export type DeadlineStep =
  | { step: 'count'; from: string; to: string; days: number }
  | { step: 'suspended'; from: string; to: string; days: number; start_deferred: boolean }
  | ({ step: 'moved'; from: string; to: string } & NonWorkingDay);

export interface DeadlineRequest {
  kind: DeadlineKind;
  /** The event the law counts from (notification, seizure): YYYY-MM-DD, itself not counted. */
  from: string;
  days: number;
  calendar: CalendarSettings;
}

export interface ComputedDeadline {
  /** The last day to act. */
  date: string;
  /** `from` + `days` in the calendar, before suspension and holidays: for the reader to compare. */
  plain: string;
  steps: DeadlineStep[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A deadline counted as art. 155 c.p.c. and L. 742/1969 count it, with each step shown. */
export function computeDeadline({ kind, from, days, calendar }: DeadlineRequest): ComputedDeadline {
  if (!DATE.test(from)) throw new RangeError(`computeDeadline: expected a YYYY-MM-DD date; got "${from}"`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`computeDeadline: expected days >= 0; got ${days}`);
  const summer = calendar.summer_suspension;
  const suspended = summer.applies_to.includes(kind);
  if (suspended && !(summer.from <= summer.to && (summer.from !== '01-01' || summer.to !== '12-31'))) {
    const span = `the summer suspension ${summer.from} to ${summer.to}`;
    throw new RangeError(`computeDeadline: ${span} must end after it starts and leave days to count`);
  }
  const steps: DeadlineStep[] = [];
  const first = addDays(from, 1);
  let cursor = first;
  let last = from;
  let left = days;
  while (left > 0) {
    let room = left;
    if (suspended) {
      const year = cursor.slice(0, 4);
      const start = `${year}-${summer.from}`;
      const end = `${year}-${summer.to}`;
      if (cursor >= start && cursor <= end) {
        const skipped = daysBetween(cursor, end) + 1;
        steps.push({ step: 'suspended', from: cursor, to: end, days: skipped, start_deferred: cursor === first });
        cursor = addDays(end, 1);
        continue;
      }
      // Count up to the eve of the next suspension, this year's or next year's.
      const next = cursor < start ? start : `${pad4(Number(year) + 1)}-${summer.from}`;
      room = Math.min(left, daysBetween(cursor, next));
    }
    last = addDays(cursor, room - 1);
    steps.push({ step: 'count', from: cursor, to: last, days: room });
    left -= room;
    cursor = addDays(last, 1);
  }
  // A move may land in August (last day Sunday 31 July -> Monday 1 August): the count has ended,
  // so art. 155 alone applies, and the earlier day is the safe one for the lawyer.
  let date = last;
  for (let why = isNonWorkingDay(date, calendar); why; why = isNonWorkingDay(date, calendar)) {
    const to = addDays(date, 1);
    steps.push({ step: 'moved', from: date, to, ...why });
    date = to;
  }
  return { date, plain: addDays(from, days), steps };
}

/** Why a deadline cannot fall on this day, or undefined for a working day. */
export function isNonWorkingDay(date: string, calendar: CalendarSettings): NonWorkingDay | undefined {
  const holiday = holidayOn(date, calendar);
  if (holiday) return { because: 'holiday', holiday };
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0) return { because: 'sunday' };
  if (weekday === 6 && calendar.saturday === 'next_working_day') return { because: 'saturday' };
  return undefined;
}

/** The holiday on a day, national before local; Sundays are not listed (every Sunday is a holiday). */
export function holidayOn(date: string, calendar: CalendarSettings): HolidayName | undefined {
  const monthDay = date.slice(5);
  if (calendar.holidays === 'it') {
    const year = Number(date.slice(0, 4));
    const fixed = FIXED_HOLIDAYS.find((h) => h.day === monthDay && year >= h.since);
    if (fixed) return fixed.holiday;
    if (addDays(easterSunday(year), 1) === date) return 'easter_monday';
  }
  return calendar.local_holidays.includes(monthDay) ? 'local' : undefined;
}

/** The holidays of a year, in date order; a local holiday on a national one is listed once. */
export function holidaysOf(year: number, calendar: CalendarSettings): { date: string; holiday: HolidayName }[] {
  const days = new Set<string>();
  if (calendar.holidays === 'it') {
    for (const h of FIXED_HOLIDAYS) if (year >= h.since) days.add(`${pad4(year)}-${h.day}`);
    days.add(addDays(easterSunday(year), 1));
  }
  // "02-29" is a holiday only in leap years.
  for (const day of calendar.local_holidays) if (isRealDay(year, day)) days.add(`${pad4(year)}-${day}`);
  return [...days].sort().map((date) => ({ date, holiday: holidayOn(date, calendar)! }));
}

// Today's list applies to every year but St Francis (restored from 2026 by L. 151/2025); the list
// differed in 1977-2000 (Epiphany and 2 June moved), before the cases this tool serves.
const FIXED_HOLIDAYS: readonly { day: string; holiday: HolidayName; since: number }[] = [
  { day: '01-01', holiday: 'new_year', since: 0 },
  { day: '01-06', holiday: 'epiphany', since: 0 },
  { day: '04-25', holiday: 'liberation_day', since: 0 },
  { day: '05-01', holiday: 'labour_day', since: 0 },
  { day: '06-02', holiday: 'republic_day', since: 0 },
  { day: '08-15', holiday: 'assumption', since: 0 },
  { day: '10-04', holiday: 'st_francis', since: 2026 },
  { day: '11-01', holiday: 'all_saints', since: 0 },
  { day: '12-08', holiday: 'immaculate_conception', since: 0 },
  { day: '12-25', holiday: 'christmas', since: 0 },
  { day: '12-26', holiday: 'st_stephen', since: 0 },
];

/** Gregorian Easter Sunday, by the Anonymous Gregorian algorithm (Meeus, Astronomical Algorithms). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${pad4(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "MM-DD" names a day that exists in some year (so "02-29" does, "02-30" does not). */
export function isMonthDay(text: string): boolean {
  return /^\d{2}-\d{2}$/.test(text) && isRealDay(2000, text);
}

function isRealDay(year: number, monthDay: string): boolean {
  const month = Number(monthDay.slice(0, 2));
  const day = Number(monthDay.slice(3, 5));
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad4(year: number): string {
  return String(year).padStart(4, '0');
}
