import { callWithTimeout, DEFAULT_TIMEOUT_MS } from '../core/call.js';
import { normalizeRecord } from '../core/normalize.js';
import { reconcilePending, rememberPending } from '../core/own-comments.js';
import { DEFAULT_MAX_DEPTH, type DisplayNode, type DisplayTree } from '../core/tree.js';
import { ProviderError, toProviderError } from '../errors.js';
import { ReplyStartEvent, ThreadErrorEvent, ThreadLoadedEvent } from '../events.js';
import type { CommentDataProvider, CommentRecord, ProviderErrorLike, ThreadOrder } from '../types.js';
import { ThreadData, type DataChange } from './thread-data.js';
import { ViewState, type CommentView } from './view-state.js';

/** What changed in the model, for the views that follow it. */
export type ModelChange =
  | DataChange
  | { kind: 'view' }
  /** `replying`: where the form is, until `closeReply(model, replying, true)` (./writes.js). */
  | { kind: 'posted'; comment: CommentRecord; replying: string | null }
  | { kind: 'updated'; comment: CommentRecord }
  | { kind: 'deleted'; id: string; placeholder: boolean; next?: string }
  | { kind: 'reported'; id: string }
  | { kind: 'reply-cancelled'; parentId: string }
  | { kind: 'edit-ended'; id: string }
  | { kind: 'action-failed'; error: ProviderErrorLike };

/** Where calls go: the provider, its time limit, and the thread they are about. */
export interface Connection {
  provider?: CommentDataProvider;
  threadId: string;
  timeout: number;
}

/**
 * One thread as the page shows it: its records, paging, live changes and the reader's own pending
 * comments ({@link ThreadData}), each comment's view state ({@link ViewState}), and every write —
 * post, edit, delete, react, report — with its optimistic update and rollback. Elements call it;
 * it changes, tells its listeners, and then fires the public event (`emit`, the one place that
 * does). The writes that come only after a first step — posting, editing, deleting, reporting,
 * reacting, hiding a held comment, cancelling a reply or an edit — and the first steps that open
 * the editor, the delete confirmation or the report's reason picker live in `./writes.js`, loaded on demand.
 * `<comment-thread>` provides its model to the forms inside it through `threadModelContext`.
 */
export class ThreadModel extends ThreadData<ModelChange> {
  /** Where the model's public events go unless a call names its own origin. */
  host?: EventTarget;

  constructor(host?: EventTarget) {
    super();
    this.host = host;
    // Looked for when a view changes, in the tree last displayed: no index kept of a long thread.
    this.views.rootOf = (id) =>
      this.#rooted?.roots.find(function holds(node: DisplayNode): boolean {
        return node.record.id === id || node.children.some(holds);
      })?.record.id;
  }
  connection: Connection = { threadId: '', timeout: DEFAULT_TIMEOUT_MS };
  /** How the thread is displayed: the tree `ThreadLoadedEvent` counts. */
  display: { maxDepth: number; order: ThreadOrder } = { maxDepth: DEFAULT_MAX_DEPTH, order: 'oldest' };
  readonly views = new ViewState();
  /** Comments (and reactions) with a call on its way: one at a time each. */
  readonly busy = new Set<string>();
  readonly #fired = new WeakSet<Event>();

  #rooted?: DisplayTree;

  /** The tree as displayed (and, for the views, each comment's top-level conversation in it). */
  displayTree(): DisplayTree {
    return (this.#rooted = this.tree(this.display.maxDepth, this.display.order));
  }

  /** Whether this model fired `event` (so a listener does not take it for one from elsewhere). */
  fired(event: Event): boolean {
    return this.#fired.has(event);
  }

  /** Fires a public event from `origin` (default: the host): the one place that fires them. */
  emit(event: Event, origin = this.host): void {
    this.#fired.add(event);
    origin?.dispatchEvent(event);
  }

  protected override notify(change: ModelChange): void {
    if (change.kind === 'loaded') {
      // The reader's own held comments, which the backend may hide after a reload.
      for (const record of reconcilePending(this.connection.threadId, this.records)) this.upsert(record);
    }
    super.notify(change);
    if (change.kind === 'loaded') {
      const tree = this.displayTree();
      this.emit(new ThreadLoadedEvent({ threadId: this.connection.threadId, shown: tree.shown, total: this.total ?? tree.shown }));
    } else if (change.kind === 'failed') {
      this.emit(new ThreadErrorEvent({ threadId: this.connection.threadId, error: change.error }));
    }
  }

  /** Tells the listeners that the reader's view changed, if it did (`changed`). */
  viewChanged(changed: boolean): void {
    if (changed) this.notify({ kind: 'view' });
  }

  /** Calls the provider with the connection's time limit. */
  async call<T>(run: (provider: CommentDataProvider, signal: AbortSignal) => Promise<T>): Promise<T> {
    const { provider, timeout } = this.connection;
    if (!provider) throw new ProviderError('unknown', 'No provider.');
    return callWithTimeout((signal) => run(provider, signal), { timeout });
  }

  /** Tells the listeners that a call failed (they say so to the reader). */
  failed(thrown: unknown): void {
    this.notify({ kind: 'action-failed', error: toProviderError(thrown) });
  }

  /** Tells the listeners what changed (for the writes of `./writes.js`). */
  changed(change: ModelChange): void {
    this.notify(change);
  }

  // ——— Writes ———

  /**
   * Takes a comment the backend stored — posted or edited here (through `postComment` /
   * `editComment` of `./writes.js`) or elsewhere on the page (a public event's, read as provider
   * data) — into the thread, and fires `event` (when given) from `origin` once it is in.
   */
  accept(raw: unknown, kind: 'posted' | 'updated', event?: Event, origin?: EventTarget): void {
    const comment = normalizeRecord(raw, kind === 'updated' ? this.connection.threadId : undefined);
    if (comment) this.#accept(comment, kind);
    if (event) this.emit(event, origin);
  }

  #accept(comment: CommentRecord, kind: 'posted' | 'updated'): void {
    if (kind === 'updated') {
      if (!this.get(comment.id)) return;
      this.upsert(comment);
      this.closeEdit(comment.id);
      this.notify({ kind: 'updated', comment });
      return;
    }
    // A form with no thread of its own around it (its model never loads) only posts.
    if (comment.threadId !== this.connection.threadId || this.phase === 'idle') return;
    if (comment.status === 'pending') rememberPending(comment);
    this.upsert(comment);
    // The form stays where it is (and keeps focus) until the view has shown the reply: `closeReply` (./writes.js).
    this.notify({ kind: 'posted', comment, replying: this.views.find('replying') });
  }

  // ——— The reader's view of each comment ———

  /** Moves the form under comment `id`. */
  startReply(id: string): void {
    this.viewChanged(this.views.only('replying', id));
    this.emit(new ReplyStartEvent({ parentId: id }));
  }

  /** Opens the reply to `id` again, as it was before a full-page sign-in (no `reply-start`: the reader started it then). */
  reopenReply(id: string): void {
    this.viewChanged(this.views.only('replying', id));
  }

  /** Leaves editing comment `id` (saved or not). */
  closeEdit(id: string): void {
    if (this.views.find('editing') !== id) return;
    this.views.only('editing', null);
    this.notify({ kind: 'view' });
    this.notify({ kind: 'edit-ended', id });
  }

  /** Changes how comment `id` is shown (collapsed, unfolded, in full). */
  setView(id: string, patch: Partial<CommentView>): void {
    this.viewChanged(this.views.update(id, patch));
  }

  /** Highlights comment `id` alone (`null`: none). */
  highlight(id: string | null): void {
    this.viewChanged(this.views.only('highlighted', id));
  }

  /** Forgets every comment's view state (a new thread is loaded). */
  resetViews(): void {
    const highlighted = this.views.find('highlighted');
    this.views.reset();
    // The highlight belongs to the address, not to the thread's state.
    if (highlighted !== null) this.views.only('highlighted', highlighted);
  }
}
