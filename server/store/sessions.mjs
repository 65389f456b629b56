// Sessions: who a browser is (an identity, or a guest's ownership of its comments). Functions over
// a kysely executor; the Store (index.mjs) exposes them as methods.
import { randomBytes } from 'node:crypto';

/** @typedef {import('../../src/types.js').Identity} Identity */
/** @typedef {import('./engine.mjs').Executor} Executor */

/** A session's last use is written at most this often (ms). */
const SEEN_EVERY = 60_000;

/**
 * A session, or null: unknown, ended, or unused for longer than `idleMs` (then it is ended).
 * @param {Executor} db @param {string | undefined} id @param {number} [idleMs]
 * @returns {Promise<{ id: string, identity: Identity | null, authorToken?: string | null } | null>}
 */
export async function readSession(db, id, idleMs) {
  if (!id) return null;
  const row = await db.selectFrom('sessions').select(['id', 'identity', 'seen_at', 'author_token']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const seen = Date.parse(row.seen_at ?? '') || now;
  if (idleMs !== undefined && now - seen > idleMs) {
    await endSession(db, id);
    return null;
  }
  if (now - seen > SEEN_EVERY) await db.updateTable('sessions').set({ seen_at: new Date(now).toISOString() }).where('id', '=', id).execute();
  const session = { id: row.id, identity: row.identity ? JSON.parse(row.identity) : null };
  return row.author_token ? { ...session, authorToken: row.author_token } : session;
}

/**
 * A new session id (256 random bits, so it cannot be guessed) holding `identity`.
 * @param {Executor} db @param {Identity | null} identity @returns {Promise<string>}
 */
export async function createSession(db, identity) {
  const id = randomBytes(32).toString('base64url');
  const now = new Date().toISOString();
  await db.insertInto('sessions').values({ id, identity: identity ? JSON.stringify(identity) : null, created_at: now, seen_at: now }).execute();
  return id;
}

/** Ends a session: its id names nobody from now on. @param {Executor} db @param {string} id */
export async function endSession(db, id) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** @param {Executor} db @param {string} id @param {Identity | null} identity */
export async function setSessionIdentity(db, id, identity) {
  await db
    .updateTable('sessions')
    .set({ identity: identity ? JSON.stringify(identity) : null })
    .where('id', '=', id)
    .execute();
}
