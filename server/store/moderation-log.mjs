// The moderation audit log (who did what, newest first, paged by an opaque cursor) and the
// retention sweep (RETENTION_DAYS): the record-keeping half of the moderation store.

/** @typedef {import('./engine.mjs').Engine} Engine */
/** @typedef {import('./engine.mjs').Executor} Executor */

/** Cursors of the queue and the log: opaque base64url of JSON. @param {unknown} value */
export const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** @param {string | null | undefined} cursor @returns {any} */
export function decode(cursor) {
  if (!cursor) return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Writes one audit entry, in the transaction of the change it records.
 * @param {Executor} trx
 * @param {{ at: string, actor: string, action: string, commentId?: string, threadId?: string, banId?: string, detail?: object }} entry
 */
export async function audit(trx, entry) {
  await trx
    .insertInto('moderation_log')
    .values({
      created_at: entry.at,
      actor: entry.actor,
      action: entry.action,
      comment_id: entry.commentId ?? null,
      thread_id: entry.threadId ?? null,
      ban_id: entry.banId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

/**
 * The audit log, newest first.
 * @param {Executor} db @param {{ cursor?: string | null, limit: number }} options
 * @returns {Promise<{ entries: object[], nextCursor: string | null } | { badCursor: true }>}
 */
export async function readLog(db, { cursor, limit }) {
  const after = decode(cursor);
  if (after === undefined || (after !== null && !Number.isSafeInteger(after.id))) return { badCursor: true };
  let query = db.selectFrom('moderation_log').selectAll();
  if (after) query = query.where('id', '<', after.id);
  const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return {
    entries: kept.map((row) => ({
      id: String(row.id),
      at: row.created_at,
      actor: row.actor,
      action: row.action,
      ...(row.comment_id ? { commentId: row.comment_id } : {}),
      ...(row.thread_id ? { threadId: row.thread_id } : {}),
      ...(row.ban_id ? { banId: row.ban_id } : {}),
      ...(row.detail ? { detail: JSON.parse(row.detail) } : {}),
    })),
    nextCursor: more ? encode({ id: Number(/** @type {any} */ (kept.at(-1)).id) }) : null,
  };
}

/**
 * Erases the network addresses and emails of comments posted before `now - days`, and of bans
 * that ended before then (RETENTION_DAYS). Answers how many comments it changed.
 * @param {Engine} engine @param {number} now ms since the epoch @param {number} days
 */
export async function eraseOld(engine, now, days) {
  const before = new Date(now - days * 86_400_000).toISOString();
  return engine.write(async (trx) => {
    const result = await trx
      .updateTable('comments')
      .set({ author_address: null, author_email: null })
      .where('created_at', '<', before)
      .where((eb) => eb.or([eb('author_address', 'is not', null), eb('author_email', 'is not', null)]))
      .executeTakeFirst();
    await trx.deleteFrom('bans').where('expires_at', 'is not', null).where('expires_at', '<', before).execute();
    return Number(result.numUpdatedRows);
  });
}
