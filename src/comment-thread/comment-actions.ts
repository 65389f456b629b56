import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { loadForm } from './form-loader.js';
import { callWithTimeout } from '../core/call.js';
import { normalizeRecord } from '../core/normalize.js';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { ThreadController } from '../controllers/thread-controller.js';
import { errorText } from '../locale/localize.js';
import { ProviderError, toProviderError } from '../errors.js';
import { CommentDeletedEvent, CommentReportedEvent, ReactionChangeEvent } from '../events.js';
import type { CommentDataProvider, CommentRecord } from '../types.js';
import { oneOrAll } from './pieces.js';

/** What the actions need from the thread element. */
export interface CommentActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly resolvedProvider: CommentDataProvider | undefined;
  timeout: number;
}

interface Options {
  thread: ThreadController;
  l10n: LocalizeController;
  /** Says something through the thread's polite live region. */
  announce(text: string): void;
  /** Moves focus, after the next update, to what `find` returns. */
  focusLater(find: () => HTMLElement | null | undefined): void;
  /** The comment's `<article>` in the thread's shadow root. */
  article(id: string): HTMLElement | null;
}

const DEFAULT_REASONS = ['spam', 'abuse', 'offTopic', 'other'] as const;


/**
 * What a reader can do to a comment besides replying: edit or delete their
 * own, react, report, and collapse a subthread. Each control shows only when
 * the provider implements its member. Holds the little state these need
 * (which comment is being edited, confirmed, reported) so the element stays thin.
 */
export class CommentActionsController implements ReactiveController {
  /** The comment being edited in place. */
  editing: string | null = null;
  /** The comment whose deletion waits for confirmation. */
  confirmingDelete: string | null = null;
  /** The comment being reported (reason picker open). */
  reporting: string | null = null;
  readonly #reported = new Set<string>();
  readonly #collapsed = new Set<string>();
  readonly #busy = new Set<string>();
  readonly #host: CommentActionsHost;
  readonly #options: Options;

  constructor(host: CommentActionsHost, options: Options) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /**
   * What the controls show differently per comment (editing, confirming, reporting, reported,
   * collapsed), by comment id: the thread renders again only the conversations this changes in.
   */
  stateByComment(): Map<string, string> {
    const state = new Map<string, string>();
    const add = (id: string | null, what: string) => {
      if (id !== null) state.set(id, `${state.get(id) ?? ''}${what}`);
    };
    add(this.editing, 'e');
    add(this.confirmingDelete, 'd');
    add(this.reporting, 'r');
    for (const id of this.#reported) add(id, 'R');
    for (const id of this.#collapsed) add(id, 'c');
    return state;
  }

  #changed(): void {
    this.#host.requestUpdate();
  }

  hostConnected(): void {}

  /** Forgets per-comment state (a new thread was loaded). */
  reset(): void {
    this.editing = this.confirmingDelete = this.reporting = null;
    this.#reported.clear();
    this.#collapsed.clear();
  }

  isCollapsed(id: string): boolean {
    return this.#collapsed.has(id);
  }

  /** May the reader edit this comment now (their own, provider can, within the edit window)? */
  canEdit(record: CommentRecord, now: number): boolean {
    if (!record.viewerIsAuthor || record.status === 'deleted' || !this.#host.resolvedProvider?.updateComment) return false;
    const window = this.#options.thread.info.editWindow;
    return window === undefined || now - Date.parse(record.createdAt) <= window * 1000;
  }

  /** May the reader delete this comment (their own, provider can, the thread lets authors delete)? */
  canDelete(record: CommentRecord): boolean {
    if (this.#options.thread.info.deleteOwn === false) return false;
    return Boolean(record.viewerIsAuthor && record.status !== 'deleted' && this.#host.resolvedProvider?.deleteComment);
  }

  /** Opens the editor in place of the comment; focus goes to its text box (the Edit button goes away). */
  startEdit(record: CommentRecord): void {
    this.editing = record.id;
    this.confirmingDelete = this.reporting = null;
    void loadForm().catch(() => undefined);
    this.#changed();
    void this.#host.updateComplete
      .then(() => customElements.whenDefined('comment-form'))
      .then(() => {
        if (this.editing !== record.id) return;
        const editor = this.#options.article(record.id)?.querySelector<HTMLElement & { focusBody?(): void }>(
          '[part~="edit-form"]',
        );
        editor?.focusBody?.();
      });
  }

  /** Leaves editing; focus returns to the Edit button (or the comment, if the edit window closed meanwhile). */
  endEdit(id: string): void {
    if (this.editing !== id) return;
    this.editing = null;
    this.#changed();
    this.#options.focusLater(() => {
      const article = this.#options.article(id);
      return article?.querySelector<HTMLElement>('[part~="edit-button"]') ?? article;
    });
  }

  /** Closes the delete confirmation; focus returns to Delete. */
  #cancelDelete(id: string): void {
    if (this.confirmingDelete !== id) return;
    this.confirmingDelete = null;
    this.#changed();
    this.#options.focusLater(() => this.#options.article(id)?.querySelector<HTMLElement>('[part~="delete-button"]'));
  }

  /** Closes the reason picker; focus returns to Report. */
  #cancelReport(id: string): void {
    if (this.reporting !== id) return;
    this.reporting = null;
    this.#changed();
    this.#options.focusLater(() => this.#options.article(id)?.querySelector<HTMLElement>('[part~="report-button"]'));
  }

  /** Escape in an inline confirmation closes it, as it does the reply form. */
  #onEscape(event: KeyboardEvent, cancel: () => void): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    event.stopPropagation();
    cancel();
  }

  /**
   * The comment that takes focus when `id` goes away: the next one shown, else the one
   * before it (undefined when it was the only one).
   */
  #neighbour(id: string): string | undefined {
    const articles = [...this.#host.renderRoot.querySelectorAll<HTMLElement>('article[part~="comment"]')];
    const index = articles.findIndex((article) => article.id === `comment-${id}`);
    if (index < 0) return undefined;
    return (articles[index + 1] ?? articles[index - 1])?.id.replace(/^comment-/, '');
  }

  toggleCollapsed(id: string): void {
    if (this.#collapsed.has(id)) this.#collapsed.delete(id);
    else this.#collapsed.add(id);
    this.#changed();
  }

  #fail(thrown: unknown): void {
    const s = this.#options.l10n.strings;
    const error = toProviderError(thrown);
    this.#options.announce(`${s.actionFailed} ${errorText(s, error.code, error.retryAfter)}`);
  }

  async #call<T>(run: (provider: CommentDataProvider, signal: AbortSignal) => Promise<T>): Promise<T> {
    const provider = this.#host.resolvedProvider;
    if (!provider) throw new ProviderError('unknown', 'No provider.');
    return callWithTimeout((signal) => run(provider, signal), { timeout: this.#host.timeout });
  }

  async #delete(record: CommentRecord, hasReplies: boolean): Promise<void> {
    if (this.#busy.has(record.id)) return;
    this.#busy.add(record.id);
    // Focus goes to the placeholder, or to a neighbouring comment, never to <body>. Found
    // now: a live update from the provider may take the comment out before the call answers.
    const next = hasReplies ? record.id : this.#neighbour(record.id);
    try {
      await this.#call((provider, signal) => provider.deleteComment!(record.id, { signal }));
      const thread = this.#options.thread;
      // A deleted comment with replies stays as a placeholder so they keep their place.
      if (hasReplies) thread.upsert({ ...record, status: 'deleted', body: '', viewerIsAuthor: false });
      else thread.remove(record.id);
      this.confirmingDelete = null;
      this.#options.announce(this.#options.l10n.strings.deleted);
      this.#host.dispatchEvent(new CommentDeletedEvent({ id: record.id }));
      this.#options.focusLater(
        () => (next !== undefined ? this.#options.article(next) : null) ?? this.#host.renderRoot.querySelector<HTMLElement>('h2'),
      );
    } catch (thrown) {
      this.#fail(thrown);
    } finally {
      this.#busy.delete(record.id);
      this.#changed();
    }
  }

  /** Toggles the reader's reaction at once, then settles on what the provider answers. */
  async #react(record: CommentRecord, reaction: string): Promise<void> {
    const key = `${record.id}\n${reaction}`;
    if (this.#busy.has(key)) return;
    this.#busy.add(key);
    const thread = this.#options.thread;
    const current = record.reactions?.[reaction] ?? { count: 0 };
    const optimistic: CommentRecord = {
      ...record,
      reactions: {
        ...record.reactions,
        [reaction]: current.mine ? { count: Math.max(0, current.count - 1) } : { count: current.count + 1, mine: true },
      },
    };
    thread.upsert(optimistic);
    try {
      const answer = await this.#call((provider, signal) => provider.react!(record.id, reaction, { signal }));
      const settled = normalizeRecord(answer, record.threadId);
      // Only settle if nothing newer replaced the record meanwhile.
      if (settled && thread.get(record.id) === optimistic) {
        thread.upsert({ ...settled, viewerIsAuthor: record.viewerIsAuthor ?? settled.viewerIsAuthor });
        this.#host.dispatchEvent(new ReactionChangeEvent({ comment: settled, reaction }));
      }
    } catch (thrown) {
      if (thread.get(record.id) === optimistic) thread.upsert(record);
      this.#fail(thrown);
    } finally {
      this.#busy.delete(key);
    }
  }

  async #report(record: CommentRecord, reason: string): Promise<void> {
    if (this.#busy.has(record.id)) return;
    this.#busy.add(record.id);
    try {
      await this.#call((provider) => provider.report!(record.id, reason));
      this.#reported.add(record.id);
      this.reporting = null;
      this.#options.announce(this.#options.l10n.strings.reported);
      this.#host.dispatchEvent(new CommentReportedEvent({ id: record.id, reason }));
      this.#options.focusLater(() => this.#options.article(record.id)?.querySelector<HTMLElement>('[part~="reported"]'));
    } catch (thrown) {
      this.#fail(thrown);
    } finally {
      this.#busy.delete(record.id);
      this.#changed();
    }
  }

  #reasons(): string[] {
    const reasons = this.#options.thread.info.reportReasons;
    return Array.isArray(reasons) && reasons.length ? reasons : [...DEFAULT_REASONS];
  }

  /** The reactions row: one toggle button per reaction the thread allows. */
  renderReactions(record: CommentRecord): TemplateResult | typeof nothing {
    const provider = this.#host.resolvedProvider;
    if (!provider?.react || record.status === 'deleted' || record.status === 'pending') return nothing;
    const allowed = this.#options.thread.info.reactions ?? ['like'];
    return html`<div class="reactions" part="reactions" role="group" aria-label=${this.#options.l10n.strings.reactionsLabel}>${oneOrAll(
      allowed.map((reaction) => this.#reactionButton(record, reaction)),
    )}</div>`;
  }

  /** A reaction toggle: its name and count in the label; "like" draws its icon in CSS. */
  #reactionButton(record: CommentRecord, reaction: string): TemplateResult {
    const l10n = this.#options.l10n;
    const s = l10n.strings;
    const state = record.reactions?.[reaction];
    const count = state?.count ?? 0;
    const like = reaction === 'like';
    const shown = count > 0 ? l10n.number(count) : nothing;
    return html`<button
      type="button"
      class=${like ? 'reaction like' : 'reaction'}
      part="reaction"
      aria-pressed=${state?.mine ? 'true' : 'false'}
      aria-label=${l10n.plural(s.reactionLabel, count, { reaction: like ? s.reactionLike : reaction })}
      @click=${() => this.#react(record, reaction)}
    >${like ? shown : html`<span aria-hidden="true">${reaction}</span>${shown}`}</button>`;
  }

  /** Edit, Delete, Report and the collapse toggle. */
  renderControls(record: CommentRecord, replies: number, now: number): unknown {
    const provider = this.#host.resolvedProvider;
    const l10n = this.#options.l10n;
    const s = l10n.strings;
    const name = record.author.name || s.anonymous;
    const canReport = Boolean(provider?.report) && !record.viewerIsAuthor && record.status !== 'deleted';
    const controls = [
      this.canEdit(record, now)
        ? html`<button type="button" class="link-button" part="edit-button" aria-label=${s.editLabel} @click=${() =>
            this.startEdit(record)}>${s.edit}</button>`
        : nothing,
      this.canDelete(record)
        ? html`<button
            type="button"
            class="link-button"
            part="delete-button"
            aria-label=${s.deleteLabel}
            aria-expanded=${this.confirmingDelete === record.id ? 'true' : 'false'}
            @click=${() => {
              this.confirmingDelete = record.id;
              this.reporting = null;
              this.#changed();
              this.#options.focusLater(() => this.#options.article(record.id)?.querySelector<HTMLElement>('[part~="confirm-cancel"]'));
            }}
          >${s.delete}</button>`
        : nothing,
      canReport && !this.#reported.has(record.id)
        ? html`<button
            type="button"
            class="link-button"
            part="report-button"
            aria-label=${l10n.t('reportLabel', { name })}
            aria-expanded=${this.reporting === record.id ? 'true' : 'false'}
            @click=${() => {
              this.reporting = record.id;
              this.confirmingDelete = null;
              this.#changed();
              this.#options.focusLater(() => this.#options.article(record.id)?.querySelector<HTMLElement>('select'));
            }}
          >${s.report}</button>`
        : nothing,
      this.#reported.has(record.id)
        ? html`<span part="reported" class="note" tabindex="-1">${s.reported}</span>`
        : nothing,
      replies
        ? html`<button
            type="button"
            class="link-button"
            part="collapse-button"
            aria-expanded=${this.#collapsed.has(record.id) ? 'false' : 'true'}
            @click=${() => this.toggleCollapsed(record.id)}
          >${this.#collapsed.has(record.id) ? l10n.plural(s.expandReplies, replies) : s.collapseReplies}</button>`
        : nothing,
    ];
    // Mostly one piece (Report, or the reader's Edit): no list markers around it then.
    return oneOrAll(controls);
  }

  /**
   * The inline confirmation of a deletion or the reason picker of a report, when open: a part of
   * its own, so that opening one leaves the buttons (and the focus on them) where they are.
   */
  renderDialogs(record: CommentRecord, replies: number): TemplateResult | typeof nothing {
    const s = this.#options.l10n.strings;
    const confirm =
      this.confirmingDelete === record.id
        ? html`<div
            class="confirm"
            part="confirm"
            role="group"
            aria-labelledby="confirm-${record.id}"
            @keydown=${(event: KeyboardEvent) => this.#onEscape(event, () => this.#cancelDelete(record.id))}
          >
            <p id="confirm-${record.id}">${s.confirmDelete}</p>
            <button type="button" class="button danger" part="confirm-delete" @click=${() => this.#delete(record, replies > 0)}>
              ${s.confirmDeleteYes}
            </button>
            <button
              type="button"
              class="button"
              part="confirm-cancel"
              @click=${() => this.#cancelDelete(record.id)}
            >
              ${s.cancel}
            </button>
          </div>`
        : nothing;
    const report =
      this.reporting === record.id
        ? html`<form
            class="confirm"
            part="report-form"
            @keydown=${(event: KeyboardEvent) => this.#onEscape(event, () => this.#cancelReport(record.id))}
            @submit=${(event: Event) => {
              event.preventDefault();
              const select = (event.target as HTMLFormElement).querySelector('select')!;
              void this.#report(record, select.value);
            }}
          >
            <label>
              ${s.reportReason}
              <select part="report-reason">
                ${this.#reasons().map(
                  (reason) =>
                    html`<option value=${reason}>${(s.reportReasons as Record<string, string>)[reason] ?? reason}</option>`,
                )}
              </select>
            </label>
            <button type="submit" class="button" part="report-send">${s.reportSend}</button>
            <button type="button" class="button" @click=${() => this.#cancelReport(record.id)}>
              ${s.cancel}
            </button>
          </form>`
        : nothing;
    return confirm === nothing ? report : confirm;
  }
}

