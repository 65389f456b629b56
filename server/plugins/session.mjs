// Who the reader is, and what is theirs. Two HttpOnly cookies (@fastify/cookie):
//   ct_session: a signed-in reader's session, an opaque random id naming a `sessions` row that
//     holds their identity. Created only at sign-in (with a new id: rotated), ended at sign-out
//     (the row is deleted, so the old cookie names nobody), expired when idle.
//   (A page on another site, where browsers block the API's cookies, sends the same session id as
//   `Authorization: Bearer <id>` instead: the token session of ../auth/ticket.mjs.)
//   ct_author: a guest's author token, a long random value kept by the browser only (no row).
//     Handed out with a reader's first write, or with their live stream.
// What a reader wrote or reacted with belongs to their owner key: `<option>:<subject>` when
// signed in with a verified identity, else their author token. Nothing belongs to a session row,
// so rotating or ending one takes nobody's rights away.
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';

export const SESSION_COOKIE = 'ct_session';
export const AUTHOR_COOKIE = 'ct_author';
/** Days a session lasts without being used (SESSION_IDLE_DAYS). */
export const DEFAULT_IDLE_DAYS = 30;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

/**
 * The session id the request names: its `Authorization: Bearer` token (a token session), else
 * its session cookie.
 * @param {import('fastify').FastifyRequest} request @returns {string | undefined}
 */
export function sessionIdOf(request) {
  const header = request.headers.authorization;
  return (typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined) ?? request.cookies[SESSION_COOKIE];
}

/**
 * @typedef {import('../../src/types.js').Identity & { subject?: string }} StoredIdentity
 * @typedef {{ id: string, identity: StoredIdentity | null, authorToken?: string | null }} Session
 * @typedef {{ secure?: boolean, sameSite?: 'Lax' | 'Strict' | 'None', idleDays?: number }} CookieSettings
 */

/**
 * The owner key of a verified identity (`<option>:<subject>`, as comments.author_identity), or
 * null for an identity without a subject (the simulated sign-in).
 * @param {StoredIdentity | null | undefined} identity
 */
export function identityOwner(identity) {
  return identity && typeof identity.subject === 'string' && identity.subject ? `${identity.optionId}:${identity.subject}` : null;
}

/** What the page sees of an identity: never its subject nor its email. @param {StoredIdentity | null} identity */
export function publicIdentity(identity) {
  if (!identity) return null;
  const { subject: _subject, email: _email, ...shown } = /** @type {StoredIdentity & { email?: string }} */ (identity);
  return shown;
}

/**
 * The session helpers every route plugin uses, bound to a store and the cookie settings.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ store: import('../store/index.mjs').Store, cookie: CookieSettings }} context
 */
export function sessionsFor(app, { store, cookie }) {
  const sameSite = /** @type {'lax' | 'strict' | 'none'} */ ((cookie.sameSite ?? 'Lax').toLowerCase());
  const idleMs = (cookie.idleDays && cookie.idleDays > 0 ? cookie.idleDays : DEFAULT_IDLE_DAYS) * 86_400_000;
  const attributes = { path: '/', httpOnly: true, sameSite, secure: Boolean(cookie.secure) || sameSite === 'none' };
  /** @param {import('fastify').FastifyReply} reply @param {string} line */
  const addCookie = (reply, line) => {
    const had = reply.getHeader('set-cookie');
    reply.header('set-cookie', [...(Array.isArray(had) ? had : had ? [String(had)] : []), line]);
  };
  /** @param {import('fastify').FastifyRequest} request */
  const tokenOf = (request) => {
    const token = request.cookies[AUTHOR_COOKIE];
    return token && TOKEN.test(token) ? token : null;
  };
  const sessions = {
    idleMs,
    /**
     * The request's live session, or null (none, ended, or idle too long).
     * @param {import('fastify').FastifyRequest} request @returns {Promise<Session | null>}
     */
    async of(request) {
      return store.session(sessionIdOf(request), idleMs);
    },
    /**
     * A token session for a page on another site: the session `sessionId` (just begun at sign-in)
     * ends and a new one with its identity starts; its id is the page's bearer token. Null when
     * that session is gone (a ticket redeemed twice, or too late).
     * @param {string} sessionId @returns {Promise<{ token: string, identity: StoredIdentity } | null>}
     */
    async rotateForToken(sessionId) {
      const session = await store.session(sessionId, idleMs);
      if (!session?.identity) return null;
      await store.endSession(sessionId);
      return { token: await store.createSession(session.identity), identity: session.identity };
    },
    /**
     * Whose the request is: the owner key of the signed-in identity, else the guest's author
     * token (or the one a migrated session kept), else null (a reader who only reads).
     * @param {import('fastify').FastifyRequest} request
     * @returns {Promise<{ session: Session | null, owner: string | null }>}
     */
    async viewer(request) {
      const session = await sessions.of(request);
      return { session, owner: identityOwner(session?.identity) ?? tokenOf(request) ?? session?.authorToken ?? null };
    },
    /**
     * As `viewer`, but a guest without an author token gets one (a cookie sent with `reply`).
     * @param {import('fastify').FastifyRequest} request @param {import('fastify').FastifyReply} reply
     * @returns {Promise<{ session: Session | null, owner: string }>}
     */
    async owner(request, reply) {
      const { session, owner } = await sessions.viewer(request);
      if (owner && owner !== session?.authorToken) return { session, owner };
      const token = owner ?? sessions.freshToken();
      addCookie(reply, sessions.authorCookie(token));
      return { session, owner: token };
    },
    /** The `Set-Cookie` line that hands the browser an author token. @param {string} token */
    authorCookie(token) {
      return app.serializeCookie(AUTHOR_COOKIE, token, { ...attributes, maxAge: 5 * 31536000 });
    },
    /** A new author token (256 random bits). */
    freshToken() {
      return randomBytes(32).toString('base64url');
    },
    /**
     * Signs the reader in: the old session (if any) ends, a new one with a new id holds the identity.
     * @param {import('fastify').FastifyRequest} request @param {import('fastify').FastifyReply} reply
     * @param {StoredIdentity} identity
     */
    async begin(request, reply, identity) {
      const old = await sessions.of(request);
      // A migrated guest session's token moves to its own cookie before the session goes.
      if (old?.authorToken && !tokenOf(request)) addCookie(reply, sessions.authorCookie(old.authorToken));
      if (request.cookies[SESSION_COOKIE]) await store.endSession(request.cookies[SESSION_COOKIE]);
      const id = await store.createSession(identity);
      addCookie(reply, app.serializeCookie(SESSION_COOKIE, id, { ...attributes, maxAge: Math.round(idleMs / 1000) }));
      return id;
    },
    /** Signs the reader out: the session row is deleted, the cookie cleared. @param {import('fastify').FastifyRequest} request @param {import('fastify').FastifyReply} reply */
    async end(request, reply) {
      const old = await sessions.of(request);
      if (old?.authorToken && !tokenOf(request)) addCookie(reply, sessions.authorCookie(old.authorToken));
      const id = sessionIdOf(request);
      if (id) await store.endSession(id);
      if (request.cookies[SESSION_COOKIE] && request.cookies[SESSION_COOKIE] !== id) await store.endSession(request.cookies[SESSION_COOKIE]);
      addCookie(reply, app.serializeCookie(SESSION_COOKIE, '', { ...attributes, maxAge: 0 }));
    },
  };
  return sessions;
}

/** @typedef {ReturnType<typeof sessionsFor>} Sessions */

/** Cookie parsing for the whole server (request.cookies, app.serializeCookie). */
export const cookies = fp(async (app) => {
  await app.register(fastifyCookie);
});
