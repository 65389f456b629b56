import { SIGN_IN_RESULT_PARAM, restoreReturnScroll, saveReturnPoint } from '../core/return-scroll.js';
import { ProviderError } from '../errors.js';
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
import { WordPressChangeLog } from './wordpress-changes.js';
import { WordPressChangePoller } from './wordpress-live.js';
import { WordPressHttp, isWordPressId, transportError } from './wordpress-http.js';
import { addWordPressModeration, type WordPressModerationHost } from './wordpress-moderation.js';
import {
  headerCount,
  markdownToWordPressHtml,
  nextPageCursor,
  pageFromCursor,
  pickAvatar,
  toCommentRecord,
  toPostInfo,
  toWordPressError,
  type WordPressPostInfo,
} from './wordpress-mapping.js';
import { wordPressOptionsFrom, type WordPressProviderOptions } from './wordpress-options.js';
import { reactOnWordPress } from './wordpress-reactions.js';
import { AttemptLog, findStoredComment, heldRecord, type CurrentUser } from './wordpress-reconcile.js';
import type { ProviderConfig } from './registry.js';

export type { WordPressProviderOptions } from './wordpress-options.js';

const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 50;
const WORDPRESS_OPTION_ID = 'wordpress';

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
  /** Likes or unlikes a comment through the comment-thread plugin. Only offered with `reactions`. */
  readonly react?: (id: string, reaction: string, options?: { signal?: AbortSignal }) => Promise<CommentRecord>;
  // Moderation (src/providers/wordpress-moderation.ts): WordPress's REST API for users who can
  // `moderate_comments`; bans, reports and the reported queue with the plugin (`plugin`).
  readonly isModerator?: CommentDataProvider['isModerator'];
  readonly listModerationQueue?: CommentDataProvider['listModerationQueue'];
  readonly moderateComment?: CommentDataProvider['moderateComment'];
  readonly updateThreadSettings?: CommentDataProvider['updateThreadSettings'];
  readonly banAuthor?: CommentDataProvider['banAuthor'];
  readonly unbanAuthor?: CommentDataProvider['unbanAuthor'];
  readonly report?: CommentDataProvider['report'];
  /** Polls the queue's first page every `pollInterval` while the tab is visible (moderators only). */
  readonly subscribeModeration?: CommentDataProvider['subscribeModeration'];

  readonly endpoint: string;
  readonly #options: WordPressProviderOptions;
  readonly #http: WordPressHttp;
  readonly #attempts = new AttemptLog();
  readonly #posts = new Map<string, Promise<WordPressPostInfo & { route?: string }>>();
  readonly #editWindows = new Map<string, Promise<number | undefined>>();
  readonly #confirmed = new Map<string, CommentRecord>();
  readonly #identityListeners = new Set<(identity: Identity | null) => void>();
  #user: Promise<CurrentUser | null> | undefined;
  #poller?: WordPressChangePoller;

  constructor(options: WordPressProviderOptions) {
    if (!options?.endpoint) throw new TypeError('WordPressProvider needs the site’s REST root as `endpoint`.');
    this.#options = { ...options };
    this.endpoint = options.endpoint;
    this.#http = new WordPressHttp(this.#options);
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
    if (options.reactions?.length) {
      (this as { react?: WordPressProvider['react'] }).react = (id, reaction, more) => reactOnWordPress(this.#host, id, reaction, more?.signal);
    }
    // Moderation members (src/providers/wordpress-moderation.ts); they refuse anyone who cannot moderate.
    addWordPressModeration(this, this.#host, {
      plugin: Boolean(options.plugin || options.live || options.since || options.reactions?.length),
      pollInterval: options.pollInterval,
    });
  }

  /** What the modules adding members (reactions, moderation) use of this provider. */
  readonly #host: WordPressModerationHost = ((provider: WordPressProvider): WordPressModerationHost => ({
    request: (method, route, params, options) => provider.#http.request(method, route, params, options),
    record: async (raw, signal) => {
      const threadId = String((raw as { post?: unknown } | null)?.post ?? '');
      const post = await provider.#post(threadId, signal).catch(() => toPostInfo(null));
      const user = await provider.#currentUser(signal).catch(() => null);
      return toCommentRecord(raw, { threadId, postAuthor: post.author, viewerId: user?.id });
    },
    get authenticated() {
      return provider.#authenticated;
    },
    threadInfo: (threadId) => provider.threadInfo(threadId),
    forgetPost: (threadId) => {
      provider.#posts.delete(threadId);
      provider.#editWindows.delete(threadId);
    },
  }))(this);

  get #authenticated(): boolean {
    return this.#http.authenticated;
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
        const answer = await this.#http.get(route, params, signal);
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
    if (signal?.aborted) throw transportError(signal.reason, signal);
    if (!isWordPressId(threadId)) throw new ProviderError('not_found', `No WordPress post ${threadId}.`);
    const page = pageFromCursor(options.cursor);
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(options.limit ?? DEFAULT_PER_PAGE)));
    const postPromise = this.#post(threadId, signal).catch(() => toPostInfo(null));
    const userPromise = this.#currentUser(signal).catch(() => null);
    const answer = await this.#http.get(
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
    if (!this.#poller) {
      // One change log for every thread of this provider: what it delivered is not delivered twice.
      const log = new WordPressChangeLog({
        http: this.#http,
        viewerId: async () => (await this.#currentUser().catch(() => null))?.id,
        postAuthor: async (id) => (await this.#post(id).catch(() => toPostInfo(null))).author,
      });
      this.#poller = new WordPressChangePoller({
        fetchChanges: (threadIds, since) => log.fetch(threadIds, since),
        since: this.#options.since,
        interval: this.#options.pollInterval,
      });
    }
    if (!isWordPressId(threadId)) return () => {};
    return this.#poller.add(threadId, listener);
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
    if (this.#options.reactions?.length) info.reactions = [...this.#options.reactions];
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
      const answer = await this.#http.request('GET', route, { context: 'edit', _fields: 'id' });
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
    if (signal?.aborted) throw transportError(signal.reason, signal);
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
    const attempted = this.#attempts.remember(draft.idempotencyKey);
    const answer = await this.#http.request('POST', '/wp/v2/comments', {}, { signal, json: payload });

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
    const { author: postAuthor } = await this.#post(draft.threadId, signal).catch(() => toPostInfo(null));
    const stored = await findStoredComment(this.#http, { draft, content, user, postAuthor }, signal);
    if (stored) {
      stored.viewerIsAuthor = true;
      this.#confirmed.set(draft.idempotencyKey, structuredClone(stored));
      return stored;
    }
    if (attempted) {
      // Sent before and not visible: WordPress is holding it for moderation, and held comments
      // are hidden from readers. The earlier attempt stored it; say so.
      const held = heldRecord(draft, content, user);
      this.#confirmed.set(draft.idempotencyKey, structuredClone(held));
      return held;
    }
    throw error;
  }

  // -------------------------------------------------------------------------
  // Editing and deleting the reader's own comments

  async #updateComment(id: string, body: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    const { signal } = options;
    if (signal?.aborted) throw transportError(signal.reason, signal);
    if (!isWordPressId(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
    if (!this.#authenticated) throw new ProviderError('unauthorized', 'Log in to WordPress to edit a comment.');
    // The same conversion as a new comment's, so the stored edit matches the preview. An empty
    // text is sent as such: WordPress refuses it (`rest_comment_content_invalid`, in its language).
    const content = typeof body === 'string' && body.trim() ? markdownToWordPressHtml(body) : '';
    const user = await this.#currentUser(signal).catch(() => null);
    const answer = await this.#http.request('POST', `/wp/v2/comments/${id}`, {}, { signal, json: { content } });
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
    if (signal?.aborted) throw transportError(signal.reason, signal);
    if (!isWordPressId(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
    if (!this.#authenticated) throw new ProviderError('unauthorized', 'Log in to WordPress to delete a comment.');
    // To the trash, never `force`: a moderator can still restore it.
    const answer = await this.#http.request('DELETE', `/wp/v2/comments/${id}`, {}, { signal });
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
      const answer = await this.#http.request('GET', '/wp/v2/users/me', { _fields: 'id,name,url,avatar_urls' }, { signal });
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
    this.#http.signedOut = true;
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

/** `provider="wordpress"`: the options `wordPressOptionsFrom` reads from the element and `endpoint`. */
export function createWordPressProvider(config: ProviderConfig): WordPressProvider {
  return new WordPressProvider(wordPressOptionsFrom(config));
}
