import { addDays } from '../check/values.js';

// An iCalendar file (RFC 5545) of deadlines, written by hand: the `ics` package folds lines at 75
// characters rather than 75 octets, so Italian text with accents gives over-long lines.

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface IcsDeadline {
  /** Stable across runs (e.g. case/incident/kind@casebuilder) so a re-import updates, not duplicates. */
  uid: string;
  /** The last day to act, YYYY-MM-DD: an all-day event. */
  date: string;
  title: string;
  description: string;
  location?: string;
}

export interface IcsOptions {
  /** PRODID, e.g. "-//casebuilder//deadlines 0.1.0//EN". */
  productId: string;
  /** DTSTAMP of every event, in ms since the epoch: injected so the file is reproducible. */
  stampMs: number;
  /** X-WR-CALNAME, the name calendar apps show for the imported calendar. */
  name?: string;
}

/** One VCALENDAR with an all-day VEVENT per deadline, CRLF line ends, folded at 75 octets. */
export function deadlinesToIcs(events: readonly IcsDeadline[], options: IcsOptions): string {
  const stamp = new Date(options.stampMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeText(options.productId)}`, 'CALSCALE:GREGORIAN'];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  for (const e of events) {
    if (!DATE.test(e.date)) throw new RangeError(`deadlinesToIcs: expected a YYYY-MM-DD date; got "${e.date}"`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      // An all-day event ends, exclusively, on the next day (RFC 5545, 3.6.1).
      `DTSTART;VALUE=DATE:${basicDate(e.date)}`,
      `DTEND;VALUE=DATE:${basicDate(addDays(e.date, 1))}`,
      `SUMMARY:${escapeText(e.title)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    // A deadline is a reminder, not an appointment: it should not show the day as busy.
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function basicDate(date: string): string {
  return date.replaceAll('-', '');
}

/** TEXT values (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return (
    text
      .replace(/[\\;,]/g, (c) => `\\${c}`)
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in TEXT (3.3.11) and no reader needs them.
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** Lines of at most 75 octets; a continuation starts with a space; no character is cut in two. */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
