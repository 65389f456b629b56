import { nothing } from 'lit';
import type { CommentForm } from '../comment-form/comment-form.js';
import { COMMENT_ID_PREFIX, pathTo } from '../controllers/permalink-controller.js';
import type { FocusController } from '../controllers/focus-controller.js';
import type { LocalizeController } from '../controllers/localize-controller.js';
import { afterFrame, type ProgressiveRenderController } from '../controllers/progressive-render-controller.js';
import { errorText } from '../locale/localize.js';
import type { DisplayNode } from '../core/tree.js';
import type { ModelChange, ThreadModel } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import type { CommentEnv, CommentHandlers } from './comment-env.js';
import { REVEALED_PER_CLICK, SHOWN_WHEN_FOLDED } from './comment-template.js';
import { loadDialogs, loadForm } from './form-loader.js';
import type { ThreadFormController } from './thread-form.js';

type DialogsModule = Awaited<ReturnType<typeof loadDialogs>>;

/** The comments shown: not the folded replies in the document (hidden until found). */
const SHOWN_COMMENTS = 'article:not([hidden] *)';

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
 * model changed, where focus goes and what is announced. The delete and report dialogs (and
 * their writes) come on demand.
 */
export class CommentGestures {
  readonly #host: GestureHost;
  #dialogs?: DialogsModule;

  constructor(host: GestureHost) {
    this.#host = host;
  }

  /** The comment's `<article>`. */
  comment(id: string): HTMLElement | null {
    return this.#host.element.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(COMMENT_ID_PREFIX + id)}`);
  }

  /** A comment's control (`data-action`): where focus returns after a dialog. */
  control(id: string, action: string): HTMLElement | null | undefined {
    return this.comment(id)?.querySelector<HTMLElement>(`[data-action="${action}"]`);
  }

  heading(): HTMLElement | null {
    return this.#host.element.renderRoot.querySelector<HTMLElement>('h2');
  }

  /** The open dialog of `record`, once the dialogs' code is in. */
  renderDialogs(record: CommentRecord, replies: number, env: CommentEnv): unknown {
    return this.#dialogs?.renderDialogs(record, replies, env) ?? nothing;
  }

  /** Moves focus and announces what the reader needs to know after the model changed. */
  followChange(change: ModelChange): void {
    const { focus, l10n } = this.#host;
    const s = l10n.strings;
    switch (change.kind) {
      case 'live':
        focus.keepReadingPosition(SHOWN_COMMENTS);
        focus.announce(l10n.plural(s.newComments, change.added.length));
        break;
      case 'posted':
        focus.announce(change.comment.status === 'pending' ? s.postedPending : s.posted);
        if (change.replying === null) focus.later(() => this.comment(change.comment.id));
        else {
          // The reply is painted first; then focus moves to it and the form goes back after the
          // comments. Moving focus, or taking the focused form out, makes the browser lay the
          // whole page out at once, holding back the frame that shows the reply.
          const parentId = change.replying;
          void this.#host.element.updateComplete.then(() =>
            afterFrame(() => {
              this.comment(change.comment.id)?.focus();
              this.#host.model.closeReply(parentId, true);
            }),
          );
        }
        break;
      case 'updated':
        focus.announce(s.saved);
        break;
      case 'edit-ended':
        // Focus returns to Edit (or the comment, if the edit window closed meanwhile).
        focus.later(() => this.control(change.id, 'edit') ?? this.comment(change.id));
        break;
      case 'deleted':
        focus.announce(s.deleted);
        focus.later(() => (change.next !== undefined ? this.comment(change.next) : null) ?? this.heading());
        break;
      case 'reported':
        focus.announce(s.reported);
        focus.later(() => this.control(change.id, 'reported'));
        break;
      case 'reply-cancelled':
        focus.later(() => this.comment(change.parentId)?.querySelector<HTMLElement>('.reply'));
        break;
      case 'action-failed':
        focus.announce(`${s.actionFailed} ${errorText(s, change.error.code, change.error.retryAfter)}`);
        break;
    }
  }

  /** Unfolds every folded reply list between the top and comment `id`. */
  unfoldTo(id: string, progressive: ProgressiveRenderController): void {
    const model = this.#host.model;
    for (const { parent, index } of pathTo(model.displayTree(), id)) {
      if (!parent) progressive.include(index + 1);
      else if (index >= (model.views.get(parent.record.id).shownReplies ?? SHOWN_WHEN_FOLDED)) {
        model.setView(parent.record.id, { shownReplies: index + 1 });
      }
    }
  }

  /** Unfolds every folded reply list down to comment `id`, highlights it, scrolls to it, focuses it. */
  reveal(id: string, progressive: ProgressiveRenderController): void {
    const model = this.#host.model;
    this.unfoldTo(id, progressive);
    model.highlight(id);
    this.#host.focus.later(() => {
      const element = this.comment(id);
      element?.scrollIntoView({ block: 'start' });
      return element;
    });
  }

  /** Runs `then` once the comment dialogs' code is in (at once when it is). */
  #withDialogs(then: (dialogs: DialogsModule) => void): void {
    if (this.#dialogs) return then(this.#dialogs);
    loadDialogs().then(
      (dialogs) => then((this.#dialogs = dialogs)),
      (error: unknown) => this.#host.model.failed(error),
    );
  }

  /** The comment that takes focus when `id` goes away: the next one shown, else the one before it. */
  #neighbour(id: string): string | undefined {
    const articles = [...this.#host.element.renderRoot.querySelectorAll<HTMLElement>(SHOWN_COMMENTS)];
    const index = articles.findIndex((article) => article.id === COMMENT_ID_PREFIX + id);
    if (index < 0) return undefined;
    return (articles[index + 1] ?? articles[index - 1])?.id.slice(COMMENT_ID_PREFIX.length);
  }

  readonly handlers: CommentHandlers = {
    reply: (record) => {
      const { model, form } = this.#host;
      form.need();
      model.startReply(record.id);
      form.focusLater();
    },
    hidePending: (record) => {
      this.#host.model.hidePending(record);
      this.#host.focus.later(() => this.heading());
    },
    showFull: (record) => {
      this.#host.model.setView(record.id, { fullBody: true });
      this.#host.focus.later(() => this.comment(record.id));
    },
    unfold: (node: DisplayNode, shown: number, found?: number) => {
      this.#host.model.setView(node.record.id, { shownReplies: Math.max(shown + REVEALED_PER_CLICK, (found ?? 0) + 1) });
      const first = node.children[shown];
      if (first && found === undefined) this.#host.focus.later(() => this.comment(first.record.id));
    },
    edit: (record) => {
      const model = this.#host.model;
      model.startEdit(record.id);
      void loadForm().catch(() => undefined);
      // Focus goes to the editor's text box (the Edit button goes away).
      void this.#host.element.updateComplete
        .then(() => customElements.whenDefined('comment-form'))
        .then(() => {
          if (model.views.find('editing') !== record.id) return;
          this.comment(record.id)?.querySelector<CommentForm>('comment-form')?.focusBody?.();
        });
    },
    askDelete: (record) =>
      this.#withDialogs(() => {
        this.#host.model.confirmDelete(record.id);
        this.#host.focus.later(() => this.control(record.id, 'cancel-delete'));
      }),
    cancelDelete: (id) => {
      if (this.#host.model.views.find('confirmingDelete') !== id) return;
      this.#host.model.confirmDelete(null);
      this.#host.focus.later(() => this.control(id, 'delete'));
    },
    delete: (record, hasReplies) => {
      // Focus goes to the placeholder, or to a neighbouring comment, never to <body>. Found
      // now: a live update from the provider may take the comment out before the call answers.
      const next = hasReplies ? record.id : this.#neighbour(record.id);
      this.#withDialogs((dialogs) => void dialogs.deleteComment(this.#host.model, record, hasReplies, next));
    },
    askReport: (record) =>
      this.#withDialogs(() => {
        this.#host.model.startReport(record.id);
        this.#host.focus.later(() => this.comment(record.id)?.querySelector<HTMLElement>('select'));
      }),
    cancelReport: (id) => {
      if (this.#host.model.views.find('reporting') !== id) return;
      this.#host.model.startReport(null);
      this.#host.focus.later(() => this.control(id, 'report'));
    },
    report: (record, reason) => this.#withDialogs((dialogs) => void dialogs.reportComment(this.#host.model, record, reason)),
    react: (record, reaction) => void this.#host.model.react(record, reaction),
    toggleCollapsed: (id) => {
      const model = this.#host.model;
      model.setView(id, { collapsed: !model.views.get(id).collapsed });
    },
  };
}
