import { nothing } from 'lit';
import { COMMENT_ID_PREFIX, pathTo } from '../controllers/permalink-controller.js';
import type { FocusController } from '../controllers/focus-controller.js';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { ProgressiveRenderController } from '../controllers/progressive-render-controller.js';
import { errorText } from '../locale/localize.js';
import { flattenDisplayTree, type DisplayNode } from '../core/tree.js';
import type { ModelChange, ThreadModel } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import type { CommentEnv, CommentHandlers } from './comment-env.js';
import { REVEALED_PER_CLICK, SHOWN_WHEN_FOLDED } from './comment-template.js';
import type { LazyHandlers } from './action-gestures.js';
import { loadDialogs, loadedDialogs } from './form-loader.js';
import type { ThreadFormController } from './thread-form.js';

type DialogsModule = Awaited<ReturnType<typeof loadDialogs>>;

/** The comments shown: not the folded replies in the document (hidden until found). */
export const SHOWN_COMMENTS = 'article:not([hidden] *)';

/** What the gestures need from the thread element. */
export interface GestureHost {
  /** The thread element: where its comments are found, and when it has rendered. */
  readonly element: { readonly renderRoot: HTMLElement | DocumentFragment; readonly updateComplete: Promise<boolean> };
  readonly model: ThreadModel;
  readonly focus: FocusController;
  readonly form: ThreadFormController;
  readonly l10n: LocalizeController;
}

/**
 * What the reader's gestures on a comment do — each a call to the thread model — and, once the
 * model changed, where focus goes and what is announced. Reading gestures (reply, unfold, show
 * the full text, collapse, a permalink) are here; those that lead to a write, with the delete and
 * report dialogs, come on demand (`action-gestures.ts`): a click before they came waits for them.
 */
export class CommentGestures {
  /** The thread it serves (`action-gestures.ts` acts on it too). */
  readonly host: GestureHost;
  #lazyHandlers?: LazyHandlers;

  constructor(host: GestureHost) {
    this.host = host;
  }

  /** The comment's `<article>`. */
  comment(id: string): HTMLElement | null {
    return this.host.element.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(COMMENT_ID_PREFIX + id)}`);
  }

  heading(): HTMLElement | null {
    return this.host.element.renderRoot.querySelector<HTMLElement>('h2');
  }

  /** The open dialog of `record`, once the dialogs' code is in. */
  renderDialogs(record: CommentRecord, replies: number, env: CommentEnv): unknown {
    return loadedDialogs()?.renderDialogs(record, replies, env) ?? nothing;
  }

  /**
   * Moves focus and announces what the reader needs to know after the model changed. New comments
   * arriving keep the reading position and a cancelled reply gives focus back at once; what follows
   * a write comes with the dialogs' code.
   */
  followChange(change: ModelChange): void {
    const { focus, l10n } = this.host;
    const s = l10n.strings;
    switch (change.kind) {
      case 'live':
        focus.keepReadingPosition(SHOWN_COMMENTS);
        focus.announce(l10n.plural(s.newComments, change.added.length));
        break;
      case 'action-failed':
        focus.announce(`${s.actionFailed} ${errorText(s, change.error.code, change.error.retryAfter)}`);
        break;
      case 'posted':
      case 'updated':
      case 'edit-ended':
      case 'deleted':
      case 'reported':
        this.#withDialogs((dialogs) => dialogs.followWrite(this, change));
        break;
      // Not a write: focus goes back to the Reply button in the same update, not once the
      // dialogs' code has come (the form was back at the end a moment before it).
      case 'reply-cancelled':
        focus.later(() => this.comment(change.parentId)?.querySelector<HTMLElement>('.reply'));
    }
  }

  /** Unfolds every folded reply list between the top and comment `id`. */
  unfoldTo(id: string, progressive: ProgressiveRenderController): void {
    const model = this.host.model;
    for (const { parent, index } of pathTo(model.displayTree(), id)) {
      if (!parent) progressive.include(index + 1);
      else if (index >= (model.views.get(parent.record.id).shownReplies ?? SHOWN_WHEN_FOLDED)) {
        model.setView(parent.record.id, { shownReplies: index + 1 });
      }
    }
  }

  /**
   * After "Load more": the first comment not among `before` (the ids loaded until then) is
   * rendered now (the chunks so far may end before it), then focused.
   */
  focusFirstNew(before: ReadonlySet<string>, progressive: ProgressiveRenderController): void {
    const first = flattenDisplayTree(this.host.model.displayTree()).find((node) => !before.has(node.record.id));
    if (!first) return;
    this.unfoldTo(first.record.id, progressive);
    this.host.focus.later(() => this.comment(first.record.id));
  }

  /** Unfolds every folded reply list down to comment `id`, highlights it, scrolls to it, focuses it. */
  reveal(id: string, progressive: ProgressiveRenderController): void {
    const model = this.host.model;
    this.unfoldTo(id, progressive);
    model.highlight(id);
    this.host.focus.later(() => {
      const element = this.comment(id);
      element?.scrollIntoView({ block: 'start' });
      return element;
    });
  }

  /** Runs `then` once the comment dialogs' code is in: at once when it is, else when it came. */
  #withDialogs(then: (dialogs: DialogsModule) => void): void {
    const loaded = loadedDialogs();
    if (loaded) return then(loaded);
    loadDialogs().then(then, (error: unknown) => this.host.model.failed(error));
  }

  /** A gesture whose code comes with the dialogs: run at once when it is in, else once it came. */
  #lazy<K extends keyof LazyHandlers>(name: K): LazyHandlers[K] {
    return ((...args: unknown[]) =>
      this.#withDialogs((dialogs) => {
        const handlers = (this.#lazyHandlers ??= dialogs.lazyHandlers(this));
        (handlers[name] as (...args: unknown[]) => void)(...args);
      })) as LazyHandlers[K];
  }

  readonly handlers: CommentHandlers = {
    reply: (record) => {
      const { model, form } = this.host;
      form.need();
      model.startReply(record.id);
      form.focusLater();
    },
    hidePending: this.#lazy('hidePending'),
    showFull: (record) => {
      this.host.model.setView(record.id, { fullBody: true });
      this.host.focus.later(() => this.comment(record.id));
    },
    unfold: (node: DisplayNode, shown: number, found?: number) => {
      this.host.model.setView(node.record.id, { shownReplies: Math.max(shown + REVEALED_PER_CLICK, (found ?? 0) + 1) });
      const first = node.children[shown];
      if (first && found === undefined) this.host.focus.later(() => this.comment(first.record.id));
    },
    edit: this.#lazy('edit'),
    askDelete: this.#lazy('askDelete'),
    cancelDelete: this.#lazy('cancelDelete'),
    delete: this.#lazy('delete'),
    askReport: this.#lazy('askReport'),
    cancelReport: this.#lazy('cancelReport'),
    report: this.#lazy('report'),
    react: this.#lazy('react'),
    toggleCollapsed: (id) => {
      const model = this.host.model;
      model.setView(id, { collapsed: !model.views.get(id).collapsed });
    },
  };
}
