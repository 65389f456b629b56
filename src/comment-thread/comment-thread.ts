import { ContextProvider } from '@lit/context';
import { LitElement, html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { CommentForm } from '../comment-form/comment-form.js';
import { providerContext } from '../context.js';
import { followReturnPoint, takeReturnReply, unfollowReturnPoint } from '../core/return-point.js';
import { DEFAULT_TIMEOUT_MS } from '../core/call.js';
import { readableDate } from '../core/dates.js';
import { initials } from '../core/initials.js';
import { forgetPending, reconcilePending, rememberPending } from '../core/own-comments.js';
import { renderBody } from '../core/markdown.js';
import { isUnreadable, normalizeRecord } from '../core/normalize.js';
import { LONG_BODY, shortenBody } from '../core/shorten.js';
import { DEFAULT_MAX_DEPTH, flattenDisplayTree, type DisplayNode, type DisplayTree } from '../core/tree.js';
import { safeHttpUrl } from '../core/url.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';
import { ThreadController, type ThreadPreload } from '../controllers/thread-controller.js';
import {
  CommentPostedEvent,
  CommentUpdatedEvent,
  EditCancelEvent,
  ReplyCancelEvent,
  ReplyStartEvent,
  ThreadErrorEvent,
  ThreadLoadedEvent,
} from '../events.js';
import { errorText, formatAbsoluteTime, formatRelativeTime, type StringOverrides } from '../locale/localize.js';
import { sharedStyles } from '../styles/shared.styles.js';
import type { CommentDataProvider, CommentRecord, ThreadOrder } from '../types.js';
import { CommentActionsController } from './comment-actions.js';
import { commentThreadStyles } from './comment-thread.styles.js';
import { loadForm, preloadFormWhenIdle } from './form-loader.js';
import { pageOrigin, STALE_AFTER_MS, takeover } from '../ssr/hydration.js';
import { oneOrAll } from './pieces.js';

const COMMENT_ID_PREFIX = 'comment-';
/** How long to wait for a provider before saying there is none. */
const MISSING_PROVIDER_AFTER_MS = 3000;
/** A reply list longer than this folds… */
const FOLD_LONGER_THAN = 5;
/** …showing this many replies, then "Show N more replies"… */
const SHOWN_WHEN_FOLDED = 3;
/** …which reveals this many more at a time. */
const REVEALED_PER_CLICK = 50;
/** Top-level comments in the first render: more than a screenful, quick to show. */
const FIRST_ROOTS = 10;
/** …and in a server's render, which has no later chunks. */
const SERVER_ROOTS = 40;
/** The main-thread time a later chunk aims at: under the 50 ms that make a long task. */
const CHUNK_BUDGET_MS = 30;
const CHUNK_MIN = 10;
const CHUNK_MAX = 400;

/** How many comments a display subtree holds. */
function countNodes(nodes: DisplayNode[]): number {
  let count = 0;
  const stack = [...nodes];
  while (stack.length) {
    const node = stack.pop()!;
    count++;
    stack.push(...node.children);
  }
  return count;
}

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
 * @csspart form - The form's place after the comments.
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
export class CommentThread extends LitElement {
  static override styles = [sharedStyles, commentThreadStyles];

  /** The data provider. Wins over the `provider` attribute and over an ancestor's provider. */
  @property({ attribute: false }) provider?: CommentDataProvider;

  /** The name of a registered provider factory (`memory`, `rest`, `wordpress`, or your own). */
  @property({ attribute: 'provider' }) providerName?: string;

  /** The endpoint handed to the named provider factory. */
  @property() endpoint?: string;

  /** The thread to show. */
  @property({ attribute: 'thread-id' }) threadId = '';

  /** The title the header names ("5 thoughts on “{title}”"). */
  @property({ attribute: 'thread-title' }) threadTitle = '';

  /** Deepest nesting level; deeper replies are shown at it, marked "In reply to …". */
  @property({ type: Number, attribute: 'max-depth' }) maxDepth = DEFAULT_MAX_DEPTH;

  /** Records requested per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  /**
   * Order of top-level comments: `oldest`, `newest`, or `top` (most reactions, offered when the
   * provider supports reactions); replies always read oldest first.
   */
  @property({ reflect: true }) order: ThreadOrder = 'oldest';

  /**
   * `remote` lets avatars load from other sites (Gravatar…). By default only avatars from the
   * page's own origin load, and others show initials: nothing is requested from a third party.
   * `none` shows no avatars at all, not even initials (WordPress's *Show Avatars* off).
   */
  @property({ reflect: true }) avatars?: 'remote' | 'none';

  /** Show images in comment bodies (http/https only). Otherwise they are links. */
  @property({ type: Boolean, attribute: 'allow-images' }) allowImages = false;

  /** Milliseconds before a provider call counts as failed. */
  @property({ type: Number }) timeout = DEFAULT_TIMEOUT_MS;

  /**
   * Colour scheme: unset inherits the page's colours; `light` or `dark` fixes one; `auto`
   * follows the page's `color-scheme` and the reader's `prefers-color-scheme`.
   */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /**
   * A first page fetched elsewhere — by a server that rendered this thread (`renderThread`) —
   * so the element starts from it without asking the provider for the list again. A
   * `<script type="application/json" data-comment-thread-preload>` child does the same.
   */
  @property({ attribute: false }) preloaded?: ThreadPreload;

  /** Overrides for any of the element's strings (also handed to the form and picker). */
  @property({ attribute: false }) strings?: StringOverrides | null;

  /** The comment the form answers, or `null` while it sits after the comments. */
  @state() private replyTo: string | null = null;
  @state() private announcement = '';
  @state() private highlighted?: string;
  @state() private missingLink = false;
  /** No provider came (property, ancestor or attribute) within a few seconds of showing. */
  @state() private providerMissing = false;

  readonly #l10n = new LocalizeController(this);
  readonly #provider = new ProviderController(this);
  readonly #context = new ContextProvider(this, { context: providerContext });
  readonly #thread = new ThreadController(this, {
    loaded: () => this.#onLoaded(),
    failed: (error) => this.dispatchEvent(new ThreadErrorEvent({ threadId: this.threadId, error })),
    live: (added) => {
      this.#keepReadingPosition();
      this.#announce(this.#l10n.plural(this.#l10n.strings.newComments, added.length));
    },
  });
  readonly #actions = new CommentActionsController(this, {
    thread: this.#thread,
    l10n: this.#l10n,
    announce: (text) => this.#announce(text),
    focusLater: (find) => (this.#focusAfterUpdate = find),
    article: (id) => this.#comment(id),
  });
  readonly #bodies = new WeakMap<CommentRecord, { key: string; html: string; element?: HTMLElement }>();
  readonly #brokenAvatars = new Set<string>();
  /** How many replies are shown, per comment whose long reply list the reader unfolded. */
  readonly #unfolded = new Map<string, number>();
  /** Comments whose long body the reader opened in full. */
  readonly #fullBodies = new Set<string>();
  /** Each comment's top-level conversation, per display tree. */
  readonly #rootOf = new WeakMap<DisplayTree, Map<string, string>>();
  /** How many top-level comments are rendered so far (grows frame by frame). */
  #rootLimit = isServer ? SERVER_ROOTS : FIRST_ROOTS;
  /** Top-level comments the next chunk adds: sized from how long the last one took. */
  #chunk = FIRST_ROOTS;
  #chunkStarted = 0;
  #uiVersion = 0;
  #growScheduled = false;
  #form?: CommentForm;
  #focusAfterUpdate?: () => HTMLElement | null | undefined;
  #idsBeforeMore?: Set<string>;
  /** Taking over a server's shadow root (Lit hydration): this render repeats the server's. */
  #adopting = false;
  /** The server's clock, for the render that repeats the server's. */
  #renderedAt?: number;

  constructor() {
    super();
    if (isServer) return;
    this.addEventListener(ReplyCancelEvent.eventName, (event) => this.#onReplyCancel(event));
    this.addEventListener(CommentPostedEvent.eventName, (event) => this.#onPosted(event));
    this.addEventListener(CommentUpdatedEvent.eventName, (event) => {
      // Events bubble from anywhere (a form of the page's own): read them as provider data.
      const comment = normalizeRecord(event.detail?.comment, this.threadId);
      if (!comment || !this.#thread.get(comment.id)) return;
      this.#thread.upsert(comment);
      this.#actions.endEdit(comment.id);
      this.#announce(this.#l10n.strings.saved);
    });
    this.addEventListener(EditCancelEvent.eventName, (event) => this.#actions.endEdit(event.detail.id));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    // A full-page sign-in comes back with this reply form open again (core/return-point.ts).
    followReturnPoint(this, () => ({ threadId: this.threadId, replyTo: this.replyTo }));
    // The form's code is not in the first load: it comes once the first comments have painted
    // (see #onLoaded) or when the reader reaches for the form; its stand-in then gives way.
    if (!customElements.get('comment-form')) void customElements.whenDefined('comment-form').then(() => this.#formDefined());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    unfollowReturnPoint(this);
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
    this.#adopting = !isServer && takeover()?.keepsServerRoot(this) === true;
    if (!isServer && !this.#adopting) this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  /** A server's markup waits, untouched, for the provider it was rendered for. */
  protected override shouldUpdate(): boolean {
    return !this.#adopting || this.#provider.value !== undefined;
  }

  protected override update(changed: PropertyValues<this>): void {
    try {
      super.update(changed);
    } catch (error) {
      if (!this.#adopting) throw error;
      takeover()!.startAfresh(this.renderRoot, CommentThread.elementStyles, error);
    }
  }

  /** The preloaded first page, if it is the one this thread would load now (used once). */
  #takePreload(order: ThreadOrder): ThreadPreload | undefined {
    let preload = this.preloaded;
    if (!preload && !isServer) {
      const script = this.querySelector('script[type="application/json"][data-comment-thread-preload]');
      try {
        preload = script?.textContent ? (JSON.parse(script.textContent) as ThreadPreload) : undefined;
      } catch {
        preload = undefined;
      }
      script?.remove();
    }
    this.preloaded = undefined;
    return preload && preload.threadId === this.threadId && preload.order === order ? preload : undefined;
  }

  /** Loads the thread again from its first page. */
  reload(): void {
    const provider = this.#provider.value;
    if (!provider || !this.threadId) return;
    this.replyTo = null;
    this.#rootLimit = this.#adopting ? SERVER_ROOTS : FIRST_ROOTS;
    this.#chunk = FIRST_ROOTS;
    this.#unfolded.clear();
    this.#fullBodies.clear();
    this.#actions.reset();
    const preload = this.#takePreload(this.order);
    if (this.#adopting) this.#renderedAt = Number(preload?.renderedAt) || undefined;
    this.#thread.load(
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
    if (isServer) {
      // A server renders what it was given; it never calls a provider.
      const preload = this.#takePreload(this.order);
      if (preload) this.#thread.seed(preload);
      this.#renderedAt = preload?.renderedAt;
      return;
    }
    const providerChanged = this.#provider.changed();
    if (providerChanged) this.#context.setValue(this.#provider.value);
    if (providerChanged || changed.has('threadId') || changed.has('order') || changed.has('pageSize')) {
      this.reload();
    }
  }

  protected override firstUpdated(): void {
    if (this.#adopting) {
      // The server's markup is adopted: now what only the browser knows (the form, today's times).
      this.#adopting = false;
      if (Date.now() - (this.#renderedAt ?? 0) > STALE_AFTER_MS) this.#uiVersion++;
      this.#renderedAt = undefined;
      this.requestUpdate();
    }
    // A provider may come a moment later (a framework sets it, an ancestor upgrades):
    // only after a while does its absence become an error the reader sees.
    setTimeout(() => {
      if (!this.#provider.value) this.providerMissing = true;
    }, MISSING_PROVIDER_AFTER_MS);
  }

  protected override updated(): void {
    if (this.providerMissing && this.#provider.value) this.providerMissing = false;
    const target = this.#focusAfterUpdate?.();
    this.#focusAfterUpdate = undefined;
    target?.focus();
    if (this.#chunkStarted) {
      const took = Math.max(1, performance.now() - this.#chunkStarted);
      this.#chunk = Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, Math.round((this.#chunk * CHUNK_BUDGET_MS) / took)));
      this.#chunkStarted = 0;
    }
    this.#growLater();
  }

  /**
   * Per top-level conversation, what the reader did to its comments (replying, unfolding, opening
   * in full, highlighted, the actions' state): part of that conversation's `guard` key, so that
   * such a change renders only the conversation it happened in.
   */
  #localState(tree: DisplayTree): Map<string, string> {
    let rootOf = this.#rootOf.get(tree);
    if (!rootOf) {
      rootOf = new Map();
      for (const root of tree.roots) {
        const stack = [root];
        while (stack.length) {
          const node = stack.pop()!;
          rootOf.set(node.record.id, root.record.id);
          stack.push(...node.children);
        }
      }
      this.#rootOf.set(tree, rootOf);
    }
    const local = new Map<string, string>();
    const mark = (id: string | null | undefined, what: string) => {
      const root = id == null ? undefined : rootOf.get(id);
      if (root !== undefined) local.set(root, `${local.get(root) ?? ''}${what}:${id};`);
    };
    mark(this.replyTo, 'reply');
    mark(this.highlighted, 'highlight');
    for (const [id, shown] of this.#unfolded) mark(id, `shown${shown}`);
    for (const id of this.#fullBodies) mark(id, 'full');
    for (const [id, state] of this.#actions.stateByComment()) mark(id, state);
    return local;
  }

  /** Something that changes how every comment looks, held outside reactive properties, changed. */
  #uiChanged(): void {
    this.#uiVersion++;
    this.requestUpdate();
  }

  /** Renders the next chunk of top-level comments in a later task, until all are in. */
  #growLater(): void {
    if (this.#growScheduled || this.#thread.phase !== 'ready') return;
    if (this.#rootLimit >= this.#thread.tree(this.maxDepth, this.order).roots.length) return;
    this.#growScheduled = true;
    const grow = () => {
      this.#growScheduled = false;
      this.#chunkStarted = performance.now();
      this.#rootLimit += this.#chunk;
      this.requestUpdate();
    };
    // After the frame that shows what is there (the first screen paints before more is added),
    // then in a task of its own. Pages without frames (a background tab, a throttled frame)
    // go on after a moment anyway.
    let scheduled = false;
    const next = () => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(grow, 0);
    };
    requestAnimationFrame(next);
    setTimeout(next, 100);
  }

  #comment(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(COMMENT_ID_PREFIX + id)}`);
  }

  #announce(text: string): void {
    // Clear first so the same words are announced again.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  #onLoaded(): void {
    // The reader's held comments and the permalink's highlight come after the server's markup is adopted.
    if (this.#adopting) return void this.updateComplete.then(() => this.#onLoaded());
    this.#keepOrderSwitch = false;
    // The reader's own held comments, which the backend may hide after a reload.
    for (const record of reconcilePending(this.threadId, this.#thread.records)) this.#thread.upsert(record);
    const tree = this.#thread.tree(this.maxDepth, this.order);
    this.dispatchEvent(
      new ThreadLoadedEvent({ threadId: this.threadId, shown: tree.shown, total: this.#thread.total ?? tree.shown }),
    );
    const before = this.#idsBeforeMore;
    if (before) {
      this.#idsBeforeMore = undefined;
      const first = flattenDisplayTree(tree).find((node) => !before.has(node.record.id));
      if (first) this.#focusAfterUpdate = () => this.#comment(first.record.id);
    }
    this.#revealHash();
    const back = takeReturnReply(this.threadId); // after a full-page sign-in (core/return-point.ts)
    if (back !== null && this.#thread.get(back)) {
      this.#unfoldTo(back);
      this.replyTo = back;
      this.#needForm();
    }
    // Painted first, then the form's code while the browser is idle.
    if (!this.#thread.info.closed) void this.updateComplete.then(() => setTimeout(preloadFormWhenIdle));
  }

  /** The reader reached for the form before its code came: fetch it now. */
  #needForm = () => void loadForm().catch(() => undefined);

  /**
   * The form's code came: the stand-in gives way, and what was typed into it goes into the form,
   * focus with it, in the same task (no keystroke falls between them).
   */
  async #formDefined(): Promise<void> {
    const standIn = this.renderRoot.querySelector<HTMLTextAreaElement>('[part~="form-placeholder"] textarea');
    const typed = standIn?.value ?? '';
    const focused = standIn !== null && standIn === (this.renderRoot as ShadowRoot).activeElement;
    this.requestUpdate();
    await this.updateComplete;
    const form = this.#form;
    if (!form || !form.isConnected || !(typed || focused)) return;
    await form.updateComplete;
    form.adoptText(typed);
    if (focused) form.focusBody();
  }

  /**
   * Where the form will be until its code has come: its heading and a text box of its size, so
   * nothing shifts, and what is typed there is not lost.
   */
  #formStandIn(): TemplateResult | typeof nothing {
    if (!isServer && !this.#adopting && customElements.get('comment-form')) return nothing;
    const title = this.#l10n.strings.formTitle;
    return html`<div class="form-placeholder" part="form-placeholder" @focusin=${this.#needForm} @pointerdown=${this.#needForm}
      ><h3>${title}</h3><textarea aria-label=${title} rows="5" ?disabled=${isServer || this.#adopting}></textarea></div>`;
  }

  #onHashChange = () => this.#revealHash();

  /**
   * Keeps the comment the reader is looking at where it is on screen while comments arrive
   * above it. Browsers with scroll anchoring do this already (the correction is then 0);
   * WebKit has none.
   */
  #keepReadingPosition(): void {
    const articles = this.renderRoot.querySelectorAll<HTMLElement>('article');
    let anchor: HTMLElement | undefined;
    for (const article of articles) {
      if (article.getBoundingClientRect().bottom > 0) {
        anchor = article;
        break;
      }
    }
    // A reader at the top of the page sees what arrives; one below the thread reads nothing in it.
    if (!anchor || window.scrollY === 0 || anchor.getBoundingClientRect().top > window.innerHeight) return;
    const before = anchor.getBoundingClientRect().top;
    void this.updateComplete.then(() => {
      const moved = anchor.getBoundingClientRect().top - before;
      if (Math.abs(moved) > 1) window.scrollBy(0, moved);
    });
  }

  /** Retry after the thread failed: the button goes away, so focus goes to the heading. */
  #retryLoad = () => {
    this.#focusAfterUpdate = () => this.renderRoot.querySelector<HTMLElement>('h2');
    this.#thread.retry();
  };

  /** Opens `#comment-{id}`: loads pages until it is found, then scrolls to and highlights it. */
  #revealHash(): void {
    let hash = location.hash.slice(1);
    try {
      hash = decodeURIComponent(hash);
    } catch {
      // A malformed escape (`#%`) is read as written: an address anyone can type never breaks the thread.
    }
    if (!hash.startsWith(COMMENT_ID_PREFIX) || this.#thread.phase !== 'ready') return;
    const id = hash.slice(COMMENT_ID_PREFIX.length);
    if (this.#thread.records.has(id)) {
      this.#unfoldTo(id);
      this.highlighted = id;
      this.missingLink = false;
      this.#focusAfterUpdate = () => {
        const element = this.#comment(id);
        element?.scrollIntoView({ block: 'start' });
        return element;
      };
      return;
    }
    if (this.#thread.nextCursor !== null) this.#thread.loadMore();
    else this.missingLink = true;
  }

  /** Unfolds every folded reply list between the top and the comment `id`. */
  #unfoldTo(id: string): void {
    const parentOf = new Map<DisplayNode, DisplayNode | undefined>();
    const stack: DisplayNode[] = [...this.#thread.tree(this.maxDepth, this.order).roots];
    for (const root of stack) parentOf.set(root, undefined);
    let target: DisplayNode | undefined;
    while (stack.length && !target) {
      const node = stack.pop()!;
      if (node.record.id === id) target = node;
      for (const child of node.children) {
        parentOf.set(child, node);
        stack.push(child);
      }
    }
    for (let node = target; node; node = parentOf.get(node)) {
      const parent = parentOf.get(node);
      if (parent) {
        const index = parent.children.indexOf(node);
        const shown = this.#unfolded.get(parent.record.id) ?? SHOWN_WHEN_FOLDED;
        if (index >= shown) {
          this.#unfolded.set(parent.record.id, index + 1);
        }
      } else {
        const index = this.#thread.tree(this.maxDepth, this.order).roots.indexOf(node);
        this.#rootLimit = Math.max(this.#rootLimit, index + 1);
      }
    }
  }

  #unfold(node: DisplayNode): void {
    const shown = this.#unfolded.get(node.record.id) ?? SHOWN_WHEN_FOLDED;
    this.#unfolded.set(node.record.id, shown + REVEALED_PER_CLICK);
    const first = node.children[shown];
    this.requestUpdate();
    if (first) this.#focusAfterUpdate = () => this.#comment(first.record.id);
  }

  #showFullBody(record: CommentRecord): void {
    this.#fullBodies.add(record.id);
    this.requestUpdate();
    this.#focusAfterUpdate = () => this.#comment(record.id);
  }

  #hidePending(record: CommentRecord): void {
    forgetPending(record.threadId, [record.id]);
    this.#thread.remove(record.id);
    this.#focusAfterUpdate = () => this.renderRoot.querySelector<HTMLElement>('h2');
  }

  #startReply(record: CommentRecord): void {
    this.replyTo = record.id;
    this.#needForm();
    this.dispatchEvent(new ReplyStartEvent({ parentId: record.id }));
    void this.updateComplete
      .then(() => customElements.whenDefined('comment-form'))
      .then(() => this.#form?.focusBody());
  }

  #onReplyCancel(event: ReplyCancelEvent): void {
    const parentId = event.detail.parentId;
    if (this.replyTo !== parentId) return;
    this.replyTo = null;
    this.#focusAfterUpdate = () => this.#comment(parentId)?.querySelector<HTMLElement>('.reply');
  }

  #onPosted(event: CommentPostedEvent): void {
    const comment = normalizeRecord(event.detail?.comment);
    if (!comment || comment.threadId !== this.threadId) return;
    if (comment.status === 'pending') rememberPending(comment);
    this.#thread.upsert(comment);
    this.replyTo = null;
    const s = this.#l10n.strings;
    this.#announce(comment.status === 'pending' ? s.postedPending : s.posted);
    this.#focusAfterUpdate = () => this.#comment(comment.id);
  }

  #loadMore(): void {
    this.#idsBeforeMore = new Set(this.#thread.records.keys());
    this.#thread.loadMore();
  }

  /** The reader switched order: the switch stays while the thread reloads, keeping focus. */
  #keepOrderSwitch = false;

  #onOrderChange(event: Event): void {
    this.#keepOrderSwitch = true;
    const value = (event.target as HTMLSelectElement).value;
    this.order = value === 'newest' || value === 'top' ? value : 'oldest';
  }

  #renderedBody(record: CommentRecord, full: boolean): { key: string; html: string; element?: HTMLElement } {
    // Markdown is parsed once per record (and per shortened/full form), not on every update.
    const key = `${this.allowImages}|${full}`;
    const cached = this.#bodies.get(record);
    if (cached?.key === key) return cached;
    // Taking over a server's markup: its sanitised body is on screen already.
    const adopted = this.#adopting ? takeover()!.serverBody(this.renderRoot, COMMENT_ID_PREFIX + record.id) : null;
    if (adopted) return this.#bodies.set(record, { key, html: '', element: adopted }).get(record)!;
    const source = full ? record.body : (shortenBody(record.body) ?? record.body);
    // Throws for a body the sanitiser cannot handle (it returns nothing for some documents, e.g. a
    // <frameset>): #renderComment then shows that this comment could not be displayed.
    const rendered = { key, html: renderBody(source, { format: record.bodyFormat, allowImages: this.allowImages }) };
    this.#bodies.set(record, rendered);
    return rendered;
  }

  /**
   * The comment's text, sanitised. In the browser, an element built once per record from the
   * sanitised HTML and moved wherever the comment renders: an `unsafeHTML` template would parse
   * each body into a template of its own (kept in Lit's cache for good) and then clone it.
   */
  #bodyElement(record: CommentRecord, full: boolean): HTMLElement | TemplateResult {
    const rendered = this.#renderedBody(record, full);
    if (isServer) return html`<div class="body" part="body" dir="auto">${unsafeHTML(rendered.html)}</div>`;
    if (!rendered.element) {
      const element = document.createElement('div');
      element.className = 'body';
      element.setAttribute('part', 'body');
      element.dir = 'auto';
      element.innerHTML = rendered.html;
      rendered.element = element;
    }
    return rendered.element;
  }

  #avatar(record: CommentRecord, name: string): TemplateResult | typeof nothing {
    if (this.avatars === 'none') return nothing;
    const src = safeHttpUrl(record.author.avatarUrl);
    const allowed =
      src !== null && (this.avatars === 'remote' || new URL(src).origin === pageOrigin());
    if (src && allowed && !this.#brokenAvatars.has(src)) {
      return html`<img
        class="avatar"
        part="avatar"
        src=${src}
        alt=""
        width="40"
        height="40"
        loading="lazy"
        referrerpolicy="no-referrer"
        @error=${() => {
          // Never a broken image: fall back to initials.
          this.#brokenAvatars.add(src);
          this.#uiChanged();
        }}
      />`;
    }
    return html`<span class="avatar" part="avatar" aria-hidden="true">${initials(name)}</span>`;
  }

  /*
   * The per-comment templates keep Lit's child parts (each leaves a marker comment in the DOM) to
   * what varies from comment to comment: optional regions are one part each, chosen whole, and a
   * part that would hold a one-item list holds that item (a list costs two markers an item).
   * No whitespace between tags and bindings: each would be a text node per comment.
   */
  #renderCommentUnguarded(node: DisplayNode, now: number): TemplateResult {
    const { record } = node;
    const s = this.#l10n.strings;
    const t = this.#l10n.t.bind(this.#l10n);
    const lang = this.#l10n.lang;
    const name = record.author.name || s.anonymous;
    const authorUrl = safeHttpUrl(record.author.url);
    const created = readableDate(record.createdAt);
    const relative = created ? formatRelativeTime(created, lang, now) : s.unknownDate;
    const deleted = record.status === 'deleted';
    const domId = COMMENT_ID_PREFIX + record.id;
    const editing = this.#actions.editing === record.id;
    const canReply = !deleted && !editing && record.status !== 'pending' && this.#thread.info.closed !== true;
    const replies = countNodes(node.children);
    const actions = editing
      ? nothing
      : canReply
        ? html`<div class="actions" part="actions">${this.#actions.renderReactions(record)}<button
              type="button"
              class="reply"
              part="reply-button"
              aria-label=${t('replyLabel', { name })}
              aria-expanded=${this.replyTo === record.id ? 'true' : 'false'}
              @click=${() => this.#startReply(record)}
            >${s.reply}</button>${this.#actions.renderControls(record, replies, now)}${this.#actions.renderDialogs(record, replies)}</div>`
        : html`<div class="actions" part="actions">${this.#actions.renderReactions(record)}${this.#actions.renderControls(
            record,
            replies,
            now,
          )}${this.#actions.renderDialogs(record, replies)}</div>`;
    return html`<li part="item" data-depth=${node.depth}><article
        id=${domId}
        part="comment"
        class=${this.highlighted === record.id ? 'highlight' : ''}
        tabindex="-1"
        aria-labelledby="${domId}-author"
      >${this.#avatar(record, name)}<div class="meta"><span class="author" part="author" id="${domId}-author">${authorUrl &&
          !deleted
            ? html`<a href=${authorUrl} rel="ugc nofollow noopener">${name}</a>`
            : name}</span>${this.#headerMarks(record, deleted)}<a
            class="permalink"
            part="permalink"
            href="#${domId}"
            aria-label=${t('permalinkLabel', { name, time: relative })}
          >${created
            ? html`<time datetime=${record.createdAt} title=${formatAbsoluteTime(created, lang)}>${relative}</time>`
            : relative}</a></div>${this.#notes(
          node,
        )}${editing ? this.#editForm(record) : this.#body(record, deleted)}${actions}</article>${this.replyTo === record.id
        ? html`<div class="reply-form" part="reply-form">${this.#formElement()}</div>`
        : nothing}${node.children.length && !this.#actions.isCollapsed(record.id) ? this.#renderReplies(node, now) : nothing}</li>`;
  }

  /** The "Post author" and "edited" marks beside the name, when there are any. */
  #headerMarks(record: CommentRecord, deleted: boolean): TemplateResult | typeof nothing {
    const owner = record.author.isThreadOwner === true;
    const edited = Boolean(record.editedAt) && !deleted;
    if (!owner && !edited) return nothing;
    const s = this.#l10n.strings;
    return html`${owner ? html`<span class="badge" part="badge">${s.postAuthor}</span>` : nothing}${edited
      ? html`<span
          class="edited"
          part="edited"
          title=${this.#l10n.t('editedOn', { date: formatAbsoluteTime(new Date(record.editedAt!), this.#l10n.lang) })}
        >${s.editedMark}</span>`
      : nothing}`;
  }

  /** "In reply to …", "the comment it answered is gone", and the moderation notice. */
  #notes(node: DisplayNode): unknown {
    const { record } = node;
    const s = this.#l10n.strings;
    return oneOrAll([
      node.inReplyTo !== undefined
        ? html`<p class="note" part="note">${this.#l10n.t('inReplyTo', { name: node.inReplyTo || s.anonymous })}</p>`
        : node.detached === 'orphan'
          ? html`<p class="note" part="note">${s.replyToMissing}</p>`
          : nothing,
      record.status === 'pending'
        ? html`<p class="note" part="moderation">${s.awaitingModeration} <button
              type="button"
              class="link-button"
              part="hide-pending"
              aria-label=${s.hidePendingLabel}
              @click=${() => this.#hidePending(record)}
            >${s.hidePending}</button></p>`
        : nothing,
    ]);
  }

  #body(record: CommentRecord, deleted: boolean): HTMLElement | TemplateResult {
    if (deleted) {
      return html`<div class="body" part="body" dir="auto"><p class="note">${this.#l10n.strings.deletedComment}</p></div>`;
    }
    const showFull = this.#fullBodies.has(record.id);
    const body = this.#bodyElement(record, showFull);
    return !showFull && record.body.length > LONG_BODY
      ? html`${body}<button type="button" class="link-button show-full" part="show-full" @click=${() =>
          this.#showFullBody(record)}>${this.#l10n.strings.showFullComment}</button>`
      : body;
  }

  /**
   * A comment, or — when it could not be read, or anything about it fails to render (its body
   * parsed or sanitised, say) — its place in the thread saying it could not be displayed, with its
   * replies: one record never takes the thread down.
   */
  #renderComment(node: DisplayNode, now: number): TemplateResult {
    try {
      if (!isUnreadable(node.record)) return this.#renderCommentUnguarded(node, now);
    } catch {
      // Shown below.
    }
    return html`<li part="item" data-depth=${node.depth}><article id=${COMMENT_ID_PREFIX + node.record.id} part="comment" tabindex="-1"
      ><div class="body" part="body"><p class="note">${this.#l10n.strings.commentUnavailable}</p></div></article>${node.children.length
        ? this.#renderReplies(node, now)
        : nothing}</li>`;
  }

  #editForm(record: CommentRecord): TemplateResult {
    return html`<comment-form
      class="edit-form"
      part="edit-form"
      .editing=${record}
      .threadId=${this.threadId}
      .strings=${this.strings}
      .timeout=${this.timeout}
      .theme=${this.theme}
      .embedded=${true}
    ></comment-form>`;
  }

  /** A comment's replies; a long list folds behind "Show N more replies" until opened. */
  #renderReplies(node: DisplayNode, now: number): TemplateResult {
    const limit =
      node.children.length > FOLD_LONGER_THAN
        ? (this.#unfolded.get(node.record.id) ?? SHOWN_WHEN_FOLDED)
        : node.children.length;
    const folded = limit < node.children.length;
    const shown = folded ? node.children.slice(0, limit) : node.children;
    const replies = repeat(shown, (child) => child.record.id, (child) => this.#renderComment(child, now));
    if (!folded) return html`<ol part="replies">${replies}</ol>`;
    const hidden = countNodes(node.children.slice(limit));
    return html`<ol part="replies">${replies}<li><button type="button" class="button show-more" part="show-more" @click=${() =>
      this.#unfold(node)}>${this.#l10n.plural(this.#l10n.strings.moreReplies, hidden)}</button></li></ol>`;
  }

  /** The one form, moved between its place after the comments and under a comment. */
  #formElement(): CommentForm {
    const form = (this.#form ??= document.createElement('comment-form'));
    const parent = this.replyTo !== null ? this.#thread.records.get(this.replyTo) : undefined;
    form.threadId = this.threadId;
    form.parentId = parent ? parent.id : null;
    form.replyToName = parent ? parent.author.name || this.#l10n.strings.anonymous : undefined;
    form.strings = this.strings;
    form.timeout = this.timeout;
    form.theme = this.theme;
    // The thread announces what the form posts, from a live region that stays put.
    form.embedded = true;
    form.requiresSignIn = this.#thread.info.requiresSignIn === true;
    form.fieldLimits = this.#thread.info.fieldLimits ?? null;
    form.notifications = this.#thread.info.notifications === true;
    const required = this.#thread.info.requiredGuestFields;
    if (Array.isArray(required)) form.requiredFields = required.join(' ');
    return form;
  }

  #renderState(): TemplateResult | typeof nothing {
    const s = this.#l10n.strings;
    const thread = this.#thread;
    if (this.providerMissing && !this.#provider.value) {
      return html`<div class="state" part="error" role="alert">
        <p><strong>${s.loadFailed}</strong></p>
        <p>${s.noProvider}</p>
      </div>`;
    }
    if ((!this.#provider.value && !isServer) || thread.phase === 'idle' || thread.phase === 'loading') {
      return html`<div class="state" part="loading">
        <span class="visually-hidden">${s.loading}</span>
        ${[0, 1, 2].map(
          () => html`<div class="skeleton" aria-hidden="true">
            <span class="circle"></span>
            <div><span style="inline-size: 30%"></span><span></span><span style="inline-size: 70%"></span></div>
          </div>`,
        )}
      </div>`;
    }
    if (thread.phase === 'error') {
      return html`<div class="state" part="error" role="alert">
        <p><strong>${s.loadFailed}</strong></p>
        <p>${errorText(s, thread.error?.code ?? 'unknown', thread.error?.retryAfter)}</p>
        <button type="button" class="button" part="retry" @click=${this.#retryLoad}>${s.retry}</button>
      </div>`;
    }
    return nothing;
  }

  protected override render() {
    const s = this.#l10n.strings;
    const thread = this.#thread;
    const ready = thread.phase === 'ready';
    const tree = ready ? thread.tree(this.maxDepth, this.order) : undefined;
    const local = tree ? this.#localState(tree) : undefined;
    const count = thread.total ?? tree?.shown ?? 0;
    const heading = ready
      ? this.threadTitle
        ? this.#l10n.plural(s.header, count, { title: this.threadTitle })
        : this.#l10n.plural(s.headerUntitled, count)
      : this.threadTitle || s.threadLabel;
    const now = this.#renderedAt ?? Date.now();
    // Busy only while something loads: not once the thread failed, nor when no provider came.
    const busy = ready ? thread.loadingMore : thread.phase !== 'error' && !this.providerMissing;
    const provider = this.#provider.value;
    const renderKey = [
      this.#uiVersion,
      this.#l10n.lang,
      this.allowImages,
      this.avatars,
      this.theme,
      thread.info.closed,
      thread.info.editWindow,
      String(thread.info.reactions),
    ].join('|');
    return html`<section
      part="base"
      aria-labelledby="heading"
      aria-busy=${busy ? 'true' : 'false'}
      dir=${this.#l10n.dir}
    >
      <div class="header" part="header">
        <h2 id="heading" part="title" tabindex="-1">${heading}</h2>
        ${(ready && count > 1) || (this.#keepOrderSwitch && thread.phase === 'loading')
          ? html`<label class="order">
              ${s.orderLabel}
              <select part="order" @change=${this.#onOrderChange} .value=${this.order}>
                <option value="oldest" ?selected=${this.order !== 'newest'}>${s.orderOldest}</option>
                <option value="newest" ?selected=${this.order === 'newest'}>${s.orderNewest}</option>
                ${this.#provider.value?.react
                  ? html`<option value="top" ?selected=${this.order === 'top'}>${s.orderTop}</option>`
                  : nothing}
              </select>
            </label>`
          : nothing}
      </div>
      ${this.#renderState()}
      ${this.missingLink ? html`<p class="note" role="status">${s.commentMissing}</p>` : nothing}
      ${tree && tree.roots.length
        ? html`<ol part="list" aria-label=${s.threadLabel}>
            ${repeat(
              tree.roots.slice(0, this.#rootLimit),
              (node) => node.record.id,
              // A conversation is rendered again only when its nodes changed (the tree keeps
              // untouched ones), the reader did something in it, or how all comments look changed.
              (node) =>
                guard([node, renderKey, local?.get(node.record.id), s, provider], () =>
                  this.#renderComment(node, now),
                ),
            )}
          </ol>`
        : nothing}
      ${ready && thread.nextCursor !== null
        ? html`<div class="more">
            <button
              type="button"
              class="button"
              part="load-more"
              ?disabled=${thread.loadingMore}
              @click=${this.#loadMore}
            >
              ${thread.loadingMore ? s.loadingMore : s.loadMore}
            </button>
          </div>`
        : nothing}
      ${thread.moreError
        ? html`<div class="state" part="error" role="alert">
            <p>${s.loadFailed}. ${errorText(s, thread.moreError.code, thread.moreError.retryAfter)}</p>
            <button type="button" class="button" part="retry" @click=${() => thread.retry()}>${s.retry}</button>
          </div>`
        : nothing}
      ${ready && thread.info.closed
        ? html`<p class="state" part="closed">${s.commentsClosed}</p>`
        : ready && this.replyTo === null
          ? html`<div class="form" part="form">${isServer || this.#adopting ? nothing : this.#formElement()}${this.#formStandIn()}</div>`
          : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}
