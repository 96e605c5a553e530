#!/usr/bin/env node
// `npm run build`, after tsc: the CLI and the build worker bundled into dist/bundle/, which
// bin/casebuilder runs. One file per command (split at its dynamic import), so a command loads
// only its own code; resolving and lexing hundreds of CommonJS files of pdf-lib and fontkit cost
// more at start-up than rendering a short dossier. Source maps point into src/ (read when
// DEBUG=casebuilder, see bin/casebuilder).
import { build } from 'esbuild';
import { buildId } from './build-id.mjs';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

// What fontkit and linebreak do when they are imported, made cheaper. fontkit decompresses
// Brotli's 120 KB dictionary (27 ms of every build's start), for WOFF2 fonts, which casebuilder
// never embeds: decompressed on first use instead. Both inflate their Unicode tables with
// tiny-inflate, DEFLATE in JavaScript (36 ms): Node's zlib does it (src/pdf/inflate-native.cjs).
const inflateNative = path.join(root, 'src', 'pdf', 'inflate-native.cjs');
const fontkitStart = {
  name: 'fontkit-start-up',
  setup(b) {
    b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: inflateNative }));
    b.onLoad({ filter: /@pdf-lib[\\/]fontkit[\\/]dist[\\/]fontkit\.es\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = 'dictionary.init(BrotliDecompressBuffer);\n';
      const entry = 'var decompress = decode.BrotliDecompressBuffer;';
      const inflate = 'var tinyInflate = tinf_uncompress;\n';
      if (!source.includes(eager) || !source.includes(entry) || !source.includes(inflate))
        throw new Error(`${args.path}: fontkit changed, see fontkitStart in scripts/bundle.mjs`);
      const lazy =
        'var decompress = function (buffer, size) {\n' +
        '  if (!dictionary.dictionary) dictionary.init(BrotliDecompressBuffer);\n' +
        '  return BrotliDecompressBuffer(buffer, size);\n' +
        '};';
      // fontkit carries its own copy of tiny-inflate; the WOFF reader's second copy is left alone.
      const native =
        // A relative path: the generated code, kept in the source maps, names no folder of this machine.
        `import { withNative as __cbWithNative } from ${JSON.stringify(
          path.relative(path.dirname(args.path), inflateNative).split(path.sep).join('/'),
        )};\n` + 'var tinyInflate = __cbWithNative(tinf_uncompress);\n';
      return {
        contents: source.replace(eager, '').replace(entry, lazy).replace(inflate, native),
        loader: 'js',
      };
    });
  },
};
// Two loops of pdf-lib that grow with the document, each replaced by what gives the same result:
// its save copied every stream into the file byte by byte (1.2 s of a 300 MB filing), and adding a
// page walked every page before it to find the end (quadratic: 0.14 s at 2,300 pages). A page
// appended to a tree whose counts are right and whose last kid is a page becomes the root's new
// last kid, where the walk would put it; any other tree is walked. The bundle fails if the code
// patched changes.
const pdfLibPatches = [
  {
    file: /pdf-lib[\\/]es[\\/]core[\\/]objects[\\/]PDFStream\.js$/,
    from:
      '        for (var idx = 0, len = contents.length; idx < len; idx++) {\n' +
      '            buffer[offset++] = contents[idx];\n' +
      '        }\n',
    to: '        buffer.set(contents, offset);\n        offset += contents.length;\n',
  },
  {
    file: /pdf-lib[\\/]es[\\/]core[\\/]structures[\\/]PDFPageTree\.js$/,
    from:
      '            throw new InvalidTargetIndexError(targetIndex, Count);\n' +
      '        }\n' +
      '        var leafsRemainingUntilTarget = targetIndex;\n',
    to:
      '            throw new InvalidTargetIndexError(targetIndex, Count);\n' +
      '        }\n' +
      '        if (targetIndex === Count && (Kids.size() === 0 ||\n' +
      '            this.context.lookup(Kids.get(Kids.size() - 1)) instanceof PDFPageLeaf)) {\n' +
      '            this.insertLeafKid(Kids.size(), leafRef);\n' +
      '            return undefined;\n' +
      '        }\n' +
      '        var leafsRemainingUntilTarget = targetIndex;\n',
  },
];
const PDF_LIB_CORE = /[\\/]node_modules[\\/]pdf-lib[\\/](es|cjs)[\\/]core[\\/]/;
const pdfLibSpeed = {
  name: 'pdf-lib-speed',
  setup(b) {
    // pdf-lib's pako deflates with Node's zlib, as in the tests (src/pdf/pako-native.cjs); the
    // other packages that use pako, each its own version, keep theirs.
    b.onResolve({ filter: /^pako$/ }, (args) =>
      PDF_LIB_CORE.test(args.importer) ? { path: path.join(root, 'src', 'pdf', 'pako-native.cjs') } : undefined,
    );
    for (const patch of pdfLibPatches) {
      b.onLoad({ filter: patch.file }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes(patch.from))
          throw new Error(`${args.path}: pdf-lib changed, see pdfLibPatches in scripts/bundle.mjs`);
        return { contents: source.replace(patch.from, patch.to), loader: 'js' };
      });
    }
  },
};
rmSync(outdir, { recursive: true, force: true });
// zod bundles its messages in 40 languages (a third of the code `validate` loads); casebuilder
// writes its own messages and sets none of zod's, so only English, which zod sets itself, is kept.
const englishZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core|mini)$/.test(args.resolveDir)) return undefined;
      // Relative to the package: the bundle names no folder of the machine it was built on, so
      // its identity (scripts/build-id.mjs), and the dossiers, do not depend on the checkout's place.
      const file = path.relative(root, path.join(args.resolveDir, '..', 'locales', 'en.js'));
      return { path: file.split(path.sep).join('/'), namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(`./${path.basename(args.path)}`)};`,
      resolveDir: path.dirname(path.join(root, args.path)),
      loader: 'js',
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/build/worker.ts', 'parse-ahead': 'src/load/parse-ahead.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // piscina starts its own worker file from its folder, and mupdf loads its WebAssembly from
  // beside its module: both stay in node_modules.
  external: ['piscina', 'mupdf'],
  // The ES builds of pdf-lib and fontkit: no CommonJS wrappers to copy thousands of exports through.
  mainFields: ['module', 'main'],
  // CommonJS dependencies call require() for Node's modules, which ESM lacks.
  banner: {
    js: "import { createRequire as __cbRequire } from 'node:module'; const require = __cbRequire(import.meta.url);",
  },
  chunkNames: 'chunk-[hash]',
  plugins: [fontkitStart, englishZod, pdfLibSpeed],
  logLevel: 'warning',
});

// The templates casebuilder ships with, precompiled as src/render/sections.ts compiles them, by
// their text: a process that renders a dossier then skips Handlebars' parser and compiler (75 ms
// of a 29-page build). A template edited since, or one of a repository's own, has another text
// and is compiled when it is used; the file records Handlebars' version and the options, and
// sections.ts ignores it if either is not its own.
const templateOptions = { strict: true, noEscape: true };
const templates = path.join(root, 'templates');
const entries = readdirSync(templates)
  .filter((name) => name.endsWith('.hbs'))
  .sort()
  .map((name) => {
    const text = readFileSync(path.join(templates, name), 'utf8');
    let spec;
    try {
      // A copy: Handlebars writes its defaults into the options it is given.
      spec = Handlebars.precompile(text, { ...templateOptions });
    } catch (err) {
      throw new Error(`templates/${name}: ${err.message}`, { cause: err });
    }
    return `    [${JSON.stringify(text)}, ${spec}],`;
  });
writeFileSync(
  path.join(outdir, 'templates.cjs'),
  '// Generated by scripts/bundle.mjs from templates/*.hbs.\n' +
    `module.exports = {\n  handlebars: ${JSON.stringify(Handlebars.VERSION)},\n` +
    `  options: ${JSON.stringify(templateOptions)},\n  specs: new Map([\n${entries.join('\n')}\n  ]),\n};\n`,
);

// Written last, over everything above: see scripts/build-id.mjs and src/version.ts.
// What the bundle does not hold but reads at run time from node_modules: MuPDF and piscina (left
// outside the bundle) and the DejaVu fonts.
const runtime = ['mupdf', 'piscina', 'dejavu-fonts-ttf'].map((name) => {
  const json = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return `${name} ${json.version}`;
});
writeFileSync(path.join(outdir, 'build-id'), `${buildId(root, outdir, runtime)}\n`);
