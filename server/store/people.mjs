// The store's way in and way out: imported threads and comments (emails kept, never listed),
// one thread's or one reader's comments for an export, and deleting everything one reader wrote.
import { sql } from 'kysely';
import { findComment, logChange } from './comments.mjs';
import { isHeld } from './records.mjs';

/** @typedef {import('./records.mjs').CommentRow} CommentRow */
/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('./engine.mjs').Engine} Engine */
/** @typedef {import('../io/arrange.mjs').ImportComment} ImportComment */
/** @typedef {{ id: string, title: string | null, url: string | null }} ThreadSource */

/**
 * Whose comments: a reader's identity (`<option>:<subject>`, e.g. `github:12345`, `disqus:ann`)
 * or email address (compared without case). A thread narrows it; nothing else means every comment.
 * @typedef {{ threadId?: string, identity?: string, email?: string }} CommentFilter
 */

/** Rows asked about in one `IN (…)`. */
const CHUNK = 500;
/** Rows written by one INSERT (16 parameters each: well under SQLite's and PostgreSQL's limits). */
const INSERT_CHUNK = 200;

/**
 * Stores imported threads (title and page address; their settings stay) and the comments not
 * stored yet, parents before replies as given. A comment whose id is stored already is left
 * as it is, so importing the same export twice changes nothing.
 * @param {Executor} trx @param {{ threads: ThreadSource[], comments: ImportComment[] }} data
 * @returns {Promise<{ added: string[], existing: string[] }>}
 */
export async function importSource(trx, { threads, comments }) {
  for (const { id, title, url } of threads) {
    await trx
      .insertInto('threads')
      .values({ id, title: title || null, url })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ title: title || null, url }))
      .execute();
  }
  /** @type {Set<string>} */
  const stored = new Set();
  const ids = comments.map((comment) => comment.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await trx.selectFrom('comments').select('id').where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const row of found) stored.add(row.id);
  }
  const fresh = comments.filter((comment) => !stored.has(comment.id));
  // Many rows per statement: inserted with root_seq 0, then each gets its top-level ancestor's seq.
  /** @type {Map<string, number>} */
  const seqs = new Map();
  for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
    const values = fresh.slice(i, i + INSERT_CHUNK).map((comment) => ({
      id: comment.id,
      thread_id: comment.threadId,
      parent_id: comment.parentId,
      root_seq: 0,
      author_name: comment.author.name,
      author_url: comment.author.url ?? null,
      author_avatar_url: null,
      author_email: comment.author.email ?? null,
      author_identity: comment.author.identity ?? null,
      is_thread_owner: comment.author.isThreadOwner ? 1 : 0,
      body: comment.body,
      body_format: comment.bodyFormat,
      created_at: comment.createdAt,
      edited_at: null,
      status: comment.status,
      session_id: null,
    }));
    for (const row of await trx.insertInto('comments').values(values).returning(['id', 'seq']).execute()) seqs.set(row.id, Number(row.seq));
  }
  /** @type {Map<string, number>} root_seq by id, for the comments of this import */
  const roots = new Map();
  for (const comment of fresh) {
    const seq = /** @type {number} */ (seqs.get(comment.id));
    let root = comment.parentId ? roots.get(comment.parentId) : seq;
    if (root === undefined) root = (await findComment(trx, /** @type {string} */ (comment.parentId)))?.root_seq ?? seq;
    roots.set(comment.id, root);
  }
  const entries = [...roots];
  for (let i = 0; i < entries.length; i += CHUNK) {
    const rows = sql.join(entries.slice(i, i + CHUNK).map(([id, seq]) => sql`(${id}, ${sql.lit(seq)})`));
    // UPDATE … FROM (VALUES …): SQLite 3.33+ and PostgreSQL both name the columns column1, column2.
    await sql`update comments set root_seq = v.column2 from (values ${rows}) as v where comments.id = v.column1`.execute(trx);
  }
  const added = fresh.map((comment) => comment.id);
  return { added, existing: ids.filter((id) => stored.has(id)) };
}

/**
 * The comments a filter names, in conversation order per thread (threads by id).
 * @param {Executor} db @param {CommentFilter} filter @returns {Promise<CommentRow[]>}
 */
export async function selectComments(db, { threadId, identity, email }) {
  let query = db.selectFrom('comments').selectAll();
  if (threadId !== undefined) query = query.where('thread_id', '=', threadId);
  if (identity !== undefined) query = query.where('author_identity', '=', identity);
  if (email !== undefined) query = query.where(sql`lower(author_email)`, '=', email.toLowerCase());
  const rows = await query.orderBy('thread_id').orderBy('root_seq').orderBy('seq').execute();
  return /** @type {CommentRow[]} */ (rows);
}

/**
 * Title and page address of the threads `ids` that have them stored.
 * @param {Executor} db @param {string[]} ids @returns {Promise<Map<string, { title?: string, url?: string }>>}
 */
export async function threadSources(db, ids) {
  /** @type {Map<string, { title?: string, url?: string }>} */
  const sources = new Map();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('threads').select(['id', 'title', 'url']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const row of rows) {
      /** @type {{ title?: string, url?: string }} */
      const source = {};
      if (row.title) source.title = row.title;
      if (row.url) source.url = row.url;
      sources.set(row.id, source);
    }
  }
  return sources;
}

/**
 * Deletes a comment: a placeholder (`deleted`, no text, no author) when it has replies, so they
 * keep their place; otherwise gone. Logs `updated` or `removed` (nothing for a held comment).
 * @param {Engine} engine @param {Executor} trx @param {CommentRow} row
 * @returns {Promise<{ type: 'updated' | 'removed', threadId: string, eventId?: number }>}
 */
export async function removeComment(engine, trx, row) {
  await trx.deleteFrom('reactions').where('comment_id', '=', row.id).execute();
  const replied = await trx.selectFrom('comments').select('seq').where('parent_id', '=', row.id).limit(1).executeTakeFirst();
  /** @type {'updated' | 'removed'} */
  const type = replied ? 'updated' : 'removed';
  if (replied) {
    await trx
      .updateTable('comments')
      .set({ status: 'deleted', body: '', author_name: '', author_url: null, author_avatar_url: null, author_email: null, author_identity: null, session_id: null })
      .where('id', '=', row.id)
      .execute();
  } else {
    await trx.deleteFrom('comments').where('id', '=', row.id).execute();
  }
  const eventId = isHeld(row.status) ? undefined : await logChange(engine, trx, row.thread_id, type, row.id);
  return { type, threadId: row.thread_id, eventId };
}

/**
 * Deletes the comments a filter names as {@link removeComment} does, newest first (so a reader's
 * own replies go before their parents are looked at).
 * @param {Engine} engine @param {Executor} trx @param {CommentFilter} filter
 */
export async function removeComments(engine, trx, filter) {
  const rows = (await selectComments(trx, filter)).sort((a, b) => b.seq - a.seq);
  const done = [];
  for (const row of rows) done.push({ id: row.id, ...(await removeComment(engine, trx, row)) });
  return done;
}
