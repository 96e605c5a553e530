import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT, PROGRAM, VERSION } from '../../src/version.js';

type BuildId = (root: string, bundleDir: string, extra?: string[]) => string;
const load = async (): Promise<BuildId> =>
  ((await import(path.join(PACKAGE_ROOT, 'scripts', 'build-id.mjs'))) as { buildId: BuildId }).buildId;

/** A package folder with a bundle of two chunks and a map, a template and an asset. */
function packageFolder(): { root: string; bundle: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'build-id-'));
  const bundle = path.join(root, 'dist', 'bundle');
  for (const dir of [bundle, path.join(root, 'templates'), path.join(root, 'assets', 'fonts')])
    mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(bundle, 'main.js'), 'export const a = 1;\n');
  writeFileSync(path.join(bundle, 'chunk-X.js'), 'export const b = 2;\n');
  writeFileSync(path.join(bundle, 'main.js.map'), '{}');
  writeFileSync(path.join(root, 'templates', 'cover.hbs'), '{{title}}\n');
  writeFileSync(path.join(root, 'assets', 'fonts', 'f.ttf'), 'font');
  return { root, bundle };
}

describe("the build's identity", () => {
  it('is the same for the same files, and another when code, a template, an asset or MuPDF changes', async () => {
    const buildId = await load();
    const { root, bundle } = packageFolder();
    const first = buildId(root, bundle, ['mupdf 1.0']);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(buildId(root, bundle, ['mupdf 1.0'])).toBe(first);
    // A source map and the identity file itself are not the program.
    writeFileSync(path.join(bundle, 'main.js.map'), '{"mappings":"AAAA"}');
    writeFileSync(path.join(bundle, 'build-id'), 'ffffffffffffffff\n');
    expect(buildId(root, bundle, ['mupdf 1.0'])).toBe(first);
    expect(buildId(root, bundle, ['mupdf 1.1'])).not.toBe(first);
    for (const [file, text] of [
      ['dist/bundle/chunk-X.js', 'export const b = 3;\n'],
      ['templates/cover.hbs', '{{title}}!\n'],
      ['assets/fonts/f.ttf', 'font2'],
    ]) {
      const before = readFileSync(path.join(root, file!));
      writeFileSync(path.join(root, file!), text!);
      expect(buildId(root, bundle, ['mupdf 1.0'])).not.toBe(first);
      writeFileSync(path.join(root, file!), before);
      expect(buildId(root, bundle, ['mupdf 1.0'])).toBe(first);
    }
  });

  it('is part of the program the caches, the stamp and the inputs hash are keyed by', () => {
    // Jest's global set-up runs `npm run build`, which writes it.
    const id = readFileSync(path.join(PACKAGE_ROOT, 'dist', 'bundle', 'build-id'), 'utf8').trim();
    expect(PROGRAM).toBe(`${VERSION}+${id}`);
  });

  it("does not depend on the checkout's folder: the bundle and its maps name none", () => {
    // Built from another folder, the same code has the same identity, and its dossiers the same bytes.
    const bundle = path.join(PACKAGE_ROOT, 'dist', 'bundle');
    const naming = readdirSync(bundle).filter((name) =>
      readFileSync(path.join(bundle, name), 'utf8').includes(PACKAGE_ROOT),
    );
    expect(naming).toEqual([]);
  });
});
