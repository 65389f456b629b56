// Real sign-in in the reference server: the routes of ../auth (GET /api/auth/{id}/start and
// /callback, openid-client) with their `onSignedIn` wired to the sessions: the session id is
// rotated and the verified identity (option + subject, name, avatar, profile URL) kept in it.
import fp from 'fastify-plugin';
import { signInPlugin } from '../auth/index.mjs';

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ config: import('../auth/config.mjs').SignInConfig, sessions: import('./session.mjs').Sessions,
 *   publicUrl: () => string, allowedOrigins: string[] }} options
 */
async function signIn(app, { config, sessions, publicUrl, allowedOrigins }) {
  if (!config.options.length) return;
  await app.register(signInPlugin, {
    config,
    publicUrl,
    allowedOrigins: allowedOrigins.filter((origin) => origin !== '*'),
    async onSignedIn(request, reply, { optionId, subject, name, avatarUrl, url, email }) {
      // `email` (a verified claim) stays on the server: for reply notifications, never shown (publicIdentity).
      await sessions.begin(request, reply, { optionId, subject, name, ...(avatarUrl ? { avatarUrl } : {}), ...(url ? { url } : {}), ...(email ? { email } : {}) });
    },
  });
}

export default fp(signIn, { name: 'sign-in' });
