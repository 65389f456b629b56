import type { CommentRecord } from '../types.js';
import type { WordPressAnswer } from './wordpress-http.js';

export type { WordPressAnswer } from './wordpress-http.js';

/**
 * What `WordPressProvider` lends the modules that add members to it (reactions, moderation): its
 * authenticated requests and its mapping of a REST comment to a record for this reader.
 */
export interface WordPressHost {
  /** A request to the site's REST API with the provider's credentials. */
  request(
    method: 'GET' | 'POST' | 'DELETE',
    route: string,
    params: Record<string, string | number | undefined>,
    options?: { signal?: AbortSignal; json?: unknown },
  ): Promise<WordPressAnswer>;
  /** A REST comment (`/wp/v2/comments` shape) as a record for this reader, or null when it is none. */
  record(raw: unknown, signal?: AbortSignal): Promise<CommentRecord | null>;
  /** Whether the provider has credentials (a nonce or an Application Password). */
  readonly authenticated: boolean;
}
