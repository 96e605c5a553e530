// Reference: the Typst compiler (typst-ts-node-compiler) on comparable text; prints "<pages> pages".
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { PDFDocument } from 'pdf-lib';
import { sections } from './text.mjs';
const esc = (s) => s.replace(/[#*_`$<>@[\]\\]/g, (c) => `\\${c}`);
const body = sections(Number(process.argv[2]))
  .map(
    (s) =>
      `= ${s.title}\n\n${s.paragraphs.map(esc).join('\n\n')}\n\n#table(columns: 3, ${s.table
        .flat()
        .map((c) => `[${esc(c)}]`)
        .join(', ')})\n`,
  )
  .join('\n');
const pdf = NodeCompiler.create().pdf({
  mainFileContent: `#set page(paper: "a4")\n#set text(size: 10.5pt)\n#set par(justify: true)\n${body}`,
});
process.stdout.write(`${(await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount()} pages\n`);
