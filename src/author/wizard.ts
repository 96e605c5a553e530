import type { z } from 'zod';
import type { FieldPath } from '../errors.js';
import { checkValue, getAt, parseAnswer, setAt, type AnswerContext, type Draft } from './draft.js';
import type { FieldSpec, RepeatSpec, Step } from './fields.js';

/** The questions a wizard can ask; the CLI answers them with inquirer, tests with a script or a terminal. */
export interface Asker {
  input(question: { message: string; default?: string; validate: (answer: string) => true | string }): Promise<string>;
  select(question: { message: string; choices: { name: string; value: string }[]; default?: string }): Promise<string>;
  confirm(question: { message: string; default: boolean }): Promise<boolean>;
  note(text: string): void;
}

export interface WizardContext extends AnswerContext {
  /** The schema every answer is checked against, on the spot. */
  schema: z.ZodType;
  /** Registry choices: ids with their names (and an organisation's kind, to offer the likely ones first). */
  registry: Record<'vessels' | 'organisations' | 'references' | 'parties', RegistryChoice[]>;
}

export interface RegistryChoice {
  id: string;
  name: string;
  kind?: string;
}

const SKIP = '\u0000skip';
const OTHER = '\u0000other';

/** Asks every step whose answer the draft does not hold yet (from --set), checking each answer. */
export async function askSteps(
  steps: Step[],
  draft: Draft,
  ask: Asker,
  ctx: WizardContext,
  base: FieldPath = [],
): Promise<void> {
  for (const step of steps) {
    if ('field' in step) {
      await askField(step.field, [...base, ...step.field.path], draft, ask, ctx);
    } else if ('repeat' in step) {
      await askRepeat(step.repeat, draft, ask, ctx, base);
    } else {
      const block = step.optionalBlock;
      const started = getAt(draft, [...base, ...block.path]) !== undefined;
      if (started || (await ask.confirm({ message: block.question, default: false })))
        await askSteps(block.steps, draft, ask, ctx, base);
    }
  }
}

async function askRepeat(
  spec: RepeatSpec,
  draft: Draft,
  ask: Asker,
  ctx: WizardContext,
  base: FieldPath,
): Promise<void> {
  const listPath = [...base, ...spec.path];
  let count = (getAt(draft, listPath) as unknown[] | undefined)?.length ?? 0;
  const article = /^[aeiou]/i.test(spec.noun) ? 'an' : 'a';
  while (
    await ask.confirm({
      message: count === 0 ? `Add ${article} ${spec.noun}?` : `Add another ${spec.noun}?`,
      default: false,
    })
  ) {
    const itemPath = [...listPath, count];
    const id = `${spec.idPrefix}${count + 1}`;
    if (spec.idPrefix) setAt(draft, [...itemPath, 'id'], id);
    for (const field of spec.fields) await askField(field, [...itemPath, ...field.path], draft, ask, ctx);
    if (spec.path[0] === 'evidence') ctx.evidenceIds.push(id);
    // The label the rest of the file cites it by: "E1 = evidence/photo.jpg".
    if (spec.idPrefix) ask.note(`${id} = ${String(getAt(draft, [...itemPath, ...spec.fields[0]!.path]))}`);
    count++;
  }
}

async function askField(
  field: FieldSpec,
  path: FieldPath,
  draft: Draft,
  ask: Asker,
  ctx: WizardContext,
): Promise<void> {
  if (getAt(draft, path) !== undefined) return;
  const suffix = field.required || /blank/.test(field.label) ? '' : ' (optional)';
  const { kind } = field;
  let value: unknown;
  if (kind.type === 'yes-no') {
    value = await ask.confirm({ message: field.label, default: field.path.at(-1) === 'protected' });
  } else if (kind.type === 'choice' || (kind.type === 'ref' && ctx.registry[kind.registry].length > 0)) {
    const choices =
      kind.type === 'choice'
        ? kind.values.map((v) => ({ name: v.replace(/_/g, ' '), value: v }))
        : preferred(ctx.registry[kind.registry], kind.prefer).map((r) => ({
            name: `${r.name} (${r.kind ? `${r.id}, ${r.kind.replace(/_/g, ' ')}` : r.id})`,
            value: r.id,
          }));
    if (kind.type === 'ref' && kind.free)
      choices.push({ name: 'another, not in the registry: type its name', value: OTHER });
    if (!field.required) choices.push({ name: '(leave out)', value: SKIP });
    const picked = await ask.select({ message: `${field.label}${suffix}`, choices });
    if (picked === OTHER) value = await askText(field, path, ask, ctx, { type: 'text' });
    else value = picked === SKIP ? undefined : picked;
  } else {
    value = await askText(field, path, ask, ctx, kind);
  }
  setAt(draft, path, value);
}

/** Registry entries of the kinds a field expects first, in the order given; the rest keep the registry's order. */
function preferred(entries: RegistryChoice[], kinds: readonly string[] | undefined): RegistryChoice[] {
  if (!kinds?.length) return entries;
  const rank = (r: RegistryChoice) => {
    const i = r.kind === undefined ? -1 : kinds.indexOf(r.kind);
    return i < 0 ? kinds.length : i;
  };
  return [...entries].sort((a, b) => rank(a) - rank(b));
}

/** Asks the fields again whose answers the cross-field rules refused, each cleared first. */
export async function askAgain(
  fields: { field: FieldSpec; path: FieldPath }[],
  draft: Draft,
  ask: Asker,
  ctx: WizardContext,
): Promise<void> {
  for (const { field, path } of fields) {
    setAt(draft, path, undefined);
    await askField(field, path, draft, ask, ctx);
  }
}

async function askText(
  field: FieldSpec,
  path: FieldPath,
  ask: Asker,
  ctx: WizardContext,
  kind: FieldSpec['kind'],
): Promise<unknown> {
  let note: string | undefined;
  let value: unknown;
  await ask.input({
    message: `${field.label}${field.required || /blank/.test(field.label) ? '' : ' (optional)'}`,
    validate: (answer) => {
      const parsed = parseAnswer(kind, answer, ctx);
      if (!parsed.ok) return parsed.message;
      if (parsed.value === undefined) {
        if (field.required) return 'an answer is required';
        value = undefined;
        return true;
      }
      const verdict = checkValue(ctx.schema, path, parsed.value);
      if (verdict !== true) return verdict;
      value = parsed.value;
      note = parsed.note;
      return true;
    },
  });
  if (note) ask.note(note);
  return value;
}
