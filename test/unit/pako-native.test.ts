import { PDFDocument } from 'pdf-lib';
import { deflateSync, inflateRawSync, inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';

// The module pdf-lib gets for 'pako', here (test/helpers/resolver.cjs) as in the bundle.
const pako = createRequire(import.meta.url)('../../src/pdf/pako-native.cjs') as {
  deflate: (data: Uint8Array, options?: object) => Uint8Array;
  inflate: (data: Uint8Array) => Uint8Array;
};
const text = new TextEncoder().encode('1 0 0 1 72 700 Tm <0012003400560078> Tj\n'.repeat(2000));

describe("pdf-lib's deflate", () => {
  it("is Node's zlib, and what it writes reads back", () => {
    const packed = pako.deflate(text);
    expect(Buffer.from(packed).equals(deflateSync(text))).toBe(true);
    expect(Buffer.from(inflateSync(packed)).equals(Buffer.from(text))).toBe(true);
    expect(Buffer.from(pako.inflate(packed)).equals(Buffer.from(text))).toBe(true);
  });

  it('leaves to pako what is not a plain deflate', () => {
    expect(Buffer.from(inflateRawSync(pako.deflate(text, { raw: true }))).equals(Buffer.from(text))).toBe(true);
  });

  it('is the one pdf-lib compresses its object streams with', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    for (let i = 0; i < 3; i++) doc.addPage();
    const bytes = await doc.save({ useObjectStreams: true });
    const file = Buffer.from(bytes).toString('latin1');
    const at = file.indexOf('/Type /ObjStm');
    expect(at).toBeGreaterThan(0);
    const start = file.indexOf('stream\n', at) + 'stream\n'.length;
    const length = Number(/\/Length (\d+)/.exec(file.slice(file.lastIndexOf('<<', at), at + 200))![1]);
    const packed = Buffer.from(bytes.subarray(start, start + length));
    expect(packed.equals(deflateSync(inflateSync(packed)))).toBe(true);
  });
});
