// Who may call the API from a page: CORS (@fastify/cors) answers the server's own origin and the
// origins listed in CORS_ORIGINS (with credentials); `*` lets any origin read without them.
// Writes carry the reader's cookie, so a write from a page of another site is refused
// (Origin / Sec-Fetch-Site), before its body is read: no CSRF token, cached pages keep working.
import fastifyCors from '@fastify/cors';
import fp from 'fastify-plugin';
import { fail } from '../errors.mjs';

const EXPOSED = ['Retry-After', 'Idempotent-Replayed', 'X-Last-Event-Id'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a write may go ahead: from the server's own origin or a listed one, or from a client
 * that is no browser page (no `Origin`, and no `Sec-Fetch-Site` other than same-origin / none).
 * @param {import('fastify').FastifyRequest} request @param {Set<string>} allowed
 */
export function sameSiteWrite(request, allowed) {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (allowed.has(origin)) return true;
    try {
      return origin !== 'null' && new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ allowedOrigins: string[], prefix: string }} options
 */
async function crossSite(app, { allowedOrigins, prefix }) {
  const allowed = new Set(allowedOrigins);
  await app.register(fastifyCors, {
    delegator: (request, callback) => {
      const origin = request.headers.origin;
      const common = { exposedHeaders: EXPOSED, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'Authorization'], maxAge: 600 };
      if (origin && allowed.has(origin)) return callback(null, { ...common, origin: true, credentials: true });
      if (allowed.has('*')) return callback(null, { ...common, origin: '*', credentials: false });
      return callback(null, { origin: false });
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith(`${prefix}/`)) return;
    if (sameSiteWrite(request, allowed)) return;
    return fail(reply, {
      status: 403,
      code: 'forbidden',
      message: `Writes from another site are refused (Origin ${request.headers.origin ?? 'unknown'}); the server lists the origins it accepts in CORS_ORIGINS.`,
    });
  });
}

export default fp(crossSite, { name: 'cross-site' });
