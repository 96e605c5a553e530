/**
 * Removes what a camera or an editor writes about a photo (EXIF with GPS and owner, XMP,
 * IPTC, comments) without re-encoding it: segments and chunks are dropped, pixels untouched.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const { kept, dropped } = jpegSegments(bytes);
  return dropped.length ? new Uint8Array(Buffer.concat(kept)) : bytes;
}

/** The segments `stripJpegMetadata` drops, as their bytes: what a search for a name must read. */
export function jpegMetadata(bytes: Uint8Array): Uint8Array[] {
  return jpegSegments(bytes).dropped;
}

function jpegSegments(bytes: Uint8Array): { kept: Uint8Array[]; dropped: Uint8Array[] } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return { kept: [bytes], dropped: [] };
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const dropped: Uint8Array[] = [];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    // Stray bytes between segments (readers skip them): dropped, so no later EXIF segment escapes.
    if (bytes[offset] !== 0xff) {
      dropped.push(bytes.subarray(offset, offset + 1));
      offset++;
      continue;
    }
    const marker = bytes[offset + 1]!;
    // Start of scan: the image data follows to the end; keep it all.
    if (marker === 0xda) break;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    // APP1 (EXIF, XMP), APP12 (Ducky/picture info), APP13 (IPTC, Photoshop), COM (comments).
    const drop = marker === 0xe1 || marker === 0xec || marker === 0xed || marker === 0xfe;
    (drop ? dropped : kept).push(bytes.subarray(offset, end));
    offset = end;
  }
  kept.push(bytes.subarray(offset));
  return { kept, dropped };
}

/** PNG text, EXIF and time chunks dropped; the image chunks kept as they are. */
export function stripPngMetadata(bytes: Uint8Array): Uint8Array {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 8 || view.readUInt32BE(0) !== 0x89504e47) return bytes;
  const parts: Buffer[] = [view.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= view.length) {
    const length = view.readUInt32BE(offset);
    const type = view.subarray(offset + 4, offset + 8).toString('latin1');
    const end = offset + 12 + length;
    if (!['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'].includes(type)) parts.push(view.subarray(offset, end));
    offset = end;
  }
  return new Uint8Array(Buffer.concat(parts));
}
