import { DateTime } from 'luxon';
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
  const plural = new Intl.PluralRules(tag);
  const longDate = (dt: DateTime) => {
    const text = dt.setLocale(tag).toFormat(`d'${NBSP}'LLLL'${NBSP}'yyyy`);
    // Italian writes the first of the month as an ordinal: 1° aprile 2023.
    return locale === 'it' && dt.day === 1 ? text.replace(/^1/, '1°') : text;
  };
  const day = (date: CalendarDate | string) =>
    DateTime.fromISO(typeof date === 'string' ? date : date.text, { zone: 'UTC' });
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
    date: (date) => longDate(day(date)),
    weekdayDate: (date) => {
      const dt = day(date);
      return `${dt.setLocale(tag).toFormat('cccc')} ${longDate(dt)}`;
    },
    time: (at, zone) => {
      const dt = DateTime.fromMillis(at.epochMs, { zone });
      return `${longDate(dt)}, ${dt.toFormat('HH:mm')}${NBSP}(UTC${dt.toFormat('ZZ')})`;
    },
    utc: (at) => {
      const dt = DateTime.fromMillis(at.epochMs, { zone: 'UTC' });
      return `${longDate(dt)}, ${dt.toFormat('HH:mm')}${NBSP}UTC`;
    },
    days: (n) => (words ? self.count(n, 'giorno', 'giorni') : self.count(n, 'day', 'days')),
    count: (n, one, other) => `${self.number(n)}${NBSP}${self.choose(n, one, other)}`,
    choose: (n, one, other) => (plural.select(n) === 'one' ? one : other),
  };
  return self;
}

/** Text for a terminal, a log or JSON: the no-break spaces that keep dates whole on a page become spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
