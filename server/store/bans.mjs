// Bans: who may not post (an identity, a hashed email or a network address, for a while or for
// good), how a new comment is checked against them, and banning a comment's author. Each change
// is written with its audit entry in one transaction.
import { sql } from 'kysely';
import { createHash, randomUUID } from 'node:crypto';
import { findComment } from './comments.mjs';
import { audit } from './moderation-log.mjs';

/** @typedef {import('./engine.mjs').Engine} Engine */
/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('../../src/types.js').Ban} Ban */

/** SHA-256 hex of a trimmed, lower-cased email: how bans name a guest's email. @param {string} email */
export function hashEmail(email) {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * A ban row as the contract's `Ban`.
 * @param {{ id: string, identity: string | null, email_hash: string | null, address: string | null, created_at: string, expires_at: string | null }} row
 * @returns {Ban}
 */
function banFromRow(row) {
  return {
    id: row.id,
    ...(row.identity ? { identity: row.identity } : {}),
    ...(row.email_hash ? { emailHash: row.email_hash } : {}),
    ...(row.address ? { address: row.address } : {}),
    createdAt: row.created_at,
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
  };
}

/** @param {Executor} db @param {number} now */
export async function activeBans(db, now) {
  const at = new Date(now).toISOString();
  return db.selectFrom('bans').selectAll().where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)])).execute();
}

/**
 * Bans an author: the identity, hashed email and address of a comment's author, or those
 * given. Answers null when nothing names anyone (a guest without email whose address was erased).
 * @param {{ commentId?: string, identity?: string, emailHash?: string, address?: string, duration?: number }} request
 * @param {Engine} engine @param {string} actor
 * @returns {Promise<Ban | null | { missing: true }>}
 */
export function ban(engine, request, actor) {
  return engine.write(async (trx) => {
    /** @type {{ identity?: string | null, emailHash?: string | null, address?: string | null }} */
    let who = {};
    if (request.commentId !== undefined) {
      const row = /** @type {any} */ (await findComment(trx, request.commentId));
      if (!row) return { missing: /** @type {const} */ (true) };
      who = { identity: row.author_identity, emailHash: row.author_email ? hashEmail(row.author_email) : null, address: row.author_address };
    }
    if (request.identity) who.identity = request.identity;
    if (request.emailHash) who.emailHash = request.emailHash.toLowerCase();
    if (request.address) who.address = request.address;
    if (!who.identity && !who.emailHash && !who.address) return null;
    const now = Date.now();
    const row = {
      id: randomUUID(),
      identity: who.identity || null,
      email_hash: who.emailHash || null,
      address: who.address || null,
      created_at: new Date(now).toISOString(),
      expires_at: request.duration ? new Date(now + request.duration * 1000).toISOString() : null,
      created_by: actor,
    };
    await trx.insertInto('bans').values(row).execute();
    await audit(trx, { at: row.created_at, actor, action: 'ban', banId: row.id, commentId: request.commentId, detail: request.duration ? { duration: request.duration } : undefined });
    return banFromRow(row);
  });
}

/** Lifts a ban; false when there is none by that id. @param {Engine} engine @param {string} banId @param {string} actor */
export function unban(engine, banId, actor) {
  return engine.write(async (trx) => {
    const gone = await trx.deleteFrom('bans').where('id', '=', banId).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) return false;
    await audit(trx, { at: new Date().toISOString(), actor, action: 'unban', banId });
    return true;
  });
}

/** The bans in force, newest first. @param {Executor} db @returns {Promise<Ban[]>} */
export async function bans(db) {
  const rows = await activeBans(db, Date.now());
  return rows.sort((a, b) => (a.created_at < b.created_at ? 1 : -1)).map(banFromRow);
}

/**
 * The ban in force that covers an author, if any.
 * @param {Executor} db @param {{ identity?: string | null, email?: string | null, address?: string | null }} who
 * @returns {Promise<Ban | null>}
 */
export async function banFor(db, { identity, email, address }) {
  const emailHash = email ? hashEmail(email) : null;
  const at = new Date().toISOString();
  const row = await db
    .selectFrom('bans')
    .selectAll()
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .where((eb) =>
      eb.or([
        ...(identity ? [eb('identity', '=', identity)] : []),
        ...(emailHash ? [eb('email_hash', '=', emailHash)] : []),
        ...(address ? [eb('address', '=', address)] : []),
        sql`1 = 0`,
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row ? banFromRow(row) : null;
}
