import { gunzipSync, inflateRawSync } from 'node:zlib';
import { decodeText, parseDelimited } from '../load/text-exhibit.js';

/**
 * Every text a reader could get out of a file's bytes, for judging it before it is published and
 * for the self-check: the text itself (UTF-8, UTF-16 either way, Windows-1252), a gzip's content,
 * an e-mail's parts (base64, quoted-printable, encoded headers), the XML of a docx, odt, xlsx or
 * pptx, JSON with its `\u` escapes resolved, CSV with each row's cells joined. `searchable` is
 * false when the bytes are none of these (video, audio, an image): nothing in them can be judged.
 */
export interface Readings {
  texts: string[];
  searchable: boolean;
  /** How the texts were read, for messages: "gzip", "e-mail", "docx". */
  container?: 'gzip' | 'e-mail' | 'office';
}

/**
 * Bytes read as UTF-16 of either byte order from each offset given (0, or 0 and 1 where a text
 * may begin one byte in), with no byte-order mark to say which: EXIF writes its XP tags
 * little-endian, PDF strings are big-endian. An odd last byte is left out.
 */
export function asUtf16(bytes: Uint8Array, offsets: readonly number[] = [0]): string[] {
  return offsets.flatMap((offset) => {
    const from = Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.max(0, bytes.byteLength - offset));
    const even = from.subarray(0, from.length - (from.length % 2));
    return [even.toString('utf16le'), Buffer.from(even).swap16().toString('utf16le')];
  });
}

/** Decompressed data is capped: a small bomb must not exhaust memory. */
const MAX_INFLATED = 64 * 1024 * 1024;

export function readings(bytes: Uint8Array, depth = 0): Readings {
  if (depth > 3) return { texts: [], searchable: false };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const inner = safe(() => gunzipSync(bytes, { maxOutputLength: MAX_INFLATED }));
    if (!inner) return { texts: [], searchable: false };
    return { ...readings(new Uint8Array(inner), depth + 1), container: 'gzip' };
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const xml = zipXml(bytes);
    return xml
      ? { texts: xml.map(textOfXml), searchable: true, container: 'office' }
      : { texts: [], searchable: false };
  }
  const decoded = decodeText(bytes);
  if (decoded.binary) return { texts: [], searchable: false };
  const text = decoded.text;
  const texts = [text];
  if (isMail(text)) {
    texts.push(...mailTexts(text));
    return { texts, searchable: true, container: 'e-mail' };
  }
  const json = safe(() => JSON.parse(text) as unknown);
  if (json !== undefined && typeof json === 'object') texts.push(jsonStrings(json).join('\n'));
  if (/[,;\t]/.test(text)) {
    const delimiter = text.includes('\t') ? '\t' : text.split(';').length > text.split(',').length ? ';' : ',';
    const rows = safe(() => parseDelimited(text, delimiter, 100_000).records);
    if (rows) texts.push(rows.map((r) => r.join(' ')).join('\n'));
  }
  if (/<[a-z!?]/i.test(text)) texts.push(textOfXml(text));
  return { texts, searchable: true };
}

/**
 * An e-mail: header lines (`Name: value`) up to the first blank line, among them From, To,
 * Subject, Content-Type, MIME-Version or Date. Looked for line by line in the head alone: a
 * backtracking pattern over a 64 MiB log of header-like lines ran out of stack.
 */
function isMail(text: string): boolean {
  const blank = /\r?\n\r?\n/.exec(text.slice(0, MAX_MAIL_HEAD));
  if (!blank || blank.index === 0) return false;
  const lines = text.slice(0, blank.index).split(/\r?\n/);
  return (
    lines.every((l) => /^[\w-]+:/.test(l)) &&
    lines.some((l) => /^(from|to|subject|content-type|mime-version|date):/i.test(l))
  );
}

/** Mail headers are a few kilobytes; a longer head is not a mail's. */
const MAX_MAIL_HEAD = 1024 * 1024;

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      jsonStrings(v, out);
    }
  return out;
}

/** XML as text: tags dropped (a name may be split over two runs of a docx), entities left to the matcher. */
function textOfXml(xml: string): string {
  return xml.replace(/<\/(w:p|text:p|a:p|p|div|br)>/gi, '\n').replace(/<[^>]*>/g, '');
}

/** The XML files inside a zip (an office document), inflated; undefined when it is no readable zip. */
function zipXml(bytes: Uint8Array): string[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const out: string[] = [];
  let inflated = 0;
  for (let n = 0; n < count && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) return undefined;
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    at += 46 + nameLength + extra;
    if (!/\.(xml|rels)$/i.test(name) || local + 30 > bytes.length) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    const raw =
      method === 0
        ? data
        : method === 8
          ? safe(() => inflateRawSync(data, { maxOutputLength: MAX_INFLATED - inflated }))
          : undefined;
    if (!raw) return undefined;
    inflated += raw.byteLength;
    out.push(Buffer.from(raw).toString('utf8'));
  }
  return out;
}

/** An e-mail's headers with encoded words decoded, and each part's body decoded. */
function mailTexts(mail: string): string[] {
  const out: string[] = [];
  const split = /\r?\n\r?\n/.exec(mail);
  const head = split ? mail.slice(0, split.index) : mail;
  const body = split ? mail.slice(split.index + split[0].length) : '';
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  out.push(decodeWords(headers));
  const type = /^content-type:\s*([^\r\n]*)/im.exec(headers)?.[1] ?? 'text/plain';
  const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(type)?.[1];
  if (boundary && /multipart\//i.test(type)) {
    for (const part of body.split(`--${boundary}`).slice(1))
      if (!part.startsWith('--')) out.push(...mailTexts(part.replace(/^\r?\n/, '')));
    return out;
  }
  const charset = /charset="?([\w-]+)"?/i.exec(type)?.[1]?.toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body)
        : Buffer.from(body, 'utf8');
  out.push(
    charset === 'iso-8859-1' || charset === 'latin1'
      ? bytes.toString('latin1')
      : decodeText(new Uint8Array(bytes)).text,
  );
  return out;
}

function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words: =?utf-8?B?...?= and =?utf-8?Q?...?=. */
function decodeWords(text: string): string {
  return text.replace(/=\?([\w-]+)\?([bq])\?([^?]*)\?=/gi, (_, charset: string, kind: string, data: string) => {
    const bytes = kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : quotedPrintable(data.replace(/_/g, ' '));
    return /^(iso-8859-1|latin1)$/i.test(charset) ? bytes.toString('latin1') : bytes.toString('utf8');
  });
}
