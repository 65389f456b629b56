// Queries shared by the store's methods and its seed (comments, the change log, reactions, thread
// settings): functions over a connection or an open transaction, no state of their own.
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { identityKey } from './migrations.mjs';
import { isHeld, threadFromRow } from './records.mjs';
import { logQueueChange } from './moderation.mjs';

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
  await engine.notifyChange(trx, threadId, Number(logged.event_id));
  return Number(logged.event_id);
}

/**
 * Imports records as given (ids, times, parents kept); skips ids already stored (and repeats of
 * an id). Each record pages with its top-level ancestor. With `emit`, logs an `added` change per
 * record not pending, in the records' time order. Batched: a few statements per 500 records,
 * not a few per record (thousands of records take one round trip per batch on PostgreSQL).
 * @param {Engine} engine @param {Executor} trx @param {CommentRecord[]} records @param {boolean} emit
 * @returns {Promise<{ eventId: number, threadId: string, id: string }[]>}
 */
export async function importRecords(engine, trx, records, emit) {
  const sorted = [...records].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  /** @type {Map<string, { seq: number, parent_id: string | null, root_seq: number }>} what is stored, by id */
  const rows = new Map();
  /** Reads the rows of `ids` not known yet. @param {Iterable<string>} ids */
  const load = async (ids) => {
    const wanted = [...new Set(ids)].filter((id) => !rows.has(id));
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const found = await trx.selectFrom('comments').select(['id', 'seq', 'parent_id', 'root_seq']).where('id', 'in', wanted.slice(i, i + CHUNK)).execute();
      for (const row of found) rows.set(row.id, { seq: Number(row.seq), parent_id: row.parent_id, root_seq: Number(row.root_seq) });
    }
  };
  await load(sorted.map((record) => record.id));
  /** @type {CommentRecord[]} */
  const added = [];
  const fresh = new Set();
  for (const record of sorted) {
    if (rows.has(record.id) || fresh.has(record.id)) continue;
    fresh.add(record.id);
    added.push(record);
  }
  for (let i = 0; i < added.length; i += CHUNK) {
    const values = added.slice(i, i + CHUNK).map((record) => ({
      id: record.id,
      thread_id: record.threadId,
      parent_id: record.parentId ?? null,
      root_seq: 0,
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
    }));
    const inserted = await trx.insertInto('comments').values(values).returning(['id', 'seq']).execute();
    const parents = new Map(values.map((value) => [value.id, value.parent_id]));
    for (const row of inserted) rows.set(row.id, { seq: Number(row.seq), parent_id: parents.get(row.id) ?? null, root_seq: 0 });
  }
  // Each record pages with its top-level ancestor (cycle-safe: stop at a repeat). Ancestors
  // stored before this import are read a generation at a time.
  for (let missing = sorted.map((record) => record.parentId).filter((id) => typeof id === 'string'); missing.length; ) {
    const before = rows.size;
    await load(missing);
    if (rows.size === before) break;
    missing = [...rows.values()].map((row) => row.parent_id).filter((id) => id !== null && !rows.has(id));
  }
  /** @type {[number, number][]} [seq, root_seq] of the rows whose root changes */
  const roots = [];
  for (const record of sorted) {
    const own = rows.get(record.id);
    if (!own) continue;
    let top = own;
    const visited = new Set([record.id]);
    for (let parentId = top.parent_id; parentId !== null && !visited.has(parentId) && rows.has(parentId); parentId = top.parent_id) {
      visited.add(parentId);
      top = /** @type {typeof own} */ (rows.get(parentId));
    }
    if (own.root_seq !== top.seq) {
      roots.push([own.seq, top.seq]);
      own.root_seq = top.seq;
    }
  }
  for (let i = 0; i < roots.length; i += CHUNK) {
    const pairs = sql.join(roots.slice(i, i + CHUNK).map(([seq, root]) => sql`(cast(${seq} as bigint), cast(${root} as bigint))`));
    await sql`with v(s, r) as (values ${pairs}) update comments set root_seq = v.r from v where comments.seq = v.s`.execute(trx);
  }
  /** @type {{ eventId: number, threadId: string, id: string }[]} */
  const events = [];
  if (!emit) return events;
  const shown = added.filter((record) => !isHeld(record.status ?? 'approved'));
  if (shown.length) await engine.lockChangeLog(trx);
  for (let i = 0; i < shown.length; i += CHUNK) {
    const batch = shown.slice(i, i + CHUNK);
    const logged = await trx
      .insertInto('changes')
      .values(batch.map((record) => ({ thread_id: record.threadId, type: 'added', comment_id: record.id })))
      .returning(['event_id', 'comment_id'])
      .execute();
    const ids = new Map(logged.map((row) => [row.comment_id, Number(row.event_id)]));
    for (const record of batch) events.push({ eventId: /** @type {number} */ (ids.get(record.id)), threadId: record.threadId, id: record.id });
  }
  /** @type {Map<string, number>} each thread's newest event */
  const newest = new Map();
  for (const event of events) newest.set(event.threadId, Math.max(newest.get(event.threadId) ?? 0, event.eventId));
  for (const [threadId, eventId] of newest) await engine.notifyChange(trx, threadId, eventId);
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

/**
 * What the session stored under an idempotency key (see Store.commentForKey).
 * @param {Executor} db @param {string} key @param {string | null} session
 * @returns {Promise<{ row: CommentRow, threadId: string } | { gone: true, threadId: string } | undefined>}
 */
export async function commentForKey(db, key, session) {
  if (!session) return undefined;
  const seen = await db
    .selectFrom('comment_keys')
    .select(['comment_id', 'thread_id'])
    .where('session_id', '=', session)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!seen) return undefined;
  const row = await findComment(db, seen.comment_id);
  if (!row || row.status === 'deleted') return { gone: /** @type {const} */ (true), threadId: seen.thread_id };
  return { row, threadId: seen.thread_id };
}

/**
 * Stores a comment unless the session already sent this idempotency key (see Store.createComment);
 * the comment records the session's sign-in (`<option>:<subject>`) as its author's identity.
 * @param {Engine} engine @param {Executor} trx
 * @param {Parameters<import('./index.mjs').Store['createComment']>[0]} input
 * @returns {Promise<{ row: CommentRow, replayed: boolean, keyThread?: string, eventId?: number } | { gone: true, keyThread: string }>}
 */
export async function createComment(engine, trx, input) {
  await engine.lockName(trx, `key:${input.session}\n${input.key}`);
  const seen = await trx
    .selectFrom('comment_keys')
    .select(['comment_id', 'thread_id'])
    .where('session_id', '=', input.session)
    .where('key', '=', input.key)
    .executeTakeFirst();
  if (seen) {
    const row = await findComment(trx, seen.comment_id);
    if (!row || row.status === 'deleted') return { gone: /** @type {const} */ (true), keyThread: seen.thread_id };
    return { row, replayed: true, keyThread: seen.thread_id };
  }
  const id = randomUUID();
  const now = new Date().toISOString();
  const identity =
    input.identity !== undefined
      ? input.identity
      : identityKey((await trx.selectFrom('sessions').select('identity').where('id', '=', input.session).executeTakeFirst())?.identity ?? null);
  const seq = await insertComment(trx, {
    id,
    thread_id: input.threadId,
    parent_id: input.parentId,
    author_name: input.author.name,
    author_url: input.author.url ?? null,
    author_avatar_url: input.author.avatarUrl ?? null,
    author_email: input.author.email ?? null,
    author_address: input.address ?? null,
    author_identity: identity,
    is_thread_owner: input.isThreadOwner ? 1 : 0,
    body: input.body,
    body_format: 'markdown',
    created_at: now,
    edited_at: null,
    status: input.status,
    session_id: input.session,
  });
  const parent = input.parentId ? await findComment(trx, input.parentId) : undefined;
  await trx.updateTable('comments').set({ root_seq: parent ? parent.root_seq : seq }).where('seq', '=', seq).execute();
  await trx
    .insertInto('comment_keys')
    .values({ session_id: input.session, key: input.key, comment_id: id, thread_id: input.threadId, created_at: now })
    .execute();
  const row = /** @type {CommentRow} */ (await findComment(trx, id));
  const eventId = input.status === 'approved' ? await logChange(engine, trx, input.threadId, 'added', id) : undefined;
  // Held or spam: the moderators' queue hears of it (server/store/moderation.mjs).
  if (input.status !== 'approved') await logQueueChange(engine, trx, id, 'added');
  return { row, replayed: false, eventId };
}
