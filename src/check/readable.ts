import { z } from './zod.js';
import type { FieldPath } from '../errors.js';
import { unwrapField } from './schema-walk.js';
import type { CalendarDate, Instant, Position } from './values.js';

/**
 * What could be read of a value that failed its schema: every field optional, a list item that
 * failed its own schema left as a hole (so the others keep their index, and their line and column).
 */
export type Readable<T> = T extends Instant | CalendarDate | Position | string | number | boolean
  ? T
  : T extends readonly (infer U)[]
    ? (Readable<U> | undefined)[]
    : T extends object
      ? { [K in keyof T]?: Readable<T[K]> }
      : T;

const lenientCache = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema with every field optional, unknown fields dropped and the checks that span several
 * fields left out: what remains fails only where a value itself is wrong.
 */
function lenient(schema: z.ZodType): z.ZodType {
  const cached = lenientCache.get(schema);
  if (cached) return cached;
  const s = unwrapField(schema);
  let out: z.ZodType = s;
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, z.ZodType>;
    out = z.object(Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, lenient(field).optional()])));
  } else if (s instanceof z.ZodArray) {
    out = z.array(lenient(s.element as z.ZodType).optional());
  }
  lenientCache.set(schema, out);
  return out;
}

/**
 * Every field of `data` that passes its own schema, so that the rules can check the references
 * and evidence of a file that fails its schema elsewhere; the schema's problems are reported
 * apart, and each wrong value is left out here so no rule reports it twice. Undefined when
 * nothing can be read (the file is not a mapping).
 */
export function readableValue<S extends z.ZodType>(schema: S, data: unknown): Readable<z.output<S>> | undefined {
  const lax = lenient(schema);
  const value: unknown = structuredClone(data);
  // One round removes every wrong value; a second is a guard, should removing one expose another.
  for (let round = 0; round < 3; round++) {
    const result = lax.safeParse(value);
    if (result.success) return result.data as Readable<z.output<S>>;
    for (const issue of result.error.issues) {
      if (issue.path.length === 0) return undefined;
      removeAt(value, issue.path as FieldPath);
    }
  }
  return undefined;
}

function removeAt(root: unknown, path: FieldPath): void {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[segment];
  }
  const last = path.at(-1)!;
  if (Array.isArray(node) && typeof last === 'number') node[last] = undefined;
  else if (node !== null && typeof node === 'object') delete (node as Record<string | number, unknown>)[last];
}

/** The value written at a path of a file's data, whether or not it passed its schema. */
export function writtenAt(data: unknown, path: FieldPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
