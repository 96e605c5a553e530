import type { HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';
import { citationOf, nameOf, type ChronologyEvent, type Dossier, type WitnessEntry } from '../assemble/model.js';
import type { CalendarDate, Instant, Position } from '../check/values.js';
import type { Place } from '../geo/index.js';
import { coastCountry, eventLabel, isEnumName, isMessageKey, type Messages } from '../i18n/locales.js';
import type { Deadline } from '../check/deadlines.js';
import { describeDeadline } from '../i18n/deadlines.js';
import { formatterFor } from '../i18n/format.js';
import { escapeMarkdown } from './markdown.js';
import type { Redactor } from '../redact/redactor.js';

/** Marks where a template cites an exhibit; replaced by "Exhibit N" once numbers are known. */
export const exhibitToken = (index: number) => `\u27e6x:${index}\u27e7`;
export const EXHIBIT_TOKEN = /\u27e6x:(\d+)\u27e7/g;

type Helper = (...args: unknown[]) => unknown;

const isTime = (v: unknown): v is Instant | CalendarDate =>
  typeof v === 'object' && v !== null && ((v as Instant).kind === 'instant' || (v as CalendarDate).kind === 'date');

/** Helpers for templates: every value a template prints passes through one of them. */
export function helpers(dossier: Dossier, m: Messages, redactor: Redactor): Record<string, Helper> {
  const zone = dossier.zone;
  const hash = (args: unknown[]) => ((args.at(-1) as HelperOptions | undefined)?.hash ?? {}) as Record<string, unknown>;
  const params = (args: unknown[]) => args.slice(0, -1);
  // Every value from the case's files passes through here: redacted first in a public dossier.
  const text = (v: unknown) => (v === undefined || v === null ? '' : escapeMarkdown(redactor.apply(String(v))));

  const f = formatterFor(m.locale);
  // Formatting dates costs more than laying them out: each is formatted once.
  const formatted = new Map<string, string>();
  const local = (at: Instant | CalendarDate, withTime = true) => {
    const key = `${at.kind === 'date' ? at.text : at.epochMs}|${withTime}`;
    let text = formatted.get(key);
    if (text === undefined) {
      text = at.kind === 'date' ? f.date(at) : withTime ? f.time(at, zone) : f.date(instantDay(at, zone));
      formatted.set(key, text);
    }
    return text;
  };

  return {
    /** Fixed words: {{t "section.facts"}}, {{t "appeal.computed" how=...}}. Values are escaped. */
    t: (...args) => {
      const [key] = params(args);
      if (typeof key !== 'string' || !isMessageKey(key)) throw new Error(`unknown text "${String(key)}"`);
      const values = Object.fromEntries(Object.entries(hash(args)).map(([k, v]) => [k, text(v)]));
      return m.t(key, values);
    },
    enum: (...args) => {
      const [name, value] = params(args);
      if (typeof name !== 'string' || !isEnumName(name)) throw new Error(`unknown enumeration "${String(name)}"`);
      return value === undefined || value === null ? '' : text(m.enumValue(name, String(value)));
    },
    /** A file name or other literal, shown exactly as written (a code span: no typographic quotes). */
    literal: (...args) => {
      const v = params(args)[0];
      if (v === undefined || v === null) return '';
      // Used in table cells, where GFM needs a bar escaped even inside a code span.
      const raw = redactor.apply(String(v)).replace(/\n/g, ' ').replace(/\|/g, '\\|');
      const fence = '`'.repeat(Math.max(0, ...[...raw.matchAll(/`+/g)].map((x) => x[0].length)) + 1);
      return raw.startsWith('`') || raw.endsWith('`') ? `${fence} ${raw} ${fence}` : `${fence}${raw}${fence}`;
    },
    /** Plain text as written: Markdown characters in it are shown, not interpreted. */
    text: (...args) => text(params(args)[0]),
    /** A Markdown field of the case (summary, description, relief_sought). */
    md: (...args) => {
      const v = params(args)[0];
      return typeof v === 'string' ? redactor.apply(v).trim() : '';
    },
    /** Time in the case's zone with its offset; a date alone as a date. */
    datetime: (...args) => {
      const v = params(args)[0];
      return isTime(v) ? local(v) : '';
    },
    utc: (...args) => {
      const v = params(args)[0];
      if (!isTime(v)) return '';
      if (v.kind === 'date') return m.t('none');
      return f.utc(v);
    },
    date: (...args) => {
      const v = params(args)[0];
      if (typeof v === 'string') return local({ kind: 'date', text: v });
      return isTime(v) ? local(v, false) : '';
    },
    days: (...args) => f.days(Number(params(args)[0])),
    /** A count of people: "47", or an estimate: "at least 60" / "circa 60". */
    count: (...args) => {
      const [n, estimate] = params(args) as [number, 'at_least' | 'about' | null | undefined];
      const figure = f.number(Number(n));
      return estimate ? m.t(`count.${estimate}`, { n: figure }) : figure;
    },
    /** The vessel record's total as a sentence: "2 measures, 63 days held in all, fines of €13,300.00." */
    recordTotal: (...args) => {
      const totals = params(args)[0] as {
        count: number;
        days: number;
        held?: 'detention' | 'seizure' | 'both';
        fines: { amount: number; currency: string }[];
      };
      const measures = m.t(totals.count === 1 ? 'record.measures.one' : 'record.measures.other', {
        n: f.number(totals.count),
      });
      const fines = totals.fines.length
        ? m.t('record.fines', { amount: totals.fines.map((x) => f.money(x)).join(' + ') })
        : m.t('record.noFines');
      const held = m.t(`record.held.${totals.held ?? 'detention'}`);
      return m.t('record.totalSentence', { measures, days: f.days(totals.days), held, fines });
    },
    plural: (...args) => {
      const [n, one, other] = params(args) as [number, string, string];
      return f.choose(Number(n), one, other);
    },
    position: (...args) => {
      const p = params(args)[0] as Position | undefined;
      if (!p) return '';
      return (
        `${degreesMinutes(p.lat, 'N', 'S', 2)} ${degreesMinutes(p.lon, 'E', 'W', 3)} ` +
        `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)})`
      );
    },
    /** The search-and-rescue regions a position lies in, and a word where the file names another. */
    regions: (...args) => {
      const [place, written] = params(args) as [Place | undefined, string | undefined | null];
      if (!place) return '';
      const listed = place.regions.length
        ? place.regions.map((r) => text(m.enumValue('sar_region', r))).join(', ')
        : m.t('place.noRegion');
      const differs =
        written && written !== 'other' && written !== 'unknown' && !place.regions.includes(written as never);
      return differs
        ? `${listed}<br>${m.t('place.notWritten', { region: text(m.enumValue('sar_region', written)) })}`
        : listed;
    },
    /** "15.2 nm from the coast of Libya (near Zuwara)" */
    coast: (...args) => {
      const place = params(args)[0] as Place | undefined;
      if (!place) return '';
      const c = place.coast;
      if (!c) return m.t('place.unknownCoast');
      const values = { distance: f.number(c.distanceNm, 1), country: text(coastCountry(m.locale, c.country)) };
      const sentence = m.t(place.onLand ? 'place.inland' : 'place.coast', values);
      return c.near ? `${sentence} ${m.t('place.near', { port: text(c.near) })}` : sentence;
    },
    /** Territorial sea, contiguous zone or beyond, and the Gulf of Sirte where the zone is contested. */
    zone: (...args) => {
      const place = params(args)[0] as Place | undefined;
      if (!place) return '';
      if (place.onLand) return m.t('zone.onLand');
      if (!place.zone) return m.t('none');
      const zone = m.t(`zone.${place.zone}`);
      return place.gulfOfSirte ? `${zone}; ${m.t('zone.sirte')}` : zone;
    },
    money: (...args) => {
      const v = params(args)[0] as { amount: number; currency: string } | undefined;
      if (!v) return '';
      return f.money(v);
    },
    num: (...args) => f.number(Number(params(args)[0])),
    moneyList: (...args) => {
      const list = params(args)[0] as { amount: number; currency: string }[];
      if (!Array.isArray(list) || list.length === 0) return m.t('none');
      return list.map((v) => f.money(v)).join(' + ');
    },
    yesno: (...args) => {
      const v = params(args)[0];
      return v === undefined || v === null ? m.t('none') : m.t(v ? 'yes' : 'no');
    },
    /** A chronology event in words: "Violence: shots fired — Shots fired into the water". */
    event: (...args) => {
      const e = params(args)[0] as ChronologyEvent;
      const label = eventLabel(m, e, text);

      return e.detail ? `**${label}** · ${text(e.detail)}` : `**${label}**`;
    },
    /** References by id as their citations, the rest as written. */
    citations: (...args) => {
      const list = params(args)[0];
      return Array.isArray(list) ? list.map((id: string) => text(citationOf(dossier, id))).join('; ') : '';
    },
    /** A SHA-256 in four lines of 16 digits, so it fits a table column. */
    sha: (...args) => {
      const v = String(params(args)[0] ?? '');
      return /^[0-9a-f]{64}$/.test(v) ? (v.match(/.{16}/g) ?? []).join('<br>') : text(v);
    },
    /** How a computed deadline was counted, step by step, in the dossier's language. */
    counted: (...args) => {
      const deadline = params(args)[0] as Deadline | undefined;
      // Plain words: `t` escapes what it fills in.
      return deadline ? (describeDeadline(deadline, f) ?? '') : '';
    },
    /** The page an anchor begins on, filled in once the dossier is laid out. */
    page: (...args) => `\u27e6page:${String(params(args)[0])}\u27e7`,
    bytes: (...args) => f.size(Number(params(args)[0])),
    /** Cites an exhibit by its evidence index: numbered in order of first citation. */
    exhibit: (...args) => {
      const index = params(args)[0];
      return typeof index === 'number' ? exhibitToken(index) : '';
    },
    exhibits: (...args) => {
      const list = params(args)[0];
      return Array.isArray(list) ? list.map((i: number) => exhibitToken(i)).join(', ') : '';
    },
    /** "Witness 2: Anna Keller", or "Witness 1" alone where a public dossier must not name them. */
    witness: (...args) => {
      const w = params(args)[0] as WitnessEntry;
      const label = m.t('witness.placeholder', { n: w.number });
      return w.alias === undefined ? `${label}: ${text(w.name)}` : label;
    },
    /** An organisation or vessel by id, or the name as written. */
    entity: (...args) => text(nameOf(dossier, String(params(args)[0] ?? ''))),
    join: (...args) => {
      const [list, sep] = params(args) as [unknown[], string];
      return Array.isArray(list) ? list.map(text).join(typeof sep === 'string' ? sep : ', ') : '';
    },
    /** Several items one to a line, each after a dash, in a table cell; a single one as written. */
    lines: (...args) => {
      const list = params(args)[0];
      if (!Array.isArray(list)) return '';
      return list.length === 1 ? text(list[0]) : list.map((item) => `– ${text(item)}`).join('<br>');
    },
    eq: (...args) => {
      const [a, b] = params(args);
      return a === b;
    },
    or: (...args) => params(args).find(Boolean) ?? '',
  };
}

/** 33°14.07′N: degrees, then minutes to two decimals, carrying 60.00 into the degree. */
export function degreesMinutes(value: number, positive: string, negative: string, width: number): string {
  const hemisphere = value < 0 ? negative : positive;
  let abs = Math.abs(value);
  let degrees = Math.floor(abs);
  let minutes = Math.round((abs - degrees) * 60 * 100) / 100;
  if (minutes >= 60) {
    degrees += 1;
    minutes = 0;
  }
  abs = degrees;
  return `${String(abs).padStart(width, '0')}°${minutes.toFixed(2).padStart(5, '0')}′${hemisphere}`;
}

/** The calendar day of an instant in a zone. */
function instantDay(at: Instant, zone: string): string {
  return DateTime.fromMillis(at.epochMs, { zone }).toISODate()!;
}
