import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ProviderPropertiesMixin, ThemePropertyMixin } from '../mixins/shared-properties.js';
import { languageOf } from '../controllers/localize-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';
import { callWithTimeout } from '../core/call.js';
import { renderBody } from '../core/markdown.js';
import { toProviderError } from '../errors.js';
import { AuthorBanEvent, ModerationActionEvent } from './events.js';
import { moderationStrings, type ModerationStrings } from '../locale/moderation/index.js';
import { enDialogs } from '../locale/en-dialogs.js';
import { LOCALE_CHANGE_EVENT, errorText, formatNumber, formatString, requestLocale, resolveStrings, type StringOverrides } from '../locale/localize.js';
import { sharedStyles } from '../styles/shared.styles.js';
import type { Ban, CommentDataProvider, ModerationChange, ModerationItem, ThreadInfo } from '../types.js';
import { commentModerationStyles } from './comment-moderation.styles.js';
import { renderQueue, renderSettings, renderStatus, type ItemAction, type ItemContext, type QueueStatus } from './pieces.js';
import { commandFor, mergeItems, queuesOf, settingsFrom, withoutItems, type QueueView } from './queue.js';
import { UndoController } from './undo.js';

type Act = ItemAction;

/**
 * @summary The moderation queue of a site or one thread: held, reported and spam comments, each
 * with its thread, the comment it answers, the author's details and the reports, to approve, mark
 * as spam, delete or ban, one or several at once, with Undo. Keyboard first: j/k move, x selects,
 * a approves, s marks spam, d deletes, b bans the author, u undoes.
 *
 * @fires moderation-action - {@link ModerationActionEvent}: comments were approved, marked spam, deleted or restored.
 * @fires author-ban - {@link AuthorBanEvent}: an author was banned, or the ban lifted by Undo.
 *
 * @csspart title - The heading.
 * @csspart settings - The thread's settings (with `thread-id`).
 * @csspart toolbar - The view switch, Select all and the actions on the selection.
 * @csspart list - The queue.
 * @csspart item - One comment of the queue.
 * @csspart body - A comment's text, sanitised.
 * @csspart details - The author's email, network address, account and the reports.
 * @csspart actions - Approve, Spam, Delete and Ban author of one comment.
 * @csspart status - Loading, empty, forbidden and error messages.
 * @csspart undo - What was just done, with its Undo button.
 * @csspart shortcuts - The keyboard shortcuts.
 *
 * @cssprop --comment-thread-font - Font of the element; inherits the page's by default.
 * @cssprop --comment-thread-color - Text colour; inherits the page's by default.
 * @cssprop --comment-thread-background - Background a theme paints (default: none without a theme).
 * @cssprop --comment-thread-padding - Inset of a themed element (default: the spacing unit).
 * @cssprop --comment-thread-accent-color - Links, primary buttons and the current item's outline.
 * @cssprop --comment-thread-on-accent-color - Text on the accent colour.
 * @cssprop --comment-thread-danger-color - Errors, Spam and Delete.
 * @cssprop --comment-thread-muted-color - Secondary text.
 * @cssprop --comment-thread-border-color - Borders of controls.
 * @cssprop --comment-thread-radius - Corner radius.
 * @cssprop --comment-thread-spacing - The spacing unit.
 * @cssprop --comment-thread-surface-color - Backgrounds of secondary buttons.
 * @cssprop --comment-thread-focus-color - The focus ring.
 * @cssprop --comment-thread-separator-color - Lines between items.
 */
export class CommentModeration extends ThemePropertyMixin(ProviderPropertiesMixin(LitElement)) {
  static override styles = [sharedStyles, commentModerationStyles];

  /** One thread's queue (and its settings); absent: the whole site's. */
  @property({ attribute: 'thread-id' }) threadId?: string;

  /** Overrides for the element's strings (any of the moderation table's keys). */
  @property({ attribute: false }) strings?: Partial<ModerationStrings> | null;

  /** Overrides for the readers' table, of which the element uses the error messages (`errors`) and the report reasons (`reportReasons`). */
  @property({ attribute: false }) errorStrings?: StringOverrides | null;

  /** Items per page of the queue. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;

  /** Milliseconds an action can be undone. */
  @property({ type: Number, attribute: 'undo-timeout' }) undoTimeout = 8000;

  /** Which queue is shown: `review` (held and reported) or `spam`. */
  @property({ reflect: true }) view: QueueView = 'review';

  @state() private status: QueueStatus = 'idle';
  @state() private items: ModerationItem[] = [];
  @state() private nextCursor: string | null = null;
  @state() private selected = new Set<string>();
  @state() private current = 0;
  /** The status line; an error's is worked out at render, in the table that may arrive after it. */
  @state() private message: string | (() => string) = '';
  @state() private failure = '';
  @state() private info: ThreadInfo | null = null;
  @state() private busy = false;

  readonly #provider = new ProviderController(this);
  #generation = 0;
  #unsubscribe?: () => void;
  readonly #undo = new UndoController(this, () => this.undoTimeout);
  #bodies = new WeakMap<ModerationItem, string>();

  /** The moderation strings in force: the element's language (or an ancestor's), then `strings`. */
  get #t(): ModerationStrings {
    return moderationStrings(languageOf(this), this.strings);
  }

  #number(value: number): string {
    return formatNumber(value, languageOf(this));
  }

  /** Loads the queue again from its first page. */
  reload(): Promise<void> {
    return this.#load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#provider.changed() || changed.has('threadId') || changed.has('view')) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    globalThis.removeEventListener(LOCALE_CHANGE_EVENT, this.#relocalize);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The readers' table of this language (its error messages), where a loader is set (the bundles);
    // a message shown before it came is shown again in it.
    globalThis.addEventListener(LOCALE_CHANGE_EVENT, this.#relocalize);
    requestLocale(languageOf(this));
    // Back in the page: follow the queue again.
    if (this.hasUpdated) void this.#load();
  }

  #relocalize = (): void => this.requestUpdate();

  #call<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return callWithTimeout(run, { timeout: this.timeout });
  }

  async #load(): Promise<void> {
    const provider = this.#provider.value;
    const generation = ++this.#generation;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.items = [];
    this.selected = new Set();
    this.current = 0;
    this.failure = '';
    if (!provider) {
      this.status = 'idle';
      return;
    }
    if (!provider.listModerationQueue) {
      this.status = 'forbidden';
      return;
    }
    this.status = 'loading';
    try {
      if (provider.isModerator && !(await this.#call((signal) => provider.isModerator!({ signal })))) {
        if (generation === this.#generation) this.status = 'forbidden';
        return;
      }
      const [page, info] = await Promise.all([
        this.#call((signal) => provider.listModerationQueue!({ ...this.#scope(), limit: this.pageSize, signal })),
        this.threadId && provider.threadInfo ? provider.threadInfo(this.threadId).catch(() => null) : Promise.resolve(null),
      ]);
      if (generation !== this.#generation) return;
      this.items = mergeItems([], Array.isArray(page?.items) ? page.items : []);
      this.nextCursor = page?.nextCursor ?? null;
      this.info = info;
      this.status = 'ready';
      this.#follow(provider);
    } catch (thrown) {
      if (generation !== this.#generation) return;
      const error = toProviderError(thrown);
      if (error.code === 'forbidden' || error.code === 'unauthorized') this.status = 'forbidden';
      else {
        this.failure = this.#errorText(thrown);
        this.status = 'error';
      }
    }
  }

  #scope() {
    return { queues: queuesOf(this.view), ...(this.threadId ? { threadId: this.threadId } : {}) };
  }

  #follow(provider: CommentDataProvider): void {
    if (!provider.subscribeModeration) return;
    const queues = new Set<string>(queuesOf(this.view));
    this.#unsubscribe = provider.subscribeModeration(
      (change: ModerationChange) => {
        if (change.type === 'removed') {
          this.items = withoutItems(this.items, new Set([change.id]));
          return;
        }
        const inView = change.item.queue !== null && queues.has(change.item.queue);
        const known = this.items.some((item) => item.id === change.item.id);
        if (inView) {
          this.items = mergeItems(this.items, [change.item]);
          if (!known) this.message = this.#t.newItem;
        } else if (known) this.items = withoutItems(this.items, new Set([change.item.id]));
      },
      this.threadId ? { threadId: this.threadId } : {},
    );
  }

  async #loadMore(): Promise<void> {
    const provider = this.#provider.value;
    if (!provider?.listModerationQueue || !this.nextCursor || this.busy) return;
    const cursor = this.nextCursor;
    await this.#whileBusy(async () => {
      const page = await this.#call((signal) => provider.listModerationQueue!({ ...this.#scope(), limit: this.pageSize, cursor, signal }));
      this.items = mergeItems(this.items, page.items ?? []);
      this.nextCursor = page.nextCursor ?? null;
    });
  }

  /** Runs `task` with the element busy; a failure becomes the message. Resolves whether it succeeded. */
  async #whileBusy(task: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    try {
      await task();
      return true;
    } catch (thrown) {
      this.message = () => this.#errorText(thrown);
      return false;
    } finally {
      this.busy = false;
    }
  }

  #errorText(thrown: unknown): string {
    const error = toProviderError(thrown);
    return errorText(resolveStrings(languageOf(this), this.errorStrings), error.code, error.retryAfter);
  }

  /** The selected items, else the current one. */
  #targets(): ModerationItem[] {
    const chosen = this.items.filter((item) => this.selected.has(item.id));
    if (chosen.length) return chosen;
    const item = this.items[this.current];
    return item ? [item] : [];
  }

  async #act(action: Act, targets: ModerationItem[]): Promise<void> {
    const provider = this.#provider.value;
    if (!provider?.moderateComment || !targets.length || this.busy) return;
    const done: ModerationItem[] = [];
    // Those done before a failure stay done (and can be undone).
    await this.#whileBusy(async () => {
      for (const item of targets) done.push(await this.#call((signal) => provider.moderateComment!(item.id, action, { signal })));
    });
    if (!done.length) return;
    const ids = new Set(done.map((item) => item.id));
    const before = targets.filter((item) => ids.has(item.id));
    this.items = withoutItems(this.items, ids);
    this.selected = new Set([...this.selected].filter((id) => !ids.has(id)));
    this.current = Math.min(this.current, Math.max(0, this.items.length - 1));
    this.dispatchEvent(new ModerationActionEvent({ action, items: done }));
    const t = this.#t;
    const text = formatString({ approve: t.doneApprove, spam: t.doneSpam, delete: t.doneDelete }[action], { count: this.#number(done.length) });
    this.#offerUndo(text, async () => {
      const restored: ModerationItem[] = [];
      for (const item of before) restored.push(await this.#call((signal) => provider.moderateComment!(item.id, 'restore', { signal })));
      this.items = mergeItems(this.items, before);
      this.dispatchEvent(new ModerationActionEvent({ action: 'restore', items: restored }));
    });
    await this.updateComplete;
    this.#focusCurrent();
  }

  async #ban(item: ModerationItem | undefined): Promise<void> {
    const provider = this.#provider.value;
    if (!provider?.banAuthor || !item || this.busy) return;
    let ban!: Ban;
    const banned = await this.#whileBusy(async () => {
      ban = await this.#call((signal) => provider.banAuthor!({ commentId: item.id }, { signal }));
    });
    if (!banned) return;
    this.dispatchEvent(new AuthorBanEvent({ ban, lifted: false }));
    const name = item.author.name || this.#t.anonymous;
    if (!provider.unbanAuthor) {
      this.message = formatString(this.#t.doneBan, { name });
      return;
    }
    this.#offerUndo(formatString(this.#t.doneBan, { name }), async () => {
      await this.#call((signal) => provider.unbanAuthor!(ban.id, { signal }));
      this.dispatchEvent(new AuthorBanEvent({ ban, lifted: true }));
    });
  }

  #offerUndo(message: string, run: () => Promise<void>): void {
    this.message = message;
    this.#undo.offer(message, run);
  }

  async #runUndo(): Promise<void> {
    if (!this.#undo.current || this.busy) return;
    const undo = this.#undo.take()!;
    await this.#whileBusy(async () => {
      await undo.run();
      this.message = this.#t.undone;
    });
  }

  async #saveSettings(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const provider = this.#provider.value;
    if (!provider?.updateThreadSettings || !this.threadId || this.busy) return;
    const settings = settingsFrom(new FormData(event.currentTarget as HTMLFormElement));
    const threadId = this.threadId;
    await this.#whileBusy(async () => {
      this.info = await this.#call((signal) => provider.updateThreadSettings!(threadId, settings, { signal }));
      this.message = this.#t.settingsSaved;
    });
  }

  #onKeydown(event: KeyboardEvent): void {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    // Typing in a field, or choosing in a list, is not a shortcut.
    if (target && (target.matches?.('input:not([type=checkbox]), textarea, select, [contenteditable]') ?? false)) return;
    const command = commandFor(event);
    if (!command || this.status !== 'ready') return;
    const item = this.items[this.current];
    event.preventDefault();
    switch (command) {
      case 'next':
      case 'previous':
        this.current = Math.max(0, Math.min(this.items.length - 1, this.current + (command === 'next' ? 1 : -1)));
        void this.updateComplete.then(() => this.#focusCurrent());
        break;
      case 'select':
        if (item) this.#toggle(item.id);
        break;
      case 'approve':
      case 'spam':
      case 'delete':
        void this.#act(command, this.#targets());
        break;
      case 'ban':
        void this.#ban(item);
        break;
      case 'undo':
        void this.#runUndo();
        break;
    }
  }

  #focusCurrent(): void {
    this.renderRoot.querySelector<HTMLElement>(`.item[data-index="${this.current}"]`)?.focus();
  }

  #toggle(id: string): void {
    const next = new Set(this.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected = next;
  }

  #toggleAll(): void {
    this.selected = this.selected.size === this.items.length ? new Set() : new Set(this.items.map((item) => item.id));
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const title = this.info?.title ?? this.items[0]?.moderation?.thread?.title;
    return html`<section aria-labelledby="title" @keydown=${this.#onKeydown}>
      <h2 id="title" part="title">${this.threadId && title ? formatString(t.titleThread, { title }) : t.title}</h2>
      ${this.threadId && this.#provider.value?.updateThreadSettings && this.status === 'ready' ? renderSettings(t, this.info ?? {}, this.busy, (event) => this.#saveSettings(event)) : nothing} ${this.#renderBody(t)}
      <div class="undo" part="undo">
        <span role="status">${typeof this.message === 'function' ? this.message() : this.message}</span>
        ${this.#undo.current ? html`<button class="button" type="button" @click=${() => this.#runUndo()}>${t.undo}</button>` : nothing}
      </div>
      <details class="shortcuts" part="shortcuts">
        <summary>${t.shortcutsTitle}</summary>
        <p>${t.shortcuts}</p>
      </details>
    </section>`;
  }

  #renderBody(t: ModerationStrings): TemplateResult {
    if (this.status !== 'ready') return renderStatus(this.status, t, this.failure, () => this.#load());
    return renderQueue(t, {
      view: this.view,
      items: this.items,
      more: !!this.nextCursor,
      busy: this.busy,
      count: this.selected.size,
      total: this.items.length,
      canModerate: !!this.#provider.value?.moderateComment,
      number: (value) => this.#number(value),
      setView: (view) => (this.view = view),
      toggleAll: () => this.#toggleAll(),
      act: (action) => void this.#act(action, this.#targets()),
      loadMore: () => void this.#loadMore(),
      item: this.#itemContext(t),
    });
  }

  #itemContext(t: ModerationStrings): ItemContext {
    const provider = this.#provider.value;
    return {
      t,
      current: this.current,
      selected: this.selected,
      canModerate: !!provider?.moderateComment,
      canBan: !!provider?.banAuthor,
      number: (value) => this.#number(value),
      reason: (key) => {
        const reasons = resolveStrings(languageOf(this), this.errorStrings, enDialogs).reportReasons as Record<string, string>;
        return Object.hasOwn(reasons, key) ? reasons[key] : key;
      },
      date: (iso) => this.#date(iso),
      body: (item) => this.#body(item),
      focus: (index) => (this.current = index),
      toggle: (id) => this.#toggle(id),
      act: (action, item) => void this.#act(action, [item]),
      ban: (item) => void this.#ban(item),
    };
  }

  /** The body, sanitised once per item. */
  #body(item: ModerationItem): string {
    let rendered = this.#bodies.get(item);
    if (rendered === undefined) {
      rendered = renderBody(typeof item.body === 'string' ? item.body : '', { format: item.bodyFormat });
      this.#bodies.set(item, rendered);
    }
    return rendered;
  }

  #date(iso: string): string {
    const time = Date.parse(iso);
    if (Number.isNaN(time)) return '';
    return new Intl.DateTimeFormat(languageOf(this), { dateStyle: 'medium', timeStyle: 'short' }).format(time);
  }
}
