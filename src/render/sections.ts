import Handlebars from 'handlebars';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Dossier, ExhibitSource, IncidentEntry } from '../assemble/model.js';
import { PEOPLE_COUNTS } from '../check/schemas.js';
import { CasebuilderError, ExitStatus, offsetOf } from '../errors.js';
import type { TemplateFile } from '../load/templates.js';
import { EXHIBIT_TOKEN, helpers } from './helpers.js';
import { isMessageKey, messages, type Messages } from '../i18n/locales.js';
import { redactorFor } from '../redact/for-dossier.js';
import { PACKAGE_ROOT } from '../version.js';
import type { Redactor } from '../redact/redactor.js';

// Parsing and compiling a template costs more than rendering it (a fifth of a small dossier):
// the compiled form is made once per process, by text, and bound to each dossier's own instance
// of Handlebars (its helpers) by `template`, as precompiled templates are. The map starts with
// the shipped templates, which `npm run build` precompiles (scripts/bundle.mjs), by their text.
let specs: Map<string, TemplateSpecification> | undefined;

/** How every template is compiled; scripts/bundle.mjs compiles the shipped ones alike and records these. */
export const TEMPLATE_OPTIONS = { strict: true, noEscape: true } as const;
/** The shipped templates as `npm run build` compiled them. */
export const PRECOMPILED_TEMPLATES = path.join(PACKAGE_ROOT, 'dist', 'bundle', 'templates.cjs');

function compiledSpec(text: string): TemplateSpecification {
  specs ??= precompiledTemplates();
  let spec = specs.get(text);
  if (!spec) {
    // A copy: Handlebars writes its defaults into the options it is given.
    const source = Handlebars.precompile(text, { ...TEMPLATE_OPTIONS }) as string;
    spec = new Function(`return ${source};`)() as TemplateSpecification;
    specs.set(text, spec);
  }
  return spec;
}

/**
 * The shipped templates' compiled forms, or none: where the build has not made them, or made them
 * with another Handlebars or other options (a checkout changed since), each is compiled from its text.
 */
function precompiledTemplates(): Map<string, TemplateSpecification> {
  if (!existsSync(PRECOMPILED_TEMPLATES)) return new Map();
  const made = createRequire(import.meta.url)(PRECOMPILED_TEMPLATES) as {
    handlebars?: string;
    options?: unknown;
    specs?: Map<string, TemplateSpecification>;
  };
  const same =
    made.handlebars === Handlebars.VERSION && JSON.stringify(made.options) === JSON.stringify(TEMPLATE_OPTIONS);
  // A copy: the templates compiled later join it, not the module's own map.
  return new Map(same && made.specs instanceof Map ? made.specs : []);
}

/** What the build knows of each evidence file on disk. */
export interface FileFacts {
  size: number;
  sha256: string;
}

export interface NumberedExhibit {
  number: number;
  anchor: string;
  source: ExhibitSource;
  size: number;
  sha256: string;
  /** Titles of the incidents that list it. */
  citedIn: { number: string; title: string }[];
  /** How the dossier shows it: a photo on the page, merged pages, printed text (also attached), or an attached file. */
  content: 'photo' | 'pdf' | 'text' | 'attachment' | 'withheld';
  /** Why a public dossier leaves the file out (its page says so). */
  withheld?: 'unsearchable' | 'names';
  /** The name it is attached under, for files that are attached (text files among them). */
  attachmentName?: string;
  /** SHA-256 of the copy attached to a public dossier when names had to be removed from it. */
  publishedSha256?: string;
  /** Pages of a PDF exhibit its public copy leaves out: pictures, drawings or outlined letters no search can clear. */
  leftOutPages?: number[];
  /** Why a page with text among them was left out: a scan, outlined letters, text not taken out as characters. */
  leftOutWhy?: LeftOutWhy;
  /** Those pages in words, for the exhibit's page. */
  leftOutNote?: string;
  /** What the public copy took off its pages beside the text: annotation kinds, "metadata". */
  takenOff?: string[];
  /** The same in words, for the exhibit's page: "2 comments, 1 stamp, metadata". */
  takenOffNote?: string;
  /** The copy the dossier shows instead of the file (repaired, decrypted, converted), when it does. */
  shown?: ShownCopy & { note: string };
  /** In a filing: where the exhibit begins, "vol. 2, SR-000214" (null outside a filing). */
  where: string | null;
  /** In a filing: the file it travels as beside the volumes, when a page cannot show it. */
  beside: string | null;
  /** In a filing: the part of the exhibit this volume holds, when it is too large for one. */
  part: ExhibitPart | null;
}

function leftOut(
  m: Messages,
  copy: PublishedCopy | undefined,
): Pick<NumberedExhibit, 'leftOutPages' | 'leftOutWhy' | 'leftOutNote'> {
  const pages = copy?.leftOutPages;
  if (!pages?.length) return {};
  const note = leftOutGroups(pages, copy?.leftOutWhy)
    .map(({ why, pages: these }) =>
      m.t(`${LEFT_OUT_NOTE[why]}.${these.length === 1 ? 'one' : 'other'}`, { pages: these.join(', ') }),
    )
    .join('; ');
  return { leftOutPages: pages, ...(copy?.leftOutWhy ? { leftOutWhy: copy.leftOutWhy } : {}), leftOutNote: note };
}

/** Why a page with text was left out of a public copy, by its 1-based number; the rest show pictures alone. */
export type LeftOutWhy = Record<number, 'scanned' | 'outlines' | 'unreadable'>;

const LEFT_OUT_NOTE = {
  pictures: 'exhibit.leftOutNote',
  scanned: 'exhibit.scannedNote',
  outlines: 'exhibit.outlinedNote',
  unreadable: 'exhibit.unreadableNote',
} as const;

/** The pages left out, grouped by why, in a fixed order: pictures, scans, outlines, unreadable text. */
export function leftOutGroups(
  pages: readonly number[],
  why: LeftOutWhy = {},
): { why: keyof typeof LEFT_OUT_NOTE; pages: number[] }[] {
  return (['pictures', 'scanned', 'outlines', 'unreadable'] as const)
    .map((reason) => ({ why: reason, pages: pages.filter((p) => (why[p] ?? 'pictures') === reason) }))
    .filter((group) => group.pages.length > 0);
}

/** What MuPDF calls each kind of annotation, by what a reader would call it. */
const TAKEN_OFF: Record<string, TakenOffKind> = {
  Text: 'comment',
  FreeText: 'comment',
  Popup: 'comment',
  Highlight: 'markup',
  Underline: 'markup',
  StrikeOut: 'markup',
  Squiggly: 'markup',
  Caret: 'markup',
  Stamp: 'stamp',
  Ink: 'drawing',
  Line: 'drawing',
  Square: 'drawing',
  Circle: 'drawing',
  Polygon: 'drawing',
  PolyLine: 'drawing',
  FileAttachment: 'file',
  Sound: 'file',
  picture: 'picture',
  'drawn by hand': 'handDrawn',
  field: 'field',
  metadata: 'metadata',
  thumbnail: 'metadata',
  'application data': 'metadata',
};
/** What a public copy took off, in the order its note lists them. */
const TAKEN_OFF_ORDER = [
  'comment',
  'markup',
  'stamp',
  'drawing',
  'file',
  'picture',
  'handDrawn',
  'field',
  'other',
  'metadata',
] as const;
type TakenOffKind = (typeof TAKEN_OFF_ORDER)[number];

/** "2 comments, 1 stamp, metadata": what a public copy took off, in the dossier's language. */
export function takenOffList(m: Messages, takenOff: string[]): string {
  const counts = new Map<TakenOffKind, number>();
  for (const kind of takenOff) {
    const k = TAKEN_OFF[kind] ?? 'other';
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return TAKEN_OFF_ORDER.filter((k) => counts.has(k))
    .map((k) => {
      if (k === 'metadata') return m.t('takenOff.metadata');
      const n = counts.get(k)!;
      return m.t(`takenOff.${k}.${n === 1 ? 'one' : 'other'}`, { n: String(n) });
    })
    .join(', ');
}

function takenOff(m: Messages, what: string[] | undefined): Pick<NumberedExhibit, 'takenOff' | 'takenOffNote'> {
  return what?.length ? { takenOff: what, takenOffNote: takenOffList(m, what) } : {};
}

/** The copy a public dossier carries in place of an exhibit, when it had to change it. */
export interface PublishedCopy {
  sha256: string;
  leftOutPages?: number[];
  leftOutWhy?: LeftOutWhy;
  /** Annotation kinds and "metadata" taken off its pages. */
  takenOff?: string[];
}

/**
 * A copy shown in place of the exhibit's own bytes, and why: each change is a `change.*` text
 * (`xref`, `streams`, `decrypted`, `eight-bit`...).
 */
export interface ShownCopy {
  sha256: string;
  changes: string[];
  /** Pages whose damaged data was replaced by the part of it that decodes. */
  damagedPages: number[];
  /** A converted photo's precision, in bits per channel. */
  bits?: number;
}

const REPAIRS = new Set(['xref', 'update-loop', 'page-tree', 'catalog', 'objects', 'streams', 'rewritten']);

/**
 * What was done to the copy, in the dossier's words: "repaired: the cross-reference table was
 * rebuilt". With `hashes`, both SHA-256 follow, as the exhibit page prints it.
 */
export function shownReason(
  m: Messages,
  shown: ShownCopy,
  attachment: string | undefined,
  hashes?: { original: string },
): string {
  const changes = shown.changes.map((change) => {
    const key =
      change === 'streams' && shown.damagedPages.length === 0 ? 'change.streams-document' : `change.${change}`;
    if (!isMessageKey(key)) throw new Error(`no words for the change "${change}"`);
    return m.t(key, {
      pages: shown.damagedPages.join(', '),
      bits: shown.bits ?? 12,
      name: attachment ?? '',
    });
  });
  const kind = shown.changes.some((c) => REPAIRS.has(c))
    ? 'repaired'
    : shown.changes.includes('decrypted')
      ? 'decrypted'
      : shown.changes.includes('eight-bit')
        ? 'converted'
        : 'appearances';
  const what = m.t(`exhibit.shown.${kind}`, { changes: changes.join('; ') });
  if (!hashes) return what;
  return m.t('exhibit.shown.hashes', {
    what,
    original: hashes.original,
    copy: m.t(`exhibit.copy.${kind}`),
    sha256: shown.sha256,
  });
}

/** Pages `from` to `to` (1-based) of a PDF exhibit split at its page boundaries: part `index` of `count`. */
export interface ExhibitPart {
  index: number;
  count: number;
  from: number;
  to: number;
}

export interface RenderedDossier {
  /** Markdown of each section, in dossier order. */
  sections: string[];
  exhibits: NumberedExhibit[];
  messages: Messages;
  redactor: Redactor;
  /** What templates said with `{{log}}`: for the build to report on standard error, never on stdout. */
  logs: string[];
}

/** What the cover shows besides the case: the seal's certificate subject, when the PDF is to be sealed. */
export interface CoverExtras {
  seal: string | null;
  /** One volume of a filing: what it holds, and where the exhibits of the others are. */
  volume?: VolumeView;
}

export interface VolumeView {
  number: number;
  count: number;
  /** Stamps of its first and last page. */
  first: string;
  last: string;
  /** Whether the exhibit of this number is laid out in this volume. */
  holds: (exhibit: number) => boolean;
  /** Where an exhibit begins: its volume and first stamp (known once the volumes are planned). */
  where: (exhibit: number) => { volume: number; stamp: string } | undefined;
  /** The file an exhibit travels as, beside the volumes. */
  beside: (exhibit: number) => string | undefined;
  /** The part of an exhibit that this volume holds. */
  part: (exhibit: number) => ExhibitPart | undefined;
}

const SECTION_TEMPLATES = ['cover', 'toc', 'facts', 'chronology', 'incidents', 'vessel-record', 'references'] as const;

/**
 * Templates -> Markdown, section by section. Exhibits are numbered by their first citation
 * in the rendered text, so the numbers follow the dossier even under overridden templates.
 */
export function renderDossier(
  dossier: Dossier,
  templates: Map<string, TemplateFile>,
  files: Map<string, FileFacts>,
  contentOf: (index: number) => NumberedExhibit['content'],
  publishedOf: (index: number) => PublishedCopy | undefined = () => undefined,
  withheldOf: (index: number) => NumberedExhibit['withheld'] = () => undefined,
  shownOf: (index: number) => ShownCopy | undefined = () => undefined,
  cover: CoverExtras = { seal: null },
): RenderedDossier {
  const m = messages(dossier.locale);
  const redactor = redactorFor(dossier, m);
  // Compiled templates are bound to this instance's helpers: one instance per dossier.
  const hb = Handlebars.create();
  hb.registerHelper(helpers(dossier, m, redactor));
  // Handlebars' own `log` writes to the console, which would break `--format json` on stdout.
  const logs: string[] = [];
  hb.registerHelper('log', (...args: unknown[]) => {
    logs.push(
      args
        .slice(0, -1)
        .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
        .join(' '),
    );
    return '';
  });
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const compile = (template: TemplateFile) => {
    let fn = compiled.get(template.name);
    if (!fn) {
      fn = run(template, () => hb.template(compiledSpec(template.text)));
      compiled.set(template.name, fn);
    }
    return fn;
  };
  for (const t of templates.values()) if (t.name.startsWith('_')) hb.registerPartial(t.name.slice(1), compile(t));
  const render = (name: string, context: object): string => {
    const template = templates.get(name);
    if (!template)
      throw new CasebuilderError(
        { code: 'template.missing', message: `no template "${name}.hbs"` },
        ExitStatus.internal,
      );
    return run(template, () => compile(template)(context));
  };

  const marking =
    dossier.profile === 'public' || dossier.case.confidentiality === 'public'
      ? m.t('marking.public')
      : m.t('marking.confidential');
  const common = {
    dossier,
    case: dossier.case,
    client: dossier.client ?? null,
    vessel: dossier.vessel ?? null,
    zone: dossier.zone,
  };
  const totals = {
    count: dossier.vesselRecord.length,
    days: dossier.vesselRecord.reduce((s, e) => s + e.days, 0),
    // What the days were spent under: Italian names a seizure's days "di sequestro", not "di fermo".
    held: heldUnder(dossier.vesselRecord.map((e) => e.kind)),
    fines: Object.entries(
      dossier.vesselRecord.reduce<Record<string, number>>((acc, e) => {
        if (e.fine) acc[e.fine.currency] = (acc[e.fine.currency] ?? 0) + e.fine.amount;
        return acc;
      }, {}),
    ).map(([currency, amount]) => ({ amount, currency })),
  };

  const cited: string[] = [];
  for (const name of SECTION_TEMPLATES) {
    if (name === 'incidents') {
      cited.push(render('incidents', { ...common, incidents: dossier.incidents }));
      for (const entry of dossier.incidents)
        cited.push(
          render(`incident-${entry.incident.type}`, {
            ...common,
            entry,
            incident: entry.incident,
            ...incidentExtras(entry, dossier),
          }),
        );
    } else {
      cited.push(
        render(name, {
          ...common,
          marking,
          ...(name === 'cover'
            ? {
                seal: cover.seal,
                volume: cover.volume
                  ? {
                      number: cover.volume.number,
                      count: cover.volume.count,
                      first: cover.volume.first,
                      last: cover.volume.last,
                    }
                  : null,
              }
            : {}),
          events: dossier.chronology,
          records: dossier.vesselRecord,
          totals,
          references: dossier.references,
        }),
      );
    }
  }

  // Numbers in order of first citation; evidence no template cited follows in incident order.
  const numberOf = new Map<number, number>();
  for (const section of cited) {
    for (const match of section.matchAll(EXHIBIT_TOKEN)) {
      const index = Number(match[1]);
      if (!numberOf.has(index) && dossier.evidence[index]) numberOf.set(index, numberOf.size + 1);
    }
  }
  for (const source of dossier.evidence) if (!numberOf.has(source.index)) numberOf.set(source.index, numberOf.size + 1);
  const word = m.t('exhibits.word');
  const volume = cover.volume;
  const link = (index: number) => {
    const n = numberOf.get(index);
    if (n === undefined) return '';
    // An exhibit in another volume cannot be linked to: the text says where it is.
    const where = volume && !volume.holds(n) ? volume.where(n) : undefined;
    if (where) return m.t('exhibit.reference', { word, number: n, ...where }).replace(' ', '\u00a0');
    return `[${word}\u00a0${n}](#exhibit-${n})`;
  };
  const sections = cited.map((s) =>
    inNumberOrder(s, numberOf).replace(EXHIBIT_TOKEN, (_, i: string) => link(Number(i))),
  );

  const titles = new Map(dossier.incidents.map((e) => [e.incident.id, { number: e.number, title: e.incident.title }]));
  const exhibits: NumberedExhibit[] = dossier.evidence
    .map((source) => {
      const facts = files.get(source.absPath);
      if (!facts) throw new Error(`no file facts for exhibit ${source.file}`);
      const number = numberOf.get(source.index)!;
      const content = contentOf(source.index);
      const shown = shownOf(source.index);
      const published = publishedOf(source.index);
      // Attached under its number, so two files of the same name cannot collide; a photo shown
      // from a converted copy is attached too.
      const attachmentName =
        content === 'attachment' || content === 'text' || (content === 'photo' && shown)
          ? `${m.t('exhibit.fileName', { n: number })}-${redactor.apply(path.basename(source.file))}`
          : undefined;
      return {
        number,
        anchor: `exhibit-${number}`,
        source,
        size: facts.size,
        sha256: facts.sha256,
        citedIn: source.incidents.flatMap((id) => titles.get(id) ?? []),
        content,
        attachmentName,
        publishedSha256: published?.sha256,
        ...leftOut(m, published),
        ...takenOff(m, published?.takenOff),
        withheld: withheldOf(source.index),
        ...(shown
          ? { shown: { ...shown, note: shownReason(m, shown, attachmentName, { original: facts.sha256 }) } }
          : {}),
        where: null as string | null,
        beside: volume?.beside(number) ?? null,
        part: volume?.part(number) ?? null,
      };
    })
    .sort((a, b) => a.number - b.number);
  if (volume)
    for (const exhibit of exhibits) {
      const where = volume.where(exhibit.number);
      exhibit.where = where ? m.t('exhibits.where', where) : null;
    }

  // A volume after the first has its cover, its contents and its exhibits; the first has the rest.
  const shown = volume ? exhibits.filter((e) => volume.holds(e.number)) : exhibits;
  const front = !volume || volume.number === 1 ? sections : sections.slice(0, 2);
  if (!volume || volume.number === 1) front.push(render('exhibit-index', { ...common, exhibits }));
  if (shown.length > 0) front.push(render('exhibits', { ...common, exhibits: shown }));
  shown.forEach((exhibit, i) => front.push(render('exhibit', { ...common, exhibit, first: i === 0 })));
  return { sections: front, exhibits, messages: m, redactor, logs };
}

const PEOPLE = PEOPLE_COUNTS;

function incidentExtras(entry: IncidentEntry, dossier: Dossier) {
  const i = entry.incident;
  return {
    vessels: entry.vessels,
    held: entry.held ?? null,
    place: entry.place ?? null,
    people: PEOPLE.flatMap((key) =>
      i.people?.[key] === undefined
        ? []
        : [{ label: `people.${key}`, value: i.people[key], estimate: i.people.estimates[key] ?? null }],
    ),
    listed: entry.exhibits.map((index) => ({
      index,
      description: dossier.evidence[index]!.description,
      kind: dossier.evidence[index]!.kind,
    })),
    violence:
      i.type === 'interception'
        ? (i.interception.violence ?? []).map((v) => ({ ...v, exhibits: labels(entry, v.evidence) }))
        : [],
    communications:
      i.type === 'interception'
        ? (i.interception.communications ?? []).map((c) => ({ ...c, exhibits: labels(entry, c.evidence) }))
        : [],
  };
}

function labels(entry: IncidentEntry, ids: string[] | undefined): number[] {
  return (ids ?? []).flatMap((id) => (entry.exhibitByLabel[id] === undefined ? [] : [entry.exhibitByLabel[id]!]));
}

/** Template faults become errors naming the template file, line and column. */
function run<T>(template: TemplateFile, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CasebuilderError) throw err;
    const e = err as Error & { lineNumber?: number; column?: number };
    const parse = /on line (\d+)/.exec(e.message);
    const where = / - (\d+):(\d+)$/.exec(e.message);
    // A parse error quotes the line and marks the column with a caret of dashes: "-------^".
    const lines = e.message.split('\n');
    const caret = lines.findIndex((l) => /^-*\^$/.test(l));
    const line = e.lineNumber ?? (parse ? Number(parse[1]) : where ? Number(where[1]) : undefined);
    const column =
      e.column !== undefined
        ? e.column + 1
        : where
          ? Number(where[2]) + 1
          : caret >= 0
            ? lines[caret]!.length
            : undefined;
    // The whole message but the quoted line and its caret, which the problem's excerpt shows.
    const message = lines
      .filter((_, i) => caret < 0 || (i !== caret && i !== caret - 1))
      .join(' ')
      .replace(/ - \d+:\d+$/, '')
      .replace(/\[object Object\]/, 'the template data')
      .replace(/\s+/g, ' ')
      .trim();
    // Handlebars' caret counts the context it quotes, which may run over from the line before:
    // past the end of the line means the line's end.
    const lineText = line === undefined ? '' : (template.text.split('\n')[line - 1] ?? '');
    const at =
      line === undefined ? undefined : offsetOf(template.text, line, Math.min(column ?? 1, lineText.length + 1));
    throw new CasebuilderError({
      code: 'template.error',
      file: template.file,
      range: at === undefined ? undefined : [at, at + 1],
      message: `template ${template.name}: ${message}`,
    });
  }
}

/** Whether a vessel record's measures are detentions, seizures or both. */
function heldUnder(kinds: string[]): 'detention' | 'seizure' | 'both' {
  const seizures = kinds.filter((k) => k === 'seizure').length;
  return seizures === 0 ? 'detention' : seizures === kinds.length ? 'seizure' : 'both';
}

const TOKEN = EXHIBIT_TOKEN.source;
const TOKEN_LIST = new RegExp(`${TOKEN}(?:, ${TOKEN})+`, 'g');
const TOKEN_BULLETS = new RegExp(`(?:^- ${TOKEN}.*(?:\\n|$))+`, 'gm');
const FIRST_TOKEN = new RegExp(TOKEN);

/**
 * Lists of exhibits in the order of their numbers, as a lawyer cites them: "Exhibits 1, 2", not
 * "Exhibit 2, Exhibit 1" where an event cites a photo before the log cited earlier; and an
 * incident's list of the exhibits it cites, one per line, likewise. Numbers themselves follow
 * the first citations, which are not moved.
 */
function inNumberOrder(section: string, numberOf: ReadonlyMap<number, number>): string {
  const numberIn = (text: string) => numberOf.get(Number(FIRST_TOKEN.exec(text)?.[1])) ?? Infinity;
  const sorted = (items: string[]) => [...items].sort((a, b) => numberIn(a) - numberIn(b));
  return section
    .replace(TOKEN_LIST, (list) => sorted(list.split(', ')).join(', '))
    .replace(TOKEN_BULLETS, (block) => {
      const end = block.endsWith('\n') ? '\n' : '';
      return sorted(block.replace(/\n$/, '').split('\n')).join('\n') + end;
    });
}
