#!/usr/bin/env node
// Corpus run: builds one case per file of ../shared/exhibit-corpus/ (or the folder given), each
// in its own process so that time and peak memory are the file's own, and prints one line per
// file (its outcome and the checks of the dossier built), then a figure.
//
//   node scripts/corpus.mjs [folder] [--no-build] [--json] [--only SUBSTRING]
//
// The corpus files are read where they are and copied only into temporary case folders, which
// are removed at once: they never enter the repository.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_MS = 10_000;
const LIMIT_MB = 400;
const KINDS = { '.pdf': 'pdf', '.jpg': 'photo', '.jpeg': 'photo', '.png': 'photo' };
/** A merged page is shrunk by the writer to free this band at its foot (src/pdf/writer.ts). */
const STAMP_BAND = 42;
/** Annotation rectangles are written to 3 decimals, the page's matrix to 2: a little slack. */
const TOLERANCE = 0.25;
/** MuPDF, loaded by `mu()` in the process of one file. */
let engine;

const args = process.argv.slice(2);
if (args[0] === '--one') {
  process.stdout.write(`${JSON.stringify(await buildOne(args[1]))}\n`);
} else {
  process.exitCode = await main(args);
}

async function main(argv) {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--only');
  const folder = path.resolve(positional[0] ?? path.join(ROOT, '../shared/exhibit-corpus'));
  if (!existsSync(folder)) {
    console.log(`corpus: ${folder} is absent; nothing to run (the corpus lives beside the repository, in shared/)`);
    return 0;
  }
  if (!argv.includes('--no-build')) {
    const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) return 1;
  }
  const files = readdirSync(folder)
    .filter((f) => KINDS[path.extname(f).toLowerCase()] && (!only || f.includes(only)))
    .sort();
  const skipped = readdirSync(folder).filter((f) => !KINDS[path.extname(f).toLowerCase()] && f !== 'SOURCES.md');
  const results = [];
  const width = Math.max(...files.map((f) => f.length));
  const qpdf = !spawnSync('qpdf', ['--version']).error;
  if (!argv.includes('--json'))
    console.log(`structure checked with ${qpdf ? 'qpdf --check' : 'MuPDF (qpdf is not installed)'}`);
  for (const file of files) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', path.join(folder, file)], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    let result;
    try {
      result = JSON.parse(child.stdout.trim().split('\n').at(-1));
    } catch {
      const why = child.error?.code === 'ETIMEDOUT' ? 'timed out' : `crashed (exit ${child.status ?? child.signal})`;
      const stderr = (child.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
      result = { file, kind: KINDS[path.extname(file).toLowerCase()], outcome: 'crashed', reason: `${why} ${stderr}` };
      result = { ...result, ms: 0, mb: 0, checks: [] };
    }
    results.push(result);
    if (!argv.includes('--json')) console.log(line(result, width));
  }
  const figure = figureLine(results);
  if (argv.includes('--json')) console.log(JSON.stringify({ results, figure }, null, 2));
  else {
    if (skipped.length) console.log(`skipped (not a PDF or photo): ${skipped.join(', ')}`);
    console.log(figure);
  }
  const bad = results.filter(
    (r) => r.outcome === 'crashed' || r.ms > LIMIT_MS || r.mb > LIMIT_MB || r.checks.some((c) => !c.ok),
  );
  return bad.length ? 1 : 0;
}

function figureLine(results) {
  const count = (outcome) => results.filter((r) => r.outcome === outcome).length;
  const slow = results.filter((r) => r.ms > LIMIT_MS || r.mb > LIMIT_MB);
  const failed = results.filter((r) => r.checks.some((c) => !c.ok));
  const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a), results[0]);
  const biggest = results.reduce((a, b) => (b.mb > a.mb ? b : a), results[0]);
  const sum = (name, field) => results.reduce((n, r) => n + (r.checks.find((c) => c.name === name)?.[field] ?? 0), 0);
  const refusals = {};
  for (const r of results.filter((x) => x.outcome === 'refused')) refusals[r.why] = (refusals[r.why] ?? 0) + 1;
  const why = Object.entries(refusals)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return (
    `${results.length} files: ${count('whole')} built whole, ${count('repaired')} built from a repaired copy, ` +
    `${count('decrypted')} from a decrypted copy, ${count('appearances')} from a copy with its form drawn, ` +
    `${count('converted')} from a converted copy, ` +
    `${count('refused')} refused${why ? ` (${why})` : ''}, ${count('crashed')} crashed; ` +
    `checks: ${failed.length} file(s) with a failed check; ` +
    `annotations in place ${sum('annotations', 'kept')}/${sum('annotations', 'of')}, ` +
    `fields ${sum('fields', 'kept')}/${sum('fields', 'of')}, links ${sum('links', 'kept')}/${sum('links', 'of')}; ` +
    `slowest ${slowest?.ms ?? 0} ms (${slowest?.file}), peak ${biggest?.mb ?? 0} MB (${biggest?.file}); ` +
    `${slow.length} over ${LIMIT_MS / 1000} s or ${LIMIT_MB} MB`
  );
}

function line(r, width) {
  const outcome =
    r.outcome === 'refused' || r.outcome === 'crashed'
      ? `${r.outcome}: ${r.reason}`
      : ({
          whole: 'built whole',
          repaired: 'built from a repaired copy',
          decrypted: 'built from a decrypted copy',
          converted: 'built from a converted copy',
          appearances: 'built from a copy with drawn form fields',
        }[r.outcome] ?? r.outcome);
  const checks = (r.checks ?? []).map((c) => `${c.ok ? '' : 'FAILED '}${c.name} ${c.detail}`);
  const measures = `${String(r.ms).padStart(5)} ms ${String(r.mb).padStart(4)} MB`;
  return `${r.file.padEnd(width)}  ${measures}  ${outcome}${checks.length ? ` | ${checks.join('; ')}` : ''}`;
}

// ---------------------------------------------------------------- one file, in its own process

async function buildOne(file) {
  const name = path.basename(file);
  const kind = KINDS[path.extname(file).toLowerCase()];
  const repo = mkdtempSync(path.join(tmpdir(), 'casebuilder-corpus-'));
  try {
    cpSync(path.join(ROOT, 'test/fixtures/exhibits'), repo, { recursive: true });
    rmSync(path.join(repo, 'cases/ex/evidence'), { recursive: true, force: true });
    cpSync(file, path.join(repo, 'cases/ex/evidence', name));
    const incident = path.join(repo, 'cases/ex/incidents/detention.yaml');
    const text = readFileSync(incident, 'utf8');
    const evidence =
      'evidence:\n' +
      `  - { id: E1, file: "evidence/${name}", kind: ${kind === 'pdf' ? 'document' : 'photo'}, ` +
      'description: The exhibit under test }\n';
    writeFileSync(incident, text.replace(/evidence:\n(?:(?: {2}.*|\s*#.*)?\n)*?(?=detention:)/, evidence));
    const { runCli } = await import(pathToFileURL(path.join(ROOT, 'dist/cli/program.js')).href);
    let stderr = '';
    const stdin = new PassThrough();
    stdin.end();
    const started = performance.now();
    const status = await runCli(['build', '--jobs', '1', '--quiet'], {
      cwd: repo,
      env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1682553600' },
      stdout: { write: () => {} },
      stderr: { write: (s) => (stderr += s) },
      stdin,
      stdinIsTTY: false,
      now: () => Date.now(),
    });
    const ms = Math.round(performance.now() - started);
    const mb = Math.round(process.resourceUsage().maxRSS / 1024);
    const base = { file: name, kind, ms, mb, checks: [] };
    if (status !== 0) {
      const message = stderr.split('\n').find((l) => / error /.test(l)) ?? stderr.split('\n')[0];
      const reason = message.replace(/^.*?exhibit "[^"]*": /, '');
      const why = /password/.test(reason)
        ? 'need a password'
        : /no PDF reader can (open|show)/.test(reason)
          ? 'no PDF reader can open'
          : 'other';
      return { ...base, outcome: status === 1 ? 'refused' : 'crashed', reason, why };
    }
    const pdf = new Uint8Array(readFileSync(path.join(repo, 'dossiers/ex.pdf')));
    const manifest = JSON.parse(readFileSync(path.join(repo, 'dossiers/ex.manifest.json'), 'utf8'));
    const exhibit = manifest.exhibits[0];
    const said = exhibit.shown_reason?.split(':')[0];
    const outcome = !said ? 'whole' : said === 'form fields drawn' ? 'appearances' : said;
    const original = new Uint8Array(readFileSync(file));
    await mu();
    const checks = [structure(pdf, repo)];
    if (kind === 'pdf') checks.push(...(await pdfChecks(original, pdf, exhibit)));
    else checks.push(photoCheck(pdf, exhibit));
    return { ...base, outcome, note: exhibit.shown_reason, checks };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/** qpdf --check where installed, else MuPDF's own: opened without repair, every page loaded without a warning. */
function structure(pdf, repo) {
  const file = path.join(repo, 'dossiers/ex.pdf');
  const qpdf = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (!qpdf.error) {
    const warnings = `${qpdf.stdout}${qpdf.stderr}`.split('\n').filter((l) => /WARNING|ERROR/.test(l));
    const ok = qpdf.status === 0 && warnings.length === 0;
    return { name: 'qpdf --check', ok, detail: ok ? 'clean' : warnings.slice(0, 2).join(' | ') };
  }
  return { name: 'structure (MuPDF)', ...mupdfClean(pdf) };
}

async function mu() {
  engine ??= await import(pathToFileURL(path.join(ROOT, 'dist/pdf/mupdf-engine.js')).href);
  return engine;
}

function mupdfClean(pdf) {
  const { mupdf, captured, release } = engine;
  const opened = captured(() => new mupdf.PDFDocument(pdf));
  if (!opened.value) return { ok: false, detail: opened.error?.message ?? 'does not open' };
  const doc = opened.value;
  const messages = [...opened.messages];
  for (let i = 0; i < doc.countPages(); i++) {
    const run = captured(() => {
      const page = doc.loadPage(i);
      release(page.toStructuredText(), page);
    });
    messages.push(...run.messages);
  }
  const repaired = doc.wasRepaired();
  release(doc);
  const ok = !repaired && messages.length === 0;
  return { ok, detail: ok ? 'clean' : repaired ? 'repaired on opening' : messages[0].text };
}

function openDoc(bytes) {
  const { mupdf, captured } = engine;
  const doc = captured(() => new mupdf.PDFDocument(bytes)).value;
  if (doc?.needsPassword()) doc.authenticatePassword('');
  return doc;
}

async function pdfChecks(original, pdf, exhibit) {
  const { captured, release } = await mu();
  const { preparePdf } = await import(pathToFileURL(path.join(ROOT, 'dist/pdf/exhibit-prepare.js')).href);
  const { inspectPdf } = await import(pathToFileURL(path.join(ROOT, 'dist/pdf/inspect.js')).href);
  // The original as the inspection reads it (its pages and text, repaired where it must be),
  // and the bytes merged (the file itself, or its copy): what the dossier's pages must match.
  const report = inspectPdf(original);
  const merged = (await preparePdf(original)).bytes;
  const source = openDoc(merged);
  const dossier = openDoc(pdf);
  // The dossier is not a tagged PDF: alternate texts of the exhibit's structure tree (an image's
  // ActualText, say) are not carried. What only they hold is counted apart, not as lost.
  const untagged = openDoc(merged);
  captured(() => untagged.getTrailer().get('Root').delete('StructTreeRoot'));
  const first = exhibit.pages[0]; // 1-based: the header page; merged pages follow it
  const pages = exhibit.pages[1] - exhibit.pages[0];
  const checks = [{ name: 'pages', ok: pages === report.pages, detail: `${pages}/${report.pages}` }];
  const chars = (text) => {
    const bag = new Map();
    for (const c of text.replace(/\s+/g, '')) bag.set(c, (bag.get(c) ?? 0) + 1);
    return bag;
  };
  const minus = (a, b) => new Map([...a].map(([c, n]) => [c, Math.max(0, n - (b.get(c) ?? 0))]));
  const size = (bag) => [...bag.values()].reduce((x, y) => x + y, 0);
  const textOf = (doc, n) =>
    captured(() => {
      const page = doc.loadPage(n);
      const stext = page.toStructuredText('preserve-whitespace');
      try {
        return stext.asText();
      } finally {
        release(stext, page);
      }
    }).value ?? '';
  let found = 0;
  let total = 0;
  let structural = 0;
  const missing = [];
  let kept = 0;
  let streams = 0;
  let annotsKept = 0;
  let annotsOf = 0;
  const misplaced = [];
  const fieldsOf = [];
  const fieldsFound = new Map();
  const linksOf = [];
  const linksFound = [];
  for (let i = 0; i < Math.min(report.pages, pages); i++) {
    const at = first + i; // 0-based index of merged page i in the dossier
    // Text recall by characters (whitespace aside), so that a line grouped otherwise is no loss.
    const onlyTagged = minus(chars(textOf(source, i)), chars(textOf(untagged, i)));
    structural += size(onlyTagged);
    const expected = minus(chars(report.text[i] ?? ''), onlyTagged);
    const got = chars(textOf(dossier, at));
    for (const [c, n] of expected) {
      total += n;
      const k = Math.min(n, got.get(c) ?? 0);
      found += k;
      if (k < n && missing.length < 8) missing.push(c);
    }
    // Content streams: the merged page's own, between the writer's prefix and suffix, as in the bytes merged.
    const streamsOf = (obj) => {
      const contents = obj.get('Contents');
      const list = contents.isArray() ? Array.from({ length: contents.length }, (_, k) => contents.get(k)) : [contents];
      return list.filter((s) => s.isStream());
    };
    const ourStreams = streamsOf(dossier.findPage(at));
    const ours = ourStreams.slice(1, -1).map((s) => Buffer.from(s.readRawStream().asUint8Array()));
    const theirs = streamsOf(source.findPage(i)).map((s) => Buffer.from(s.readRawStream().asUint8Array()));
    streams += theirs.length;
    if (ours.length === theirs.length && ours.every((b, k) => b.equals(theirs[k]))) kept += theirs.length;
    // Annotations (widgets and links included) moved by the very matrix the writer put before the page's content.
    const prefix = Buffer.from(ourStreams[0].readStream().asUint8Array()).toString('latin1');
    const m = /^q (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm/.exec(prefix)?.slice(1).map(Number);
    const rectsOf = (page) => {
      const annots = page.get('Annots');
      const out = [];
      for (let k = 0; annots.isArray() && k < annots.length; k++) {
        const a = annots.get(k);
        const r = a.get('Rect');
        if (!r.isArray() || r.length !== 4) continue;
        out.push({ type: String(a.get('Subtype')), rect: [0, 1, 2, 3].map((j) => r.get(j).asNumber()) });
      }
      return out;
    };
    const want = ([a, b, c, d]) => {
      const p = (x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
      const [x1, y1] = p(a, b);
      const [x2, y2] = p(c, d);
      return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
    };
    const theirsAnnots = rectsOf(source.findPage(i));
    const oursAnnots = rectsOf(dossier.findPage(at));
    annotsOf += theirsAnnots.length;
    for (const a of theirsAnnots) {
      const target = m ? want(a.rect) : a.rect;
      const hit = oursAnnots.findIndex(
        (b) => b.type === a.type && b.rect.every((v, k) => Math.abs(v - target[k]) <= TOLERANCE),
      );
      if (hit >= 0) {
        annotsKept++;
        oursAnnots.splice(hit, 1);
      } else if (misplaced.length < 2) misplaced.push(`${a.type} on page ${i + 1}`);
    }
    const sourcePage = source.loadPage(i);
    const dossierPage = dossier.loadPage(at);
    for (const w of sourcePage.getWidgets()) {
      if (w.getFieldType() === 'signature') continue;
      fieldsOf.push({ name: `exhibit1.${w.getName()}`, value: w.getValue() });
    }
    for (const w of dossierPage.getWidgets()) fieldsFound.set(`${w.getName()}\u0000${w.getValue()}`, true);
    for (const link of sourcePage.getLinks()) {
      if (link.isExternal()) continue;
      const to = captured(() => source.resolveLink(link)).value;
      if (to >= 0) linksOf.push(`${i}>${to}`);
    }
    for (const link of dossierPage.getLinks()) {
      if (link.isExternal()) continue;
      const to = captured(() => dossier.resolveLink(link)).value;
      linksFound.push(`${i}>${to - first}`);
    }
    release(sourcePage, dossierPage);
  }
  const recall = total === 0 ? 1 : found / total;
  checks.push({
    name: 'text',
    ok: recall >= 0.999,
    detail:
      `${(recall * 100).toFixed(1)}% of ${total} characters` +
      (missing.length ? ` (missing ${missing.join('')})` : '') +
      (structural ? ` (+${structural} in the structure tree's alternate texts, not carried)` : ''),
  });
  checks.push({ name: 'content bytes', ok: kept === streams, detail: `${kept}/${streams} streams` });
  checks.push({
    name: 'annotations',
    ok: annotsKept === annotsOf,
    kept: annotsKept,
    of: annotsOf,
    detail: `${annotsKept}/${annotsOf} in place${misplaced.length ? ` (off: ${misplaced.join(', ')})` : ''}`,
  });
  const fieldsKept = fieldsOf.filter((f) => fieldsFound.has(`${f.name}\u0000${f.value}`)).length;
  checks.push({
    name: 'fields',
    ok: fieldsKept === fieldsOf.length,
    kept: fieldsKept,
    of: fieldsOf.length,
    detail: `${fieldsKept}/${fieldsOf.length} named and filled`,
  });
  const landed = linksOf.filter((l) => {
    const k = linksFound.indexOf(l);
    if (k >= 0) linksFound.splice(k, 1);
    return k >= 0;
  }).length;
  checks.push({
    name: 'links',
    ok: landed === linksOf.length && linksFound.every((l) => Number(l.split('>')[1]) >= 0),
    kept: landed,
    of: linksOf.length,
    detail: `${landed}/${linksOf.length} landing on merged pages${linksFound.length ? ` (+${linksFound.length})` : ''}`,
  });
  release(source, dossier, untagged);
  return checks.filter((c) => (c.name !== 'fields' && c.name !== 'links') || c.of > 0);
}

/** The photo page draws one image, of the size the file (or its copy) has. */
function photoCheck(pdf, exhibit) {
  const { mupdf, captured, release } = engine;
  const doc = openDoc(pdf);
  const page = doc.loadPage(exhibit.pages[0] - 1);
  let images = 0;
  const drawn = captured(() => {
    const device = new mupdf.Device({ fillImage: () => images++ });
    page.run(device, mupdf.Matrix.identity);
    device.close();
  });
  release(page, doc);
  const ok = images === 1 && drawn.messages.length === 0;
  return { name: 'photo', ok, detail: ok ? 'drawn' : `${images} image(s) ${drawn.messages[0]?.text ?? ''}` };
}
