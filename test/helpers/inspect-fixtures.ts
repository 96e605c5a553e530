import { crc32, deflateSync } from 'node:zlib';

/**
 * Damaged PDFs and photos written byte by byte, for what no library writes on request: broken
 * streams, tables and page trees, truncated photos, EXIF orientations and 12-bit JPEGs.
 */

export type PdfObjectBody = string | Buffer;

/** A stream object: its dictionary (without /Length, which is added) and its data as stored. */
export function stream(dict: string, data: Buffer | string, length?: number): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${length ?? bytes.length} >>\nstream\n`, 'latin1'),
    bytes,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

export interface AssembleOptions {
  /** Write wrong offsets into the cross-reference table, as a broken writer does. */
  badXref?: boolean;
  trailer?: string;
}

/** Objects 1..n, a cross-reference table and a trailer whose /Root is object 1. */
export function assemblePdf(objects: PdfObjectBody[], options: AssembleOptions = {}): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(size);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(chunk);
    size += chunk.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) xref += `${String(options.badXref ? offset + 7 : offset).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${options.trailer ?? ''}>>\nstartxref\n${size}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

export const HELVETICA = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';

export function textContent(text: string, y = 700): string {
  return `BT /F1 24 Tf 72 ${y} Td (${text}) Tj ET`;
}

/** One page whose content is object 4 (Flate-compressed) and whose font is object 5. */
export function onePagePdf(text: string, options: AssembleOptions = {}): Uint8Array {
  return assemblePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      stream('/Filter /FlateDecode', deflateSync(textContent(text))),
      HELVETICA,
    ],
    options,
  );
}

/** A Flate stream whose compressed data is damaged half way: the start decodes, the rest does not. */
export function damagedFlate(text: string): Buffer {
  // Long and varied, so that the decoder hands over the start before it meets the damage.
  const lines = Array.from({ length: 4000 }, (_, i) => `${i % 97} ${(i * 37) % 89} m ${(i * 13) % 83} ${i % 79} l S`);
  const good = deflateSync(Buffer.from(`${text}\n${lines.join('\n')}\n`, 'latin1'));
  const bad = Buffer.from(good);
  // Noise, not a run of one byte: runs can happen to form valid codes and decode as garbage.
  let seed = 12345;
  for (let i = Math.floor(bad.length / 2); i < bad.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bad[i] = seed >> 16;
  }
  return bad;
}

/** JPEG segments: APP1 with an EXIF block whose IFD0 holds only the Orientation tag. */
export function exifSegment(orientation: number, littleEndian = false): Buffer {
  const tiff = Buffer.alloc(26);
  if (littleEndian) {
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(1, 8);
    tiff.writeUInt16LE(0x0112, 10);
    tiff.writeUInt16LE(3, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt16LE(orientation, 18);
  } else {
    tiff.write('MM', 0, 'latin1');
    tiff.writeUInt16BE(42, 2);
    tiff.writeUInt32BE(8, 4);
    tiff.writeUInt16BE(1, 8);
    tiff.writeUInt16BE(0x0112, 10);
    tiff.writeUInt16BE(3, 12);
    tiff.writeUInt32BE(1, 14);
    tiff.writeUInt16BE(orientation, 18);
  }
  return tiff;
}

/** A JPEG with an EXIF orientation: APP1 inserted right after SOI. */
export function withExifOrientation(jpeg: Uint8Array, orientation: number, littleEndian = false): Uint8Array {
  const tiff = exifSegment(orientation, littleEndian);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return new Uint8Array(Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), app1, body, Buffer.from(jpeg.subarray(2))]));
}

/** A PNG with an eXIf chunk (PNG 1.5 extension) right after IHDR. */
export function withPngExif(png: Uint8Array, orientation: number): Uint8Array {
  const data = exifSegment(orientation);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('eXIf', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const ihdrEnd = 8 + 12 + 13;
  return new Uint8Array(
    Buffer.concat([Buffer.from(png.subarray(0, ihdrEnd)), chunk, Buffer.from(png.subarray(ihdrEnd))]),
  );
}

/** Bytes inserted before the JPEG's first DQT marker: junk that libjpeg skips with a warning. */
export function withStrayBytes(jpeg: Uint8Array): Uint8Array {
  const bytes = Buffer.from(jpeg);
  const at = bytes.indexOf(Buffer.from([0xff, 0xdb]));
  return new Uint8Array(Buffer.concat([bytes.subarray(0, at), Buffer.from([0x00, 0x12, 0x34]), bytes.subarray(at)]));
}

/**
 * A 12-bit extended-sequential JPEG (SOF1), greyscale, one flat grey level per 8x8 block, with
 * the standard luminance DC table: readable by any 12-bit libjpeg build (checked with the IJG
 * 12-bit decoder in dcmtk), refused by 8-bit ones such as MuPDF's.
 */
export function jpeg12(levels: number[], blocksWide: number, blocksHigh: number): Uint8Array {
  const out: number[] = [];
  const u16 = (v: number): number[] => [v >> 8, v & 255];
  const segment = (marker: number, body: number[]): void =>
    void out.push(0xff, marker, ...u16(body.length + 2), ...body);
  out.push(0xff, 0xd8);
  segment(0xdb, [0x00, ...Array<number>(64).fill(16)]);
  segment(0xc1, [12, ...u16(blocksHigh * 8), ...u16(blocksWide * 8), 1, 1, 0x11, 0]);
  const dcBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
  const dcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  segment(0xc4, [0x00, ...dcBits, ...dcValues]);
  segment(0xc4, [0x10, 1, ...Array<number>(15).fill(0), 0x00]); // AC: end-of-block only
  segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < dcBits[len - 1]!; i++) codes.set(dcValues[k++]!, [code++, len]);
    code <<= 1;
  }
  let acc = 0;
  let n = 0;
  const put = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i--) {
      acc = (acc << 1) | ((value >> i) & 1);
      if (++n === 8) {
        out.push(acc);
        if (acc === 0xff) out.push(0);
        acc = 0;
        n = 0;
      }
    }
  };
  let pred = 0;
  for (const level of levels) {
    const dc = Math.round((8 * (level - 2048)) / 16);
    const diff = dc - pred;
    pred = dc;
    const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
    const [c, l] = codes.get(size)!;
    put(c, l);
    if (size) put(diff < 0 ? diff + (1 << size) - 1 : diff, size);
    put(0, 1);
  }
  if (n) put((1 << (8 - n)) - 1, 8 - n);
  out.push(0xff, 0xd9);
  return Uint8Array.from(out);
}

/** A JBIG2 stream (embedded form) holding only a page information segment of the given size. */
export function jbig2PageInfo(width: number, height: number): Buffer {
  const header = Buffer.alloc(11);
  header.writeUInt32BE(0, 0); // segment number
  header[4] = 48; // page information
  header[5] = 0; // no referred-to segments
  header[6] = 1; // page 1
  header.writeUInt32BE(19, 7);
  const data = Buffer.alloc(19);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  return Buffer.concat([header, data]);
}
