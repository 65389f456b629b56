// What readers read: a page of a thread in conversation order, the change log after an event,
// and rows as the records a session sees (with reactions). Functions over a kysely executor; the
// Store (index.mjs) exposes them as methods.
import { sql } from 'kysely';
import { reactionCounts } from './comments.mjs';
import { HELD_STATUSES, byCodePoint, rowToRecord } from './records.mjs';

/** @typedef {import('../../src/types.js').CommentRecord} CommentRecord */
/** @typedef {import('./records.mjs').CommentRow} CommentRow */
/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('./engine.mjs').Engine} Engine */
/** @typedef {{ event_id: number, thread_id: string, type: string, comment_id: string }} ChangeRow */

/** The newest change's event id (0 when none). @param {Executor} db @returns {Promise<number>} */
export async function lastEventId(db) {
  const row = await db.selectFrom('changes').select(sql`coalesce(max(event_id), 0)`.as('id')).executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * One page in conversation order (see `Store.page`), read in one snapshot so the rows, the count
 * and the event id agree.
 * @param {Engine} engine
 * @param {{ threadId: string, order: 'oldest' | 'newest', limit: number, after: { root: number, seq: number } | null, session: string | null }} request
 * @returns {Promise<{ rows: CommentRow[], total: number, next: { root: number, seq: number } | null, lastEventId: number }>}
 */
export function readPage(engine, { threadId, order, limit, after, session }) {
  const start = after ?? { root: order === 'oldest' ? -1 : Number.MAX_SAFE_INTEGER, seq: -1 };
  /** @param {import('kysely').ExpressionBuilder<any, 'comments'>} eb */
  const visible = (eb) =>
    eb.and([
      eb('thread_id', '=', threadId),
      eb.or([eb('status', 'not in', [...HELD_STATUSES]), eb.and([eb('session_id', 'is not', null), eb('session_id', '=', session)])]),
    ]);
  return engine.snapshot(async (trx) => {
    let query = trx
      .selectFrom('comments')
      .selectAll()
      .where(visible)
      .where((eb) =>
        // Oldest first: one row-value comparison, which both engines answer as a range of the
        // (thread_id, root_seq, seq) index. Newest first orders the two columns both ways.
        order === 'oldest'
          ? eb(eb.refTuple('root_seq', 'seq'), '>', eb.tuple(start.root, start.seq))
          : eb.or([eb('root_seq', '<', start.root), eb.and([eb('root_seq', '=', start.root), eb('seq', '>', start.seq)])]),
      );
    query = query.orderBy('root_seq', order === 'oldest' ? 'asc' : 'desc').orderBy('seq', 'asc').limit(limit + 1);
    const rows = /** @type {CommentRow[]} */ (await query.execute());
    const counted = await trx.selectFrom('comments').select(sql`count(*)`.as('n')).where(visible).executeTakeFirstOrThrow();
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    const last = kept.at(-1);
    return {
      rows: kept,
      total: Number(counted.n),
      next: more && last ? { root: last.root_seq, seq: last.seq } : null,
      lastEventId: await lastEventId(trx),
    };
  });
}

/**
 * Changes of a thread after `eventId`, oldest first, at most `limit`.
 * @param {Executor} db @param {string} threadId @param {number} eventId @param {number} limit
 * @returns {Promise<ChangeRow[]>}
 */
export async function changesAfter(db, threadId, eventId, limit) {
  const rows = await db
    .selectFrom('changes')
    .selectAll()
    .where('thread_id', '=', threadId)
    .where('event_id', '>', eventId)
    .orderBy('event_id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => /** @type {ChangeRow} */ ({ ...row, event_id: Number(row.event_id) }));
}

/** The comments of `ids` that exist, in one query per 500. @param {Executor} db @param {string[]} ids @returns {Promise<CommentRow[]>} */
export async function commentsById(db, ids) {
  /** @type {CommentRow[]} */
  const rows = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    rows.push(.../** @type {CommentRow[]} */ (await db.selectFrom('comments').selectAll().where('id', 'in', unique.slice(i, i + 500)).execute()));
  }
  return rows;
}

/**
 * Rows as the records `session` sees: `viewerIsAuthor` and each reaction's `mine`, with one query
 * for their reactions.
 * @param {Executor} db @param {CommentRow[]} rows @param {string | null} session @returns {Promise<CommentRecord[]>}
 */
export async function toRecords(db, rows, session) {
  const counts = await reactionCounts(db, rows.map((row) => row.id), session);
  return rows.map((row) => {
    const record = rowToRecord(row, session);
    const list = counts.get(row.id);
    if (list) {
      record.reactions = {};
      for (const { reaction, n, mine } of list.sort((a, b) => byCodePoint(a.reaction, b.reaction))) {
        record.reactions[reaction] = mine ? { count: n, mine: true } : { count: n };
      }
    }
    return record;
  });
}

/**
 * The record of one row for any session: one query for its reactions and who gave them, then a
 * function that answers the record as `session` sees it. The function's `personal` lists the
 * owner keys whose record differs from `answer(null)` (its author's, for `viewerIsAuthor`, and
 * each reaction giver's, for `mine`): everyone else gets the same record, serialised once.
 * @param {Executor} db @param {CommentRow} row
 * @returns {Promise<((session: string | null) => CommentRecord) & { personal: Set<string> }>}
 */
export async function recordForAnyone(db, row) {
  const given = await db.selectFrom('reactions').select(['reaction', 'session_id']).where('comment_id', '=', row.id).execute();
  /** @type {Map<string, Set<string>>} */
  const by = new Map();
  for (const { reaction, session_id } of given) {
    if (!by.has(reaction)) by.set(reaction, new Set());
    /** @type {Set<string>} */ (by.get(reaction)).add(session_id);
  }
  const names = [...by.keys()].sort(byCodePoint);
  /** @param {string | null} session */
  const answer = (session) => {
    const record = rowToRecord(row, session);
    if (names.length) {
      record.reactions = {};
      for (const name of names) {
        const sessions = /** @type {Set<string>} */ (by.get(name));
        record.reactions[name] = session && sessions.has(session) ? { count: sessions.size, mine: true } : { count: sessions.size };
      }
    }
    return record;
  };
  const personal = new Set(given.map((one) => one.session_id));
  if (row.session_id) personal.add(row.session_id);
  return Object.assign(answer, { personal });
}
