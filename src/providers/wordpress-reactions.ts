import { ProviderError } from '../errors.js';
import type { CommentRecord } from '../types.js';
import type { WordPressHost } from './wordpress-host.js';
import { toWordPressError } from './wordpress-mapping.js';

/**
 * Toggles the reader's reaction through the comment-thread plugin
 * (`POST /comment-thread/v1/comments/{id}/reactions`, logged-in readers only, when the site turns
 * reactions on under Settings → Discussion) and answers the comment as it now stands.
 */
export async function reactOnWordPress(
  host: WordPressHost,
  id: string,
  reaction: string,
  signal?: AbortSignal,
): Promise<CommentRecord> {
  if (!/^[1-9]\d*$/.test(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
  if (!host.authenticated) throw new ProviderError('unauthorized', 'Log in to WordPress to react to a comment.');
  const answer = await host.request('POST', `/comment-thread/v1/comments/${id}/reactions`, {}, { signal, json: { reaction } });
  if (answer.status < 200 || answer.status >= 300) {
    throw toWordPressError(answer.status, answer.body, { retryAfter: answer.headers.get('retry-after') });
  }
  const record = await host.record(answer.body, signal);
  if (!record) throw new ProviderError('unknown', 'WordPress answered without the comment.');
  return record;
}
