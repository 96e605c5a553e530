import { z } from './zod.js';

/** The languages a free text may be written in (format.md: `title: { it: ..., en: ... }`). */
export const TEXT_LOCALES = ['en', 'it'] as const;
export type TextLocale = (typeof TEXT_LOCALES)[number];

/** A free text written once per language, in the order the file gives them. */
export class LocalTexts {
  constructor(readonly texts: Readonly<Partial<Record<TextLocale, string>>>) {}

  /** The text in a language, else the first one given (and whether it is in another language). */
  pick(locale: TextLocale): { text: string; other: boolean } {
    const own = this.texts[locale];
    if (own !== undefined) return { text: own, other: false };
    return { text: Object.values(this.texts)[0] ?? '', other: true };
  }

  has(locale: TextLocale): boolean {
    return this.texts[locale] !== undefined;
  }
}

/** A free-text field: written once (a string), or once per language (a mapping of locale to text). */
export function localText(base: z.ZodType<string>) {
  const perLanguage = z
    .strictObject({ en: base.optional(), it: base.optional() })
    .refine((m) => Object.values(m).some((v) => v !== undefined), {
      error: 'write the text, or one entry per language such as { it: ..., en: ... }',
    })
    .transform((m) => new LocalTexts(Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined))));
  return z.union([base, perLanguage]);
}

export type LocalText = string | LocalTexts;

/** A value with every free text resolved to one language's string. */
export type Localised<T> = T extends LocalTexts
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Localised<U>[]
      : T extends object
        ? { [K in keyof T]: Localised<T[K]> }
        : T;

/** The text of a free-text field in a language (the first one given when it lacks that language). */
export function textIn(value: LocalText, locale: TextLocale): string;
export function textIn(value: LocalText | undefined, locale: TextLocale): string | undefined;
export function textIn(value: LocalText | undefined, locale: TextLocale): string | undefined {
  return value instanceof LocalTexts ? value.pick(locale).text : value;
}

/**
 * A copy of a checked value with each free text in one language. `other` counts the texts that
 * had no version in that language (the first one given was taken), for the build's warning.
 */
export function localise<T>(value: T, locale: TextLocale, other: { count: number }): Localised<T> {
  if (value instanceof LocalTexts) {
    const picked = value.pick(locale);
    if (picked.other) other.count++;
    return picked.text as Localised<T>;
  }
  if (Array.isArray(value)) return value.map((v) => localise(v, locale, other)) as Localised<T>;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = localise(v, locale, other);
    return out as Localised<T>;
  }
  return value as Localised<T>;
}

/** Every free text of a value that has no version in a language, with its field path. */
export function textsLacking(
  value: unknown,
  locale: TextLocale,
  path: (string | number)[] = [],
  found: (string | number)[][] = [],
): (string | number)[][] {
  // One path walked in place and copied only where a text lacks the language: every file is
  // walked on every check, and most have nothing to report.
  if (value instanceof LocalTexts) {
    if (!value.has(locale)) found.push([...path]);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      textsLacking(value[i], locale, path, found);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      path.push(k);
      textsLacking((value as Record<string, unknown>)[k], locale, path, found);
      path.pop();
    }
  }
  return found;
}
