/** A stream's predictor parameters (PDF 32000-1, table 8), as its /DecodeParms gives them. */
export interface Predictor {
  predictor: number;
  colors: number;
  bitsPerComponent: number;
  columns: number;
}

/**
 * The data before a Flate or LZW predictor (PDF 32000-1, 7.4.4.4): TIFF 2 at 8 bits a component,
 * or PNG rows each with its filter byte (None, Sub, Up, Average, Paeth). pdf-lib decompresses but
 * leaves the predicted bytes, in which no text can be read. Other predictors: the data unchanged.
 */
export function undoPredictor(data: Uint8Array, p: Predictor): Uint8Array {
  const bpp = Math.max(1, Math.ceil((p.colors * p.bitsPerComponent) / 8));
  const rowBytes = Math.ceil((p.colors * p.bitsPerComponent * p.columns) / 8);
  if (rowBytes <= 0) return data;
  if (p.predictor === 2) {
    if (p.bitsPerComponent !== 8) return data;
    const out = Uint8Array.from(data);
    for (let row = 0; row < out.length; row += rowBytes)
      for (let i = row + bpp; i < Math.min(row + rowBytes, out.length); i++) out[i] = (out[i]! + out[i - bpp]!) & 0xff;
    return out;
  }
  if (p.predictor < 10) return data;
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (rowBytes + 1)]!;
    const at = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const x = data[r * (rowBytes + 1) + 1 + i]!;
      const left = i >= bpp ? out[at + i - bpp]! : 0;
      const up = r > 0 ? out[at - rowBytes + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[at - rowBytes + i - bpp]! : 0;
      let value = x;
      if (filter === 1) value = x + left;
      else if (filter === 2) value = x + up;
      else if (filter === 3) value = x + ((left + up) >> 1);
      else if (filter === 4) {
        const base = left + up - upLeft;
        const pa = Math.abs(base - left);
        const pb = Math.abs(base - up);
        const pc = Math.abs(base - upLeft);
        value = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[at + i] = value & 0xff;
    }
  }
  return out;
}
