/**
 * A decoder for sequential Huffman JPEG (SOF0 and SOF1) at 8 or 12 bits per sample, for the one
 * case MuPDF's libjpeg (8-bit only) cannot take: 12-bit photos, which PDF cannot show and which
 * are converted to an 8-bit copy. Progressive, lossless and arithmetic-coded files are refused.
 */
export interface DecodedJpeg {
  width: number;
  height: number;
  precision: number;
  /** 1 (grey), 3 (RGB after the YCbCr transform) or 4 (CMYK as stored). */
  components: number;
  /** Interleaved samples, 0 .. 2^precision - 1. */
  samples: Uint16Array;
}

export class JpegDecodeError extends Error {}

interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  blocksW: number;
  blocksH: number;
  /** Dequantized, inverse-transformed samples on the component's own grid. */
  plane: Float32Array;
  pred: number;
  td: number;
  ta: number;
}

interface Frame {
  width: number;
  height: number;
  precision: number;
  comps: Component[];
  hmax: number;
  vmax: number;
}

interface Huffman {
  /** code -> symbol, by code length. */
  lookup: Map<number, number>[];
}

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];

const COS = (() => {
  const table = new Float32Array(64);
  for (let x = 0; x < 8; x++) {
    for (let u = 0; u < 8; u++)
      table[x * 8 + u] = ((u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16)) / 2;
  }
  return table;
})();

export function decodeSequentialJpeg(data: Uint8Array): DecodedJpeg {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const quant: (Int32Array | undefined)[] = [];
  const dc: (Huffman | undefined)[] = [];
  const ac: (Huffman | undefined)[] = [];
  let frame: Frame | undefined;
  let restart = 0;
  let adobeTransform: number | undefined;
  let offset = 2;
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new JpegDecodeError('not a JPEG');
  while (offset + 4 <= data.length) {
    if (data[offset] !== 0xff) {
      offset++; // stray bytes between segments: skipped, as libjpeg does
      continue;
    }
    const marker = data[offset + 1]!;
    if (marker === 0xff || marker === 0x00) {
      offset++;
      continue;
    }
    if (marker === 0xd9) break;
    const length = view.getUint16(offset + 2);
    const body = offset + 4;
    const end = offset + 2 + length;
    if (end > data.length) throw new JpegDecodeError('the JPEG is truncated');
    if (marker === 0xdb) {
      for (let at = body; at < end;) {
        const wide = data[at]! >> 4;
        const table = new Int32Array(64);
        for (let i = 0; i < 64; i++) table[ZIGZAG[i]!] = wide ? view.getUint16(at + 1 + i * 2) : data[at + 1 + i]!;
        quant[data[at]! & 15] = table;
        at += 1 + (wide ? 128 : 64);
      }
    } else if (marker === 0xc4) {
      for (let at = body; at < end;) {
        const counts = data.subarray(at + 1, at + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, data.subarray(at + 17, at + 17 + total));
        (data[at]! >> 4 ? ac : dc)[data[at]! & 15] = table;
        at += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      const precision = data[body]!;
      const height = view.getUint16(body + 1);
      const width = view.getUint16(body + 3);
      const count = data[body + 5]!;
      if (width === 0 || height === 0)
        throw new JpegDecodeError('the JPEG gives its height later (DNL), which is not supported');
      const comps: Component[] = [];
      for (let i = 0; i < count; i++) {
        const at = body + 6 + i * 3;
        comps.push({
          id: data[at]!,
          h: data[at + 1]! >> 4,
          v: data[at + 1]! & 15,
          tq: data[at + 2]!,
          blocksW: 0,
          blocksH: 0,
          plane: new Float32Array(0),
          pred: 0,
          td: 0,
          ta: 0,
        });
      }
      const hmax = Math.max(...comps.map((c) => c.h));
      const vmax = Math.max(...comps.map((c) => c.v));
      const mcusX = Math.ceil(width / (8 * hmax));
      const mcusY = Math.ceil(height / (8 * vmax));
      for (const c of comps) {
        c.blocksW = mcusX * c.h;
        c.blocksH = mcusY * c.v;
        c.plane = new Float32Array(c.blocksW * 8 * c.blocksH * 8);
      }
      frame = { width, height, precision, comps, hmax, vmax };
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new JpegDecodeError(
        'the JPEG is progressive, lossless or arithmetic-coded, which this converter does not read',
      );
    } else if (marker === 0xdd) {
      restart = view.getUint16(body);
    } else if (marker === 0xee && Buffer.from(data.subarray(body, body + 5)).toString('latin1') === 'Adobe') {
      adobeTransform = data[body + 11];
    } else if (marker === 0xda) {
      if (!frame) throw new JpegDecodeError('the JPEG has no frame header before its image data');
      const count = data[body]!;
      const scan: Component[] = [];
      for (let i = 0; i < count; i++) {
        const c = frame.comps.find((comp) => comp.id === data[body + 1 + i * 2]);
        if (!c) throw new JpegDecodeError('the JPEG scan names an unknown component');
        c.td = data[body + 2 + i * 2]! >> 4;
        c.ta = data[body + 2 + i * 2]! & 15;
        scan.push(c);
      }
      offset = decodeScan(data, end, frame, scan, { quant, dc, ac }, restart);
      continue;
    }
    offset = end;
  }
  if (!frame) throw new JpegDecodeError('the JPEG has no image');
  return assemble(frame, adobeTransform);
}

function buildHuffman(counts: Uint8Array, symbols: Uint8Array): Huffman {
  const lookup: Map<number, number>[] = [];
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const map = new Map<number, number>();
    for (let i = 0; i < counts[len - 1]!; i++) map.set(code++, symbols[k++]!);
    lookup[len] = map;
    code <<= 1;
  }
  return { lookup };
}

class BitReader {
  private bits = 0;
  private count = 0;
  /** Set when a marker (other than a stuffed 0xFF00) ends the entropy-coded data. */
  marker = false;

  constructor(
    private readonly data: Uint8Array,
    public offset: number,
  ) {}

  bit(): number {
    if (this.count === 0) this.fill();
    this.count--;
    return (this.bits >> this.count) & 1;
  }

  receive(length: number): number {
    let value = 0;
    for (let i = 0; i < length; i++) value = (value << 1) | this.bit();
    return value;
  }

  /** At a restart marker: drop the rest of the byte and step over the marker. */
  restart(): void {
    this.count = 0;
    this.marker = false;
    while (
      this.offset + 1 < this.data.length &&
      !(this.data[this.offset] === 0xff && this.data[this.offset + 1]! >= 0xd0 && this.data[this.offset + 1]! <= 0xd7)
    )
      this.offset++;
    this.offset += 2;
  }

  private fill(): void {
    const { data } = this;
    if (this.marker || this.offset >= data.length) {
      throw new JpegDecodeError('the JPEG is truncated: its image data ends early');
    }
    const byte = data[this.offset]!;
    if (byte === 0xff) {
      const next = data[this.offset + 1];
      if (next === 0x00) {
        this.offset += 2;
      } else {
        this.marker = true;
        throw new JpegDecodeError('the JPEG is truncated or corrupt: its image data ends early');
      }
    } else {
      this.offset++;
    }
    this.bits = byte;
    this.count = 8;
  }
}

function decode(reader: BitReader, table: Huffman | undefined): number {
  if (!table) throw new JpegDecodeError('the JPEG uses a Huffman table it does not define');
  let code = 0;
  for (let len = 1; len <= 16; len++) {
    code = (code << 1) | reader.bit();
    const symbol = table.lookup[len]!.get(code);
    if (symbol !== undefined) return symbol;
  }
  throw new JpegDecodeError('the JPEG is corrupt: a bad Huffman code');
}

function extend(value: number, length: number): number {
  return length === 0 ? 0 : value < 1 << (length - 1) ? value - (1 << length) + 1 : value;
}

interface Tables {
  quant: (Int32Array | undefined)[];
  dc: (Huffman | undefined)[];
  ac: (Huffman | undefined)[];
}

function decodeScan(
  data: Uint8Array,
  start: number,
  frame: Frame,
  scan: Component[],
  tables: Tables,
  restart: number,
): number {
  const reader = new BitReader(data, start);
  const coeffs = new Float32Array(64);
  const block = (c: Component, row: number, col: number): void => {
    coeffs.fill(0);
    const q = tables.quant[c.tq];
    if (!q) throw new JpegDecodeError('the JPEG uses a quantization table it does not define');
    const t = decode(reader, tables.dc[c.td]);
    c.pred += extend(reader.receive(t), t);
    coeffs[0] = c.pred * q[0]!;
    for (let k = 1; k < 64;) {
      const rs = decode(reader, tables.ac[c.ta]);
      const size = rs & 15;
      const run = rs >> 4;
      if (size === 0) {
        if (run !== 15) break;
        k += 16;
        continue;
      }
      k += run;
      if (k > 63) throw new JpegDecodeError('the JPEG is corrupt: a coefficient beyond its block');
      const z = ZIGZAG[k]!;
      coeffs[z] = extend(reader.receive(size), size) * q[z]!;
      k++;
    }
    idct(coeffs, c.plane, c.blocksW * 8, row * 8, col * 8, 1 << (frame.precision - 1));
  };
  const single = scan.length === 1;
  const first = scan[0]!;
  // A scan of one component covers only its own blocks inside the image, not the MCU padding.
  const unitsX = single ? Math.ceil(Math.ceil((frame.width * first.h) / frame.hmax) / 8) : first.blocksW / first.h;
  const unitsY = single ? Math.ceil(Math.ceil((frame.height * first.v) / frame.vmax) / 8) : first.blocksH / first.v;
  let todo = restart;
  for (let my = 0; my < unitsY; my++) {
    for (let mx = 0; mx < unitsX; mx++) {
      if (restart && todo === 0) {
        reader.restart();
        for (const c of scan) c.pred = 0;
        todo = restart;
      }
      if (single) {
        block(first, my, mx);
      } else {
        for (const c of scan) {
          for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) block(c, my * c.v + v, mx * c.h + h);
        }
      }
      if (restart) todo--;
    }
  }
  // Continue after the entropy-coded data, at the next marker that is not a restart.
  let at = reader.offset;
  while (
    at + 1 < data.length &&
    !(data[at] === 0xff && data[at + 1] !== 0x00 && !(data[at + 1]! >= 0xd0 && data[at + 1]! <= 0xd7))
  )
    at++;
  return at;
}

function idct(
  coeffs: Float32Array,
  plane: Float32Array,
  stride: number,
  top: number,
  left: number,
  shift: number,
): void {
  const tmp = new Float32Array(64);
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let v = 0; v < 8; v++) sum += COS[y * 8 + v]! * coeffs[v * 8 + u]!;
      tmp[y * 8 + u] = sum;
    }
  }
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      let sum = 0;
      for (let u = 0; u < 8; u++) sum += COS[x * 8 + u]! * tmp[y * 8 + u]!;
      plane[(top + y) * stride + left + x] = sum + shift;
    }
  }
}

function assemble(frame: Frame, adobeTransform: number | undefined): DecodedJpeg {
  const { width, height, comps, precision } = frame;
  const max = (1 << precision) - 1;
  const n = comps.length;
  const samples = new Uint16Array(width * height * n);
  const clamp = (v: number): number => (v < 0 ? 0 : v > max ? max : Math.round(v));
  // JFIF files with three components are YCbCr; Adobe says so explicitly (transform 1) or not (0).
  const ycc = n === 3 && adobeTransform !== 0;
  if (n === 4 && adobeTransform === 2)
    throw new JpegDecodeError('the JPEG is YCCK, which this converter does not read');
  const half = 1 << (precision - 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * n;
      const value = (c: Component): number => {
        const cx = Math.floor((x * c.h) / frame.hmax);
        const cy = Math.floor((y * c.v) / frame.vmax);
        return c.plane[cy * c.blocksW * 8 + cx]!;
      };
      if (ycc) {
        const Y = value(comps[0]!);
        const cb = value(comps[1]!) - half;
        const cr = value(comps[2]!) - half;
        samples[at] = clamp(Y + 1.402 * cr);
        samples[at + 1] = clamp(Y - 0.344136 * cb - 0.714136 * cr);
        samples[at + 2] = clamp(Y + 1.772 * cb);
      } else {
        for (let i = 0; i < n; i++) samples[at + i] = clamp(value(comps[i]!));
      }
    }
  }
  return { width, height, precision, components: n, samples };
}
