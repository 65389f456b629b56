import type { CommentChange } from '../types.js';
import { isRecord } from '../core/guards.js';
import { backoffDelay } from './rest-http.js';

/** The `EventSource` constructor, or one with the same shape (for other runtimes). */
export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSource;

/**
 * One live connection per thread, shared by every subscriber: an
 * `EventSource` on `/threads/{id}/events` that, when the connection drops,
 * reopens with backoff and `lastEventId`, so the server replays what was
 * missed; events already delivered are dropped by id. When more was missed
 * than the server replays, it sends `reload`: each subscriber's `onReset` runs.
 * A server shutting down sends `reconnect` with `{ retryMs }`: it reopens after that long.
 */
export class LiveChannel {
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
      if (!isRecord(change) || (change.type !== 'added' && change.type !== 'updated' && change.type !== 'removed')) return;
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
