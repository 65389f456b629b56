import { SIGN_IN_RESULT_PARAM, restoreReturnScroll, saveReturnPoint } from '../core/return-scroll.js';
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

/**
 * Leaves for wp-login.php, to come back to this very page (`redirect_to`, marked
 * `ct-sign-in=wordpress`) logged in, with each thread's reply form and the scroll position kept.
 */
export function leaveForLogin(loginUrl: string): void {
  const login = new URL(loginUrl, location.href);
  const back = new URL(location.href);
  back.searchParams.set(SIGN_IN_RESULT_PARAM, WORDPRESS_OPTION_ID);
  // Only back to this site (wp-login.php checks it too).
  if (new URL(login.searchParams.get('redirect_to') ?? location.href, location.href).origin === back.origin) {
    login.searchParams.set('redirect_to', back.href);
  }
  saveReturnPoint([SIGN_IN_RESULT_PARAM]);
  globalThis.location.assign(login.href);
}

/** Back from wp-login.php (once): the mark taken out of the address, the scroll position restored. */
export function returnedFromLogin(): { optionId: string } | null {
  const url = new URL(location.href);
  if (url.searchParams.get(SIGN_IN_RESULT_PARAM) !== WORDPRESS_OPTION_ID) return null;
  url.searchParams.delete(SIGN_IN_RESULT_PARAM);
  history.replaceState(history.state, '', url.href);
  restoreReturnScroll();
  return { optionId: WORDPRESS_OPTION_ID };
}
