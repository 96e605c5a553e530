// Reference: pdfmake with an embedded TTF (DejaVu Serif) on comparable text; prints "<pages> pages".
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { sections } from './text.mjs';
const require = createRequire(import.meta.url);
const PdfPrinter = require('pdfmake');
const dir = path.join(
  path.dirname(
    require.resolve('dejavu-fonts-ttf/package.json', {
      paths: [path.resolve('..'), process.cwd(), new URL('..', import.meta.url).pathname],
    }),
  ),
  'ttf',
);
const printer = new PdfPrinter({
  Serif: {
    normal: path.join(dir, 'DejaVuSerif.ttf'),
    bold: path.join(dir, 'DejaVuSerif-Bold.ttf'),
    italics: path.join(dir, 'DejaVuSerif-Italic.ttf'),
    bolditalics: path.join(dir, 'DejaVuSerif-BoldItalic.ttf'),
  },
});
const content = sections(Number(process.argv[2])).flatMap((s) => [
  { text: s.title, fontSize: 15, bold: true, margin: [0, 12, 0, 6] },
  ...s.paragraphs.map((p) => ({ text: p, alignment: 'justify', margin: [0, 0, 0, 6] })),
  {
    table: { headerRows: 1, widths: ['auto', '*', 'auto'], body: [['Time', 'Event', 'Kind'], ...s.table] },
    fontSize: 8.6,
  },
]);
const doc = printer.createPdfKitDocument({ pageSize: 'A4', content, defaultStyle: { font: 'Serif', fontSize: 10.5 } });
const chunks = [];
doc.on('data', (c) => chunks.push(c));
await new Promise((resolve) => {
  doc.on('end', resolve);
  doc.end();
});
process.stdout.write(
  `${(await PDFDocument.load(Buffer.concat(chunks), { updateMetadata: false })).getPageCount()} pages\n`,
);
