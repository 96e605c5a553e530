import { DateTime, Info } from 'luxon';
import type { CalendarDate, Instant } from '../check/values.js';

export type FormatLocale = 'en' | 'it';

const NBSP = '\u00a0';

/**
 * Every count, amount, size and date of a dossier or a report, written one way in a language:
 * "3.300,00 €", "15.349 byte", "27 aprile 2023" / "€3,300.00", "15,349 bytes", "27 April 2023".
 * Dates keep no-break spaces so "27 April 2023" never splits across lines.
 */
export interface Formatter {
  locale: FormatLocale;
  /** BCP 47 tag for Intl. */
  tag: string;
  number(n: number, fractionDigits?: number): string;
  money(m: { amount: number; currency: string }): string;
  /** "15.3 kB (15,349 bytes)" */
  size(bytes: number): string;
  /** "27 April 2023" (a YYYY-MM-DD date) */
  date(date: CalendarDate | string): string;
  /** "Saturday 9 September 2023" */
  weekdayDate(date: CalendarDate | string): string;
  /** "25 March 2023, 08:42 (UTC+01:00)" in a zone */
  time(at: Instant, zone: string): string;
  /** "25 March 2023, 07:42 UTC" */
  utc(at: Instant): string;
  /** "1 day", "36 days" */
  days(n: number): string;
  /** The plural form of a word for a count: `plural(2, 'measure', 'measures')` -> "2 measures". */
  count(n: number, one: string, other: string): string;
  /** Which of two words agrees with a count, without the count: `choose(1, 'Difensore', 'Difensori')`. */
  choose<T>(n: number, one: T, other: T): T;
}

const TAGS: Record<FormatLocale, string> = { en: 'en-GB', it: 'it-IT' };

/** One formatter per language, with its Intl objects made once. */
export function formatterFor(locale: FormatLocale): Formatter {
  const tag = TAGS[locale];
  // Italian writes 1.534 like 15.349: Intl leaves four-digit numbers ungrouped unless told.
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let f = numbers.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(tag, {
        useGrouping: 'always',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      } as Intl.NumberFormatOptions);
      numbers.set(digits, f);
    }
    return f;
  };
  const currencies = new Map<string, Intl.NumberFormat>();
  // Both made on first use: the checks make an English formatter as they load, and `validate`
  // of a small repository need not pay Intl's set-up for a date it never writes.
  let plural: Intl.PluralRules | undefined;
  // Luxon's own month names (LLLL), taken once: formatting a date token by token cost 0.1 s of a
  // 2,000-page dossier's chronology.
  let months: string[] | undefined;
  const month = (m: number) => (months ??= Info.months('long', { locale: tag }))[m - 1];
  // Italian writes the first of the month as an ordinal: 1° aprile 2023.
  const dayText = (y: number, m: number, d: number) =>
    `${locale === 'it' && d === 1 ? '1°' : d}${NBSP}${month(m)}${NBSP}${yearText(y)}`;
  const longDate = (dt: DateTime) => (dt.isValid ? dayText(dt.year, dt.month, dt.day) : dt.toFormat('d'));
  const day = (date: CalendarDate | string) =>
    DateTime.fromISO(typeof date === 'string' ? date : date.text, { zone: 'UTC' });
  const clock = (dt: DateTime) => `${pad2(dt.hour)}:${pad2(dt.minute)}`;
  const words = locale === 'it' ? { day: ['giorno', 'giorni'], byte: ['byte', 'byte'] } : undefined;
  const self: Formatter = {
    locale,
    tag,
    number: (n, digits = 0) => numberFormat(digits).format(n),
    money: ({ amount, currency }) => {
      let f = currencies.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(tag, {
          style: 'currency',
          currency,
          useGrouping: 'always',
        } as Intl.NumberFormatOptions);
        currencies.set(currency, f);
      }
      return f.format(amount).replace(/ /g, NBSP);
    },
    size: (bytes) => {
      const units = ['B', 'kB', 'MB', 'GB', 'TB'];
      let value = bytes;
      let unit = 0;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
      }
      const exact = self.count(bytes, words ? 'byte' : 'byte', words ? 'byte' : 'bytes');
      if (unit === 0) return exact;
      return `${self.number(value, 1)}${NBSP}${units[unit]} (${exact})`;
    },
    date: (date) => {
      const text = typeof date === 'string' ? date : date.text;
      const ymd = calendarDay(text);
      return ymd ? dayText(...ymd) : longDate(day(text));
    },
    weekdayDate: (date) => {
      const dt = day(date);
      return `${dt.setLocale(tag).toFormat('cccc')} ${longDate(dt)}`;
    },
    time: (at, zone) => {
      const dt = DateTime.fromMillis(at.epochMs, { zone });
      if (!dt.isValid) return `${longDate(dt)}, ${dt.toFormat('HH:mm')}${NBSP}(UTC${dt.toFormat('ZZ')})`;
      return `${longDate(dt)}, ${clock(dt)}${NBSP}(UTC${offsetText(dt.offset)})`;
    },
    utc: (at) => {
      const dt = DateTime.fromMillis(at.epochMs, { zone: 'UTC' });
      if (!dt.isValid) return `${longDate(dt)}, ${dt.toFormat('HH:mm')}${NBSP}UTC`;
      return `${longDate(dt)}, ${clock(dt)}${NBSP}UTC`;
    },
    days: (n) => (words ? self.count(n, 'giorno', 'giorni') : self.count(n, 'day', 'days')),
    count: (n, one, other) => `${self.number(n)}${NBSP}${self.choose(n, one, other)}`,
    choose: (n, one, other) => ((plural ??= new Intl.PluralRules(tag)).select(n) === 'one' ? one : other),
  };
  return self;
}

/** Year, month and day of a real YYYY-MM-DD date; anything else is left to luxon (and its "Invalid DateTime"). */
function calendarDay(text: string): [number, number, number] | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const check = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC maps years 0 to 99 to 1900 to 1999: such a year is left to luxon.
  if (y < 100 || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    return undefined;
  return [y, m, d];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** As luxon writes "yyyy": four digits at least, a minus sign before a year before 1 BC's. */
function yearText(year: number): string {
  const digits = String(Math.abs(year)).padStart(4, '0');
  return year < 0 ? `-${digits}` : digits;
}

/** As luxon writes "ZZ": "+01:00", "-03:30", "+00:00"; a local mean time's seconds are cut. */
function offsetText(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  return `${sign}${pad2(Math.trunc(Math.abs(minutes / 60)))}:${pad2(Math.trunc(Math.abs(minutes % 60)))}`;
}

/** Text for a terminal, a log or JSON: the no-break spaces that keep dates whole on a page become spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
