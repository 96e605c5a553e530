/** The operators of page content (PDF 32000-1, Annex A), and the compatibility ones. */
const OPERATORS = new Set(
  (
    'b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP ' +
    'n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf TJ Tj TL Tm Tr Ts Tw Tz v w W W* y \' "'
  ).split(' '),
);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
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
  const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
  const isDelimiter = (c: number) =>
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x2f ||
    c === 0x25;
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
        let end = i + 1;
        while (
          end + 2 < n &&
          !(
            isWhite(data[end]!) &&
            data[end + 1] === 0x45 &&
            data[end + 2] === 0x49 &&
            (end + 3 >= n || isWhite(data[end + 3]!))
          )
        )
          end++;
        if (end + 2 >= n) return lastBreak;
        i = end + 3;
      }
    }
  }
  return depth.dict === 0 && depth.array === 0 ? n : lastBreak;
}
