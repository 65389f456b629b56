import type { ProviderErrorCode } from '../types.js';
import type { CommentStrings } from './en.js';
import { enReader } from './en-reader.js';

export type { CommentStrings };

/** A plural entry: one text per `Intl.PluralRules` category, `zero` for 0. */
export type PluralStrings = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Per-element overrides: any subset of the table (nested groups merge). */
export type StringOverrides = {
  [K in keyof CommentStrings]?: CommentStrings[K] extends string ? string : Partial<CommentStrings[K]>;
};

const tables = new Map<string, StringOverrides>([['en', enReader]]);

/**
 * Adds or extends the strings of a language (`de`, `pt-BR`…). Missing keys
 * fall back to the base language, then to English.
 */
export function registerLocale(lang: string, strings: StringOverrides): void {
  const key = lang.toLowerCase();
  tables.set(key, mergeStrings(tables.get(key) ?? {}, strings) as StringOverrides);
  // Elements already shown re-render in the language that just arrived.
  globalThis.dispatchEvent?.(new Event(LOCALE_CHANGE_EVENT));
}

let localeLoader: ((lang: string) => Promise<unknown>) | undefined;
const requested = new Set<string>();

/**
 * Sets how a language without a registered table is fetched (`loadLocale` from `./load.js`: each
 * bundled language is a chunk that only pages in that language load). The script-tag bundle sets
 * it; without it, a language nobody registered shows in English.
 */
export function setLocaleLoader(load: ((lang: string) => Promise<unknown>) | undefined): void {
  localeLoader = load;
  requested.clear();
}

/**
 * Asks the loader, once per language, for `lang`'s table when none is registered; elements
 * re-render in it when it arrives (`registerLocale` fires the change event).
 */
export function requestLocale(lang: string): void {
  const base = lang.toLowerCase().split('-')[0];
  if (!localeLoader || !base || base === 'en' || tables.has(base) || requested.has(base)) return;
  requested.add(base);
  localeLoader(base).catch(() => requested.delete(base));
}

/** Fired on `window` when a language is registered or extended. */
export const LOCALE_CHANGE_EVENT = 'comment-thread-locale';

function mergeStrings(base: object, extra: object): object {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] =
      typeof value === 'object' && value !== null && typeof current === 'object' && current !== null
        ? { ...current, ...value }
        : value;
  }
  return result;
}

/**
 * The full table for a language: English, then the base language, then the region, then overrides.
 * English is the reader's part (`./en-reader.ts`, what a thread's first load carries) with `part`
 * over it: the form's or the comment dialogs' strings (`./en-form.ts`, `./en-dialogs.ts`), passed
 * by the code that shows them and loads with them.
 */
export function resolveStrings(lang: string, overrides?: StringOverrides | null, part?: object): CommentStrings {
  const lower = lang.toLowerCase();
  const base = lower.split('-')[0];
  let table: object = part ? mergeStrings(enReader, part) : enReader;
  if (base !== 'en' && tables.has(base)) table = mergeStrings(table, tables.get(base)!);
  if (lower !== base && tables.has(lower)) table = mergeStrings(table, tables.get(lower)!);
  if (overrides) table = mergeStrings(table, overrides);
  return table as CommentStrings;
}

/** Fills `{name}` placeholders; unknown placeholders stay as written. */
export function formatString(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) =>
    Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : match,
  );
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as `lang` writes it (Arabic digits in Arabic…). */
export function formatNumber(value: number, lang: string): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang)));
  return format.format(value);
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** Picks the plural form for `count` in `lang` and fills it (`{count}` is formatted with `Intl`). */
export function formatPlural(
  entry: PluralStrings,
  count: number,
  lang: string,
  params: Record<string, string | number> = {},
): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  const template = (count === 0 && entry.zero) || entry[rules.select(count)] || entry.other;
  return formatString(template, { ...params, count: formatNumber(count, lang) });
}

/** The localised text for a provider error code. */
export function errorText(strings: CommentStrings, code: ProviderErrorCode, retryAfter?: number): string {
  if (code === 'rate_limited' && retryAfter !== undefined && retryAfter > 0) {
    return formatString(strings.errors.rate_limited_seconds, { seconds: Math.ceil(retryAfter) });
  }
  return strings.errors[code] ?? strings.errors.unknown;
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

// Building an Intl formatter costs far more than using one: one per language, reused.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();
function cachedFormat<T>(cache: Map<string, T>, lang: string, make: () => T): T {
  let format = cache.get(lang);
  if (!format) cache.set(lang, (format = make()));
  return format;
}

/** "3 days ago", "yesterday", "in 2 hours": the largest unit that fits, through `Intl`. */
export function formatRelativeTime(date: Date, lang: string, now: number = Date.now()): string {
  const seconds = (date.getTime() - now) / 1000;
  const format = cachedFormat(relativeFormats, lang, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

/** The full date and time, for the hover title. */
export function formatAbsoluteTime(date: Date, lang: string): string {
  return cachedFormat(absoluteFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' })).format(date);
}
