import { html, type TemplateResult } from 'lit';
import type { CommentForm } from '../comment-form/comment-form.js';
import { COMMENT_ID_PREFIX } from '../controllers/permalink-controller.js';
import { afterFrame } from '../controllers/progressive-render-controller.js';
import type { ModelChange } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import type { CommentHandlers } from './comment-env.js';
import { SHOWN_COMMENTS, type CommentGestures } from './comment-gestures.js';
import { closeReply, confirmDelete, deleteComment, hidePending, reportComment, startEdit, startReport, toggleReaction } from '../model/writes.js';
import { loadForm } from './form-loader.js';
import type { ThreadFormHost } from './thread-form.js';

/*
 * The part of a reader's gestures that follows a write — editing, deleting, reporting, reacting,
 * hiding a held comment — and where focus goes and what is announced once the model changed after
 * one. Loaded with the comment dialogs (`dialogs-template.ts`), when the browser is idle after the
 * first comments painted or at the first such gesture; the buttons themselves are in the first load
 * (`actions-template.ts`), and a click before this code came waits for it (`CommentGestures`).
 */

/** The handlers of the gestures that come with this module (the others are `CommentGestures`' own). */
export type LazyHandlers = Pick<
  CommentHandlers,
  'hidePending' | 'edit' | 'askDelete' | 'cancelDelete' | 'delete' | 'askReport' | 'cancelReport' | 'report' | 'react'
>;

/** What the thread does after a write changed the model (`live`, `action-failed` and `reply-cancelled` are `CommentGestures`' own). */
export function followWrite(gestures: CommentGestures, change: ModelChange): void {
  const { focus, l10n } = gestures.host;
  const s = l10n.strings;
  switch (change.kind) {
    case 'posted':
      focus.announce(change.comment.status === 'pending' ? s.postedPending : s.posted);
      if (change.replying === null) focus.later(() => gestures.comment(change.comment.id));
      else {
        // The reply is painted first; then focus moves to it and the form goes back after the
        // comments. Moving focus, or taking the focused form out, makes the browser lay the whole
        // page out at once, holding back the frame that shows the reply.
        const parentId = change.replying;
        void gestures.host.element.updateComplete.then(() =>
          afterFrame(() => {
            gestures.comment(change.comment.id)?.focus();
            closeReply(gestures.host.model, parentId, true);
          }),
        );
      }
      break;
    case 'updated':
      focus.announce(s.saved);
      break;
    case 'edit-ended':
      // Focus returns to Edit (or the comment, if the edit window closed meanwhile).
      focus.later(() => control(gestures, change.id, 'edit') ?? gestures.comment(change.id));
      break;
    case 'deleted':
      focus.announce(s.deleted);
      focus.later(() => (change.next !== undefined ? gestures.comment(change.next) : null) ?? gestures.heading());
      break;
    case 'reported':
      focus.announce(s.reported);
      focus.later(() => control(gestures, change.id, 'reported'));
      break;
  }
}

/** A comment's control (`data-action`): where focus returns after a dialog. */
function control(gestures: CommentGestures, id: string, action: string): HTMLElement | null | undefined {
  return gestures.comment(id)?.querySelector<HTMLElement>(`[data-action="${action}"]`);
}

/** The comment that takes focus when `id` goes away: the next one shown, else the one before it. */
function neighbour(gestures: CommentGestures, id: string): string | undefined {
  const articles = [...gestures.host.element.renderRoot.querySelectorAll<HTMLElement>(SHOWN_COMMENTS)];
  const index = articles.findIndex((article) => article.id === COMMENT_ID_PREFIX + id);
  if (index < 0) return undefined;
  return (articles[index + 1] ?? articles[index - 1])?.id.slice(COMMENT_ID_PREFIX.length);
}

/** The handlers of the gestures that lead to a write, for `gestures`' thread. */
export function lazyHandlers(gestures: CommentGestures): LazyHandlers {
  const { model, focus, element } = gestures.host;
  return {
    hidePending: (record) => {
      hidePending(model, record);
      focus.later(() => gestures.heading());
    },
    edit: (record) => {
      startEdit(model, record.id);
      void loadForm().catch(() => undefined);
      // Focus goes to the editor's text box (the Edit button goes away).
      void element.updateComplete
        .then(() => customElements.whenDefined('comment-form'))
        .then(() => {
          if (model.views.find('editing') !== record.id) return;
          gestures.comment(record.id)?.querySelector<CommentForm>('comment-form')?.focusBody?.();
        });
    },
    askDelete: (record) => {
      confirmDelete(model, record.id);
      focus.later(() => control(gestures, record.id, 'cancel-delete'));
    },
    cancelDelete: (id) => {
      if (model.views.find('confirmingDelete') !== id) return;
      confirmDelete(model, null);
      focus.later(() => control(gestures, id, 'delete'));
    },
    delete: (record, hasReplies) =>
      // Focus goes to the placeholder, or to a neighbouring comment, never to <body>. Found
      // now: a live update from the provider may take the comment out before the call answers.
      void deleteComment(model, record, hasReplies, hasReplies ? record.id : neighbour(gestures, record.id)),
    askReport: (record) => {
      startReport(model, record.id);
      focus.later(() => gestures.comment(record.id)?.querySelector<HTMLElement>('select'));
    },
    cancelReport: (id) => {
      if (model.views.find('reporting') !== id) return;
      startReport(model, null);
      focus.later(() => control(gestures, id, 'report'));
    },
    report: (record, reason) => void reportComment(model, record, reason),
    react: (record, reaction) => void toggleReaction(model, record, reaction),
  };
}

/** The form that edits `record` in place (`ThreadFormController.edit`). */
export function editForm(host: ThreadFormHost, record: CommentRecord): TemplateResult {
  return html`<comment-form
    class="edit-form"
    part="edit-form"
    .editing=${record}
    .threadId=${host.threadId}
    .strings=${host.strings}
    .timeout=${host.timeout}
    .theme=${host.theme}
    .embedded=${true}
  ></comment-form>`;
}
