import type { WordPressHttp } from './wordpress-http.js';
import type { ChangesAnswer } from './wordpress-live.js';
import { toCommentRecord, toWordPressError } from './wordpress-mapping.js';

/** What reading the change log needs from the provider: the viewer's user id and each post's author. */
export interface ChangeLogContext {
  http: WordPressHttp;
  /** The logged-in reader's WordPress user id, if any. */
  viewerId(): Promise<number | undefined>;
  /** The author of a post (the thread's owner), 0 when unknown. */
  postAuthor(threadId: string): Promise<number>;
}

/**
 * The comment-thread plugin's change log (`/comment-thread/v1/changes`) as the contract's changes
 * per thread, each delivered once: the log answers the last 2 seconds again, so nothing saved
 * meanwhile is missed, and what was already delivered is dropped here.
 */
export class WordPressChangeLog {
  readonly #context: ChangeLogContext;
  /** What each live change last delivered, by comment id. */
  readonly #delivered = new Map<string, string>();

  constructor(context: ChangeLogContext) {
    this.#context = context;
  }

  /** The changes of `threadIds` since `since`; null when the site has no change log (no plugin). */
  async fetch(threadIds: string[], since: string | undefined): Promise<ChangesAnswer | null> {
    const answer = await this.#context.http.request('GET', '/comment-thread/v1/changes', { post: threadIds.join(','), since }, { withNonce: false });
    const body = (answer.body ?? {}) as { code?: unknown; cursor?: unknown; comments?: unknown; removed?: unknown };
    if (answer.status === 404 && body.code === 'rest_no_route') return null;
    if (answer.status < 200 || answer.status >= 300) throw toWordPressError(answer.status, answer.body);
    const viewerId = await this.#context.viewerId();
    const result: ChangesAnswer = { changes: [] };
    if (typeof body.cursor === 'string' && /^\d{1,20}$/.test(body.cursor)) result.cursor = body.cursor;
    for (const raw of Array.isArray(body.comments) ? (body.comments as unknown[]) : []) {
      const threadId = String((raw as { post?: unknown } | null)?.post ?? '');
      if (!threadIds.includes(threadId)) continue;
      const postAuthor = await this.#context.postAuthor(threadId);
      const comment = toCommentRecord(raw, { threadId, postAuthor, viewerId });
      // `added` for a comment the reader has not seen (new or newly approved); the element updates
      // one it already shows.
      if (!comment) continue;
      const fingerprint = JSON.stringify(comment);
      if (this.#delivered.get(comment.id) === fingerprint) continue;
      this.#delivered.set(comment.id, fingerprint);
      result.changes.push({ threadId, change: { type: comment.status === 'deleted' ? 'updated' : 'added', comment } });
    }
    for (const raw of Array.isArray(body.removed) ? (body.removed as unknown[]) : []) {
      const { id, post } = (raw ?? {}) as { id?: unknown; post?: unknown };
      if (typeof id === 'string' && typeof post === 'string' && threadIds.includes(post)) {
        if (this.#delivered.get(id) === 'removed') continue;
        this.#delivered.set(id, 'removed');
        result.changes.push({ threadId: post, change: { type: 'removed', id } });
      }
    }
    return result;
  }
}
