/** The events `<comment-moderation>` fires (mapped in `GlobalEventHandlersEventMap` by src/events.ts). */
import type { Ban, ModerationAction, ModerationItem } from '../types.js';

// Every event bubbles and is composed, as the other elements' events.
const OPTIONS = { bubbles: true, composed: true } as const;

export interface ModerationActionDetail {
  action: ModerationAction;
  /** The comments acted on, as the provider answered them. */
  items: ModerationItem[];
}
/** A moderator approved, marked as spam, deleted or restored (Undo) comments in `<comment-moderation>`. */
export class ModerationActionEvent extends CustomEvent<ModerationActionDetail> {
  static readonly eventName = 'moderation-action';
  constructor(detail: ModerationActionDetail) {
    super(ModerationActionEvent.eventName, { ...OPTIONS, detail });
  }
}

export interface AuthorBanDetail {
  /** The ban made (or, after Undo, lifted). */
  ban: Ban;
  /** True when Undo lifted it. */
  lifted: boolean;
}
/** A moderator banned a comment's author in `<comment-moderation>`, or lifted that ban with Undo. */
export class AuthorBanEvent extends CustomEvent<AuthorBanDetail> {
  static readonly eventName = 'author-ban';
  constructor(detail: AuthorBanDetail) {
    super(AuthorBanEvent.eventName, { ...OPTIONS, detail });
  }
}

