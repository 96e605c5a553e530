/**
 * Text exhibits (CSV, TSV, logs, JSON, XML, GPX, Markdown) as a reader sees them: bytes
 * decoded whatever their encoding, CSV split as RFC 4180 says, GPX reduced to its track points.
 * Pure functions of their input: nothing here reads a file, fetches or expands an entity.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** The bytes do not read as text (NUL bytes, or many control characters): not worth printing. */
  binary: boolean;
}

// Windows-1252 where it differs from Latin-1 (0x80 to 0x9f); the five unassigned bytes stay controls.
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Control characters a text file should not hold (tab, line feed, carriage return and form feed may). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/**
 * UTF-8 (with or without its byte order mark), UTF-16 by its byte order mark, or else
 * Windows-1252, the superset of Latin-1 that old Windows software writes: every byte is
 * some character, so decoding never fails and never produces a replacement character.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  let text: string;
  let encoding: TextEncoding;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    encoding = 'utf-16le';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
    encoding = 'utf-16be';
  } else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      encoding = 'utf-8';
    } catch {
      // Node's TextDecoder reads "windows-1252" as plain Latin-1, so the 0x80-0x9f row is mapped here.
      text = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
        .toString('latin1')
        .replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]!);
      encoding = 'windows-1252';
    }
  }
  const controls = text.match(CONTROL)?.length ?? 0;
  const binary = text.includes('\u0000') || controls > Math.max(8, text.length / 100);
  return { text, encoding, binary };
}

/** Stray control characters shown as U+FFFD, so nothing invisible goes unseen on the page. */
export function visible(text: string): string {
  return text.replace(CONTROL, '\ufffd');
}

/** Lines of a text, whatever its line ends; a final line end does not make an empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

export interface Delimited {
  /** The first `limit` records (the header row among them), each a list of fields. */
  records: string[][];
  /** How many records the text holds in all. */
  total: number;
}

/**
 * CSV or TSV as RFC 4180 reads it: fields in double quotes may hold the delimiter, line ends
 * and doubled quotes; a quote inside an unquoted field is a character; an unclosed quote runs
 * to the end of the text. Records past `limit` are counted, not kept. Blank lines are skipped.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t' | ';', limit: number): Delimited {
  const records: string[][] = [];
  let total = 0;
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let blank = true;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (!(blank && record.length === 1 && record[0] === '')) {
      if (records.length < limit) records.push(record);
      total++;
    }
    record = [];
    blank = true;
  };
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Copy up to the next quote at once: a long quoted field costs one slice, not one step per character.
      const next = text.indexOf('"', i);
      const end = next < 0 ? n : next;
      field += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      blank = false;
      i++;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
      blank = false;
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      blank = false;
      i++;
    }
  }
  if (field !== '' || record.length > 0 || !blank) endRecord();
  return { records, total };
}

/** One point of a GPX track, its values as the file writes them. */
const MAX_POINT_TEXT = 16_384;

export interface TrackPoint {
  lat: string;
  lon: string;
  time?: string;
  ele?: string;
}

/**
 * The track points of a GPX file (`trkpt`, in any namespace prefix), found by scanning the
 * text: no DTD is read, no entity but the five of XML is decoded, nothing is fetched. The
 * scan is linear, so a hostile file cannot make it backtrack. Points past `limit` are counted.
 */
export function parseGpx(text: string, limit: number): { points: TrackPoint[]; total: number } {
  const source = withoutComments(text);
  const opening = /<([A-Za-z_][\w.-]*:)?trkpt(?=[\s/>])/g;
  const starts: { at: number; end: number; prefix: string }[] = [];
  for (const match of source.matchAll(opening))
    starts.push({ at: match.index, end: match.index + match[0].length, prefix: match[1] ?? '' });
  const points: TrackPoint[] = [];
  let total = 0;
  starts.forEach((start, k) => {
    // Everything about a point lies before the next point starts; a point is a few hundred
    // characters, so a longer one is cut and searching stays linear in the file's length.
    const next = starts[k + 1]?.at ?? source.length;
    const own = source.slice(start.end, Math.min(next, start.end + MAX_POINT_TEXT));
    const close = own.indexOf('>');
    if (close < 0) return;
    const attributes = own.slice(0, close);
    const lat = attribute(attributes, 'lat');
    const lon = attribute(attributes, 'lon');
    if (lat === undefined || lon === undefined) return;
    total++;
    if (points.length >= limit) return;
    let body = '';
    if (!attributes.endsWith('/')) {
      const end = own.indexOf(`</${start.prefix}trkpt`, close);
      if (end >= 0) body = own.slice(close + 1, end);
    }
    points.push({ lat, lon, time: child(body, 'time'), ele: child(body, 'ele') });
  });
  return { points, total };
}

/** XML comments removed (a commented-out point is no point); an unclosed one runs to the end. */
function withoutComments(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    if (open < 0) return out + text.slice(at);
    out += text.slice(at, open);
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return out;
    at = close + 3;
  }
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? xmlText(match[1] ?? match[2] ?? '') : undefined;
}

function child(body: string, name: string): string | undefined {
  const match = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}(?:\\s[^>]*)?>([^<]*)</`).exec(body);
  const value = match ? xmlText(match[1]!).trim() : '';
  return value === '' ? undefined : value;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five entities of XML and character references; any other entity is left as written. */
function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
