import { withoutEndpoint } from './rest-factory.js';
import { ProviderError } from '../errors.js';
import type {
  CommentChange,
  SubscribeOptions,
  CommentDataProvider,
  CommentDraft,
  CommentPage,
  CommentRecord,
  Identity,
  IdentityOption,
  ListOptions,
  ThreadInfo,
} from '../types.js';
import {
  backoffDelay,
  buildUrl,
  errorFromFailure,
  errorFromResponse,
  retryDelay,
  type BackoffOptions,
  type QueryValue,
} from './rest-http.js';
import { markBrowserOptions, signInThroughBrowser, takeReturnedSignIn, type ReturnedSignIn } from './rest-sign-in.js';
import { SessionToken, takeReturnedTicket } from './rest-token.js';

/** The `EventSource` constructor, or one with the same shape (for other runtimes). */
export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSource;

export interface RestProviderOptions {
  /** The API's base URL, e.g. `https://example.com/api` (relative URLs resolve against the page). */
  endpoint: string;
  /** The `fetch` to use; default the global one. */
  fetch?: typeof fetch;
  /** The `EventSource` to use for live updates; default the global one; `null` turns live updates off. */
  EventSource?: EventSourceConstructor | null;
  /** Cookies travel with every request (the identity session); default `include` (`omit` with `session: 'token'`). */
  credentials?: RequestCredentials;
  /**
   * How the signed-in session travels: `cookie` (default; the API on the page's own site, e.g.
   * behind a reverse proxy) or `token` for an API on another site, where WebKit and Firefox block
   * its cookies: the sign-in hands over a one-time ticket, redeemed for a bearer token kept in
   * the tab's sessionStorage and sent as `Authorization: Bearer` (see rest-token.ts).
   */
  session?: 'cookie' | 'token';
  /** Extra headers on every request (an API key, say). */
  headers?: Record<string, string>;
  /** How many times a read is retried after a network error, a timeout, a 5xx or a 429. Default 3. Writes never are. */
  retries?: number;
  /** The retry schedule (exponential with jitter). */
  backoff?: BackoffOptions;
  /** A `Retry-After` longer than this (ms) is not waited for: the error goes to the reader. Default 5000. */
  maxRetryWait?: number;
  /** Milliseconds one read attempt may take before it is abandoned and retried. Default 5000. */
  readTimeout?: number;
  /** Milliseconds a write may take before it fails with `timeout`. Default 15000 (0: no limit of its own). */
  writeTimeout?: number;
  /** The largest `limit` the server takes (the reference server: 100); larger requests ask for this many. */
  maxPageSize?: number;
}

interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  segments: string[];
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves after `ms`, or rejects `aborted` as soon as the signal fires. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ProviderError('aborted', 'The request was cancelled.'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 'The request was cancelled.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One live connection per thread, shared by every subscriber: an
 * `EventSource` on `/threads/{id}/events` that, when the connection drops,
 * reopens with backoff and `lastEventId`, so the server replays what was
 * missed; events already delivered are dropped by id. When more was missed
 * than the server replays, it sends `reload`: each subscriber's `onReset` runs.
 * A server shutting down sends `reconnect` with `{ retryMs }`: it reopens after that long.
 */
class LiveChannel {
  readonly listeners = new Set<(change: CommentChange) => void>();
  /** Each listener's `onReset`, called when the server says to load the thread again. */
  readonly resets = new Map<(change: CommentChange) => void, (() => void) | undefined>();
  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #closed = false;
  #lastId: number | null;
  /** How many times the connection was opened again after a drop (for tests and diagnostics). */
  reconnects = 0;

  constructor(
    private readonly url: (lastEventId: number | null) => string,
    private readonly EventSourceClass: EventSourceConstructor,
    private readonly withCredentials: boolean,
    startAfter: number | null,
  ) {
    this.#lastId = startAfter;
    this.#open();
  }

  #open(): void {
    if (this.#closed) return;
    const source = new this.EventSourceClass(this.url(this.#lastId), { withCredentials: this.withCredentials });
    this.#source = source;
    source.addEventListener('ready', (event) => {
      this.#attempt = 0;
      this.#advance((event as MessageEvent).lastEventId);
    });
    source.addEventListener('reload', (event) => {
      // More was missed than the server replays: every subscriber loads the thread again.
      this.#advance((event as MessageEvent).lastEventId);
      for (const reset of [...this.resets.values()]) reset?.();
    });
    source.addEventListener('change', (event) => {
      const message = event as MessageEvent<string>;
      if (!this.#advance(message.lastEventId)) return;
      let change: unknown;
      try {
        change = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!isObject(change) || (change.type !== 'added' && change.type !== 'updated' && change.type !== 'removed')) return;
      for (const listener of [...this.listeners]) listener(change as unknown as CommentChange);
    });
    source.addEventListener('reconnect', (event) => {
      // The server is shutting down (or moving readers): reopen after the delay it asks for,
      // which it spreads over its readers, without counting it as a failure.
      let wait = 1000;
      try {
        const asked = (JSON.parse((event as MessageEvent<string>).data) as { retryMs?: unknown }).retryMs;
        if (typeof asked === 'number' && Number.isFinite(asked)) wait = Math.min(Math.max(asked, 0), 60_000);
      } catch {
        // no usable delay: the default
      }
      source.close();
      if (this.#closed || this.#source !== source) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.reconnects++;
        this.#open();
      }, wait);
    });
    source.addEventListener('error', () => {
      // Reopen ourselves rather than rely on the browser's reconnect: it gives
      // up on an HTTP error, and ours sends the id we last saw in the URL.
      source.close();
      if (this.#closed || this.#source !== source) return;
      this.#timer = setTimeout(() => {
        this.reconnects++;
        this.#open();
      }, backoffDelay(this.#attempt++, { baseMs: 500, maxMs: 10_000 }));
    });
  }

  /** Moves the last-seen id forward; false when `id` was already seen (a duplicate). */
  #advance(id: string): boolean {
    if (!/^\d+$/.test(id)) return true;
    const value = Number(id);
    if (this.#lastId !== null && value <= this.#lastId) return false;
    this.#lastId = value;
    return true;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#source?.close();
  }
}

/**
 * A provider for the project's REST contract (`docs/rest-api.md`) over
 * `fetch`: every call honours its `AbortSignal`; reads are retried with
 * backoff after network errors, timeouts, 5xx and 429; a post is never
 * retried here but carries the draft's `idempotencyKey` as `Idempotency-Key`,
 * so the element's retry cannot store twice; failures become the contract's
 * error codes; `subscribe` follows the thread over Server-Sent Events. The
 * optional members (edit, delete, reactions, reports) are there too.
 */
export class RestProvider implements CommentDataProvider {
  readonly endpoint: string;
  readonly #fetch: typeof fetch;
  readonly #EventSource: EventSourceConstructor | null;
  readonly #credentials: RequestCredentials;
  /** The bearer token of a token session (`session: 'token'`), else null. */
  readonly #token: SessionToken | null;
  #ticketTaken?: Promise<void>;
  readonly #headers: Record<string, string>;
  readonly #retries: number;
  readonly #backoff: BackoffOptions;
  readonly #maxRetryWait: number;
  readonly #readTimeout: number;
  readonly #writeTimeout: number;
  readonly #maxPageSize: number;
  readonly #identityListeners = new Set<(identity: Identity | null) => void>();
  /** Options the API marks `"flow": "redirect"`: signed in through the browser (popup or full page). */
  readonly #browserSignIn = new Set<string>();
  #returnTaken = false;
  readonly #channels = new Map<string, LiveChannel>();
  /** The newest change id a list answer reported, per thread: where a subscription catches up from. */
  readonly #listedEventIds = new Map<string, number>();

  constructor(options: RestProviderOptions | string) {
    const config = typeof options === 'string' ? { endpoint: options } : options;
    if (!config.endpoint) throw new ProviderError('unknown', 'RestProvider needs an endpoint.');
    this.endpoint = config.endpoint;
    const globalFetch = globalThis.fetch;
    this.#fetch = config.fetch ?? ((input, init) => globalFetch(input, init));
    this.#EventSource =
      config.EventSource === undefined
        ? ((globalThis as { EventSource?: EventSourceConstructor }).EventSource ?? null)
        : config.EventSource;
    this.#token = config.session === 'token' ? new SessionToken(this.endpoint) : null;
    this.#credentials = config.credentials ?? (this.#token ? 'omit' : 'include');
    this.#headers = { ...config.headers };
    this.#retries = config.retries ?? 3;
    this.#backoff = config.backoff ?? {};
    this.#maxRetryWait = config.maxRetryWait ?? 5000;
    this.#readTimeout = config.readTimeout ?? 5000;
    this.#writeTimeout = config.writeTimeout ?? 15_000;
    this.#maxPageSize = config.maxPageSize ?? 100;
  }

  async listComments(threadId: string, options: ListOptions = {}): Promise<CommentPage> {
    const { data, response } = await this.#read({
      method: 'GET',
      segments: ['threads', threadId, 'comments'],
      // A page may hold fewer records than asked for; the cursor brings the rest.
      query: {
        cursor: options.cursor,
        limit: options.limit === undefined ? undefined : Math.max(1, Math.min(this.#maxPageSize, Math.floor(options.limit))),
        order: options.order,
      },
      signal: options.signal,
    });
    if (!isObject(data) || !Array.isArray(data.comments)) {
      throw new ProviderError('unknown', 'The server answered something that is not a page of comments.');
    }
    const eventId = Number(response.headers.get('x-last-event-id'));
    if (Number.isInteger(eventId) && eventId >= 0) {
      this.#listedEventIds.set(threadId, Math.max(eventId, this.#listedEventIds.get(threadId) ?? 0));
    }
    const page: CommentPage = {
      comments: data.comments as CommentRecord[],
      nextCursor: typeof data.nextCursor === 'string' && data.nextCursor ? data.nextCursor : null,
    };
    if (typeof data.total === 'number') page.total = data.total;
    return page;
  }

  async postComment(draft: CommentDraft, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const body: Record<string, unknown> = { parentId: draft.parentId ?? null, body: draft.body };
    if (draft.guest) body.guest = draft.guest;
    if (draft.honeypot) body.honeypot = draft.honeypot;
    // Drafts carry their key; a plain object without one still posts (once).
    const key = draft.idempotencyKey || globalThis.crypto.randomUUID();
    const { data } = await this.#write({
      method: 'POST',
      segments: ['threads', draft.threadId, 'comments'],
      body,
      headers: { 'Idempotency-Key': key },
      signal: options.signal,
    });
    return this.#record(data);
  }

  async updateComment(id: string, body: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { data } = await this.#write({ method: 'PATCH', segments: ['comments', id], body: { body }, signal: options.signal });
    return this.#record(data);
  }

  async deleteComment(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#write({ method: 'DELETE', segments: ['comments', id], signal: options.signal });
  }

  async react(id: string, reaction: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { data } = await this.#write({
      method: 'POST',
      segments: ['comments', id, 'reactions'],
      body: { reaction },
      signal: options.signal,
    });
    return this.#record(data);
  }

  async report(id: string, reason: string): Promise<void> {
    await this.#write({ method: 'POST', segments: ['comments', id, 'reports'], body: { reason } });
  }

  async threadInfo(threadId: string): Promise<ThreadInfo> {
    const { data } = await this.#read({ method: 'GET', segments: ['threads', threadId] });
    if (!isObject(data)) throw new ProviderError('unknown', 'The server answered something that is not thread information.');
    return data as ThreadInfo;
  }

  async identityOptions(): Promise<IdentityOption[]> {
    const { data } = await this.#read({ method: 'GET', segments: ['identity', 'options'] });
    if (!Array.isArray(data)) throw new ProviderError('unknown', 'The server answered something that is not a list of options.');
    return markBrowserOptions(data, this.#browserSignIn);
  }

  async currentIdentity(): Promise<Identity | null> {
    // Back from a full-page sign-in in token mode: its ticket becomes the token first (once).
    if (this.#token) {
      const ticket = takeReturnedTicket();
      this.#ticketTaken ??= ticket ? this.#redeem(ticket).catch(() => undefined) : Promise.resolve();
      await this.#ticketTaken;
    }
    const { data } = await this.#read({ method: 'GET', segments: ['identity'] });
    if (!isObject(data)) throw new ProviderError('unknown', 'The server answered something that is not an identity.');
    return isObject(data.identity) ? (data.identity as unknown as Identity) : null;
  }

  async signIn(optionId: string, options: { signal?: AbortSignal } = {}): Promise<Identity> {
    if (this.#browserSignIn.has(optionId) && typeof window !== 'undefined') {
      const confirm = async (ticket?: string) => {
        if (ticket) await this.#redeem(ticket);
        return this.currentIdentity();
      };
      const identity = await signInThroughBrowser(this.endpoint, optionId, confirm, options.signal, this.#token !== null);
      this.#announce(identity);
      return identity;
    }
    const { data } = await this.#write({
      method: 'POST',
      segments: ['identity', 'sign-in'],
      body: { optionId },
      signal: options.signal,
    });
    if (!isObject(data) || typeof data.name !== 'string') {
      throw new ProviderError('unknown', 'The server answered something that is not an identity.');
    }
    const identity = data as unknown as Identity;
    this.#announce(identity);
    return identity;
  }

  /** Back from a full-page sign-in (a blocked popup): which option, and the error if it failed. Once per page load. */
  async returnedSignIn(): Promise<ReturnedSignIn | null> {
    if (this.#returnTaken) return null;
    this.#returnTaken = true;
    return takeReturnedSignIn(this.endpoint);
  }

  /** A sign-in ticket becomes the token session's bearer token. */
  async #redeem(ticket: string): Promise<void> {
    const { data } = await this.#write({ method: 'POST', segments: ['auth', 'token'], body: { ticket } });
    this.#token?.set(isObject(data) && typeof data.token === 'string' ? data.token : null);
  }

  async signOut(): Promise<void> {
    await this.#write({ method: 'POST', segments: ['identity', 'sign-out'] });
    this.#token?.set(null);
    this.#announce(null);
  }

  onIdentityChange(listener: (identity: Identity | null) => void): () => void {
    this.#identityListeners.add(listener);
    return () => this.#identityListeners.delete(listener);
  }

  subscribe(threadId: string, listener: (change: CommentChange) => void, options?: SubscribeOptions): () => void {
    const EventSourceClass = this.#EventSource;
    if (!EventSourceClass) return () => {};
    let channel = this.#channels.get(threadId);
    if (!channel) {
      channel = new LiveChannel(
        (lastEventId) => buildUrl(this.endpoint, ['threads', threadId, 'events'], { lastEventId }),
        EventSourceClass,
        this.#credentials === 'include',
        this.#listedEventIds.get(threadId) ?? null,
      );
      this.#channels.set(threadId, channel);
    }
    const live = channel;
    live.listeners.add(listener);
    live.resets.set(listener, options?.onReset);
    return () => {
      live.listeners.delete(listener);
      live.resets.delete(listener);
      if (!live.listeners.size && this.#channels.get(threadId) === live) {
        live.close();
        this.#channels.delete(threadId);
      }
    };
  }

  /** How often the live connection of a thread was reopened after a drop (0 when none is open). */
  liveReconnects(threadId: string): number {
    return this.#channels.get(threadId)?.reconnects ?? 0;
  }

  #announce(identity: Identity | null): void {
    for (const listener of [...this.#identityListeners]) listener(identity);
  }

  #record(data: unknown): CommentRecord {
    if (!isObject(data) || typeof data.id !== 'string') {
      throw new ProviderError('unknown', 'The server answered something that is not a comment.');
    }
    return data as unknown as CommentRecord;
  }

  /** A read: retried with backoff while the error may pass and the caller has not given up. */
  async #read(spec: RequestSpec): Promise<{ data: unknown; response: Response }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#send(spec, this.#readTimeout);
      } catch (thrown) {
        const error = thrown instanceof ProviderError ? thrown : errorFromFailure(thrown, { aborted: false, timedOut: false });
        const delay = retryDelay(error, attempt, { retries: this.#retries, maxWaitMs: this.#maxRetryWait, ...this.#backoff });
        if (delay === null || spec.signal?.aborted) throw error;
        await sleep(delay, spec.signal);
      }
    }
  }

  /** A write: one attempt; the caller retries with the same idempotency key. */
  #write(spec: RequestSpec): Promise<{ data: unknown; response: Response }> {
    return this.#send(spec, this.#writeTimeout);
  }

  async #send(spec: RequestSpec, timeout: number): Promise<{ data: unknown; response: Response }> {
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
      const headers: Record<string, string> = { Accept: 'application/json', ...this.#headers, ...this.#token?.header, ...spec.headers };
      const init: RequestInit = { method: spec.method, headers, credentials: this.#credentials, signal: controller.signal };
      if (spec.body !== undefined || spec.method === 'POST' || spec.method === 'PATCH') {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(spec.body ?? {});
      }
      let response: Response;
      let text: string;
      try {
        response = await this.#fetch(buildUrl(this.endpoint, spec.segments, spec.query ?? {}), init);
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

/**
 * `provider="rest"`: a `RestProvider` for the element's `endpoint` (the API's
 * base URL). Without an endpoint every call fails with a message that says
 * so, and the element shows its error state instead of breaking.
 */
export function createRestProvider(config: { endpoint?: string }): CommentDataProvider {
  return config.endpoint ? new RestProvider({ endpoint: config.endpoint }) : withoutEndpoint();
}
