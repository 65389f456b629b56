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
import { isRecord } from '../core/guards.js';
import { buildUrl, type BackoffOptions } from './rest-http.js';
import { LiveChannel, type EventSourceConstructor } from './rest-live.js';
import { RestTransport } from './rest-transport.js';
import { markBrowserOptions, signInThroughBrowser, takeReturnedSignIn, type ReturnedSignIn } from './rest-sign-in.js';
import { moderationMembers, type RestModerationMembers } from './rest-moderation.js';
import { SessionToken, takeReturnedTicket } from './rest-token.js';

export type { EventSourceConstructor } from './rest-live.js';

export interface RestProviderOptions {
  /** The API's base URL, e.g. `https://example.com/api` (relative URLs resolve against the page). */
  endpoint: string;
  /** The `fetch` to use; default the global one. */
  fetch?: typeof fetch;
  /** The `EventSource` to use for live updates; default the global one; `null` turns live updates off. */
  EventSource?: EventSourceConstructor | null;
  /** Cookies travel with every request (the identity session); default `include`. */
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

/** The moderation members (./rest-moderation.ts), set on each instance by the constructor. */
export interface RestProvider extends RestModerationMembers {}

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
  readonly #transport: RestTransport;
  readonly #EventSource: EventSourceConstructor | null;
  readonly #credentials: RequestCredentials;
  /** The bearer token of a token session (`session: 'token'`), else null. */
  readonly #token: SessionToken | null;
  #ticketTaken?: Promise<void>;
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
    this.#EventSource =
      config.EventSource === undefined
        ? ((globalThis as { EventSource?: EventSourceConstructor }).EventSource ?? null)
        : config.EventSource;
    const headers = { ...config.headers };
    // A token session keeps its Authorization header in `headers` (the transport's, read per request).
    this.#token = config.session === 'token' ? new SessionToken(this.endpoint, headers) : null;
    this.#credentials = config.credentials ?? (this.#token ? 'omit' : 'include');
    this.#maxPageSize = config.maxPageSize ?? 100;
    const fetcher: typeof fetch = config.fetch ?? ((input, init) => globalFetch(input, init));
    this.#transport = new RestTransport({
      endpoint: config.endpoint,
      fetch: fetcher,
      credentials: this.#credentials,
      headers,
      retries: config.retries ?? 3,
      backoff: config.backoff ?? {},
      maxRetryWait: config.maxRetryWait ?? 5000,
      readTimeout: config.readTimeout ?? 5000,
      writeTimeout: config.writeTimeout ?? 15_000,
    });
    const transport = this.#transport;
    Object.assign(
      this,
      moderationMembers({
        read: (spec) => transport.read(spec),
        write: (spec) => transport.write(spec),
        stream: (segments, query, signal) =>
          fetcher(buildUrl(this.endpoint, segments, query), { headers: { Accept: 'text/event-stream', ...headers }, credentials: this.#credentials, signal }),
      }),
    );
  }

  async listComments(threadId: string, options: ListOptions = {}): Promise<CommentPage> {
    const { data, response } = await this.#transport.read({
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
    if (!isRecord(data) || !Array.isArray(data.comments)) {
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
    if (draft.notify) body.notify = true;
    // Drafts carry their key; a plain object without one still posts (once).
    const key = draft.idempotencyKey || globalThis.crypto.randomUUID();
    const { data } = await this.#transport.write({
      method: 'POST',
      segments: ['threads', draft.threadId, 'comments'],
      body,
      headers: { 'Idempotency-Key': key },
      signal: options.signal,
    });
    return this.#record(data);
  }

  async updateComment(id: string, body: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { data } = await this.#transport.write({ method: 'PATCH', segments: ['comments', id], body: { body }, signal: options.signal });
    return this.#record(data);
  }

  async deleteComment(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#transport.write({ method: 'DELETE', segments: ['comments', id], signal: options.signal });
  }

  async react(id: string, reaction: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { data } = await this.#transport.write({
      method: 'POST',
      segments: ['comments', id, 'reactions'],
      body: { reaction },
      signal: options.signal,
    });
    return this.#record(data);
  }

  async report(id: string, reason: string): Promise<void> {
    await this.#transport.write({ method: 'POST', segments: ['comments', id, 'reports'], body: { reason } });
  }

  async threadInfo(threadId: string): Promise<ThreadInfo> {
    // The page the thread is shown on (without its fragment): the server remembers the first (the moderation queue links to it).
    const page = typeof location === 'undefined' ? undefined : location.href.split('#')[0];
    const { data } = await this.#transport.read({ method: 'GET', segments: ['threads', threadId], query: { page } });
    if (!isRecord(data)) throw new ProviderError('unknown', 'The server answered something that is not thread information.');
    return data as ThreadInfo;
  }

  async identityOptions(): Promise<IdentityOption[]> {
    const { data } = await this.#transport.read({ method: 'GET', segments: ['identity', 'options'] });
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
    const { data } = await this.#transport.read({ method: 'GET', segments: ['identity'] });
    if (!isRecord(data)) throw new ProviderError('unknown', 'The server answered something that is not an identity.');
    return isRecord(data.identity) ? (data.identity as unknown as Identity) : null;
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
    const { data } = await this.#transport.write({
      method: 'POST',
      segments: ['identity', 'sign-in'],
      body: { optionId },
      signal: options.signal,
    });
    if (!isRecord(data) || typeof data.name !== 'string') {
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
    const { data } = await this.#transport.write({ method: 'POST', segments: ['auth', 'token'], body: { ticket } });
    this.#token?.set(isRecord(data) && typeof data.token === 'string' ? data.token : null);
  }

  async signOut(): Promise<void> {
    await this.#transport.write({ method: 'POST', segments: ['identity', 'sign-out'] });
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
    if (!isRecord(data) || typeof data.id !== 'string') {
      throw new ProviderError('unknown', 'The server answered something that is not a comment.');
    }
    return data as unknown as CommentRecord;
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
