import type { AuthorBanEvent, ModerationActionEvent } from './comment-moderation/events.js';
import type { CommentDraft, CommentRecord, Identity, ProviderErrorLike } from './types.js';

// Every event bubbles and is composed: a page listens on the element, or on
// any ancestor, whatever shadow roots lie between.
const OPTIONS = { bubbles: true, composed: true } as const;

export interface ThreadLoadedDetail {
  threadId: string;
  /** Comments now shown. */
  shown: number;
  /** The thread's visible comments, as the provider counts them (else `shown`). */
  total: number;
}
/** A page of the thread was loaded and shown (the first or a later one). */
export class ThreadLoadedEvent extends CustomEvent<ThreadLoadedDetail> {
  static readonly eventName = 'thread-loaded';
  constructor(detail: ThreadLoadedDetail) {
    super(ThreadLoadedEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface ThreadErrorDetail {
  threadId: string;
  error: ProviderErrorLike;
}
/** Loading the thread (or one more page of it) failed; the element shows Retry. */
export class ThreadErrorEvent extends CustomEvent<ThreadErrorDetail> {
  static readonly eventName = 'thread-error';
  constructor(detail: ThreadErrorDetail) {
    super(ThreadErrorEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface ReplyDetail {
  /** The comment being answered. */
  parentId: string;
}
/** The reader chose "Reply": the form moved under that comment. */
export class ReplyStartEvent extends CustomEvent<ReplyDetail> {
  static readonly eventName = 'reply-start';
  constructor(detail: ReplyDetail) {
    super(ReplyStartEvent.eventName, { ...OPTIONS, detail });
  }
}
/** The reader cancelled a reply (button or Escape): the form goes back. */
export class ReplyCancelEvent extends CustomEvent<ReplyDetail> {
  static readonly eventName = 'reply-cancel';
  constructor(detail: ReplyDetail) {
    super(ReplyCancelEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface CommentPostedDetail {
  comment: CommentRecord;
  draft: CommentDraft;
}
/** The backend stored a comment (it may still be pending moderation). */
export class CommentPostedEvent extends CustomEvent<CommentPostedDetail> {
  static readonly eventName = 'comment-posted';
  constructor(detail: CommentPostedDetail) {
    super(CommentPostedEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface CommentPostFailedDetail {
  error: ProviderErrorLike;
  draft: CommentDraft;
}
/** Posting failed; the draft is kept and the form offers to try again. */
export class CommentPostFailedEvent extends CustomEvent<CommentPostFailedDetail> {
  static readonly eventName = 'comment-post-failed';
  constructor(detail: CommentPostFailedDetail) {
    super(CommentPostFailedEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface IdentityChangeDetail {
  /** `null`: commenting as a guest. */
  identity: Identity | null;
}
/** The reader signed in, signed out, or changed identity. */
export class IdentityChangeEvent extends CustomEvent<IdentityChangeDetail> {
  static readonly eventName = 'identity-change';
  constructor(detail: IdentityChangeDetail) {
    super(IdentityChangeEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface CommentDetail {
  comment: CommentRecord;
}
/** The reader saved an edit of their own comment. */
export class CommentUpdatedEvent extends CustomEvent<CommentDetail> {
  static readonly eventName = 'comment-updated';
  constructor(detail: CommentDetail) {
    super(CommentUpdatedEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface CommentIdDetail {
  id: string;
}
/** The reader left editing without saving (the edit draft is kept). */
export class EditCancelEvent extends CustomEvent<CommentIdDetail> {
  static readonly eventName = 'edit-cancel';
  constructor(detail: CommentIdDetail) {
    super(EditCancelEvent.eventName, { ...OPTIONS, detail });
  }
}
/** The reader deleted their own comment. */
export class CommentDeletedEvent extends CustomEvent<CommentIdDetail> {
  static readonly eventName = 'comment-deleted';
  constructor(detail: CommentIdDetail) {
    super(CommentDeletedEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface ReactionChangeDetail {
  comment: CommentRecord;
  reaction: string;
}
/** The reader added or took back a reaction (after the provider confirmed). */
export class ReactionChangeEvent extends CustomEvent<ReactionChangeDetail> {
  static readonly eventName = 'reaction-change';
  constructor(detail: ReactionChangeDetail) {
    super(ReactionChangeEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface CommentReportedDetail {
  id: string;
  reason: string;
}
/** The reader reported a comment. */
export class CommentReportedEvent extends CustomEvent<CommentReportedDetail> {
  static readonly eventName = 'comment-reported';
  constructor(detail: CommentReportedDetail) {
    super(CommentReportedEvent.eventName, { ...OPTIONS, detail });
  }
}

// <comment-moderation>'s events are classes of its own module (src/comment-moderation/events.ts),
// so that a page showing only threads does not load them; their types are mapped here.
export type { ModerationActionDetail, AuthorBanDetail } from './comment-moderation/events.js';

declare global {
  interface GlobalEventHandlersEventMap {
    'thread-loaded': ThreadLoadedEvent;
    'thread-error': ThreadErrorEvent;
    'reply-start': ReplyStartEvent;
    'reply-cancel': ReplyCancelEvent;
    'comment-posted': CommentPostedEvent;
    'comment-post-failed': CommentPostFailedEvent;
    'identity-change': IdentityChangeEvent;
    'comment-updated': CommentUpdatedEvent;
    'edit-cancel': EditCancelEvent;
    'comment-deleted': CommentDeletedEvent;
    'reaction-change': ReactionChangeEvent;
    'comment-reported': CommentReportedEvent;
    'moderation-action': ModerationActionEvent;
    'author-ban': AuthorBanEvent;
  }
}
