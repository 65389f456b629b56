import type { LitElement } from 'lit';
import { DEFAULT_TIMEOUT_MS } from '../core/call.js';
import type { StringOverrides } from '../locale/localize.js';
import type { CommentDataProvider } from '../types.js';

/*
 * (Declared through `static properties`, not decorators: one helper less in the first load.)
 *
 * The properties the elements share, each declared and documented once here. The custom elements
 * manifest (`npm run analyze`) lists them on every element that applies a mixin, as inherited.
 * Which element has which:
 *   provider, provider (attribute), endpoint, timeout — all five elements;
 *   theme — all but <comment-count> (which is inline text);
 *   strings — all but <comment-moderation> (whose strings are its own table).
 */

// Mixins take any constructor, as TypeScript requires of a mixin's parameter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = object> = new (...args: any[]) => T;

/** The provider an element talks to, and how long a call may take. */
export declare class ProviderPropertiesInterface {
  provider?: CommentDataProvider;
  providerName?: string;
  endpoint?: string;
  timeout: number;
}

/**
 * Adds the provider properties every element has: `provider` (an object; it wins), the
 * `provider` attribute (a registered factory's name), `endpoint`, and `timeout`.
 */
export const ProviderPropertiesMixin = <T extends Constructor<LitElement>>(superClass: T) => {
  class ProviderPropertiesElement extends superClass {
    /** @internal */
    static properties = {
      provider: { attribute: false },
      providerName: { attribute: 'provider' },
      endpoint: {},
      timeout: { type: Number },
    };

    /** The data provider. Wins over the `provider` attribute and over an ancestor's provider. */
    declare provider?: CommentDataProvider;

    /** The name of a registered provider factory (`memory`, `rest`, `wordpress`, or your own). */
    declare providerName?: string;

    /** The endpoint handed to the named provider factory. */
    declare endpoint?: string;

    /** Milliseconds before a provider call counts as failed. */
    timeout = DEFAULT_TIMEOUT_MS;
  }
  return ProviderPropertiesElement as Constructor<ProviderPropertiesInterface> & T;
};

/** An element's colour scheme. */
export declare class ThemePropertyInterface {
  theme?: 'light' | 'dark' | 'auto';
}

/** Adds `theme`, reflected to the attribute the styles select on. */
export const ThemePropertyMixin = <T extends Constructor<LitElement>>(superClass: T) => {
  class ThemePropertyElement extends superClass {
    /** @internal */
    static properties = { theme: { reflect: true } };

    /**
     * Colour scheme: unset inherits the page's colours; `light` or `dark` fixes one (and paints a
     * background); `auto` follows the page's `color-scheme` and the reader's `prefers-color-scheme`.
     */
    declare theme?: 'light' | 'dark' | 'auto';
  }
  return ThemePropertyElement as Constructor<ThemePropertyInterface> & T;
};

/** An element's overrides of the readers' strings. */
export declare class StringsPropertyInterface {
  strings?: StringOverrides | null;
}

/** Adds `strings`: overrides of the locale table's strings. */
export const StringsPropertyMixin = <T extends Constructor<LitElement>>(superClass: T) => {
  class StringsPropertyElement extends superClass {
    /** @internal */
    static properties = { strings: { attribute: false } };

    /**
     * Overrides for any of the element's strings, per key of the locale table (`<comment-thread>`
     * hands its own to the form and picker inside it).
     */
    declare strings?: StringOverrides | null;
  }
  return StringsPropertyElement as Constructor<StringsPropertyInterface> & T;
};
