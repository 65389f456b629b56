// Threads and their comments: GET /threads/{id}, GET and POST /threads/{id}/comments.
import { fail } from '../errors.mjs';
import { checkDraft, checkIdempotencyKey, checkListQuery, checkThreadId, encodeCursor } from '../validate.mjs';
import { isHeld } from '../store/records.mjs';
import { visibleTo } from './live.mjs';
import { guestHeld } from './moderation.mjs';
import { PageCache } from './page-cache.mjs';
import { identityOwner } from './session.mjs';
import { checkNotify, pageOf } from './notify.mjs';

/**
 * @typedef {object} RouteContext what every route plugin is handed
 * @property {import('../store/index.mjs').Store} store
 * @property {import('./live.mjs').LiveHub} live
 * @property {import('./session.mjs').Sessions} sessions
 * @property {{ moderation: 'approve' | 'hold' | 'first', guestComments?: boolean, siteOwners?: Set<string> }} settings changeable
 *   while running (tests switch it); `guestComments: false` refuses guests (GUEST_COMMENTS=off); `siteOwners`: the
 *   `<option>:<subject>` identities whose comments carry the thread-owner badge (SITE_OWNERS)
 * @property {ReturnType<typeof import('./spam.mjs').createScreen>} screen judges each new comment (./spam.mjs)
 * @property {import('./limits.mjs').AbuseLimits} limits the abuse limits in force (./limits.mjs; the tests' control routes change them)
 * @property {import('../mail/notifier.mjs').Notifier | null} [mail] email notifications, when SMTP_URL is set (../mail/notifier.mjs)
 */

/** What Fastify sends JSON as. */
const JSON_TYPE = 'application/json; charset=utf-8';

/** @type {import('../validate.mjs').Problem} */
const KEY_GONE = {
  status: 409,
  code: 'conflict',
  message: 'The comment sent with this Idempotency-Key was deleted since; send a new key to post again.',
};

/** @type {import('../validate.mjs').Problem} */
const KEY_ELSEWHERE = { status: 409, code: 'conflict', message: 'This Idempotency-Key was already used for a comment in another thread.' };

/**
 * The first page a reader sees of a thread, as the list route answers it (server rendering uses it too).
 * @param {import('../store/index.mjs').Store} store
 * @param {{ threadId: string, order: 'oldest' | 'newest', limit: number, after: { root: number, seq: number } | null }} query
 * @param {string | null} session
 */
export async function pageFor(store, query, session) {
  const page = await store.page({ ...query, session });
  return {
    body: {
      comments: await store.toRecords(page.rows, session),
      total: page.total,
      nextCursor: page.next ? encodeCursor(query.order, page.next) : null,
    },
    lastEventId: page.lastEventId,
  };
}

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {RouteContext} context
 */
export default async function commentRoutes(app, { store, live, sessions, settings, screen, limits, mail }) {
  const pages = new PageCache();
  /** @param {import('fastify').FastifyRequest} request */
  const threadParam = (request) => checkThreadId(/** @type {{ threadId?: string }} */ (request.params).threadId);

  app.get('/threads/:threadId', async (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    const info = await store.thread(thread.value);
    // GUEST_COMMENTS=off: every thread asks for a sign-in.
    return { ...info, ...(settings.guestComments === false ? { requiresSignIn: true } : {}), ...(mail ? { notifications: true } : {}) };
  });

  app.get('/threads/:threadId/comments', async (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    const query = checkListQuery(/** @type {Record<string, unknown>} */ (request.query));
    if ('problem' in query) return fail(reply, query.problem);
    const { owner } = await sessions.viewer(request);
    // A reader who owns nothing sees what every such reader sees: the same text while the store
    // is unchanged (its version mark, read before the page).
    const version = owner ? null : await store.version();
    const { order, limit, after } = query.value;
    const key = `${order}\n${limit}\n${after ? `${after.root}:${after.seq}` : ''}\n${thread.value}`;
    const cached = pages.get(key, version);
    if (cached) return reply.header('x-last-event-id', cached.lastEventId).type(JSON_TYPE).send(cached.body);
    const page = await pageFor(store, { threadId: thread.value, ...query.value }, owner);
    const lastEventId = String(page.lastEventId);
    reply.header('x-last-event-id', lastEventId);
    if (version === null) return page.body;
    const body = JSON.stringify(page.body);
    pages.set(key, version, { body, lastEventId });
    return reply.type(JSON_TYPE).send(body);
  });

  app.post('/threads/:threadId/comments', async (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    const key = checkIdempotencyKey(request.headers['idempotency-key']);
    if ('problem' in key) return fail(reply, key.problem);
    // A retry of a stored comment is answered with it before anything else is judged. Keys are
    // the author's own: another reader's key of the same text finds nothing here.
    const known = await sessions.viewer(request);
    const stored = await store.commentForKey(key.value, known.owner);
    if (stored) {
      if (stored.threadId !== thread.value) return fail(reply, KEY_ELSEWHERE);
      if ('gone' in stored) return fail(reply, KEY_GONE);
      reply.header('idempotent-replayed', 'true');
      return reply.code(200).send(await store.toRecord(stored.row, known.owner));
    }
    const info = await store.thread(thread.value);
    const identity = known.session?.identity ?? null;
    const draft = checkDraft(request.body, { signedIn: Boolean(identity), requiredGuestFields: info.requiredGuestFields, maxBody: limits.body });
    if ('problem' in draft) return fail(reply, { ...draft.problem, status: draft.problem.fieldErrors ? 422 : 400 });
    if (info.closed) return fail(reply, { status: 403, code: 'closed', message: 'This thread is closed for comments.' });
    if (info.requiresSignIn && !identity) return fail(reply, { status: 401, code: 'unauthorized', message: 'Sign in to comment here.' });
    if (settings.guestComments === false && !identity) {
      return fail(reply, { status: 401, code: 'unauthorized', message: 'Guest comments are turned off on this site: sign in to comment.' });
    }
    if (draft.value.honeypot) return fail(reply, { status: 403, code: 'forbidden', message: 'This looks like spam.' });
    const notify = checkNotify(request.body, Boolean(mail), identity, draft.value.guest);
    if ('problem' in notify) return fail(reply, notify.problem);
    const { owner } = await sessions.owner(request, reply);
    // A reply to a comment only its author sees (held for moderation) is held with it: published,
    // it would show others that the held comment exists, and its id.
    let parentHeld = false;
    if (draft.value.parentId !== null) {
      const parent = await store.comment(draft.value.parentId);
      if (!parent || parent.thread_id !== thread.value || !visibleTo(parent, owner)) {
        return fail(reply, { status: 404, code: 'not_found', message: 'The comment you reply to is not in this thread.' });
      }
      parentHeld = isHeld(parent.status);
    }
    const author = identity
      ? { name: identity.name, ...(identity.url ? { url: identity.url } : {}), ...(identity.avatarUrl ? { avatarUrl: identity.avatarUrl } : {}) }
      : /** @type {{ name: string, email?: string, url?: string }} */ (draft.value.guest);
    const verdict = await screen({
      author: { name: author.name, ...('email' in author && author.email ? { email: author.email } : {}), ...(author.url ? { url: author.url } : {}) },
      body: draft.value.body,
      reply: draft.value.parentId !== null,
      ip: request.ip,
      userAgent: String(request.headers['user-agent'] ?? ''),
      referrer: String(request.headers.referer ?? ''),
      site: `${request.protocol}://${request.host}`,
    });
    const held = verdict === 'hold' || parentHeld || (!identity && (await guestHeld(store, settings.moderation, author)));
    const created = await store.createComment({
      key: key.value,
      threadId: thread.value,
      parentId: draft.value.parentId,
      author,
      body: draft.value.body,
      status: verdict === 'spam' ? 'spam' : held ? 'pending' : 'approved',
      session: owner,
      address: request.ip,
      identity: identityOwner(identity),
      isThreadOwner: Boolean(identityOwner(identity) && settings.siteOwners?.has(/** @type {string} */ (identityOwner(identity)))),
    });
    if ('gone' in created) return fail(reply, KEY_GONE);
    if (created.replayed) {
      reply.header('idempotent-replayed', 'true');
      return reply.code(200).send(await store.toRecord(created.row, owner));
    }
    if (created.eventId !== undefined) live.broadcast(thread.value, created.eventId, 'added', created.row.id);
    await mail?.posted(created.row, notify.value ? { email: notify.value, identity: identityOwner(identity), pageUrl: pageOf(request) } : null);
    return reply.code(201).send(await store.toRecord(created.row, owner));
  });
}
