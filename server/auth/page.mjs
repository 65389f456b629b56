// Where a sign-in ends: the page it started from, and how the result gets there.
// A popup posts `{ type, ok, optionId, error? }` to its opener, addressed to the
// page's origin only, and closes; a full-page sign-in redirects back to the page
// with `ct-sign-in=ok` (or the error code) in the query. Nothing else (no token,
// no code, no profile) is handed to the page, except, for a page that asked for a token
// session (another site), a one-time ticket (ticket.mjs) beside the result. Pure functions,
// unit-tested.
import { randomBytes } from 'node:crypto';
import { TICKET_PARAM } from './ticket.mjs';

/** The `type` of the message a popup posts to its opener. */
export const MESSAGE_TYPE = 'comment-thread:sign-in';
/** The query parameter a full-page sign-in comes back with. */
export const RESULT_PARAM = 'ct-sign-in';
const MAX_RETURN_URL_LENGTH = 2000;

/** Error codes a sign-in can end with (the page receives only the code). */
export const FAILURE_CODES = Object.freeze([
  'denied', // the reader said no (or cancelled) at the provider
  'state_mismatch', // the answer does not belong to the sign-in this browser started
  'expired', // no (valid) sign-in under way in this browser: too old, already used, or never started
  'exchange_failed', // the provider refused the code (e.g. used twice) or answered something invalid
  'provider_unreachable', // the provider could not be reached
  'provider_error', // the provider answered the authorization with another error
  'profile_failed', // no usable account id in the provider's answer
  'unknown_option', // no such sign-in option here
  'server_error', // the site could not finish the sign-in (onSignedIn failed)
]);

/**
 * @typedef {(origin: string) => boolean} OriginCheck
 */

/**
 * The page to come back to, when it is an absolute http(s) URL on an allowed origin
 * (the public URL's, or one `isAllowed` accepts); otherwise null. The fragment is kept
 * (it points at the comment), an old result parameter is dropped.
 *
 * @param {unknown} value
 * @param {string} publicUrl
 * @param {OriginCheck} isAllowed
 * @returns {URL | null}
 */
export function checkReturnTo(value, publicUrl, isAllowed) {
  if (typeof value !== 'string' || !value || value.length > MAX_RETURN_URL_LENGTH) return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return null;
  if (url.origin !== new URL(publicUrl).origin && !isAllowed(url.origin)) return null;
  url.searchParams.delete(RESULT_PARAM);
  url.searchParams.delete(TICKET_PARAM);
  return url;
}

/**
 * An origin check from a list of origins (`https://example.org`) or a function.
 * `*` is refused: a sign-in must not hand its result to just any site.
 *
 * @param {string[] | OriginCheck | undefined} allowed
 * @returns {OriginCheck}
 */
export function originCheck(allowed) {
  if (typeof allowed === 'function') return allowed;
  const origins = new Set();
  for (const entry of allowed ?? []) {
    if (entry === '*') throw new TypeError('Sign-in cannot return to any origin ("*"): list the sites that embed the comments.');
    origins.add(new URL(entry).origin);
  }
  return (origin) => origins.has(origin);
}

/**
 * The page URL with the result in its query (for a full-page sign-in).
 *
 * @param {URL} returnTo
 * @param {{ ok: true, ticket?: string } | { ok: false, error: string }} result
 */
export function resultUrl(returnTo, result) {
  const url = new URL(returnTo.href);
  url.searchParams.set(RESULT_PARAM, result.ok ? 'ok' : result.error);
  if (result.ok && result.ticket) url.searchParams.set(TICKET_PARAM, result.ticket);
  return url.href;
}

/**
 * The HTML a popup ends on: it posts the result to its opener (addressed to the page's
 * origin) and closes. Without an opener (the provider cut it off) it closes anyway, or,
 * when it may not, goes to the page itself. The script runs under a nonce-only CSP.
 *
 * @param {{ returnTo: URL | null, optionId: string, result: { ok: true, ticket?: string } | { ok: false, error: string } }} ending
 * @returns {{ html: string, csp: string }}
 */
export function popupPage({ returnTo, optionId, result }) {
  const nonce = randomBytes(16).toString('base64');
  const data = {
    origin: returnTo ? returnTo.origin : null,
    message: { type: MESSAGE_TYPE, ok: result.ok, optionId, ...(result.ok ? (result.ticket ? { ticket: result.ticket } : {}) : { error: result.error }) },
    fallback: returnTo ? resultUrl(returnTo, result) : null,
  };
  // JSON inside a script: `<` escaped so no text can close the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Sign-in</title></head>
<body><p>${result.ok ? 'Signed in.' : 'Sign-in did not complete.'}</p>
<script nonce="${nonce}">
(function () {
  var data = ${json};
  if (window.opener && data.origin) {
    try { window.opener.postMessage(data.message, data.origin); } catch (e) {}
  }
  window.close();
  setTimeout(function () { if (data.fallback) location.replace(data.fallback); }, 300);
})();
</script></body></html>`;
  return { html, csp: `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` };
}
