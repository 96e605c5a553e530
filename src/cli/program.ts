import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CasebuilderError, ExitStatus } from '../errors.js';
import { VERSION } from '../version.js';
import { colourFor, isDebug, type CliContext, type GlobalOptions } from './context.js';

// Each command's module (and what it pulls in: pdf-lib, fontkit, the wizard, zod's schemas) is
// imported by its action, so `--version` and `--help` load commander and no more.
const commands = {
  build: () => import('./commands/build.js'),
  calendar: () => import('./commands/calendar.js'),
  evidence: () => import('./commands/evidence.js'),
  init: () => import('./commands/init.js'),
  list: () => import('./commands/list.js'),
  new: () => import('./commands/new.js'),
  report: () => import('./commands/report.js'),
  schema: () => import('./commands/schema.js'),
  validate: () => import('./commands/validate.js'),
  verify: () => import('./commands/verify.js'),
};

const formatOption = (...formats: string[]) =>
  new Option('--format <format>', `output format: ${formats.join(', ')}`).choices(formats).default(formats[0]);

/** cli.md: the commands that print take --locale; without it, the repository's (casebuilder.yaml). */
const localeOption = () =>
  new Option('--locale <locale>', "language of the output (default: the repository's)").choices(['en', 'it']);

/** Every command's help ends with one or two examples of its use. */
function examples(command: Command, ...lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ casebuilder ${line}`).join('\n')}\n`);
}

/**
 * The casebuilder program. Each action stores its exit status in `result`, which
 * `runCli` returns: commands never exit the process themselves.
 */
export function createProgram(ctx: CliContext, result: { status: ExitStatus }): Command {
  const program = new Command('casebuilder')
    .description('Turn search-and-rescue incident records into court-ready PDF dossiers.')
    .version(VERSION, '--version', 'print the version')
    .option('--cases <dir>', 'cases folder (default: from casebuilder.yaml, else ./cases)')
    .option('--config <file>', 'repository settings file (default: ./casebuilder.yaml)')
    .option('--quiet', 'print only problems and results')
    .option('--no-color', 'no colour in the output')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const run = (action: () => Promise<ExitStatus>) => async () => {
    result.status = await action();
  };

  program
    .command('validate')
    .description('check the repository (or the named cases) against the format')
    .argument('[case...]', 'case ids')
    .option('--strict', 'treat warnings as errors')
    .option('--deep', 'also open every evidence file as the dossier would (every PDF stream and photo decoded)')
    .addOption(formatOption('text', 'json'))
    .action((cases: string[], opts) =>
      run(async () => (await commands.validate()).validateCommand(ctx, globals(), cases, opts))(),
    );
  examples(program.commands.at(-1)!, 'validate --strict', 'validate --deep sea-rescuer-detention-2023 --format json');

  program
    .command('build')
    .description('validate, then render one dossier per case: <out>/<case-id>.pdf')
    .argument('[case...]', 'case ids')
    .option('--out <dir>', 'output folder (default: from casebuilder.yaml, else ./dossiers)')
    .addOption(new Option('--locale <locale>', 'language of the dossiers').choices(['en', 'it']))
    .addOption(
      new Option('--profile <profile>', 'court: everything, marked confidential; public: fit to publish')
        .choices(['court', 'public'])
        .default('court'),
    )
    .option('--shard <i/n>', 'build only the i-th of n deterministic slices of the cases (for a CI matrix)')
    .option('--jobs <n>', 'cases built in parallel (default: the number of cores)')
    .option('--force', 'rebuild even the cases whose inputs are unchanged')
    .option('--filing <profile>', 'a filing: volumes, files beside them and an index (pct, pdp, pat, ebundle)')
    .option('--pdfa', 'make each PDF PDF/A-3b (and say what cannot be)')
    .option(
      '--seal <file.p12>',
      "sign each PDF last with the organisation's PKCS#12 seal (password in CASEBUILDER_SEAL_PASSWORD)",
    )
    .addOption(formatOption('text', 'json'))
    .action((cases: string[], opts) =>
      run(async () => (await commands.build()).buildCommand(ctx, globals(), cases, opts))(),
    );
  examples(
    program.commands.at(-1)!,
    'build',
    'build sea-rescuer-detention-2023 --locale it --profile public --out public-dossiers',
  );

  program
    .command('timeline')
    .description("the case's chronology: every timed event of its incidents, sorted")
    .argument('<case>', 'case id')
    .addOption(formatOption('text', 'json', 'csv'))
    .addOption(localeOption())
    .action((caseId: string, opts) =>
      run(async () => (await commands.calendar()).timelineCommand(ctx, globals(), caseId, opts))(),
    );
  examples(
    program.commands.at(-1)!,
    'timeline sea-rescuer-detention-2023',
    'timeline sea-rescuer-detention-2023 --format csv > chronology.csv',
  );

  program
    .command('deadlines')
    .description('every appeal and review deadline across all cases, soonest first, with its status')
    .option('--within <days>', 'keep those due in the next DAYS days and those overdue and not filed')
    .addOption(formatOption('text', 'json', 'ics'))
    .addOption(localeOption())
    .action((opts) => run(async () => (await commands.calendar()).deadlinesCommand(ctx, globals(), opts))());
  examples(program.commands.at(-1)!, 'deadlines --within 14 --locale it', 'deadlines --format ics > deadlines.ics');

  program
    .command('report')
    .description('statistics across all cases for public documentation')
    .addOption(formatOption('md', 'json', 'csv', 'pdf'))
    .option('--out <file>', 'with --format pdf: where to write it (default: <out>/report.pdf)')
    .addOption(localeOption())
    .action((opts) => run(async () => (await commands.report()).reportCommand(ctx, globals(), opts))());
  examples(program.commands.at(-1)!, 'report > report.md', 'report --format pdf --out public/report.pdf');

  program
    .command('list')
    .description('cases and their incidents (those pulled in from other cases marked), one line each')
    .addOption(formatOption('text', 'json'))
    .addOption(localeOption())
    .action((opts) => run(async () => (await commands.list()).listCommand(ctx, globals(), opts))());
  examples(program.commands.at(-1)!, 'list', 'list --locale it');

  program
    .command('init')
    .description('make a new case repository: settings, registry, a worked sample case, schemas, a CI workflow')
    .argument('[dir]', 'folder (default: the current one)')
    .option('--force', 'add the missing files to a folder that is not empty (never overwrites one)')
    .action((dir: string | undefined, opts) =>
      run(async () => (await commands.init()).initCommand(ctx, globals(), dir, opts))(),
    );
  examples(program.commands.at(-1)!, 'init ngo-cases', 'init . --force');

  const collect = (value: string, previous: string[]) => [...previous, value];
  program
    .command('new')
    .description('ask for an incident field by field, then write cases/ID/incidents/<id>.yaml')
    .addArgument(new Argument('<type>', 'incident type').choices(['interception', 'detention', 'seizure']))
    .option('--case <id>', 'the case the incident belongs to')
    .option('--set <path=value>', 'answer a field from the command line (repeatable)', collect, [])
    .option('--yes', 'ask nothing: take defaults, fail on what is missing')
    .action((type: 'interception' | 'detention' | 'seizure', opts) =>
      run(async () => (await commands.new()).newIncidentCommand(ctx, globals(), type, opts))(),
    );
  examples(
    program.commands.at(-1)!,
    'new interception --case sea-rescuer-detention-2023',
    'new seizure --case aurora-seizure-2024 --set seizure.status=seized --set seizure.seized_at=2024-05-16',
  );

  program
    .command('new-case')
    .description('ask for a case field by field, then write cases/ID/case.yaml')
    .argument('<id>', 'the case id (also its folder name)')
    .option('--set <path=value>', 'answer a field from the command line (repeatable)', collect, [])
    .option('--yes', 'ask nothing: take defaults, fail on what is missing')
    .action((id: string, opts) => run(async () => (await commands.new()).newCaseCommand(ctx, globals(), id, opts))());
  examples(
    program.commands.at(-1)!,
    'new-case aurora-appeal-2025',
    'new-case aurora-appeal-2025 --yes --set title="Appeal against the fine" --set matter=fine_appeal ' +
      '--set court.name="Tribunale di Agrigento" --set client=rescue-mare',
  );

  program
    .command('schema')
    .description('write JSON Schema files for case.yaml, registry.yaml and each incident type, for editors')
    .option('--out <dir>', 'where to write them (default: "schema")')
    .action((opts) => run(async () => (await commands.schema()).schemaCommand(ctx, globals(), opts))());
  examples(program.commands.at(-1)!, 'schema', 'schema --out .vscode/schema');

  const evidence = program.command('evidence').description('the chain of custody of evidence files');
  examples(evidence, 'evidence hash', 'evidence verify sea-rescuer-detention-2023');
  evidence
    .command('hash')
    .description('record the SHA-256 of every evidence file that has none, keeping comments and layout')
    .argument('[case...]', 'case ids')
    .action((cases: string[]) =>
      run(async () => (await commands.evidence()).evidenceHashCommand(ctx, globals(), cases))(),
    );
  examples(evidence.commands.at(-1)!, 'evidence hash', 'evidence hash sea-rescuer-detention-2023');
  evidence
    .command('verify')
    .description('recompute every recorded SHA-256; exit 1 on a mismatch or a missing file')
    .argument('[case...]', 'case ids')
    .action((cases: string[]) =>
      run(async () => (await commands.evidence()).evidenceVerifyCommand(ctx, globals(), cases))(),
    );
  examples(evidence.commands.at(-1)!, 'evidence verify', 'evidence verify sea-rescuer-detention-2023');

  program
    .command('verify')
    .description('check a dossier against the manifest embedded in it and the evidence files on disk')
    .argument('<file>', 'the dossier PDF')
    .option('--trust <file.pem>', "the certificates a seal's chain must lead to (PEM)")
    .action((file: string, opts: { trust?: string }) =>
      run(async () => (await commands.verify()).verifyCommand(ctx, globals(), file, opts))(),
    );
  examples(
    program.commands.at(-1)!,
    'verify dossiers/sea-rescuer-detention-2023.pdf',
    'verify ~/Downloads/dossier.pdf --cases ~/ngo-cases/cases',
  );
  examples(program, 'init ngo-cases && cd ngo-cases && casebuilder build', 'validate --strict');

  for (const cmd of [...program.commands, ...evidence.commands]) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  }
  return program;
}

/** Runs the command line and returns the exit status; the one place that decides it. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitStatus> {
  const result: { status: ExitStatus } = { status: ExitStatus.ok };
  const program = createProgram(ctx, result);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return ExitStatus.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.status;
  } catch (err) {
    const colour = colourFor(ctx.stderr, ctx.env, !argv.includes('--no-color'));
    if (err instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return err.exitCode === 0 ? ExitStatus.ok : ExitStatus.usage;
      }
      return ExitStatus.usage;
    }
    if (err instanceof InvalidArgumentError) return ExitStatus.usage;
    if (err instanceof CasebuilderError) {
      const { formatProblem, SourceTexts } = await import('./format-problems.js');
      ctx.stderr.write(`${formatProblem(err.problem, colour, new SourceTexts(ctx.cwd), isDebug(ctx.env))}\n`);
      return err.exitStatus;
    }
    ctx.stderr.write(`${colour.red('internal error')}: ${(err as Error)?.message ?? String(err)}\n`);
    if (isDebug(ctx.env)) ctx.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    else
      ctx.stderr.write(
        'This is a bug in casebuilder. Run again with DEBUG=casebuilder for details, and report it with that output.\n',
      );
    return ExitStatus.internal;
  }
}
