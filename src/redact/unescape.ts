import { decodeHTML } from 'entities';
import { compose, normalise, ViewBuilder, type TextView } from './normalise.js';

// Named entities need their semicolon unless they are one of HTML's legacy ones (decodeHTML knows which).
const ESCAPE = /&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)|(?:%[0-9A-Fa-f]{2})+/g;
const MAY_ESCAPE = /&[#A-Za-z]|%[0-9A-Fa-f]{2}/;
const LEFT_OVER = /[A-Za-z0-9;]/;

function identity(text: string): TextView {
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  for (let k = 0; k < text.length; k++) {
    start[k] = k;
    end[k] = k + 1;
  }
  return { text, start, end };
}

function copy(out: ViewBuilder, text: string, from: number, to: number): void {
  for (let k = from; k < to; k++) out.push(text.charCodeAt(k), k, k + 1);
}

function entity(token: string): string | undefined {
  const decoded = decodeHTML(token);
  if (decoded === token) return undefined;
  // "&notit;" decodes as "¬it;": a legacy prefix, not an entity of its own.
  if (token[1] !== '#' && LEFT_OVER.test(decoded)) return undefined;
  return decoded;
}

/** The code point of a well-formed UTF-8 sequence at bytes[b] and its length, or undefined. */
function utf8At(bytes: number[], b: number): [number, number] | undefined {
  const lead = bytes[b]!;
  if (lead < 0x80) return [lead, 1];
  // Second-byte ranges that rule out overlong forms, surrogates and code points past U+10FFFF.
  const [size, low, high] =
    lead >= 0xc2 && lead <= 0xdf
      ? [2, 0x80, 0xbf]
      : lead === 0xe0
        ? [3, 0xa0, 0xbf]
        : lead === 0xed
          ? [3, 0x80, 0x9f]
          : lead >= 0xe1 && lead <= 0xef
            ? [3, 0x80, 0xbf]
            : lead === 0xf0
              ? [4, 0x90, 0xbf]
              : lead >= 0xf1 && lead <= 0xf3
                ? [4, 0x80, 0xbf]
                : lead === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0];
  if (size === 0 || b + size > bytes.length) return undefined;
  let cp = lead & (0xff >> (size + 1));
  for (let k = 1; k < size; k++) {
    const byte = bytes[b + k]!;
    if (byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return undefined;
    cp = (cp << 6) | (byte & 0x3f);
  }
  return [cp, size];
}

/** Percent-encoded bytes decoded as UTF-8 one sequence at a time; a bad sequence stays as written. */
function percent(out: ViewBuilder, text: string, from: number, to: number): void {
  const bytes: number[] = [];
  for (let k = from; k < to; k += 3) bytes.push(parseInt(text.slice(k + 1, k + 3), 16));
  let b = 0;
  while (b < bytes.length) {
    const at = from + 3 * b;
    const decoded = utf8At(bytes, b);
    if (decoded === undefined) {
      copy(out, text, at, at + 3);
      b++;
    } else {
      out.pushString(String.fromCodePoint(decoded[0]), at, at + 3 * decoded[1]);
      b += decoded[1];
    }
  }
}

/** One layer of HTML entities and URL percent-encoding decoded, each character mapped to its escape. */
export function unescapeOnce(text: string): TextView {
  const out = new ViewBuilder(text.length);
  let last = 0;
  for (const m of text.matchAll(ESCAPE)) {
    const at = m.index;
    copy(out, text, last, at);
    const token = m[0];
    if (token[0] === '%') percent(out, text, at, at + token.length);
    else {
      const decoded = entity(token);
      if (decoded === undefined) copy(out, text, at, at + token.length);
      else out.pushString(decoded, at, at + token.length);
    }
    last = at + token.length;
  }
  copy(out, text, last, text.length);
  return out.build();
}

/** Escapes decoded layer after layer (`&amp;nbsp;`, `%2520`), at most `depth` times. */
export function unescapeAll(text: string, depth = 3): TextView {
  let view = identity(text);
  for (let k = 0; k < depth && MAY_ESCAPE.test(view.text); k++) {
    const next = unescapeOnce(view.text);
    if (next.text === view.text) break;
    view = compose(view, next);
  }
  return view;
}

/** What the matcher reads: escapes decoded, then normalised, mapped back to `text`. */
export function readerView(text: string): TextView {
  if (!MAY_ESCAPE.test(text)) return normalise(text); // most text: skip a layer of maps
  const decoded = unescapeAll(text);
  return compose(decoded, normalise(decoded.text));
}
