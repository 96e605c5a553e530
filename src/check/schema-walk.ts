import { z } from './zod.js';
import type { FieldPath } from '../errors.js';

/**
 * The one walk over casebuilder's zod schemas, through zod's public classes: the suggestion of a
 * field name, the wizard's check of one answer and `new`'s list of missing fields all use it.
 */

/** A field's own schema, without the optional, nullable and default wrappers around it. */
export function unwrapField(schema: z.ZodType): z.ZodType {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault
  )
    return unwrapField(schema.unwrap() as z.ZodType);
  return schema;
}

/** The shapes a value must have before it is transformed: a pipe's input, each option of a union if asked. */
function shapes(schema: z.ZodType, unions: boolean): z.ZodType[] {
  const s = unwrapField(schema);
  if (s instanceof z.ZodPipe) return shapes(s.in as z.ZodType, unions);
  if (unions && s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap((o) => shapes(o, unions));
  return [s];
}

/**
 * The schemas of the field at a path (list items by number or `*`). With `unions`, every option
 * of a union is followed, so a path that exists in any of them is found.
 */
export function schemasAt(
  root: z.ZodType,
  path: FieldPath | readonly (string | number)[],
  unions = false,
): z.ZodType[] {
  let current: z.ZodType[] = [root];
  for (const segment of path) {
    current = current.flatMap((schema) =>
      shapes(schema, unions).flatMap((s): z.ZodType[] => {
        if (s instanceof z.ZodObject && typeof segment === 'string') {
          const field = (s.shape as Record<string, z.ZodType>)[segment];
          return field ? [field] : [];
        }
        if (s instanceof z.ZodArray && (typeof segment === 'number' || segment === '*'))
          return [s.element as z.ZodType];
        return [];
      }),
    );
  }
  return current;
}

/** The field names of the object(s) a schema describes, in the schema's order. */
export function fieldNames(schema: z.ZodType, unions = false): string[] {
  const names = shapes(schema, unions).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : []));
  return [...new Set(names)];
}

/** The fields of an object schema that must be given (those that do not accept a missing value). */
export function requiredFields(schema: z.ZodType): string[] | undefined {
  const s = shapes(schema, false)[0];
  if (!(s instanceof z.ZodObject)) return undefined;
  const shape = s.shape as Record<string, z.ZodType>;
  return Object.keys(shape).filter((key) => !shape[key]!.safeParse(undefined).success);
}
