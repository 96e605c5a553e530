import { describe, expect, it } from '@jest/globals';
import { deadlinesToIcs, escapeText, fold, type IcsDeadline } from '../../src/report/ics.js';

const STAMP = Date.parse('2023-09-01T08:30:00Z');
const OPTIONS = { productId: '-//casebuilder//deadlines 0.1.0//EN', stampMs: STAMP, name: 'Scadenze' };

const events: IcsDeadline[] = [
  {
    uid: 'alpha/2023-07-10-detention/fine_opposition@casebuilder',
    date: '2023-09-11',
    title: 'Opposizione all’ordinanza-ingiunzione; MV Sea Rescuer',
    description:
      'Termine: 30 giorni dalla notifica (10/07/2023), sospeso dal 1° al 31 agosto, ' +
      'prorogato da sabato 9 settembre, città di Agrigento, perché è festivo.\nSecond line, with a backslash \\ too.',
    location: 'Tribunale di Agrigento',
  },
  {
    uid: 'alpha/2023-03-26-detention/detention_opposition@casebuilder',
    date: '2023-04-26',
    title: 'Ricorso',
    description: 'x',
  },
];

/** A reader that knows only RFC 5545's unfolding and TEXT escapes: enough to read the file back. */
function parseIcs(text: string): { name: string; params: string; value: string }[][] {
  const lines = text.split('\r\n');
  expect(lines.pop()).toBe('');
  const unfolded: string[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) unfolded[unfolded.length - 1] += line.slice(1);
    else unfolded.push(line);
  }
  const components: { name: string; params: string; value: string }[][] = [[]];
  for (const line of unfolded) {
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (!m) throw new Error(`not a content line: ${line}`);
    const value = m[3]!.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
    if (m[1] === 'BEGIN' && value === 'VEVENT') components.push([]);
    components[components.length - 1]!.push({ name: m[1]!, params: m[2]!, value });
  }
  return components;
}

describe('deadlinesToIcs', () => {
  const ics = deadlinesToIcs(events, OPTIONS);

  it('writes one all-day VEVENT per deadline that reads back to what was given', () => {
    const [calendar, ...vevents] = parseIcs(ics);
    expect(calendar!.map((p) => `${p.name}:${p.value}`)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//casebuilder//deadlines 0.1.0//EN',
      'CALSCALE:GREGORIAN',
      'X-WR-CALNAME:Scadenze',
    ]);
    expect(vevents).toHaveLength(2);
    const first = Object.fromEntries(vevents[0]!.map((p) => [p.name + p.params, p.value]));
    expect(first).toEqual({
      BEGIN: 'VEVENT',
      UID: events[0]!.uid,
      DTSTAMP: '20230901T083000Z',
      'DTSTART;VALUE=DATE': '20230911',
      'DTEND;VALUE=DATE': '20230912',
      SUMMARY: events[0]!.title,
      DESCRIPTION: events[0]!.description,
      LOCATION: 'Tribunale di Agrigento',
      TRANSP: 'TRANSPARENT',
      END: 'VEVENT',
    });
    const second = Object.fromEntries(vevents[1]!.map((p) => [p.name + p.params, p.value]));
    expect(second).not.toHaveProperty('LOCATION');
    expect(second['DTEND;VALUE=DATE']).toBe('20230427');
    expect(vevents[1]!.at(-1)).toEqual({ name: 'END', params: '', value: 'VCALENDAR' });
  });

  it('ends every line with CRLF and keeps each within 75 octets', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')))).toBeLessThanOrEqual(75);
    // The description is long enough to fold twice.
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThanOrEqual(2);
  });

  it('is the same text for the same input and stamp', () => {
    expect(deadlinesToIcs(events, OPTIONS)).toBe(ics);
    expect(deadlinesToIcs(events, { ...OPTIONS, stampMs: STAMP + 1000 })).not.toBe(ics);
  });

  it('writes an empty calendar for no deadlines', () => {
    expect(deadlinesToIcs([], { productId: 'p', stampMs: STAMP })).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:p\r\nCALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n',
    );
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => deadlinesToIcs([{ ...events[1]!, date: '26/04/2023' }], OPTIONS)).toThrow(RangeError);
  });
});

describe('RFC 5545 text', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a;b,c\\d\r\ne\nf\u0007')).toBe('a\\;b\\,c\\\\d\\ne\\nf');
  });

  it('folds at 75 octets without cutting a character in two', () => {
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
    expect(fold('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    // 74 ASCII octets then "è" (2 octets) would make 76: the "è" starts the next line.
    expect(fold(`${'x'.repeat(74)}èy`)).toBe(`${'x'.repeat(74)}\r\n èy`);
    const long = 'è'.repeat(100) + '🛟'.repeat(30);
    const lines = fold(long).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(long);
  });
});
