import type { FontLibrary } from '../pdf/fonts.js';
import { DossierWriter, type FooterText, type PdfMetadata } from '../pdf/writer.js';
import { A4, LayoutEngine } from './layout/engine.js';
import type { HeadingEntry } from './layout/types.js';
import { MarkdownReader } from './markdown.js';

export interface TypesetInput {
  /** Markdown of each section, in dossier order. */
  sections: string[];
  meta: PdfMetadata;
  footer: (page: number, total: number) => FooterText;
}

/** Markdown sections -> laid-out pages -> PDF bytes, one page in memory at a time. */
export async function typeset(input: TypesetInput, library: FontLibrary): Promise<{ pdf: Uint8Array; pages: number }> {
  const writer = await DossierWriter.create(input.meta, library);
  const reader = new MarkdownReader();
  const parsed = input.sections.map((markdown) => reader.read(markdown));
  const headings: HeadingEntry[] = parsed.flatMap((p) => p.headings);
  const engine = new LayoutEngine({
    geometry: A4,
    measurer: writer.fonts,
    toc: headings,
    onPage: (page) => writer.addPage(page, [A4.width, A4.height]),
  });
  for (const section of parsed) engine.add(section.blocks);
  engine.finish();
  const pdf = await writer.finish({ footer: input.footer, outline: headings });
  return { pdf, pages: writer.pageCount };
}
