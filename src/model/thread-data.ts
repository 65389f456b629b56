import { callWithTimeout } from '../core/call.js';
import { normalizePage, normalizeRecord } from '../core/normalize.js';
import { buildDisplayTree, reuseUnchangedNodes, type DisplayTree } from '../core/tree.js';
import type { rebuildConversations } from '../core/tree-update.js';
import { toProviderError } from '../errors.js';
import type {
  CommentChange,
  CommentDataProvider,
  CommentOrder,
  CommentPage,
  CommentRecord,
  ProviderErrorLike,
  ThreadInfo,
  ThreadOrder,
} from '../types.js';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface ThreadRequest {
  provider: CommentDataProvider;
  threadId: string;
  order: CommentOrder;
  pageSize: number;
  timeout: number;
}

/**
 * A first page fetched elsewhere (by a server that rendered the thread), so
 * the element starts from it instead of asking the provider again.
 */
export interface ThreadPreload {
  threadId: string;
  order: ThreadOrder;
  page: CommentPage;
  info?: ThreadInfo;
  /** When the server rendered it (ms since 1970): the browser's first render uses the same clock. */
  renderedAt?: number;
}

/** What happened to the data, for whoever listens (the thread element's view). */
export type DataChange =
  | { kind: 'changed' }
  | { kind: 'loaded' }
  | { kind: 'failed'; error: ProviderErrorLike }
  | { kind: 'live'; added: CommentRecord[] };

let rebuild: typeof rebuildConversations | undefined;

/**
 * Lets every thread build again only the conversations a change touched (`../core/tree-update.ts`)
 * instead of its whole tree. Not part of the first load: it comes with the form's code
 * (`../comment-form/define.ts`), as the reader's own reply or edit is what first needs it. Until
 * then a change builds the whole tree, which gives the same tree, only slower in a long thread.
 */
export function useConversationRebuild(rebuildWith: typeof rebuildConversations): void {
  rebuild = rebuildWith;
}

/**
 * A thread's records, a page at a time, kept live. Each `load` starts a new
 * generation: answers that belong to an older one (a previous provider,
 * thread or order) are dropped, so a slow old load never overwrites a new one.
 * Plain state with listeners: no element, no DOM. `Change` is what a subclass adds to what it tells.
 */
export class ThreadData<Change extends { kind: string } = DataChange> {
  phase: LoadPhase = 'idle';
  loadingMore = false;
  /** Why the first page failed (`phase === 'error'`). */
  error?: ProviderErrorLike;
  /** Why the last further page failed; the shown comments stay. */
  moreError?: ProviderErrorLike;
  total?: number;
  info: ThreadInfo = {};
  nextCursor: string | null = null;

  #request?: ThreadRequest;
  #records = new Map<string, CommentRecord>();
  #generation = 0;
  #abort?: AbortController;
  #unsubscribe?: () => void;
  #tree?: { key: string; maxDepth: number; order: ThreadOrder; tree: DisplayTree };
  /** A record went, or all of them, since the tree was built: the next one is built whole (see useConversationRebuild). */
  #whole = false;
  /** The records set since the tree was built, each with the one it showed (see rebuildConversations). */
  #changed = new Map<string, CommentRecord | undefined>();
  #version = 0;
  readonly #cursorsSeen = new Set<string>();
  readonly #listeners = new Set<(change: DataChange | Change) => void>();

  get request(): ThreadRequest | undefined {
    return this.#request;
  }

  /** Every page is in. */
  get complete(): boolean {
    return this.phase === 'ready' && this.nextCursor === null;
  }

  get records(): ReadonlyMap<string, CommentRecord> {
    return this.#records;
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  listen(listener: (change: DataChange | Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected notify(change: DataChange | Change): void {
    for (const listener of [...this.#listeners]) listener(change);
  }

  /** The display tree, rebuilt only when the records change. `order` defaults to the request's. */
  tree(maxDepth: number, order: ThreadOrder = this.#request?.order ?? 'oldest'): DisplayTree {
    const key = `${this.#version}|${maxDepth}|${order}|${this.complete}`;
    if (this.#tree?.key !== key) {
      const options = { maxDepth, order, complete: this.complete };
      const previous = this.#tree && this.#tree.maxDepth === maxDepth && this.#tree.order === order ? this.#tree.tree : undefined;
      // A reply or an edit: only its conversation is built again (see useConversationRebuild). Otherwise all of
      // it; conversations a change did not touch keep their node objects, so they are not rendered again.
      const tree =
        (previous && !this.#whole && rebuild?.(previous, this.#records, options, this.#changed)) ||
        reuseUnchangedNodes(previous, buildDisplayTree(this.#records.values(), options));
      this.#tree = { key, maxDepth, order, tree };
      this.#whole = false;
      this.#changed = new Map();
    }
    return this.#tree.tree;
  }

  /**
   * Shows a preloaded page without a provider: what a server renders. In the
   * browser, `load` with a preload does the same and then goes live.
   */
  seed(preload: ThreadPreload): void {
    this.#records = new Map();
    this.#whole = true;
    this.#version++;
    this.error = this.moreError = undefined;
    this.total = undefined;
    this.nextCursor = null;
    this.info = typeof preload.info === 'object' && preload.info !== null ? { ...preload.info } : {};
    this.#applyPage(preload.page, preload.threadId);
  }

  /** Starts over: the first page of `request`, or `preload` when it is that page already. */
  load(request: ThreadRequest, preload?: ThreadPreload, live = true): void {
    this.#stop();
    const generation = ++this.#generation;
    this.#request = request;
    if (preload) {
      try {
        this.seed(preload);
        if (live) this.#subscribe(generation);
        this.notify({ kind: 'changed' });
        this.notify({ kind: 'loaded' });
        return;
      } catch {
        // A malformed preload: fetch the page as usual.
      }
    }
    this.#records = new Map();
    this.#whole = true;
    this.#version++;
    this.phase = 'loading';
    this.error = this.moreError = undefined;
    this.total = undefined;
    this.nextCursor = null;
    this.info = {};
    this.notify({ kind: 'changed' });

    const { provider, threadId, timeout } = request;
    if (provider.threadInfo) {
      callWithTimeout(() => provider.threadInfo!(threadId), { timeout })
        .then((info) => {
          if (generation !== this.#generation || typeof info !== 'object' || info === null) return;
          this.info = { ...info };
          this.notify({ kind: 'changed' });
        })
        .catch(() => {
          // Without thread information the thread is simply open.
        });
    }
    void this.#fetchPage(generation, null);
  }

  /** Loads the next page; the shown comments stay whatever happens. */
  loadMore(): void {
    if (this.phase !== 'ready' || this.loadingMore || this.nextCursor === null) return;
    void this.#fetchPage(this.#generation, this.nextCursor);
  }

  /** Tries the failed request again. */
  retry(): void {
    if (this.phase === 'error' && this.#request) this.load(this.#request);
    else if (this.moreError) this.loadMore();
  }

  /** Loads the same request afresh (the element came back into the document). */
  resume(): void {
    if (this.#request) this.load(this.#request);
  }

  /** Stops listening and drops answers still on their way (the element left the document). */
  pause(): void {
    this.#generation++;
    this.#stop();
  }

  /** The record with `id`, if loaded. */
  get(id: string): CommentRecord | undefined {
    return this.#records.get(id);
  }

  /** Adds or replaces a record (the reader's own post, a live change). */
  upsert(record: CommentRecord): void {
    const known = this.#records.has(record.id);
    this.#set(record);
    if (!known && this.total !== undefined && record.status !== 'pending') this.total++;
    this.#version++;
    this.notify({ kind: 'changed' });
  }

  /** Sets a record, noting the first time since the tree was built what it replaced. */
  #set(record: CommentRecord): void {
    if (!this.#changed.has(record.id)) this.#changed.set(record.id, this.#records.get(record.id));
    this.#records.set(record.id, record);
  }

  remove(id: string): void {
    const record = this.#records.get(id);
    if (!record) return;
    this.#records.delete(id);
    this.#whole = true;
    if (this.total !== undefined && record.status !== 'pending') this.total = Math.max(0, this.total - 1);
    this.#version++;
    this.notify({ kind: 'changed' });
  }

  #stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.loadingMore = false;
  }

  async #fetchPage(generation: number, cursor: string | null): Promise<void> {
    const request = this.#request!;
    const controller = new AbortController();
    this.#abort = controller;
    if (cursor !== null) {
      this.loadingMore = true;
      this.moreError = undefined;
      this.notify({ kind: 'changed' });
    }
    try {
      const raw = await callWithTimeout(
        (signal) => request.provider.listComments(request.threadId, { cursor, limit: request.pageSize, order: request.order, signal }),
        { timeout: request.timeout, signal: controller.signal },
      );
      if (generation !== this.#generation) return;
      this.#applyPage(raw, request.threadId, cursor);
      if (cursor === null) this.#subscribe(generation);
      this.loadingMore = false;
      this.notify({ kind: 'changed' });
      this.notify({ kind: 'loaded' });
    } catch (thrown) {
      if (generation !== this.#generation) return;
      const error = toProviderError(thrown);
      this.loadingMore = false;
      if (cursor === null) {
        this.phase = 'error';
        this.error = error;
      } else {
        this.moreError = error;
      }
      this.notify({ kind: 'changed' });
      this.notify({ kind: 'failed', error });
    } finally {
      if (this.#abort === controller) this.#abort = undefined;
    }
  }

  /** Adds a page's records (throws on something that is not a page). */
  #applyPage(raw: unknown, threadId: string, cursor: string | null = null): void {
    const page = normalizePage(raw, threadId);
    for (const record of page.comments) this.#set(record);
    if (page.total !== undefined) this.total = page.total;
    // A cursor already followed would page in a circle, for ever: that is the end.
    if (cursor === null) this.#cursorsSeen.clear();
    else this.#cursorsSeen.add(cursor);
    this.nextCursor = page.nextCursor !== null && this.#cursorsSeen.has(page.nextCursor) ? null : page.nextCursor;
    this.phase = 'ready';
    this.#version++;
  }

  #subscribe(generation: number): void {
    const { provider, threadId } = this.#request!;
    if (!provider.subscribe) return;
    try {
      this.#unsubscribe = provider.subscribe(
        threadId,
        (change) => {
          if (generation === this.#generation) this.#applyChange(change);
        },
        {
          // Changes were missed that the provider cannot replay: start over from the first page.
          onReset: () => {
            if (generation === this.#generation) this.load(this.#request!);
          },
        },
      );
    } catch {
      // A provider whose live channel fails still shows the thread.
    }
  }

  #applyChange(change: CommentChange): void {
    if (change?.type === 'removed') {
      if (typeof change.id === 'string') this.remove(change.id);
      return;
    }
    const record = normalizeRecord(change?.comment, this.#request!.threadId);
    if (!record || record.threadId !== this.#request!.threadId) return;
    const isNew = !this.#records.has(record.id);
    this.upsert(record);
    if (isNew && change.type === 'added' && !record.viewerIsAuthor) this.notify({ kind: 'live', added: [record] });
  }
}
