import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Instant } from '../../src/check/values.js';
import { formatterFor } from '../../src/i18n/format.js';

// The dossier's dates and times are written from luxon's fields, not through its token formatter:
// they must read exactly as the tokens wrote them, in every zone a case can name.
const NBSP = '\u00a0';
const at = (epochMs: number): Instant => ({
  kind: 'instant',
  text: new Date(epochMs).toISOString(),
  epochMs,
  offsetMinutes: 0,
});
const TAGS = { en: 'en-GB', it: 'it-IT' } as const;
const longDate = (dt: DateTime, locale: 'en' | 'it') => {
  const text = dt.setLocale(TAGS[locale]).toFormat(`d'${NBSP}'LLLL'${NBSP}'yyyy`);
  return locale === 'it' && dt.day === 1 ? text.replace(/^1/, '1°') : text;
};
const ZONES = [
  'Europe/Rome',
  'Africa/Tripoli',
  'Europe/Malta',
  'UTC',
  'Asia/Kolkata',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Europe/Dublin',
  'Pacific/Kiritimati',
];

describe('dates and times as the dossier writes them', () => {
  it('read as luxon tokens wrote them, from 1800 to 2100, in both languages', () => {
    const from = Date.UTC(1800, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Math.floor((to - from) / 60_000) }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('en' as const, 'it' as const),
        (minute, zone, locale) => {
          const epochMs = from + minute * 60_000;
          const f = formatterFor(locale);
          const dt = DateTime.fromMillis(epochMs, { zone });
          const utc = DateTime.fromMillis(epochMs, { zone: 'UTC' });
          expect(f.time(at(epochMs), zone)).toBe(
            `${longDate(dt, locale)}, ${dt.toFormat('HH:mm')}${NBSP}(UTC${dt.toFormat('ZZ')})`,
          );
          expect(f.utc(at(epochMs))).toBe(`${longDate(utc, locale)}, ${utc.toFormat('HH:mm')}${NBSP}UTC`);
          const date = utc.toISODate()!;
          expect(f.date(date)).toBe(longDate(DateTime.fromISO(date, { zone: 'UTC' }), locale));
        },
      ),
      { numRuns: 3000, interruptAfterTimeLimit: 10_000, markInterruptAsFailure: true },
    );
  });

  it('a date that is not a real day reads as luxon reads it', () => {
    for (const text of ['2023-02-29', '2024-02-29', '2023-13-01', '2023-04-31', '0099-01-01', '1900-02-29', 'soon', ''])
      for (const locale of ['en', 'it'] as const)
        expect(formatterFor(locale).date(text)).toBe(longDate(DateTime.fromISO(text, { zone: 'UTC' }), locale));
  });

  it('each month by its name, the first of the month as Italian writes it', () => {
    expect(formatterFor('it').date('2023-04-01')).toBe(`1°${NBSP}aprile${NBSP}2023`);
    expect(formatterFor('en').date('2023-09-09')).toBe(`9${NBSP}September${NBSP}2023`);
    expect(formatterFor('it').time(at(Date.UTC(2023, 2, 25, 7, 42)), 'Europe/Rome')).toBe(
      `25${NBSP}marzo${NBSP}2023, 08:42${NBSP}(UTC+01:00)`,
    );
    // Rome's local mean time before 1893: luxon's offset has seconds, written as whole minutes.
    expect(formatterFor('en').time(at(Date.UTC(1880, 0, 1)), 'Europe/Rome')).toBe(
      `1${NBSP}January${NBSP}1880, 00:49${NBSP}(UTC+00:49)`,
    );
  });
});
