import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import {
  LOCALE_CHANGE_EVENT,
  formatNumber,
  formatPlural,
  formatString,
  requestLocale,
  resolveStrings,
  type CommentStrings,
  type PluralStrings,
  type StringOverrides,
} from '../locale/localize.js';

export interface LocalizeHost extends ReactiveControllerHost, HTMLElement {
  /** Per-element overrides of the strings table. */
  strings?: StringOverrides | null;
}

/**
 * The language of `element`: its own `lang`, else the nearest ancestor's, across shadow roots. A
 * `lang` that `Intl` refuses is passed over (it would throw while rendering a date or a number),
 * but for the common `en_US`, read as `en-US`.
 */
export function languageOf(element: Element): string {
  // A server sees no ancestors: the element's own `lang` is all there is.
  if (isServer) return usableLanguage(element.getAttribute('lang') ?? '') ?? 'en';
  let current: Element | null = element;
  while (current) {
    const withLang: Element | null = current.closest('[lang]');
    const lang = withLang && usableLanguage(withLang.getAttribute('lang')!);
    if (lang) return lang;
    current = withLang?.parentElement ?? hostOf(withLang ?? current);
  }
  return 'en';
}

const hostOf = (element: Element): Element | null => {
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
};

const usable = new Map<string, string | null>();
/** `lang` if `Intl` takes it, else with `_` read as `-` if it takes that; else null (and for ""). */
function usableLanguage(lang: string): string | null {
  let found = usable.get(lang);
  if (found === undefined) {
    found = null;
    for (const tag of lang ? [lang, lang.replaceAll('_', '-')] : []) {
      try {
        Intl.getCanonicalLocales(tag);
        found = tag;
        break;
      } catch {
        // Not a language tag: the next reading, or none.
      }
    }
    usable.set(lang, found);
  }
  return found;
}

/**
 * Gives an element its strings: the table for its language with the element's
 * own overrides, re-read on each update so a changed `lang` or `strings` shows.
 */
export class LocalizeController implements ReactiveController {
  readonly #host: LocalizeHost;
  readonly #part?: object;
  #cache?: { lang: string; overrides: StringOverrides | null | undefined; strings: CommentStrings; parts: Map<object, CommentStrings> };

  /**
   * @param part The English strings the host shows beyond a thread's (`en-form.ts` for the form and
   *   the login picker): they load with the host's code, not with a thread's first load.
   */
  constructor(host: LocalizeHost, part?: object) {
    this.#host = host;
    this.#part = part;
    host.addController(this);
  }

  get lang(): string {
    return languageOf(this.#host);
  }

  /** Right-to-left for the current language (Arabic, Hebrew, Persian, Urdu…). */
  get dir(): 'ltr' | 'rtl' {
    const base = this.lang.toLowerCase().split('-')[0];
    return ['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb'].includes(base) ? 'rtl' : 'ltr';
  }

  /**
   * The host's strings: its language's table over English, its own overrides over that. English
   * is a thread's part (`en-reader.ts`) and the host's own (`part`); a key of another part (the
   * form's in a thread) is missing until read through `stringsWith`.
   */
  get strings(): CommentStrings {
    const lang = this.lang;
    const overrides = this.#host.strings;
    if (!this.#cache || this.#cache.lang !== lang || this.#cache.overrides !== overrides) {
      this.#cache = { lang, overrides, strings: resolveStrings(lang, overrides, this.#part), parts: new Map() };
      // A language not registered yet: fetched if a loader is set (the script-tag bundle's).
      if (!isServer) requestLocale(lang);
    }
    return this.#cache.strings;
  }

  /**
   * The strings with another part of the English table under them (`en-dialogs.ts` for a comment's
   * delete and report dialogs, which load on demand): the same language and overrides as
   * `strings`, kept until those change. `strings` itself stays as it was, so nothing that
   * depends on it renders again.
   */
  stringsWith(part: object): CommentStrings {
    const own = this.strings; // brings the cache up to date with the language and overrides
    if (part === this.#part) return own;
    const { lang, overrides, parts } = this.#cache!;
    let strings = parts.get(part);
    if (!strings) parts.set(part, (strings = resolveStrings(lang, overrides, part)));
    return strings;
  }

  /** A string from the table with its placeholders filled. */
  t<K extends { [P in keyof CommentStrings]: CommentStrings[P] extends string ? P : never }[keyof CommentStrings]>(
    key: K,
    params?: Record<string, string | number>,
  ): string {
    return formatString(this.strings[key] as string, params);
  }

  /** A number as the language writes it. */
  number(value: number): string {
    return formatNumber(value, this.lang);
  }

  /** A plural entry from the table for `count`. */
  plural(entry: PluralStrings, count: number, params?: Record<string, string | number>): string {
    return formatPlural(entry, count, this.lang, params);
  }

  /** A language registered (or extended) later: show it. */
  #onLocaleChange = () => {
    this.#cache = undefined;
    this.#host.requestUpdate();
  };

  hostConnected(): void {
    this.#cache = undefined;
    globalThis.addEventListener?.(LOCALE_CHANGE_EVENT, this.#onLocaleChange);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.(LOCALE_CHANGE_EVENT, this.#onLocaleChange);
  }
}
