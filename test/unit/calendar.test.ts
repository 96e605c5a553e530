import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import {
  computeDeadline,
  DEADLINE_KINDS,
  defaultCalendar,
  easterSunday,
  holidaysOf,
  isNonWorkingDay,
  type CalendarSettings,
  type DeadlineKind,
  type NonWorkingDay,
} from '../../src/check/calendar.js';
import { CalendarSchema } from '../../src/check/calendar-schema.js';

const [F, D, S] = ['fine_opposition', 'detention_opposition', 'seizure_review'] as const;
const IT = defaultCalendar;
const count = (kind: DeadlineKind, from: string, days: number, settings = IT) =>
  computeDeadline({ kind, from, days, calendar: settings });
const calendar = (over: Partial<CalendarSettings> = {}): CalendarSettings => ({ ...defaultCalendar, ...over });

const satWorking = calendar({ saturday: 'working' });
const noHolidays = calendar({ holidays: 'none' });
const palermo = calendar({ local_holidays: ['07-15'] }); // Santa Rosalia
const summer = defaultCalendar.summer_suspension;
const onlyFines = calendar({ summer_suspension: { ...summer, applies_to: ['fine_opposition'] } });
// The suspension as it was before D.L. 132/2014: 1 August to 15 September.
const oldSummer = calendar({ summer_suspension: { ...summer, from: '08-01', to: '09-15' } });
const noSummer = calendar({ summer_suspension: { ...summer, applies_to: [] } });

// Every expected date below was counted by hand (and checked by a separate day-by-day count in Python),
// never by the code under test. Weekdays are given so a reader can check a row at a glance.
const rows: [string, DeadlineKind, string, number, CalendarSettings, string][] = [
  // The issue's examples.
  ['detention notified 26 Mar 2023: 25 Apr (Tue, Liberation) -> Wed', D, '2023-03-26', 30, IT, '2023-04-26'],
  ['fine 10 Jul 2023: 21 days of July, August suspended, 9 Sep is a Saturday', F, '2023-07-10', 30, IT, '2023-09-11'],
  // National holidays.
  ['Easter Monday 2023 (10 Apr) -> Tue', S, '2023-03-31', 10, IT, '2023-04-11'],
  ['Easter Monday 2024 (1 Apr) -> Tue', S, '2024-03-22', 10, IT, '2024-04-02'],
  ['Easter Monday 2025 (21 Apr) -> Tue', D, '2025-03-22', 30, IT, '2025-04-22'],
  ['Fri 25 Apr 2025 -> Sat -> Sun -> Mon 28', S, '2025-04-15', 10, IT, '2025-04-28'],
  ['Fri 25 Apr 2025 with working Saturdays -> Sat 26', S, '2025-04-15', 10, satWorking, '2025-04-26'],
  ['Wed 1 May 2024 -> Thu', S, '2024-04-21', 10, IT, '2024-05-02'],
  ['Mon 2 Jun 2025 -> Tue', S, '2025-05-23', 10, IT, '2025-06-03'],
  ['Fri 2 Jun 2023 -> Mon 5', S, '2023-05-23', 10, IT, '2023-06-05'],
  ['Tue 15 Aug 2023, no suspension -> Wed', S, '2023-08-05', 10, noSummer, '2023-08-16'],
  ['Thu 15 Aug 2024, kind not suspended -> Fri', S, '2024-08-05', 10, onlyFines, '2024-08-16'],
  ['Wed 1 Nov 2023 -> Thu', S, '2023-10-22', 10, IT, '2023-11-02'],
  ['Sat 1 Nov 2025 -> Mon 3', S, '2025-10-22', 10, IT, '2025-11-03'],
  ['Fri 8 Dec 2023 -> Mon 11', S, '2023-11-28', 10, IT, '2023-12-11'],
  ['Mon 8 Dec 2025 -> Tue', S, '2025-11-28', 10, IT, '2025-12-09'],
  ['Sat 24 Dec 2022 -> Sun 25 (Christmas) -> Mon 26 (St Stephen) -> Tue 27', S, '2022-12-14', 10, IT, '2022-12-27'],
  ['Mon 25 Dec 2023 -> Tue 26 (St Stephen) -> Wed 27', S, '2023-12-15', 10, IT, '2023-12-27'],
  ['Thu 26 Dec 2024 -> Fri', S, '2024-12-16', 10, IT, '2024-12-27'],
  ['Mon 1 Jan 2024 -> Tue', S, '2023-12-22', 10, IT, '2024-01-02'],
  ['Sat 6 Jan 2024 (Epiphany) -> Mon 8', S, '2023-12-27', 10, IT, '2024-01-08'],
  ['Sat 6 Jan 2024 with working Saturdays: still Epiphany -> Mon 8', S, '2023-12-27', 10, satWorking, '2024-01-08'],
  ['Mon 4 Oct 2027 (St Francis) -> Tue', S, '2027-09-24', 10, IT, '2027-10-05'],
  ['Sat 4 Oct 2025 with working Saturdays: no holiday before 2026', S, '2025-09-24', 10, satWorking, '2025-10-04'],
  ['Sun 4 Oct 2026 -> Mon 5', S, '2026-09-24', 10, IT, '2026-10-05'],
  ['Sun 31 Dec 2023 + 1 day = Mon 1 Jan 2024 -> Tue', S, '2023-12-31', 1, IT, '2024-01-02'],
  // Weekends.
  ['Sun 17 Sep 2023 -> Mon', S, '2023-09-07', 10, IT, '2023-09-18'],
  ['Sat 16 Sep 2023 -> Mon 18', S, '2023-09-06', 10, IT, '2023-09-18'],
  ['Sat 16 Sep 2023 with working Saturdays stays', S, '2023-09-06', 10, satWorking, '2023-09-16'],
  ['Sun 17 Sep 2023 with working Saturdays -> Mon', S, '2023-09-07', 10, satWorking, '2023-09-18'],
  ['Tue 19 Sep 2023, a working day, stays', S, '2023-09-09', 10, IT, '2023-09-19'],
  // holidays: none and local holidays.
  ['holidays none: Tue 25 Apr 2023 stays', D, '2023-03-26', 30, noHolidays, '2023-04-25'],
  ['holidays none: Mon 1 Apr 2024 (Easter Monday) stays', S, '2024-03-22', 10, noHolidays, '2024-04-01'],
  ['holidays none: a Sunday still moves', S, '2023-09-07', 10, noHolidays, '2023-09-18'],
  ['local holiday Mon 15 Jul 2024 (Palermo) -> Tue', S, '2024-07-05', 10, palermo, '2024-07-16'],
  ['15 Jul 2024 without the local holiday stays', S, '2024-07-05', 10, IT, '2024-07-15'],
  // Summer suspension.
  ['event 10 Aug 2023: count starts 1 Sep; Sat 30 Sep -> Mon 2 Oct', F, '2023-08-10', 30, IT, '2023-10-02'],
  ['event 1 Aug 2023: 1-10 Sep; Sun 10 Sep -> Mon 11', S, '2023-08-01', 10, IT, '2023-09-11'],
  ['event 31 Jul 2024: count starts 1 Sep; Mon 30 Sep', D, '2024-07-31', 30, IT, '2024-09-30'],
  ['event 31 Aug 2024: 1 Sep is day one; Mon 30 Sep', D, '2024-08-31', 30, IT, '2024-09-30'],
  ['plain count ends 19 Aug 2023: 11 days in July, 19 in September', D, '2023-07-20', 30, IT, '2023-09-19'],
  ['spans August 2025: 6 days in July, 4 in September', S, '2025-07-25', 10, IT, '2025-09-04'],
  ['ends Mon 31 Jul 2023, before the suspension', S, '2023-07-21', 10, IT, '2023-07-31'],
  ['ends Sun 31 Jul 2022 -> Mon 1 Aug (the count has ended)', S, '2022-07-21', 10, IT, '2022-08-01'],
  ['kind not in applies_to: Fri 4 Aug 2023 stays', S, '2023-07-25', 10, onlyFines, '2023-08-04'],
  ['kind in applies_to: the same count under onlyFines', F, '2023-07-25', 10, onlyFines, '2023-09-04'],
  ['400 days over two summers (2023, 2024): Mon 14 Oct 2024', F, '2023-07-10', 400, IT, '2024-10-14'],
  ['700 days over two summers (2022, 2023), leap 2024: Tue 16 Jul 2024', D, '2022-06-15', 700, IT, '2024-07-16'],
  ['old suspension to 15 Sep (2013): 21 days of July, 9 from 16 Sep', F, '2013-07-10', 30, oldSummer, '2013-09-24'],
];

describe('computeDeadline', () => {
  it.each(rows)('%s', (_why, kind, from, days, settings, expected) => {
    expect(computeDeadline({ kind, from, days, calendar: settings }).date).toBe(expected);
  });

  it('counts at least 35 hand-computed rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(35);
  });

  it('shows the steps of the issue example: July, August suspended, September, the weekend', () => {
    const r = count(F, '2023-07-10', 30);
    expect(r).toEqual({
      date: '2023-09-11',
      plain: '2023-08-09',
      steps: [
        { step: 'count', from: '2023-07-11', to: '2023-07-31', days: 21 },
        { step: 'suspended', from: '2023-08-01', to: '2023-08-31', days: 31, start_deferred: false },
        { step: 'count', from: '2023-09-01', to: '2023-09-09', days: 9 },
        { step: 'moved', from: '2023-09-09', to: '2023-09-10', because: 'saturday' },
        { step: 'moved', from: '2023-09-10', to: '2023-09-11', because: 'sunday' },
      ],
    });
  });

  it('names the holiday a deadline moves off', () => {
    const r = count(D, '2023-03-26', 30);
    expect(r.plain).toBe('2023-04-25');
    expect(r.steps).toEqual([
      { step: 'count', from: '2023-03-27', to: '2023-04-25', days: 30 },
      { step: 'moved', from: '2023-04-25', to: '2023-04-26', because: 'holiday', holiday: 'liberation_day' },
    ]);
  });

  it('moves repeatedly over Christmas and reports a holiday on a Sunday as the holiday', () => {
    const r = count(S, '2022-12-14', 10);
    expect(r.steps.filter((s) => s.step === 'moved')).toEqual([
      { step: 'moved', from: '2022-12-24', to: '2022-12-25', because: 'saturday' },
      { step: 'moved', from: '2022-12-25', to: '2022-12-26', because: 'holiday', holiday: 'christmas' },
      { step: 'moved', from: '2022-12-26', to: '2022-12-27', because: 'holiday', holiday: 'st_stephen' },
    ]);
    const stFrancis = count(S, '2026-09-24', 10);
    expect(stFrancis.steps.at(-1)).toEqual({
      step: 'moved',
      from: '2026-10-04',
      to: '2026-10-05',
      because: 'holiday',
      holiday: 'st_francis',
    });
  });

  it('marks a count that would start inside the suspension as deferred', () => {
    const r = count(F, '2023-08-10', 30);
    expect(r.steps.slice(0, 2)).toEqual([
      { step: 'suspended', from: '2023-08-11', to: '2023-08-31', days: 21, start_deferred: true },
      { step: 'count', from: '2023-09-01', to: '2023-09-30', days: 30 },
    ]);
  });

  it('skips every summer of a long count', () => {
    const r = count(F, '2023-07-10', 400);
    // 21 (Jul 2023) + 335 (Sep 2023 - Jul 2024, a leap February) + 44 (Sep 1 - Oct 14 2024) = 400.
    expect(r.steps).toEqual([
      { step: 'count', from: '2023-07-11', to: '2023-07-31', days: 21 },
      { step: 'suspended', from: '2023-08-01', to: '2023-08-31', days: 31, start_deferred: false },
      { step: 'count', from: '2023-09-01', to: '2024-07-31', days: 335 },
      { step: 'suspended', from: '2024-08-01', to: '2024-08-31', days: 31, start_deferred: false },
      { step: 'count', from: '2024-09-01', to: '2024-10-14', days: 44 },
    ]);
  });

  it('treats 0 days as the event day itself, moved if it is not a working day', () => {
    expect(count(S, '2023-09-19', 0)).toEqual({
      date: '2023-09-19',
      plain: '2023-09-19',
      steps: [],
    });
    expect(count(S, '2023-09-17', 0).date).toBe('2023-09-18');
  });

  it('refuses what no schema would let through', () => {
    expect(() => count(S, '19/09/2023', 1)).toThrow(RangeError);
    expect(() => count(S, '2023-09-19', 1.5)).toThrow(RangeError);
    const always = calendar({ summer_suspension: { from: '01-01', to: '12-31', applies_to: ['seizure_review'] } });
    expect(() => count(S, '2023-09-19', 1, always)).toThrow(/leave days/);
  });
});

describe('holidays', () => {
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('lists the Italian holidays of 2025, without St Francis', () => {
    expect(holidaysOf(2025, defaultCalendar)).toEqual([
      { date: '2025-01-01', holiday: 'new_year' },
      { date: '2025-01-06', holiday: 'epiphany' },
      { date: '2025-04-21', holiday: 'easter_monday' },
      { date: '2025-04-25', holiday: 'liberation_day' },
      { date: '2025-05-01', holiday: 'labour_day' },
      { date: '2025-06-02', holiday: 'republic_day' },
      { date: '2025-08-15', holiday: 'assumption' },
      { date: '2025-11-01', holiday: 'all_saints' },
      { date: '2025-12-08', holiday: 'immaculate_conception' },
      { date: '2025-12-25', holiday: 'christmas' },
      { date: '2025-12-26', holiday: 'st_stephen' },
    ]);
  });

  it('adds St Francis from 2026 and local holidays in date order, once each', () => {
    const days = holidaysOf(2026, calendar({ local_holidays: ['10-04', '07-15', '02-29'] }));
    expect(days.map((d) => d.date)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-06',
      '2026-04-25',
      '2026-05-01',
      '2026-06-02',
      '2026-07-15',
      '2026-08-15',
      '2026-10-04',
      '2026-11-01',
      '2026-12-08',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(days.find((d) => d.date === '2026-10-04')?.holiday).toBe('st_francis');
    expect(days.find((d) => d.date === '2026-07-15')?.holiday).toBe('local');
    const leapOnly = calendar({ holidays: 'none', local_holidays: ['02-29'] });
    expect(holidaysOf(2028, leapOnly)).toEqual([{ date: '2028-02-29', holiday: 'local' }]);
    expect(holidaysOf(2027, leapOnly)).toEqual([]);
  });

  it.each<[string, CalendarSettings, NonWorkingDay | undefined]>([
    ['2023-04-25', defaultCalendar, { because: 'holiday', holiday: 'liberation_day' }],
    ['2023-04-10', defaultCalendar, { because: 'holiday', holiday: 'easter_monday' }],
    ['2023-04-09', defaultCalendar, { because: 'sunday' }],
    ['2023-09-09', defaultCalendar, { because: 'saturday' }],
    ['2023-09-09', satWorking, undefined],
    ['2023-09-11', defaultCalendar, undefined],
    ['2025-10-04', defaultCalendar, { because: 'saturday' }],
    ['2027-10-04', defaultCalendar, { because: 'holiday', holiday: 'st_francis' }],
    ['2023-04-25', noHolidays, undefined],
    ['2024-07-15', palermo, { because: 'holiday', holiday: 'local' }],
  ])('isNonWorkingDay(%s)', (date, settings, expected) => {
    expect(isNonWorkingDay(date, settings)).toEqual(expected);
  });
});

describe('computeDeadline properties', () => {
  const day = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const settings = fc.record({
    holidays: fc.constantFrom('it' as const, 'none' as const),
    local_holidays: fc.subarray(['01-02', '02-29', '07-15', '08-16', '09-01', '12-31']),
    saturday: fc.constantFrom('next_working_day' as const, 'working' as const),
    summer_suspension: fc.record({
      from: fc.constantFrom('08-01', '07-15'),
      to: fc.constantFrom('08-31', '09-15'),
      applies_to: fc.subarray([...DEADLINE_KINDS]),
    }),
  });

  it('never lands on a non-working day nor before the plain count, and counts exactly the days', () => {
    fc.assert(
      fc.property(day, fc.nat({ max: 1200 }), fc.constantFrom(...DEADLINE_KINDS), settings, (from, days, kind, cal) => {
        const r = computeDeadline({ kind, from, days, calendar: cal });
        expect(isNonWorkingDay(r.date, cal)).toBeUndefined();
        expect(r.date >= r.plain).toBe(true);
        const counted = r.steps.filter((s) => s.step === 'count').reduce((sum, s) => sum + s.days, 0);
        expect(counted).toBe(days);
        const skipped = r.steps.some((s) => s.step === 'suspended');
        if (!cal.summer_suspension.applies_to.includes(kind)) expect(skipped).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CalendarSchema', () => {
  it('gives the defaults of format.md for an absent or empty block', () => {
    const fromNothing: CalendarSettings = CalendarSchema.parse(undefined);
    expect(fromNothing).toEqual(defaultCalendar);
    expect(CalendarSchema.parse({})).toEqual(defaultCalendar);
    expect(CalendarSchema.parse({ summer_suspension: { applies_to: ['fine_opposition'] } }).summer_suspension).toEqual({
      from: '08-01',
      to: '08-31',
      applies_to: ['fine_opposition'],
    });
  });

  it('keeps defaults apart between parses', () => {
    const a = CalendarSchema.parse({});
    (a.local_holidays as string[]).push('07-15');
    expect(CalendarSchema.parse({}).local_holidays).toEqual([]);
  });

  it.each([
    [{ local_holidays: ['13-40'] }, /expected a day of the year as "MM-DD".*got "13-40"/],
    [{ local_holidays: ['02-30'] }, /got "02-30"/],
    [{ local_holidays: ['7-15'] }, /got "7-15"/],
    [{ holidays: 'vatican' }, /./],
    [{ saturday: 'holiday' }, /./],
    [{ sunday: 'working' }, /./],
    [{ summer_suspension: { from: '09-01', to: '08-01' } }, /ends \(08-01\) before it starts \(09-01\)/],
    [{ summer_suspension: { from: '01-01', to: '12-31' } }, /whole year/],
    [{ summer_suspension: { applies_to: ['appeal'] } }, /./],
  ])('refuses %j', (input, message) => {
    const r = CalendarSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('turns into JSON Schema as casebuilder schema will write it', () => {
    const json = z.toJSONSchema(CalendarSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
    const keys = Object.keys((json as { properties: object }).properties);
    expect(keys).toEqual(['holidays', 'local_holidays', 'saturday', 'summer_suspension']);
  });

  it('accepts 29 February as a local holiday', () => {
    expect(CalendarSchema.parse({ local_holidays: ['02-29'] }).local_holidays).toEqual(['02-29']);
  });
});
