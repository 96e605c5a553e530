import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';
import type { X509Certificate } from 'node:crypto';
import { pageDigests } from './integrity.js';
import { checkSignatures, type SignatureCheck } from './seal.js';
import { LOAD_OPTIONS } from './pdf-lib-options.js';

export interface ReadBack {
  pages: number;
  files: Map<string, Uint8Array>;
  pageSha256: string[];
  /** Its signatures, checked, in the order they were added. */
  signatures: SignatureCheck[];
}

/**
 * The files embedded in a PDF (its EmbeddedFiles name tree), by name, each page's digest and its
 * signatures (their chains traced to `trusted` when given).
 */
export async function readAttachments(bytes: Uint8Array, trusted?: X509Certificate[]): Promise<ReadBack> {
  const doc = await PDFDocument.load(bytes, { ...LOAD_OPTIONS, ignoreEncryption: true });
  const files = new Map<string, Uint8Array>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  // Each node once: a name tree whose kids lead back up is read, not followed round.
  const seen = new Set<PDFDict>();
  const visit = (node: PDFDict | undefined) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const leaf = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; leaf && i + 1 < leaf.size(); i += 2) {
      const key = leaf.lookup(i);
      const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : String(key);
      const spec = leaf.lookup(i + 1, PDFDict);
      const stream = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
      if (stream instanceof PDFRawStream) files.set(name, decodePDFRawStream(stream).decode());
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) visit(kids.lookup(i, PDFDict));
  };
  visit(tree);
  const signatures = checkSignatures(bytes, doc, trusted);
  return { pages: doc.getPageCount(), files, pageSha256: pageDigests(doc), signatures };
}
