import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

/** What a page's digest covers: what is drawn and where, not its links or its place in the page tree. */
const PAGE_KEYS = ['Contents', 'Resources', 'MediaBox', 'CropBox', 'Rotate'] as const;

/**
 * A SHA-256 per page of its content streams and resources, independent of object numbers and of
 * how the file stores its objects (object streams, incremental updates), so it reads the same
 * from the document as built and from the file as saved. Objects reached by several pages (fonts,
 * shared images) are hashed once.
 */
export function pageDigests(doc: PDFDocument, known?: KnownDigests): string[] {
  const hasher = new ObjectHasher(doc, known);
  return doc.getPages().map((page) => {
    const hash = createHash('sha256');
    for (const key of PAGE_KEYS) {
      // A box or rotation inherited from the page tree counts as the page's own.
      const value = page.node.get(PDFName.of(key)) ?? inherited(page.node, key);
      hash.update(`/${key} ${value === undefined ? 'none' : hasher.digest(value)}\n`);
    }
    return hash.digest('hex');
  });
}

function inherited(node: PDFDict, key: string): PDFObject | undefined {
  let parent = node.lookupMaybe(PDFName.of('Parent'), PDFDict);
  for (let depth = 0; parent && depth < 64; depth++) {
    const value = parent.get(PDFName.of(key));
    if (value !== undefined) return value;
    parent = parent.lookupMaybe(PDFName.of('Parent'), PDFDict);
  }
  return undefined;
}

/**
 * The SHA-256 (hex) of stream data the builder hashed already, by the very array a stream holds:
 * a photo embedded as it is, whose hash the exhibit's page prints.
 */
export type KnownDigests = WeakMap<Uint8Array, string>;

class ObjectHasher {
  private readonly done = new Map<string, string>();
  private readonly visiting = new Set<string>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly known?: KnownDigests,
  ) {}

  /** A digest of an object and all it refers to; a reference counts as what it points at. */
  digest(object: PDFObject): string {
    return createHash('sha256').update(this.text(object)).digest('hex');
  }

  private text(object: PDFObject): string {
    if (object instanceof PDFRef) return this.reference(object);
    if (object instanceof PDFName) return object.asString();
    if (object instanceof PDFNumber) return String(object.asNumber());
    if (object instanceof PDFBool) return object.asBoolean() ? 'true' : 'false';
    if (object === PDFNull) return 'null';
    if (object instanceof PDFString || object instanceof PDFHexString)
      return `<${Buffer.from(object.asBytes()).toString('hex')}>`;
    if (object instanceof PDFArray)
      return `[${object
        .asArray()
        .map((o) => this.text(o))
        .join(' ')}]`;
    if (object instanceof PDFStream) {
      const data = object.getContents();
      const digest = this.known?.get(data) ?? createHash('sha256').update(data).digest('hex');
      // The length is the data's, whatever the dictionary was written with.
      return `${this.dict(object.dict, ['Length'])} stream ${data.length} ${digest}`;
    }
    if (object instanceof PDFDict) return this.dict(object, []);
    return object.toString();
  }

  private dict(dict: PDFDict, skip: string[]): string {
    const type = dict.get(PDFName.of('Type'));
    // A resource that points back at a page (or the page tree) is not followed into the rest of the document.
    if (type instanceof PDFName && (type.asString() === '/Page' || type.asString() === '/Pages')) return '<<page>>';
    const entries = dict
      .entries()
      .filter(([key]) => !skip.includes(key.decodeText()))
      .map(([key, value]) => `${key.asString()} ${this.text(value)}`)
      .sort();
    return `<<${entries.join(' ')}>>`;
  }

  private reference(ref: PDFRef): string {
    const key = ref.toString();
    const known = this.done.get(key);
    if (known) return known;
    // A cycle (a form that names itself) is cut where it closes.
    if (this.visiting.has(key)) return 'cycle';
    this.visiting.add(key);
    const target = this.doc.context.lookup(ref);
    const digest = `#${target === undefined ? 'missing' : this.digest(target)}`;
    this.visiting.delete(key);
    this.done.set(key, digest);
    return digest;
  }
}
