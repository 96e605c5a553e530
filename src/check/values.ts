import { DateTime, IANAZone } from 'luxon';

/** A moment with the offset it was written in: shown in the case's zone and in UTC. */
export interface Instant {
  kind: 'instant';
  /** As written in the file. */
  text: string;
  /** Milliseconds since the epoch, for sorting and arithmetic. */
  epochMs: number;
  offsetMinutes: number;
}

/** A calendar day with no time: sorts at the start of that day in the case's zone. */
export interface CalendarDate {
  kind: 'date';
  /** YYYY-MM-DD */
  text: string;
}

export interface Position {
  lat: number;
  lon: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseInstant(text: string): Parsed<Instant> {
  const example = 'e.g. 2023-03-25T07:42:00Z or 2023-03-25T09:42+02:00';
  if (DATE.test(text)) {
    return { ok: false, message: `expected a time with an offset or Z (${example}); got the bare date "${text}"` };
  }
  const m = TIMESTAMP.exec(text);
  if (!m) return { ok: false, message: `expected an ISO 8601 time with an offset or Z (${example}); got "${text}"` };
  if (!m[8]) {
    return {
      ok: false,
      message:
        `the time "${text}" has no offset: add Z for UTC or the offset, e.g. +02:00 ` +
        '(at sea an ambiguous time is worthless in court)',
    };
  }
  // The regex fixed the shape; check the ranges and compute the instant without a date library,
  // which costs more than parsing the YAML on a large repository.
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const offsetMinutes = m[8].toUpperCase() === 'Z' ? 0 : offsetOf(m[8]);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Number.isNaN(offsetMinutes)
  ) {
    return { ok: false, message: `"${text}" is not a real time` };
  }
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return { ok: true, value: { kind: 'instant', text, epochMs, offsetMinutes } };
}

function offsetOf(text: string): number {
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return hours > 14 || minutes > 59 ? NaN : sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseCalendarDate(text: string): Parsed<CalendarDate> {
  if (!DATE.test(text)) {
    if (TIMESTAMP.test(text))
      return { ok: false, message: `expected a date (YYYY-MM-DD) without a time; got "${text}"` };
    return { ok: false, message: `expected a date as YYYY-MM-DD; got "${text}"` };
  }
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return { ok: false, message: `"${text}" is not a real date` };
  return { ok: true, value: { kind: 'date', text } };
}

/** Fields such as a proceeding's `at` may be known to the minute or only by the day. */
export function parseDateOrInstant(text: string): Parsed<Instant | CalendarDate> {
  return DATE.test(text) ? parseCalendarDate(text) : parseInstant(text);
}

/** Days from a to b in the calendar (2023-04-02 to 2023-04-22 is 20). */
export function daysBetween(a: CalendarDate | string, b: CalendarDate | string): number {
  return Math.round(
    (utcDay(typeof b === 'string' ? b : b.text) - utcDay(typeof a === 'string' ? a : a.text)) / 86_400_000,
  );
}

export function addDays(date: CalendarDate | string, days: number): string {
  return new Date(utcDay(typeof date === 'string' ? date : date.text) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Midnight UTC of a YYYY-MM-DD date: calendar arithmetic without a time zone in the way. */
function utcDay(text: string): number {
  return Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
}

/**
 * Start of a day in a zone, so that date-only events sort before timed events of that day. A
 * date read in a zone is its first moment already (the hour after, where midnight is skipped).
 */
export function startOfDayMs(date: CalendarDate, zone: string): number {
  return DateTime.fromISO(date.text, { zone }).toMillis();
}

export function isTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

// Degrees and decimal minutes: 33°14.07'N 012°07.40'E, or 33 14.07N 012 07.40E.
const DM_PART = String.raw`(\d{1,3})\s*(?:°\s*|\s+)(\d{1,2}(?:[.,]\d+)?)\s*(?:['′’]\s*)?`;
const DM = new RegExp(String.raw`^\s*${DM_PART}([A-Za-z])?[\s;]*${DM_PART}([A-Za-z])?\s*$`);

export function parsePositionString(text: string): Parsed<Position> {
  const m = DM.exec(text);
  if (!m) {
    return {
      ok: false,
      message:
        'expected a position in degrees and decimal minutes ' +
        `(e.g. "33°14.07'N 012°07.40'E" or "33 14.07N 012 07.40E"); got "${text}"`,
    };
  }
  const lat = dmValue(m[1]!, m[2]!, m[3], 'N', 'S', 90);
  if (!lat.ok) return lat;
  const lon = dmValue(m[4]!, m[5]!, m[6], 'E', 'W', 180);
  if (!lon.ok) return lon;
  return { ok: true, value: { lat: lat.value, lon: lon.value } };
}

function dmValue(
  degText: string,
  minText: string,
  hemisphere: string | undefined,
  positive: string,
  negative: string,
  limit: number,
): Parsed<number> {
  const which = positive === 'N' ? 'latitude' : 'longitude';
  const written = `${degText}°${minText}'${hemisphere ?? ''}`;
  if (minText.includes(',')) {
    return {
      ok: false,
      message: `the ${which} ${written} uses a comma as the decimal mark: write ${minText.replace(',', '.')}`,
    };
  }
  if (!hemisphere)
    return { ok: false, message: `the ${which} ${written} has no hemisphere: end it with ${positive} or ${negative}` };
  const h = hemisphere.toUpperCase();
  if (h !== positive && h !== negative) {
    return {
      ok: false,
      message: `the ${which} ${written} ends with ${h}: a ${which} takes ${positive} or ${negative}`,
    };
  }
  const minutes = Number(minText);
  if (minutes >= 60)
    return { ok: false, message: `the ${which} ${written} has ${minText} minutes: minutes must be below 60` };
  const value = Number(degText) + minutes / 60;
  if (value > limit) return { ok: false, message: `the ${which} ${written} is beyond ${limit}°` };
  return { ok: true, value: h === negative ? -value : value };
}

/** An IMO ship number: seven digits, the last a check digit over the first six weighted 7..2. */
export function isValidImo(imo: string): boolean {
  if (!/^\d{7}$/.test(imo)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(imo[i]) * (7 - i);
  return sum % 10 === Number(imo[6]);
}

// Codes ICU names but ISO 3166-1 keeps for private or regional use, or reserves for the
// Universal Postal Union and others (Canary Islands, Ceuta & Melilla): Kosovo's XK is accepted.
const NOT_ASSIGNED = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN|AC|CP|CQ|DG|EA|IC|TA)$/;
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** ISO 3166-1 alpha-2, from the ICU data Node ships: no list to keep up to date. */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_ASSIGNED.test(code)) return false;
  return regionNames.of(code) !== code && !SPLIT.test(code) && canonicalRegion(code) === code;
}

// Withdrawn codes of states that split: ICU names one successor, and a flag or a court could be another's.
const SPLIT = /^(SU|YU|CS|AN|NT)$/;

/**
 * The code in use that a withdrawn or mistaken one stands for, as ICU canonicalises it ("UK" ->
 * "GB", "ZR" -> "CD", "BU" -> "MM"); undefined for a code in use, or for one of a state that split.
 */
export function formerCountryCode(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code) || SPLIT.test(code)) return undefined;
  const canonical = canonicalRegion(code);
  return canonical !== code && isCountryCode(canonical) ? canonical : undefined;
}

/** A region code as ICU writes it: an alias ("UK") becomes the code it stands for ("GB"). */
function canonicalRegion(code: string): string {
  return Intl.getCanonicalLocales(`und-${code}`)[0]!.slice(4);
}

const currencies = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string): boolean {
  return currencies.has(code);
}
