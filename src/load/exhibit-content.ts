import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What an exhibit file is, judged by its bytes and checked against its name. */
export type ExhibitContent =
  | { kind: 'image'; format: 'jpeg' | 'png'; bytes: Uint8Array; width: number; height: number; orientation: number }
  | { kind: 'pdf'; bytes: Uint8Array }
  /** A text file: printed in the dossier (CSV and TSV as tables, GPX as its track points) and attached. */
  | { kind: 'text'; format: TextFormat; mimeType: string; bytes: Uint8Array }
  | { kind: 'attachment'; mimeType: string };

export type TextFormat = 'csv' | 'tsv' | 'gpx' | 'plain';

/** Larger photos are refused: decoding one could exhaust memory, and no court page needs it. */
export const MAX_IMAGE_PIXELS = 80_000_000;
/** A text file larger than this is attached, not printed: no court reads 30,000 pages of a log. */
export const MAX_PRINTED_TEXT = 32 * 1024 * 1024;
/** A PDF or photo is read whole to be placed on pages; past this it would not fit in memory. */
export const MAX_PLACED_FILE = 1024 * 1024 * 1024;

const JPEG_EXT = new Set(['.jpg', '.jpeg', '.jpe', '.jfif']);
const PNG_EXT = new Set(['.png']);
const PDF_EXT = new Set(['.pdf']);
const TEXT_EXT: Record<string, TextFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.txt': 'plain',
  '.log': 'plain',
  '.json': 'plain',
  '.xml': 'plain',
  '.md': 'plain',
  '.markdown': 'plain',
  '.gpx': 'gpx',
};

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.tab': 'text/tab-separated-values',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.json': 'application/json',
  '.gpx': 'application/gpx+xml',
  '.kml': 'application/vnd.google-earth.kml+xml',
  '.xml': 'application/xml',
  '.eml': 'message/rfc822',
  '.zip': 'application/zip',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** A fault in an evidence file, in users' words; what a library said is kept apart, for DEBUG=casebuilder. */
export class ExhibitFileError extends Error {
  constructor(
    message: string,
    readonly technical?: string,
  ) {
    super(message);
  }
}

/**
 * Reads an exhibit: JPEG and PNG photos and PDF documents are read whole to be placed in the
 * dossier, text files to be printed and attached; anything else is attached as it is. A file
 * whose bytes contradict its name is refused, as is a photo too large to decode safely.
 */
export function readExhibitContent(absPath: string): ExhibitContent {
  const ext = path.extname(absPath).toLowerCase();
  const format = Object.hasOwn(TEXT_EXT, ext) ? TEXT_EXT[ext]! : undefined;
  if (format) {
    if (statSync(absPath).size > MAX_PRINTED_TEXT) return { kind: 'attachment', mimeType: MIME[ext]! };
    return { kind: 'text', format, mimeType: MIME[ext]!, bytes: readFileBytes(absPath) };
  }
  if (JPEG_EXT.has(ext) || PNG_EXT.has(ext) || PDF_EXT.has(ext)) {
    const bytesOnDisk = statSync(absPath).size;
    if (bytesOnDisk > MAX_PLACED_FILE)
      throw new ExhibitFileError(
        `the file is ${(bytesOnDisk / 2 ** 30).toFixed(1)} GiB; a ${PDF_EXT.has(ext) ? 'PDF' : 'photo'} is placed ` +
          `on the dossier's pages only up to ${MAX_PLACED_FILE / 2 ** 30} GiB: split it, or give a smaller copy`,
      );
    const bytes = readFileBytes(absPath);
    const actual = sniff(bytes);
    const claimed = JPEG_EXT.has(ext) ? 'jpeg' : PNG_EXT.has(ext) ? 'png' : 'pdf';
    // A .pdf without a header is judged by the PDF reader, which may still find a document in it.
    if (actual !== claimed && !(claimed === 'pdf' && actual === 'unknown')) {
      throw new ExhibitFileError(
        `the file is named ${ext} but its bytes are ` +
          `${actual === 'unknown' ? 'not a known format' : `a ${actual.toUpperCase()}`}; rename it or re-export it`,
      );
    }
    if (claimed === 'pdf') return { kind: 'pdf', bytes };
    const size = claimed === 'jpeg' ? jpegSize(bytes) : pngSize(bytes);
    if (size.width * size.height > MAX_IMAGE_PIXELS) {
      throw new ExhibitFileError(
        `the photo is ${size.width} x ${size.height} (${Math.round((size.width * size.height) / 1e6)} megapixels); ` +
          `photos are limited to ${MAX_IMAGE_PIXELS / 1e6} megapixels: attach a smaller copy`,
      );
    }
    return { kind: 'image', format: claimed, bytes, ...size };
  }
  return { kind: 'attachment', mimeType: MIME[ext] ?? 'application/octet-stream' };
}

/**
 * A file's bytes as a plain Uint8Array that owns its memory, so that no library meets Buffer's own
 * `slice`. A large file is read into memory of its own, taken as it is: copying a 60 MB scan
 * cost as much as reading it. A small one is copied out of the pool Node shares between buffers.
 */
export function readFileBytes(absPath: string): Uint8Array {
  const read = readFileSync(absPath);
  return read.byteOffset === 0 && read.buffer.byteLength === read.length
    ? new Uint8Array(read.buffer)
    : new Uint8Array(read);
}

function sniff(bytes: Uint8Array): 'jpeg' | 'png' | 'pdf' | 'unknown' {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  // %PDF- may follow a little junk; readers accept it within the first kilobyte.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  return 'unknown';
}

function pngSize(bytes: Uint8Array): { width: number; height: number; orientation: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || Buffer.from(bytes.subarray(12, 16)).toString('latin1') !== 'IHDR') {
    throw new ExhibitFileError('the PNG is truncated or corrupt (no IHDR header)');
  }
  return { width: view.getUint32(16), height: view.getUint32(20), orientation: 1 };
}

/** Width and height from the frame header, and the EXIF orientation a camera records. */
function jpegSize(bytes: Uint8Array): { width: number; height: number; orientation: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let orientation = 1;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    // Stray bytes between segments: libjpeg skips them, and so does this walk.
    if (bytes[offset] !== 0xff) {
      offset++;
      continue;
    }
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = view.getUint16(offset + 2);
    if (marker === 0xe1 && Buffer.from(bytes.subarray(offset + 4, offset + 10)).toString('latin1') === 'Exif\0\0') {
      orientation = exifOrientation(bytes.subarray(offset + 10, offset + 2 + length)) ?? orientation;
    }
    // SOF0..SOF15, but DHT (c4), JPG (c8) and DAC (cc) are not frame headers.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) break;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7), orientation };
    }
    offset += 2 + length;
  }
  throw new ExhibitFileError('the JPEG is truncated or corrupt (no frame header)');
}

/** The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block. */
export function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = Buffer.from(tiff.subarray(0, 2)).toString('latin1');
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}
