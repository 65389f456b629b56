// The sign-in routes as a Fastify plugin. It proves who the reader is and hands that
// to the host through `onSignedIn`; sessions, ownership and storage stay the host's.
//
//   GET {prefix}/:option/start?return_to=<page URL>&mode=popup|redirect[&session=token]
//       Remembers state, nonce and the PKCE verifier in a short-lived cookie signed
//       with SECRET (path {prefix}, HttpOnly, SameSite=Lax) and redirects to the provider.
//   GET {prefix}/:option/callback
//       Checks the answer against that cookie (one use), exchanges the code, reads the
//       reader, calls `onSignedIn`, then ends the popup (message to the opener) or
//       redirects back to the page (`?ct-sign-in=ok` or the error code). With `session=token`
//       (a page on another site) and a ticket from `onSignedIn`, the ticket goes with the result.
// Tokens stay on the server and are dropped after the profile is read.
import cookie from '@fastify/cookie';
import { checkReturnTo, originCheck, popupPage, resultUrl } from './page.mjs';
import { OptionClient, SignInFailure } from './providers.mjs';

/** @typedef {import('fastify').FastifyInstance} FastifyInstance */
/** @typedef {import('fastify').FastifyRequest} FastifyRequest */
/** @typedef {import('fastify').FastifyReply} FastifyReply */
/** @typedef {import('./identity.mjs').SignedInIdentity} SignedInIdentity */

/**
 * @typedef {object} SignInPluginOptions
 * @property {import('./config.mjs').SignInConfig} config from `parseSignInConfig(process.env)`
 * @property {string | (() => string)} [publicUrl] overrides `config.publicUrl`; a function for a
 *   server that learns its port at listen time. Callback URLs are `{publicUrl}{prefix}/<id>/callback`.
 * @property {string[] | ((origin: string) => boolean)} [allowedOrigins] sites (besides the public
 *   URL's) that may start a sign-in and receive its result; `*` is refused
 * @property {string} [prefix] where the routes live (default `/api/auth`)
 * @property {(request: FastifyRequest, reply: FastifyReply, identity: SignedInIdentity) => void | string | Promise<void | string>} onSignedIn
 *   Called once per verified round trip with the cleaned identity, before the page hears of it.
 *   The host rotates the session here (new id, old one ended) and binds it to
 *   `identity.optionId` + `identity.subject`, setting its own cookie on `reply`. Throwing ends the
 *   sign-in as `server_error`; nothing of the error reaches the page. It may return a one-time
 *   ticket (ticket.mjs): handed to a page that started with `session=token`, never to another.
 * @property {(request: FastifyRequest, failure: { optionId: string, code: string, detail: string }) => void} [onFailed]
 *   For logs and metrics: every failed sign-in with the internal detail (never sent to the page).
 * @property {number} [timeout] seconds per request to a provider (default 10)
 * @property {number} [stateMaxAge] seconds a started sign-in stays valid (default 600)
 */

export const STATE_COOKIE = 'ct_sign_in';

/**
 * @param {FastifyInstance} fastify
 * @param {SignInPluginOptions} options
 */
export async function signInPlugin(fastify, options) {
  const { config, onSignedIn } = options;
  if (typeof onSignedIn !== 'function') throw new TypeError('signInPlugin needs an onSignedIn(request, reply, identity) hook.');
  if (!config.secret && config.options.length) throw new TypeError('signInPlugin needs config.secret (SECRET) to sign its state cookie.');
  const prefix = (options.prefix ?? '/api/auth').replace(/\/$/, '');
  const stateMaxAge = options.stateMaxAge ?? 600;
  const isAllowed = originCheck(options.allowedOrigins);
  const publicUrl = () => {
    const value = typeof options.publicUrl === 'function' ? options.publicUrl() : (options.publicUrl ?? config.publicUrl);
    if (!value) throw new Error('signInPlugin: set PUBLIC_URL (or the publicUrl option).');
    return value.replace(/\/$/, '');
  };
  const clients = new Map(config.options.map((option) => [option.id, new OptionClient(option, { timeout: options.timeout })]));

  // Cookies are parsed by @fastify/cookie (the host's, or registered here, encapsulated);
  // the state cookie is signed with SECRET through its signer, whatever secret the host gave it.
  if (!fastify.hasRequestDecorator('cookies')) await fastify.register(cookie);
  const sign = (/** @type {string} */ value) => cookie.sign(value, /** @type {string} */ (config.secret));
  const unsign = (/** @type {string} */ value) => cookie.unsign(value, /** @type {string} */ (config.secret));

  /**
   * @param {FastifyRequest} request
   * @param {string} optionId
   * @param {string} code
   * @param {string} detail
   */
  const failed = (request, optionId, code, detail) => {
    request.log.info({ optionId, code, detail }, 'sign-in failed');
    try {
      options.onFailed?.(request, { optionId, code, detail });
    } catch (error) {
      request.log.error(error, 'onFailed threw');
    }
  };

  /**
   * Ends a sign-in: the popup page, the redirect back, or (no page to go back to) a plain answer.
   *
   * @param {FastifyReply} reply
   * @param {{ mode: string, returnTo: URL | null, optionId: string, result: { ok: true, ticket?: string } | { ok: false, error: string } }} ending
   */
  const end = (reply, { mode, returnTo, optionId, result }) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (mode === 'redirect' && returnTo) return reply.redirect(resultUrl(returnTo, result), 303);
    if (mode !== 'popup') {
      return reply
        .code(result.ok ? 200 : 400)
        .type('text/plain; charset=utf-8')
        .send(result.ok ? 'Signed in.' : `Sign-in failed: ${result.error}`);
    }
    const page = popupPage({ returnTo, optionId, result });
    return reply.code(200).header('content-security-policy', page.csp).type('text/html; charset=utf-8').send(page.html);
  };

  /** @param {string} optionId */
  const callbackUrl = (optionId) => `${publicUrl()}${prefix}/${encodeURIComponent(optionId)}/callback`;

  fastify.get(`${prefix}/:option/start`, async (request, reply) => {
    const { option: optionId } = /** @type {{ option: string }} */ (request.params);
    const query = /** @type {Record<string, unknown>} */ (request.query ?? {});
    const mode = query.mode === 'redirect' ? 'redirect' : 'popup';
    const returnTo = checkReturnTo(query.return_to, publicUrl(), isAllowed);
    if (!returnTo) {
      failed(request, optionId, 'bad_return_to', `return_to not allowed: ${String(query.return_to).slice(0, 200)}`);
      return reply.code(400).type('text/plain; charset=utf-8').send('Sign-in needs a return_to page on an allowed site.');
    }
    const optionClient = clients.get(optionId);
    if (!optionClient) {
      failed(request, optionId, 'unknown_option', 'no such option');
      return end(reply, { mode, returnTo, optionId, result: { ok: false, error: 'unknown_option' } });
    }
    let started;
    try {
      started = await optionClient.start(callbackUrl(optionId));
    } catch (thrown) {
      const failure = thrown instanceof SignInFailure ? thrown : new SignInFailure('provider_unreachable', String(thrown));
      failed(request, optionId, failure.code, failure.message);
      return end(reply, { mode, returnTo, optionId, result: { ok: false, error: failure.code } });
    }
    const state = JSON.stringify({ o: optionId, ...started.pending, r: returnTo.href, m: mode, t: Date.now(), ...(query.session === 'token' ? { k: 1 } : {}) });
    reply.header('cache-control', 'no-store').setCookie(STATE_COOKIE, sign(Buffer.from(state).toString('base64url')), {
      path: prefix,
      httpOnly: true,
      sameSite: 'lax',
      secure: publicUrl().startsWith('https:'),
      maxAge: stateMaxAge,
    });
    return reply.redirect(started.url, 302);
  });

  fastify.get(`${prefix}/:option/callback`, async (request, reply) => {
    const { option: optionId } = /** @type {{ option: string }} */ (request.params);
    // One use: whatever happens next, this browser's sign-in state is spent.
    reply.clearCookie(STATE_COOKIE, { path: prefix });
    const pending = readState(request.cookies[STATE_COOKIE], unsign, stateMaxAge);
    if (!pending) {
      failed(request, optionId, 'expired', 'no valid sign-in state cookie');
      // No page we may trust to tell: a popup just closes (its opener sees it closed without success).
      return end(reply, { mode: 'popup', returnTo: null, optionId, result: { ok: false, error: 'expired' } });
    }
    const ending = { mode: pending.m, returnTo: new URL(pending.r), optionId };
    const optionClient = clients.get(optionId);
    if (!optionClient || pending.o !== optionId) {
      failed(request, optionId, 'state_mismatch', `started for ${pending.o}`);
      return end(reply, { ...ending, result: { ok: false, error: 'state_mismatch' } });
    }
    const current = new URL(callbackUrl(optionId));
    current.search = new URL(request.url, 'http://x').search;
    /** @type {SignedInIdentity} */
    let identity;
    try {
      identity = await optionClient.finish(current, { state: pending.state, verifier: pending.verifier, nonce: pending.nonce });
    } catch (thrown) {
      const failure = thrown instanceof SignInFailure ? thrown : new SignInFailure('exchange_failed', String(thrown));
      failed(request, optionId, failure.code, failure.message);
      return end(reply, { ...ending, result: { ok: false, error: failure.code } });
    }
    let ticket;
    try {
      ticket = await onSignedIn(request, reply, identity);
    } catch (error) {
      failed(request, optionId, 'server_error', String(error));
      return end(reply, { ...ending, result: { ok: false, error: 'server_error' } });
    }
    return end(reply, { ...ending, result: pending.k === 1 && typeof ticket === 'string' ? { ok: true, ticket } : { ok: true } });
  });
}

/**
 * The state cookie's content when its signature holds and it is young enough.
 *
 * @param {string | undefined} raw
 * @param {(value: string) => { valid: boolean, value: string | null }} unsign
 * @param {number} maxAge seconds
 * @returns {{ o: string, state: string, verifier: string, nonce?: string, r: string, m: string, t: number, k?: number } | null}
 */
export function readState(raw, unsign, maxAge) {
  if (!raw) return null;
  const checked = unsign(raw);
  if (!checked.valid || !checked.value) return null;
  try {
    const data = JSON.parse(Buffer.from(checked.value, 'base64url').toString('utf8'));
    const fresh = typeof data.t === 'number' && Date.now() - data.t >= 0 && Date.now() - data.t <= maxAge * 1000;
    const shaped = ['o', 'state', 'verifier', 'r', 'm'].every((key) => typeof data[key] === 'string');
    return fresh && shaped ? data : null;
  } catch {
    return null;
  }
}
