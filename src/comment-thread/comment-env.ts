import type { TemplateResult } from 'lit';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { DisplayNode } from '../core/tree.js';
import type { CommentView } from '../model/view-state.js';
import type { CommentDataProvider, CommentRecord, ThreadInfo } from '../types.js';
import type { El, Live } from './nodes.js';

/** What the reader's gestures on a comment call (the thread element wires them to its model). */
export interface CommentHandlers {
  reply(record: CommentRecord): void;
  hidePending(record: CommentRecord): void;
  showFull(record: CommentRecord): void;
  /**
   * "Show N more replies" under `node`, which shows `shown` of its replies now; `found`: the
   * browser revealed reply number `found` for find-in-page (shown too, focus stays).
   */
  unfold(node: DisplayNode, shown: number, found?: number): void;
  edit(record: CommentRecord): void;
  askDelete(record: CommentRecord): void;
  cancelDelete(id: string): void;
  delete(record: CommentRecord, hasReplies: boolean): void;
  askReport(record: CommentRecord): void;
  cancelReport(id: string): void;
  report(record: CommentRecord, reason: string): void;
  react(record: CommentRecord, reaction: string): void;
  toggleCollapsed(id: string): void;
}

/**
 * Everything the comment templates read besides the comment itself: one immutable value per
 * render of the thread (rebuilt when any of it changes), so it can take part in a conversation's memo (comment-list.ts).
 */
export interface CommentEnv {
  readonly l10n: LocalizeController;
  /** The time relative times are measured from (set on each render of the thread). */
  now: number;
  readonly info: ThreadInfo;
  readonly provider?: CommentDataProvider;
  /** The reader's view of comment `id` (replying, editing, folded…). */
  view(id: string): CommentView;
  /** The sanitised body, shortened unless `full`. Throws for a body that cannot be shown. */
  body(record: CommentRecord, full: boolean): El | Live;
  avatar(record: CommentRecord, name: string): El | null;
  /** The one reply form, for the comment it answers. */
  replyForm(): unknown;
  /** The open delete confirmation or report reason picker of `record`, if any (loaded on demand). */
  dialogs(record: CommentRecord, replies: number): unknown;
  /** The form that edits `record` in place. */
  editForm(record: CommentRecord): TemplateResult;
  readonly on: CommentHandlers;
  /** A moderator's mark and actions for `record` in place (held, reported), or undefined. */
  moderation?(record: CommentRecord, env: CommentEnv): unknown;
}
