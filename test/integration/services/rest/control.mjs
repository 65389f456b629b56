// The tests' control routes for the reference server, under /api/__control: fault injection,
// seeding, thread settings, moderation, report counts, ending streams. A plugin that only the
// test service registers (./entry.mjs); the production server has no such routes.
import fp from 'fastify-plugin';
import { codeForStatus, fail } from '../../../../server/errors.mjs';

const API = '/api';

/**
 * @typedef {object} Fault
 * @property {'fail' | 'hang' | 'hang-after'} mode fail at once, never answer, or do the work (commit) and then never answer
 * @property {number} times how many matching requests it applies to
 * @property {number} [status] HTTP status for `fail` (default 503)
 * @property {string} [code] the error code for `fail` (default from the status)
 * @property {number} [retryAfter] seconds, for `fail` (sent as Retry-After too)
 * @property {string} [method] only requests with this method
 * @property {string} [path] only paths containing this text
 */

/** @type {import('../../../../server/app.mjs').ServerPlugin} */
async function control(app, { store, live, settings, limits }) {
  /** @type {Fault[]} */
  const faults = [];

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (!path.startsWith(`${API}/`) || path.startsWith(`${API}/__control/`) || request.method === 'OPTIONS') return;
    const index = faults.findIndex((fault) => (!fault.method || fault.method === request.method) && (!fault.path || path.includes(fault.path)));
    if (index < 0) return;
    const fault = faults[index];
    if (--fault.times <= 0) faults.splice(index, 1);
    if (fault.mode === 'fail') {
      const status = fault.status ?? 503;
      return fail(reply, {
        status,
        code: fault.code ?? codeForStatus(status),
        message: `Injected failure (${status}).`,
        ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
      });
    }
    if (fault.mode === 'hang') {
      // Never answer; the client gives up (or the process is killed).
      await new Promise((resolve) => request.raw.socket.once('close', resolve));
      reply.hijack();
      return reply;
    }
    /** @type {any} */ (request).hangAfterHandling = true;
  });

  app.addHook('onSend', async (request) => {
    // `hang-after`: the work is done (committed) but the answer never leaves.
    if (/** @type {any} */ (request).hangAfterHandling) await new Promise((resolve) => request.raw.socket.once('close', resolve));
  });

  app.post(`${API}/__control/faults`, async (request) => {
    faults.push(/** @type {Fault} */ ({ times: 1, ...(/** @type {object} */ (request.body)) }));
    return { queued: faults.length };
  });
  app.delete(`${API}/__control/faults`, async () => {
    faults.length = 0;
    return { queued: 0 };
  });
  app.post(`${API}/__control/seed`, { bodyLimit: 64 * 1024 * 1024 }, async (request) => {
    const { comments = [] } = /** @type {{ comments?: import('../../../../src/types.js').CommentRecord[] }} */ (request.body);
    for (const event of await store.importRecords(comments, { emit: true })) live.broadcast(event.threadId, event.eventId, 'added', event.id);
    return { stored: comments.length };
  });
  app.put(`${API}/__control/threads/:threadId`, async (request) => {
    const threadId = /** @type {{ threadId: string }} */ (request.params).threadId;
    await store.setThread(threadId, /** @type {import('../../../../src/types.js').ThreadInfo} */ (request.body));
    return store.thread(threadId);
  });
  app.put(`${API}/__control/settings`, async (request) => {
    const { moderation: next, limits: nextLimits = {} } = /** @type {{ moderation?: string, limits?: Record<string, unknown> }} */ (request.body);
    if (next === 'approve' || next === 'hold' || next === 'first') settings.moderation = next;
    for (const [name, value] of Object.entries(nextLimits)) {
      if (name in limits && Number.isInteger(value)) limits[/** @type {keyof typeof limits} */ (name)] = /** @type {number} */ (value);
    }
    return { moderation: settings.moderation, limits };
  });
  app.get(`${API}/__control/reports/:commentId`, async (request) => ({
    reports: await store.reportCount(/** @type {{ commentId: string }} */ (request.params).commentId),
  }));
  app.get(`${API}/__control/count`, async (request) => ({
    count: await store.countByBody(/** @type {{ body?: string }} */ (request.query).body ?? ''),
  }));
  app.delete(`${API}/__control/streams`, async () => ({ ended: live.endAll() }));
}

export default fp(control, { name: 'test-control' });
