import { describe, expect, it } from '@jest/globals';
import { LayoutEngine } from '../../src/render/layout/engine.js';
import { breakLines } from '../../src/render/layout/lines.js';
import { hyphenator } from '../../src/render/layout/hyphenate.js';
import type { Block, HeadingEntry, LaidOutPage, PageGeometry } from '../../src/render/layout/types.js';
import fc from 'fast-check';
import { MarkdownReader } from '../../src/render/markdown.js';
import { monospace } from '../helpers/layout.js';

const PAGE: PageGeometry = {
  width: 300,
  height: 400,
  marginTop: 40,
  marginBottom: 40,
  marginLeft: 30,
  marginRight: 30,
};

function layout(markdown: string, geometry = PAGE): LaidOutPage[] {
  const { blocks, headings } = new MarkdownReader().read(markdown);
  return layoutBlocks(blocks, headings, geometry);
}

function layoutBlocks(blocks: Block[], toc: HeadingEntry[] = [], geometry = PAGE): LaidOutPage[] {
  const pages: LaidOutPage[] = [];
  const engine = new LayoutEngine({ geometry, measurer: monospace, toc, onPage: (p) => pages.push(p) });
  engine.add(blocks);
  engine.finish();
  return pages;
}

/** Text of a page's runs in reading order (top to bottom, left to right). */
function pageText(page: LaidOutPage): string[] {
  const lines = new Map<number, { x: number; text: string }[]>();
  for (const run of page.runs) {
    const y = Math.round(run.y * 10);
    lines.set(y, [...(lines.get(y) ?? []), { x: run.x, text: run.text }]);
  }
  return [...lines.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, runs]) =>
      runs
        .sort((a, b) => a.x - b.x)
        .map((r) => r.text)
        .join(''),
    );
}

describe('line breaking', () => {
  it('fills lines greedily at UAX #14 break opportunities, trailing spaces not counted', () => {
    // 10 characters fit at size 10 in 50 points
    const lines = breakLines([{ text: 'aaaa bbbb cccc dd' }], { width: 50, size: 10, align: 'left' }, monospace);
    expect(lines.map((l) => l.fragments.map((f) => f.text).join(''))).toEqual(['aaaa bbbb', 'cccc dd']);
    expect(lines[0]!.width).toBe(45);
  });

  it('ends no line after a hyphen that follows one or two letters or digits', () => {
    // 10 characters fit: "sent by e-" would, but "e-mail" and "2-sexies" stay whole; "Sea-" may end a line.
    const texts = (text: string) =>
      breakLines([{ text }], { width: 50, size: 10, align: 'left' }, monospace).map((l) =>
        l.fragments.map((f) => f.text).join(''),
      );
    expect(texts('sent by e-mail')).toEqual(['sent by', 'e-mail']);
    expect(texts('comma 2-sexies')).toEqual(['comma', '2-sexies']);
    expect(texts('sent (e-mail)')).toEqual(['sent', '(e-mail)']);
    expect(texts('via «e-mail»')).toEqual(['via', '«e-mail»']);
    expect(texts('the Sea-Watch')).toEqual(['the Sea-', 'Watch']);
  });

  it('splits a word longer than the line, keeping every character', () => {
    const word = 'x'.repeat(47);
    const lines = breakLines([{ text: `go ${word} end` }], { width: 50, size: 10, align: 'left' }, monospace);
    const texts = lines.map((l) => l.fragments.map((f) => f.text).join(''));
    expect(texts.join('').replace(/ /g, '')).toBe(`go${word}end`);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(50);
    expect(texts).toEqual(['go', 'x'.repeat(10), 'x'.repeat(10), 'x'.repeat(10), 'x'.repeat(10), 'xxxxxxx', 'end']);
  });

  it('justifies every line but the last to the full width', () => {
    const lines = breakLines(
      [{ text: 'aa bb cc dd ee ff gg hh ii' }],
      { width: 60, size: 10, align: 'justify' },
      monospace,
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) {
      const last = line.fragments.at(-1)!;
      expect(last.x + last.width).toBeCloseTo(60, 6);
    }
    expect(lines.at(-1)!.width).toBeLessThan(60);
  });

  it('keeps styles on their own runs across a break', () => {
    const lines = breakLines(
      [{ text: 'plain ' }, { text: 'bold words', bold: true }],
      { width: 200, size: 10, align: 'left' },
      monospace,
    );
    expect(lines[0]!.fragments.map((f) => [f.text, f.font])).toEqual([
      ['plain ', 'regular'],
      ['bold words', 'bold'],
    ]);
  });

  it('orders a right-to-left name visually, as one run, inside left-to-right text', () => {
    const lines = breakLines(
      [{ text: 'Witness: عمر الطرابلسي (W1)' }],
      { width: 400, size: 10, align: 'left' },
      monospace,
    );
    const texts = lines[0]!.fragments.map((f) => f.text);
    expect(texts).toEqual(['Witness: ', 'عمر الطرابلسي', ' (W1)']);
    expect(lines[0]!.fragments[1]!.level).toBe(1);
  });

  it('breaks where the text says so', () => {
    const lines = breakLines([{ text: 'one\ntwo' }], { width: 200, size: 10, align: 'left' }, monospace);
    expect(lines.map((l) => l.fragments.map((f) => f.text).join(''))).toEqual(['one', 'two']);
  });
});

describe('page layout', () => {
  it('lays out an empty dossier as one empty page and an empty section without failing', () => {
    expect(layout('')).toHaveLength(1);
    const pages = layout('# Section\n\n# Next\n\nText.');
    expect(pageText(pages[0]!)).toEqual(['Section', 'Next', 'Text.']);
  });

  it('moves a heading at the bottom of a page to the next, with what follows it', () => {
    // 13 one-line paragraphs leave room for the heading alone, not for the heading and a line.
    const filler = Array.from({ length: 13 }, (_, i) => `Line ${i}.`).join('\n\n');
    const pages = layout(`${filler}\n\n## Heading\n\nFirst line of the section that follows.`);
    expect(pages.length).toBe(2);
    expect(pageText(pages[0]!).join('\n')).not.toContain('Heading');
    expect(pageText(pages[1]!)[0]).toBe('Heading');
    expect(pageText(pages[1]!)[1]).toContain('First line');
  });

  it('never leaves the first line of a paragraph alone at the foot of a page', () => {
    // 14 one-line paragraphs (each a line and its spacing) leave room for one more line only.
    const geometry = { ...PAGE, height: 40 + 40 + 21 * 10.5 * 1.38 + 1 };
    const lines = Array.from({ length: 14 }, (_, i) => `p${i}`).join('\n\n');
    const long = 'word '.repeat(40).trim();
    const pages = layout(`${lines}\n\n${long}`, geometry);
    const first = pageText(pages[0]!);
    expect(first.at(-1)).toMatch(/^p\d+$/);
    expect(pageText(pages[1]!)[0]).toMatch(/^word/);
  });

  it('splits a table row taller than a page over pages, repeating the header, losing no line', () => {
    const tall = Array.from({ length: 80 }, (_, i) => `line-${i}`).join('<br>');
    const pages = layout(`| Head A | Head B |\n|---|---|\n| ${tall} | short |\n| after | row |`);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(pageText(page)[0]).toBe('Head AHead B');
    const all = pages.flatMap(pageText).join('\n');
    for (let i = 0; i < 80; i++) expect(all).toContain(`line-${i}`);
    expect(all).toContain('afterrow');
    for (const page of pages) for (const run of page.runs) expect(run.y).toBeGreaterThanOrEqual(PAGE.marginBottom - 1);
  });

  it('repeats a table header on every page a long table spans', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `| r${i} | v${i} |`).join('\n');
    const pages = layout(`| Time | Event |\n|---|---|\n${rows}`);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(pageText(page)[0]).toBe('TimeEvent');
  });

  it('places a box taller than a page without looping forever', () => {
    const geometry = { ...PAGE, height: 90 };
    const pages = layout(`# ${'long heading '.repeat(20)}\n\n${'text '.repeat(200)}`, geometry);
    expect(pages.length).toBeGreaterThan(3);
  });

  it('anchors headings on the page where they land and lists them in the contents', () => {
    const filler = 'word '.repeat(400);
    const { blocks, headings } = new MarkdownReader().read(
      `# Contents\n\n<!-- toc -->\n\n<!-- pagebreak -->\n# One\n\n${filler}\n\n# Two\n\nEnd.`,
    );
    const pages = layoutBlocks(blocks, headings);
    const anchors = new Map(pages.flatMap((p) => p.anchors.map((a) => [a.id, p.index] as const)));
    const toc = headings.filter((h) => h.toc);
    expect(toc.map((h) => h.title)).toEqual(['One', 'Two']);
    expect(anchors.get(toc[0]!.anchor)).toBe(1);
    expect(anchors.get(toc[1]!.anchor)).toBeGreaterThan(1);
    expect(pages[0]!.deferred.map((d) => d.anchor)).toEqual(toc.map((h) => h.anchor));
  });
});

describe('the headings scanned for the contents', () => {
  // What a dossier's sections hold: directives, emphasis, entities, lists, quotes, code, tables.
  const pieces = [
    '# Facts',
    '## The *interception* of 12 May',
    '## Vessel &amp; crew [record](#h3)',
    '### Detail',
    'Setext heading\n---',
    '<!-- anchor: incident-7 -->',
    '<!-- toc -->',
    '<!-- pagebreak -->',
    '<!-- center -->\n# Centred',
    '<!-- style: small -->',
    'A paragraph with **bold** and a `# not a heading`.',
    '- an item\n- ## a heading in a list',
    '> ## a quoted heading',
    '```\n# in code\n```',
    '| a | b |\n|---|---|\n| # x | y |',
    '---',
    // Reference links, links and an inline <a> left open: marked carries link state across texts.
    '[r]: https://example.org',
    '## See [it][r]',
    'Text <a name="x">open',
    '## At www.example.com/_a_/b',
    '> Quoted\n> ===',
  ];

  it('are the headings read finds, numbered alike, over a whole dossier of sections', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (sections, crlf) => {
          const texts = sections.map((parts) => {
            const text = parts.join('\n\n');
            return crlf ? text.replace(/\n/g, '\r\n') : text;
          });
          const scan = new MarkdownReader();
          const read = new MarkdownReader();
          expect(texts.flatMap((t) => scan.headings(t))).toEqual(texts.flatMap((t) => read.read(t).headings));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('take the text of a heading as read shows it', () => {
    const headings = new MarkdownReader().headings('<!-- toc -->\n\n## The *interception* &amp; [the shots](#x)');
    expect(headings).toEqual([{ level: 2, title: 'The interception & the shots', anchor: 'h1', toc: true }]);
  });
});

describe('hyphenation of justified text', () => {
  const lineText = (line: { fragments: { text: string }[] }) => line.fragments.map((f) => f.text).join('');

  it('hyphenates a word by the Italian patterns where the line would be loose, and joins back to the text', () => {
    const text = 'il provvedimento di fermo amministrativo della nave è stato impugnato';
    const lines = breakLines(
      [{ text }],
      { width: 150, size: 10, align: 'justify', hyphenate: hyphenator('it') },
      monospace,
    );
    const texts = lines.map(lineText);
    expect(texts.some((t) => t.trimEnd().endsWith('-'))).toBe(true);
    // Every hyphen stands at a place the patterns allow: am-mi-ni-stra-ti-vo, prov-ve-di-men-to.
    const joined = texts
      .map((t) => t.trimEnd())
      .join(' ')
      .replace(/- /g, '');
    expect(joined.replace(/\s+/g, ' ')).toBe(text);
    for (const t of texts.slice(0, -1)) expect([...t.trimEnd()].length * 5).toBeLessThanOrEqual(150);
  });

  it('leaves left-aligned text and short words whole', () => {
    const text = 'il provvedimento di fermo amministrativo della nave è stato impugnato';
    const left = breakLines(
      [{ text }],
      { width: 150, size: 10, align: 'left', hyphenate: hyphenator('it') },
      monospace,
    );
    expect(left.map(lineText).some((t) => t.trimEnd().endsWith('-'))).toBe(false);
    expect(hyphenator('en')('court')).toEqual([]);
    expect(hyphenator('en')('administrative')).toEqual([2, 5, 7, 11]); // ad-min-is-trat-ive
  });
});
