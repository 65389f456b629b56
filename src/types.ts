/**
 * The data-provider contract: every element talks to its backend only through
 * this interface. Names are fixed by the product design; optional members may
 * be added. A plain object that implements it works, no base class required.
 */

export interface CommentDataProvider {
  listComments(threadId: string, options?: ListOptions): Promise<CommentPage>;
  postComment(draft: CommentDraft, options?: { signal?: AbortSignal }): Promise<CommentRecord>;
  /** Absent: guest only. */
  identityOptions?(): Promise<IdentityOption[]>;
  signIn?(optionId: string, options?: { signal?: AbortSignal }): Promise<Identity>;
  signOut?(): Promise<void>;
  currentIdentity?(): Promise<Identity | null>;
  onIdentityChange?(listener: (identity: Identity | null) => void): () => void;
  /**
   * (Added.) After a sign-in that left the page (a full-page redirect) and came back: which
   * option, and the error when it failed; `null` otherwise. Elements ask once, on start.
   */
  returnedSignIn?(): Promise<{ optionId: string; error?: ProviderErrorLike } | null>;
  /**
   * Follows the thread's changes. `options.onReset`: the provider missed changes it cannot
   * replay (a long disconnection); the caller loads the thread again from its first page.
   */
  subscribe?(threadId: string, listener: (change: CommentChange) => void, options?: SubscribeOptions): () => void;
  threadInfo?(threadId: string): Promise<ThreadInfo>;
  updateComment?(id: string, body: string, options?: { signal?: AbortSignal }): Promise<CommentRecord>;
  deleteComment?(id: string, options?: { signal?: AbortSignal }): Promise<void>;
  react?(id: string, reaction: string, options?: { signal?: AbortSignal }): Promise<CommentRecord>;
  report?(id: string, reason: string): Promise<void>;

  // Moderation (all optional: a provider that cannot moderate leaves them out). Every member
  // rejects with `forbidden` when the current reader does not moderate.

  /** (Added.) Whether the current reader moderates (may call the members below). */
  isModerator?(options?: { signal?: AbortSignal }): Promise<boolean>;
  /**
   * (Added.) The moderation queue: held, reported and spam comments, newest first, paged with
   * `nextCursor`; the whole site, or one thread with `options.threadId`.
   */
  listModerationQueue?(options?: ModerationQueueOptions): Promise<ModerationPage>;
  /**
   * (Added.) Acts on a comment: `approve` publishes it, `hold` takes it back to the queue, `spam`
   * and `delete` remove it from readers' listings, `restore` undoes the last action on it (Undo).
   * Answers the comment as moderators now see it.
   */
  moderateComment?(id: string, action: ModerationAction, options?: { signal?: AbortSignal }): Promise<ModerationItem>;
  /** (Added.) Refuses the author's new comments (their identity, a guest's hashed email and network address). */
  banAuthor?(request: BanRequest, options?: { signal?: AbortSignal }): Promise<Ban>;
  /** (Added.) Lifts a ban made by `banAuthor`. */
  unbanAuthor?(banId: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** (Added.) Changes a thread's settings; answers the thread's information as readers now get it. */
  updateThreadSettings?(threadId: string, settings: ThreadSettings, options?: { signal?: AbortSignal }): Promise<ThreadInfo>;
  /**
   * (Added.) Follows the moderation queue: a comment newly held, reported or marked spam arrives as
   * `added`, one that left the queue as `removed`. Only for moderators (others hear nothing).
   */
  subscribeModeration?(listener: (change: ModerationChange) => void, options?: { threadId?: string }): () => void;
  /** (Added.) The audit log of moderation: who did what, when; newest first, paged with `nextCursor`. */
  listModerationLog?(options?: { cursor?: string | null; limit?: number; signal?: AbortSignal }): Promise<ModerationLogPage>;
}

/** (Added.) One entry of the moderation audit log. */
export interface ModerationLogEntry {
  id: string;
  /** ISO 8601. */
  at: string;
  /** Who: a moderator's identity (`<option id>:<subject>`), or the provider's name for a script (`token` on the reference server). */
  actor: string;
  /** A moderation action, or `ban`, `unban`, `thread-settings`. */
  action: ModerationAction | 'ban' | 'unban' | 'thread-settings';
  commentId?: string;
  threadId?: string;
  banId?: string;
  /** What changed, e.g. `{ from: 'pending', to: 'approved' }` or the settings given. */
  detail?: Record<string, unknown>;
}

/** (Added.) One page of the moderation audit log, newest first. */
export interface ModerationLogPage {
  entries: ModerationLogEntry[];
  /** Null or absent: there is no more. */
  nextCursor?: string | null;
}

/** (Added.) What a moderator does to a comment; `restore` undoes the last action. */
export type ModerationAction = 'approve' | 'hold' | 'spam' | 'delete' | 'restore';

/** (Added.) Why a comment is in the moderation queue. */
export type ModerationQueue = 'held' | 'reported' | 'spam';

/** (Added.) Options of `listModerationQueue`. */
export interface ModerationQueueOptions {
  /** Which queues; absent: all three. */
  queues?: ModerationQueue[];
  /** One thread's queue; absent: the whole site's. */
  threadId?: string;
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
}

/** (Added.) One page of the moderation queue, newest first. */
export interface ModerationPage {
  items: ModerationItem[];
  /** Every item of the queue asked for, when the provider counts them. */
  total?: number;
  /** Null or absent: there is no more. */
  nextCursor?: string | null;
}

/**
 * (Added.) A comment as a moderator sees it: the reader's record plus, in `moderation`, what
 * readers never see. Only moderation members answer it; `listComments` never carries these fields.
 */
export interface ModerationItem extends CommentRecord {
  /** The queue it is in now (`null`: none, e.g. approved or deleted after an action). */
  queue: ModerationQueue | null;
  /** Moderator-only details. */
  moderation: ModerationDetails;
}

/** (Added.) What only moderators see about a comment. */
export interface ModerationDetails {
  /** The thread the comment is in, with its title and page when known. */
  thread?: { id: string; title?: string; url?: string };
  /** The comment it answers: its author and the start of its text. */
  inReplyTo?: { id: string; authorName: string; excerpt: string };
  /** The author's email address (guests who gave one). */
  email?: string;
  /** The network address the comment was posted from. */
  address?: string;
  /** The signed-in author's identity (`<option id>:<subject>`); absent for guests. */
  identity?: string;
  /** Reports received, by reason, with how many readers gave each. */
  reports?: { reason: string; count: number }[];
  /** All reports received. */
  reportCount?: number;
  /** The ban that covers the author, if any. */
  banId?: string;
}

/** (Added.) Whom `banAuthor` bans: the author of `commentId`, or the identifiers given. */
export interface BanRequest {
  /** Ban the author of this comment (the provider knows their identity, email and address). */
  commentId?: string;
  /** A signed-in author's identity (`<option id>:<subject>`). */
  identity?: string;
  /** A guest's email, as the SHA-256 hex of its trimmed, lower-cased form. */
  emailHash?: string;
  /** A network address. */
  address?: string;
  /** Seconds the ban lasts; absent: until lifted. */
  duration?: number;
}

/** (Added.) A ban in force. */
export interface Ban {
  id: string;
  identity?: string;
  emailHash?: string;
  address?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; absent: until lifted. */
  expiresAt?: string;
}

/** (Added.) The settings a moderator may change; `editWindow: null` removes the limit. */
export interface ThreadSettings {
  closed?: boolean;
  requiresSignIn?: boolean;
  editWindow?: number | null;
}

/** (Added.) A change to the moderation queue, as `subscribeModeration` delivers it. */
export type ModerationChange = { type: 'added' | 'updated'; item: ModerationItem } | { type: 'removed'; id: string };

export interface ThreadInfo {
  closed?: boolean;
  requiresSignIn?: boolean;
  requiredGuestFields?: ('name' | 'email')[];
  /** (Added.) Seconds after posting during which authors may edit; absent: no limit. */
  editWindow?: number;
  /**
   * (Added.) `false`: readers may not delete their own comments here (no Delete is shown, rather
   * than one that always fails); absent or `true`: they may, where the provider can delete.
   */
  deleteOwn?: boolean;
  /** (Added.) The reactions readers may add, e.g. `['like', '🎉']`; absent: `['like']`. */
  reactions?: string[];
  /** (Added.) The reasons offered when reporting; absent: the elements' own list. */
  reportReasons?: string[];
  /** (Added.) The thread's title, e.g. the post's (moderators see it in the queue). */
  title?: string;
  /** (Added.) The page the thread is shown on (links in the queue and in mail). */
  url?: string;
  /**
   * (Added.) The longest each field may be, as the backend counts it; the form enforces these
   * before sending. Absent (or a field absent): WordPress's limits in UTF-8 bytes.
   */
  fieldLimits?: FieldLimits;
  /**
   * (Added.) `true`: the backend mails readers who ask about replies to their comment, so the form
   * offers "Notify me of new replies by email" (`CommentDraft.notify`); absent: it does not.
   */
  notifications?: boolean;
}

/** The longest each field of a comment may be (ThreadInfo.fieldLimits). */
export interface FieldLimits {
  body?: number;
  name?: number;
  email?: number;
  url?: number;
  /** How lengths are counted: `utf8` bytes (the default, as WordPress), or `utf16` code units (JavaScript's `length`). */
  unit?: 'utf8' | 'utf16';
}

export type CommentOrder = 'oldest' | 'newest';

/** How the thread orders top-level comments: the provider's orders, or `top` (most reactions). */
export type ThreadOrder = CommentOrder | 'top';

export interface ListOptions {
  cursor?: string | null;
  limit?: number;
  order?: CommentOrder;
  signal?: AbortSignal;
}

export interface CommentPage {
  comments: CommentRecord[];
  /** Counts the thread's visible comments, replies included. */
  total?: number;
  /** Null or absent: there is no more. */
  nextCursor?: string | null;
}

export interface CommentAuthor {
  name: string;
  url?: string;
  avatarUrl?: string;
  isThreadOwner?: boolean;
}

export type CommentStatus = 'approved' | 'pending' | 'deleted';

export interface CommentRecord {
  id: string;
  threadId: string;
  parentId: string | null;
  author: CommentAuthor;
  body: string;
  /** Default markdown; html e.g. from WordPress. */
  bodyFormat?: 'markdown' | 'html';
  /** ISO 8601. */
  createdAt: string;
  editedAt?: string;
  /** `deleted`: a placeholder that keeps its replies. */
  status?: CommentStatus;
  /** The reader wrote it: may edit, delete, see it pending. */
  viewerIsAuthor?: boolean;
  reactions?: Record<string, { count: number; mine?: boolean }>;
}

export interface GuestDetails {
  name: string;
  email?: string;
  url?: string;
}

export interface CommentDraft {
  threadId: string;
  parentId: string | null;
  body: string;
  idempotencyKey: string;
  guest?: GuestDetails;
  honeypot?: string;
  /**
   * (Added.) Mail the author of replies to this comment (to the guest's email, or a signed-in
   * reader's verified one), where the thread offers it (`ThreadInfo.notifications`).
   */
  notify?: boolean;
}

export interface IdentityOption {
  id: string;
  label: string;
  kind: 'guest' | 'oauth';
  iconUrl?: string;
  /**
   * (Added.) Signing in waits for the reader at the identity provider (a popup or a full-page
   * redirect): no time limit applies, the reader's Cancel (or the popup's closing) ends it.
   */
  interactive?: boolean;
}

export interface Identity {
  optionId: string;
  name: string;
  avatarUrl?: string;
  url?: string;
}

/** Optional extras of `subscribe`. */
export interface SubscribeOptions {
  /** Called when changes were missed and cannot be replayed: load the thread again. */
  onReset?: () => void;
}

export type CommentChange =
  | { type: 'added' | 'updated'; comment: CommentRecord }
  | { type: 'removed'; id: string };

/**
 * The codes a provider rejects with. Elements match on `code` only. A provider over HTTP maps an
 * error answer whose body names no code by its status, with the one table the bundled providers
 * and the reference server share (src/providers/http-errors.ts, docs/rest-api.md "Errors"):
 * 400/413/415/422 `validation`, 401 `unauthorized`, 403 `forbidden`, 404/410 `not_found`,
 * 409 `conflict`, 408/504 `timeout`, 429 `rate_limited` (with `retryAfter` from `Retry-After`),
 * 502/503 `network`, any other `unknown`; no answer at all is `network`.
 */
export type ProviderErrorCode =
  | 'network'
  | 'timeout'
  | 'validation'
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'not_found'
  | 'closed'
  | 'aborted'
  | 'unknown';

export interface FieldErrors {
  body?: string;
  name?: string;
  email?: string;
  url?: string;
}

/** The shape of a provider's rejection: any object with a `code` will do. */
export interface ProviderErrorLike {
  code: ProviderErrorCode;
  message?: string;
  fieldErrors?: FieldErrors;
  retryAfter?: number;
}
