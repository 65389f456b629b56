// The reference server's embedded store: one SQLite file through better-sqlite3.
// WAL with synchronous=FULL: a write is on disk when its transaction returns, so
// killing the process at any moment loses nothing that was answered.
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {import('../src/types.js').CommentRecord} CommentRecord */
/** @typedef {import('../src/types.js').Identity} Identity */
/** @typedef {import('../src/types.js').ThreadInfo} ThreadInfo */
/** @typedef {import('../src/types.js').CommentChange} CommentChange */

/**
 * @typedef {object} CommentRow
 * @property {number} seq
 * @property {string} id
 * @property {string} thread_id
 * @property {string | null} parent_id
 * @property {number} root_seq
 * @property {string} author_name
 * @property {string | null} author_url
 * @property {string | null} author_avatar_url
 * @property {string | null} author_email
 * @property {number} is_thread_owner
 * @property {string} body
 * @property {string} body_format
 * @property {string} created_at
 * @property {string | null} edited_at
 * @property {string} status
 * @property {string | null} session_id
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS comments (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  thread_id TEXT NOT NULL,
  parent_id TEXT,
  root_seq INTEGER NOT NULL DEFAULT 0,
  author_name TEXT NOT NULL,
  author_url TEXT,
  author_avatar_url TEXT,
  author_email TEXT,
  is_thread_owner INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  body_format TEXT NOT NULL DEFAULT 'markdown',
  created_at TEXT NOT NULL,
  edited_at TEXT,
  status TEXT NOT NULL DEFAULT 'approved',
  session_id TEXT
);
CREATE INDEX IF NOT EXISTS comments_page ON comments (thread_id, root_seq, seq);
-- Idempotency keys belong to the session that sent them: another reader holding the same key
-- gets nothing of the author's (data folders from before keep an unused global idempotency_keys).
CREATE TABLE IF NOT EXISTS comment_keys (
  session_id TEXT NOT NULL,
  key TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (session_id, key)
);
CREATE TABLE IF NOT EXISTS changes (
  event_id INTEGER PRIMARY KEY AUTOINCREMENT,
  thread_id TEXT NOT NULL,
  type TEXT NOT NULL,
  comment_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_thread ON changes (thread_id, event_id);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  identity TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS threads (
  id TEXT PRIMARY KEY,
  closed INTEGER NOT NULL DEFAULT 0,
  requires_sign_in INTEGER NOT NULL DEFAULT 0,
  required_guest_fields TEXT NOT NULL DEFAULT '["name","email"]'
);
CREATE TABLE IF NOT EXISTS reactions (
  comment_id TEXT NOT NULL,
  reaction TEXT NOT NULL,
  session_id TEXT NOT NULL,
  PRIMARY KEY (comment_id, reaction, session_id)
);
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  comment_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  session_id TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** What a thread is when nobody configured it: open, guests welcome, name and email required (as WordPress). */
export const DEFAULT_THREAD = Object.freeze({ closed: false, requiresSignIn: false, requiredGuestFields: ['name', 'email'] });

/**
 * @param {CommentRow} row
 * @param {string | null} viewerSession
 * @returns {CommentRecord}
 */
export function rowToRecord(row, viewerSession) {
  /** @type {CommentRecord} */
  const record = {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    author: { name: row.author_name },
    body: row.body,
    createdAt: row.created_at,
    status: /** @type {CommentRecord['status']} */ (row.status),
  };
  if (row.author_url) record.author.url = row.author_url;
  if (row.author_avatar_url) record.author.avatarUrl = row.author_avatar_url;
  if (row.is_thread_owner) record.author.isThreadOwner = true;
  if (row.body_format === 'html') record.bodyFormat = 'html';
  if (row.edited_at) record.editedAt = row.edited_at;
  if (viewerSession && row.session_id === viewerSession) record.viewerIsAuthor = true;
  return record;
}

export class CommentStore {
  /** @param {string} dataDir */
  constructor(dataDir) {
    mkdirSync(dataDir, { recursive: true });
    // The data folder is run-time state: keep it out of git without touching a shared .gitignore.
    const ignore = join(dataDir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
    this.file = join(dataDir, 'comments.sqlite');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.#migrate();
    this.q = this.#prepare();
  }

  /** Columns added after the first release, for data folders made before them. */
  #migrate() {
    const columns = new Set(
      /** @type {{ name: string }[]} */ (this.db.prepare('PRAGMA table_info(threads)').all()).map((column) => column.name),
    );
    if (!columns.has('edit_window')) this.db.exec('ALTER TABLE threads ADD COLUMN edit_window INTEGER');
    if (!columns.has('reactions')) this.db.exec('ALTER TABLE threads ADD COLUMN reactions TEXT');
  }

  #prepare() {
    const db = this.db;
    return {
      byId: db.prepare('SELECT * FROM comments WHERE id = ?'),
      count: db.prepare(
        `SELECT COUNT(*) AS n FROM comments WHERE thread_id = @thread
           AND (status != 'pending' OR (session_id IS NOT NULL AND session_id = @session))`,
      ),
      pageOldest: db.prepare(
        `SELECT * FROM comments WHERE thread_id = @thread
           AND (status != 'pending' OR (session_id IS NOT NULL AND session_id = @session))
           AND (root_seq > @root OR (root_seq = @root AND seq > @seq))
         ORDER BY root_seq ASC, seq ASC LIMIT @limit`,
      ),
      pageNewest: db.prepare(
        `SELECT * FROM comments WHERE thread_id = @thread
           AND (status != 'pending' OR (session_id IS NOT NULL AND session_id = @session))
           AND (root_seq < @root OR (root_seq = @root AND seq > @seq))
         ORDER BY root_seq DESC, seq ASC LIMIT @limit`,
      ),
      insert: db.prepare(
        `INSERT INTO comments (id, thread_id, parent_id, root_seq, author_name, author_url, author_avatar_url,
           author_email, is_thread_owner, body, body_format, created_at, edited_at, status, session_id)
         VALUES (@id, @thread_id, @parent_id, 0, @author_name, @author_url, @author_avatar_url,
           @author_email, @is_thread_owner, @body, @body_format, @created_at, @edited_at, @status, @session_id)`,
      ),
      setRoot: db.prepare('UPDATE comments SET root_seq = ? WHERE seq = ?'),
      keyGet: db.prepare('SELECT * FROM comment_keys WHERE session_id = ? AND key = ?'),
      keyPut: db.prepare('INSERT INTO comment_keys (session_id, key, comment_id, thread_id, created_at) VALUES (?, ?, ?, ?, ?)'),
      change: db.prepare('INSERT INTO changes (thread_id, type, comment_id) VALUES (?, ?, ?)'),
      changesAfter: db.prepare(
        'SELECT * FROM changes WHERE thread_id = ? AND event_id > ? ORDER BY event_id ASC LIMIT ?',
      ),
      lastEvent: db.prepare('SELECT COALESCE(MAX(event_id), 0) AS id FROM changes'),
      sessionGet: db.prepare('SELECT * FROM sessions WHERE id = ?'),
      sessionPut: db.prepare('INSERT INTO sessions (id, identity, created_at) VALUES (?, NULL, ?)'),
      sessionIdentity: db.prepare('UPDATE sessions SET identity = ? WHERE id = ?'),
      threadGet: db.prepare('SELECT * FROM threads WHERE id = ?'),
      threadPut: db.prepare(
        `INSERT INTO threads (id, closed, requires_sign_in, required_guest_fields, edit_window, reactions)
           VALUES (@id, @closed, @requires, @fields, @editWindow, @reactions)
         ON CONFLICT(id) DO UPDATE SET closed = @closed, requires_sign_in = @requires, required_guest_fields = @fields,
           edit_window = @editWindow, reactions = @reactions`,
      ),
      reactionsOf: db.prepare(
        `SELECT reaction, COUNT(*) AS n, MAX(session_id = @session) AS mine FROM reactions
         WHERE comment_id = @id GROUP BY reaction ORDER BY reaction`,
      ),
      reactionHas: db.prepare('SELECT 1 FROM reactions WHERE comment_id = ? AND reaction = ? AND session_id = ?'),
      reactionAdd: db.prepare('INSERT INTO reactions (comment_id, reaction, session_id) VALUES (?, ?, ?)'),
      reactionRemove: db.prepare('DELETE FROM reactions WHERE comment_id = ? AND reaction = ? AND session_id = ?'),
      reactionsClear: db.prepare('DELETE FROM reactions WHERE comment_id = ?'),
      editBody: db.prepare('UPDATE comments SET body = ?, edited_at = ? WHERE id = ?'),
      tombstone: db.prepare(
        `UPDATE comments SET status = 'deleted', body = '', author_name = '', author_url = NULL, author_avatar_url = NULL,
           author_email = NULL, session_id = NULL WHERE id = ?`,
      ),
      remove: db.prepare('DELETE FROM comments WHERE id = ?'),
      hasReplies: db.prepare('SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1'),
      reportAdd: db.prepare('INSERT INTO reports (comment_id, reason, session_id, created_at) VALUES (?, ?, ?, ?)'),
      reportCount: db.prepare('SELECT COUNT(*) AS n FROM reports WHERE comment_id = ?'),
      totalComments: db.prepare('SELECT COUNT(*) AS n FROM comments'),
      settingGet: db.prepare('SELECT value FROM settings WHERE key = ?'),
      settingPut: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  close() {
    this.db.close();
  }

  /** @returns {boolean} */
  isEmpty() {
    return /** @type {{ n: number }} */ (this.q.totalComments.get()).n === 0;
  }

  /** @param {string} id @returns {CommentRow | undefined} */
  comment(id) {
    return /** @type {CommentRow | undefined} */ (this.q.byId.get(id));
  }

  /** The newest change's event id: where a live stream that starts now begins. */
  lastEventId() {
    return /** @type {{ id: number }} */ (this.q.lastEvent.get()).id;
  }

  /**
   * One page in conversation order: top-level comments in `order`, each followed by its
   * replies oldest first. The cursor is the (root, seq) of the last record sent, so new
   * comments never shift a page the reader already has.
   * @param {{ threadId: string, order: 'oldest' | 'newest', limit: number, after: { root: number, seq: number } | null, session: string | null }} request
   */
  page({ threadId, order, limit, after, session }) {
    const start = after ?? { root: order === 'oldest' ? -1 : Number.MAX_SAFE_INTEGER, seq: -1 };
    const statement = order === 'oldest' ? this.q.pageOldest : this.q.pageNewest;
    // Both reads and the event id come from one transaction: a consistent snapshot.
    return this.db.transaction(() => {
      const rows = /** @type {CommentRow[]} */ (
        statement.all({ thread: threadId, session, root: start.root, seq: start.seq, limit: limit + 1 })
      );
      const total = /** @type {{ n: number }} */ (this.q.count.get({ thread: threadId, session })).n;
      const more = rows.length > limit;
      const kept = more ? rows.slice(0, limit) : rows;
      const last = kept.at(-1);
      return {
        rows: kept,
        total,
        next: more && last ? { root: last.root_seq, seq: last.seq } : null,
        lastEventId: this.lastEventId(),
      };
    })();
  }

  /**
   * Stores a comment unless the session already sent this idempotency key: then the first comment
   * is the answer (`replayed`), or `gone` when that comment was deleted since. Keys are the
   * session's own: another session's key of the same text is another key.
   * Key, comment and change event commit together, so a crash leaves all or none.
   * @param {{ key: string, threadId: string, parentId: string | null, author: { name: string, url?: string, avatarUrl?: string, email?: string },
   *   body: string, status: 'approved' | 'pending', session: string }} input
   * @returns {{ row: CommentRow, replayed: boolean, keyThread?: string, eventId?: number } | { gone: true, keyThread: string }}
   */
  createComment(input) {
    return this.db.transaction(() => {
      const seen = /** @type {{ comment_id: string, thread_id: string } | undefined} */ (this.q.keyGet.get(input.session, input.key));
      if (seen) {
        const row = this.comment(seen.comment_id);
        if (!row || row.status === 'deleted') return { gone: /** @type {const} */ (true), keyThread: seen.thread_id };
        return { row, replayed: true, keyThread: seen.thread_id };
      }
      const id = randomUUID();
      const now = new Date().toISOString();
      const info = this.q.insert.run({
        id,
        thread_id: input.threadId,
        parent_id: input.parentId,
        author_name: input.author.name,
        author_url: input.author.url ?? null,
        author_avatar_url: input.author.avatarUrl ?? null,
        author_email: input.author.email ?? null,
        is_thread_owner: 0,
        body: input.body,
        body_format: 'markdown',
        created_at: now,
        edited_at: null,
        status: input.status,
        session_id: input.session,
      });
      const seq = Number(info.lastInsertRowid);
      const parent = input.parentId ? this.comment(input.parentId) : undefined;
      this.q.setRoot.run(parent ? parent.root_seq : seq, seq);
      this.q.keyPut.run(input.session, input.key, id, input.threadId, now);
      let eventId;
      if (input.status === 'approved') {
        eventId = Number(this.q.change.run(input.threadId, 'added', id).lastInsertRowid);
      }
      return { row: /** @type {CommentRow} */ (this.comment(id)), replayed: false, eventId };
    }).immediate();
  }

  /**
   * Imports records as given (ids, times, parents kept): the demo's seed, tests' fixtures.
   * Parents are placed before replies so conversations page together.
   * @param {CommentRecord[]} records
   * @param {{ emit?: boolean }} [options]
   * @returns {{ eventId: number, threadId: string, id: string }[]} the change events written (when `emit`)
   */
  importRecords(records, { emit = false } = {}) {
    return this.db.transaction(() => {
      const sorted = [...records].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
      /** @type {{ eventId: number, threadId: string, id: string }[]} */
      const events = [];
      for (const record of sorted) {
        if (this.comment(record.id)) continue;
        const info = this.q.insert.run({
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
        const seq = Number(info.lastInsertRowid);
        this.q.setRoot.run(seq, seq);
        if (emit && (record.status ?? 'approved') !== 'pending') {
          const eventId = Number(this.q.change.run(record.threadId, 'added', record.id).lastInsertRowid);
          events.push({ eventId, threadId: record.threadId, id: record.id });
        }
      }
      // Each record pages with its top-level ancestor (cycle-safe: stop at a repeat).
      for (const record of sorted) {
        const own = this.comment(record.id);
        if (!own) continue;
        let top = own;
        const visited = new Set([own.id]);
        for (let parent = top.parent_id ? this.comment(top.parent_id) : undefined; parent && !visited.has(parent.id); ) {
          visited.add(parent.id);
          top = parent;
          parent = top.parent_id ? this.comment(top.parent_id) : undefined;
        }
        this.q.setRoot.run(top.seq, own.seq);
      }
      return events;
    })();
  }

  /**
   * Changes of a thread after `eventId` (a reconnecting stream's catch-up), at most `limit`.
   * @param {string} threadId
   * @param {number} eventId
   * @param {number} [limit]
   * @returns {{ event_id: number, type: string, comment_id: string }[]}
   */
  changesAfter(threadId, eventId, limit = 5000) {
    return /** @type {{ event_id: number, type: string, comment_id: string }[]} */ (
      this.q.changesAfter.all(threadId, eventId, limit)
    );
  }

  /** @param {string | undefined} id @returns {{ id: string, identity: Identity | null } | null} */
  session(id) {
    if (!id) return null;
    const row = /** @type {{ id: string, identity: string | null } | undefined} */ (this.q.sessionGet.get(id));
    if (!row) return null;
    return { id: row.id, identity: row.identity ? JSON.parse(row.identity) : null };
  }

  /** A new session id: 256 random bits, so it cannot be guessed. */
  createSession() {
    const id = randomBytes(32).toString('base64url');
    this.q.sessionPut.run(id, new Date().toISOString());
    return id;
  }

  /** @param {string} id @param {Identity | null} identity */
  setIdentity(id, identity) {
    this.q.sessionIdentity.run(identity ? JSON.stringify(identity) : null, id);
  }

  /**
   * @typedef {{ closed: boolean, requiresSignIn: boolean, requiredGuestFields: ('name' | 'email')[],
   *   editWindow?: number, reactions?: string[] }} ThreadSettings
   */

  /** @param {string} threadId @returns {ThreadSettings} */
  thread(threadId) {
    const row = /** @type {{ closed: number, requires_sign_in: number, required_guest_fields: string, edit_window: number | null, reactions: string | null } | undefined} */ (
      this.q.threadGet.get(threadId)
    );
    if (!row) return { ...DEFAULT_THREAD, requiredGuestFields: /** @type {('name' | 'email')[]} */ ([...DEFAULT_THREAD.requiredGuestFields]) };
    /** @type {ThreadSettings} */
    const settings = {
      closed: Boolean(row.closed),
      requiresSignIn: Boolean(row.requires_sign_in),
      requiredGuestFields: JSON.parse(row.required_guest_fields),
    };
    if (row.edit_window !== null) settings.editWindow = row.edit_window;
    if (row.reactions !== null) settings.reactions = JSON.parse(row.reactions);
    return settings;
  }

  /** @param {string} threadId @param {Partial<ThreadSettings>} info */
  setThread(threadId, info) {
    const current = this.thread(threadId);
    const editWindow = 'editWindow' in info ? info.editWindow : current.editWindow;
    const reactions = 'reactions' in info ? info.reactions : current.reactions;
    this.q.threadPut.run({
      id: threadId,
      closed: (info.closed ?? current.closed) ? 1 : 0,
      requires: (info.requiresSignIn ?? current.requiresSignIn) ? 1 : 0,
      fields: JSON.stringify(info.requiredGuestFields ?? current.requiredGuestFields),
      editWindow: typeof editWindow === 'number' ? editWindow : null,
      reactions: Array.isArray(reactions) ? JSON.stringify(reactions) : null,
    });
  }

  /**
   * The record as a reader sees it: `viewerIsAuthor` and each reaction's `mine` for their session.
   * @param {CommentRow} row @param {string | null} session @returns {CommentRecord}
   */
  toRecord(row, session) {
    const record = rowToRecord(row, session);
    const counts = /** @type {{ reaction: string, n: number, mine: number }[]} */ (
      this.q.reactionsOf.all({ id: row.id, session: session ?? '' })
    );
    if (counts.length) {
      record.reactions = {};
      for (const { reaction, n, mine } of counts) record.reactions[reaction] = mine ? { count: n, mine: true } : { count: n };
    }
    return record;
  }

  /**
   * Replaces a comment's text; logs an `updated` change unless the comment is held (a held
   * comment's changes are nobody's business but its author's: nothing is logged or replayed).
   * @param {string} id @param {string} body @returns {{ row: CommentRow, eventId?: number }}
   */
  editComment(id, body) {
    return this.db.transaction(() => {
      this.q.editBody.run(body, new Date().toISOString(), id);
      const row = /** @type {CommentRow} */ (this.comment(id));
      return { row, eventId: this.#log(row, 'updated') };
    }).immediate();
  }

  /**
   * Logs a change of a comment others can see; a held (`pending`) comment's changes are not logged.
   * @param {CommentRow} row @param {'added' | 'updated' | 'removed'} type @returns {number | undefined} the event id
   */
  #log(row, type) {
    if (row.status === 'pending') return undefined;
    return Number(this.q.change.run(row.thread_id, type, row.id).lastInsertRowid);
  }

  /**
   * Deletes a comment: a placeholder (`deleted`, no text, no author) when it has replies, so they
   * keep their place; otherwise gone. Logs `updated` or `removed` (nothing for a held comment).
   * @param {string} id @returns {{ type: 'updated' | 'removed', threadId: string, eventId?: number }}
   */
  deleteComment(id) {
    return this.db.transaction(() => {
      const row = /** @type {CommentRow} */ (this.comment(id));
      this.q.reactionsClear.run(id);
      /** @type {'updated' | 'removed'} */
      let type = 'removed';
      if (this.q.hasReplies.get(id)) {
        this.q.tombstone.run(id);
        type = 'updated';
      } else {
        this.q.remove.run(id);
      }
      return { type, threadId: row.thread_id, eventId: this.#log(row, type) };
    }).immediate();
  }

  /**
   * Toggles the session's reaction on a comment; logs an `updated` change (not for a held comment).
   * @param {string} id @param {string} reaction @param {string} session @returns {number | undefined} the event id
   */
  toggleReaction(id, reaction, session) {
    return this.db.transaction(() => {
      if (this.q.reactionHas.get(id, reaction, session)) this.q.reactionRemove.run(id, reaction, session);
      else this.q.reactionAdd.run(id, reaction, session);
      return this.#log(/** @type {CommentRow} */ (this.comment(id)), 'updated');
    }).immediate();
  }

  /** @param {string} id @param {string} reason @param {string | null} session */
  report(id, reason, session) {
    this.q.reportAdd.run(id, reason, session, new Date().toISOString());
  }

  /** @param {string} id @returns {number} */
  reportCount(id) {
    return /** @type {{ n: number }} */ (this.q.reportCount.get(id)).n;
  }

  /** @param {string} key @returns {string | undefined} */
  setting(key) {
    return /** @type {{ value: string } | undefined} */ (this.q.settingGet.get(key))?.value;
  }

  /** @param {string} key @param {string} value */
  setSetting(key, value) {
    this.q.settingPut.run(key, value);
  }

  /**
   * What the session stored under an idempotency key: nothing (`undefined`), the comment, or
   * `{ gone }` when it was deleted since. Another session's key is never seen.
   * @param {string} key @param {string | null} session
   * @returns {{ row: CommentRow, threadId: string } | { gone: true, threadId: string } | undefined}
   */
  commentForKey(key, session) {
    if (!session) return undefined;
    const seen = /** @type {{ comment_id: string, thread_id: string } | undefined} */ (this.q.keyGet.get(session, key));
    if (!seen) return undefined;
    const row = this.comment(seen.comment_id);
    if (!row || row.status === 'deleted') return { gone: true, threadId: seen.thread_id };
    return { row, threadId: seen.thread_id };
  }

  /** Counts for tests and tools: how many comments carry this exact body. @param {string} body */
  countByBody(body) {
    return /** @type {{ n: number }} */ (this.db.prepare('SELECT COUNT(*) AS n FROM comments WHERE body = ?').get(body)).n;
  }
}
