import { normalizeRecord } from '../core/normalize.js';
import type { CommentDataProvider, CommentRecord, ModerationAction, ModerationChange, ModerationItem, ModerationQueue } from '../types.js';
import type { ThreadModel } from './thread-model.js';

/** The queues a moderator sees in place in a thread: held comments, and reported ones already shown. */
export const QUEUES_IN_PLACE: ModerationQueue[] = ['held', 'reported'];
/** At most this many pages of the thread's queue are read (a guard against a cursor that never ends). */
const MAX_PAGES = 20;
/** How long "Approved. Undo" stays (ms). */
export const UNDO_MS = 6000;

/** What a moderator sees of one comment in the thread. */
export interface InPlaceState {
  /** The queue it is in (`null`: just acted on, Undo on offer). */
  queue: ModerationQueue | null;
  /** The action just taken, while its Undo is on offer. */
  done?: Exclude<ModerationAction, 'hold' | 'restore'>;
  /** A call is on its way. */
  busy?: boolean;
  /** The ban just made of its author (Undo lifts it). */
  banId?: string;
  reportCount?: number;
}

/**
 * A moderator's view of one thread's moderation queue, in place: the thread's held comments go
 * into its model (shown under their parents, as the reader's own held ones are), reported ones are
 * marked, and Approve / Spam / Delete / Undo call `moderateComment` (Ban author: `banAuthor`, its Undo
 * `unbanAuthor`). Loaded only once the provider
 * said the reader moderates; a reader who does not never gets here, so never asks for the queue.
 */
export class ThreadModeration {
  readonly #model: ThreadModel;
  readonly #provider: CommentDataProvider;
  readonly #threadId: string;
  readonly #changed: () => void;
  readonly #states = new Map<string, InPlaceState>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Held records as the queue gave them, put back after the thread reloads its pages. */
  readonly #held = new Map<string, CommentRecord>();
  /** What each comment was before the action whose Undo is on offer. */
  readonly #undoState = new Map<string, InPlaceState>();
  #stopped = false;
  #unsubscribe?: () => void;

  constructor(model: ThreadModel, provider: CommentDataProvider, threadId: string, changed: () => void) {
    this.#model = model;
    this.#provider = provider;
    this.#threadId = threadId;
    this.#changed = changed;
  }

  /** Whether this follows `provider`'s thread `threadId`. */
  follows(provider: CommentDataProvider | undefined, threadId: string): boolean {
    return provider === this.#provider && threadId === this.#threadId;
  }

  /** The in-place state of comment `id`, if a moderator has anything to see or do about it. */
  state(id: string): InPlaceState | undefined {
    return this.#states.get(id);
  }

  /** Reads the thread's queue (every page, up to a bound) and puts it in place, then follows it live where the provider can. */
  async load(): Promise<void> {
    if (this.#stopped) return;
    this.#unsubscribe ??= this.#provider.subscribeModeration?.((change) => this.#live(change), { threadId: this.#threadId });
    let cursor: string | null | undefined = null;
    for (let page = 0; page < MAX_PAGES && !this.#stopped; page++) {
      const answer = await this.#model.call((provider, signal) =>
        provider.listModerationQueue!({
          threadId: this.#threadId,
          queues: QUEUES_IN_PLACE,
          cursor,
          signal,
        }),
      );
      if (this.#stopped) return;
      for (const item of Array.isArray(answer?.items) ? answer.items : []) this.#take(item);
      cursor = answer?.nextCursor;
      if (!cursor) break;
    }
    this.#changed();
  }

  /** The thread (re)loaded its pages: the held comments go back in. */
  restore(): void {
    for (const record of this.#held.values()) if (!this.#model.get(record.id)) this.#model.upsert(record);
  }

  /** A comment newly held or reported arrives in place; one that left the queue elsewhere goes. */
  #live(change: ModerationChange): void {
    const id = change.type === 'removed' ? change.id : change.item?.id;
    const state = typeof id === 'string' ? this.#states.get(id) : undefined;
    if (this.#stopped || typeof id !== 'string' || state?.busy || state?.done) return;
    const item = change.type === 'removed' ? undefined : change.item;
    if (item && (item.queue === 'held' || item.queue === 'reported')) {
      this.#take(item);
    } else if (state) {
      // Out of the queue (acted on elsewhere): approved, it is an ordinary comment; else it goes.
      this.#states.delete(id);
      const record = item && item.status === 'approved' ? normalizeRecord(item, this.#threadId) : undefined;
      if (this.#held.delete(id)) {
        if (record) this.#model.upsert(record);
        // Unless the thread's own live changes brought it back as a reader sees it (approved).
        else if (this.#model.get(id)?.status === 'pending') this.#model.remove(id);
      }
    }
    this.#changed();
  }

  /** One item of the queue (a bad one is skipped: the others still show). */
  #take(item: ModerationItem): void {
    const record = normalizeRecord(item, this.#threadId);
    if (!record || record.threadId !== this.#threadId) return;
    const queue = item.queue === 'held' || item.queue === 'reported' ? item.queue : null;
    if (!queue) return;
    const reportCount = typeof item.moderation?.reportCount === 'number' ? item.moderation.reportCount : undefined;
    this.#states.set(record.id, { queue, reportCount });
    if (queue === 'held') {
      const held: CommentRecord = { ...record, status: 'pending' };
      this.#held.set(record.id, held);
      this.#model.upsert(held);
    }
    // A reported comment is marked where the thread shows it (when its page is loaded).
  }

  /** Approve, spam or delete comment `id`; the Undo stays on offer for {@link UNDO_MS}. */
  async act(id: string, action: 'approve' | 'spam' | 'delete'): Promise<void> {
    const before = this.#states.get(id);
    if (!before || before.busy) return;
    await this.#call(id, before, (provider, signal) => provider.moderateComment!(id, action, { signal }), (item) => {
      this.#held.delete(id);
      const record = normalizeRecord(item, this.#threadId);
      if (action === 'approve' && record) this.#model.upsert({ ...record, status: 'approved' });
      this.#undoState.set(id, before);
      this.#set(id, { queue: null, done: action, reportCount: before.reportCount });
      this.#timers.set(id, setTimeout(() => this.#settle(id), UNDO_MS));
    });
  }

  /** Whether the provider can ban authors. */
  get canBan(): boolean {
    return typeof this.#provider.banAuthor === 'function';
  }

  /** Bans the author of comment `id` (`banAuthor`); the comment stays where it is, and Undo lifts the ban. */
  async ban(id: string): Promise<void> {
    const before = this.#states.get(id);
    if (!before || before.busy || before.banId || !this.canBan) return;
    await this.#call(id, before, (provider, signal) => provider.banAuthor!({ commentId: id }, { signal }), (ban) =>
      this.#set(id, { ...before, banId: ban.id }),
    );
  }

  /** Lifts the ban just made from comment `id` (`unbanAuthor`). */
  async unban(id: string): Promise<void> {
    const now = this.#states.get(id);
    const banId = now?.banId;
    if (!now || !banId || now.busy || !this.#provider.unbanAuthor) return;
    await this.#call(id, now, (provider, signal) => provider.unbanAuthor!(banId, { signal }), () => {
      const lifted: InPlaceState = { ...now };
      delete lifted.banId;
      this.#set(id, lifted);
    });
  }

  /** Undoes the action just taken on `id` (`restore`): it is back where it was. */
  async undo(id: string): Promise<void> {
    const now = this.#states.get(id);
    const before = this.#undoState.get(id);
    if (!now?.done || now.busy || !before) return;
    clearTimeout(this.#timers.get(id));
    const undone = await this.#call(id, now, (provider, signal) => provider.moderateComment!(id, 'restore', { signal }), (item) => {
      const record = normalizeRecord(item, this.#threadId);
      this.#undoState.delete(id);
      if (record && before.queue === 'held') {
        const held: CommentRecord = { ...record, status: 'pending' };
        this.#held.set(id, held);
        this.#model.upsert(held);
      } else if (record) {
        this.#model.upsert(record);
      }
      this.#set(id, before);
    });
    // Failed: the Undo stays on offer for another while.
    if (!undone) this.#timers.set(id, setTimeout(() => this.#settle(id), UNDO_MS));
  }

  /**
   * One moderator's call about comment `id`, shown busy meanwhile: its answer goes to `then`; if
   * either fails, the comment is as it was (`now`) and the failure is the thread's error message.
   * Resolves to whether it succeeded.
   */
  async #call<T>(
    id: string,
    now: InPlaceState,
    call: (provider: CommentDataProvider, signal: AbortSignal) => Promise<T>,
    then: (answer: T) => void,
  ): Promise<boolean> {
    this.#set(id, { ...now, busy: true });
    try {
      then(await this.#model.call(call));
      return true;
    } catch (thrown) {
      this.#set(id, now);
      this.#model.failed(thrown);
      return false;
    }
  }

  /** The Undo is over: an approved comment is an ordinary one, a spammed or deleted one goes. */
  #settle(id: string): void {
    const state = this.#states.get(id);
    this.#timers.delete(id);
    this.#undoState.delete(id);
    if (!state?.done || state.busy) return;
    this.#states.delete(id);
    if (state.done !== 'approve') this.#model.remove(id);
    this.#changed();
  }

  #set(id: string, state: InPlaceState): void {
    this.#states.set(id, state);
    this.#changed();
  }

  /** Stops: timers cleared, answers still on their way dropped. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
