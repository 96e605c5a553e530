import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { fieldNames, requiredFields } from '../../check/schema-walk.js';
import {
  assignLabels,
  flagFor,
  getAt,
  ordered,
  parseSetOption,
  schemaAt,
  setAt,
  toCommentedYaml,
  type Draft,
} from '../../author/draft.js';
import { allFields, CASE_STEPS, fieldFor, INCIDENT_STEPS, type FieldSpec, type Step } from '../../author/fields.js';
import { askAgain, askSteps, type Asker, type WizardContext } from '../../author/wizard.js';
import { checkDraftCase, checkDraftIncident, type CheckedRepository } from '../../check/repository.js';
import { textIn } from '../../check/local-text.js';
import { CaseSchema, ID_PATTERN, incidentSchemas } from '../../check/schemas.js';
import { issueMessage } from '../../check/schema-problems.js';
import { CasebuilderError, ExitStatus, formatPath, type FieldPath, type Problem } from '../../errors.js';
import { diskEvidenceProbe, isInside, sha256File } from '../../load/evidence.js';
import { writeNewFile } from '../../load/write-atomic.js';
import { parseYaml } from '../../load/yaml-source.js';
import { openRepository } from '../../build/repository.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { inquirerAsker, isCancel } from '../prompts.js';

export interface NewOptions {
  case?: string;
  set: string[];
  yes?: boolean;
}

type IncidentTypeName = keyof typeof incidentSchemas;

/** `new <type> --case ID`: an incident file asked field by field, or filled from --set. */
export async function newIncidentCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  type: IncidentTypeName,
  options: NewOptions,
): Promise<ExitStatus> {
  if (!options.case) throw usage('new needs the case the incident belongs to: pass --case ID');
  const { repository } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    selected: [options.case],
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  const kase = repository.cases.find((c) => c.id === options.case);
  if (!kase)
    throw usage(`case "${options.case}" has errors in its case.yaml: run casebuilder validate ${options.case}`);
  const schema = incidentSchemas[type] as unknown as z.ZodType;
  const steps = INCIDENT_STEPS[type];
  const draft: Draft = { type };
  for (const option of options.set) {
    const { path: p, value } = parseSetOption(option);
    setAt(draft, p, value);
  }
  // Entries given with --set and no label get the one the wizard would give: cited as E1, W1.
  const labels = assignLabels(draft, [
    { path: ['evidence'], prefix: 'E', shown: 'file' },
    { path: ['witnesses'], prefix: 'W', shown: 'name' },
  ]);
  const zone = kase.case.timezone ?? repository.config.timezone;
  const interactive = ctx.stdinIsTTY && !options.yes;
  return withCancel(ctx, async () => {
    const ask = interactive ? inquirerAsker(ctx) : undefined;
    const wctx = wizardContext(
      repository,
      schema,
      zone,
      (getAt(draft, ['evidence']) as { id: string }[] | undefined)?.map((e) => e.id) ?? [],
    );
    if (ask) ctx.stdout.write(`A new ${type} for case ${kase.id}. Times without an offset are read as ${zone}.\n`);
    for (const label of labels) ctx.stdout.write(`${ask ? '  ' : ''}${label}\n`);
    if (ask) await askSteps(steps, draft, ask, wctx);
    const existing = new Set(repository.incidents.keys());
    const proposed = proposeId(draft, type, existing);
    if (interactive && getAt(draft, ['id']) === undefined) {
      const id = await inquirerAsker(ctx).input({
        message: 'Incident id (also the file name)',
        default: proposed,
        validate: (answer) => checkId(answer || proposed, existing, path.join(kase.dir, 'incidents')),
      });
      setAt(draft, ['id'], id || proposed);
    }
    if (getAt(draft, ['id']) === undefined) setAt(draft, ['id'], proposed);
    await recordHashes(draft, kase.dir);
    const problems = missingOrInvalid(schema, draft);
    if (problems.length) throw usage(problems.join('\n'));
    const id = String(draft.id);
    const idProblem = checkId(id, existing, path.join(kase.dir, 'incidents'));
    if (idProblem !== true) throw usage(`--set id: ${idProblem}`);
    const file = path.join(kase.dir, 'incidents', `${id}.yaml`);
    const schemaDir = path.relative(path.dirname(file), path.join(repository.root, 'schema')).split(path.sep).join('/');
    const render = () =>
      toCommentedYaml(
        ordered(draft, fieldNames(incidentSchemas[type])),
        header(`${schemaDir}/${type}.schema.json`, 'new', zone, ctx),
        allFields(steps),
      );
    let text = render();
    // The rules `validate` runs across fields (an end before its start, unknown ids, missing
    // evidence files, counts), on the very text about to be written.
    for (;;) {
      const parsed = parseYaml(text, repository.display(file));
      if (!parsed.source) throw new Error(`new wrote YAML it cannot read: ${parsed.problems[0]?.message}`);
      const found = await checkDraftIncident(
        repository,
        { source: parsed.source, caseFolder: kase.id, caseDir: kase.dir },
        { probe: diskEvidenceProbe(), nowMs: ctx.now() },
      );
      if (!(await settle(found, steps, draft, ask, wctx, ctx))) break;
      await recordHashes(draft, kase.dir);
      const again = missingOrInvalid(schema, draft);
      if (again.length) throw usage(again.join('\n'));
      text = render();
    }
    if (!writeNewFile(file, text))
      throw usage(`${repository.display(file)} exists: casebuilder never overwrites a file`);
    ctx.stdout.write(`wrote ${repository.display(file)}\ncheck it with: casebuilder validate ${kase.id}\n`);
    return ExitStatus.ok;
  });
}

/** `new-case ID`: a case.yaml asked field by field, with its incidents/ and evidence/ folders. */
export async function newCaseCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  id: string,
  options: Omit<NewOptions, 'case'>,
): Promise<ExitStatus> {
  if (!ID_PATTERN.test(id))
    throw usage(
      `"${id}" cannot be a case id: use lowercase letters, digits and hyphens, starting with a letter or digit`,
    );
  const { repository } = await openRepository({
    cwd: ctx.cwd,
    casesDir: globals.cases,
    config: globals.config,
    nowMs: ctx.now(),
    verifyHashes: false,
  });
  const dir = path.join(repository.casesDir, id);
  const file = path.join(dir, 'case.yaml');
  if (existsSync(file)) throw usage(`${repository.display(file)} exists: casebuilder never overwrites a file`);
  const draft: Draft = { id };
  for (const option of options.set) {
    const { path: p, value } = parseSetOption(option);
    setAt(draft, p, value);
  }
  const zone = repository.config.timezone;
  if (getAt(draft, ['confidentiality']) === undefined && options.yes) setAt(draft, ['confidentiality'], 'confidential');
  if (getAt(draft, ['prepared_on']) === undefined && (options.yes || !ctx.stdinIsTTY))
    setAt(draft, ['prepared_on'], DateTime.fromMillis(ctx.now(), { zone }).toISODate());
  return withCancel(ctx, async () => {
    const ask = ctx.stdinIsTTY && !options.yes ? inquirerAsker(ctx) : undefined;
    const wctx = wizardContext(repository, CaseSchema, zone, []);
    if (ask) {
      ctx.stdout.write(`A new case: ${id}.\n`);
      await askSteps(CASE_STEPS, draft, ask, wctx);
    }
    const problems = missingOrInvalid(CaseSchema, draft);
    if (problems.length) throw usage(problems.join('\n'));
    const schemaDir = path.relative(dir, path.join(repository.root, 'schema')).split(path.sep).join('/');
    const render = () =>
      toCommentedYaml(
        ordered(draft, fieldNames(CaseSchema)),
        header(`${schemaDir}/case.schema.json`, 'new-case', zone, ctx),
        allFields(CASE_STEPS),
      );
    let text = render();
    // The rules validate runs on a case.yaml (unknown client, vessel, references, incidents pulled in).
    for (;;) {
      const parsed = parseYaml(text, repository.display(file));
      if (!parsed.source) throw new Error(`new-case wrote YAML it cannot read: ${parsed.problems[0]?.message}`);
      const found = checkDraftCase(repository, { source: parsed.source, folder: id });
      if (!(await settle(found, CASE_STEPS, draft, ask, wctx, ctx))) break;
      const again = missingOrInvalid(CaseSchema, draft);
      if (again.length) throw usage(again.join('\n'));
      text = render();
    }
    if (!writeNewFile(file, text))
      throw usage(`${repository.display(file)} exists: casebuilder never overwrites a file`);
    for (const sub of ['incidents', 'evidence']) writeNewFile(path.join(dir, sub, '.gitkeep'), '');
    ctx.stdout.write(
      `wrote ${repository.display(file)}\nadd incidents with: casebuilder new interception --case ${id}\n`,
    );
    return ExitStatus.ok;
  });
}

/**
 * What the cross-field rules found in a draft. Without a terminal: warnings are printed and an
 * error refuses the file (exit status 2), each naming the flag that answers it. In the wizard:
 * the fields in error are asked again, and those with warnings if the user wants. True when the
 * draft changed and must be checked again.
 */
async function settle(
  found: Problem[],
  steps: Step[],
  draft: Draft,
  ask: Asker | undefined,
  wctx: WizardContext,
  ctx: CliContext,
): Promise<boolean> {
  if (found.length === 0) return false;
  // Each problem with the question that answers its field, when there is one.
  const all = found.map((p) => ({ p, at: p.path ? fieldFor(steps, p.path) : undefined }));
  const errors = all.filter(({ p }) => p.severity === 'error');
  if (!ask) {
    for (const { p, at } of all)
      if (p.severity === 'warning') ctx.stderr.write(`warning: ${problemLine(p, at, true)}\n`);
    if (errors.length) throw usage(errors.map(({ p, at }) => problemLine(p, at, true)).join('\n'));
    return false;
  }
  for (const { p, at } of all) ctx.stdout.write(`  ${p.severity} ${problemLine(p, at, false)}\n`);
  const unanswerable = errors.filter(({ at }) => !at);
  if (unanswerable.length) throw usage(unanswerable.map(({ p }) => problemLine(p, undefined, true)).join('\n'));
  if (errors.length) ctx.stdout.write('  These answers must change before the file is written.\n');
  else if (!(await ask.confirm({ message: 'Change any of these answers before writing?', default: false })))
    return false;
  const unique = new Map<string, { field: FieldSpec; path: FieldPath }>();
  for (const { at } of errors.length ? errors : all) if (at) unique.set(formatPath(at.path), at);
  await askAgain([...unique.values()], draft, ask, wctx);
  return true;
}

/** `ended_at (When it ended): ends (...) before it begins (...); pass --set ended_at=VALUE to change it` */
function problemLine(p: Problem, at: { field: FieldSpec; path: FieldPath } | undefined, flag: boolean): string {
  const field = formatPath(p.path);
  const label = at ? ` (${at.field.label.replace(/\s*\(.*\)$/, '')})` : '';
  const head = `${field}${label}: ${p.message}`;
  if (!flag || !p.path?.length) return head;
  // The problem's own path: --set reaches a list item too (interception.violence[0].evidence[1]).
  const hint = `${flagFor(p.path)} to change it`;
  return p.message.endsWith('?') ? `${head} Pass ${hint}` : `${head}; pass ${hint}`;
}

function wizardContext(
  repository: CheckedRepository,
  schema: z.ZodType,
  zone: string,
  evidenceIds: string[],
): WizardContext {
  const vessels = [...repository.vessels.values()].map((v) => ({ id: v.id, name: v.name }));
  // A name written per language is offered in the repository's language.
  const organisations = [...repository.organisations.values()].map((o) => ({
    id: o.id,
    name: textIn(o.name, repository.config.locale),
    kind: o.kind,
  }));
  return {
    schema,
    zone,
    evidenceIds,
    registry: {
      vessels,
      organisations,
      references: [...repository.references.values()].map((r) => ({ id: r.id, name: r.citation })),
      parties: [...vessels, ...organisations],
    },
  };
}

/** "2023-03-25-interception-zuwara": date, type and a word of the place. */
function proposeId(draft: Draft, type: string, existing: Set<string>): string {
  const when = String(getAt(draft, ['occurred_at']) ?? '').slice(0, 10) || 'undated';
  const place =
    [
      getAt(draft, ['location', 'port']),
      getAt(draft, [type, 'departed_from']),
      getAt(draft, [type, 'port']),
      getAt(draft, ['location', 'description']),
    ]
      .find((v) => typeof v === 'string' && v.trim() !== '')
      ?.toString() ?? '';
  const slug = place
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .split('-')
    .filter(
      (w) =>
        w.length > 2 && !['about', 'north', 'south', 'east', 'west', 'the', 'miles', 'nautical', 'off'].includes(w),
    )
    .slice(0, 2)
    .join('-');
  const base = [when, type, slug].filter(Boolean).join('-').slice(0, 72).replace(/-+$/, '');
  let id = base;
  for (let n = 2; existing.has(id); n++) id = `${base}-${n}`;
  return id;
}

function checkId(id: string, existing: Set<string>, incidentsDir: string): true | string {
  if (!ID_PATTERN.test(id))
    return `"${id}" cannot be an id: lowercase letters, digits and hyphens, starting with a letter or digit`;
  if (existing.has(id)) return `the id "${id}" is taken by another incident`;
  if (existsSync(path.join(incidentsDir, `${id}.yaml`)))
    return `incidents/${id}.yaml exists: casebuilder never overwrites a file`;
  return true;
}

/** The chain of custody starts here: evidence files already in the case folder get their SHA-256. */
async function recordHashes(draft: Draft, caseDir: string): Promise<void> {
  const evidence = getAt(draft, ['evidence']);
  if (!Array.isArray(evidence)) return;
  for (const entry of evidence as Record<string, unknown>[]) {
    if (typeof entry.file !== 'string' || entry.sha256 !== undefined) continue;
    const abs = path.resolve(caseDir, entry.file);
    if (isInside(caseDir, abs) && existsSync(abs) && statSync(abs).isFile()) entry.sha256 = await sha256File(abs);
  }
}

/** Every missing or wrong field, each naming the flag that would answer it. */
function missingOrInvalid(schema: z.ZodType, draft: Draft): string[] {
  const result = schema.safeParse(draft, { reportInput: true, error: issueMessage });
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    const p = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => `--set ${formatPath([...p, k])}: no such field`);
    if (issue.input === undefined)
      return requiredLeaves(schema, p).map((leaf) => `missing ${formatPath(leaf)}: pass ${flagFor(leaf)}`);
    return [`--set ${formatPath(p)}: ${issue.message}`];
  });
}

/** A missing block is reported as the fields it needs, each a flag the user can pass. */
function requiredLeaves(root: z.ZodType, at: (string | number)[]): (string | number)[][] {
  const schema = schemaAt(
    root,
    at.map((s) => (typeof s === 'number' ? '*' : s)),
  );
  const required = schema ? requiredFields(schema) : undefined;
  if (!required) return [at];
  return required.length ? required.flatMap((key) => requiredLeaves(root, [...at, key])) : [at];
}

function header(schemaPath: string, command: string, zone: string, ctx: CliContext): string[] {
  const today = DateTime.fromMillis(ctx.now(), { zone }).toISODate();
  return [
    `yaml-language-server: $schema=${schemaPath}`,
    `Written by casebuilder ${command} on ${today}. Times without an offset were read as ${zone}.`,
    'The comments after values list what a field accepts; see format.md for the rest.',
  ];
}

async function withCancel(ctx: CliContext, fn: () => Promise<ExitStatus>): Promise<ExitStatus> {
  try {
    return await fn();
  } catch (err) {
    if (!isCancel(err)) throw err;
    ctx.stderr.write('cancelled: nothing was written\n');
    return 130 as ExitStatus;
  }
}

function usage(message: string): CasebuilderError {
  return new CasebuilderError({ code: 'usage.new', message }, ExitStatus.usage);
}
