import { Lexer, type Token, type Tokens } from 'marked';
import type { Align, Block, HeadingEntry, Inline, ParagraphStyle } from './layout/types.js';

/**
 * Markdown (CommonMark + GFM tables) to layout blocks. A few HTML comments are directives
 * the templates use for what Markdown cannot say:
 * `<!-- pagebreak -->`, `<!-- toc -->`, `<!-- anchor: id -->`, `<!-- space: 24 -->`,
 * `<!-- center -->` ... `<!-- /center -->`, `<!-- style: title|subtitle|marking|small -->`,
 * `<!-- image: id -->` (a photo exhibit), `<!-- pages: id -->` (the pages of a PDF exhibit),
 * `<!-- printed: id -->` (the printed content of a text exhibit), `<!-- map: id -->` (a map).
 * A table whose header row is empty (`|  |  |` over `|---|---|`) has no header.
 */
export interface ParsedMarkdown {
  blocks: Block[];
  headings: HeadingEntry[];
}

const DIRECTIVE = /<!--\s*(\/?[a-z-]+)\s*(?::\s*([^>]*?))?\s*-->/g;
const STYLES = new Set<ParagraphStyle>(['title', 'subtitle', 'marking', 'small', 'body']);

export class MarkdownReader {
  private headingCount = 0;
  /** Headings before the table of contents (the cover, its own title) are not listed in it. */
  private tocSeen = false;

  /** One reader serves a whole dossier, so heading anchors stay unique across its sections. */
  read(markdown: string): ParsedMarkdown {
    const headings: HeadingEntry[] = [];
    const state: { align?: Align; style?: ParagraphStyle } = {};
    const blocks = this.blocks(new Lexer({ gfm: true }).lex(markdown), headings, state);
    return { blocks, headings };
  }

  /**
   * The headings `read` finds, numbered as it numbers them, for the table of contents that
   * must exist before layout: the blocks are lexed, the inline text of headings only (the
   * text of a whole dossier, lexed twice over, was a tenth of its build and a burst of memory).
   */
  headings(markdown: string): HeadingEntry[] {
    // An inline <a> left open (or closed) in a paragraph changes how later headings are lexed
    // (marked keeps it across texts): such a section is read whole, as `read` reads it.
    if (/<\/?a[\s>]/i.test(markdown)) return this.read(markdown).headings;
    const lexer = new Lexer({ gfm: true });
    // What lex() does before its block pass; its inline pass is left out.
    const tokens = lexer.blockTokens(markdown.replace(/\r\n|\r/g, '\n'), lexer.tokens);
    const headings: HeadingEntry[] = [];
    this.blocks(tokens, headings, {}, (heading) => {
      lexer.state.inRawBlock = false;
      return lexer.inlineTokens(heading.text);
    });
    return headings;
  }

  private blocks(
    tokens: Token[],
    headings: HeadingEntry[],
    state: { align?: Align; style?: ParagraphStyle },
    headingTokens: (heading: Tokens.Heading) => Token[] = (heading) => heading.tokens ?? [],
  ): Block[] {
    const out: Block[] = [];
    for (const token of tokens) {
      switch (token.type) {
        case 'heading': {
          const t = token as Tokens.Heading;
          const level = Math.min(3, Math.max(1, t.depth)) as 1 | 2 | 3;
          const inlines = inline(headingTokens(t));
          const pending = out.at(-1);
          // An anchor directive right before a heading names it.
          let anchor: string;
          if (pending?.kind === 'anchor') {
            out.pop();
            anchor = pending.id;
          } else {
            anchor = `h${++this.headingCount}`;
          }
          const title = inlines.map((i) => i.text).join('');
          const toc = level <= 2 && this.tocSeen;
          headings.push({ level, title, anchor, toc });
          out.push({ kind: 'heading', level, inlines, anchor, align: state.align, toc });
          break;
        }
        case 'paragraph': {
          const t = token as Tokens.Paragraph;
          out.push({ kind: 'paragraph', inlines: inline(t.tokens ?? []), align: state.align, style: state.style });
          state.style = undefined;
          break;
        }
        case 'text': {
          const t = token as Tokens.Text;
          out.push({
            kind: 'paragraph',
            inlines: t.tokens ? inline(t.tokens) : [{ text: t.text }],
            align: state.align ?? 'left',
            style: state.style,
          });
          state.style = undefined;
          break;
        }
        case 'code': {
          out.push({ kind: 'paragraph', inlines: [{ text: (token as Tokens.Code).text }], align: 'left' });
          break;
        }
        case 'list': {
          const t = token as Tokens.List;
          out.push({
            kind: 'list',
            ordered: t.ordered,
            start: typeof t.start === 'number' ? t.start : 1,
            items: t.items.map((item) => this.blocks(item.tokens, headings, {}, headingTokens)),
          });
          break;
        }
        case 'table': {
          const t = token as Tokens.Table;
          const header = t.header.map((cell) => inline(cell.tokens));
          out.push({
            kind: 'table',
            header,
            rows: t.rows.map((row) => row.map((cell) => inline(cell.tokens))),
            align: t.align.map((a) => (a === null ? null : a)),
            widths: delimiterWidths(t.raw, t.header.length),
            // An all-empty header row (`|  |  |`) says the table has none: a key/value table.
            ...(header.every((cell) => cell.every((i) => i.text.trim() === '')) ? { headless: true } : {}),
          });
          break;
        }
        case 'blockquote':
          out.push(...this.blocks((token as Tokens.Blockquote).tokens, headings, state, headingTokens));
          break;
        case 'hr':
          out.push({ kind: 'rule' });
          break;
        case 'html':
          for (const [, name, arg] of token.raw.matchAll(DIRECTIVE)) {
            if (name === 'toc') this.tocSeen = true;
            const block = directive(name!, arg, state);
            if (block) out.push(block);
          }
          break;
        default:
          break;
      }
    }
    return out;
  }
}

function directive(
  name: string,
  arg: string | undefined,
  state: { align?: Align; style?: ParagraphStyle },
): Block | undefined {
  switch (name) {
    case 'pagebreak':
      return { kind: 'pagebreak' };
    case 'toc':
      return { kind: 'toc' };
    case 'anchor':
      return arg ? { kind: 'anchor', id: arg } : undefined;
    case 'space':
      return { kind: 'space', points: Math.max(0, Number(arg) || 0) };
    case 'image':
      return arg ? { kind: 'image', id: arg } : undefined;
    case 'pages':
      return arg ? { kind: 'pages', id: arg } : undefined;
    case 'chart':
      return arg ? { kind: 'chart', id: arg } : undefined;
    case 'map':
      return arg ? { kind: 'map', id: arg } : undefined;
    case 'printed':
      return arg ? { kind: 'printed', id: arg } : undefined;
    case 'center':
      state.align = 'center';
      return undefined;
    case '/center':
      state.align = undefined;
      return undefined;
    case 'style':
      if (arg && STYLES.has(arg as ParagraphStyle)) state.style = arg as ParagraphStyle;
      return undefined;
    default:
      return undefined;
  }
}

/** Inline tokens flattened to styled text runs. */
export function inline(tokens: Token[], style: Omit<Inline, 'text'> = {}): Inline[] {
  const out: Inline[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'strong':
        out.push(...inline((token as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        out.push(...inline((token as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'del':
        out.push(...inline((token as Tokens.Del).tokens, style));
        break;
      case 'link': {
        const t = token as Tokens.Link;
        out.push(...inline(t.tokens, { ...style, link: t.href }));
        break;
      }
      case 'br':
        out.push({ ...style, text: '\n' });
        break;
      case 'codespan':
        out.push({ ...style, code: true, text: decodeEntities((token as Tokens.Codespan).text) });
        break;
      case 'image':
        out.push({ ...style, text: (token as Tokens.Image).text });
        break;
      case 'html':
        // A line break inside a table cell; other inline HTML is not shown.
        if (/^<br\s*\/?>$/i.test(token.raw.trim())) out.push({ ...style, text: '\n' });
        break;
      case 'text': {
        const t = token as Tokens.Text;
        if (t.tokens && t.tokens.length > 0) out.push(...inline(t.tokens, style));
        else out.push(...pageRefs(decodeEntities(t.text).replace(/\n/g, ' '), style));
        break;
      }
      default:
        if ('text' in token && typeof token.text === 'string') out.push({ ...style, text: decodeEntities(token.text) });
    }
  }
  return out;
}

/**
 * Relative column widths from the dashes of the delimiter row (`|--|------|`), as Pandoc
 * reads pipe tables; equal dashes leave the widths to the content.
 */
function delimiterWidths(raw: string, columns: number): number[] | undefined {
  const row = raw.split('\n')[1];
  if (!row) return undefined;
  const cells = row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  if (cells.length !== columns) return undefined;
  const dashes = cells.map((c) => (c.match(/-/g) ?? []).length);
  if (dashes.every((d) => d === dashes[0])) return undefined;
  return dashes;
}

const PAGE_REF = /\u27e6page:([^\u27e7]+)\u27e7/;

/** Splits out page-number placeholders (`{{page anchor}}` in templates). */
function pageRefs(text: string, style: Omit<Inline, 'text'>): Inline[] {
  if (!PAGE_REF.test(text)) return [{ ...style, text }];
  return text.split(new RegExp(PAGE_REF.source)).flatMap((part, i) => {
    if (i % 2 === 1) return [{ ...style, text: '000', pageRef: part }];
    return part ? [{ ...style, text: part }] : [];
  });
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name]!);
}

/** Escapes plain text so Markdown shows it as written (names, descriptions, table cells). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/^(\s*)([#+-]|\d+\.)(?=\s)/, '$1\\$2');
}
