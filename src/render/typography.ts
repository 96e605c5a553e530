import type { Block, HeadingEntry, Inline } from './layout/types.js';

export type QuoteStyle = 'en' | 'it';

// Typographic quotes and dashes, as a printed brief has them: “…” in English, «…» in Italian (the
// quotation marks of Italian legal writing); -- and --- as – and —; three dots as …. Apostrophes
// and a spaced hyphen stay as written: dossier.md spells "colpi d'arma da fuoco" and
// "CONFIDENTIAL - PREPARED FOR LITIGATION" so, and readers search for them so.
const QUOTES: Record<QuoteStyle, { open: string; close: string }> = {
  en: { open: '“', close: '”' },
  it: { open: '«', close: '»' },
};

const OPENS_AFTER = /[\s([{\u2014\u2013/«“‘-]/;

/** One run of text made typographic; `before` is the character that precedes it in its paragraph. */
export function typographicText(text: string, style: QuoteStyle, before = ' '): string {
  const q = QUOTES[style];
  let out = '';
  let prev = before;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    let put = c;
    if (c === '"') put = prev === '' || OPENS_AFTER.test(prev) ? q.open : q.close;
    else if (c === '-' && text[i + 1] === '-' && text[i + 2] === '-') {
      put = '—';
      i += 2;
    } else if (c === '-' && text[i + 1] === '-') {
      put = '–';
      i += 1;
    } else if (c === '.' && text[i + 1] === '.' && text[i + 2] === '.') {
      put = '…';
      i += 2;
    }
    out += put;
    prev = put.at(-1) ?? prev;
  }
  return out;
}

/** A paragraph's runs made typographic, the context carried from one run to the next. */
export function typographicRuns(inlines: readonly Inline[], style: QuoteStyle): Inline[] {
  let before = ' ';
  return inlines.map((run) => {
    if (run.pageRef || run.code) {
      before = run.text.at(-1) ?? before;
      return run;
    }
    const text = typographicText(run.text, style, before);
    before = text.at(-1) ?? before;
    return text === run.text ? run : { ...run, text };
  });
}

/** The blocks of a section with typographic quotes and dashes in every paragraph, heading, list and table. */
export function typographicBlocks(blocks: readonly Block[], style: QuoteStyle): Block[] {
  return blocks.map((block): Block => {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        return { ...block, inlines: typographicRuns(block.inlines, style) };
      case 'list':
        return { ...block, items: block.items.map((item) => typographicBlocks(item, style)) };
      case 'table':
        return {
          ...block,
          header: block.header.map((cell) => typographicRuns(cell, style)),
          rows: block.rows.map((row) => row.map((cell) => typographicRuns(cell, style))),
        };
      default:
        return block;
    }
  });
}

/** Heading titles as the contents and the outline show them. */
export function typographicHeadings(headings: readonly HeadingEntry[], style: QuoteStyle): HeadingEntry[] {
  return headings.map((h) => ({ ...h, title: typographicText(h.title, style) }));
}
