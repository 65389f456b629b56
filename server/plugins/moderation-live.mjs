// The moderators' live stream: GET /moderation/events, Server-Sent Events of the moderation
// queue's changes (`change` events carrying the contract's ModerationChange). Fed, as the
// readers' streams are (./live.mjs), from a change log — the queue's own (`moderation_changes`,
// notified on QUEUE_CHANNEL in server/store/moderation.mjs) — so every instance's changes reach
// every moderator once; a reconnecting stream (Last-Event-ID) catches up from the log.
import { QUEUE_CHANNEL } from '../store/moderation.mjs';

/**
 * @typedef {object} ModeratorStream
 * @property {import('node:http').ServerResponse} res
 * @property {string | null} threadId only this thread's comments
 * @property {number} sent the newest event id this stream was sent
 * @property {boolean} ready
 * @property {(rows: import('../store/records.mjs').CommentRow[]) => Promise<import('../../src/types.js').ModerationItem[]>} toItems
 */

const BATCH = 200;

export class ModerationHub {
  /** @type {Set<ModeratorStream>} */
  streams = new Set();
  #pumping = false;
  #again = false;
  /** @type {(() => Promise<void>) | null} */
  #unlisten = null;

  /** @param {import('../store/index.mjs').Store} store */
  constructor(store) {
    this.store = store;
  }

  /** Hears other instances' queue changes (PostgreSQL). */
  async start() {
    this.#unlisten = await this.store.listen(
      (threadId) => {
        if (threadId === QUEUE_CHANNEL) this.changed();
      },
      () => this.changed(),
    );
  }

  async stop() {
    await this.#unlisten?.();
    this.#unlisten = null;
  }

  /** The queue's log may have grown: send every ready stream what it has not had. */
  changed() {
    if (!this.streams.size) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    (async () => {
      do {
        this.#again = false;
        await this.#pump().catch(() => {
          for (const stream of this.streams) if (stream.ready) stream.res.destroy();
        });
      } while (this.#again);
      this.#pumping = false;
    })();
  }

  async #pump() {
    const ready = [...this.streams].filter((stream) => stream.ready);
    if (!ready.length) return;
    let from = Math.min(...ready.map((stream) => stream.sent));
    for (;;) {
      const logged = await this.store.moderation.changesAfter(from, BATCH);
      for (const change of logged) {
        const targets = ready.filter((stream) => stream.sent < change.event_id);
        if (!targets.length) continue;
        const row = await this.store.moderation.comment(change.comment_id);
        const item = row ? (await targets[0].toItems([row]))[0] : null;
        for (const stream of targets) {
          stream.sent = change.event_id;
          if (row && stream.threadId !== null && row.thread_id !== stream.threadId) continue;
          const message = item && item.queue && change.type !== 'removed' ? { type: change.type, item } : { type: 'removed', id: change.comment_id };
          write(stream.res, change.event_id, 'change', message);
        }
      }
      if (logged.length < BATCH) return;
      from = /** @type {{ event_id: number }} */ (logged.at(-1)).event_id;
    }
  }

  /**
   * Opens a moderator's stream on a hijacked reply.
   * @param {import('fastify').FastifyReply} reply
   * @param {{ threadId: string | null, after: number | null, toItems: ModeratorStream['toItems'] }} options
   */
  open(reply, { threadId, after, toItems }) {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      .../** @type {Record<string, string>} */ (reply.getHeaders()),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    /** @type {ModeratorStream} */
    const stream = { res, threadId, sent: 0, ready: false, toItems };
    this.streams.add(stream);
    const ping = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(': ping\n\n');
    }, 15_000);
    res.on('close', () => {
      clearInterval(ping);
      this.streams.delete(stream);
    });
    (async () => {
      const newest = await this.store.moderation.lastEventId();
      // A reconnect catches up from its last id (the pump sends what came after it).
      stream.sent = after !== null && after <= newest ? after : newest;
      stream.ready = true;
      write(res, stream.sent, 'ready', {});
      this.changed();
    })().catch(() => res.destroy());
  }

  /** Ends every open stream (shutting down). */
  endAll() {
    for (const stream of this.streams) stream.res.end();
    this.streams.clear();
  }
}

/** @param {import('node:http').ServerResponse} res @param {number} id @param {string} event @param {unknown} data */
function write(res, id, event, data) {
  if (res.writableEnded || res.destroyed) return;
  res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
