// The live stream: GET /threads/{threadId}/events, Server-Sent Events of a thread's changes.
// Each stream sees changes as its own session may (`viewerIsAuthor`, `mine`, held comments
// only its own); a reconnecting stream first replays what it missed, or says `reload` when that
// is more than the catch-up limit.
import { checkThreadId, invalid } from '../validate.mjs';
import { fail } from '../errors.mjs';
import { isHeld } from '../store/records.mjs';

/** The most changes a reconnecting stream replays; past it the stream sends `reload` instead. */
export const CATCH_UP_LIMIT = 5000;

/**
 * Whether a reader may see a comment at all: a held one only by its author's session.
 * @param {import('../store/index.mjs').CommentRow} row @param {string | null | undefined} session
 */
export function visibleTo(row, session) {
  return !isHeld(row.status) || (Boolean(session) && row.session_id === session);
}

/**
 * @typedef {object} Stream
 * @property {string | null} session
 * @property {import('node:http').ServerResponse} res
 * @property {boolean} ready its catch-up is written; changes after `sent` come from the pump
 * @property {number} sent the newest event id this stream has been sent (or covered)
 */

/** Change-log entries a pump reads at a time. */
const PUMP_BATCH = 500;

/**
 * The open streams of every thread, fed from the store's change log. A write here, or a
 * notification from another instance on the same PostgreSQL (`store.listen`), only says "thread
 * T changed": the thread's pump then reads the log after the oldest id its streams were sent, in
 * event-id order (ids are assigned in commit order), and sends each stream what it has not had.
 * So every change reaches every stream once, whichever instance made it, and a signal that
 * arrives twice (our own write and its notification) sends nothing twice.
 */
export class LiveHub {
  /** @type {Map<string, Set<Stream>>} */
  streams = new Map();
  /** Threads whose pump runs, and whether it must run again. @type {Map<string, { again: boolean }>} */
  #pumps = new Map();
  /** @type {(() => Promise<void>) | null} */
  #unlisten = null;
  /** Told of every change signal, whichever thread (the mail notifier). @type {Set<(threadId: string) => void>} */
  watchers = new Set();

  /** @param {import('../store/index.mjs').Store} store */
  constructor(store) {
    this.store = store;
  }

  /** Hears the other instances' changes (PostgreSQL); after a lost connection, every open thread pumps. */
  async start() {
    this.#unlisten = await this.store.listen(
      (threadId) => this.changed(threadId),
      () => {
        for (const watch of this.watchers) watch('');
        for (const threadId of this.streams.keys()) this.changed(threadId);
      },
    );
  }

  /**
   * A change was committed in this thread (the arguments past the thread are kept for callers of
   * old; the change log is the source).
   * @param {string} threadId @param {number} [_eventId] @param {string} [_type] @param {string} [_commentId]
   */
  broadcast(threadId, _eventId, _type, _commentId) {
    this.changed(threadId);
  }

  /** Pumps the thread's log to its streams (again, when a pump is running). @param {string} threadId */
  changed(threadId) {
    for (const watch of this.watchers) watch(threadId);
    if (!this.streams.has(threadId)) return;
    const running = this.#pumps.get(threadId);
    if (running) {
      running.again = true;
      return;
    }
    const pump = { again: true };
    this.#pumps.set(threadId, pump);
    (async () => {
      while (pump.again) {
        pump.again = false;
        await this.#pump(threadId).catch(() => {
          // A failed read: the thread's streams end, their clients reconnect and catch up.
          for (const stream of this.streams.get(threadId) ?? []) if (stream.ready) stream.res.destroy();
        });
      }
      this.#pumps.delete(threadId);
    })();
  }

  /** @param {string} threadId */
  async #pump(threadId) {
    const ready = [...(this.streams.get(threadId) ?? [])].filter((stream) => stream.ready);
    if (!ready.length) return;
    let from = Math.min(...ready.map((stream) => stream.sent));
    for (;;) {
      const logged = await this.store.changesAfter(threadId, from, PUMP_BATCH);
      for (const change of logged) {
        const targets = ready.filter((stream) => stream.sent < change.event_id);
        if (!targets.length) continue;
        const row = change.type === 'removed' ? undefined : await this.store.comment(change.comment_id);
        const recordFor = row ? await this.store.recordForAnyone(row) : null;
        // Serialised once for every stream that sees what anyone sees; again only for the
        // comment's author and its reaction givers (`viewerIsAuthor`, `mine`).
        const shared =
          change.type === 'removed'
            ? eventBytes(change.event_id, 'change', { type: change.type, id: change.comment_id })
            : recordFor && eventBytes(change.event_id, 'change', { type: change.type, comment: recordFor(null) });
        for (const stream of targets) {
          stream.sent = change.event_id;
          if (!shared) continue;
          if (change.type === 'removed') writeBytes(stream.res, shared);
          else if (row && recordFor && visibleTo(row, stream.session)) {
            const own = stream.session !== null && recordFor.personal.has(stream.session);
            writeBytes(stream.res, own ? eventBytes(change.event_id, 'change', { type: change.type, comment: recordFor(stream.session) }) : shared);
          }
        }
      }
      if (logged.length < PUMP_BATCH) return;
      from = /** @type {import('../store/index.mjs').ChangeRow} */ (logged.at(-1)).event_id;
    }
  }

  /**
   * Opens a stream: registered at once, then the catch-up and `ready`; from then on the pump feeds it.
   * @param {string} threadId @param {Stream['session']} session @param {import('node:http').ServerResponse} res
   * @param {number | null} after @param {number} limit
   */
  open(threadId, session, res, after, limit) {
    /** @type {Stream} */
    const stream = { session, res, ready: false, sent: 0 };
    let set = this.streams.get(threadId);
    if (!set) this.streams.set(threadId, (set = new Set()));
    set.add(stream);
    (async () => {
      const newest = await this.store.lastEventId();
      if (after !== null) {
        const missed = (await this.store.changesAfter(threadId, after, limit + 1)).filter((logged) => logged.event_id <= newest);
        if (missed.length > limit) {
          // Too much to replay: the reader loads the thread again and follows on from here.
          writeEvent(res, newest, 'reload', {});
        } else {
          // The comments of the missed changes in one query, their records (reactions) in one more.
          const rows = (await this.store.comments(missed.filter((logged) => logged.type !== 'removed').map((logged) => logged.comment_id))).filter((row) =>
            visibleTo(row, session),
          );
          const records = new Map((await this.store.toRecords(rows, session)).map((record) => [record.id, record]));
          for (const logged of missed) {
            if (logged.type === 'removed') writeEvent(res, logged.event_id, 'change', { type: logged.type, id: logged.comment_id });
            else if (records.has(logged.comment_id)) writeEvent(res, logged.event_id, 'change', { type: logged.type, comment: records.get(logged.comment_id) });
          }
        }
      }
      // `ready` carries the newest event id, so a later reconnect catches up from here.
      stream.sent = newest;
      stream.ready = true;
      writeEvent(res, newest, 'ready', {});
      // What was committed during the catch-up.
      this.changed(threadId);
    })().catch(() => res.destroy()); // a failed read: the client reconnects and catches up
    return () => {
      set.delete(stream);
      if (!set.size && this.streams.get(threadId) === set) this.streams.delete(threadId);
    };
  }

  /** How many streams are open. */
  get size() {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /**
   * Ends every open stream. With `reconnectMs` (shutting down), each is first told to reconnect
   * after about that long (`retry:` and a `reconnect` event, spread at random so that not every
   * reader comes back at once): another instance, or this one restarted, catches it up.
   * @param {{ reconnectMs?: number }} [options] @returns {number} how many
   */
  endAll({ reconnectMs } = {}) {
    let ended = 0;
    for (const set of this.streams.values()) {
      for (const stream of set) {
        if (reconnectMs !== undefined && !stream.res.writableEnded && !stream.res.destroyed) {
          const after = Math.round(reconnectMs * (0.5 + Math.random()));
          stream.res.write(`retry: ${after}\nevent: reconnect\ndata: ${JSON.stringify({ retryMs: after })}\n\n`);
        }
        stream.res.end();
        ended++;
      }
    }
    return ended;
  }

  /** Stops hearing other instances. */
  async stop() {
    await this.#unlisten?.();
    this.#unlisten = null;
  }
}

/** One event as the bytes sent. @param {number} id @param {string} event @param {unknown} data */
function eventBytes(id, event, data) {
  return Buffer.from(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** @param {import('node:http').ServerResponse} res @param {Buffer} bytes */
function writeBytes(res, bytes) {
  if (res.writableEnded || res.destroyed) return; // a write still queued when the stream ended
  res.write(bytes);
}

/** @param {import('node:http').ServerResponse} res @param {number} id @param {string} event @param {unknown} data */
function writeEvent(res, id, event, data) {
  writeBytes(res, eventBytes(id, event, data));
}

/**
 * The stream's route.
 * @param {import('fastify').FastifyInstance} app
 * @param {{ live: LiveHub, sessions: import('./session.mjs').Sessions, catchUpLimit: number }} options
 */
export default async function liveRoutes(app, { live, sessions, catchUpLimit }) {
  app.get('/threads/:threadId/events', async (request, reply) => {
    const thread = checkThreadId(/** @type {{ threadId?: string }} */ (request.params).threadId);
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
    // The stream's owner key decides `viewerIsAuthor` and `mine` in every change it sends, for as
    // long as it stays open. A first-time guest has none yet: an author token (a cookie, no
    // session, nothing stored) comes with the stream, so their first post or reaction (which
    // sends it back) is theirs to this stream too, and its echo stays theirs.
    let { owner } = await sessions.viewer(request);
    const cookie = owner ? null : sessions.authorCookie((owner = sessions.freshToken()));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      .../** @type {Record<string, string>} */ (reply.getHeaders()), // CORS
      ...(cookie ? { 'set-cookie': cookie } : {}),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Reconnect after a second when the connection drops.
    res.write('retry: 1000\n\n');
    const close = live.open(thread.value, owner, res, after, catchUpLimit);
    const ping = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(': ping\n\n');
    }, 15_000);
    res.on('close', () => {
      clearInterval(ping);
      close();
    });
  });
}
