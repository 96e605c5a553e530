/** Where a photo goes on the page: its box as the reader sees it, in PDF points. */
export interface PhotoBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The `cm` matrix that paints an image XObject (its unit square, first row at the top) upright
 * into `box`, for the EXIF orientation the camera recorded (TIFF 6.0, tag 0x0112): 1 as stored,
 * 2 mirrored, 3 turned half round, 4 flipped, 5 transposed, 6 turned a quarter clockwise to
 * view, 7 transversed, 8 turned a quarter anticlockwise. For 5 to 8 the stored image is `h`
 * wide and `w` high. Checked by rendering each one with MuPDF (test/unit/inspect.test.ts).
 */
export function exifPlacement(box: PhotoBox, orientation: number): [number, number, number, number, number, number] {
  const { x, y, w, h } = box;
  switch (orientation) {
    case 2:
      return [-w, 0, 0, h, x + w, y];
    case 3:
      return [-w, 0, 0, -h, x + w, y + h];
    case 4:
      return [w, 0, 0, -h, x, y + h];
    case 5:
      return [0, -h, -w, 0, x + w, y + h];
    case 6:
      return [0, -h, w, 0, x, y + h];
    case 7:
      return [0, h, w, 0, x, y];
    case 8:
      return [0, h, -w, 0, x + w, y];
    default:
      return [w, 0, 0, h, x, y];
  }
}
