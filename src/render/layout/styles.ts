import type { Face, PageGeometry, ParagraphStyle, Rgb } from './types.js';

// The dossier's typography in one place: sizes in points, colours as RGB from 0 to 1.

/** A4, with margins fit for filing: a wider inner margin for binding, room below for footer and stamp. */
export const A4: PageGeometry = {
  width: 595.28,
  height: 841.89,
  marginTop: 64,
  marginBottom: 78,
  marginLeft: 78,
  marginRight: 64,
};

export const BODY = 10.5;
export const LEADING = 1.38;
export const CELL = 8.6;
export const CELL_PAD_X = 4;
export const CELL_PAD_Y = 3;
export const LIST_INDENT = 16;
/** Printed text files: small enough for about 90 characters a line beside the line numbers. */
export const LISTING = 8;
export const LISTING_LEADING = 1.3;
export const TEXT: Rgb = [0.08, 0.08, 0.1];
export const MUTED: Rgb = [0.38, 0.38, 0.42];
export const RULE: Rgb = [0.55, 0.55, 0.6];
export const HEADER_FILL: Rgb = [0.92, 0.92, 0.94];

export const HEADING = {
  1: { size: 15, before: 20, after: 8 },
  2: { size: 12.5, before: 16, after: 6 },
  3: { size: 11, before: 10, after: 4 },
} as const;

export const PARAGRAPH: Record<ParagraphStyle, { size: number; face?: Face; color?: Rgb; after: number }> = {
  body: { size: BODY, after: 6 },
  small: { size: 8.6, color: MUTED, after: 3 },
  title: { size: 22, face: 'bold', after: 10 },
  subtitle: { size: 13, after: 8 },
  marking: { size: 12, face: 'bold', color: [0.6, 0.05, 0.05], after: 8 },
};
