import { describe, expect, it } from '@jest/globals';
import {
  daysBetween,
  formerCountryCode,
  isCountryCode,
  isValidImo,
  parseCalendarDate,
  parseInstant,
  parsePositionString,
  startOfDayMs,
} from '../../src/check/values.js';
import { DateTime } from 'luxon';

describe('positions', () => {
  it.each([
    [`33°14.07'N 012°07.40'E`, 33.2345, 12.1233333],
    ['33 14.07N 012 07.40E', 33.2345, 12.1233333],
    [`35°00.00'S 018°30.5'W`, -35, -18.5083333],
    [`33°14.07′N 012°07.40′E`, 33.2345, 12.1233333],
  ])('reads %s', (text, lat, lon) => {
    const r = parsePositionString(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lat).toBeCloseTo(lat, 6);
    expect(r.value.lon).toBeCloseTo(lon, 6);
  });

  it('gives both notations of the spec the same point', () => {
    const a = parsePositionString(`33°14.07'N 012°07.40'E`);
    const b = parsePositionString('33 14.07N 012 07.40E');
    expect(a).toEqual(b);
  });

  it.each([
    [`33°64.07'N 012°07.40'E`, /minutes must be below 60/],
    [`33°14,07'N 012°07.40'E`, /comma as the decimal mark: write 14.07/],
    [`33°14.07' 012°07.40'E`, /no hemisphere/],
    [`33°14.07'N 012°07.40'`, /no hemisphere/],
    [`95°00.00'N 012°07.40'E`, /beyond 90/],
    [`33°14.07'N 190°00.00'E`, /beyond 180/],
    ['north of Zuwara', /expected a position/],
  ])('refuses %s', (text, message) => {
    const r = parsePositionString(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('times', () => {
  it('keeps the offset a time was written with', () => {
    const r = parseInstant('2023-03-25T09:42+02:00');
    expect(r).toMatchObject({ ok: true, value: { epochMs: Date.parse('2023-03-25T07:42:00Z'), offsetMinutes: 120 } });
  });
  it.each([
    ['2023-03-25T07:42:00', /no offset/],
    ['2023-03-25', /bare date/],
    ['2023-02-30T07:42:00Z', /not a real time/],
    ['yesterday', /ISO 8601/],
  ])('refuses %s', (text, message) => {
    const r = parseInstant(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
  it('reads dates and refuses times where a date is due', () => {
    expect(parseCalendarDate('2023-04-02')).toEqual({ ok: true, value: { kind: 'date', text: '2023-04-02' } });
    expect(parseCalendarDate('2023-04-02T10:00Z').ok).toBe(false);
    expect(parseCalendarDate('2023-13-02').ok).toBe(false);
  });
  it('counts a detention in calendar days as format.md does', () => {
    expect(daysBetween('2023-04-02', '2023-04-22')).toBe(20);
    // across the change to summer time the count stays in whole days
    expect(daysBetween('2023-03-20', '2023-03-30')).toBe(10);
  });
});

describe('registry codes', () => {
  it.each([
    ['9074729', true],
    ['9123453', true],
    ['9123456', false],
    ['912345', false],
    ['91234530', false],
  ])('IMO %s valid: %s', (imo, valid) => expect(isValidImo(imo)).toBe(valid));
  it.each([
    ['DE', true],
    ['LY', true],
    ['XX', false],
    ['ZZ', false],
    ['de', false],
    ['XK', true],
    ['CW', true],
    // Withdrawn codes and aliases ICU still names: the United Kingdom is GB, Yugoslavia and the USSR are gone.
    ...['UK', 'YU', 'CS', 'SU', 'AN', 'ZR', 'BU', 'DD', 'TP'].map((code) => [code, false] as [string, boolean]),
    // Reserved for others than countries: Canary Islands, Ceuta & Melilla, Ascension, Diego Garcia...
    ...['IC', 'EA', 'AC', 'DG', 'TA', 'CP', 'CQ', 'EU', 'UN'].map((code) => [code, false] as [string, boolean]),
  ])('country %s valid: %s', (code, valid) => expect(isCountryCode(code)).toBe(valid));
});

describe('a withdrawn country code', () => {
  it.each([
    ['UK', 'GB'],
    ['ZR', 'CD'],
    ['BU', 'MM'],
    ['TP', 'TL'],
    // States that split, and codes whose successor is refused too: no guess.
    ['SU', undefined],
    ['YU', undefined],
    ['AN', undefined],
    ['QU', undefined],
    ['DE', undefined],
  ])('%s is written %s today', (code, now) => expect(formerCountryCode(code)).toBe(now));
});

describe('instants agree with the platform on every offset notation', () => {
  it.each([
    ['2023-03-25T07:42:00Z', '2023-03-25T07:42:00Z', 0],
    ['2023-03-25T09:42+02:00', '2023-03-25T07:42:00Z', 120],
    ['2023-03-25T09:42:30.250+0200', '2023-03-25T07:42:30.250Z', 120],
    ['2023-03-25T02:12:00-05:30', '2023-03-25T07:42:00Z', -330],
    ['2024-02-29T23:59:59+14', '2024-02-29T09:59:59Z', 840],
  ])('%s', (text, utc, offset) => {
    expect(parseInstant(text)).toEqual({
      ok: true,
      value: { kind: 'instant', text, epochMs: Date.parse(utc), offsetMinutes: offset },
    });
  });
  it.each([
    '2023-02-29T00:00Z',
    '2023-03-25T24:00Z',
    '2023-03-25T07:60Z',
    '2023-03-25T07:42+15:00',
    '2023-04-31T07:42Z',
  ])('refuses %s', (text) => {
    expect(parseInstant(text).ok).toBe(false);
  });
});

describe('the start of a day in a zone', () => {
  const zones = ['Europe/Rome', 'Asia/Beirut', 'America/Sao_Paulo', 'America/Havana', 'America/Santiago', 'UTC'];
  const expected = (text: string, zone: string) => DateTime.fromISO(text, { zone }).startOf('day').toMillis();

  // Days whose clocks went from 23:59 to 01:00: the day starts at one in the morning.
  it.each([
    ['America/Sao_Paulo', '2018-11-04'],
    ['Asia/Beirut', '2022-03-27'],
    ['America/Havana', '2023-03-12'],
    ['America/Santiago', '2023-09-03'],
  ])('in %s on %s, where midnight was skipped, is 01:00', (zone, text) => {
    const ms = startOfDayMs({ kind: 'date', text }, zone);
    expect(DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe(`${text} 01:00`);
    expect(ms).toBe(expected(text, zone));
  });

  it("is the day's first moment as luxon's startOf gives it, every ninth day from 1970 to 2040", () => {
    for (const zone of zones) {
      for (let day = Date.UTC(1970, 0, 1); day < Date.UTC(2040, 0, 1); day += 9 * 86_400_000) {
        const text = new Date(day).toISOString().slice(0, 10);
        if (startOfDayMs({ kind: 'date', text }, zone) !== expected(text, zone))
          expect(`${zone} ${text}`).toBe('equal');
      }
    }
  });
});
