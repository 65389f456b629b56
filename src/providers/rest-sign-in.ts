import { ProviderError } from '../errors.js';
import type { IdentityOption, ProviderErrorLike } from '../types.js';
import { SIGN_IN_RESULT_PARAM, restoreReturnScroll, saveReturnPoint } from '../core/return-scroll.js';
import { buildUrl } from './rest-http.js';
import { TICKET_PARAM } from './rest-token.js';

/** The `type` of the message the server's sign-in popup posts to its opener (server/auth/page.mjs). */
export const SIGN_IN_MESSAGE = 'comment-thread:sign-in';
export { SIGN_IN_RESULT_PARAM } from '../core/return-scroll.js';
const PENDING_KEY = 'comment-thread:sign-in';
const POLL_MS = 400;

/** Where a sign-in that left the page came back: which option, and the error when it failed. */
export interface ReturnedSignIn {
  optionId: string;
  error?: ProviderErrorLike;
}

interface Pending {
  optionId: string;
  endpoint: string;
}

const failure = (code: string) =>
  new ProviderError('unknown', `The sign-in did not complete${/^[a-z_]{1,40}$/.test(code) ? ` (${code})` : ''}.`);

/**
 * The API's options as the elements see them: those it marks `"flow": "redirect"` are
 * `interactive` (no time limit) and their ids go into `browserIds` (signed in through the browser).
 */
export function markBrowserOptions(options: unknown[], browserIds: Set<string>): IdentityOption[] {
  return options.map((option) => {
    const record = option as { id?: unknown; flow?: unknown } | null;
    if (!record || typeof record !== 'object' || typeof record.id !== 'string' || record.flow !== 'redirect') return option;
    browserIds.add(record.id);
    return { ...record, interactive: true };
  }) as IdentityOption[];
}

/** The page's own URL without an earlier sign-in result: where the sign-in comes back to. */
function pageUrl(): string {
  const url = new URL(location.href);
  url.searchParams.delete(SIGN_IN_RESULT_PARAM);
  return url.href;
}

/**
 * A sign-in through the browser, as the REST API's options marked `"flow": "redirect"` need:
 * a popup to `{endpoint}/auth/{option}/start` that reports back with a message checked for the
 * API's origin and the popup itself, then `confirm()` asks the API who is signed in. Where the
 * popup is blocked the page itself goes (full-page redirect) and comes back to the same URL,
 * fragment included; the scroll position and each thread's open reply form are kept
 * (core/return-point.ts) and the draft, saved per thread and parent, survives. Closing the
 * popup counts as a failed sign-in unless the API says otherwise.
 */
export function signInThroughBrowser<T>(
  endpoint: string,
  optionId: string,
  confirm: (ticket?: string) => Promise<T | null>,
  signal?: AbortSignal,
  token = false,
): Promise<T> {
  const start = (mode: 'popup' | 'redirect') =>
    buildUrl(endpoint, ['auth', optionId, 'start'], { return_to: pageUrl(), mode, session: token ? 'token' : undefined });
  const popup = window.open(start('popup'), 'comment-thread-sign-in', 'popup,width=520,height=680');
  if (!popup) {
    const pending: Pending = { optionId, endpoint };
    try {
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    } catch {
      // Storage refused: the sign-in still works, its result is not shown on return.
    }
    saveReturnPoint([SIGN_IN_RESULT_PARAM, TICKET_PARAM]);
    location.assign(start('redirect'));
    // The page is leaving; nothing settles here.
    return new Promise<T>(() => {});
  }
  const apiOrigin = new URL(endpoint, location.href).origin;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (result: Promise<T>) => {
      if (settled) return;
      settled = true;
      window.removeEventListener('message', onMessage);
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      result.then(resolve, reject);
    };
    const confirmed = (ticket?: string) =>
      confirm(ticket).then((value) => {
        if (value === null) throw failure('no_session');
        return value;
      });
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== apiOrigin || event.source !== popup) return;
      const data = event.data as { type?: unknown; ok?: unknown; optionId?: unknown; error?: unknown; ticket?: unknown } | null;
      if (!data || data.type !== SIGN_IN_MESSAGE || data.optionId !== optionId) return;
      const ticket = token && typeof data.ticket === 'string' ? data.ticket : undefined;
      settle(data.ok === true ? confirmed(ticket) : Promise.reject(failure(String(data.error))));
    };
    // The provider may cut the popup off from its opener: when it closes, ask the API.
    const timer = setInterval(() => {
      if (popup.closed) settle(confirmed());
    }, POLL_MS);
    const onAbort = () => {
      popup.close();
      settle(Promise.reject(signal?.reason ?? new ProviderError('aborted', 'The sign-in was cancelled.')));
    };
    window.addEventListener('message', onMessage);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Back from a full-page sign-in: takes the result out of the address bar (history.replaceState,
 * the fragment kept), restores the scroll position (core/return-point.ts), and says how it
 * went. `null` when this page load is not the end of a sign-in started for `endpoint`.
 */
export function takeReturnedSignIn(endpoint: string): ReturnedSignIn | null {
  if (typeof location === 'undefined' || typeof sessionStorage === 'undefined') return null;
  const url = new URL(location.href);
  const result = url.searchParams.get(SIGN_IN_RESULT_PARAM);
  if (result === null) return null;
  let pending: Pending | null = null;
  try {
    const stored = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
    if (stored && typeof stored.optionId === 'string' && stored.endpoint === endpoint) pending = stored;
  } catch {
    // Unreadable: treated as no sign-in of ours.
  }
  if (!pending) return null;
  sessionStorage.removeItem(PENDING_KEY);
  url.searchParams.delete(SIGN_IN_RESULT_PARAM);
  history.replaceState(history.state, '', url.href);
  restoreReturnScroll();
  return result === 'ok' ? { optionId: pending.optionId } : { optionId: pending.optionId, error: failure(result) };
}
