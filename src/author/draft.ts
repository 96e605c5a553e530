import { DateTime } from 'luxon';
import { Document, isScalar, parse as parseYamlScalar, type Node } from 'yaml';
import type { z } from 'zod';
import { schemasAt, unwrapField } from '../check/schema-walk.js';
import { describeValue } from '../check/describe.js';
import { parseCalendarDate, parseInstant, parsePositionString } from '../check/values.js';
import { CasebuilderError, ExitStatus, formatPath, type FieldPath } from '../errors.js';
import type { FieldKind, FieldSpec } from './fields.js';

/** A file being written: plain data, filled from --set and from answers. */
export type Draft = Record<string, unknown>;

export type Parsed = { ok: true; value: unknown; note?: string } | { ok: false; message: string };

export interface AnswerContext {
  /** Zone for times written without an offset. */
  zone: string;
  evidenceIds: string[];
}

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2})?)$/;
const DECIMAL_POSITION = /^\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Reads one answer as its field's kind asks; blank is "no value". */
export function parseAnswer(kind: FieldKind, raw: string, ctx: AnswerContext): Parsed {
  const text = raw.trim();
  if (text === '') return { ok: true, value: undefined };
  switch (kind.type) {
    case 'text':
    case 'ref':
      return { ok: true, value: text };
    case 'markdown':
      return { ok: true, value: `${text.replace(/\\n/g, '\n')}\n` };
    case 'time':
      return parseTime(text, ctx.zone);
    case 'date': {
      const r = parseCalendarDate(text);
      return r.ok ? { ok: true, value: text } : r;
    }
    case 'date-or-time':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseAnswer({ type: 'date' }, text, ctx) : parseTime(text, ctx.zone);
    case 'position': {
      const decimal = DECIMAL_POSITION.exec(text);
      if (decimal) {
        const lat = Number(decimal[1]);
        const lon = Number(decimal[2]);
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180)
          return { ok: false, message: `a position lies within [-90, 90] x [-180, 180]; got ${lat}, ${lon}` };
        return { ok: true, value: { lat, lon } };
      }
      const r = parsePositionString(text);
      return r.ok ? { ok: true, value: text } : r;
    }
    case 'count':
      return /^\d+$/.test(text)
        ? { ok: true, value: Number(text) }
        : { ok: false, message: `expected a whole number of 0 or more; got "${text}"` };
    case 'yes-no':
      if (/^(y|yes|true|s[iì])$/i.test(text)) return { ok: true, value: true };
      if (/^(n|no|false)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, message: `expected yes or no; got "${text}"` };
    case 'money': {
      const m = /^(\d+(?:[.,]\d{1,2})?)\s*([A-Za-z]{3})?$/.exec(text.replace(/\s+(?=\d)/g, ''));
      if (!m) return { ok: false, message: `expected an amount and a currency, e.g. 3300 EUR; got "${text}"` };
      return { ok: true, value: { amount: Number(m[1]!.replace(',', '.')), currency: (m[2] ?? 'EUR').toUpperCase() } };
    }
    case 'choice':
      return kind.values.includes(text)
        ? { ok: true, value: text }
        : { ok: false, message: `expected one of ${kind.values.join(', ')}; got "${text}"` };
    case 'list': {
      const items = text
        .split(kind.separator)
        .map((s) => s.trim())
        .filter(Boolean);
      return { ok: true, value: items.length ? items : undefined };
    }
    case 'evidence-ids':
    case 'evidence-id': {
      const ids = text.split(/[\s,]+/).filter(Boolean);
      const unknown = ids.filter((id) => !ctx.evidenceIds.includes(id));
      if (unknown.length)
        return {
          ok: false,
          message:
            `no evidence ${unknown.join(', ')} in this incident` +
            (ctx.evidenceIds.length ? `; it has ${ctx.evidenceIds.join(', ')}` : ' yet'),
        };
      if (kind.type === 'evidence-id')
        return ids.length === 1
          ? { ok: true, value: ids[0] }
          : { ok: false, message: 'expected one evidence id, such as E4' };
      return { ok: true, value: ids };
    }
  }
}

/** A time as typed: with an offset it stands; without one it is read in the repository's zone, and the user is told. */
function parseTime(text: string, zone: string): Parsed {
  const local = LOCAL_TIME.exec(text);
  if (local) {
    const dt = DateTime.fromISO(`${local[1]}T${local[2]!.padStart(5, '0')}`, { zone });
    if (!dt.isValid) return { ok: false, message: `"${text}" is not a real time` };
    const iso = dt.toISO({ suppressMilliseconds: true, includeOffset: true })!;
    return { ok: true, value: iso, note: `no offset given: read as ${zone} (UTC${dt.toFormat('ZZ')}): ${iso}` };
  }
  const r = parseInstant(text);
  return r.ok ? { ok: true, value: text } : r;
}

/** The zod schema of the field at a path (list items as `*`), to check an answer on the spot. */
export function schemaAt(root: z.ZodType, path: FieldPath): z.ZodType | undefined {
  const found = schemasAt(root, path)[0];
  return found ? unwrapField(found) : undefined;
}

/** Checks a value against its field's schema; the message quotes zod's first complaint in the users' words. */
export function checkValue(root: z.ZodType, path: FieldPath, value: unknown): string | true {
  const schema = schemaAt(
    root,
    path.map((s) => (typeof s === 'number' ? '*' : s)),
  );
  if (!schema) return true;
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return true;
  const issue = result.error.issues[0]!;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.join(', ')}; got ${describeValue(value)}`;
  return issue.message.startsWith('Invalid')
    ? `${issue.message.toLowerCase()}; got ${describeValue(value)}`
    : issue.message;
}

export function getAt(draft: Draft, path: FieldPath): unknown {
  let node: unknown = draft;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

export function setAt(draft: Draft, path: FieldPath, value: unknown): void {
  let node: Record<string | number, unknown> = draft;
  path.forEach((segment, i) => {
    const last = i === path.length - 1;
    if (last) {
      if (value === undefined) delete node[segment];
      else node[segment] = value;
      return;
    }
    if (node[segment] === undefined || node[segment] === null || typeof node[segment] !== 'object')
      node[segment] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
}

/**
 * `interception.violence[0].kind=shots_fired`: a dotted path, `[n]` for list items, the value
 * read as a YAML scalar.
 */
export function parseSetOption(option: string): { path: FieldPath; value: unknown } {
  const eq = option.indexOf('=');
  if (eq <= 0)
    throw new CasebuilderError(
      {
        code: 'usage.set',
        message: `--set takes path=value, such as --set interception.outcome=pulled_back; got "${option}"`,
      },
      ExitStatus.usage,
    );
  const rawPath = option.slice(0, eq).trim();
  const path: (string | number)[] = [];
  for (const part of rawPath.split('.')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/.exec(part);
    if (!m)
      throw new CasebuilderError(
        {
          code: 'usage.set',
          message: `--set: cannot read the path "${rawPath}": use dotted names and [n] for list items`,
        },
        ExitStatus.usage,
      );
    path.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  const rawValue = option.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYamlScalar(rawValue, { schema: 'core' });
  } catch {
    value = rawValue;
  }
  return { path, value: value === null ? undefined : value };
}

/** Orders keys as format.md shows them, so written files read like the examples. */
export function ordered(value: Draft, order: string[]): Draft {
  const out: Draft = {};
  for (const key of order) if (value[key] !== undefined) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  return out;
}

/**
 * The YAML text casebuilder writes: the editor's schema line first, a comment that says how
 * the file was made, and after each value a comment teaching its format.
 */
export function toCommentedYaml(draft: Draft, header: string[], fields: FieldSpec[]): string {
  const doc = new Document(draft);
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  for (const field of fields) {
    if (!field.comment) continue;
    for (const path of concretePaths(draft, field.path)) {
      const node = doc.getIn(path, true) as Node | undefined;
      if (node && isScalar(node)) node.comment = ` ${field.comment}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** A path with `*` for list items, expanded to the items the draft has. */
function concretePaths(draft: Draft, path: FieldPath): FieldPath[] {
  const star = path.indexOf('*');
  if (star < 0) return [path];
  const list = getAt(draft, path.slice(0, star));
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, i) => concretePaths(draft, [...path.slice(0, star), i, ...path.slice(star + 1)]));
}

export function flagFor(path: FieldPath): string {
  return `--set ${formatPath(path)}=VALUE`;
}

/**
 * Labels for entries given with --set and no id (`--set evidence[0].file=...`): E1, E2 by
 * position, as the wizard numbers them, skipping labels already taken. Returns what each is,
 * "E1 = evidence/photo.jpg", for the user to cite them by.
 */
export function assignLabels(draft: Draft, lists: { path: FieldPath; prefix: string; shown: string }[]): string[] {
  const notes: string[] = [];
  for (const { path, prefix, shown } of lists) {
    const items = getAt(draft, path);
    if (!Array.isArray(items)) continue;
    const taken = new Set(items.map((item) => (item as { id?: unknown } | null)?.id));
    items.forEach((item: unknown, i) => {
      if (item === null || typeof item !== 'object' || (item as { id?: unknown }).id !== undefined) return;
      let n = i + 1;
      while (taken.has(`${prefix}${n}`)) n++;
      const id = `${prefix}${n}`;
      taken.add(id);
      // The id first, as in the files the wizard writes.
      const entry = item as Record<string, unknown>;
      const rest = { ...entry };
      for (const key of Object.keys(entry)) delete entry[key];
      Object.assign(entry, { id }, rest);
      notes.push(`${id} = ${String(entry[shown] ?? '(no ' + shown + ')')}`);
    });
  }
  return notes;
}
