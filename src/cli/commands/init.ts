import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { jsonSchemas } from '../../check/json-schema.js';
import { CasebuilderError, ExitStatus } from '../../errors.js';
import { writeNewFile } from '../../load/write-atomic.js';
import { PACKAGE_ROOT, VERSION } from '../../version.js';
import type { CliContext, GlobalOptions } from '../context.js';

/** The worked sample that `init` copies: casebuilder's own sample repository. */
const SAMPLE_CASE = 'sea-rescuer-detention-2023';

/** Where the workflow installs casebuilder from: a placeholder each organisation edits once. */
export const CASEBUILDER_SOURCE = `git+https://github.com/YOUR-ORG/casebuilder.git#v${VERSION}`;

export const CI_WORKFLOW = `# Validates every push, builds the dossiers in parallel shards, and keeps them as artifacts.
# Written by casebuilder init.
name: dossiers
on:
  push:
  pull_request:
env:
  # EDIT THIS LINE: casebuilder is not on the npm registry. Name the git repository your
  # organisation installs it from, and keep the tag at the version your dossiers were checked
  # with. npm clones it, installs its build tools and compiles it (its prepare script).
  # The URL of a tarball made with npm pack works too.
  CASEBUILDER: ${CASEBUILDER_SOURCE}
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # Into a folder of its own, put on the PATH: npm cannot install a git repository that must
      # be compiled with --global (npm/cli#8440).
      - run: |
          mkdir -p "$RUNNER_TEMP/casebuilder" && cd "$RUNNER_TEMP/casebuilder"
          npm install --no-audit --no-fund "$CASEBUILDER"
          echo "$RUNNER_TEMP/casebuilder/node_modules/.bin" >> "$GITHUB_PATH"
      - run: casebuilder validate --strict
      - run: casebuilder evidence verify
  build:
    needs: validate
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: [1, 2, 3]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # Into a folder of its own, put on the PATH: npm cannot install a git repository that must
      # be compiled with --global (npm/cli#8440).
      - run: |
          mkdir -p "$RUNNER_TEMP/casebuilder" && cd "$RUNNER_TEMP/casebuilder"
          npm install --no-audit --no-fund "$CASEBUILDER"
          echo "$RUNNER_TEMP/casebuilder/node_modules/.bin" >> "$GITHUB_PATH"
      - run: casebuilder build --shard \${{ matrix.shard }}/3 --format json > build-\${{ matrix.shard }}.json
      - uses: actions/upload-artifact@v4
        with:
          name: dossiers-\${{ matrix.shard }}
          path: |
            dossiers/
            build-\${{ matrix.shard }}.json
`;

const README = `# Case repository

Incidents, cases and evidence for casebuilder dossiers.

- \`casebuilder validate\`: check every file against the format.
- \`casebuilder new interception --case ${SAMPLE_CASE}\`: add an incident, asked field by field.
- \`casebuilder new-case ID\`: start a new case.
- \`casebuilder build\`: write one dossier per case to \`dossiers/\`.
- \`casebuilder evidence hash\`: record the SHA-256 of new evidence files.

Editors with the YAML language server complete and check fields from the files in \`schema/\`
(\`casebuilder schema\` writes them again after an upgrade).
`;

/** `init [DIR]`: a case repository that validates and builds as it is. Never overwrites a file. */
export async function initCommand(
  ctx: CliContext,
  globals: GlobalOptions,
  dir: string | undefined,
  options: { force?: boolean },
): Promise<ExitStatus> {
  const target = path.resolve(ctx.cwd, dir ?? '.');
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new CasebuilderError({ code: 'usage.init', message: `${dir} is a file, not a folder` }, ExitStatus.usage);
  }
  // A fresh `git init` leaves .git behind: that folder is still empty for our purpose.
  const present = existsSync(target) ? readdirSync(target).filter((name) => name !== '.git') : [];
  if (present.length > 0 && !options.force) {
    throw new CasebuilderError(
      {
        code: 'usage.init',
        message:
          `${dir ?? '.'} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', ...' : ''}): ` +
          'pass --force to add the missing files; none is ever overwritten',
      },
      ExitStatus.usage,
    );
  }
  const files = new Map<string, Uint8Array | string>();
  files.set('casebuilder.yaml', readFileSync(path.join(PACKAGE_ROOT, 'casebuilder.yaml')));
  files.set('cases/registry.yaml', readFileSync(path.join(PACKAGE_ROOT, 'cases', 'registry.yaml')));
  const sampleDir = path.join(PACKAGE_ROOT, 'cases', SAMPLE_CASE);
  for (const file of walk(sampleDir))
    files.set(
      path.posix.join('cases', SAMPLE_CASE, path.relative(sampleDir, file).split(path.sep).join('/')),
      readFileSync(file),
    );
  for (const [name, schema] of Object.entries(jsonSchemas()))
    files.set(`schema/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
  files.set('.gitignore', 'dossiers/\n');
  files.set('.github/workflows/dossiers.yml', CI_WORKFLOW);
  files.set('README.md', README);

  // Every YAML file written starts with the line that lets editors complete and check it.
  for (const [name, bytes] of files) {
    if (!name.endsWith('.yaml')) continue;
    const kind =
      name === 'casebuilder.yaml'
        ? 'casebuilder'
        : name.endsWith('registry.yaml')
          ? 'registry'
          : name.endsWith('case.yaml')
            ? 'case'
            : 'incident';
    const up = '../'.repeat(name.split('/').length - 1);
    files.set(
      name,
      `# yaml-language-server: $schema=${up}schema/${kind}.schema.json\n${Buffer.from(bytes).toString('utf8')}`,
    );
  }

  const written: string[] = [];
  const kept: string[] = [];
  for (const [name, bytes] of files) {
    if (writeNewFile(path.join(target, name), bytes)) written.push(name);
    else kept.push(name);
  }
  if (!globals.quiet) {
    ctx.stderr.write(
      `wrote ${written.length} files in ${path.relative(ctx.cwd, target) || '.'}` +
        `${kept.length ? `; kept ${kept.length} that were already there: ${kept.join(', ')}` : ''}\n`,
    );
    ctx.stderr.write(
      `next: cd ${path.relative(ctx.cwd, target) || '.'} && casebuilder validate && casebuilder build\n`,
    );
  }
  return ExitStatus.ok;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
