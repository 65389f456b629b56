// Moderation on the reference server (docs/rest-api.md "Moderation", README "Moderation"):
// moderators are configured, never claimed — the signed-in identities MODERATORS lists
// (`<option id>:<subject>`, as SITE_OWNERS) and scripts sending MODERATION_TOKEN as a bearer
// token. Every route under /moderation/ but /moderation/me answers `forbidden` to anyone else.
// Also here: bans refuse a banned author's posts, CLOSE_AFTER_DAYS closes old threads, each
// thread remembers the page it was first shown on, and addresses and emails are erased after
// RETENTION_DAYS. The store's half is server/store/moderation.mjs; the moderators' live stream
// is ./moderation-live.mjs.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import fp from 'fastify-plugin';
import { fail } from '../errors.mjs';
import { QUEUES } from '../store/moderation.mjs';
import { checkThreadId, invalid } from '../validate.mjs';
import { ModerationHub } from './moderation-live.mjs';
import { identityOwner } from './session.mjs';

/** @typedef {import('../../src/types.js').ModerationAction} ModerationAction */

/**
 * @typedef {object} ModerationOptions
 * @property {string[]} [moderators] `<option id>:<subject>` identities who moderate (MODERATORS)
 * @property {string | null} [token] the bearer token scripts moderate with (MODERATION_TOKEN)
 * @property {number} [retentionDays] days addresses and emails are kept (RETENTION_DAYS, default 90)
 * @property {number | null} [closeAfterDays] threads close this many days after they were first seen (CLOSE_AFTER_DAYS)
 * @property {() => number} [now] the clock (ms since the epoch) of the retention job and CLOSE_AFTER_DAYS; tests set it
 */

export const DEFAULT_RETENTION_DAYS = 90;
/** Threads never seen before that one address may make the server remember per minute. */
const NEW_THREADS_PER_MINUTE = 60;
/** How often the retention job runs. */
const SWEEP_MS = 60 * 60 * 1000;
const ACTIONS = new Set(['approve', 'hold', 'spam', 'delete', 'restore']);
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FORBIDDEN = { status: 403, code: 'forbidden', message: 'Only moderators may do this.' };

/**
 * The moderation settings from the environment: MODERATORS, MODERATION_TOKEN, RETENTION_DAYS,
 * CLOSE_AFTER_DAYS. A token shorter than 16 characters is refused (ignored, with a warning).
 * @param {NodeJS.ProcessEnv} env @returns {ModerationOptions}
 */
export function moderationOptionsFromEnv(env) {
  const days = (/** @type {string | undefined} */ text) => (text !== undefined && /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null);
  const token = (env.MODERATION_TOKEN ?? '').trim();
  if (token && token.length < 16) console.warn('MODERATION_TOKEN is shorter than 16 characters: ignored.');
  const closeAfter = days(env.CLOSE_AFTER_DAYS);
  return {
    moderators: (env.MODERATORS ?? '').split(',').map((entry) => entry.trim()).filter((entry) => /^[a-z0-9]+:./.test(entry)),
    token: token.length >= 16 ? token : null,
    retentionDays: days(env.RETENTION_DAYS) || DEFAULT_RETENTION_DAYS,
    closeAfterDays: closeAfter && closeAfter > 0 ? closeAfter : null,
  };
}

/**
 * Whether a guest's new comment is held: MODERATION=hold always; MODERATION=first unless the same
 * name and email already have an approved comment (WordPress's "comment author must have a
 * previously approved comment").
 * @param {import('../store/index.mjs').Store} store @param {string} mode @param {{ name: string, email?: string }} author
 */
export async function guestHeld(store, mode, author) {
  if (mode === 'hold') return true;
  if (mode === 'first') return !(await store.moderation.guestApproved(author.name, author.email));
  return false;
}

/** @param {string} text */
const digest = (text) => createHash('sha256').update(text).digest();

/** A page address worth remembering: http(s), at most 2,000 characters. @param {unknown} value */
function pageAddress(value) {
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** @param {unknown} value @returns {Record<string, unknown> | null} */
const objectOf = (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? /** @type {Record<string, unknown>} */ (value) : null);

/**
 * A ban request from a body, or the problem with it.
 * @param {unknown} body
 * @returns {{ value: import('../../src/types.js').BanRequest } | { problem: import('../validate.mjs').Problem }}
 */
export function checkBan(body) {
  const input = objectOf(body);
  if (!input) return { problem: invalid('Send a JSON object naming commentId, identity, emailHash or address.') };
  /** @type {import('../../src/types.js').BanRequest} */
  const value = {};
  const text = (/** @type {string} */ name, /** @type {number} */ max) => {
    const given = input[name];
    if (given === undefined || given === null) return undefined;
    if (typeof given !== 'string' || !given || given.length > max || CONTROL.test(given)) throw invalid(`"${name}" must be a text of 1 to ${max} characters.`);
    return given;
  };
  try {
    const commentId = text('commentId', 200);
    const identity = text('identity', 500);
    const emailHash = text('emailHash', 64);
    const address = text('address', 100);
    if (commentId) value.commentId = commentId;
    if (identity) value.identity = identity;
    if (emailHash) {
      if (!/^[0-9a-f]{64}$/i.test(emailHash)) throw invalid('"emailHash" is the SHA-256 hex of the trimmed, lower-cased email.');
      value.emailHash = emailHash.toLowerCase();
    }
    if (address) {
      if (!isIP(address)) throw invalid('"address" must be an IPv4 or IPv6 address.');
      value.address = address;
    }
  } catch (problem) {
    return { problem: /** @type {import('../validate.mjs').Problem} */ (problem) };
  }
  if (input.duration !== undefined && input.duration !== null) {
    if (!Number.isInteger(input.duration) || /** @type {number} */ (input.duration) <= 0 || /** @type {number} */ (input.duration) > 10 * 365 * 86_400) {
      return { problem: invalid('"duration" is a whole number of seconds, at most ten years.') };
    }
    value.duration = /** @type {number} */ (input.duration);
  }
  if (!value.commentId && !value.identity && !value.emailHash && !value.address) {
    return { problem: invalid('A ban names a commentId, an identity, an emailHash or an address.') };
  }
  return { value };
}

/**
 * Thread settings from a body, or the problem with them.
 * @param {unknown} body
 * @returns {{ value: import('../../src/types.js').ThreadSettings } | { problem: import('../validate.mjs').Problem }}
 */
export function checkThreadSettings(body) {
  const input = objectOf(body);
  if (!input) return { problem: invalid('Send a JSON object with closed, requiresSignIn or editWindow.') };
  /** @type {import('../../src/types.js').ThreadSettings} */
  const value = {};
  for (const key of /** @type {const} */ (['closed', 'requiresSignIn'])) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== 'boolean') return { problem: invalid(`"${key}" must be true or false.`) };
    value[key] = input[key];
  }
  if (input.editWindow !== undefined) {
    if (input.editWindow !== null && !(Number.isInteger(input.editWindow) && /** @type {number} */ (input.editWindow) >= 0 && /** @type {number} */ (input.editWindow) <= 2 ** 31 - 1)) {
      return { problem: invalid('"editWindow" is a whole number of seconds, or null for no limit.') };
    }
    value.editWindow = /** @type {number | null} */ (input.editWindow);
  }
  return { value };
}

/**
 * @typedef {import('./comments.mjs').RouteContext & { api: string, options: ModerationOptions }} ModerationPluginOptions
 */

/**
 * Registered at the top level (its hooks see the comment routes).
 * @param {import('fastify').FastifyInstance} app @param {ModerationPluginOptions} context
 */
async function moderationPlugin(app, { store, live, sessions, api, options }) {
  const moderators = new Set(options.moderators ?? []);
  const token = options.token ? digest(options.token) : null;
  const now = options.now ?? Date.now;
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const hub = new ModerationHub(store);
  const base = `${api}/moderation`;

  /**
   * Who moderates this request: `token` (MODERATION_TOKEN as a bearer token), the signed-in
   * moderator's `<option id>:<subject>`, or null.
   * @param {import('fastify').FastifyRequest} request @returns {Promise<string | null>}
   */
  async function moderatorOf(request) {
    const header = request.headers.authorization;
    if (token && typeof header === 'string' && /^Bearer /i.test(header) && timingSafeEqual(digest(header.slice(7).trim()), token)) return 'token';
    if (!moderators.size) return null;
    const owner = identityOwner((await sessions.of(request))?.identity);
    return owner && moderators.has(owner) ? owner : null;
  }

  /** The moderator of the request, or null after answering `forbidden`. @param {import('fastify').FastifyRequest} request @param {import('fastify').FastifyReply} reply */
  async function guard(request, reply) {
    const actor = await moderatorOf(request);
    if (!actor) fail(reply, FORBIDDEN);
    return actor;
  }

  /** @param {import('../store/records.mjs').CommentRow[]} rows */
  const toItems = (rows) => store.moderation.itemsOf(rows, (list) => store.toRecords(list, null));

  /** @param {unknown} raw @returns {number | null} */
  const limitOf = (raw) => {
    if (raw === undefined || raw === '') return 20;
    return typeof raw === 'string' && /^\d{1,3}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 100 ? Number(raw) : null;
  };

  app.get(`${base}/me`, async (request) => ({ moderator: Boolean(await moderatorOf(request)) }));

  app.get(`${base}/queue`, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    const query = /** @type {Record<string, string | undefined>} */ (request.query);
    const limit = limitOf(query.limit);
    if (limit === null) return fail(reply, invalid('"limit" must be a whole number from 1 to 100.'));
    const queues = query.queues ? query.queues.split(',') : [...QUEUES];
    if (!queues.every((queue) => /** @type {readonly string[]} */ (QUEUES).includes(queue))) return fail(reply, invalid('"queues" is a comma list of held, reported and spam.'));
    let threadId;
    if (query.threadId !== undefined) {
      const thread = checkThreadId(query.threadId);
      if ('problem' in thread) return fail(reply, thread.problem);
      threadId = thread.value;
    }
    // Where a moderator stream opened after this answer starts (read first: nothing falls between).
    const eventId = await store.moderation.lastEventId();
    const page = await store.moderation.queue({ queues: /** @type {any} */ (queues), threadId, cursor: query.cursor, limit });
    if ('badCursor' in page) return fail(reply, invalid('"cursor" is not one this server made.'));
    reply.header('x-last-event-id', String(eventId));
    return { items: await toItems(page.rows), total: page.total, nextCursor: page.nextCursor };
  });

  app.post(`${base}/comments/:commentId`, async (request, reply) => {
    const actor = await guard(request, reply);
    if (!actor) return reply;
    const action = objectOf(request.body)?.action;
    if (typeof action !== 'string' || !ACTIONS.has(action)) return fail(reply, invalid('"action" is one of approve, hold, spam, delete, restore.'));
    const id = /** @type {{ commentId: string }} */ (request.params).commentId;
    const done = await store.moderation.act(id, /** @type {ModerationAction} */ (action), actor);
    if ('missing' in done) return fail(reply, { status: 404, code: 'not_found', message: 'There is no such comment.' });
    if ('placeholder' in done) return fail(reply, { status: 409, code: 'conflict', message: 'Its author deleted this comment.' });
    for (const eventId of done.eventIds) live.broadcast(done.threadId, eventId);
    hub.changed();
    return (await toItems([done.row]))[0];
  });

  app.get(`${base}/bans`, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    return { bans: await store.moderation.bans() };
  });

  app.post(`${base}/bans`, async (request, reply) => {
    const actor = await guard(request, reply);
    if (!actor) return reply;
    const ban = checkBan(request.body);
    if ('problem' in ban) return fail(reply, ban.problem);
    const made = await store.moderation.ban(ban.value, actor);
    if (made && 'missing' in made) return fail(reply, { status: 404, code: 'not_found', message: 'There is no such comment.' });
    if (!made) return fail(reply, invalid('Nothing is known of this author to ban (no identity, email or address).'));
    hub.changed();
    return reply.code(201).send(made);
  });

  app.delete(`${base}/bans/:banId`, async (request, reply) => {
    const actor = await guard(request, reply);
    if (!actor) return reply;
    if (!(await store.moderation.unban(/** @type {{ banId: string }} */ (request.params).banId, actor))) {
      return fail(reply, { status: 404, code: 'not_found', message: 'There is no such ban.' });
    }
    return reply.code(204).send();
  });

  app.patch(`${base}/threads/:threadId`, async (request, reply) => {
    const actor = await guard(request, reply);
    if (!actor) return reply;
    const thread = checkThreadId(/** @type {{ threadId: string }} */ (request.params).threadId);
    if ('problem' in thread) return fail(reply, thread.problem);
    const settings = checkThreadSettings(request.body);
    if ('problem' in settings) return fail(reply, settings.problem);
    await store.moderation.setThreadSettings(thread.value, settings.value, actor);
    // The thread's information as readers now get it (GUEST_COMMENTS, CLOSE_AFTER_DAYS, limits).
    const answer = await app.inject({ method: 'GET', url: `${api}/threads/${encodeURIComponent(thread.value)}` });
    return reply.code(answer.statusCode).header('content-type', 'application/json; charset=utf-8').send(answer.body);
  });

  app.get(`${base}/log`, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    const query = /** @type {Record<string, string | undefined>} */ (request.query);
    const limit = limitOf(query.limit);
    if (limit === null) return fail(reply, invalid('"limit" must be a whole number from 1 to 100.'));
    const page = await store.moderation.log({ cursor: query.cursor, limit });
    if ('badCursor' in page) return fail(reply, invalid('"cursor" is not one this server made.'));
    return page;
  });

  app.get(`${base}/events`, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    const query = /** @type {Record<string, string | undefined>} */ (request.query);
    let threadId = null;
    if (query.threadId !== undefined) {
      const thread = checkThreadId(query.threadId);
      if ('problem' in thread) return fail(reply, thread.problem);
      threadId = thread.value;
    }
    const raw = request.headers['last-event-id'] ?? query.lastEventId;
    if (raw !== undefined && raw !== '' && !/^\d{1,15}$/.test(String(raw))) return fail(reply, invalid('Last-Event-ID must be an event id this server sent.'));
    hub.open(reply, { threadId, after: raw === undefined || raw === '' ? null : Number(raw), toItems });
  });

  // A banned author's comments are refused before anything is stored.
  app.addHook('preHandler', async (request, reply) => {
    const url = request.routeOptions.url ?? '';
    if (request.method === 'POST' && url === `${api}/threads/:threadId/comments`) {
      const { session } = await sessions.viewer(request);
      const guest = objectOf(objectOf(request.body)?.guest);
      const ban = await store.moderation.banFor({
        identity: identityOwner(session?.identity),
        email: !session?.identity && typeof guest?.email === 'string' ? guest.email : null,
        address: request.ip,
      });
      if (ban) return fail(reply, { status: 403, code: 'forbidden', message: 'You may not comment on this site (banned by a moderator).' });
      if (options.closeAfterDays) {
        const threadId = /** @type {{ threadId?: string }} */ (request.params).threadId ?? '';
        if (await agedOut(threadId)) return fail(reply, { status: 403, code: 'closed', message: 'This thread is closed for comments.' });
      }
    }
    if (request.method === 'GET' && url === `${api}/threads/:threadId`) {
      const threadId = /** @type {{ threadId?: string }} */ (request.params).threadId ?? '';
      if (checkThreadId(threadId).value === undefined) return;
      const query = /** @type {Record<string, unknown>} */ (request.query ?? {});
      const referer = pageAddress(request.headers.referer);
      // The page: sent by the client (RestProvider sends `page`), else the Referer when it is a
      // whole address (a page of the API's own origin).
      const page = pageAddress(query.page) ?? (referer && new URL(referer).pathname !== '/' ? referer : null);
      const source = await store.moderation.threadSource(threadId);
      // Kept for the answer (preSerialization below) unless it changes here.
      /** @type {any} */ (request).threadSource = source;
      if (source.createdAt && (source.url || !page)) return;
      /** @type {any} */ (request).threadSource = undefined;
      // Remembering makes a row: at most NEW_THREADS_PER_MINUTE threads never seen before per
      // address, so reading made-up thread ids cannot grow the store without end.
      if (!source.createdAt && (await store.hit(`threads-seen:address:${request.ip}`, 60_000)).current > NEW_THREADS_PER_MINUTE) return;
      await store.moderation.sawThread(threadId, page, new Date(now()).toISOString());
    }
  });

  /**
   * Whether CLOSE_AFTER_DAYS has closed a thread (days since it was first seen or first commented).
   * @param {string} threadId @param {{ createdAt: string | null }} [known] the thread's source, when read already
   */
  async function agedOut(threadId, known) {
    if (!options.closeAfterDays) return false;
    const since = (known ?? (await store.moderation.threadSource(threadId))).createdAt ?? (await store.moderation.firstCommentAt(threadId));
    return Boolean(since) && now() - Date.parse(/** @type {string} */ (since)) > options.closeAfterDays * 86_400_000;
  }

  // Every thread's information carries its title and page (for the queue) and CLOSE_AFTER_DAYS.
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.method !== 'GET' || request.routeOptions.url !== `${api}/threads/:threadId` || reply.statusCode !== 200 || !objectOf(payload)) return payload;
    const threadId = /** @type {{ threadId: string }} */ (request.params).threadId;
    const source = /** @type {any} */ (request).threadSource ?? (await store.moderation.threadSource(threadId));
    return {
      ...(/** @type {object} */ (payload)),
      ...(source.title ? { title: source.title } : {}),
      ...(source.url ? { url: source.url } : {}),
      ...((await agedOut(threadId, source)) ? { closed: true } : {}),
    };
  });

  // New held or spam comments and new reports reach the moderators' streams.
  app.addHook('onResponse', async (request, reply) => {
    const url = request.routeOptions.url ?? '';
    if (request.method === 'POST' && reply.statusCode < 300 && (url === `${api}/threads/:threadId/comments` || url === `${api}/comments/:commentId/reports`)) hub.changed();
  });

  /** Erases addresses and emails older than RETENTION_DAYS; answers how many comments it changed. */
  const sweep = () => store.moderation.eraseOld(now(), retentionDays);
  app.decorate('moderationSweep', sweep);
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  app.addHook('onReady', async () => {
    await hub.start();
    await sweep().catch((error) => app.log.warn(error));
    timer = setInterval(() => sweep().catch((error) => app.log.warn(error)), SWEEP_MS);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    clearInterval(timer);
    hub.endAll();
  });
  app.addHook('onClose', async () => {
    await hub.stop();
  });
}

export default fp(moderationPlugin, { name: 'moderation' });
