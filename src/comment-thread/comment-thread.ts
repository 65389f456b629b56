import { ContextProvider } from '@lit/context';
import { LitElement, html, isServer, nothing, type PropertyValues } from 'lit';
import { ProviderPropertiesMixin, StringsPropertyMixin, ThemePropertyMixin } from '../mixins/shared-properties.js';
import { providerContext } from '../context.js';
import { DEFAULT_MAX_DEPTH } from '../core/tree.js';
import { FocusController } from '../controllers/focus-controller.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { MissingProviderController } from '../controllers/missing-provider-controller.js';
import { PermalinkController } from '../controllers/permalink-controller.js';
import { ProgressiveRenderController, SERVER_ITEMS } from '../controllers/progressive-render-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';
import { ReturnPointController } from '../controllers/return-point-controller.js';
import { takePreload } from '../model/preload.js';
import { threadModelContext } from '../model/context.js';
import { ThreadModel, type ModelChange } from '../model/thread-model.js';
import type { ThreadPreload } from '../model/thread-data.js';
import { Adoption } from '../ssr/adoption.js';
import { sharedStyles } from '../styles/shared.styles.js';
import type { CommentDataProvider, ThreadOrder } from '../types.js';
import { BodyCache, renderAvatar } from './bodies.js';
import type { CommentEnv } from './comment-env.js';
import { CommentEnvCache } from './env-cache.js';
import { CommentList } from './comment-list.js';
import { groupsSkip } from './group-avatars.js';
import { firstItems, hasFolds, progressiveItems, renderComment } from './comment-template.js';
import { commentThreadStyles } from './comment-thread.styles.js';
import { CommentGestures } from './comment-gestures.js';
import { moderationInPlace } from './moderation-controller.js';
import { followPageForms } from './page-forms.js';
import { preloadFormWhenIdle } from './form-loader.js';
import { ThreadFormController } from './thread-form.js';
import { renderLoadState, renderMore, renderOrderSwitch } from './thread-template.js';

export type { ThreadPreload };

/**
 * @summary A threaded comment section: "5 thoughts on …", nested replies, paging, live updates,
 * and the reply form, from any backend through a data provider.
 *
 * @csspart base - The whole section.
 * @csspart header - The heading row: count, title and order switch.
 * @csspart title - "5 thoughts on “The Myth of Networking”".
 * @csspart order - The oldest / newest switch.
 * @csspart list - The list of top-level comments.
 * @csspart replies - A nested list of replies.
 * @csspart item - The list item around a comment and its replies.
 * @csspart comment - One comment (`<article>`).
 * @csspart avatar - A comment's avatar image or initials.
 * @csspart author - The author's name (a link when they gave a website).
 * @csspart badge - The "Post author" mark.
 * @csspart permalink - The link to the comment, showing its time.
 * @csspart note - "In reply to …" and similar notes.
 * @csspart moderation - "Your comment is awaiting moderation."
 * @csspart body - The comment's text.
 * @csspart reply-button - A comment's "Reply" button.
 * @csspart reply-form - The reply form's place under a comment.
 * @csspart show-more - "Show N more replies" on a folded reply list.
 * @csspart show-full - "Show full comment" under a long comment shown shortened.
 * @csspart actions - The row of a comment's buttons.
 * @csspart reactions - A comment's reactions.
 * @csspart reaction - One reaction toggle with its count.
 * @csspart edited - The "edited" mark (the edit time on hover).
 * @csspart edit-form - The form that edits a comment in place.
 * @csspart edit-button - "Edit" on the reader's own comment.
 * @csspart delete-button - "Delete" on the reader's own comment.
 * @csspart confirm - The inline "Delete this comment?" confirmation.
 * @csspart confirm-delete - Its Delete button.
 * @csspart confirm-cancel - Its Cancel button.
 * @csspart report-button - "Report" on others' comments.
 * @csspart report-form - The reason picker for a report.
 * @csspart report-reason - The reason `<select>`.
 * @csspart report-send - "Send report".
 * @csspart reported - "Thank you. The comment was reported."
 * @csspart collapse-button - Collapses or expands a comment's replies.
 * @csspart hide-pending - "Hide" beside the reader's own comment awaiting moderation.
 * @csspart held - For moderators: a held or reported comment's mark and actions.
 * @csspart held-mark - "Held for moderation" (or "Reported").
 * @csspart moderate-button - Approve, Spam, Delete or Ban author on a held or reported comment.
 * @csspart moderation-done - "Approved." after a moderator's action, with Undo.
 * @csspart undo-button - Undo of that action (or of a ban).
 * @csspart form - The form's place after the comments.
 * @csspart form-placeholder - The form's stand-in (its heading and a text box) until the form's code has come.
 * @csspart loading - The loading skeleton.
 * @csspart error - "Couldn't load comments" with Retry.
 * @csspart retry - The Retry button.
 * @csspart load-more - The "Load more comments" button.
 * @csspart closed - "Comments are closed."
 *
 * @cssprop --comment-thread-font - Font of the element; inherits the page's by default.
 * @cssprop --comment-thread-color - Text colour; inherits the page's by default.
 * @cssprop --comment-thread-background - Background a theme paints (default: none without a theme).
 * @cssprop --comment-thread-padding - Inset of a themed element (default: the spacing unit).
 * @cssprop --comment-thread-separator-color - Lines between comments.
 * @cssprop --comment-thread-muted-color - Secondary text: times, notes, hints.
 * @cssprop --comment-thread-accent-color - Links, Reply buttons and primary buttons.
 * @cssprop --comment-thread-on-accent-color - Text on the accent colour.
 * @cssprop --comment-thread-surface-color - Avatar and button backgrounds, skeletons.
 * @cssprop --comment-thread-border-color - Separators and borders.
 * @cssprop --comment-thread-highlight-color - Background of the comment a permalink opened.
 * @cssprop --comment-thread-danger-color - Errors.
 * @cssprop --comment-thread-focus-color - The focus ring.
 * @cssprop --comment-thread-radius - Corner radius.
 * @cssprop --comment-thread-spacing - The base spacing unit.
 * @cssprop --comment-thread-avatar-size - Avatar size (default 2.5rem).
 * @cssprop --comment-thread-indent - How far each reply level is indented.
 *
 * @fires thread-loaded - A page of comments was loaded and shown. Detail: `{ threadId, shown, total }`.
 * @fires thread-error - Loading failed; Retry is shown. Detail: `{ threadId, error }`.
 * @fires reply-start - The reader chose Reply; the form moved under the comment. Detail: `{ parentId }`.
 * @fires reply-cancel - The reader cancelled the reply (from the inner form). Detail: `{ parentId }`.
 * @fires comment-posted - A comment was stored (from the inner form). Detail: `{ comment, draft }`.
 * @fires comment-post-failed - Posting failed, the text is kept (from the inner form). Detail: `{ error, draft }`.
 * @fires identity-change - The reader signed in or out (from the inner picker). Detail: `{ identity }`.
 * @fires comment-updated - The reader saved an edit of their comment. Detail: `{ comment }`.
 * @fires edit-cancel - The reader left editing without saving. Detail: `{ id }`.
 * @fires comment-deleted - The reader deleted their comment. Detail: `{ id }`.
 * @fires reaction-change - The reader's reaction was stored. Detail: `{ comment, reaction }`.
 * @fires comment-reported - The reader reported a comment. Detail: `{ id, reason }`.
 */
export class CommentThread extends StringsPropertyMixin(ThemePropertyMixin(ProviderPropertiesMixin(LitElement))) {
  static override styles = [sharedStyles, commentThreadStyles];

  /** @internal Declared here rather than with decorators: the first load then carries no decorator helper. */
  static override properties = {
    threadId: { attribute: 'thread-id' },
    threadTitle: { attribute: 'thread-title' },
    maxDepth: { type: Number, attribute: 'max-depth' },
    pageSize: { type: Number, attribute: 'page-size' },
    order: { reflect: true },
    avatars: { reflect: true },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    preloaded: { attribute: false },
  };

  /** The thread to show. */
  threadId = '';

  /** The title the header names ("5 thoughts on “{title}”"). */
  threadTitle = '';

  /** Deepest nesting level; deeper replies are shown at it, marked "In reply to …". */
  maxDepth = DEFAULT_MAX_DEPTH;

  /** Records requested per page. */
  pageSize = 50;

  /**
   * Order of top-level comments: `oldest`, `newest`, or `top` (most reactions, offered when the
   * provider supports reactions); replies always read oldest first.
   */
  order: ThreadOrder = 'oldest';

  /**
   * `remote` lets avatars load from other sites (Gravatar…). By default only avatars from the
   * page's own origin load, and others show initials: nothing is requested from a third party.
   * `none` shows no avatars at all, not even initials (WordPress's *Show Avatars* off).
   */
  declare avatars?: 'remote' | 'none';

  /** Show images in comment bodies (http/https only). Otherwise they are links. */
  allowImages = false;

  /**
   * A first page fetched elsewhere — by a server that rendered this thread (`renderThread`) —
   * so the element starts from it without asking the provider for the list again. A
   * `<script type="application/json" data-comment-thread-preload>` child does the same.
   */
  declare preloaded?: ThreadPreload;

  readonly #model = new ThreadModel(this);
  readonly #l10n = new LocalizeController(this);
  readonly #provider = new ProviderController(this);
  /** No provider came (property, ancestor or attribute) within a few seconds of showing. */
  readonly #missing = new MissingProviderController(this, () => this.#provider.value !== undefined);
  readonly #context = new ContextProvider(this, { context: providerContext });
  readonly #focus = new FocusController(this);
  readonly #progressive = new ProgressiveRenderController(
    this,
    () => (this.#model.phase === 'ready' ? progressiveItems(this.#model.displayTree().roots) : undefined),
    () => firstItems(this.#model.displayTree().roots),
  );
  readonly #permalink = new PermalinkController(this, {
    ready: () => this.#model.phase === 'ready',
    has: (id) => this.#model.records.has(id),
    hasMore: () => this.#model.nextCursor !== null,
    loadMore: () => this.#model.loadMore(),
    show: (id) => this.#gestures.reveal(id, this.#progressive),
  });
  readonly #form = new ThreadFormController(this, this.#model, this.#l10n);
  readonly #gestures = new CommentGestures({ element: this, model: this.#model, focus: this.#focus, form: this.#form, l10n: this.#l10n });
  /** A full-page sign-in comes back with this reply form open again (core/return-point.ts). */
  readonly #returnPoint = new ReturnPointController(this, () => ({ threadId: this.threadId, replyTo: this.#model.views.find('replying') }));
  /** Taking over a server's shadow root (Lit hydration): see src/ssr/adoption.ts. */
  readonly #adoption = new Adoption();
  readonly #bodies = new BodyCache();
  readonly #list = new CommentList();
  readonly #moderation = moderationInPlace(this, this.#model);
  readonly #brokenAvatars = new Set<string>();
  /** Bumped when something that changes how every comment looks, held outside properties, changed. */
  #uiVersion = 0;
  readonly #env = new CommentEnvCache();
  #idsBeforeMore?: Set<string>;
  /** The reader switched order: the switch stays while the thread reloads, keeping focus. */
  #keepOrderSwitch = false;

  constructor() {
    super();
    // The forms inside post and edit through the thread's model.
    new ContextProvider(this, { context: threadModelContext, initialValue: this.#model });
    this.#model.listen((change) => this.#onModelChange(change));
    // Comments posted or edited by a form of the page's own (not this thread's).
    if (!isServer) followPageForms(this, this.#model);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#model.resume(); // Reconnected (moved in the DOM): load afresh, live again.
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#model.pause(); // Answers still on their way belong to a connection that is over.
  }

  /** The provider in use (from the property, an ancestor, or the `provider` attribute). */
  get resolvedProvider(): CommentDataProvider | undefined {
    return this.#provider.value;
  }

  /**
   * The server rendered this thread into a declarative shadow root: with Lit's hydration support
   * loaded first (`comment-thread/hydrate`) the element adopts it, else it starts afresh in it. Either
   * way it renders from the embedded page, so nothing flashes and the list is not fetched again.
   */
  protected override createRenderRoot() {
    this.#adoption.claim(this);
    return super.createRenderRoot();
  }

  /** A server's markup waits, untouched, for the provider it was rendered for. */
  protected override shouldUpdate(): boolean {
    return !this.#adoption.adopting || this.#provider.value !== undefined;
  }

  protected override update(changed: PropertyValues<this>): void {
    this.#adoption.update(
      () => {
        try {
          super.update(changed);
        } finally {
          this.#list.takenOver();
        }
      },
      this.renderRoot,
      CommentThread.elementStyles,
    );
  }

  /** The preloaded first page, if it is the one this thread would load now (used once). */
  #takePreload(order: ThreadOrder): ThreadPreload | undefined {
    const preload = takePreload(this, this.preloaded);
    this.preloaded = undefined;
    return preload && preload.threadId === this.threadId && preload.order === order ? preload : undefined;
  }

  /** Loads the thread again from its first page. */
  reload(): void {
    const provider = this.#provider.value;
    if (!provider || !this.threadId) return;
    this.#progressive.reset();
    if (this.#adoption.adopting) this.#progressive.include(SERVER_ITEMS);
    this.#model.resetViews();
    const preload = this.#takePreload(this.order);
    if (this.#adoption.adopting) this.#adoption.renderedAt = Number(preload?.renderedAt) || undefined;
    this.#model.load(
      {
        provider,
        threadId: this.threadId,
        order: this.order === 'newest' ? 'newest' : 'oldest',
        pageSize: Math.max(1, Math.floor(this.pageSize) || 50),
        timeout: this.timeout,
      },
      preload,
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const model = this.#model;
    model.connection = { provider: this.#provider.value, threadId: this.threadId, timeout: this.timeout };
    model.display = { maxDepth: this.maxDepth, order: this.order };
    if (isServer) {
      // A server renders what it was given; it never calls a provider.
      const preload = this.#takePreload(this.order);
      if (preload) model.seed(preload);
      this.#adoption.renderedAt = preload?.renderedAt;
      return;
    }
    const providerChanged = this.#provider.changed();
    if (providerChanged) this.#context.setValue(this.#provider.value);
    if (providerChanged || changed.has('threadId') || changed.has('order') || changed.has('pageSize')) {
      this.reload();
    }
  }

  protected override firstUpdated(): void {
    // The server's markup is adopted: now what only the browser knows (the form, today's times).
    const stale = this.#adoption.finish();
    if (stale) this.#uiVersion++;
    if (stale !== undefined) this.requestUpdate();
  }

  /** What the model says changed: render it; focus and announcements follow the reader's gestures. */
  #onModelChange(change: ModelChange): void {
    if (change.kind === 'loaded') this.#onLoaded();
    else this.#gestures.followChange(change);
    this.requestUpdate();
  }

  #onLoaded(): void {
    // The reader's held comments and the permalink's highlight come after the server's markup is adopted.
    if (this.#adoption.adopting) return void this.updateComplete.then(() => this.#onLoaded());
    this.#keepOrderSwitch = false;
    if (this.#idsBeforeMore) this.#gestures.focusFirstNew(this.#idsBeforeMore, this.#progressive);
    this.#idsBeforeMore = undefined;
    this.#permalink.reveal();
    // After a full-page sign-in, the reply form that was open (core/return-point.ts).
    void this.#returnPoint.take(this.threadId).then((back) => {
      if (back === null || !this.#model.get(back)) return;
      this.#gestures.unfoldTo(back, this.#progressive);
      this.#model.reopenReply(back);
      this.#form.need();
    });
    // Painted first, then the form's code while the browser is idle.
    if (!this.#model.info.closed) void this.updateComplete.then(() => setTimeout(preloadFormWhenIdle));
  }

  /** Retry after the thread failed: the button goes away, so focus goes to the heading. */
  #retryLoad = () => (this.#focus.later(() => this.#gestures.heading()), this.#model.retry());

  #loadMore = () => {
    this.#idsBeforeMore = new Set(this.#model.records.keys());
    this.#model.loadMore();
  };

  #onOrderChange = (event: Event) => {
    this.#keepOrderSwitch = true;
    const value = (event.target as HTMLSelectElement).value;
    this.order = value === 'newest' || value === 'top' ? value : 'oldest';
  };

  /** The comment templates' environment: the same object until something in it changes. */
  #commentEnv(now: number): CommentEnv {
    const model = this.#model;
    const provider = this.#provider.value;
    const key = [this.#uiVersion, this.#l10n.strings, this.allowImages, this.avatars, this.theme, this.strings, this.timeout, model.info, provider, this.#moderation.version];
    const allowImages = this.allowImages;
    return this.#env.get(key, now, () => {
      const env: CommentEnv = {
        l10n: this.#l10n,
        now,
        info: model.info,
        provider,
        view: (id) => model.views.get(id),
        // Taking over a server's markup: its sanitised bodies are on screen already.
        body: (record, full) => this.#bodies.get(record, full, allowImages, this.#adoption.adopting),
        avatar: (record, name) =>
          renderAvatar(record, name, {
            avatars: this.avatars,
            // A server's images have their address already.
            defer: groupsSkip() && !this.#adoption.adopting,
            isBroken: (src) => this.#brokenAvatars.has(src),
            broken: (src) => {
              this.#brokenAvatars.add(src);
              this.#uiVersion++;
              this.requestUpdate();
            },
          }),
        replyForm: () => this.#form.element(),
        dialogs: (record, replies) => this.#gestures.renderDialogs(record, replies, env),
        editForm: (record) => this.#form.edit(record),
        on: this.#gestures.handlers,
        moderation: this.#moderation.render,
      };
      return env;
    });
  }

  protected override render() {
    const s = this.#l10n.strings;
    const model = this.#model;
    const ready = model.phase === 'ready';
    const tree = ready ? model.displayTree() : undefined;
    const count = model.total ?? tree?.shown ?? 0;
    const heading = ready
      ? this.threadTitle
        ? this.#l10n.plural(s.header, count, { title: this.threadTitle })
        : this.#l10n.plural(s.headerUntitled, count)
      : this.threadTitle || s.threadLabel;
    // Busy only while something loads: not once the thread failed, nor when no provider came.
    const busy = ready ? model.loadingMore : model.phase !== 'error' && !this.#missing.missing;
    const env = this.#commentEnv(this.#adoption.renderedAt ?? Date.now());
    return html`<section
      part="base"
      aria-labelledby="heading"
      aria-busy=${busy ? 'true' : 'false'}
      dir=${this.#l10n.dir}
    >
      <div class="header" part="header">
        <h2 id="heading" part="title" tabindex="-1">${heading}</h2>
        ${(ready && count > 1) || (this.#keepOrderSwitch && model.phase === 'loading')
          ? renderOrderSwitch(s, this.order, Boolean(this.#provider.value?.react), this.#onOrderChange)
          : nothing}
      </div>
      ${renderLoadState(s, {
        noProvider: this.#missing.missing && !this.#provider.value,
        loading: (!this.#provider.value && !isServer) || model.phase === 'idle' || model.phase === 'loading',
        error: model.phase === 'error' ? model.error : undefined,
        retry: this.#retryLoad,
      })}
      ${this.#permalink.missing ? html`<p class="note" role="status">${s.commentMissing}</p>` : nothing}
      ${tree && tree.roots.length
        ? this.#list.render(
            s.threadLabel,
            tree.roots.slice(0, this.#progressive.limit),
            // A conversation is described again only when its nodes changed (the tree keeps
            // untouched ones), the reader's view of one of its comments changed, how all comments
            // look changed (the environment), or its folded replies' turn came (`memo[3]`); the
            // list is not looked at while none of these can have (the guard, the last argument).
            (node, index) => [node, model.views.conversation(node.record.id), env, index < this.#progressive.limit - tree.roots.length && hasFolds(node)],
            (node, memo) => renderComment(node, env, memo[3] as boolean),
            this.#adoption.adopting ? this.renderRoot : undefined,
            [tree, this.#progressive.limit, env, model.views.version, s.threadLabel],
          )
        : nothing}
      ${renderMore(s, {
        more: ready && model.nextCursor !== null,
        loadingMore: model.loadingMore,
        loadMore: this.#loadMore,
        error: model.moreError,
        retry: () => model.retry(),
      })}
      ${ready && model.info.closed
        ? html`<p class="state" part="closed">${s.commentsClosed}</p>`
        : ready && model.views.find('replying') === null
          ? this.#form.renderAfterComments(isServer || this.#adoption.adopting)
          : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#focus.announcement}</div>
    </section>`;
  }
}
