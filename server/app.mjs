// The reference server for the REST contract (docs/rest-api.md): comments,
// identity with a cookie session, a Server-Sent Events stream of changes, and
// the demo's static files. Fastify 5 over the SQLite store in ./store.mjs.
import Fastify from 'fastify';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommentStore } from './store.mjs';
import {
  checkDraft,
  checkEdit,
  checkIdempotencyKey,
  checkListQuery,
  checkReaction,
  checkReport,
  checkSignIn,
  checkThreadId,
  encodeCursor,
  invalid,
} from './validate.mjs';

/** @typedef {import('../src/types.js').IdentityOption} IdentityOption */
/** @typedef {import('../src/types.js').Identity} Identity */
/** @typedef {import('./validate.mjs').Problem} Problem */

/**
 * @typedef {object} AppOptions
 * @property {string} dataDir where comments.sqlite lives
 * @property {string | null} [seedFile] JSON `{ comments, identityOptions?, threads? }` imported when the store is empty
 * @property {'approve' | 'hold'} [moderation] `hold`: guest comments wait as `pending` (seen only by their author)
 * @property {string[] | '*'} [allowedOrigins] origins allowed by CORS (with credentials); `*` reflects any origin
 * @property {boolean} [enableControl] the test-only `/api/__control/*` routes (fault injection, seeding)
 * @property {string | null} [staticRoot] the project folder whose demo/ and dist/ are served
 * @property {{ secure?: boolean, sameSite?: 'Lax' | 'Strict' | 'None' }} [cookie]
 * @property {boolean} [logger]
 */

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

export const SESSION_COOKIE = 'ct_session';
const API = '/api';

const DEFAULT_IDENTITY_OPTIONS = /** @type {IdentityOption[]} */ ([
  { id: 'guest', label: 'Guest', kind: 'guest' },
  { id: 'demo', label: 'Demo account', kind: 'oauth' },
]);

/** The HTTP status for each error code of the contract. */
export const STATUS_FOR_CODE = /** @type {Record<string, number>} */ ({
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  closed: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unknown: 500,
  network: 503,
  timeout: 504,
});

/** @param {number} status */
function codeForStatus(status) {
  for (const [code, value] of Object.entries(STATUS_FOR_CODE)) if (value === status) return code;
  if (status === 422 || status === 413 || status === 415) return 'validation';
  return status >= 500 ? 'unknown' : 'validation';
}

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
});

/** @param {string | undefined} header @param {string} name */
function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** @param {AppOptions} options */
export function createApp(options) {
  const store = new CommentStore(options.dataDir);
  let moderation = options.moderation ?? 'approve';
  const allowedOrigins = options.allowedOrigins ?? '*';
  const cookie = { secure: false, sameSite: 'Lax', ...options.cookie };

  /** @type {IdentityOption[]} */
  let identityOptions = DEFAULT_IDENTITY_OPTIONS;
  if (options.seedFile && existsSync(options.seedFile)) {
    const seed = JSON.parse(readFileSync(options.seedFile, 'utf8'));
    if (Array.isArray(seed.identityOptions) && seed.identityOptions.length) identityOptions = seed.identityOptions;
    if (store.isEmpty()) {
      store.importRecords(Array.isArray(seed.comments) ? seed.comments : []);
      for (const [threadId, info] of Object.entries(seed.threads ?? {})) store.setThread(threadId, /** @type {any} */ (info));
    }
  }

  const app = Fastify({
    logger: options.logger ?? false,
    // Thread ids may be long; our own check answers with a clear message instead of a 404.
    routerOptions: { maxParamLength: 1000 },
    bodyLimit: 256 * 1024,
    // close() ends open event streams and hung requests too.
    forceCloseConnections: true,
  });

  // JSON only: any other body type is a 415.
  app.removeContentTypeParser('text/plain');

  /** @type {Fault[]} */
  const faults = [];

  /** @type {Map<string, Set<{ session: string | null, res: import('node:http').ServerResponse }>>} */
  const streams = new Map();

  /** @param {import('fastify').FastifyRequest} request @returns {Record<string, string>} */
  function corsHeaders(request) {
    const origin = request.headers.origin;
    if (!origin) return {};
    if (allowedOrigins !== '*' && !allowedOrigins.includes(origin)) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'Retry-After, Idempotent-Replayed, X-Last-Event-Id',
      vary: 'Origin',
    };
  }

  /**
   * @param {import('fastify').FastifyReply} reply
   * @param {Problem & { retryAfter?: number }} problem
   */
  function fail(reply, problem) {
    if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
    return reply.code(problem.status).send({
      error: {
        code: problem.code,
        message: problem.message,
        ...(problem.fieldErrors ? { fieldErrors: problem.fieldErrors } : {}),
        ...(problem.retryAfter !== undefined ? { retryAfter: problem.retryAfter } : {}),
      },
    });
  }

  /** @param {import('fastify').FastifyRequest} request */
  function sessionOf(request) {
    return store.session(readCookie(request.headers.cookie, SESSION_COOKIE));
  }

  /**
   * The request's session, or a new one with the `set-cookie` header that hands it to the
   * browser (`cookie` is null when the request already had a session).
   * @param {import('fastify').FastifyRequest} request
   */
  function sessionFor(request) {
    const existing = sessionOf(request);
    if (existing) return { session: existing, cookie: null };
    const id = store.createSession();
    const attributes = [`${SESSION_COOKIE}=${id}`, 'Path=/', 'HttpOnly', `SameSite=${cookie.sameSite}`, 'Max-Age=31536000'];
    if (cookie.secure || cookie.sameSite === 'None') attributes.push('Secure');
    return { session: { id, identity: null }, cookie: attributes.join('; ') };
  }

  /** The session, created (and sent as a cookie) when the request has none. */
  function ensureSession(/** @type {import('fastify').FastifyRequest} */ request, /** @type {import('fastify').FastifyReply} */ reply) {
    const { session, cookie: setCookie } = sessionFor(request);
    if (setCookie) reply.header('set-cookie', setCookie);
    return session;
  }

  /**
   * Sends one change to every stream of the thread, each with its own `viewerIsAuthor` and `mine`.
   * @param {string} threadId @param {number} eventId @param {string} type @param {string} commentId
   */
  function broadcast(threadId, eventId, type, commentId) {
    for (const stream of streams.get(threadId) ?? []) {
      const change = changeFor(type, commentId, stream.session);
      if (change) writeChange(stream.res, eventId, change);
    }
  }

  /** The CommentChange for a logged change, or null when its comment is gone since (a removal follows). */
  function changeFor(/** @type {string} */ type, /** @type {string} */ commentId, /** @type {string | null} */ session) {
    if (type === 'removed') return { type, id: commentId };
    const row = store.comment(commentId);
    return row ? { type, comment: store.toRecord(row, session) } : null;
  }

  /** @param {import('node:http').ServerResponse} res @param {number} eventId @param {unknown} change */
  function writeChange(res, eventId, change) {
    res.write(`id: ${eventId}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`);
  }

  // --- CORS, faults ---------------------------------------------------------

  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(corsHeaders(request))) reply.header(name, value);
    const path = request.url.split('?')[0];
    if (!path.startsWith(`${API}/`) || path.startsWith(`${API}/__control/`) || request.method === 'OPTIONS') return;
    const index = faults.findIndex(
      (fault) => (!fault.method || fault.method === request.method) && (!fault.path || path.includes(fault.path)),
    );
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
    if (/** @type {any} */ (request).hangAfterHandling) {
      await new Promise((resolve) => request.raw.socket.once('close', resolve));
    }
  });

  app.options(`${API}/*`, async (request, reply) => {
    reply
      .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
      .header('access-control-allow-headers', 'Content-Type, Idempotency-Key, Last-Event-ID')
      .header('access-control-max-age', '600');
    return reply.code(204).send();
  });

  app.setErrorHandler((error, _request, reply) => {
    const err = /** @type {{ statusCode?: number, code?: string, message?: string }} */ (error);
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) app.log.error(error);
    /** @type {Record<string, string>} */
    const messages = {
      FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as application/json.',
      FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
    };
    const message = (err.code && messages[err.code]) || (status >= 500 ? 'The server failed.' : err.message || 'Bad request.');
    return fail(reply, { status, code: codeForStatus(status), message });
  });

  app.setNotFoundHandler((request, reply) =>
    fail(reply, { status: 404, code: 'not_found', message: `Nothing at ${request.method} ${request.url.split('?')[0]}.` }),
  );

  // --- threads and comments -------------------------------------------------

  /** @param {import('fastify').FastifyRequest} request */
  const threadParam = (request) => checkThreadId(/** @type {{ threadId?: string }} */ (request.params).threadId);

  app.get(`${API}/threads/:threadId`, async (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    return store.thread(thread.value);
  });

  app.get(`${API}/threads/:threadId/comments`, async (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    const query = checkListQuery(/** @type {Record<string, unknown>} */ (request.query));
    if ('problem' in query) return fail(reply, query.problem);
    const session = sessionOf(request);
    const page = store.page({ threadId: thread.value, ...query.value, session: session?.id ?? null });
    reply.header('x-last-event-id', String(page.lastEventId));
    return {
      comments: page.rows.map((/** @type {import('./store.mjs').CommentRow} */ row) => store.toRecord(row, session?.id ?? null)),
      total: page.total,
      nextCursor: page.next ? encodeCursor(query.value.order, page.next) : null,
    };
  });

  app.post(`${API}/threads/:threadId/comments`, async (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    const key = checkIdempotencyKey(request.headers['idempotency-key']);
    if ('problem' in key) return fail(reply, key.problem);
    // A retry of a stored comment is answered with it before anything else is judged.
    const stored = store.commentForKey(key.value);
    if (stored) {
      if (stored.thread_id !== thread.value) {
        return fail(reply, { status: 409, code: 'conflict', message: 'This Idempotency-Key was already used for a comment in another thread.' });
      }
      reply.header('idempotent-replayed', 'true');
      return reply.code(200).send(store.toRecord(stored, sessionOf(request)?.id ?? null));
    }
    const session = ensureSession(request, reply);
    const info = store.thread(thread.value);
    const identity = session.identity;
    const draft = checkDraft(request.body, { signedIn: Boolean(identity), requiredGuestFields: info.requiredGuestFields });
    if ('problem' in draft) return fail(reply, { ...draft.problem, status: draft.problem.fieldErrors ? 422 : 400 });
    if (info.closed) return fail(reply, { status: 403, code: 'closed', message: 'This thread is closed for comments.' });
    if (info.requiresSignIn && !identity) return fail(reply, { status: 401, code: 'unauthorized', message: 'Sign in to comment here.' });
    if (draft.value.honeypot) return fail(reply, { status: 403, code: 'forbidden', message: 'This looks like spam.' });
    if (draft.value.parentId !== null) {
      const parent = store.comment(draft.value.parentId);
      if (!parent || parent.thread_id !== thread.value) {
        return fail(reply, { status: 404, code: 'not_found', message: 'The comment you reply to is not in this thread.' });
      }
    }
    const author = identity
      ? { name: identity.name, ...(identity.url ? { url: identity.url } : {}), ...(identity.avatarUrl ? { avatarUrl: identity.avatarUrl } : {}) }
      : /** @type {{ name: string, email?: string, url?: string }} */ (draft.value.guest);
    const created = store.createComment({
      key: key.value,
      threadId: thread.value,
      parentId: draft.value.parentId,
      author,
      body: draft.value.body,
      status: moderation === 'hold' && !identity ? 'pending' : 'approved',
      session: session.id,
    });
    if (created.replayed) {
      reply.header('idempotent-replayed', 'true');
      return reply.code(200).send(store.toRecord(created.row, session.id));
    }
    if (created.eventId !== undefined) broadcast(thread.value, created.eventId, 'added', created.row.id);
    return reply.code(201).send(store.toRecord(created.row, session.id));
  });

  app.get(`${API}/threads/:threadId/events`, (request, reply) => {
    const thread = threadParam(request);
    if ('problem' in thread) return fail(reply, thread.problem);
    // The browser's own reconnect sends Last-Event-ID; a fresh EventSource can only use the query.
    const header = request.headers['last-event-id'];
    const queryValue = /** @type {{ lastEventId?: string }} */ (request.query).lastEventId;
    const raw = typeof header === 'string' && header !== '' ? header : queryValue;
    let after = null;
    if (raw !== undefined && raw !== '') {
      if (!/^\d{1,15}$/.test(String(raw))) return fail(reply, invalid('Last-Event-ID must be an event id this server sent.'));
      after = Number(raw);
    }
    // The stream's session decides `viewerIsAuthor` and `mine` in every change it sends, for as
    // long as it stays open. A first-time reader has no session yet: create it here, so their
    // first post or reaction (which sends this cookie back) belongs to the session this stream
    // already has, and its echo stays theirs.
    const { session: { id: session }, cookie: setCookie } = sessionFor(request);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...corsHeaders(request),
      ...(setCookie ? { 'set-cookie': setCookie } : {}),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Reconnect after a second when the connection drops.
    res.write('retry: 1000\n\n');
    if (after !== null) {
      for (const logged of store.changesAfter(thread.value, after)) {
        const change = changeFor(logged.type, logged.comment_id, session);
        if (change) writeChange(res, logged.event_id, change);
      }
    }
    // `ready` carries the newest event id, so a later reconnect catches up from here.
    res.write(`id: ${store.lastEventId()}\nevent: ready\ndata: {}\n\n`);
    const stream = { session, res };
    let set = streams.get(thread.value);
    if (!set) streams.set(thread.value, (set = new Set()));
    set.add(stream);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(ping);
      set.delete(stream);
      if (!set.size) streams.delete(thread.value);
    });
  });

  // --- taking part: edit, delete, react, report ------------------------------

  /**
   * The comment named in the path, or the answer that refuses it.
   * @param {import('fastify').FastifyRequest} request @param {{ own?: boolean }} [rules]
   */
  function targetOf(request, { own = false } = {}) {
    const id = /** @type {{ commentId?: string }} */ (request.params).commentId ?? '';
    const row = store.comment(id);
    if (!row || row.status === 'deleted') {
      return { problem: { status: 404, code: 'not_found', message: 'There is no such comment.' } };
    }
    const session = sessionOf(request);
    if (own && (!session || row.session_id !== session.id)) {
      return { problem: { status: 403, code: 'forbidden', message: 'Only the author may change a comment.' } };
    }
    return { row, session };
  }

  app.patch(`${API}/comments/:commentId`, async (request, reply) => {
    const target = targetOf(request, { own: true });
    if (target.problem) return fail(reply, target.problem);
    const { row, session } = /** @type {{ row: import('./store.mjs').CommentRow, session: { id: string } }} */ (target);
    const edit = checkEdit(request.body);
    if ('problem' in edit) return fail(reply, { ...edit.problem, status: edit.problem.fieldErrors ? 422 : 400 });
    const { editWindow } = store.thread(row.thread_id);
    if (editWindow !== undefined && Date.now() - Date.parse(row.created_at) > editWindow * 1000) {
      return fail(reply, { status: 403, code: 'forbidden', message: 'The time to edit this comment is over.' });
    }
    const edited = store.editComment(row.id, edit.value);
    if (edited.row.status !== 'pending') broadcast(row.thread_id, edited.eventId, 'updated', row.id);
    return store.toRecord(edited.row, session.id);
  });

  app.delete(`${API}/comments/:commentId`, async (request, reply) => {
    const target = targetOf(request, { own: true });
    if (target.problem) return fail(reply, target.problem);
    const { row } = /** @type {{ row: import('./store.mjs').CommentRow }} */ (target);
    const deleted = store.deleteComment(row.id);
    broadcast(deleted.threadId, deleted.eventId, deleted.type, row.id);
    return reply.code(204).send();
  });

  app.post(`${API}/comments/:commentId/reactions`, async (request, reply) => {
    const target = targetOf(request);
    if (target.problem) return fail(reply, target.problem);
    const { row } = /** @type {{ row: import('./store.mjs').CommentRow }} */ (target);
    const allowed = store.thread(row.thread_id).reactions ?? ['like'];
    const reaction = checkReaction(request.body, allowed);
    if ('problem' in reaction) return fail(reply, reaction.problem);
    const session = ensureSession(request, reply);
    const eventId = store.toggleReaction(row.id, reaction.value, session.id);
    broadcast(row.thread_id, eventId, 'updated', row.id);
    return store.toRecord(/** @type {import('./store.mjs').CommentRow} */ (store.comment(row.id)), session.id);
  });

  app.post(`${API}/comments/:commentId/reports`, async (request, reply) => {
    const target = targetOf(request);
    if (target.problem) return fail(reply, target.problem);
    const reason = checkReport(request.body);
    if ('problem' in reason) return fail(reply, reason.problem);
    store.report(/** @type {import('./store.mjs').CommentRow} */ (target.row).id, reason.value, target.session?.id ?? null);
    return reply.code(204).send();
  });

  // --- identity -------------------------------------------------------------

  app.get(`${API}/identity/options`, async () => identityOptions);

  app.get(`${API}/identity`, async (request) => ({ identity: sessionOf(request)?.identity ?? null }));

  app.post(`${API}/identity/sign-in`, async (request, reply) => {
    const optionId = checkSignIn(request.body);
    if ('problem' in optionId) return fail(reply, optionId.problem);
    const option = identityOptions.find((candidate) => candidate.id === optionId.value);
    if (!option) return fail(reply, { status: 404, code: 'not_found', message: `There is no sign-in option "${optionId.value}".` });
    if (option.kind !== 'oauth') {
      return fail(reply, invalid(`"${option.label}" is not a sign-in: guests send their details with each comment.`));
    }
    const session = ensureSession(request, reply);
    // A simulated OAuth round trip: the reference server trusts the choice.
    /** @type {Identity} */
    const identity = { optionId: option.id, name: `${option.label} reader` };
    store.setIdentity(session.id, identity);
    return identity;
  });

  app.post(`${API}/identity/sign-out`, async (request, reply) => {
    const session = sessionOf(request);
    if (session) store.setIdentity(session.id, null);
    return reply.code(204).send();
  });

  // --- test controls (only when enabled) ------------------------------------

  if (options.enableControl) {
    app.post(`${API}/__control/faults`, async (request) => {
      const fault = /** @type {Fault} */ ({ times: 1, ...(/** @type {object} */ (request.body)) });
      faults.push(fault);
      return { queued: faults.length };
    });
    app.delete(`${API}/__control/faults`, async () => {
      faults.length = 0;
      return { queued: 0 };
    });
    app.post(`${API}/__control/seed`, async (request) => {
      const { comments = [] } = /** @type {{ comments?: import('../src/types.js').CommentRecord[] }} */ (request.body);
      for (const event of store.importRecords(comments, { emit: true })) broadcast(event.threadId, event.eventId, 'added', event.id);
      return { stored: comments.length };
    });
    app.put(`${API}/__control/threads/:threadId`, async (request) => {
      const threadId = /** @type {{ threadId: string }} */ (request.params).threadId;
      store.setThread(threadId, /** @type {import('../src/types.js').ThreadInfo} */ (request.body));
      return store.thread(threadId);
    });
    app.put(`${API}/__control/settings`, async (request) => {
      const { moderation: next } = /** @type {{ moderation?: string }} */ (request.body);
      if (next === 'approve' || next === 'hold') moderation = next;
      return { moderation };
    });
    app.get(`${API}/__control/reports/:commentId`, async (request) => ({
      reports: store.reportCount(/** @type {{ commentId: string }} */ (request.params).commentId),
    }));
    app.get(`${API}/__control/count`, async (request) => {
      const { body = '' } = /** @type {{ body?: string }} */ (request.query);
      return { count: store.countByBody(body) };
    });
  }

  // --- the demo -------------------------------------------------------------

  if (options.staticRoot) {
    const root = normalize(options.staticRoot + sep);
    /** @param {import('fastify').FastifyReply} reply @param {string} file */
    const sendFile = (reply, file) => {
      let stat;
      try {
        stat = statSync(file);
      } catch {
        stat = null;
      }
      if (!stat?.isFile()) return fail(reply, { status: 404, code: 'not_found', message: 'No such file.' });
      reply.header('content-type', TYPES[extname(file)] ?? 'application/octet-stream').header('cache-control', 'no-store');
      return reply.send(createReadStream(file));
    };
    /**
     * The demo page with its thread rendered on the server (declarative shadow DOM and the
     * first page embedded), so the comments are in the page source and the element starts
     * from them without asking for the list again. Without a build it serves the page as is.
     * @param {import('fastify').FastifyRequest} request
     */
    const renderDemo = async (request) => {
      const page = readFileSync(join(root, 'demo', 'index.html'), 'utf8');
      const ssrModule = join(root, 'dist', 'ssr', 'render-thread.js');
      const tag = page.match(/<comment-thread\b([^<>]*)>\s*<\/comment-thread>/);
      if (!tag || !existsSync(ssrModule)) return page;
      const attribute = (/** @type {string} */ name) => [...tag[1].matchAll(/\s([\w-]+)="([^"]*)"/g)].find((match) => match[1] === name)?.[2];
      const threadId = attribute('thread-id') ?? '';
      const pageSize = Number(attribute('page-size')) || 50;
      const session = sessionOf(request)?.id ?? null;
      const first = store.page({ threadId, order: 'oldest', limit: pageSize, after: null, session });
      const { renderThread } = await import(pathToFileURL(ssrModule).href);
      const rendered = await renderThread({
        id: attribute('id'),
        threadId,
        threadTitle: attribute('thread-title'),
        maxDepth: Number(attribute('max-depth')) || 5,
        pageSize,
        page: {
          comments: first.rows.map((/** @type {import('./store.mjs').CommentRow} */ row) => store.toRecord(row, session)),
          total: first.total,
          nextCursor: first.next ? encodeCursor('oldest', first.next) : null,
        },
        info: store.thread(threadId),
        provider: 'rest',
        endpoint: API,
        baseUrl: `http://${request.headers.host ?? 'localhost'}/`,
      });
      return page.replace(tag[0], rendered);
    };
    app.get('/', async (request, reply) => {
      let body;
      try {
        body = await renderDemo(request);
      } catch (error) {
        request.log.error(error, 'server rendering failed; serving the page without it');
        body = readFileSync(join(root, 'demo', 'index.html'), 'utf8');
      }
      return reply.header('content-type', TYPES['.html']).header('cache-control', 'no-store').send(body);
    });
    // Browsers ask for it on every page; the demo has none.
    app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
    for (const folder of ['demo', 'dist']) {
      app.get(`/${folder}/*`, (request, reply) => {
        const rest = decodeURIComponent(/** @type {{ '*': string }} */ (request.params)['*']);
        const file = normalize(join(root, folder, rest));
        if (!file.startsWith(join(root, folder) + sep)) return fail(reply, { status: 404, code: 'not_found', message: 'No such file.' });
        return sendFile(reply, file);
      });
    }
  }

  app.addHook('onClose', async () => {
    for (const set of streams.values()) for (const stream of set) stream.res.end();
    store.close();
  });

  return { app, store };
}
