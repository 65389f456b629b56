/**
 * What the reader has done to one comment in this page: the per-comment view state of a thread.
 * Each value is immutable: a change makes a new one, so identity says whether anything changed.
 */
export interface CommentView {
  /** The form sits under this comment (replying to it). */
  readonly replying: boolean;
  /** The comment is being edited in place. */
  readonly editing: boolean;
  /** Its deletion waits for confirmation. */
  readonly confirmingDelete: boolean;
  /** The reason picker of a report is open. */
  readonly reporting: boolean;
  /** The reader reported it. */
  readonly reported: boolean;
  /** Its replies are collapsed. */
  readonly collapsed: boolean;
  /** A permalink opened it. */
  readonly highlighted: boolean;
  /** Its long body is shown in full. */
  readonly fullBody: boolean;
  /** How many of its replies are shown, once the reader unfolded a long list. */
  readonly shownReplies?: number;
}

/** The view of a comment nobody did anything to. */
export const EMPTY_VIEW: CommentView = Object.freeze({
  replying: false,
  editing: false,
  confirmingDelete: false,
  reporting: false,
  reported: false,
  collapsed: false,
  highlighted: false,
  fullBody: false,
});

/** The flags only one comment at a time can have. */
export type SingleFlag = 'replying' | 'editing' | 'confirmingDelete' | 'reporting' | 'highlighted';

/** A conversation's render guard: a new (frozen, empty) object each time one of its views changes. */
export type ConversationStamp = Readonly<Record<string, never>>;

const UNTOUCHED: ConversationStamp = Object.freeze({});

/**
 * The per-comment view state of one thread. Each comment's view is an immutable value, and each
 * top-level conversation has a stamp replaced whenever one of its comments' views is: the thread
 * renders a conversation again only when its stamp (or its comments) changed, so one reader
 * action re-renders one conversation.
 */
export class ViewState {
  readonly #views = new Map<string, CommentView>();
  readonly #single = new Map<SingleFlag, string>();
  readonly #stamps = new Map<string, ConversationStamp>();
  /** Changes whenever a view does: one number that says whether any stamp changed. */
  version = 0;
  /** The top-level comment whose conversation holds `id` (the thread's current tree). */
  rootOf: (id: string) => string | undefined = () => undefined;

  /** The view of comment `id`. */
  get(id: string): CommentView {
    return this.#views.get(id) ?? EMPTY_VIEW;
  }

  /** The one comment that has `flag`, or `null`. */
  find(flag: SingleFlag): string | null {
    return this.#single.get(flag) ?? null;
  }

  /** The stamp of the conversation under top-level comment `rootId`: its render guard. */
  conversation(rootId: string): ConversationStamp {
    return this.#stamps.get(rootId) ?? UNTOUCHED;
  }

  /** Changes comment `id`'s view; returns whether anything changed. */
  update(id: string, patch: Partial<CommentView>): boolean {
    const before = this.get(id);
    if ((Object.keys(patch) as (keyof CommentView)[]).every((key) => before[key] === patch[key])) return false;
    const after: CommentView = Object.freeze({ ...before, ...patch });
    const empty = (Object.keys(after) as (keyof CommentView)[]).every((key) => after[key] === EMPTY_VIEW[key]);
    if (empty) this.#views.delete(id);
    else this.#views.set(id, after);
    this.#stamps.set(this.rootOf(id) ?? id, Object.freeze({}));
    this.version++;
    return true;
  }

  /** Gives `flag` to comment `id` alone (or to none, with `null`); returns whether anything changed. */
  only(flag: SingleFlag, id: string | null): boolean {
    const current = this.find(flag);
    if (current === id) return false;
    if (current !== null) this.update(current, { [flag]: false });
    if (id === null) this.#single.delete(flag);
    else {
      this.#single.set(flag, id);
      this.update(id, { [flag]: true });
    }
    return true;
  }

  /** Forgets everything (a new thread was loaded). */
  reset(): void {
    this.#views.clear();
    this.#single.clear();
    this.#stamps.clear();
    this.version++;
  }
}
