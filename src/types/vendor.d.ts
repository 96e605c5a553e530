// Declarations for dependencies that ship no types of their own.
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}

declare module 'bidi-js' {
  interface EmbeddingLevels {
    levels: Uint8Array;
    paragraphs: { start: number; end: number; level: number }[];
  }
  interface Bidi {
    getEmbeddingLevels(text: string, direction?: 'ltr' | 'rtl' | 'auto'): EmbeddingLevels;
  }
  export default function bidiFactory(): Bidi;
}

declare module 'hyphen/it/index.js' {
  const hyphen: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default hyphen;
}

declare module 'hyphen/en-gb/index.js' {
  const hyphen: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default hyphen;
}

declare module 'lineclip' {
  type Point = [number, number];
  type BBox = [number, number, number, number];
  export function clipPolyline(points: Point[], bbox: BBox, result?: Point[][]): Point[][];
  export function clipPolygon(points: Point[], bbox: BBox): Point[];
}
