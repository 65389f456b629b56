import { normalizeRecord } from '../core/normalize.js';
import { forgetPending } from '../core/own-comments.js';
import { ProviderError, toProviderError } from '../errors.js';
import {
  CommentDeletedEvent,
  CommentPostedEvent,
  CommentPostFailedEvent,
  CommentReportedEvent,
  CommentUpdatedEvent,
  EditCancelEvent,
  ReactionChangeEvent,
  ReplyCancelEvent,
} from '../events.js';
import type { CommentDraft, CommentRecord } from '../types.js';
import type { ThreadModel } from './thread-model.js';

/*
 * The thread model's writes that come only after a first step — posting and editing from a form,
 * deleting and reporting after a confirmation, reacting, hiding a held comment, cancelling a reply
 * or an edit — and those first steps (the editor, the delete confirmation, the report's reason
 * picker opened), kept out of the thread's first load: they come with the form's code or the
 * comment dialogs'.
 */

interface WriteOptions {
  /** The element the reader acted in: the public event is fired from it. */
  origin?: EventTarget;
  /** Runs once the backend confirmed, before the thread changes and the event fires. */
  stored?(comment: CommentRecord): void;
}

/** What the provider answered, as a record of the reader's own, or an `unknown` error. */
function ownRecord(answer: unknown, threadId: string): CommentRecord {
  const comment = normalizeRecord(answer, threadId);
  if (!comment) throw new ProviderError('unknown', 'The provider answered without a comment.');
  comment.viewerIsAuthor = true;
  return comment;
}

/**
 * Posts a new comment through `model`. A backend that cannot honour idempotency keys answers a
 * repeat with `conflict`: the stored comment is looked up instead of posting again. On success
 * the comment joins the thread and `comment-posted` fires; a failure fires `comment-post-failed`
 * and rejects with the provider error.
 */
export async function postComment(
  model: ThreadModel,
  draft: CommentDraft,
  options: WriteOptions & { author?: string } = {},
): Promise<CommentRecord> {
  try {
    let answer: unknown;
    try {
      answer = await model.call((provider, signal) => provider.postComment(draft, { signal }));
    } catch (thrown) {
      const found = toProviderError(thrown).code === 'conflict' ? await findStored(model, draft, options.author) : null;
      if (!found) throw thrown;
      answer = found;
    }
    const comment = ownRecord(answer, draft.threadId);
    options.stored?.(comment);
    model.accept(comment, 'posted', new CommentPostedEvent({ comment, draft }), options.origin);
    return comment;
  } catch (thrown) {
    const error = toProviderError(thrown);
    model.emit(new CommentPostFailedEvent({ error, draft }), options.origin);
    throw error;
  }
}

/** Saves an edit of the reader's own comment; on success `comment-updated` fires. */
export async function editComment(model: ThreadModel, record: CommentRecord, body: string, options: WriteOptions = {}): Promise<CommentRecord> {
  const answer = await model.call((provider, signal) => provider.updateComment!(record.id, body, { signal }));
  const comment = ownRecord(answer, record.threadId);
  options.stored?.(comment);
  model.accept(comment, 'updated', new CommentUpdatedEvent({ comment }), options.origin);
  return comment;
}

/** The stored comment a `conflict` refers to: the reader's newest with the same text and parent. */
async function findStored(model: ThreadModel, draft: CommentDraft, author = draft.guest?.name): Promise<CommentRecord | null> {
  try {
    const page = await model.call((provider, signal) => provider.listComments(draft.threadId, { order: 'newest', limit: 100, signal }));
    const records = Array.isArray(page?.comments) ? page.comments : [];
    return (
      records.find(
        (record) =>
          record?.body?.trim() === draft.body.trim() &&
          (record.parentId ?? null) === draft.parentId &&
          (author === undefined || record.author?.name === author),
      ) ?? null
    );
  } catch {
    return null;
  }
}

/** The form goes back after the comments, if it answered `parentId` (cancelled, unless `posted`). */
export function closeReply(model: ThreadModel, parentId: string, posted = false): void {
  if (model.views.find('replying') !== parentId) return;
  model.views.only('replying', null);
  model.changed({ kind: 'view' });
  if (!posted) model.changed({ kind: 'reply-cancelled', parentId });
}

/** The reply to `parentId` was cancelled: the form goes back after the comments; `reply-cancel` fires. */
export function cancelReply(model: ThreadModel, parentId: string, origin?: EventTarget): void {
  closeReply(model, parentId);
  model.emit(new ReplyCancelEvent({ parentId }), origin);
}

/** Editing comment `id` was left without saving; `edit-cancel` fires. */
export function cancelEdit(model: ThreadModel, id: string, origin?: EventTarget): void {
  model.closeEdit(id);
  model.emit(new EditCancelEvent({ id }), origin);
}

/** Opens the editor in place of comment `id` (closing its confirmation or report). */
export function startEdit(model: ThreadModel, id: string): void {
  model.views.only('confirmingDelete', null);
  model.views.only('reporting', null);
  model.viewChanged(model.views.only('editing', id));
}

/** Opens (or, with `null`, closes) the delete confirmation of one comment. */
export function confirmDelete(model: ThreadModel, id: string | null): void {
  if (id !== null) model.views.only('reporting', null);
  model.viewChanged(model.views.only('confirmingDelete', id));
}

/** Opens (or, with `null`, closes) the reason picker of one comment. */
export function startReport(model: ThreadModel, id: string | null): void {
  if (id !== null) model.views.only('confirmingDelete', null);
  model.viewChanged(model.views.only('reporting', id));
}

/**
 * Deletes the reader's comment: one with replies stays as a placeholder so they keep their place.
 * `next` is the comment to go to afterwards (picked before the call: a live update may take the
 * comment out before it answers).
 */
export async function deleteComment(model: ThreadModel, record: CommentRecord, hasReplies: boolean, next?: string): Promise<void> {
  if (model.busy.has(record.id)) return;
  model.busy.add(record.id);
  try {
    await model.call((provider, signal) => provider.deleteComment!(record.id, { signal }));
    if (hasReplies) model.upsert({ ...record, status: 'deleted', body: '', viewerIsAuthor: false });
    else model.remove(record.id);
    confirmDelete(model, null);
    model.changed({ kind: 'deleted', id: record.id, placeholder: hasReplies, next });
    model.emit(new CommentDeletedEvent({ id: record.id }));
  } catch (thrown) {
    model.failed(thrown);
  } finally {
    model.busy.delete(record.id);
  }
}

/** Reports a comment for `reason`; it then says it was reported. */
export async function reportComment(model: ThreadModel, record: CommentRecord, reason: string): Promise<void> {
  if (model.busy.has(record.id)) return;
  model.busy.add(record.id);
  try {
    await model.call((provider) => provider.report!(record.id, reason));
    model.views.update(record.id, { reported: true });
    startReport(model, null);
    model.changed({ kind: 'reported', id: record.id });
    model.emit(new CommentReportedEvent({ id: record.id, reason }));
  } catch (thrown) {
    model.failed(thrown);
  } finally {
    model.busy.delete(record.id);
    model.changed({ kind: 'view' });
  }
}

/** Toggles the reader's reaction: shown at once, then settled on what the provider answers (or rolled back). */
export async function toggleReaction(model: ThreadModel, record: CommentRecord, reaction: string): Promise<void> {
  const key = `${record.id}\n${reaction}`;
  if (model.busy.has(key)) return;
  model.busy.add(key);
  const current = record.reactions?.[reaction] ?? { count: 0 };
  const optimistic: CommentRecord = {
    ...record,
    reactions: {
      ...record.reactions,
      [reaction]: current.mine ? { count: Math.max(0, current.count - 1) } : { count: current.count + 1, mine: true },
    },
  };
  model.upsert(optimistic);
  try {
    const answer = await model.call((provider, signal) => provider.react!(record.id, reaction, { signal }));
    const settled = normalizeRecord(answer, record.threadId);
    // Only settle if nothing newer replaced the record meanwhile.
    if (settled && model.get(record.id) === optimistic) {
      model.upsert({ ...settled, viewerIsAuthor: record.viewerIsAuthor ?? settled.viewerIsAuthor });
      model.emit(new ReactionChangeEvent({ comment: settled, reaction }));
    }
  } catch (thrown) {
    if (model.get(record.id) === optimistic) model.upsert(record);
    model.failed(thrown);
  } finally {
    model.busy.delete(key);
  }
}

/** "Hide" on the reader's own held comment: forgotten in this browser, gone from the thread. */
export function hidePending(model: ThreadModel, record: CommentRecord): void {
  forgetPending(record.threadId, [record.id]);
  model.remove(record.id);
}
