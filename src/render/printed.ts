import type { MessageKey, Messages } from '../i18n/locales.js';
import type { TextFormat } from '../load/exhibit-content.js';
import { parseDelimited, parseGpx, splitLines, visible, type DecodedText } from '../load/text-exhibit.js';
import type { Align, Block, Inline } from './layout/types.js';

/** How much of a text exhibit is printed; the rest is in the attachment, and a note says so. */
export const PRINT_LIMITS = {
  /** Lines of a text file, rows of a table after its header, points of a track. */
  lines: 2000,
  /** Characters in all, so that 2,000 very long lines cannot fill a thousand pages. */
  chars: 250_000,
  /** Characters of one line or cell; the rest of it is in the attachment. */
  lineChars: 4000,
};

export interface PrintOptions {
  m: Messages;
  /** The name the file is attached under, which the notes give. */
  attachment: string;
  /** Applied to every printed line and cell: the public profile's redactor. */
  redact: (text: string) => string;
  limits?: typeof PRINT_LIMITS;
}

const ENCODING: Record<DecodedText['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  'windows-1252': 'Windows-1252 (Latin-1)',
};

/**
 * The blocks that print a text exhibit after its header: CSV and TSV as a table whose header
 * row repeats on each page, GPX as a table of its track points, anything else as numbered
 * lines in a monospace font. Beyond the limits a note names the attachment holding the rest.
 * (A file that does not read as text, `decoded.binary`, is for the caller to attach unprinted.)
 */
export function printedBlocks(format: TextFormat, decoded: DecodedText, o: PrintOptions): Block[] {
  const { m } = o;
  const limits = o.limits ?? PRINT_LIMITS;
  const out: Block[] = [];
  if (decoded.encoding !== 'utf-8') out.push(small(m.t('printed.encoding', { encoding: ENCODING[decoded.encoding] })));
  if (decoded.text.trim() === '') return [...out, note(m.t('printed.empty'))];
  const cell = (text: string) => clip(text, limits.lineChars, o);

  if (format === 'gpx') {
    const { points, total } = parseGpx(decoded.text, limits.lines);
    if (total > 0) {
      const elevation = points.some((p) => p.ele !== undefined);
      const header = [
        'gpx.point',
        'gpx.time',
        'gpx.latitude',
        'gpx.longitude',
        ...(elevation ? ['gpx.elevation'] : []),
      ];
      out.push({
        kind: 'table',
        header: header.map((key) => [{ text: m.t(key as MessageKey) }]),
        rows: points.map((p, i) =>
          [String(i + 1), p.time ?? m.t('none'), p.lat, p.lon, ...(elevation ? [p.ele ?? m.t('none')] : [])].map(
            (text, c) => [{ text: c === 0 ? text : cell(text) }],
          ),
        ),
        align: header.map((_, c) => (c === 1 ? 'left' : 'right')),
        // Numbers need little room: the spare width goes to the time, not to the last column.
        widths: [2, 6, 3, 3, ...(elevation ? [3] : [])],
      });
      return [...out, ...more(m, 'printed.morePoints', total - points.length, o.attachment)];
    }
    // A GPX file without track points (waypoints only, or no GPX at all) is printed as the text it is.
  }

  if (format === 'csv' || format === 'tsv') {
    const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(decoded.text);
    const { records, total } = parseDelimited(decoded.text, delimiter, limits.lines + 1);
    const columns = Math.max(...records.map((r) => r.length));
    let budget = limits.chars;
    const rows: Inline[][][] = [];
    for (const record of records) {
      if (budget <= 0) break;
      const cells = Array.from({ length: columns }, (_, c) => cell(record[c] ?? ''));
      budget -= cells.reduce((sum, text) => sum + text.length, 0);
      rows.push(cells.map((text) => [{ text }]));
    }
    const [header, ...body] = rows;
    if (!header) return [...out, note(m.t('printed.empty'))];
    out.push({
      kind: 'table',
      header: header.map((c) => c.map((i) => ({ ...i, text: i.text.replace(/\n/g, ' ') }))),
      rows: body,
      align: Array.from({ length: columns }, (_, c) => (numeric(body, c) ? 'right' : null)) as (Align | null)[],
    });
    return [...out, ...more(m, 'printed.moreRows', total - rows.length, o.attachment)];
  }

  const lines = splitLines(decoded.text);
  const printed: string[] = [];
  let budget = limits.chars;
  for (const line of lines) {
    if (printed.length >= limits.lines || budget <= 0) break;
    const text = clip(expandTabs(line), limits.lineChars, o);
    budget -= text.length;
    printed.push(text);
  }
  out.push({ kind: 'listing', lines: printed, first: 1 });
  return [...out, ...more(m, 'printed.moreLines', lines.length - printed.length, o.attachment)];
}

/** Redacted first, so that a cut cannot leave part of a protected name; then cut to `max` characters. */
function clip(text: string, max: number, o: PrintOptions): string {
  // A protected name is short: redacting a little past the cut is enough to catch one that spans it.
  const head = o.redact(text.length > max + 400 ? text.slice(0, max + 400) : text);
  const shown = visible(head.replace(/\r\n?/g, '\n'));
  if (text.length <= max) return shown;
  const count = new Intl.NumberFormat(o.m.tag).format(text.length - max);
  return `${[...shown].slice(0, max).join('')} ${o.m.t('printed.cut', { count })}`;
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

/** Semicolons separate the fields of a CSV written where the comma is the decimal sign. */
function sniffDelimiter(text: string): ',' | ';' {
  const end = text.search(/\r|\n/);
  const first = text.slice(0, end < 0 ? 4096 : Math.min(end, 4096)).replace(/"[^"]*"/g, '');
  const count = (c: string) => first.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const NUMBER = /^[-+]?(\d+([.,]\d+)?|[.,]\d+)$/;

function numeric(rows: Inline[][][], column: number): boolean {
  const values = rows.slice(0, 200).map((r) => r[column]![0]!.text.trim());
  const filled = values.filter((v) => v !== '');
  return filled.length > 0 && filled.every((v) => NUMBER.test(v));
}

function more(
  m: Messages,
  key: 'printed.moreLines' | 'printed.moreRows' | 'printed.morePoints',
  count: number,
  name: string,
): Block[] {
  if (count <= 0) return [];
  const form = new Intl.PluralRules(m.tag).select(count) === 'one' ? 'one' : 'other';
  return [note(m.t(`${key}.${form}`, { count: new Intl.NumberFormat(m.tag).format(count), name }))];
}

function note(text: string): Block {
  return { kind: 'paragraph', inlines: [{ text, italic: true }], align: 'left' };
}

function small(text: string): Block {
  return { kind: 'paragraph', inlines: [{ text }], align: 'left', style: 'small' };
}
