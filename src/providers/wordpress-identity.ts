import type { Identity } from '../types.js';
import type { WordPressHttp } from './wordpress-http.js';
import { pickAvatar, toWordPressError } from './wordpress-mapping.js';
import type { CurrentUser } from './wordpress-reconcile.js';

/** The identity option of a WordPress account (logging in on the site's own page). */
export const WORDPRESS_OPTION_ID = 'wordpress';

/**
 * The logged-in reader's WordPress account (`GET /wp/v2/users/me`): null when WordPress does not
 * know them (401, 403, no id); rejects on any other failure.
 */
export async function fetchCurrentUser(http: WordPressHttp, signal?: AbortSignal): Promise<CurrentUser | null> {
  const answer = await http.request('GET', '/wp/v2/users/me', { _fields: 'id,name,url,avatar_urls' }, { signal });
  if (answer.status === 401 || answer.status === 403) return null;
  if (answer.status < 200 || answer.status >= 300) throw toWordPressError(answer.status, answer.body);
  const body = (answer.body ?? {}) as { id?: unknown; name?: unknown; url?: unknown; avatar_urls?: unknown };
  const id = typeof body.id === 'number' ? body.id : 0;
  if (!id) return null;
  const identity: Identity = { optionId: WORDPRESS_OPTION_ID, name: typeof body.name === 'string' ? body.name : '' };
  const avatar = pickAvatar(body.avatar_urls);
  if (avatar) identity.avatarUrl = avatar;
  if (typeof body.url === 'string' && body.url) identity.url = body.url;
  return { id, identity };
}
