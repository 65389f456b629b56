import type { CommentChange } from '../types.js';

/** Milliseconds between polls while the tab is visible. */
export const DEFAULT_POLL_INTERVAL = 15_000;
/** The longest wait after failures (the interval doubles per failure up to this). */
export const MAX_POLL_INTERVAL = 5 * 60_000;

/** One answer of the plugin's change log, already mapped to the contract's changes per thread. */
export interface ChangesAnswer {
  /** Where the next poll starts; absent: keep the old one. */
  cursor?: string;
  changes: { threadId: string; change: CommentChange }[];
}

/** What the poller needs from the provider. */
export interface ChangePollerOptions {
  /**
   * Asks the change log for `threadIds` since `since` (none on the first call). Rejects on a
   * failure; resolves `null` when the site has no change log (the plugin is not active).
   */
  fetchChanges(threadIds: string[], since: string | undefined): Promise<ChangesAnswer | null>;
  /** The cursor of the rendered page (the plugin's `wp-since`), so nothing since then is missed. */
  since?: string;
  /** Milliseconds between polls while visible (default 15 s). */
  interval?: number;
  /** The document whose visibility pauses polling (default the page's). */
  document?: Document;
}

/**
 * Polls WordPress's change log (the comment-thread plugin's `/comment-thread/v1/changes`) for every
 * subscribed thread of one provider in a single request per interval, while the tab is visible;
 * after a failure it waits twice as long each time (up to 5 minutes); hidden, it stops and polls
 * again as soon as the tab is visible. Without a change log on the site it stops for good.
 */
export class WordPressChangePoller {
  readonly #options: ChangePollerOptions;
  readonly #interval: number;
  readonly #listeners = new Map<string, Set<(change: CommentChange) => void>>();
  #cursor: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling = false;
  #failures = 0;
  #unsupported = false;
  #lastPoll = 0;
  readonly #onVisibility = () => this.#visibilityChanged();

  constructor(options: ChangePollerOptions) {
    this.#options = options;
    this.#cursor = options.since;
    this.#interval = Math.max(50, options.interval ?? DEFAULT_POLL_INTERVAL);
  }

  get #document(): Document | undefined {
    return this.#options.document ?? globalThis.document;
  }

  get #visible(): boolean {
    return this.#document?.visibilityState !== 'hidden';
  }

  /** Follows a thread; the returned function stops following it. */
  add(threadId: string, listener: (change: CommentChange) => void): () => void {
    let set = this.#listeners.get(threadId);
    if (!set) this.#listeners.set(threadId, (set = new Set()));
    set.add(listener);
    if (this.#listeners.size === 1 && set.size === 1) {
      this.#document?.addEventListener('visibilitychange', this.#onVisibility);
    }
    // A new thread catches up at once: from the rendered page's cursor, or to learn where "now" is.
    if (!this.#polling) this.#schedule(0);
    return () => {
      set.delete(listener);
      if (!set.size) this.#listeners.delete(threadId);
      if (!this.#listeners.size) this.#stop();
    };
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#document?.removeEventListener('visibilitychange', this.#onVisibility);
  }

  #schedule(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#unsupported || !this.#listeners.size || !this.#visible) return;
    this.#timer = setTimeout(() => void this.#poll(), delay);
  }

  #visibilityChanged(): void {
    if (!this.#visible) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      return;
    }
    if (this.#polling) return;
    // Back in view: poll now if a poll is due, else when it is.
    const due = this.#lastPoll + this.#interval - Date.now();
    this.#schedule(this.#failures ? this.#backoff() : Math.max(0, due));
  }

  #backoff(): number {
    return Math.min(MAX_POLL_INTERVAL, this.#interval * 2 ** Math.min(this.#failures, 20));
  }

  async #poll(): Promise<void> {
    this.#timer = undefined;
    if (this.#polling || !this.#listeners.size || !this.#visible) return;
    this.#polling = true;
    this.#lastPoll = Date.now();
    try {
      const answer = await this.#options.fetchChanges([...this.#listeners.keys()], this.#cursor);
      if (answer === null) {
        this.#unsupported = true;
        return;
      }
      this.#failures = 0;
      if (answer.cursor) this.#cursor = answer.cursor;
      for (const { threadId, change } of answer.changes) {
        for (const listener of [...(this.#listeners.get(threadId) ?? [])]) {
          try {
            listener(change);
          } catch {
            // One listener's failure never stops the others.
          }
        }
      }
    } catch {
      this.#failures++;
    } finally {
      this.#polling = false;
    }
    this.#schedule(this.#failures ? this.#backoff() : this.#interval);
  }
}
