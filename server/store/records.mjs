// Rows as the store keeps them, and the records readers get: pure functions, no database.

/** @typedef {import('../../src/types.js').CommentRecord} CommentRecord */

/**
 * A comment as stored.
 * @typedef {object} CommentRow
 * @property {number} seq insertion order
 * @property {string} id
 * @property {string} thread_id
 * @property {string | null} parent_id
 * @property {number} root_seq the `seq` of its top-level ancestor (pages keep conversations together)
 * @property {string} author_name
 * @property {string | null} author_url
 * @property {string | null} author_avatar_url
 * @property {string | null} author_email never shown to readers
 * @property {string | null} [author_identity] who wrote it: `<option>:<subject>` of the session's sign-in, or the imported account
 * @property {number} is_thread_owner 0 or 1
 * @property {string} body
 * @property {string} body_format
 * @property {string} created_at
 * @property {string | null} edited_at
 * @property {string} status
 * @property {string | null} session_id
 * @property {string | null} [author_address] the network address it came from (moderators only; erased after RETENTION_DAYS)
 */

/**
 * A thread's settings.
 * @typedef {{ closed: boolean, requiresSignIn: boolean, requiredGuestFields: ('name' | 'email')[],
 *   editWindow?: number, reactions?: string[] }} ThreadSettings
 */

/** What a thread is when nobody configured it: open, guests welcome, name and email required (as WordPress). */
export const DEFAULT_THREAD = Object.freeze({ closed: false, requiresSignIn: false, requiredGuestFields: ['name', 'email'] });

/** A fresh copy of {@link DEFAULT_THREAD}. @returns {ThreadSettings} */
export function defaultThread() {
  return { ...DEFAULT_THREAD, requiredGuestFields: /** @type {('name' | 'email')[]} */ ([...DEFAULT_THREAD.requiredGuestFields]) };
}

/**
 * Statuses nobody but the author's own session sees, that never reach the live stream: `pending`
 * (held for moderation), `spam` (a spam check's or a moderator's verdict, kept for the moderators) and
 * `trash` (deleted by a moderator, restorable: server/store/moderation.mjs).
 */
export const HELD_STATUSES = Object.freeze(['pending', 'spam', 'trash']);

/** Whether a stored status is held (see {@link HELD_STATUSES}). @param {string} status */
export const isHeld = (status) => HELD_STATUSES.includes(status);

/**
 * The record a reader sees, without reactions; `viewerIsAuthor` for the viewer's own comments.
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
    // Spam and trash are shown to their author as held, never as a verdict (the contract knows neither).
    status: /** @type {CommentRecord['status']} */ (row.status === 'spam' || row.status === 'trash' ? 'pending' : row.status),
  };
  if (row.author_url) record.author.url = row.author_url;
  if (row.author_avatar_url) record.author.avatarUrl = row.author_avatar_url;
  if (row.is_thread_owner) record.author.isThreadOwner = true;
  if (row.body_format === 'html') record.bodyFormat = 'html';
  if (row.edited_at) record.editedAt = row.edited_at;
  if (viewerSession && row.session_id === viewerSession) record.viewerIsAuthor = true;
  return record;
}

/**
 * Orders strings by code point (as SQLite's BINARY collation orders UTF-8), the same on every
 * engine and database locale.
 * @param {string} a @param {string} b
 */
export function byCodePoint(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = /** @type {number} */ (x[i].codePointAt(0)) - /** @type {number} */ (y[i].codePointAt(0));
    if (d) return d;
  }
  return x.length - y.length;
}

/**
 * A thread row's settings.
 * @param {{ closed: number, requires_sign_in: number, required_guest_fields: string, edit_window: number | null, reactions: string | null } | undefined} row
 * @returns {ThreadSettings}
 */
export function threadFromRow(row) {
  if (!row) return defaultThread();
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
