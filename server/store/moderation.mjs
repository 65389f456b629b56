// The moderators' half of the store (server/plugins/moderation.mjs uses it): the queue (held,
// reported, spam), actions with one step of Undo, thread settings and the moderation channel of
// the change log; bans are in bans.mjs, the audit log and the erasure of addresses and emails
// after RETENTION_DAYS in moderation-log.mjs, the tables in moderation-schema.mjs. Written once over SQLite and PostgreSQL with kysely; every change that touches
// more than one row is one transaction, and readers' and moderators' live changes are logged in
// the same transaction as the change itself.
import { sql } from 'kysely';
import { findComment, logChange, readThread, writeThread } from './comments.mjs';
import { isHeld } from './records.mjs';
import { activeBans, ban, banFor, bans, hashEmail, unban } from './bans.mjs';
import { audit, decode, encode, eraseOld, readLog } from './moderation-log.mjs';

/** @typedef {import('./engine.mjs').Engine} Engine */
/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('./records.mjs').CommentRow} CommentRow */
/** @typedef {import('../../src/types.js').ModerationAction} ModerationAction */
/** @typedef {import('../../src/types.js').ModerationQueue} ModerationQueue */
/** @typedef {import('../../src/types.js').Ban} Ban */

/**
 * The notification channel of the moderation queue: a "thread id" no reader can name (thread ids
 * never hold control characters). The queue's changes have a log of their own
 * (`moderation_changes`), so the readers' event ids never reveal that something was held.
 */
export const QUEUE_CHANNEL = '\u0001moderation-queue';

/**
 * Appends to the moderation queue's change log and tells every instance (as `logChange` does for
 * threads; the same lock orders both logs' ids by commit).
 * @param {Engine} engine @param {Executor} trx @param {string} commentId @param {'added' | 'updated' | 'removed'} type
 * @returns {Promise<number>} the event id
 */
export async function logQueueChange(engine, trx, commentId, type) {
  await engine.lockChangeLog(trx);
  const logged = await trx.insertInto('moderation_changes').values({ type, comment_id: commentId }).returning('event_id').executeTakeFirstOrThrow();
  await engine.notifyChange(trx, QUEUE_CHANNEL, Number(logged.event_id));
  return Number(logged.event_id);
}

/** The queues, in the order the contract names them. */
export const QUEUES = /** @type {const} */ (['held', 'reported', 'spam']);

/** Characters of a parent comment shown in a queue item. */
const EXCERPT = 140;
/** Rows asked about in one `IN (…)`. */
const CHUNK = 500;

/**
 * The queue a comment is in: `held`, `spam`, `reported` (shown, with reports since a moderator
 * last approved it), or null.
 * @param {CommentRow & { reports_cleared_at?: string | null }} row @param {number} liveReports
 * @returns {ModerationQueue | null}
 */
export function queueOf(row, liveReports) {
  if (row.status === 'pending') return 'held';
  if (row.status === 'spam') return 'spam';
  if (row.status === 'approved' && liveReports > 0) return 'reported';
  return null;
}

/** What each action sets. @type {Record<Exclude<ModerationAction, 'restore'>, string>} */
const STATUS_FOR = { approve: 'approved', hold: 'pending', spam: 'spam', delete: 'trash' };

export class ModerationStore {
  /** @type {Engine} */
  #engine;

  /** @param {Engine} engine */
  constructor(engine) {
    this.#engine = engine;
  }

  /** @param {Executor} db @param {string} id @returns {Promise<CommentRow & Record<string, any> | undefined>} */
  #row(db, id) {
    return /** @type {any} */ (findComment(db, id));
  }

  /**
   * Live reports per comment (made after its reports were last cleared), by reason.
   * @param {Executor} db @param {CommentRow[]} rows
   * @returns {Promise<Map<string, { reason: string, count: number }[]>>}
   */
  async #reports(db, rows) {
    /** @type {Map<string, { reason: string, count: number }[]>} */
    const byComment = new Map();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const found = await db
        .selectFrom('reports')
        .innerJoin('comments', 'comments.id', 'reports.comment_id')
        .select(['reports.comment_id as id', 'reports.reason as reason', sql`count(*)`.as('n')])
        .where('reports.comment_id', 'in', rows.slice(i, i + CHUNK).map((row) => row.id))
        .where(sql`reports.created_at > coalesce(comments.reports_cleared_at, '')`)
        .groupBy(['reports.comment_id', 'reports.reason'])
        .execute();
      for (const { id, reason, n } of found) {
        const list = byComment.get(id) ?? [];
        list.push({ reason, count: Number(n) });
        byComment.set(id, list);
      }
    }
    for (const list of byComment.values()) list.sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
    return byComment;
  }

  /**
   * The items of `rows` as moderators see them: the reader's record (from `toRecords`) plus the
   * queue and the moderator-only details.
   * @param {Executor} db @param {(CommentRow & Record<string, any>)[]} rows
   * @param {(rows: CommentRow[]) => Promise<import('../../src/types.js').CommentRecord[]>} toRecords
   * @returns {Promise<import('../../src/types.js').ModerationItem[]>}
   */
  async items(db, rows, toRecords) {
    if (!rows.length) return [];
    const reports = await this.#reports(db, rows);
    const parentIds = [...new Set(rows.map((row) => row.parent_id).filter((id) => id !== null))];
    const parents = new Map();
    for (let i = 0; i < parentIds.length; i += CHUNK) {
      const found = await db.selectFrom('comments').select(['id', 'author_name', 'body']).where('id', 'in', parentIds.slice(i, i + CHUNK)).execute();
      for (const parent of found) parents.set(parent.id, parent);
    }
    const threadIds = [...new Set(rows.map((row) => row.thread_id))];
    const threads = new Map();
    for (let i = 0; i < threadIds.length; i += CHUNK) {
      for (const thread of await db.selectFrom('threads').select(['id', 'title', 'url']).where('id', 'in', threadIds.slice(i, i + CHUNK)).execute()) {
        threads.set(thread.id, thread);
      }
    }
    const bans = await activeBans(db, Date.now());
    const records = await toRecords(rows);
    return rows.map((row, index) => {
      const list = reports.get(row.id) ?? [];
      const reportCount = list.reduce((sum, entry) => sum + entry.count, 0);
      const parent = row.parent_id ? parents.get(row.parent_id) : undefined;
      const thread = threads.get(row.thread_id);
      const emailHash = row.author_email ? hashEmail(row.author_email) : null;
      const ban = bans.find(
        (candidate) =>
          (candidate.identity && candidate.identity === row.author_identity) ||
          (candidate.email_hash && candidate.email_hash === emailHash) ||
          (candidate.address && candidate.address === row.author_address),
      );
      const record = records[index];
      // The record as moderators see it: the status the comment has for readers (a held one is
      // `pending`; spam and moderator-deleted ones read as pending too, the queue says which).
      delete record.viewerIsAuthor;
      return {
        ...record,
        queue: queueOf(row, reportCount),
        moderation: {
          thread: { id: row.thread_id, ...(thread?.title ? { title: thread.title } : {}), ...(thread?.url ? { url: thread.url } : {}) },
          ...(parent ? { inReplyTo: { id: parent.id, authorName: parent.author_name, excerpt: Array.from(parent.body).slice(0, EXCERPT).join('') } } : {}),
          ...(row.author_email ? { email: row.author_email } : {}),
          ...(row.author_address ? { address: row.author_address } : {}),
          ...(row.author_identity ? { identity: row.author_identity } : {}),
          ...(reportCount ? { reports: list, reportCount } : {}),
          ...(ban ? { banId: ban.id } : {}),
        },
      };
    });
  }

  /**
   * One page of the queue, newest first (by time posted, then insertion order).
   * @param {{ queues?: ModerationQueue[], threadId?: string, cursor?: string | null, limit: number }} options
   * @returns {Promise<{ rows: (CommentRow & Record<string, any>)[], total: number, nextCursor: string | null } | { badCursor: true }>}
   */
  async queue({ queues = [...QUEUES], threadId, cursor, limit }) {
    const after = decode(cursor);
    if (after === undefined || (after !== null && !(typeof after.t === 'string' && Number.isSafeInteger(after.s)))) return { badCursor: true };
    const wanted = new Set(queues);
    /** @param {import('kysely').ExpressionBuilder<any, 'comments'>} eb */
    const inQueue = (eb) => {
      const live = sql`exists (select 1 from reports r where r.comment_id = comments.id and r.created_at > coalesce(comments.reports_cleared_at, ''))`;
      const parts = [];
      if (wanted.has('held')) parts.push(eb('status', '=', 'pending'));
      if (wanted.has('spam')) parts.push(eb('status', '=', 'spam'));
      if (wanted.has('reported')) parts.push(eb.and([eb('status', '=', 'approved'), live]));
      return parts.length ? eb.or(parts) : sql`1 = 0`;
    };
    return this.#engine.snapshot(async (trx) => {
      /** @param {any} query */
      const scoped = (query) => (threadId === undefined ? query : query.where('thread_id', '=', threadId)).where(inQueue);
      let query = scoped(trx.selectFrom('comments').selectAll());
      if (after) query = query.where((/** @type {any} */ eb) => eb.or([eb('created_at', '<', after.t), eb.and([eb('created_at', '=', after.t), eb('seq', '<', after.s)])]));
      const rows = await query.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(limit + 1).execute();
      const counted = await scoped(trx.selectFrom('comments').select(sql`count(*)`.as('n'))).executeTakeFirstOrThrow();
      const more = rows.length > limit;
      const kept = more ? rows.slice(0, limit) : rows;
      const last = kept.at(-1);
      return { rows: kept, total: Number(counted.n), nextCursor: more && last ? encode({ t: last.created_at, s: Number(last.seq) }) : null };
    });
  }

  /**
   * A comment's row with the moderation columns. @param {string} id
   * @returns {Promise<(CommentRow & Record<string, any>) | undefined>}
   */
  comment(id) {
    return this.#row(this.#engine.db, id);
  }

  /** The items of rows, read outside a transaction. @param {(CommentRow & Record<string, any>)[]} rows @param {Parameters<ModerationStore['items']>[2]} toRecords */
  itemsOf(rows, toRecords) {
    return this.items(this.#engine.db, rows, toRecords);
  }

  /**
   * Acts on a comment: the new status (or the one before the last action, for `restore`), the
   * readers' change (`added` when it became visible, `removed` when it stopped being), the
   * queue's change and the audit entry, in one transaction. Approving also clears the comment's
   * reports. A comment its author deleted (a placeholder) is not acted on.
   * @param {string} id @param {ModerationAction} action @param {string} actor
   * @returns {Promise<{ row: CommentRow & Record<string, any>, threadId: string, eventIds: number[] } | { missing: true } | { placeholder: true }>}
   */
  act(id, action, actor) {
    return this.#engine.write(async (trx) => {
      await this.#engine.lockName(trx, `moderate:${id}`);
      const row = await this.#row(trx, id);
      if (!row) return { missing: /** @type {const} */ (true) };
      if (row.status === 'deleted') return { placeholder: /** @type {const} */ (true) };
      const now = new Date().toISOString();
      const before = { status: row.status, reportsClearedAt: row.reports_cleared_at ?? null };
      const queueBefore = queueOf(row, await this.#liveReportCount(trx, row));
      /** @type {{ status: string, reportsClearedAt: string | null }} */
      let next;
      let prior = /** @type {string | null} */ (JSON.stringify(before));
      if (action === 'restore') {
        const saved = row.moderation_prior ? JSON.parse(row.moderation_prior) : null;
        next = saved ?? before;
        prior = null;
      } else {
        next = { status: STATUS_FOR[action], reportsClearedAt: action === 'approve' ? now : before.reportsClearedAt };
      }
      await trx
        .updateTable('comments')
        .set({ status: next.status, reports_cleared_at: next.reportsClearedAt, moderation_prior: prior })
        .where('id', '=', id)
        .execute();
      const after = /** @type {CommentRow & Record<string, any>} */ (await this.#row(trx, id));
      const queueAfter = queueOf(after, await this.#liveReportCount(trx, after));
      await audit(trx, { at: now, actor, action, commentId: id, threadId: row.thread_id, detail: { from: before.status, to: next.status } });
      /** @type {number[]} */
      const eventIds = [];
      const wasShown = !isHeld(before.status);
      const shown = !isHeld(next.status);
      if (shown !== wasShown) eventIds.push(await logChange(this.#engine, trx, row.thread_id, shown ? 'added' : 'removed', id));
      if (queueBefore || queueAfter) await this.#logQueue(trx, id, !queueAfter ? 'removed' : queueBefore ? 'updated' : 'added');
      return { row: after, threadId: row.thread_id, eventIds };
    });
  }

  /** @param {Executor} db @param {CommentRow & Record<string, any>} row */
  async #liveReportCount(db, row) {
    const found = await db
      .selectFrom('reports')
      .select(sql`count(*)`.as('n'))
      .where('comment_id', '=', row.id)
      .where('created_at', '>', row.reports_cleared_at ?? '')
      .executeTakeFirstOrThrow();
    return Number(found.n);
  }

  /**
   * Logs a change of the moderation queue (call as a transaction's last writes).
   * @param {Executor} trx @param {string} commentId @param {'added' | 'updated' | 'removed'} type
   */
  #logQueue(trx, commentId, type) {
    return logQueueChange(this.#engine, trx, commentId, type);
  }

  /** The queue log's newest event id: where a moderator stream that starts now begins. @returns {Promise<number>} */
  async lastEventId() {
    const row = await this.#engine.db.selectFrom('moderation_changes').select(sql`coalesce(max(event_id), 0)`.as('id')).executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /**
   * The queue's changes after `eventId`, oldest first, at most `limit`.
   * @param {number} eventId @param {number} limit @returns {Promise<{ event_id: number, type: string, comment_id: string }[]>}
   */
  async changesAfter(eventId, limit) {
    const rows = await this.#engine.db.selectFrom('moderation_changes').selectAll().where('event_id', '>', eventId).orderBy('event_id', 'asc').limit(limit).execute();
    return rows.map((row) => ({ event_id: Number(row.event_id), type: row.type, comment_id: row.comment_id }));
  }

  /**
   * A reader's report, stored with its queue change in one transaction.
   * @param {string} id @param {string} reason @param {string | null} session
   */
  report(id, reason, session) {
    return this.#engine.write(async (trx) => {
      await trx.insertInto('reports').values({ comment_id: id, reason, session_id: session, created_at: new Date().toISOString() }).execute();
      await this.#logQueue(trx, id, 'added');
    });
  }

  /**
   * Changes a thread's settings (closed, sign-in required, edit window; `editWindow: null`
   * removes the limit) and writes the audit entry.
   * @param {string} threadId @param {{ closed?: boolean, requiresSignIn?: boolean, editWindow?: number | null }} settings @param {string} actor
   */
  setThreadSettings(threadId, settings, actor) {
    return this.#engine.write(async (trx) => {
      /** @type {Record<string, unknown>} */
      const info = {};
      if (settings.closed !== undefined) info.closed = settings.closed;
      if (settings.requiresSignIn !== undefined) info.requiresSignIn = settings.requiresSignIn;
      if (settings.editWindow !== undefined) info.editWindow = settings.editWindow ?? undefined;
      await writeThread(trx, threadId, /** @type {any} */ (info));
      await audit(trx, { at: new Date().toISOString(), actor, action: 'thread-settings', threadId, detail: settings });
      return readThread(trx, threadId);
    });
  }

  /**
   * A thread's title, page and first sighting. @param {string} threadId
   * @returns {Promise<{ title: string | null, url: string | null, createdAt: string | null }>}
   */
  async threadSource(threadId) {
    const row = await this.#engine.db.selectFrom('threads').select(['title', 'url', 'created_at']).where('id', '=', threadId).executeTakeFirst();
    return { title: row?.title ?? null, url: row?.url ?? null, createdAt: row?.created_at ?? null };
  }

  /**
   * Remembers the page a thread was first shown on and when (kept once set).
   * @param {string} threadId @param {string | null} url @param {string} at
   */
  async sawThread(threadId, url, at) {
    await this.#engine.write(async (trx) => {
      const row = await trx.selectFrom('threads').select(['url', 'created_at']).where('id', '=', threadId).executeTakeFirst();
      if (!row) {
        await writeThread(trx, threadId, {});
        await trx.updateTable('threads').set({ url, created_at: at }).where('id', '=', threadId).execute();
        return;
      }
      /** @type {Record<string, string>} */
      const set = {};
      if (!row.url && url) set.url = url;
      if (!row.created_at) set.created_at = at;
      if (Object.keys(set).length) await trx.updateTable('threads').set(set).where('id', '=', threadId).execute();
    });
  }

  /** When the thread's first comment was posted, if it has one. @param {string} threadId @returns {Promise<string | null>} */
  async firstCommentAt(threadId) {
    const row = await this.#engine.db.selectFrom('comments').select(sql`min(created_at)`.as('at')).where('thread_id', '=', threadId).executeTakeFirst();
    return /** @type {string | null} */ (row?.at ?? null);
  }

  /**
   * Whether a guest of this name and email already has an approved comment (MODERATION=first,
   * WordPress's rule). Emails compare without case.
   * @param {string} name @param {string | undefined} email
   */
  async guestApproved(name, email) {
    if (!email) return false;
    const row = await this.#engine.db
      .selectFrom('comments')
      .select('seq')
      .where('status', '=', 'approved')
      .where('author_name', '=', name)
      .where(sql`lower(author_email)`, '=', email.trim().toLowerCase())
      .limit(1)
      .executeTakeFirst();
    return Boolean(row);
  }

  /**
   * Bans an author (bans.mjs). @param {Parameters<typeof ban>[1]} request @param {string} actor
   */
  ban(request, actor) {
    return ban(this.#engine, request, actor);
  }

  /** Lifts a ban; false when there is none by that id. @param {string} banId @param {string} actor */
  unban(banId, actor) {
    return unban(this.#engine, banId, actor);
  }

  /** The bans in force, newest first. */
  bans() {
    return bans(this.#engine.db);
  }

  /** The ban in force that covers an author, if any. @param {Parameters<typeof banFor>[1]} who */
  banFor(who) {
    return banFor(this.#engine.db, who);
  }

  /** The audit log, newest first (moderation-log.mjs). @param {Parameters<typeof readLog>[1]} options */
  log(options) {
    return readLog(this.#engine.db, options);
  }

  /**
   * Erases old addresses and emails (RETENTION_DAYS; moderation-log.mjs).
   * @param {number} now ms since the epoch @param {number} days
   */
  eraseOld(now, days) {
    return eraseOld(this.#engine, now, days);
  }
}
