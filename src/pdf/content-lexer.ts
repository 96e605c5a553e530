/** The operators of page content (PDF 32000-1, Annex A), and the compatibility ones. */
const OPERATORS = new Set(
  (
    'b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP ' +
    'n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf TJ Tj TL Tm Tr Ts Tw Tz v w W W* y \' "'
  ).split(' '),
);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
// ( ) < > [ ] { } / %
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const isDelimiter = (c: number) => DELIMITERS.has(c);

/**
 * Where an inline image's binary data ends, searching from `from`: the white space before an
 * `EI` followed by white space or the end (or by a delimiter, when `delimiterEnds`). When there is
 * none, an index within two bytes of the end.
 */
function inlineImageEnd(data: Uint8Array, from: number, delimiterEnds: boolean): number {
  const n = data.length;
  let end = from;
  while (
    end + 2 < n &&
    !(
      isWhite(data[end]!) &&
      data[end + 1] === 0x45 &&
      data[end + 2] === 0x49 &&
      (end + 3 >= n || isWhite(data[end + 3]!) || (delimiterEnds && isDelimiter(data[end + 3]!)))
    )
  )
    end++;
  return end;
}
const isOperand = (word: string) =>
  word.startsWith('/') || NUMBER.test(word) || word === 'true' || word === 'false' || word === 'null';

/**
 * How much of a page's drawing instructions reads cleanly, token by token, as qpdf's content
 * check and viewers read them (PDF 32000-1, 7.2 and 8.9.7): balanced literal strings, hex
 * strings of hex digits, dictionaries and arrays that close as they open, numbers, names and
 * known operators only, inline image data skipped up to its `EI`. The offset returned is just
 * past the last line break before the first token that does not read (or the whole length when
 * all of it reads): what a repair may keep of a stream whose tail decoded into noise.
 */
export function cleanContentLength(data: Uint8Array): number {
  let i = 0;
  let lastBreak = 0;
  const n = data.length;
  const depth = { dict: 0, array: 0 };
  while (i < n) {
    const c = data[i]!;
    if (c === 0x0a || c === 0x0d) {
      if (depth.dict === 0 && depth.array === 0) lastBreak = i + 1;
      i++;
    } else if (isWhite(c)) i++;
    else if (c === 0x25) {
      while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
    } else if (c === 0x28) {
      let level = 1;
      i++;
      while (i < n && level > 0) {
        const d = data[i]!;
        if (d === 0x5c) i += 2;
        else {
          if (d === 0x28) level++;
          else if (d === 0x29) level--;
          i++;
        }
      }
      if (level > 0) return lastBreak;
    } else if (c === 0x3c && data[i + 1] === 0x3c) {
      depth.dict++;
      i += 2;
    } else if (c === 0x3e && data[i + 1] === 0x3e) {
      if (depth.dict === 0) return lastBreak;
      depth.dict--;
      i += 2;
    } else if (c === 0x3c) {
      i++;
      while (i < n && data[i] !== 0x3e) {
        const d = data[i]!;
        const hex = (d >= 0x30 && d <= 0x39) || (d >= 0x41 && d <= 0x46) || (d >= 0x61 && d <= 0x66);
        if (!hex && !isWhite(d)) return lastBreak;
        i++;
      }
      if (i >= n) return lastBreak;
      i++;
    } else if (c === 0x5b || c === 0x5d) {
      if (c === 0x5b) depth.array++;
      else if (depth.array === 0) return lastBreak;
      else depth.array--;
      i++;
    } else if (c === 0x29 || c === 0x3e || c === 0x7b || c === 0x7d) {
      return lastBreak;
    } else {
      // A name, a number or an operator: regular characters up to the next white space or delimiter.
      const start = i;
      i++;
      while (i < n && !isWhite(data[i]!) && !isDelimiter(data[i]!)) i++;
      const word = Buffer.from(data.subarray(start, i)).toString('latin1');
      if (!isOperand(word) && !OPERATORS.has(word)) return lastBreak;
      if (word === 'ID') {
        // Inline image data, binary: up to white space, EI and white space (or the end).
        const end = inlineImageEnd(data, i + 1, false);
        if (end + 2 >= n) return lastBreak;
        i = end + 3;
      }
    }
  }
  return depth.dict === 0 && depth.array === 0 ? n : lastBreak;
}

/** A TJ move this many thousandths of an em or more to the right reads as a space, as in text extractors. */
const SPACE_KERN = 200;

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

/**
 * The string operands of a page's content, one per operator (the pieces of a `TJ` array joined),
 * literal escapes and hex strings decoded: what the page shows in a single-byte font read without
 * its ToUnicode map (which a lying map can hide from a search), and the marked-content texts
 * (`/ActualText`, `/Alt`) a reader's copy and search use.
 */
function lex(data: Uint8Array): { shown: Uint8Array[]; lineBreaks: Set<number> } {
  const shown: Uint8Array[] = [];
  // Indices in `shown` of pieces that start a new line.
  const lineBreaks = new Set<number>();
  const numbers: number[] = [];
  let lineY: number | undefined;
  let pending: number[] = [];
  // Inside a TJ array a large move to the right is a space, as writers such as pdfTeX show one.
  let inArray = false;
  const n = data.length;
  const hexValue = (c: number) =>
    c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
  let i = 0;
  while (i < n) {
    const c = data[i]!;
    if (c === 0x5b || c === 0x5d) {
      inArray = c === 0x5b;
      i++;
    } else if (isWhite(c) || c === 0x7b || c === 0x7d || c === 0x29) i++;
    else if (c === 0x25) while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
    else if (c === 0x28) {
      let level = 1;
      i++;
      while (i < n) {
        const d = data[i]!;
        if (d === 0x5c) {
          const e = data[i + 1] ?? 0;
          if (e >= 0x30 && e <= 0x37) {
            let value = 0;
            let k = i + 1;
            while (k < i + 4 && k < n && data[k]! >= 0x30 && data[k]! <= 0x37) value = value * 8 + data[k++]! - 0x30;
            pending.push(value & 0xff);
            i = k;
            continue;
          }
          if (e === 0x0d || e === 0x0a) i += e === 0x0d && data[i + 2] === 0x0a ? 3 : 2;
          else {
            pending.push(ESCAPES[e] ?? e);
            i += 2;
          }
          continue;
        }
        if (d === 0x28) level++;
        else if (d === 0x29 && --level === 0) break;
        pending.push(d);
        i++;
      }
      i++;
    } else if (c === 0x3c && data[i + 1] === 0x3c) i += 2;
    else if (c === 0x3e) i++;
    else if (c === 0x3c) {
      i++;
      let high = -1;
      while (i < n && data[i] !== 0x3e) {
        const v = hexValue(data[i++]!);
        if (v < 0) continue;
        if (high < 0) high = v;
        else {
          pending.push(high * 16 + v);
          high = -1;
        }
      }
      if (high >= 0) pending.push(high * 16);
      i++;
    } else {
      const start = i;
      i++;
      while (i < n && !isWhite(data[i]!) && !isDelimiter(data[i]!)) i++;
      if (c === 0x2f) continue; // a name
      const word = Buffer.from(data.subarray(start, i)).toString('latin1');
      if (NUMBER.test(word)) {
        if (inArray && Number(word) <= -SPACE_KERN && pending.length && pending.at(-1) !== 0x20) pending.push(0x20);
        numbers.push(Number(word));
        continue;
      }
      // ' and " move to the next line before they show their string.
      if (word === "'" || word === '"') lineBreaks.add(shown.length);
      if (pending.length) shown.push(Uint8Array.from(pending));
      pending = [];
      if (word === 'T*' || ((word === 'Td' || word === 'TD') && numbers.at(-1) !== 0)) {
        lineBreaks.add(shown.length);
        lineY = undefined;
      }
      if (word === 'Tm') {
        // A matrix on another line than the last one set (or after a move down) starts a line.
        const y = numbers.at(-1);
        if (y !== lineY && shown.length > 0) lineBreaks.add(shown.length);
        lineY = y;
      }
      numbers.length = 0;
      if (word === 'ID') {
        // Inline image data, binary: up to white space, EI and white space, a delimiter or the end.
        i = inlineImageEnd(data, i, true) + 3;
      }
    }
  }
  return { shown, lineBreaks };
}

/**
 * The strings a page's content shows, one text per line: the pieces of a line joined as they are
 * drawn ("Tra" "oré" reads "Traoré"), a line that starts anew (T*, a Td or Tm that moves down)
 * apart from the one before. A name shown in pieces is read whole; the last word of a line and
 * the first of the next are not glued together ("Robert" "Owen").
 */
export function shownLines(data: Uint8Array): string[] {
  const { shown, lineBreaks } = lex(data);
  const lines: string[] = [];
  let line = '';
  shown.forEach((piece, k) => {
    if (k > 0 && lineBreaks.has(k)) {
      lines.push(line);
      line = '';
    }
    line += Buffer.from(piece).toString('latin1');
  });
  if (line) lines.push(line);
  return lines;
}

/** The string operands of a page's content, one per operator (see shownLines for reading them). */
export function shownStrings(data: Uint8Array): Uint8Array[] {
  return lex(data).shown;
}
