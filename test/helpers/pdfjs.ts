import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// pdf.js's minified builds: the others end with a source map comment, and pdf.js reads an
// Error's stack as it loads, which has Jest's stack-trace support parse those maps (0.9 s for
// every test file that reads a PDF with it). The code is the same.
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
const require = createRequire(import.meta.url);
const pdfjs = (await import(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.min.mjs')).href)) as PdfJs;
pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.worker.min.mjs')).href;

export const { getDocument, OPS } = pdfjs;
