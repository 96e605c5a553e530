import type { HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';
import { citationOf, nameOf, type ChronologyEvent, type Dossier, type WitnessEntry } from '../assemble/model.js';
import type { CalendarDate, Instant, Position } from '../check/values.js';
import { eventLabel, isEnumName, isMessageKey, type MessageKey, type Messages } from '../i18n/locales.js';
import { escapeMarkdown } from './markdown.js';
import type { Redactor } from '../redact/redactor.js';

/** Marks where a template cites an exhibit; replaced by "Exhibit N" once numbers are known. */
export const exhibitToken = (index: number) => `\u27e6x:${index}\u27e7`;
export const EXHIBIT_TOKEN = /\u27e6x:(\d+)\u27e7/g;

type Helper = (...args: unknown[]) => unknown;

const DATE = "d'\u00a0'LLL'\u00a0'yyyy";

const isTime = (v: unknown): v is Instant | CalendarDate =>
  typeof v === 'object' && v !== null && ((v as Instant).kind === 'instant' || (v as CalendarDate).kind === 'date');

/** Helpers for templates: every value a template prints passes through one of them. */
export function helpers(dossier: Dossier, m: Messages, redactor: Redactor): Record<string, Helper> {
  const zone = dossier.zone;
  const hash = (args: unknown[]) => ((args.at(-1) as HelperOptions | undefined)?.hash ?? {}) as Record<string, unknown>;
  const params = (args: unknown[]) => args.slice(0, -1);
  // Every value from the case's files passes through here: redacted first in a public dossier.
  const text = (v: unknown) => (v === undefined || v === null ? '' : escapeMarkdown(redactor.apply(String(v))));

  // Formatting dates with luxon costs more than laying them out: each is formatted once.
  const formatted = new Map<string, string>();
  const local = (at: Instant | CalendarDate, withTime = true) => {
    const key = `${at.kind === 'date' ? at.text : at.epochMs}|${withTime}`;
    let text = formatted.get(key);
    if (text === undefined) {
      text = formatLocal(at, withTime);
      formatted.set(key, text);
    }
    return text;
  };
  const formatLocal = (at: Instant | CalendarDate, withTime: boolean) => {
    // No-break spaces keep "25 Mar 2023" and "08:42 (UTC+01:00)" whole in narrow columns.
    if (at.kind === 'date') return DateTime.fromISO(at.text, { zone: 'UTC' }).setLocale(m.tag).toFormat(DATE);
    const dt = DateTime.fromMillis(at.epochMs, { zone }).setLocale(m.tag);
    return withTime
      ? `${dt.toFormat(DATE)}, ${dt.toFormat('HH:mm')}\u00a0(UTC${dt.toFormat('ZZ')})`
      : dt.toFormat(DATE);
  };

  return {
    /** Fixed words: {{t "section.facts"}}, {{t "record.total" count=3}}. Values are escaped. */
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
      const dt = DateTime.fromMillis(v.epochMs, { zone: 'UTC' }).setLocale(m.tag);
      return `${dt.toFormat(DATE)}, ${dt.toFormat('HH:mm')}\u00a0UTC`;
    },
    date: (...args) => {
      const v = params(args)[0];
      if (typeof v === 'string') return local({ kind: 'date', text: v });
      return isTime(v) ? local(v, false) : '';
    },
    days: (...args) => {
      const n = Number(params(args)[0]);
      return m.locale === 'it' ? `${n} ${n === 1 ? 'giorno' : 'giorni'}` : `${n} ${n === 1 ? 'day' : 'days'}`;
    },
    plural: (...args) => {
      const [n, one, other] = params(args) as [number, string, string];
      return new Intl.PluralRules(m.tag).select(Number(n)) === 'one' ? one : other;
    },
    position: (...args) => {
      const p = params(args)[0] as Position | undefined;
      if (!p) return '';
      return (
        `${degreesMinutes(p.lat, 'N', 'S', 2)} ${degreesMinutes(p.lon, 'E', 'W', 3)} ` +
        `(${p.lat.toFixed(5)}, ${p.lon.toFixed(5)})`
      );
    },
    money: (...args) => {
      const v = params(args)[0] as { amount: number; currency: string } | undefined;
      if (!v) return '';
      return new Intl.NumberFormat(m.tag, { style: 'currency', currency: v.currency }).format(v.amount);
    },
    num: (...args) => new Intl.NumberFormat(m.tag).format(Number(params(args)[0])),
    moneyList: (...args) => {
      const list = params(args)[0] as { amount: number; currency: string }[];
      if (!Array.isArray(list) || list.length === 0) return m.t('none');
      return list
        .map((v) => new Intl.NumberFormat(m.tag, { style: 'currency', currency: v.currency }).format(v.amount))
        .join(' + ');
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
    /** How a computed deadline was counted. */
    basis: (...args) => {
      const b = params(args)[0] as { days: number; from: string; date: string };
      return m.t('appeal.computed', {
        days: b.days,
        from: m.t(`basis.${b.from}` as MessageKey),
        date: local({ kind: 'date', text: b.date }),
      });
    },
    /** The page an anchor begins on, filled in once the dossier is laid out. */
    page: (...args) => `\u27e6page:${String(params(args)[0])}\u27e7`,
    bytes: (...args) => formatBytes(Number(params(args)[0]), m.tag),
    /** Cites an exhibit by its evidence index: numbered in order of first citation. */
    exhibit: (...args) => {
      const index = params(args)[0];
      return typeof index === 'number' ? exhibitToken(index) : '';
    },
    exhibits: (...args) => {
      const list = params(args)[0];
      return Array.isArray(list) ? list.map((i: number) => exhibitToken(i)).join(', ') : '';
    },
    /** A witness's name, or "Witness N" where a public dossier must not name them. */
    witness: (...args) => {
      const w = params(args)[0] as WitnessEntry;
      return w.alias === undefined ? text(w.name) : m.t('witness.placeholder', { n: w.alias });
    },
    /** An organisation or vessel by id, or the name as written. */
    entity: (...args) => text(nameOf(dossier, String(params(args)[0] ?? ''))),
    join: (...args) => {
      const [list, sep] = params(args) as [unknown[], string];
      return Array.isArray(list) ? list.map(text).join(typeof sep === 'string' ? sep : ', ') : '';
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

function formatBytes(bytes: number, tag: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const rounded = new Intl.NumberFormat(tag, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${rounded.format(value)} ${units[unit]} (${new Intl.NumberFormat(tag).format(bytes)} bytes)`;
}
