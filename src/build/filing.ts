import {
  constants as fsConstants,
  copyFileSync,
  createWriteStream,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { BUILT_IN_FILING as BUILT_IN, type Config } from '../check/schemas.js';
import { CasebuilderError, ExitStatus, type Problem } from '../errors.js';
import { formatterFor, plainSpaces } from '../i18n/format.js';
import { messages } from '../i18n/locales.js';
import { sha256File } from '../load/evidence.js';
import { readExhibitContent } from '../load/exhibit-content.js';
import { decodeText } from '../load/text-exhibit.js';
import { tempBeside, writeFileAtomic } from '../load/write-atomic.js';
import type { FontLibrary } from '../pdf/fonts.js';
import { pdfPageCount } from '../pdf/volumes.js';
import { renderDossier, type ExhibitPart, type NumberedExhibit } from '../render/sections.js';
import {
  buildDossier,
  measureDossier,
  stamp,
  type BuiltDossier,
  type DossierJob,
  type MeasuredDossier,
  type VolumePlan,
} from './dossier.js';
import { applySeal, type SealJob } from './seal.js';
import { typeset } from './typeset.js';
import { VERSION } from '../version.js';

/** A filing profile: the limits of a portal and what it takes beside the dossier (format.md). */
export interface FilingProfile {
  name: string;
  /** Bytes; 0: no limit. */
  fileBytes: number;
  envelopeBytes: number;
  pdfa: boolean;
  accepted: string[];
}

const MB = 1_000_000;

/** The profile of that name: the built-in one with what casebuilder.yaml changes in it. */
export function filingProfile(config: Config, name: string): FilingProfile {
  // Own keys only: "constructor" or "toString" is no profile.
  const given = Object.hasOwn(config.filing, name) ? config.filing[name] : undefined;
  const base = Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name] : undefined;
  if (!base && !given)
    throw new CasebuilderError(
      {
        code: 'usage.filing',
        message:
          `--filing: no profile "${name}"; the profiles are ` +
          `${[...new Set([...Object.keys(BUILT_IN), ...Object.keys(config.filing)])].join(', ')}`,
      },
      ExitStatus.usage,
    );
  const fileMb = given?.file_mb ?? base?.file_mb;
  if (fileMb === undefined)
    throw new CasebuilderError(
      { code: 'config.filing', message: `filing.${name} in casebuilder.yaml needs file_mb (0 for no limit)` },
      ExitStatus.usage,
    );
  const envelopeMb = given?.envelope_mb ?? base?.envelope_mb ?? fileMb;
  return {
    name,
    fileBytes: fileMb * MB,
    envelopeBytes: envelopeMb * MB,
    pdfa: given?.pdfa ?? base?.pdfa ?? false,
    accepted: given?.accepted ?? base?.accepted ?? [],
  };
}

/** One file of the folder, for the index. */
export interface FiledFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface FilingIndex {
  case: string;
  profile: string;
  envelopes: { number: number; bytes: number; files: FiledFile[] }[];
}

export interface FilingResult {
  folder: string;
  pages: number;
  volumes: number;
  index: FilingIndex;
  warnings: Problem[];
  logs: string[];
  pdfaProblems: string[];
  /** What inspecting the exhibits found, by the SHA-256 of the bytes inspected, for the next build. */
  verdicts: Record<string, string>;
}

/** Room kept in a volume for what estimates miss: the seal, fonts, rounding. */
const MARGIN = 0.97;
/** A rough size of the cover, contents, sections and fonts of a volume. */
const BASE_BYTES = 400_000;
const PAGE_BYTES = 4_000;

/**
 * A case as a filing: its dossier in volumes under the profile's size limit (split at exhibit
 * boundaries, stamps running on across them), the exhibits a page cannot show beside them, and
 * an index of every file by envelope. Each volume is built on its own, so memory holds one
 * volume at a time; the volumes are laid out twice, first to measure them, then with the stamps
 * and references that the measure gives.
 */
export async function buildFiling(
  job: DossierJob,
  fonts: FontLibrary,
  profile: FilingProfile,
  folder: string,
  seal: SealJob | undefined,
): Promise<FilingResult> {
  const { dossier } = job;
  const id = dossier.caseId;
  const prefix = dossier.batesPrefix;
  const warnings: Problem[] = [];
  // How each exhibit is shown, read once here and dropped: the volumes read their own again.
  const kinds: Record<number, NumberedExhibit['content']> = {};
  const limit = profile.fileBytes;
  // What one volume can hold of exhibits: a PDF larger than that is split at its page boundaries.
  const capacity = limit * MARGIN - BASE_BYTES;
  const pageCounts = new Map<number, number>();
  for (const source of dossier.evidence) {
    let kind: NumberedExhibit['content'];
    try {
      const content = readExhibitContent(source.absPath);
      if (content.kind === 'pdf' && limit > 0 && content.bytes.length > capacity)
        pageCounts.set(source.index, await pdfPageCount(content.bytes));
      kind =
        content.kind === 'image'
          ? 'photo'
          : content.kind === 'text' && decodeText(content.bytes).binary
            ? 'attachment'
            : content.kind;
    } catch {
      // The volume that holds the exhibit reports the fault where the incident names the file.
      kind = 'attachment';
    }
    kinds[source.index] = kind;
  }
  const rendered = renderDossier(dossier, job.templates, job.facts, (index) => kinds[index]!);
  const exhibits = rendered.exhibits;
  const numbers = Object.fromEntries(exhibits.map((e) => [e.source.index, e.number]));

  // Exhibits a page cannot show go beside the volumes: as they are if the portal takes their format, else zipped.
  const beside: Record<number, string> = {};
  const besideSources = new Map<string, { absPath: string; zipped: boolean; inside: string }>();
  if (profile.accepted.length > 0)
    for (const e of exhibits.filter((x) => x.content === 'attachment')) {
      const ext = path.extname(e.source.file).slice(1).toLowerCase();
      const base = path.basename(e.source.file);
      const zipped = !profile.accepted.includes(ext);
      if (zipped && !profile.accepted.includes('zip'))
        throw filingError(
          `exhibit ${e.number} (${e.source.file}): ${profile.name} takes neither .${ext} nor .zip files`,
        );
      const name = zipped ? `${id}-exhibit-${e.number}.zip` : `${id}-exhibit-${e.number}-${base}`;
      beside[e.number] = name;
      besideSources.set(name, { absPath: e.source.absPath, zipped, inside: base });
    }

  // Exhibits into volumes by estimated size, in their order; then measured and corrected.
  const estimate = (e: NumberedExhibit) =>
    beside[e.number] ? PAGE_BYTES : e.size * (e.content === 'text' ? 2 : 1) + 2 * PAGE_BYTES;
  const groups: Item[][] = [[]];
  let used = BASE_BYTES;
  const add = (item: Item, cost: number) => {
    if (limit > 0 && groups.at(-1)!.length > 0 && used + cost > limit * MARGIN) {
      groups.push([]);
      used = BASE_BYTES;
    }
    groups.at(-1)!.push(item);
    used += cost;
  };
  for (const e of exhibits) {
    const pages = pageCounts.get(e.source.index);
    if (pages === undefined || pages < 2) {
      add({ number: e.number }, estimate(e));
      continue;
    }
    // Split evenly, each part a volume's worth by the average size of a page.
    const perPage = e.size / pages;
    const perPart = Math.max(1, Math.floor((capacity - 2 * PAGE_BYTES) / (perPage + PAGE_BYTES)));
    const count = Math.ceil(pages / perPart);
    for (let index = 1; index <= count; index++) {
      const from = (index - 1) * perPart + 1;
      const to = Math.min(pages, index * perPart);
      add({ number: e.number, part: { index, count, from, to } }, (to - from + 1) * (perPage + PAGE_BYTES));
    }
  }

  const files = () => groups.map((_, i) => `${id}-vol${i + 1}.pdf`);
  const plan = (k: number, offsets: number[], where: VolumePlan['where'], last: string): VolumePlan => ({
    number: k + 1,
    count: groups.length,
    offset: offsets[k] ?? 0,
    lastStamp: last,
    exhibits: groups[k]!.map((item) => item.number),
    parts: Object.fromEntries(groups[k]!.flatMap((item) => (item.part ? [[item.number, item.part]] : []))),
    kinds,
    numbers,
    where,
    beside,
    files: files(),
  });
  // While measuring, every reference reads as the widest it can be, so the layout does not change after.
  const placeholder = (): VolumePlan['where'] =>
    Object.fromEntries(
      exhibits.map((e) => [
        e.number,
        { volume: groups.findIndex((g) => g.some((item) => item.number === e.number)) + 1, stamp: stamp(prefix, 0) },
      ]),
    );
  // Each volume is built at least twice (measured, then laid out for good): what inspecting its
  // exhibits found the first time serves the second.
  const verdicts: Record<string, string> = { ...job.verdicts };
  const build = async (volume: VolumePlan) => {
    const built = await buildDossier({ ...job, volume, verdicts }, fonts);
    Object.assign(verdicts, built.verdicts);
    return built;
  };
  // A public volume is written while it is measured: its self-check for protected names then
  // refuses it before any volume of the filing reaches the folder.
  const measure = async (volume: VolumePlan): Promise<MeasuredDossier> => {
    if (dossier.profile === 'public') {
      const { pdf, tail: _tail, ...built } = await build(volume);
      return { ...built, size: pdf.length };
    }
    const measured = await measureDossier({ ...job, volume, verdicts }, fonts);
    Object.assign(verdicts, measured.verdicts);
    return measured;
  };

  let measured: { pages: number; starts: Map<number, number> }[] = [];
  for (let k = 0; k < groups.length; k++) {
    const built = await measure(plan(k, [], placeholder(), stamp(prefix, 0)));
    const size = built.size + (seal ? 20_000 : 0);
    if (limit > 0 && size > limit) {
      if (groups[k]!.length > 1) {
        // The last exhibit moves on to the next volume, and this one is measured again.
        const moved = groups[k]!.pop()!;
        // Two parts of one exhibit never share a volume: a volume of its own then.
        if (k + 1 === groups.length || groups[k + 1]!.some((item) => item.number === moved.number))
          groups.splice(k + 1, 0, []);
        groups[k + 1]!.unshift(moved);
        k--;
        continue;
      }
      const item = groups[k]![0]!;
      const only = exhibits.find((e) => e.number === item.number)!;
      const what = item.part ? `pages ${item.part.from} to ${item.part.to} of exhibit` : 'exhibit';
      throw filingError(
        `${what} ${only.number} (${only.source.file}) alone make a volume of ${mb(size)}, over the ` +
          `${mb(limit)} of ${profile.name}: ${
            only.content === 'pdf'
              ? 'its pages are too unequal in size to split evenly; split the file'
              : 'give a smaller copy as the exhibit'
          }`,
      );
    }
    measured[k] = { pages: built.pages, starts: starts(built) };
  }

  // Laid out for good: stamps run on from one volume to the next, references name volume and stamp.
  mkdirSync(folder, { recursive: true });
  // A pull request can commit the filing's folder as a link: what is written and removed in it
  // would then be another folder's files.
  if (lstatSync(folder).isSymbolicLink())
    throw new CasebuilderError({
      code: 'filing.folder-link',
      message: `${path.basename(folder)} is a symbolic link: casebuilder writes a filing only into a folder of its own`,
    });
  const written: FiledFile[] = [];
  let logs: string[] = [];
  let pdfaProblems: string[] = [];
  // Every file of the filing is written under a temporary name and checked; only when all of them
  // are does it take its name, so a filing that fails part way leaves the one before it whole.
  const staged = new Map<string, string>();
  const stage = (file: string): string => {
    const earlier = staged.get(file);
    if (earlier) rmSync(earlier, { force: true });
    const temp = tempBeside(file);
    staged.set(file, temp);
    return temp;
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const offsets = measured.reduce<number[]>((acc, m, k) => [...acc, (acc[k] ?? 0) + m.pages], [0]);
      const where: VolumePlan['where'] = {};
      measured.forEach((m, k) =>
        m.starts.forEach((page, number) => {
          // An exhibit in parts is found where its first part begins.
          where[number] ??= { volume: k + 1, stamp: stamp(prefix, offsets[k]! + page) };
        }),
      );
      const again: typeof measured = [];
      written.length = 0;
      for (let k = 0; k < groups.length; k++) {
        const volume = plan(k, offsets, where, stamp(prefix, offsets[k]! + measured[k]!.pages - 1));
        const built = await build(volume);
        again[k] = { pages: built.pages, starts: starts(built) };
        if (k === 0) ({ logs, pdfaProblems } = built);
        let pdf = built.pdf;
        if (seal) pdf = await applySeal(pdf, seal);
        const file = path.join(folder, volume.files[k]!);
        const temp = stage(file);
        writeFileSync(temp, pdf, { flag: 'wx' });
        // Checked as written: the file on disk is what goes to the portal.
        const size = statSync(temp).size;
        if (limit > 0 && size > limit)
          throw filingError(`volume ${k + 1} is ${mb(size)}, over the ${mb(limit)} of ${profile.name}`);
        written.push({ file: path.basename(file), bytes: pdf.length, sha256: await sha256File(temp) });
      }
      // The stamps of a volume never change its length; should they, the volumes are laid out once more.
      if (again.every((a, k) => a.pages === measured[k]!.pages) || attempt === 2) break;
      measured = again;
    }

    for (const [name, source] of besideSources) {
      const file = path.join(folder, name);
      // A temporary name of its own, never a fixed one a committed link could hold.
      const temp = stage(file);
      if (source.zipped) await zipOne(source.absPath, source.inside, temp, dateOf(job));
      else copyFileSync(source.absPath, temp, fsConstants.COPYFILE_EXCL);
      written.push({ file: name, bytes: statSync(temp).size, sha256: await sha256File(temp) });
    }
  } catch (err) {
    for (const temp of staged.values()) rmSync(temp, { force: true });
    throw err;
  }

  const index = envelopes(id, profile, written);
  const indexBytes = await indexPdf(job, index, fonts, Boolean(job.pdfa));
  for (const [file, temp] of staged) renameSync(temp, file);
  // Files of an earlier filing of the case that this one does not have (a volume fewer) are removed.
  const keep = new Set([...written.map((f) => f.file), 'index.json', 'index.pdf']);
  for (const name of readdirSync(folder)) if (!keep.has(name)) rmSync(path.join(folder, name), { force: true });
  writeFileAtomic(path.join(folder, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  writeFileAtomic(path.join(folder, 'index.pdf'), indexBytes);
  const pages = measured.reduce((n, m) => n + m.pages, 0);
  return { folder, pages, volumes: groups.length, index, warnings, logs, pdfaProblems, verdicts };
}

/** An exhibit in a volume, or one part of it. */
interface Item {
  number: number;
  part?: ExhibitPart;
}

/** Page (0-based, in its volume) where each exhibit of a built volume begins. */
function starts(built: Pick<BuiltDossier, 'manifest'>): Map<number, number> {
  return new Map(built.manifest.exhibits.map((e) => [e.number, e.pages[0] - 1]));
}

/** Files into envelopes in order, a new one whenever the next file would go over the limit. */
export function envelopes(id: string, profile: FilingProfile, files: FiledFile[]): FilingIndex {
  const out: FilingIndex['envelopes'] = [];
  for (const file of files) {
    if (profile.envelopeBytes > 0 && file.bytes > profile.envelopeBytes)
      throw filingError(
        `${file.file} is ${mb(file.bytes)}, larger than an envelope of ${profile.name} ` +
          `(${mb(profile.envelopeBytes)}): give a shorter excerpt as the exhibit`,
      );
    const last = out.at(-1);
    if (last && (profile.envelopeBytes === 0 || last.bytes + file.bytes <= profile.envelopeBytes)) {
      last.files.push(file);
      last.bytes += file.bytes;
    } else out.push({ number: out.length + 1, bytes: file.bytes, files: [file] });
  }
  return { case: id, profile: profile.name, envelopes: out };
}

/** The file zipped into `target`, a new file (the caller's temporary name). */
function zipOne(source: string, inside: string, target: string, mtime: Date): Promise<void> {
  const zip = new yazl.ZipFile();
  // Stored, not deflated: video and audio are compressed already; a fixed date keeps the bytes the same.
  zip.addFile(source, inside, { mtime, compress: false, mode: 0o100644 });
  zip.end();
  return pipeline(zip.outputStream, createWriteStream(target, { flags: 'wx' }));
}

function dateOf(job: DossierJob): Date {
  return job.sourceDateEpoch !== undefined
    ? new Date(job.sourceDateEpoch * 1000)
    : new Date(`${job.dossier.case.prepared_on.text}T00:00:00Z`);
}

/** The index as a PDF: every file by envelope, with its size and SHA-256. */
async function indexPdf(job: DossierJob, index: FilingIndex, fonts: FontLibrary, pdfa: boolean): Promise<Uint8Array> {
  const m = messages(job.dossier.locale);
  const size = (n: number) => plainSpaces(formatterFor(job.dossier.locale).size(n));
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[*_`[\]]/g, '\\$&');
  const lines = [
    `# ${m.t('filing.title')}`,
    '',
    m.t('filing.intro', { profile: index.profile, case: cell(index.case) }),
    '',
  ];
  for (const envelope of index.envelopes) {
    lines.push(`## ${m.t('filing.envelope', { number: envelope.number })} · ${size(envelope.bytes)}`, '');
    lines.push(`| ${m.t('filing.file')} | ${m.t('exhibits.size')} | ${m.t('exhibits.sha256')} |`, '|---|---|---|');
    for (const f of envelope.files) lines.push(`| ${cell(f.file)} | ${size(f.bytes)} | ${f.sha256} |`);
    lines.push('');
  }
  const date = dateOf(job);
  const result = await typeset(
    {
      sections: [lines.join('\n')],
      meta: {
        title: `${job.dossier.case.title} · ${m.t('filing.title')}`,
        subject: index.profile,
        keywords: [index.case, index.profile],
        author: job.dossier.client?.name ?? job.dossier.case.client,
        producer: `casebuilder ${VERSION}`,
        language: job.dossier.locale,
        date,
      },
      footer: (page, total) => ({
        left: m.t('filing.title'),
        center: m.t('footer.page', { page: page + 1, total }),
        right: '',
      }),
      assets: { photos: new Map(), pdfs: new Map(), attachments: [] },
      // Filed with the volumes, so in the same form.
      ...(pdfa ? { pdfa: { describePage: (page: number) => `index.pdf, page ${page + 1}` } } : {}),
    },
    fonts,
  );
  return result.pdf;
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function filingError(message: string): CasebuilderError {
  return new CasebuilderError({ code: 'filing.limit', message });
}
