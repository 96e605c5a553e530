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
  // The contents need every heading before layout starts; the blocks of one section at a
  // time are enough after that, so memory does not grow with the dossier.
  const scan = new MarkdownReader();
  const headings: HeadingEntry[] = input.sections.flatMap((markdown) => scan.read(markdown).headings);
  const engine = new LayoutEngine({
    geometry: A4,
    measurer: writer.fonts,
    toc: headings,
    onPage: (page) => writer.addPage(page, [A4.width, A4.height]),
  });
  const reader = new MarkdownReader();
  for (const markdown of input.sections) engine.add(reader.read(markdown).blocks);
  engine.finish();
  const pdf = await writer.finish({ footer: input.footer, outline: headings });
  return { pdf, pages: writer.pageCount };
}
