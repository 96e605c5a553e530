#!/usr/bin/env node
// Corpus run: inspects every file of ../shared/exhibit-corpus/ (or the folder given) the way a
// build will, each in its own process so that time and peak memory are the file's own, and
// prints one line per file, then a figure.
//
//   node scripts/corpus.mjs [folder] [--no-build] [--json]
//
// It inspects only for now; building a dossier per file comes later.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_MS = 10_000;
const LIMIT_MB = 400;
const KINDS = { '.pdf': 'pdf', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png' };

const args = process.argv.slice(2);
if (args[0] === '--one') {
  process.stdout.write(`${JSON.stringify(await inspectOne(args[1]))}\n`);
} else {
  process.exitCode = await main(args);
}

async function main(argv) {
  const folder = path.resolve(argv.find((a) => !a.startsWith('--')) ?? path.join(ROOT, '../shared/exhibit-corpus'));
  if (!existsSync(folder)) {
    console.log(`corpus: ${folder} is absent; nothing to run (the corpus lives beside the repository, in shared/)`);
    return 0;
  }
  if (!argv.includes('--no-build')) {
    const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) return 1;
  }
  const files = readdirSync(folder)
    .filter((f) => KINDS[path.extname(f).toLowerCase()])
    .sort();
  const skipped = readdirSync(folder).filter((f) => !KINDS[path.extname(f).toLowerCase()] && f !== 'SOURCES.md');
  const results = [];
  const width = Math.max(...files.map((f) => f.length));
  for (const file of files) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', path.join(folder, file)], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    let result;
    try {
      result = JSON.parse(child.stdout.trim().split('\n').at(-1));
    } catch {
      const why = child.error?.code === 'ETIMEDOUT' ? 'timed out' : `crashed (exit ${child.status ?? child.signal})`;
      result = { file, outcome: 'crashed', reason: why, pages: 0, ms: 0, mb: 0, checks: [] };
    }
    results.push(result);
    if (!argv.includes('--json')) console.log(line(result, width));
  }
  const count = (outcome) => results.filter((r) => r.outcome === outcome).length;
  const slow = results.filter((r) => r.ms > LIMIT_MS || r.mb > LIMIT_MB);
  const failedChecks = results.filter((r) => r.checks.some((c) => !c.ok));
  const figure =
    `${results.length} files: ${count('ok')} ok, ${count('repaired')} repaired, ${count('converted')} converted, ` +
    `${count('refused')} refused, ${count('crashed')} crashed; slowest ${Math.max(...results.map((r) => r.ms))} ms, ` +
    `peak ${Math.max(...results.map((r) => r.mb))} MB; ${slow.length} over ${LIMIT_MS / 1000} s or ${LIMIT_MB} MB; ` +
    `${failedChecks.length} with a failed check of the copy`;
  if (argv.includes('--json')) console.log(JSON.stringify({ results, figure }, null, 2));
  else {
    if (skipped.length) console.log(`skipped (not a PDF or photo): ${skipped.join(', ')}`);
    console.log(figure);
  }
  return count('crashed') || slow.length || failedChecks.length ? 1 : 0;
}

function line(r, width) {
  const outcome = r.outcome === 'refused' || r.outcome === 'crashed' ? `${r.outcome}: ${r.reason}` : r.outcome;
  const notes = [
    ...(r.notes ?? []),
    ...r.checks.filter((c) => !c.ok).map((c) => `CHECK FAILED ${c.name}: ${c.detail}`),
  ];
  const pages = r.kind === 'pdf' ? `${r.pages} p` : `${r.width}x${r.height}`;
  const measures = `${pages.padStart(9)}  ${String(r.ms).padStart(5)} ms  ${String(r.mb).padStart(4)} MB`;
  return `${r.file.padEnd(width)}  ${measures}  ${outcome}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** Inspects one file; runs in its own process (see main). */
async function inspectOne(file) {
  const started = performance.now();
  const kind = KINDS[path.extname(file).toLowerCase()];
  const bytes = new Uint8Array(readFileSync(file));
  const base = { file: path.basename(file), kind, pages: 0, checks: [] };
  let result;
  if (kind === 'pdf') result = { ...base, ...(await inspectPdfFile(bytes)) };
  else result = { ...base, ...(await inspectPhoto(bytes, kind)) };
  result.ms = Math.round(performance.now() - started);
  result.mb = Math.round(process.resourceUsage().maxRSS / 1024);
  return result;
}

async function inspectPdfFile(bytes) {
  const { inspectPdf, repairedCopy } = await import(pathToFileURL(path.join(ROOT, 'dist/pdf/inspect.js')).href);
  const report = inspectPdf(bytes);
  const repairs = report.problems.filter((p) => p.severity === 'repair').map((p) => p.what);
  const notes = [...new Set(report.problems.filter((p) => p.severity === 'note').map((p) => p.what))];
  const checks = [];
  if (report.outcome === 'refuse') {
    const first = report.problems.find((p) => p.severity === 'refuse');
    return { outcome: 'refused', reason: first.detail, pages: report.pages, notes, checks };
  }
  if (report.outcome === 'repair') checks.push(...(await checkCopy(repairedCopy(bytes), report, inspectPdf)));
  return {
    outcome: report.outcome === 'repair' ? 'repaired' : 'ok',
    pages: report.pages,
    notes: repairs.length ? [`repaired: ${[...new Set(repairs)].join(', ')}`, ...notes] : notes,
    checks,
  };
}

/** The repaired copy must open clean in MuPDF, pdf-lib and (where installed) qpdf, with every page and its text. */
async function checkCopy(copy, original, inspectPdf) {
  const checks = [];
  const again = inspectPdf(copy);
  const left = again.problems.filter((p) => p.severity !== 'note').map((p) => p.what);
  checks.push({ name: 'copy opens clean', ok: left.length === 0, detail: left.join(', ') });
  checks.push({
    name: 'every page',
    ok: again.pages === original.pages,
    detail: `${again.pages} of ${original.pages}`,
  });
  const words = (text) => text.split(/\s+/).filter(Boolean);
  const before = original.text.flatMap(words).length;
  const after = again.text.flatMap(words).length;
  checks.push({ name: 'text kept', ok: after >= before, detail: `${after} of ${before} words` });
  const { PDFDocument } = await import('pdf-lib');
  try {
    const doc = await PDFDocument.load(copy, { updateMetadata: false, throwOnInvalidObject: true });
    checks.push({
      name: 'pdf-lib reads the copy',
      ok: doc.getPageCount() === original.pages,
      detail: `${doc.getPageCount()} pages`,
    });
  } catch (err) {
    checks.push({ name: 'pdf-lib reads the copy', ok: false, detail: String(err.message).split('\n')[0] });
  }
  // qpdf reads files only; a temporary one, removed at once.
  const temp = path.join(mkdtempSync(path.join(tmpdir(), 'corpus-')), 'copy.pdf');
  writeFileSync(temp, copy);
  const qpdf = spawnSync('qpdf', ['--check', temp], { encoding: 'utf8' });
  rmSync(path.dirname(temp), { recursive: true, force: true });
  if (!qpdf.error) {
    const warnings = `${qpdf.stdout}${qpdf.stderr}`.split('\n').filter((l) => /WARNING|ERROR/.test(l));
    checks.push({
      name: 'qpdf --check',
      ok: qpdf.status === 0 && warnings.length === 0,
      detail: warnings.slice(0, 2).join(' | '),
    });
  }
  return checks;
}

async function inspectPhoto(bytes, format) {
  const { inspectImage, eightBitCopy } = await import(
    pathToFileURL(path.join(ROOT, 'dist/pdf/inspect-image.js')).href
  );
  const report = inspectImage(bytes, format);
  const notes = report.problems.filter((p) => p.severity === 'note').map((p) => p.what);
  if (report.orientation !== 1) notes.push(`orientation ${report.orientation}`);
  if (report.bitsPerComponent !== 8) notes.push(`${report.bitsPerComponent}-bit`);
  const base = { width: report.width, height: report.height, notes, checks: [] };
  if (report.outcome === 'refuse') return { ...base, outcome: 'refused', reason: report.problems[0].detail };
  if (report.outcome === 'convert') {
    const copy = eightBitCopy(bytes);
    const again = inspectImage(copy.bytes, copy.format);
    base.checks.push({
      name: '8-bit copy decodes',
      ok: again.outcome === 'ok' && again.bitsPerComponent === 8,
      detail: again.outcome,
    });
    return { ...base, outcome: 'converted' };
  }
  return { ...base, outcome: 'ok' };
}
