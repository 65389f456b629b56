// The live stream: GET /threads/{threadId}/events, Server-Sent Events of a thread's changes.
// Each stream sees changes as its own session may (`viewerIsAuthor`, `mine`, held comments
// only its own); a reconnecting stream first replays what it missed, or says `reload` when that
// is more than the catch-up limit.
import { checkThreadId, invalid } from '../validate.mjs';
import { fail } from '../errors.mjs';

/** The most changes a reconnecting stream replays; past it the stream sends `reload` instead. */
export const CATCH_UP_LIMIT = 5000;

/**
 * Whether a reader may see a comment at all: a held one only by its author's session.
 * @param {import('../store/index.mjs').CommentRow} row @param {string | null | undefined} session
 */
export function visibleTo(row, session) {
  return row.status !== 'pending' || (Boolean(session) && row.session_id === session);
}

/**
 * @typedef {object} Stream
 * @property {string | null} session
 * @property {import('node:http').ServerResponse} res
 * @property {Promise<void>} chain what is written, in order: the catch-up, then each change
 * @property {number} readyId changes up to this id were covered before `ready`
 */

/** The open streams of every thread and what is sent to them. */
export class LiveHub {
  /** @type {Map<string, Set<Stream>>} */
  streams = new Map();

  /** @param {import('../store/index.mjs').Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * The CommentChange for a logged change as this session may see it, or null: its comment is
   * gone since (a removal follows), or it is held and not this session's.
   * @param {string} type @param {string} commentId @param {string | null} session
   */
  async changeFor(type, commentId, session) {
    if (type === 'removed') return { type, id: commentId };
    const row = await this.store.comment(commentId);
    if (!row || !visibleTo(row, session)) return null;
    return { type, comment: await this.store.toRecord(row, session) };
  }

  /**
   * Sends one change to every stream of the thread, each as its session may see it, in order.
   * @param {string} threadId @param {number} eventId @param {string} type @param {string} commentId
   */
  broadcast(threadId, eventId, type, commentId) {
    for (const stream of this.streams.get(threadId) ?? []) {
      this.#enqueue(stream, async () => {
        if (eventId <= stream.readyId) return; // covered by its catch-up already
        const change = await this.changeFor(type, commentId, stream.session);
        if (change) writeEvent(stream.res, eventId, 'change', change);
      });
    }
  }

  /** @param {Stream} stream @param {() => Promise<void>} task */
  #enqueue(stream, task) {
    stream.chain = stream.chain.then(task).catch(() => {
      stream.res.destroy(); // a failed read: the client reconnects and catches up
    });
  }

  /**
   * Opens a stream: registered at once (so no change is lost), then the catch-up and `ready`.
   * @param {string} threadId @param {Stream['session']} session @param {import('node:http').ServerResponse} res
   * @param {number | null} after @param {number} limit
   */
  open(threadId, session, res, after, limit) {
    /** @type {Stream} */
    const stream = { session, res, chain: Promise.resolve(), readyId: Number.MAX_SAFE_INTEGER };
    let set = this.streams.get(threadId);
    if (!set) this.streams.set(threadId, (set = new Set()));
    set.add(stream);
    this.#enqueue(stream, async () => {
      const newest = await this.store.lastEventId();
      if (after !== null) {
        const missed = (await this.store.changesAfter(threadId, after, limit + 1)).filter((logged) => logged.event_id <= newest);
        if (missed.length > limit) {
          // Too much to replay: the reader loads the thread again and follows on from here.
          writeEvent(res, newest, 'reload', {});
        } else {
          for (const logged of missed) {
            const change = await this.changeFor(logged.type, logged.comment_id, session);
            if (change) writeEvent(res, logged.event_id, 'change', change);
          }
        }
      }
      // `ready` carries the newest event id, so a later reconnect catches up from here.
      stream.readyId = newest;
      writeEvent(res, newest, 'ready', {});
    });
    return () => {
      set.delete(stream);
      if (!set.size && this.streams.get(threadId) === set) this.streams.delete(threadId);
    };
  }

  /** Ends every open stream (their clients reconnect). @returns {number} how many */
  endAll() {
    let ended = 0;
    for (const set of this.streams.values()) for (const stream of set) (stream.res.end(), ended++);
    return ended;
  }
}

/** @param {import('node:http').ServerResponse} res @param {number} id @param {string} event @param {unknown} data */
function writeEvent(res, id, event, data) {
  if (res.writableEnded || res.destroyed) return; // a write still queued when the stream ended
  res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
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
    // The stream's session decides `viewerIsAuthor` and `mine` in every change it sends, for as
    // long as it stays open. A first-time reader has no session yet: create it here, so their
    // first post or reaction (which sends this cookie back) belongs to the session this stream
    // already has, and its echo stays theirs.
    const { session, cookie } = await sessions.open(request);
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
    const close = live.open(thread.value, session.id, res, after, catchUpLimit);
    const ping = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(': ping\n\n');
    }, 15_000);
    res.on('close', () => {
      clearInterval(ping);
      close();
    });
  });
}
