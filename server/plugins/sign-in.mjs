// Real sign-in in the reference server: the routes of ../auth (GET /api/auth/{id}/start and
// /callback, openid-client) with their `onSignedIn` wired to the sessions: the session id is
// rotated and the verified identity (option + subject, name, avatar, profile URL) kept in it.
// For a page on another site (token sessions, ../auth/ticket.mjs) the sign-in also hands over a
// one-time ticket, redeemed at POST /api/auth/token for the bearer token that page sends.
import fp from 'fastify-plugin';
import { issueTicket, openTicket, signInPlugin } from '../auth/index.mjs';
import { fail } from '../errors.mjs';
import { publicIdentity } from './session.mjs';

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ config: import('../auth/config.mjs').SignInConfig, sessions: import('./session.mjs').Sessions,
 *   publicUrl: () => string, allowedOrigins: string[] }} options
 */
async function signIn(app, { config, sessions, publicUrl, allowedOrigins }) {
  if (!config.options.length) return;
  const secret = /** @type {string} */ (config.secret);
  await app.register(signInPlugin, {
    config,
    publicUrl,
    allowedOrigins: allowedOrigins.filter((origin) => origin !== '*'),
    async onSignedIn(request, reply, { optionId, subject, name, avatarUrl, url, email }) {
      // `email` (a verified claim) stays on the server: for reply notifications, never shown (publicIdentity).
      const id = await sessions.begin(request, reply, { optionId, subject, name, ...(avatarUrl ? { avatarUrl } : {}), ...(url ? { url } : {}), ...(email ? { email } : {}) });
      return issueTicket(secret, id);
    },
  });

  app.post('/api/auth/token', async (request, reply) => {
    const body = /** @type {{ ticket?: unknown } | null} */ (request.body);
    const sessionId = openTicket(secret, body?.ticket);
    const rotated = sessionId ? await sessions.rotateForToken(sessionId) : null;
    if (!rotated) {
      return fail(reply, { status: 401, code: 'unauthorized', message: 'This sign-in ticket is not valid (expired, already used, or not issued here): sign in again.' });
    }
    return reply.header('cache-control', 'no-store').send({ token: rotated.token, identity: publicIdentity(rotated.identity) });
  });
}

export default fp(signIn, { name: 'sign-in' });
