// The reference server's store, written once over SQLite (default: `comments.sqlite` in DATA_DIR)
// and PostgreSQL (DATABASE_URL=postgres://…) with kysely. Every method returns a Promise; a
// change that touches more than one row is one transaction. Open it with `openStore()`: the
// schema is migrated (and an empty store seeded) under a lock, so instances starting at once
// do it once.
import { sql } from 'kysely';
import { resolve } from 'node:path';
import { Engine } from './engine.mjs';
import { commentForKey, createComment, findComment, importRecords, logChange, readThread, writeThread } from './comments.mjs';
import { importSource, removeComment, removeComments, selectComments, threadSources } from './people.mjs';
import { changesAfter, commentsById, lastEventId, readPage, recordForAnyone, toRecords } from './reading.mjs';
import { isHeld } from './records.mjs';
import { countReports, hit } from './limits.mjs';
import { ModerationStore } from './moderation.mjs';
import { createSession, endSession, readSession, setSessionIdentity } from './sessions.mjs';
import { closeStream, countStreams, openStream, renewStreams } from './streams.mjs';

export { DEFAULT_THREAD, rowToRecord } from './records.mjs';

/** @typedef {import('../../src/types.js').CommentRecord} CommentRecord */
/** @typedef {import('../../src/types.js').Identity} Identity */
/** @typedef {import('./records.mjs').CommentRow} CommentRow */
/** @typedef {import('./records.mjs').ThreadSettings} ThreadSettings */
/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('./reading.mjs').ChangeRow} ChangeRow */
/** @typedef {import('./people.mjs').CommentFilter} CommentFilter */

/**
 * @typedef {object} Seed
 * @property {CommentRecord[]} [comments] imported as given (ids, times, parents)
 * @property {Record<string, Partial<ThreadSettings>>} [threads] settings per thread id
 */

/**
 * @typedef {object} StoreOptions
 * @property {string} [dataDir] SQLite: the folder for `comments.sqlite` (made if missing)
 * @property {string} [databaseUrl] PostgreSQL: `postgres://user:password@host:port/database`
 * @property {Seed} [seed] written when the store holds no comment yet (once, under the start-up lock)
 */

/**
 * The store's options from the environment: `DATABASE_URL` (PostgreSQL) when set, otherwise
 * SQLite in `DATA_DIR` (default `.data`, relative to `root`).
 * @param {Record<string, string | undefined>} env @param {string} root
 * @returns {StoreOptions}
 */
export function storeOptionsFromEnv(env, root) {
  return { dataDir: resolve(root, env.DATA_DIR || '.data'), databaseUrl: env.DATABASE_URL || undefined };
}

/**
 * Opens the store: connects, migrates to the latest schema, seeds an empty store.
 * @param {StoreOptions} options
 * @returns {Promise<Store>}
 */
export async function openStore({ seed, ...options }) {
  const engine = new Engine(options);
  const store = new Store(engine);
  try {
    let seeded = false;
    const migrations = await engine.migrate(async (trx) => {
      if (seed) seeded = await store.seedIfEmpty(trx, seed);
    });
    store.startup = { migrations, seeded };
  } catch (error) {
    await engine.close();
    throw error;
  }
  return store;
}

/** Catch-up returns at most this many change-log entries unless told otherwise. */
const CATCH_UP_LIMIT = 5000;

export class Store {
  /** @type {Engine} */
  #engine;
  /** What opening did: the migrations this instance applied, and whether it wrote the seed. */
  startup = { migrations: /** @type {string[]} */ ([]), seeded: false };

  /** @param {Engine} engine an engine whose schema is current (use {@link openStore}) */
  constructor(engine) {
    this.#engine = engine;
    this.moderation = new ModerationStore(engine);
  }

  /** The engine, for the store's extension modules over their own tables (server/mail/outbox.mjs). */
  get kernel() {
    return this.#engine;
  }

  /** 'sqlite' or 'postgres'. */
  get engine() {
    return this.#engine.name;
  }

  /** The SQLite file, when the store is SQLite. */
  get file() {
    return this.#engine.file;
  }

  /** Closes the file or the connection pool. */
  close() {
    return this.#engine.close();
  }

  /**
   * A mark that changes whenever what the list answers may have changed: answers cached under
   * one mark are current while it stays; null: do not cache now (Engine.version).
   * @returns {Promise<string | null>}
   */
  version() {
    return this.#engine.version();
  }

  /** Whether the database answers (the health check). @returns {Promise<boolean>} */
  ping() {
    return this.#engine.ping();
  }

  /**
   * Calls `onChange(threadId, eventId)` when any instance on this database commits a change
   * (PostgreSQL LISTEN/NOTIFY; on SQLite never: its one instance signals itself), and `onGap()`
   * after a lost connection to the database was made again (notifications may have been missed).
   * @param {(threadId: string, eventId: number) => void} onChange @param {() => void} onGap
   * @returns {Promise<() => Promise<void>>} stops listening (closing the store stops it too)
   */
  listen(onChange, onGap) {
    return this.#engine.listen(onChange, onGap);
  }

  /** @returns {Promise<boolean>} */
  async isEmpty() {
    return !(await this.#engine.db.selectFrom('comments').select('seq').limit(1).executeTakeFirst());
  }

  /**
   * Imports the seed when the store holds no comment (inside the start-up transaction).
   * @param {Executor} trx @param {Seed} seed @returns {Promise<boolean>} whether it did
   */
  async seedIfEmpty(trx, seed) {
    if (await trx.selectFrom('comments').select('seq').limit(1).executeTakeFirst()) return false;
    await importRecords(this.#engine, trx, Array.isArray(seed.comments) ? seed.comments : [], false);
    for (const [threadId, info] of Object.entries(seed.threads ?? {})) await writeThread(trx, threadId, info);
    return true;
  }

  /** @param {string} id @returns {Promise<CommentRow | undefined>} */
  comment(id) {
    return findComment(this.#engine.db, id);
  }

  /** The newest change's event id: where a live stream that starts now begins. @returns {Promise<number>} */
  lastEventId() {
    return lastEventId(this.#engine.db);
  }

  /**
   * One page in conversation order: top-level comments in `order`, each followed by its
   * replies oldest first. The cursor is the (root, seq) of the last record sent, so new
   * comments never shift a page the reader already has. Held (`pending`) comments are seen
   * by their author's session only.
   * @param {{ threadId: string, order: 'oldest' | 'newest', limit: number, after: { root: number, seq: number } | null, session: string | null }} request
   * @returns {Promise<{ rows: CommentRow[], total: number, next: { root: number, seq: number } | null, lastEventId: number }>}
   */
  page(request) {
    return readPage(this.#engine, request);
  }

  /**
   * Stores a comment unless its owner already sent this idempotency key: then the first comment
   * is the answer (`replayed`), or `gone` when that comment was deleted since. Keys are the
   * owner's own: another owner's key of the same text is another key. `session` is the owner key
   * (`<option>:<subject>` or an author token); `identity` the author's `<option>:<subject>`
   * (default: the identity of a session row named `session`, as before 0006).
   * Key, comment and change event commit together, so a crash leaves all or none.
   * @param {{ key: string, threadId: string, parentId: string | null, author: { name: string, url?: string, avatarUrl?: string, email?: string },
   *   body: string, status: 'approved' | 'pending' | 'spam', session: string, identity?: string | null, isThreadOwner?: boolean,
   *   address?: string | null }} input (`address`: the network address it came from, for moderators, erased after RETENTION_DAYS)
   * @returns {Promise<{ row: CommentRow, replayed: boolean, keyThread?: string, eventId?: number } | { gone: true, keyThread: string }>}
   */
  createComment(input) {
    return this.#engine.write((trx) => createComment(this.#engine, trx, input));
  }

  /**
   * Imports records as given (ids, times, parents kept): the demo's seed, tests' fixtures.
   * Parents are placed before replies so conversations page together. Ids already stored are skipped.
   * @param {CommentRecord[]} records
   * @param {{ emit?: boolean }} [options] `emit`: log an `added` change for each record that is not pending
   * @returns {Promise<{ eventId: number, threadId: string, id: string }[]>} the change events written (when `emit`)
   */
  importRecords(records, { emit = false } = {}) {
    return this.#engine.write((trx) => importRecords(this.#engine, trx, records, emit));
  }

  /**
   * Changes of a thread after `eventId` (a reconnecting stream's catch-up), oldest first, at most `limit`.
   * @param {string} threadId @param {number} eventId @param {number} [limit]
   * @returns {Promise<ChangeRow[]>}
   */
  changesAfter(threadId, eventId, limit = CATCH_UP_LIMIT) {
    return changesAfter(this.#engine.db, threadId, eventId, limit);
  }

  /**
   * A session, or null: unknown, ended, or unused for longer than `idleMs` (then it is ended).
   * `authorToken`: the guest ownership a session of before 0006 had (see migrations.mjs).
   * @param {string | undefined} id @param {number} [idleMs]
   * @returns {Promise<{ id: string, identity: Identity | null, authorToken?: string | null } | null>}
   */
  session(id, idleMs) {
    return readSession(this.#engine.db, id, idleMs);
  }

  /** A new session id (256 random bits, so it cannot be guessed) holding `identity`. @param {Identity | null} [identity] @returns {Promise<string>} */
  createSession(identity = null) {
    return createSession(this.#engine.db, identity);
  }

  /** Ends a session: its id names nobody from now on. @param {string} id */
  endSession(id) {
    return endSession(this.#engine.db, id);
  }

  /** @param {string} id @param {Identity | null} identity */
  setIdentity(id, identity) {
    return setSessionIdentity(this.#engine.db, id, identity);
  }

  /** @param {string} threadId @returns {Promise<ThreadSettings>} */
  thread(threadId) {
    return readThread(this.#engine.db, threadId);
  }

  /** Changes the settings named in `info`; the others stay. @param {string} threadId @param {Partial<ThreadSettings>} info */
  async setThread(threadId, info) {
    await this.#engine.write((trx) => writeThread(trx, threadId, info));
  }

  /**
   * The record as a reader sees it: `viewerIsAuthor` and each reaction's `mine` for their session.
   * @param {CommentRow} row @param {string | null} session @returns {Promise<CommentRecord>}
   */
  async toRecord(row, session) {
    return (await this.toRecords([row], session))[0];
  }

  /**
   * {@link toRecord} for many rows, with one query for their reactions.
   * @param {CommentRow[]} rows @param {string | null} session @returns {Promise<CommentRecord[]>}
   */
  toRecords(rows, session) {
    return toRecords(this.#engine.db, rows, session);
  }

  /**
   * The record of one row for any session: one query for its reactions and who gave them, then
   * a function that answers the record as `session` sees it (a live change sent to many streams).
   * The function's `personal` lists the owner keys whose record differs from `answer(null)`
   * (its author's, for `viewerIsAuthor`, and each reaction giver's, for `mine`): everyone else
   * gets the same record, serialised once.
   * @param {CommentRow} row @returns {Promise<((session: string | null) => CommentRecord) & { personal: Set<string> }>}
   */
  recordForAnyone(row) {
    return recordForAnyone(this.#engine.db, row);
  }

  /**
   * Replaces a comment's text; logs an `updated` change unless the comment is held (a held
   * comment's changes are nobody's business but its author's: nothing is logged or replayed).
   * Throws when there is no such comment.
   * @param {string} id @param {string} body @returns {Promise<{ row: CommentRow, eventId?: number }>}
   */
  editComment(id, body) {
    return this.#engine.write(async (trx) => {
      await trx.updateTable('comments').set({ body, edited_at: new Date().toISOString() }).where('id', '=', id).execute();
      const row = await this.#existing(trx, id);
      return { row, eventId: await this.#log(trx, row, 'updated') };
    });
  }

  /**
   * Logs a change of a comment others can see; a held (`pending`) comment's changes are not logged.
   * @param {Executor} trx @param {CommentRow} row @param {'added' | 'updated' | 'removed'} type
   * @returns {Promise<number | undefined>} the event id
   */
  #log(trx, row, type) {
    return isHeld(row.status) ? Promise.resolve(undefined) : logChange(this.#engine, trx, row.thread_id, type, row.id);
  }

  /** @param {Executor} trx @param {string} id @returns {Promise<CommentRow>} */
  async #existing(trx, id) {
    const row = await findComment(trx, id);
    if (!row) throw new Error(`no comment ${id}`);
    return row;
  }

  /**
   * Deletes a comment: a placeholder (`deleted`, no text, no author) when it has replies, so they
   * keep their place; otherwise gone. Logs `updated` or `removed` (nothing for a held comment).
   * @param {string} id @returns {Promise<{ type: 'updated' | 'removed', threadId: string, eventId?: number }>}
   */
  deleteComment(id) {
    return this.#engine.write(async (trx) => removeComment(this.#engine, trx, await this.#existing(trx, id)));
  }

  /**
   * Imports threads (title, page address) and comments read from another system, parents first;
   * ids already stored are left alone, so a second run changes nothing. One transaction.
   * @param {{ threads: import('./people.mjs').ThreadSource[], comments: import('../io/arrange.mjs').ImportComment[] }} data
   * @returns {Promise<{ added: string[], existing: string[] }>}
   */
  importSource(data) {
    return this.#engine.write((trx) => importSource(trx, data));
  }

  /**
   * The comments of a list of ids that exist (in one query per 500), or those a filter names, each
   * thread in conversation order (for exports).
   * @param {string[] | CommentFilter} selection @returns {Promise<CommentRow[]>}
   */
  comments(selection) {
    return Array.isArray(selection) ? commentsById(this.#engine.db, selection) : selectComments(this.#engine.db, selection);
  }

  /** Stored titles and page addresses of threads. @param {string[]} ids */
  threadSources(ids) {
    return threadSources(this.#engine.db, ids);
  }

  /**
   * Deletes every comment one reader wrote (by identity or email; a thread narrows it) as
   * {@link deleteComment} does, newest first, in one transaction.
   * @param {CommentFilter} filter @returns {Promise<{ id: string, type: 'updated' | 'removed', threadId: string, eventId?: number }[]>}
   */
  deleteComments(filter) {
    if (filter.identity === undefined && filter.email === undefined) throw new Error('deleteComments needs an identity or an email');
    return this.#engine.write((trx) => removeComments(this.#engine, trx, filter));
  }

  /** SQLite: copies the live database to `file` (online backup; readers and writers carry on). @param {string} file */
  backup(file) {
    return this.#engine.backup(file);
  }

  /**
   * Toggles the session's reaction on a comment; logs an `updated` change (not for a held comment).
   * @param {string} id @param {string} reaction @param {string} session @returns {Promise<number | undefined>} the event id
   */
  toggleReaction(id, reaction, session) {
    return this.#engine.write(async (trx) => {
      const row = await this.#existing(trx, id);
      await this.#engine.lockName(trx, `reaction:${id}\n${reaction}\n${session}`);
      /** @param {import('kysely').ExpressionBuilder<any, 'reactions'>} eb */
      const mine = (eb) => eb.and([eb('comment_id', '=', id), eb('reaction', '=', reaction), eb('session_id', '=', session)]);
      const had = await trx.selectFrom('reactions').select('reaction').where(mine).executeTakeFirst();
      if (had) await trx.deleteFrom('reactions').where(mine).execute();
      else await trx.insertInto('reactions').values({ comment_id: id, reaction, session_id: session }).execute();
      return this.#log(trx, row, 'updated');
    });
  }

  /** Stores a report; the moderators' queue hears of it (./moderation.mjs). @param {string} id @param {string} reason @param {string | null} session */
  report(id, reason, session) {
    return this.moderation.report(id, reason, session);
  }

  /**
   * Counts one more request under a rate-limit key, in a window of `windowMs` shared by every
   * instance on this store (server/store/limits.mjs).
   * @param {string} key @param {number} windowMs @returns {Promise<{ current: number, ttl: number }>}
   */
  hit(key, windowMs) {
    return hit(this.#engine.db, key, windowMs);
  }

  /**
   * Takes a place for a live stream from `address` unless it has `max` open on any instance on
   * this store (./streams.mjs); null when it has. `instance` renews the lease ({@link renewStreams}).
   * @param {{ address: string, instance: string, max: number, leaseMs: number }} request @returns {Promise<string | null>}
   */
  openStream(request) {
    return openStream(this.#engine, request);
  }

  /** Gives a stream's place back. @param {string} id */
  closeStream(id) {
    return closeStream(this.#engine.db, id);
  }

  /** Renews the leases of `instance`'s stream places; lapsed ones go. @param {string} instance @param {number} leaseMs */
  renewStreams(instance, leaseMs) {
    return renewStreams(this.#engine.db, instance, leaseMs);
  }

  /** How many streams `address` has open on every instance. @param {string} address @returns {Promise<number>} */
  countStreams(address) {
    return countStreams(this.#engine.db, address);
  }

  /** How many reports an owner (identity or author token) made of a comment. @param {string} id @param {string} session @returns {Promise<number>} */
  reportsBy(id, session) {
    return countReports(this.#engine.db, id, session);
  }

  /** @param {string} id @returns {Promise<number>} */
  async reportCount(id) {
    const row = await this.#engine.db.selectFrom('reports').select(sql`count(*)`.as('n')).where('comment_id', '=', id).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** @param {string} key @returns {Promise<string | undefined>} */
  async setting(key) {
    return (await this.#engine.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  /** @param {string} key @param {string} value */
  async setSetting(key, value) {
    await this.#engine.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
      .execute();
  }

  /**
   * What the session stored under an idempotency key: nothing (`undefined`), the comment, or
   * `{ gone }` when it was deleted since. Another session's key is never seen.
   * @param {string} key @param {string | null} session
   * @returns {Promise<{ row: CommentRow, threadId: string } | { gone: true, threadId: string } | undefined>}
   */
  commentForKey(key, session) {
    return commentForKey(this.#engine.db, key, session);
  }

  /** Counts for tests and tools: how many comments carry this exact body. @param {string} body @returns {Promise<number>} */
  async countByBody(body) {
    const row = await this.#engine.db.selectFrom('comments').select(sql`count(*)`.as('n')).where('body', '=', body).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
