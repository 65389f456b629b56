import { SIGN_IN_RESULT_PARAM, restoreReturnScroll, saveReturnPoint } from '../core/return-scroll.js';
import { readStored, writeStored } from '../core/storage.js';
import { ProviderError, toProviderError } from '../errors.js';
import type {
  CommentChange,
  CommentDataProvider,
  CommentDraft,
  CommentPage,
  CommentRecord,
  Identity,
  IdentityOption,
  ListOptions,
  ThreadInfo,
} from '../types.js';
import type { ProviderConfig } from './registry.js';
import { pageNonce } from './wordpress-factory.js';
import { WordPressChangePoller, type ChangesAnswer } from './wordpress-live.js';
import {
  comparableText,
  headerCount,
  markdownToWordPressHtml,
  nextPageCursor,
  pageFromCursor,
  pickAvatar,
  restUrl,
  toCommentRecord,
  toPostInfo,
  toWordPressError,
  type WordPressPostInfo,
} from './wordpress-mapping.js';

export interface WordPressProviderOptions {
  /**
   * The site's REST root, as `rest_url()` gives it: `https://example.com/wp-json`,
   * `/wp-json`, or `https://example.com/?rest_route=/` on sites without pretty permalinks.
   */
  endpoint: string;
  /** `wp_create_nonce('wp_rest')` for a logged-in reader: cookie authentication (sent as `X-WP-Nonce`). */
  nonce?: string;
  /** An Application Password (Basic auth), for scripts and apps rather than pages. */
  applicationPassword?: { username: string; password: string };
  /** Sent with every request; default `include` with a nonce (cookies are the login), else `same-origin`. */
  credentials?: RequestCredentials;
  /** Where "Log in" goes (`wp_login_url()`); with it, a `wordpress` identity option is offered. */
  loginUrl?: string;
  /** Where "Log Out" goes (`wp_logout_url()`, which carries its own nonce). */
  logoutUrl?: string;
  /** The label of the `wordpress` identity option (the site's name, say). Default "WordPress". */
  loginLabel?: string;
  /** The site takes comments only from logged-in users (`comment_registration`). */
  signInRequired?: boolean;
  /** Guest fields the site requires (`require_name_email`): default name and email, as WordPress. */
  requiredGuestFields?: ('name' | 'email')[];
  /** The `fetch` to use (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * The site runs the comment-thread plugin, whose change log gives live updates: the provider
   * then offers `subscribe`. Implied by `since`.
   */
  live?: boolean;
  /**
   * The change-log cursor of the rendered page (the plugin's `wp-since`), so live updates resume
   * from when the page was made. Implies `live`.
   */
  since?: string;
  /** Milliseconds between polls of the change log while the tab is visible. Default 15 000. */
  pollInterval?: number;
}

const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 50;
const WORDPRESS_OPTION_ID = 'wordpress';
/** How many of the newest comments are searched to reconcile a duplicate. */
const RECONCILE_PAGES = 2;
const ATTEMPTS_KEY = 'wordpress-attempts';

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

interface CurrentUser {
  id: number;
  identity: Identity;
}

/**
 * The WordPress REST API (`/wp/v2/comments`) as a comment provider: flat
 * pages for the element's tree, the post author as thread owner, anonymous
 * posting (held comments come back `pending`) and logged-in posting (cookie
 * and nonce, or an Application Password). Drafts are Markdown, posted as the
 * HTML WordPress keeps; a `409 comment_duplicate` on a retry is reconciled
 * with the stored comment. Logged-in readers edit and delete their own
 * comments where WordPress lets them (moderators and the post's editors; with
 * the comment-thread plugin, every author within its edit window).
 */
export class WordPressProvider implements CommentDataProvider {
  /**
   * Changes a comment's text (`POST /wp/v2/comments/{id}` with `content`): the Markdown is
   * converted as a new comment's is, and the answer is the stored comment. Only offered with
   * credentials (a nonce or an Application Password): WordPress lets no guest edit.
   */
  readonly updateComment?: (id: string, body: string, options?: { signal?: AbortSignal }) => Promise<CommentRecord>;
  /**
   * Moves a comment to WordPress's trash (`DELETE /wp/v2/comments/{id}`, never `force`). With the
   * comment-thread plugin a trashed comment that has replies is listed as a placeholder
   * (`status: 'deleted'`) that keeps them in place. Only offered with credentials.
   */
  readonly deleteComment?: (id: string, options?: { signal?: AbortSignal }) => Promise<void>;
  /**
   * New, newly approved, edited and deleted comments of a post, as every reader sees them, from the
   * comment-thread plugin's change log. All threads of this provider share one request per
   * interval, polled while the tab is visible (see `WordPressChangePoller`). Only offered with
   * `live` or `since` (the site runs the plugin; without it there is no change log).
   */
  readonly subscribe?: (threadId: string, listener: (change: CommentChange) => void) => () => void;

  readonly endpoint: string;
  readonly #options: WordPressProviderOptions;
  readonly #fetch: typeof fetch;
  readonly #posts = new Map<string, Promise<WordPressPostInfo & { route?: string }>>();
  readonly #editWindows = new Map<string, Promise<number | undefined>>();
  readonly #confirmed = new Map<string, CommentRecord>();
  readonly #identityListeners = new Set<(identity: Identity | null) => void>();
  #user: Promise<CurrentUser | null> | undefined;
  #signedOut = false;
  #poller?: WordPressChangePoller;
  /** What each live change last delivered, by comment id: the change log repeats recent changes. */
  readonly #delivered = new Map<string, string>();

  constructor(options: WordPressProviderOptions) {
    if (!options?.endpoint) throw new TypeError('WordPressProvider needs the site’s REST root as `endpoint`.');
    this.#options = { ...options };
    this.endpoint = options.endpoint;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    if (options.nonce || options.applicationPassword) {
      // Own properties, so a provider without credentials has none (the elements then show no Edit
      // or Delete: WordPress's guest comments belong to no account that could change them).
      (this as { updateComment?: WordPressProvider['updateComment'] }).updateComment = (id, body, more) =>
        this.#updateComment(id, body, more);
      (this as { deleteComment?: WordPressProvider['deleteComment'] }).deleteComment = (id, more) => this.#deleteComment(id, more);
    }
    if (options.live || options.since) {
      (this as { subscribe?: WordPressProvider['subscribe'] }).subscribe = (threadId, listener) => this.#subscribe(threadId, listener);
    }
  }

  get #authenticated(): boolean {
    return !this.#signedOut && Boolean(this.#options.nonce || this.#options.applicationPassword);
  }

  // -------------------------------------------------------------------------
  // HTTP

  #headers(withNonce: boolean): Headers {
    const headers = new Headers({ accept: 'application/json' });
    if (this.#signedOut) return headers;
    const password = this.#options.applicationPassword;
    if (password) {
      const bytes = new TextEncoder().encode(`${password.username}:${password.password}`);
      headers.set('authorization', `Basic ${btoa(String.fromCharCode(...bytes))}`);
    } else if (withNonce && this.#options.nonce) {
      headers.set('x-wp-nonce', this.#options.nonce);
    }
    return headers;
  }

  async #request(
    method: 'GET' | 'POST' | 'DELETE',
    route: string,
    params: Record<string, string | number | undefined>,
    { signal, json, withNonce = true }: { signal?: AbortSignal; json?: unknown; withNonce?: boolean } = {},
  ): Promise<Answer> {
    const headers = this.#headers(withNonce);
    if (json !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await this.#fetch(restUrl(this.endpoint, route, params), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        credentials: this.#options.credentials ?? (this.#options.nonce && !this.#signedOut ? 'include' : 'same-origin'),
        signal,
      });
    } catch (thrown) {
      throw this.#transportError(thrown, signal);
    }
    let body: unknown = null;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (thrown) {
      if (signal?.aborted) throw this.#transportError(thrown, signal);
      // Not JSON: a proxy's or PHP's error page. The status still says what happened.
      body = null;
    }
    return { status: response.status, headers: response.headers, body };
  }

  #transportError(thrown: unknown, signal?: AbortSignal): ProviderError {
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

  /** GET that falls back to an anonymous read when a cached page's nonce has expired. */
  async #get(route: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<Answer> {
    const answer = await this.#request('GET', route, params, { signal });
    const code = (answer.body as { code?: unknown } | null)?.code;
    if (answer.status === 403 && code === 'rest_cookie_invalid_nonce') {
      return this.#request('GET', route, params, { signal, withNonce: false });
    }
    return answer;
  }

  // -------------------------------------------------------------------------
  // The post: owner and comment status, fetched once per thread

  #post(threadId: string, signal?: AbortSignal): Promise<WordPressPostInfo & { route?: string }> {
    const cached = this.#posts.get(threadId);
    if (cached) return cached;
    const load = (async () => {
      // `comment_thread_edit_window` and `comment_thread_delete_own` come from the comment-thread
      // plugin (absent without it).
      const params = { _fields: 'id,author,comment_status,comment_thread_edit_window,comment_thread_delete_own' };
      // Posts first, then pages; any other post type still lists, with no owner mark.
      for (const type of ['posts', 'pages']) {
        const route = `/wp/v2/${type}/${encodeURIComponent(threadId)}`;
        const answer = await this.#get(route, params, signal);
        if (answer.status >= 200 && answer.status < 300) return { ...toPostInfo(answer.body), route };
        if (answer.status >= 500) throw toWordPressError(answer.status, answer.body);
      }
      return toPostInfo(null);
    })();
    this.#posts.set(threadId, load);
    // A failed or cancelled look-up is tried again next time.
    load.catch(() => this.#posts.delete(threadId));
    return load;
  }

  // -------------------------------------------------------------------------
  // Reading

  async listComments(threadId: string, options: ListOptions = {}): Promise<CommentPage> {
    const { signal } = options;
    if (signal?.aborted) throw this.#transportError(signal.reason, signal);
    if (!isWordPressId(threadId)) throw new ProviderError('not_found', `No WordPress post ${threadId}.`);
    const page = pageFromCursor(options.cursor);
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(options.limit ?? DEFAULT_PER_PAGE)));
    const postPromise = this.#post(threadId, signal).catch(() => toPostInfo(null));
    const userPromise = this.#currentUser(signal).catch(() => null);
    const answer = await this.#get(
      '/wp/v2/comments',
      {
        post: threadId,
        per_page: perPage,
        page,
        order: options.order === 'newest' ? 'desc' : 'asc',
        orderby: 'date_gmt',
        // The comment-thread plugin then lists a trashed comment that has replies as a placeholder
        // (status `trash`, nothing of what it said), so the replies keep their place. WordPress
        // without the plugin ignores the parameter.
        comment_thread_placeholders: 1,
      },
      signal,
    );
    if (answer.status === 400 && (answer.body as { code?: unknown } | null)?.code === 'rest_invalid_page_number') {
      // Comments were removed since the last page: there is nothing further.
      return { comments: [], total: headerCount(answer.headers.get('x-wp-total')), nextCursor: null };
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw toWordPressError(answer.status, answer.body, { retryAfter: answer.headers.get('retry-after') });
    }
    const [post, user] = await Promise.all([postPromise, userPromise]);
    const items = Array.isArray(answer.body) ? answer.body : [];
    const comments = items
      .map((raw) => toCommentRecord(raw, { threadId, postAuthor: post.author, viewerId: user?.id }))
      .filter((record): record is CommentRecord => record !== null);
    const total = headerCount(answer.headers.get('x-wp-total'));
    const totalPages = headerCount(answer.headers.get('x-wp-totalpages'));
    const result: CommentPage = { comments, nextCursor: nextPageCursor(page, totalPages, items.length, perPage) };
    if (total !== undefined) result.total = total;
    return result;
  }

  #subscribe(threadId: string, listener: (change: CommentChange) => void): () => void {
    this.#poller ??= new WordPressChangePoller({
      fetchChanges: (threadIds, since) => this.#fetchChanges(threadIds, since),
      since: this.#options.since,
      interval: this.#options.pollInterval,
    });
    if (!isWordPressId(threadId)) return () => {};
    return this.#poller.add(threadId, listener);
  }

  async #fetchChanges(threadIds: string[], since: string | undefined): Promise<ChangesAnswer | null> {
    const answer = await this.#request('GET', '/comment-thread/v1/changes', { post: threadIds.join(','), since }, { withNonce: false });
    const body = (answer.body ?? {}) as { code?: unknown; cursor?: unknown; comments?: unknown; removed?: unknown };
    if (answer.status === 404 && body.code === 'rest_no_route') return null;
    if (answer.status < 200 || answer.status >= 300) throw toWordPressError(answer.status, answer.body);
    const user = await this.#currentUser().catch(() => null);
    const result: ChangesAnswer = { changes: [] };
    if (typeof body.cursor === 'string' && /^\d{1,20}$/.test(body.cursor)) result.cursor = body.cursor;
    for (const raw of Array.isArray(body.comments) ? (body.comments as unknown[]) : []) {
      const threadId = String((raw as { post?: unknown } | null)?.post ?? '');
      if (!threadIds.includes(threadId)) continue;
      const post = await this.#post(threadId).catch(() => toPostInfo(null));
      const comment = toCommentRecord(raw, { threadId, postAuthor: post.author, viewerId: user?.id });
      // `added` for a comment the reader has not seen (new or newly approved); the element updates
      // one it already shows.
      if (!comment) continue;
      // The log answers the last 2 seconds again (so nothing saved meanwhile is missed): a change
      // already delivered is not delivered twice.
      const fingerprint = JSON.stringify(comment);
      if (this.#delivered.get(comment.id) === fingerprint) continue;
      this.#delivered.set(comment.id, fingerprint);
      result.changes.push({ threadId, change: { type: comment.status === 'deleted' ? 'updated' : 'added', comment } });
    }
    for (const raw of Array.isArray(body.removed) ? (body.removed as unknown[]) : []) {
      const { id, post } = (raw ?? {}) as { id?: unknown; post?: unknown };
      if (typeof id === 'string' && typeof post === 'string' && threadIds.includes(post)) {
        if (this.#delivered.get(id) === 'removed') continue;
        this.#delivered.set(id, 'removed');
        result.changes.push({ threadId: post, change: { type: 'removed', id } });
      }
    }
    return result;
  }

  async threadInfo(threadId: string): Promise<ThreadInfo> {
    const post = await this.#post(threadId);
    const info: ThreadInfo = {
      closed: post.commentStatus === 'closed',
      requiredGuestFields: this.#options.requiredGuestFields ?? ['name', 'email'],
    };
    if (this.#options.signInRequired && !(await this.#currentUser().catch(() => null))) info.requiresSignIn = true;
    const editWindow = await this.#editWindow(threadId, post);
    if (editWindow !== undefined) info.editWindow = editWindow;
    // Without the plugin WordPress lets a reader delete a comment on the same terms as edit it (both
    // are `edit_comment`, which is editing the post): no Delete either, rather than one that fails.
    // With the plugin authors may delete whatever its edit window (even 0), so this stays unset.
    if (post.editWindow === undefined && editWindow === 0) info.deleteOwn = false;
    // With the plugin, its `comment_thread_author_can_delete` filter decides (a site that turns
    // deleting off shows no Delete).
    if (post.deleteOwn === false) info.deleteOwn = false;
    return info;
  }

  /**
   * How long this reader may edit their comments on the post, in seconds (undefined: no limit).
   * The comment-thread plugin says so itself. Without it WordPress lets a reader edit comments
   * only on posts they may edit: asked once (`context=edit` answers only to them), and 0 (no
   * Edit) for everyone else, rather than an Edit that always fails. `threadInfo` then also
   * reports `deleteOwn: false`: WordPress lets them delete no comment there either.
   */
  #editWindow(threadId: string, post: WordPressPostInfo & { route?: string }): Promise<number | undefined> {
    if (post.editWindow !== undefined) return Promise.resolve(post.editWindow ?? undefined);
    if (!this.#authenticated) return Promise.resolve(undefined);
    const cached = this.#editWindows.get(threadId);
    if (cached) return cached;
    const route = post.route;
    const load = (async () => {
      if (!(await this.#currentUser().catch(() => null)) || !route) return 0;
      const answer = await this.#request('GET', route, { context: 'edit', _fields: 'id' });
      if (answer.status >= 500) throw toWordPressError(answer.status, answer.body);
      return answer.status >= 200 && answer.status < 300 ? undefined : 0;
    })();
    this.#editWindows.set(threadId, load);
    load.catch(() => this.#editWindows.delete(threadId));
    return load.catch(() => undefined);
  }

  // -------------------------------------------------------------------------
  // Posting

  async postComment(draft: CommentDraft, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { signal } = options;
    if (signal?.aborted) throw this.#transportError(signal.reason, signal);
    // A retry of a comment WordPress already confirmed: the same answer, nothing sent.
    const confirmed = this.#confirmed.get(draft.idempotencyKey);
    if (confirmed) return structuredClone(confirmed);
    // WordPress has no honeypot of its own: a filled trap is a robot; nothing is stored.
    if (draft.honeypot) throw new ProviderError('forbidden', 'The spam check failed.');
    // WordPress ids are numbers: anything else names no post or comment there.
    if (!isWordPressId(draft.threadId)) throw new ProviderError('not_found', `No WordPress post ${draft.threadId}.`);
    if (draft.parentId !== null && !isWordPressId(draft.parentId)) {
      throw new ProviderError('not_found', `No WordPress comment ${draft.parentId}.`);
    }

    const content = markdownToWordPressHtml(draft.body);
    const user = await this.#currentUser(signal).catch(() => null);
    const payload: Record<string, unknown> = {
      post: Number(draft.threadId),
      parent: draft.parentId ? Number(draft.parentId) : 0,
      content,
    };
    if (!user && draft.guest) {
      payload.author_name = draft.guest.name;
      if (draft.guest.email) payload.author_email = draft.guest.email;
      if (draft.guest.url) payload.author_url = draft.guest.url;
    }
    const attempted = this.#rememberAttempt(draft.idempotencyKey);
    const answer = await this.#request('POST', '/wp/v2/comments', {}, { signal, json: payload });

    if (answer.status >= 200 && answer.status < 300) {
      const post = await this.#post(draft.threadId, signal).catch(() => toPostInfo(null));
      const record = toCommentRecord(answer.body, { threadId: draft.threadId, postAuthor: post.author, viewerId: user?.id });
      if (!record) throw new ProviderError('unknown', 'WordPress answered without the comment.');
      record.viewerIsAuthor = true;
      this.#confirmed.set(draft.idempotencyKey, structuredClone(record));
      return record;
    }
    const error = toWordPressError(answer.status, answer.body, { draft, retryAfter: answer.headers.get('retry-after') });
    if (error.code !== 'conflict') throw error;

    // 409 comment_duplicate: WordPress already has this text from this author. On a retry that is
    // the comment we sent before (its answer was lost): find it and report success.
    const stored = await this.#findStored(draft, content, user, signal);
    if (stored) {
      stored.viewerIsAuthor = true;
      this.#confirmed.set(draft.idempotencyKey, structuredClone(stored));
      return stored;
    }
    if (attempted) {
      // Sent before and not visible: WordPress is holding it for moderation, and held comments
      // are hidden from readers. The earlier attempt stored it; say so.
      const held: CommentRecord = {
        id: `held-${draft.idempotencyKey}`,
        threadId: draft.threadId,
        parentId: draft.parentId,
        author: { name: user?.identity.name ?? draft.guest?.name ?? '' },
        body: content,
        bodyFormat: 'html',
        createdAt: new Date().toISOString(),
        status: 'pending',
        viewerIsAuthor: true,
      };
      this.#confirmed.set(draft.idempotencyKey, structuredClone(held));
      return held;
    }
    throw error;
  }

  /** The newest comments of the post under the same parent, by the same author, with the same text. */
  async #findStored(
    draft: CommentDraft,
    content: string,
    user: CurrentUser | null,
    signal?: AbortSignal,
  ): Promise<CommentRecord | null> {
    const wanted = comparableText(content);
    const name = (user?.identity.name ?? draft.guest?.name ?? '').trim();
    const post = await this.#post(draft.threadId, signal).catch(() => toPostInfo(null));
    for (let page = 1; page <= RECONCILE_PAGES; page++) {
      const answer = await this.#get(
        '/wp/v2/comments',
        {
          post: draft.threadId,
          parent: draft.parentId ?? 0,
          per_page: MAX_PER_PAGE,
          page,
          order: 'desc',
          orderby: 'date_gmt',
        },
        signal,
      );
      if (answer.status < 200 || answer.status >= 300 || !Array.isArray(answer.body)) return null;
      for (const raw of answer.body as unknown[]) {
        const record = toCommentRecord(raw, { threadId: draft.threadId, postAuthor: post.author, viewerId: user?.id });
        if (!record) continue;
        const sameAuthor = user
          ? (raw as { author?: unknown }).author === user.id
          : record.author.name === name && !(raw as { author?: unknown }).author;
        if (sameAuthor && comparableText(record.body) === wanted) return record;
      }
      const totalPages = headerCount(answer.headers.get('x-wp-totalpages')) ?? 1;
      if (page >= totalPages) break;
    }
    return null;
  }

  /**
   * Notes that a key was sent. Kept in the browser (the form keeps a draft's key across reloads
   * too), so a retry after a reload or in another tab is known as one.
   */
  #rememberAttempt(key: string): boolean {
    const stored = readStored<unknown>(ATTEMPTS_KEY);
    const list = Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
    // Without storage (privacy modes) this page's own attempts are still known.
    const seen = list.includes(key) || this.#attempts.has(key);
    this.#attempts.add(key);
    if (!seen) writeStored(ATTEMPTS_KEY, [...list, key].slice(-50));
    return seen;
  }

  readonly #attempts = new Set<string>();

  // -------------------------------------------------------------------------
  // Editing and deleting the reader's own comments

  async #updateComment(id: string, body: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { signal } = options;
    if (signal?.aborted) throw this.#transportError(signal.reason, signal);
    if (!isWordPressId(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
    if (!this.#authenticated) throw new ProviderError('unauthorized', 'Log in to WordPress to edit a comment.');
    // The same conversion as a new comment's, so the stored edit matches the preview. An empty
    // text is sent as such: WordPress refuses it (`rest_comment_content_invalid`, in its language).
    const content = typeof body === 'string' && body.trim() ? markdownToWordPressHtml(body) : '';
    const user = await this.#currentUser(signal).catch(() => null);
    const answer = await this.#request('POST', `/wp/v2/comments/${id}`, {}, { signal, json: { content } });
    if (answer.status < 200 || answer.status >= 300) {
      throw toWordPressError(answer.status, answer.body, { retryAfter: answer.headers.get('retry-after') });
    }
    const threadId = String((answer.body as { post?: unknown } | null)?.post ?? '');
    const post = await this.#post(threadId, signal).catch(() => toPostInfo(null));
    const record = toCommentRecord(answer.body, { threadId, postAuthor: post.author, viewerId: user?.id });
    if (!record) throw new ProviderError('unknown', 'WordPress answered without the comment.');
    // WordPress itself keeps no edit time; the plugin does. Without it the mark lasts until a reload.
    if (!record.editedAt) {
      const date = Date.parse(answer.headers.get('date') ?? '');
      record.editedAt = new Date(Number.isNaN(date) ? Date.now() : date).toISOString();
    }
    return record;
  }

  async #deleteComment(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) throw this.#transportError(signal.reason, signal);
    if (!isWordPressId(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
    if (!this.#authenticated) throw new ProviderError('unauthorized', 'Log in to WordPress to delete a comment.');
    // To the trash, never `force`: a moderator can still restore it.
    const answer = await this.#request('DELETE', `/wp/v2/comments/${id}`, {}, { signal });
    if (answer.status >= 200 && answer.status < 300) return;
    // Trashed already: a retry after an answer that was lost. The comment is gone, as asked.
    if (answer.status === 410 && (answer.body as { code?: unknown } | null)?.code === 'rest_already_trashed') return;
    throw toWordPressError(answer.status, answer.body, { retryAfter: answer.headers.get('retry-after') });
  }

  // -------------------------------------------------------------------------
  // Identity: the WordPress account of a logged-in reader

  #currentUser(signal?: AbortSignal): Promise<CurrentUser | null> {
    if (!this.#authenticated) return Promise.resolve(null);
    if (this.#user) return this.#user;
    const load = (async (): Promise<CurrentUser | null> => {
      const answer = await this.#request('GET', '/wp/v2/users/me', { _fields: 'id,name,url,avatar_urls' }, { signal });
      if (answer.status === 401 || answer.status === 403) return null;
      if (answer.status < 200 || answer.status >= 300) throw toWordPressError(answer.status, answer.body);
      const body = (answer.body ?? {}) as { id?: unknown; name?: unknown; url?: unknown; avatar_urls?: unknown };
      const id = typeof body.id === 'number' ? body.id : 0;
      if (!id) return null;
      const identity: Identity = { optionId: WORDPRESS_OPTION_ID, name: typeof body.name === 'string' ? body.name : '' };
      const avatar = pickAvatar(body.avatar_urls);
      if (avatar) identity.avatarUrl = avatar;
      if (typeof body.url === 'string' && body.url) identity.url = body.url;
      return { id, identity };
    })();
    this.#user = load;
    load.catch(() => {
      if (this.#user === load) this.#user = undefined;
    });
    return load;
  }

  async currentIdentity(): Promise<Identity | null> {
    const user = await this.#currentUser().catch(() => null);
    return user ? { ...user.identity } : null;
  }

  async identityOptions(): Promise<IdentityOption[]> {
    const options: IdentityOption[] = [];
    if (!this.#options.signInRequired) options.push({ id: 'guest', label: 'Guest', kind: 'guest' });
    if (this.#options.loginUrl || this.#authenticated) {
      options.push({ id: WORDPRESS_OPTION_ID, label: this.#options.loginLabel ?? 'WordPress', kind: 'oauth' });
    }
    return options;
  }

  /**
   * WordPress logs in on its own page (wp-login.php): go there, and come back to this very page
   * (`redirect_to`, marked `ct-sign-in=wordpress`) logged in, with each thread's reply form and the
   * scroll position kept (core/return-point.ts) and the drafts as saved.
   */
  signIn(optionId: string, options: { signal?: AbortSignal } = {}): Promise<Identity> {
    if (optionId !== WORDPRESS_OPTION_ID) return Promise.reject(new ProviderError('not_found', `No identity option ${optionId}.`));
    return this.currentIdentity().then((identity) => {
      if (identity) {
        // Already logged in (a nonce or an Application Password): that is who comments.
        for (const listener of this.#identityListeners) listener({ ...identity });
        return identity;
      }
      const loginUrl = this.#options.loginUrl;
      if (!loginUrl) throw new ProviderError('unauthorized', 'This site has no login address configured.');
      const login = new URL(loginUrl, location.href);
      const back = new URL(location.href);
      back.searchParams.set(SIGN_IN_RESULT_PARAM, WORDPRESS_OPTION_ID);
      // Only back to this site (wp-login.php checks it too).
      if (new URL(login.searchParams.get('redirect_to') ?? location.href, location.href).origin === back.origin) {
        login.searchParams.set('redirect_to', back.href);
      }
      saveReturnPoint([SIGN_IN_RESULT_PARAM]);
      globalThis.location.assign(login.href);
      // The page is leaving; settle only if the reader cancels.
      return new Promise<Identity>((_, reject) => {
        options.signal?.addEventListener('abort', () => reject(new ProviderError('aborted', 'Login cancelled.')), { once: true });
      });
    });
  }

  /** Back from wp-login.php (once): the mark taken out of the address, the scroll position restored. */
  async returnedSignIn(): Promise<{ optionId: string } | null> {
    const url = new URL(location.href);
    if (url.searchParams.get(SIGN_IN_RESULT_PARAM) !== WORDPRESS_OPTION_ID) return null;
    url.searchParams.delete(SIGN_IN_RESULT_PARAM);
    history.replaceState(history.state, '', url.href);
    restoreReturnScroll();
    return { optionId: WORDPRESS_OPTION_ID };
  }

  async signOut(): Promise<void> {
    this.#signedOut = true;
    this.#user = undefined;
    // The post's facts were read as this reader (the edit window is theirs).
    this.#posts.clear();
    this.#editWindows.clear();
    for (const listener of this.#identityListeners) listener(null);
    if (this.#options.logoutUrl && this.#options.nonce) globalThis.location.assign(this.#options.logoutUrl);
  }

  onIdentityChange(listener: (identity: Identity | null) => void): () => void {
    this.#identityListeners.add(listener);
    return () => this.#identityListeners.delete(listener);
  }
}

function isWordPressId(value: string): boolean {
  return /^[1-9]\d*$/.test(value);
}

function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.getAttribute(name);
  return value === null || value === undefined || value === '' ? undefined : value;
}

/**
 * `provider="wordpress"`: reads `endpoint` (the REST root, default `/wp-json`) and, from the
 * element, the nonce (`wp-nonce`, `data-nonce`, `nonce` or the `nonce` property), `wp-since`, `login-url`, `logout-url`, `login-label`, `sign-in-required` and
 * `required-fields` (as the WordPress plugin writes them).
 */
export function createWordPressProvider(config: ProviderConfig): WordPressProvider {
  const element = config.element;
  const options: WordPressProviderOptions = { endpoint: config.endpoint || '/wp-json' };
  const nonce = pageNonce(element);
  if (nonce) options.nonce = nonce;
  const since = attribute(element, 'wp-since');
  if (since && /^\d{1,20}$/.test(since)) options.since = since;
  const loginUrl = attribute(element, 'login-url');
  if (loginUrl) options.loginUrl = loginUrl;
  const logoutUrl = attribute(element, 'logout-url');
  if (logoutUrl) options.logoutUrl = logoutUrl;
  const loginLabel = attribute(element, 'login-label');
  if (loginLabel) options.loginLabel = loginLabel;
  if (element?.hasAttribute('sign-in-required')) options.signInRequired = true;
  const required = element?.getAttribute('required-fields');
  if (typeof required === 'string') {
    options.requiredGuestFields = required
      .split(/\s+/)
      .filter((field): field is 'name' | 'email' => field === 'name' || field === 'email');
  }
  return new WordPressProvider(options);
}
