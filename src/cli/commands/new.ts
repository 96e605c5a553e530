import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { fieldNames, requiredFields } from '../../check/schema-walk.js';
import {
  flagFor,
  getAt,
  ordered,
  parseSetOption,
  schemaAt,
  setAt,
  toCommentedYaml,
  type Draft,
} from '../../author/draft.js';
import { allFields, CASE_STEPS, INCIDENT_STEPS } from '../../author/fields.js';
import { askSteps, type WizardContext } from '../../author/wizard.js';
import type { CheckedRepository } from '../../check/repository.js';
import { CaseSchema, ID_PATTERN, incidentSchemas } from '../../check/schemas.js';
import { issueMessage } from '../../check/schema-problems.js';
import { CasebuilderError, ExitStatus, formatPath } from '../../errors.js';
import { isInside, sha256File } from '../../load/evidence.js';
import { writeNewFile } from '../../load/write-atomic.js';
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
  const zone = kase.case.timezone ?? repository.config.timezone;
  const interactive = ctx.stdinIsTTY && !options.yes;
  return withCancel(ctx, async () => {
    if (interactive) {
      ctx.stdout.write(`A new ${type} for case ${kase.id}. Times without an offset are read as ${zone}.\n`);
      const wctx = wizardContext(
        repository,
        schema,
        zone,
        (getAt(draft, ['evidence']) as { id: string }[] | undefined)?.map((e) => e.id) ?? [],
      );
      await askSteps(steps, draft, inquirerAsker(ctx), wctx);
    }
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
    const text = toCommentedYaml(
      ordered(draft, fieldNames(incidentSchemas[type])),
      header(`${schemaDir}/${type}.schema.json`, 'new', zone, ctx),
      allFields(steps),
    );
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
    if (ctx.stdinIsTTY && !options.yes) {
      ctx.stdout.write(`A new case: ${id}.\n`);
      await askSteps(CASE_STEPS, draft, inquirerAsker(ctx), wizardContext(repository, CaseSchema, zone, []));
    }
    const problems = missingOrInvalid(CaseSchema, draft);
    if (problems.length) throw usage(problems.join('\n'));
    const schemaDir = path.relative(dir, path.join(repository.root, 'schema')).split(path.sep).join('/');
    const text = toCommentedYaml(
      ordered(draft, fieldNames(CaseSchema)),
      header(`${schemaDir}/case.schema.json`, 'new-case', zone, ctx),
      allFields(CASE_STEPS),
    );
    if (!writeNewFile(file, text))
      throw usage(`${repository.display(file)} exists: casebuilder never overwrites a file`);
    for (const sub of ['incidents', 'evidence']) writeNewFile(path.join(dir, sub, '.gitkeep'), '');
    ctx.stdout.write(
      `wrote ${repository.display(file)}\nadd incidents with: casebuilder new interception --case ${id}\n`,
    );
    return ExitStatus.ok;
  });
}

function wizardContext(
  repository: CheckedRepository,
  schema: z.ZodType,
  zone: string,
  evidenceIds: string[],
): WizardContext {
  const vessels = [...repository.vessels.values()].map((v) => ({ id: v.id, name: v.name }));
  const organisations = [...repository.organisations.values()].map((o) => ({ id: o.id, name: o.name }));
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
