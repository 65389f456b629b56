import { ProviderError } from '../errors.js';
import { delay } from '../core/delay.js';
import { buildUrl, errorFromFailure, errorFromResponse, retryDelay, type BackoffOptions, type QueryValue } from './rest-http.js';

/** One request of the REST contract: method, path segments under the endpoint, query, JSON body. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  segments: string[];
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** What a successful request gives: the parsed JSON (undefined for an empty body) and the response. */
export interface RestAnswer {
  data: unknown;
  response: Response;
}

/** How the transport sends (see `RestProviderOptions` for each). */
export interface RestTransportOptions {
  endpoint: string;
  fetch: typeof fetch;
  credentials: RequestCredentials;
  headers: Record<string, string>;
  retries: number;
  backoff: BackoffOptions;
  maxRetryWait: number;
  readTimeout: number;
  writeTimeout: number;
}

/**
 * JSON over `fetch` for `RestProvider`: every request honours its `AbortSignal` and a timeout of
 * its own; reads are retried with backoff while the error may pass (rest-http.ts `retryDelay`),
 * writes are sent once; a failure becomes the contract's error (`errorFromResponse`,
 * `errorFromFailure`).
 */
export class RestTransport {
  readonly #options: RestTransportOptions;

  constructor(options: RestTransportOptions) {
    this.#options = options;
  }

  /** A read: retried with backoff while the error may pass and the caller has not given up. */
  async read(spec: RequestSpec): Promise<RestAnswer> {
    const options = this.#options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#send(spec, options.readTimeout);
      } catch (thrown) {
        const error = thrown instanceof ProviderError ? thrown : errorFromFailure(thrown, { aborted: false, timedOut: false });
        const wait = retryDelay(error, attempt, { retries: options.retries, maxWaitMs: options.maxRetryWait, ...options.backoff });
        if (wait === null || spec.signal?.aborted) throw error;
        await delay(wait, spec.signal);
      }
    }
  }

  /** A write: one attempt; the caller retries with the same idempotency key. */
  write(spec: RequestSpec): Promise<RestAnswer> {
    return this.#send(spec, this.#options.writeTimeout);
  }

  async #send(spec: RequestSpec, timeout: number): Promise<RestAnswer> {
    const { signal } = spec;
    if (signal?.aborted) throw new ProviderError('aborted', 'The request was cancelled.');
    const controller = new AbortController();
    const reason = { aborted: false, timedOut: false };
    const onAbort = () => {
      reason.aborted = true;
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeout > 0
        ? setTimeout(() => {
            reason.timedOut = true;
            controller.abort();
          }, timeout)
        : undefined;
    try {
      const headers: Record<string, string> = { Accept: 'application/json', ...this.#options.headers, ...spec.headers };
      const init: RequestInit = { method: spec.method, headers, credentials: this.#options.credentials, signal: controller.signal };
      if (spec.body !== undefined || spec.method === 'POST' || spec.method === 'PATCH') {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(spec.body ?? {});
      }
      let response: Response;
      let text: string;
      try {
        response = await this.#options.fetch(buildUrl(this.#options.endpoint, spec.segments, spec.query ?? {}), init);
        text = await response.text();
      } catch (thrown) {
        throw errorFromFailure(thrown, reason);
      }
      let data: unknown = undefined;
      if (text) {
        try {
          data = JSON.parse(text);
        } catch {
          if (response.ok) throw new ProviderError('unknown', 'The server answered with something that is not JSON.');
        }
      }
      if (!response.ok) throw errorFromResponse(response.status, data, response.headers.get('retry-after'));
      return { data, response };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
