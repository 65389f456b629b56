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
}

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

/** The codes a provider rejects with. Elements match on `code` only. */
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
