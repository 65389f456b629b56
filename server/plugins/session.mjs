// The reader's session: an opaque random id in an HttpOnly cookie (@fastify/cookie), created on a
// reader's first post, reaction, sign-in or live stream. The session decides whose comments are
// whose (`viewerIsAuthor`), who sees a held comment, and the signed-in identity.
import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';

export const SESSION_COOKIE = 'ct_session';

/**
 * @typedef {{ id: string, identity: import('../../src/types.js').Identity | null }} Session
 * @typedef {{ secure?: boolean, sameSite?: 'Lax' | 'Strict' | 'None' }} CookieSettings
 */

/**
 * The session helpers every route plugin uses, bound to a store and the cookie settings.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ store: import('../store/index.mjs').Store, cookie: CookieSettings }} context
 */
export function sessionsFor(app, { store, cookie }) {
  const sameSite = /** @type {'lax' | 'strict' | 'none'} */ ((cookie.sameSite ?? 'Lax').toLowerCase());
  const attributes = {
    path: '/',
    httpOnly: true,
    sameSite,
    maxAge: 31536000,
    secure: Boolean(cookie.secure) || sameSite === 'none',
  };
  const sessions = {
    /**
     * The request's session, or null.
     * @param {import('fastify').FastifyRequest} request @returns {Promise<Session | null>}
     */
    async of(request) {
      return store.session(request.cookies[SESSION_COOKIE]);
    },
    /**
     * The request's session, or a new one with the `Set-Cookie` header that hands it to the
     * browser (`cookie` is null when the request had a session already).
     * @param {import('fastify').FastifyRequest} request
     * @returns {Promise<{ session: Session, cookie: string | null }>}
     */
    async open(request) {
      const existing = await sessions.of(request);
      if (existing) return { session: existing, cookie: null };
      const id = await store.createSession();
      return { session: { id, identity: null }, cookie: app.serializeCookie(SESSION_COOKIE, id, attributes) };
    },
    /**
     * The session, created (and sent as a cookie with this answer) when the request has none.
     * @param {import('fastify').FastifyRequest} request @param {import('fastify').FastifyReply} reply
     */
    async ensure(request, reply) {
      const { session, cookie: setCookie } = await sessions.open(request);
      if (setCookie) reply.header('set-cookie', setCookie);
      return session;
    },
  };
  return sessions;
}

/** @typedef {ReturnType<typeof sessionsFor>} Sessions */

/** Cookie parsing for the whole server (request.cookies, app.serializeCookie). */
export const cookies = fp(async (app) => {
  await app.register(fastifyCookie);
});
