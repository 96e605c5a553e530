import type { z } from 'zod';
import { fieldNames, schemasAt } from './schema-walk.js';
import type { FieldPath, Problem } from '../errors.js';
import { problemAt, type YamlSource } from '../load/yaml-source.js';
import { closest, describeValue } from './describe.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
};

/** Messages in the users' words for the issues zod reports with its own wording. */
export function issueMessage(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'required field is missing';
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}; got ${describeValue(iss.input)}`;
    case 'invalid_value':
      return iss.values.length === 1
        ? `expected ${describeValue(iss.values[0])}; got ${describeValue(iss.input)}`
        : `expected one of ${iss.values.map(String).join(', ')}; got ${describeValue(iss.input)}`;
    case 'too_small':
      if (iss.origin === 'string' && Number(iss.minimum) === 1) return 'must not be empty';
      if (iss.origin === 'array') return `needs at least ${iss.minimum} entries`;
      return (
        `expected ${iss.origin === 'int' ? 'a whole number' : 'a number'} of at least ${iss.minimum}; ` +
        `got ${describeValue(iss.input)}`
      );
    case 'too_big':
      return `expected at most ${iss.maximum}; got ${describeValue(iss.input)}`;
    case 'invalid_format': {
      const format = iss.format === 'url' ? 'a URL' : iss.format === 'email' ? 'an e-mail address' : `a ${iss.format}`;
      return `expected ${format}; got ${describeValue(iss.input)}`;
    }
    default:
      return undefined;
  }
}

/**
 * Runs a schema over one file's data (or a part of it at `basePath`) and turns every issue
 * into a positioned problem.
 */
export function checkSchema<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  data: unknown = source.value,
  basePath: FieldPath = [],
): { value?: z.output<S>; problems: Problem[] } {
  const result = schema.safeParse(data, { reportInput: true, error: issueMessage });
  if (result.success) return { value: result.data, problems: [] };
  const problems: Problem[] = [];
  for (const issue of flatten(result.error.issues, [])) {
    const path = [...basePath, ...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s))];
    if (issue.code === 'unrecognized_keys') {
      const known = shapeKeys(schema, issue.path);
      for (const key of issue.keys) {
        const guess = closest(
          key,
          known.filter((k) => !issue.keys.includes(k)),
        );
        const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; expected one of ${known.join(', ')}` : '';
        problems.push(
          problemAt(source, [...path, key], 'error', 'schema.unknown-field', `unknown field "${key}"${hint}`),
        );
      }
      continue;
    }
    // Nothing written where a value is due: missing, whatever check would have run on it.
    if (issue.input === undefined && issue.code !== 'custom') {
      problems.push(problemAt(source, path, 'error', 'schema.missing-field', 'required field is missing'));
      continue;
    }
    problems.push(problemAt(source, path, 'error', `schema.${issue.code}`, issue.message));
  }
  return { problems };
}

/** A union's issues, replaced by those of the alternative the user evidently meant. */
function flatten(issues: readonly Issue[], prefix: PropertyKey[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
      out.push({ ...issue, path } as Issue);
      continue;
    }
    // The alternative whose own type matched is the one the user wrote.
    const meant = issue.errors.find((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (meant) {
      out.push(...flatten(meant, path));
    } else {
      const expected = issue.errors.flatMap((b) =>
        b.map((i) => (i.code === 'invalid_type' ? (EXPECTED[i.expected] ?? i.expected) : [])),
      );
      out.push({
        ...issue,
        path,
        message: `expected ${[...new Set(expected)].join(' or ')}; got ${describeValue(issue.input)}`,
      } as Issue);
    }
  }
  return out;
}

/** The field names a schema accepts at a path (in any option of a union), to suggest the one a typo meant. */
function shapeKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const at = schemasAt(schema, path as (string | number)[], true);
  return [...new Set(at.flatMap((s) => fieldNames(s, true)))];
}
