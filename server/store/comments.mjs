// Queries shared by the store's methods and its seed (comments, the change log, reactions, thread
// settings): functions over a connection or an open transaction, no state of their own.
import { sql } from 'kysely';
import { threadFromRow } from './records.mjs';

/** @typedef {import('../../src/types.js').CommentRecord} CommentRecord */
/** @typedef {import('./records.mjs').CommentRow} CommentRow */
/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('./engine.mjs').Engine} Engine */
/** @typedef {import('./records.mjs').ThreadSettings} ThreadSettings */

/** Rows asked about in one `IN (…)` (SQLite allows 32766 parameters). */
const CHUNK = 500;

/** @param {Executor} db @param {string} id @returns {Promise<CommentRow | undefined>} */
export function findComment(db, id) {
  return /** @type {Promise<CommentRow | undefined>} */ (db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst());
}

/**
 * Inserts a comment row with root_seq 0 (set by the caller); returns its seq.
 * @param {Executor} trx @param {Omit<CommentRow, 'seq' | 'root_seq'>} values
 */
export async function insertComment(trx, values) {
  const inserted = await trx.insertInto('comments').values({ ...values, root_seq: 0 }).returning('seq').executeTakeFirstOrThrow();
  return Number(inserted.seq);
}

/**
 * Appends to the change log; the transaction's last write (see Engine.lockChangeLog).
 * @param {Engine} engine @param {Executor} trx @param {string} threadId @param {string} type @param {string} commentId
 * @returns {Promise<number>} the event id
 */
export async function logChange(engine, trx, threadId, type, commentId) {
  await engine.lockChangeLog(trx);
  const logged = await trx
    .insertInto('changes')
    .values({ thread_id: threadId, type, comment_id: commentId })
    .returning('event_id')
    .executeTakeFirstOrThrow();
  return Number(logged.event_id);
}

/**
 * Imports records as given (ids, times, parents kept); skips ids already stored. Each record
 * pages with its top-level ancestor. With `emit`, logs an `added` change per record not pending.
 * @param {Engine} engine @param {Executor} trx @param {CommentRecord[]} records @param {boolean} emit
 * @returns {Promise<{ eventId: number, threadId: string, id: string }[]>}
 */
export async function importRecords(engine, trx, records, emit) {
  const sorted = [...records].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  /** @type {Map<string, CommentRow | undefined>} */
  const rows = new Map();
  /** @param {string} id */
  const get = async (id) => {
    if (!rows.has(id)) rows.set(id, await findComment(trx, id));
    return rows.get(id);
  };
  /** @type {CommentRecord[]} */
  const added = [];
  for (const record of sorted) {
    if (await get(record.id)) continue;
    await insertComment(trx, {
      id: record.id,
      thread_id: record.threadId,
      parent_id: record.parentId ?? null,
      author_name: record.author?.name ?? '',
      author_url: record.author?.url ?? null,
      author_avatar_url: record.author?.avatarUrl ?? null,
      author_email: null,
      is_thread_owner: record.author?.isThreadOwner ? 1 : 0,
      body: record.body ?? '',
      body_format: record.bodyFormat === 'html' ? 'html' : 'markdown',
      created_at: record.createdAt ?? new Date().toISOString(),
      edited_at: record.editedAt ?? null,
      status: record.status ?? 'approved',
      session_id: null,
    });
    rows.set(record.id, await findComment(trx, record.id));
    added.push(record);
  }
  // Each record pages with its top-level ancestor (cycle-safe: stop at a repeat).
  for (const record of sorted) {
    const own = await get(record.id);
    if (!own) continue;
    let top = own;
    const visited = new Set([own.id]);
    for (let parent = top.parent_id ? await get(top.parent_id) : undefined; parent && !visited.has(parent.id); ) {
      visited.add(parent.id);
      top = parent;
      parent = top.parent_id ? await get(top.parent_id) : undefined;
    }
    if (own.root_seq !== top.seq) {
      await trx.updateTable('comments').set({ root_seq: top.seq }).where('seq', '=', own.seq).execute();
      own.root_seq = top.seq;
    }
  }
  /** @type {{ eventId: number, threadId: string, id: string }[]} */
  const events = [];
  if (!emit) return events;
  for (const record of added) {
    if ((record.status ?? 'approved') === 'pending') continue;
    events.push({ eventId: await logChange(engine, trx, record.threadId, 'added', record.id), threadId: record.threadId, id: record.id });
  }
  return events;
}

/**
 * Reaction counts of the comments `ids`, each with `mine` (1 when `session` gave it), per comment.
 * @param {Executor} db @param {string[]} ids @param {string | null} session
 * @returns {Promise<Map<string, { reaction: string, n: number, mine: number }[]>>}
 */
export async function reactionCounts(db, ids, session) {
  /** @type {Map<string, { reaction: string, n: number, mine: number }[]>} */
  const counts = new Map();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await db
      .selectFrom('reactions')
      .select(['comment_id', 'reaction', sql`count(*)`.as('n'), sql`max(case when session_id = ${session ?? ''} then 1 else 0 end)`.as('mine')])
      .where('comment_id', 'in', ids.slice(i, i + CHUNK))
      .groupBy(['comment_id', 'reaction'])
      .execute();
    for (const { comment_id, reaction, n, mine } of found) {
      const list = counts.get(comment_id) ?? [];
      list.push({ reaction, n: Number(n), mine: Number(mine) });
      counts.set(comment_id, list);
    }
  }
  return counts;
}

/** A thread's settings (the defaults when it has none stored). @param {Executor} db @param {string} threadId @returns {Promise<ThreadSettings>} */
export async function readThread(db, threadId) {
  const row = await db.selectFrom('threads').selectAll().where('id', '=', threadId).executeTakeFirst();
  return threadFromRow(/** @type {Parameters<typeof threadFromRow>[0]} */ (row));
}

/** Stores the settings named in `info`; the others stay. @param {Executor} trx @param {string} threadId @param {Partial<ThreadSettings>} info */
export async function writeThread(trx, threadId, info) {
  const current = await readThread(trx, threadId);
  const editWindow = 'editWindow' in info ? info.editWindow : current.editWindow;
  const reactions = 'reactions' in info ? info.reactions : current.reactions;
  const values = {
    closed: (info.closed ?? current.closed) ? 1 : 0,
    requires_sign_in: (info.requiresSignIn ?? current.requiresSignIn) ? 1 : 0,
    required_guest_fields: JSON.stringify(info.requiredGuestFields ?? current.requiredGuestFields),
    edit_window: typeof editWindow === 'number' ? editWindow : null,
    reactions: Array.isArray(reactions) ? JSON.stringify(reactions) : null,
  };
  await trx
    .insertInto('threads')
    .values({ id: threadId, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
}
