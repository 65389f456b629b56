// GET /health: whether this instance can serve, for load balancers and orchestrators. 200 when
// the store answers, 503 (the contract's error shape, code `network`) when it does not or while
// the instance shuts down, so a balancer stops sending readers here.
import { fail } from '../errors.mjs';

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ store: import('../store/index.mjs').Store, live: import('./live.mjs').LiveHub, state: { closing: boolean } }} options
 */
export default async function healthRoutes(app, { store, live, state }) {
  app.get('/health', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (state.closing) return fail(reply, { status: 503, code: 'network', message: 'This instance is shutting down.' });
    if (!(await store.ping())) return fail(reply, { status: 503, code: 'network', message: `The ${store.engine} store does not answer.` });
    return { status: 'ok', store: store.engine, streams: live.size };
  });
}
