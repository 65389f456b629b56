import { readStored, writeStored } from '../core/storage.js';
import type { CommentDraft, CommentRecord, Identity } from '../types.js';
import type { WordPressHttp } from './wordpress-http.js';
import { comparableText, headerCount, toCommentRecord } from './wordpress-mapping.js';

/** The logged-in WordPress account: its user id and the identity the elements show. */
export interface CurrentUser {
  id: number;
  identity: Identity;
}

/** How many of the newest comments are searched to reconcile a duplicate. */
const RECONCILE_PAGES = 2;
const PER_PAGE = 100;
const ATTEMPTS_KEY = 'wordpress-attempts';

/**
 * After WordPress refused a post as a duplicate (`409 comment_duplicate`): the newest comments of
 * the post under the same parent, by the same author, with the same text — the comment an earlier
 * attempt stored, whose answer was lost. Null when it is not visible (held, or another text).
 */
export async function findStoredComment(
  http: WordPressHttp,
  {
    draft,
    content,
    user,
    postAuthor,
  }: { draft: CommentDraft; content: string; user: CurrentUser | null; postAuthor: number },
  signal?: AbortSignal,
): Promise<CommentRecord | null> {
  const wanted = comparableText(content);
  const name = (user?.identity.name ?? draft.guest?.name ?? '').trim();
  for (let page = 1; page <= RECONCILE_PAGES; page++) {
    const answer = await http.get(
      '/wp/v2/comments',
      {
        post: draft.threadId,
        parent: draft.parentId ?? 0,
        per_page: PER_PAGE,
        page,
        order: 'desc',
        orderby: 'date_gmt',
      },
      signal,
    );
    if (answer.status < 200 || answer.status >= 300 || !Array.isArray(answer.body)) return null;
    for (const raw of answer.body as unknown[]) {
      const record = toCommentRecord(raw, { threadId: draft.threadId, postAuthor, viewerId: user?.id });
      if (!record) continue;
      const sameAuthor = user
        ? (raw as { author?: unknown }).author === user.id
        : record.author.name === name && !(raw as { author?: unknown }).author;
      if (sameAuthor && comparableText(record.body) === wanted) return record;
    }
    const totalPages = headerCount(answer.headers.get('x-wp-totalpages')) ?? 1;
    if (page >= totalPages) break;
  }
  return null;
}

/**
 * A duplicate that was sent before and is not visible: WordPress holds it for moderation (held
 * comments are hidden from readers). The earlier attempt stored it; this record says so.
 */
export function heldRecord(draft: CommentDraft, content: string, user: CurrentUser | null): CommentRecord {
  return {
    id: `held-${draft.idempotencyKey}`,
    threadId: draft.threadId,
    parentId: draft.parentId,
    author: { name: user?.identity.name ?? draft.guest?.name ?? '' },
    body: content,
    bodyFormat: 'html',
    createdAt: new Date().toISOString(),
    status: 'pending',
    viewerIsAuthor: true,
  };
}

/**
 * The idempotency keys already sent. Kept in the browser (the form keeps a draft's key across
 * reloads too), so a retry after a reload or in another tab is known as one.
 */
export class AttemptLog {
  readonly #attempts = new Set<string>();

  /** Notes that `key` was sent; true when it had been sent before. */
  remember(key: string): boolean {
    const stored = readStored<unknown>(ATTEMPTS_KEY);
    const list = Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
    // Without storage (privacy modes) this page's own attempts are still known.
    const seen = list.includes(key) || this.#attempts.has(key);
    this.#attempts.add(key);
    if (!seen) writeStored(ATTEMPTS_KEY, [...list, key].slice(-50));
    return seen;
  }
}
