import { ProviderError, toProviderError } from '../errors.js';
import { restUrl } from './wordpress-mapping.js';
import type { WordPressProviderOptions } from './wordpress-options.js';

/** What the WordPress REST API answered: status, headers and the parsed JSON body (null when none). */
export interface WordPressAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** How the client authenticates and sends: the provider's options of those names. */
export type WordPressHttpOptions = Pick<WordPressProviderOptions, 'endpoint' | 'nonce' | 'applicationPassword' | 'credentials' | 'fetch'>;

export type WordPressParams = Record<string, string | number | undefined>;

/**
 * The WordPress REST API over `fetch`: credentials (a nonce or an Application Password, dropped
 * once the reader signed out), JSON in and out, and transport failures as the contract's errors.
 * HTTP error statuses are answers, not throws: the provider maps them (`toWordPressError`).
 */
export class WordPressHttp {
  readonly #options: WordPressHttpOptions;
  readonly #fetch: typeof fetch;
  /** After `signOut` the page's credentials are no longer sent. */
  signedOut = false;

  constructor(options: WordPressHttpOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Whether requests carry the reader's credentials (a nonce or an Application Password). */
  get authenticated(): boolean {
    return !this.signedOut && Boolean(this.#options.nonce || this.#options.applicationPassword);
  }

  #headers(withNonce: boolean): Headers {
    const headers = new Headers({ accept: 'application/json' });
    if (this.signedOut) return headers;
    const password = this.#options.applicationPassword;
    if (password) {
      const bytes = new TextEncoder().encode(`${password.username}:${password.password}`);
      headers.set('authorization', `Basic ${btoa(String.fromCharCode(...bytes))}`);
    } else if (withNonce && this.#options.nonce) {
      headers.set('x-wp-nonce', this.#options.nonce);
    }
    return headers;
  }

  /** One request; throws only for transport failures and aborts (see {@link transportError}). */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    route: string,
    params: WordPressParams,
    { signal, json, withNonce = true }: { signal?: AbortSignal; json?: unknown; withNonce?: boolean } = {},
  ): Promise<WordPressAnswer> {
    const headers = this.#headers(withNonce);
    if (json !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await this.#fetch(restUrl(this.#options.endpoint, route, params), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        credentials: this.#options.credentials ?? (this.#options.nonce && !this.signedOut ? 'include' : 'same-origin'),
        signal,
      });
    } catch (thrown) {
      throw transportError(thrown, signal);
    }
    let body: unknown = null;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (thrown) {
      if (signal?.aborted) throw transportError(thrown, signal);
      // Not JSON: a proxy's or PHP's error page. The status still says what happened.
      body = null;
    }
    return { status: response.status, headers: response.headers, body };
  }

  /** GET that falls back to an anonymous read when a cached page's nonce has expired. */
  async get(route: string, params: WordPressParams, signal?: AbortSignal): Promise<WordPressAnswer> {
    const answer = await this.request('GET', route, params, { signal });
    const code = (answer.body as { code?: unknown } | null)?.code;
    if (answer.status === 403 && code === 'rest_cookie_invalid_nonce') {
      return this.request('GET', route, params, { signal, withNonce: false });
    }
    return answer;
  }
}

/**
 * A failure to reach WordPress (or an abort) as the contract's error: the element's own abort
 * reason (timeout, cancelled) when it aborted, else `network`.
 */
export function transportError(thrown: unknown, signal?: AbortSignal): ProviderError {
  if (signal?.aborted) {
    // The element aborts with its own ProviderError (timeout, cancelled); a bare abort() gives a
    // DOMException, whose numeric `code` is not the contract's.
    const reason: unknown = signal.reason;
    if (reason instanceof ProviderError) return reason;
    const known = toProviderError(reason);
    const code = known.code === 'timeout' ? 'timeout' : 'aborted';
    return new ProviderError(code, known.message ?? 'The call was cancelled.', { cause: reason });
  }
  const error = toProviderError(thrown);
  if (error.code === 'aborted' || error.code === 'timeout') return new ProviderError(error.code, error.message, { cause: thrown });
  return new ProviderError('network', `Could not reach WordPress: ${error.message ?? 'network error'}`, { cause: thrown });
}

/** WordPress ids are positive integers: anything else names no post or comment there. */
export function isWordPressId(value: string): boolean {
  return /^[1-9]\d*$/.test(value);
}
