// The rate-limit counts of server/plugins/limits.mjs, in the store so every instance on the same
// SQLite file or PostgreSQL database shares one count. One row per key: how many requests since
// the window began, and when it ends (ms since the epoch). Counting is one statement
// (INSERT … ON CONFLICT DO UPDATE … RETURNING), atomic on both engines.
import { sql } from 'kysely';

/** @typedef {import('./engine.mjs').Executor} Executor */

/** Every this many hits, rows whose window ended are deleted. */
const SWEEP_EVERY = 500;
let hits = 0;

/**
 * Counts one more request under `key`; a window that ended starts again at 1.
 * @param {Executor} db @param {string} key @param {number} windowMs
 * @returns {Promise<{ current: number, ttl: number }>} the count in this window and the ms left of it
 */
export async function hit(db, key, windowMs) {
  const now = Date.now();
  const ended = sql`rate_limits.reset_at <= ${now}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: 1, reset_at: now + windowMs })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        count: sql`case when ${ended} then 1 else rate_limits.count + 1 end`,
        reset_at: sql`case when ${ended} then ${now + windowMs} else rate_limits.reset_at end`,
      }),
    )
    .returning(['count', 'reset_at'])
    .executeTakeFirstOrThrow();
  if (++hits % SWEEP_EVERY === 0) await db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
  return { current: Number(row.count), ttl: Math.max(0, Number(row.reset_at) - now) };
}

/**
 * How many reports `session` made of comment `id`.
 * @param {Executor} db @param {string} id @param {string} session @returns {Promise<number>}
 */
export async function countReports(db, id, session) {
  const row = await db
    .selectFrom('reports')
    .select(sql`count(*)`.as('n'))
    .where('comment_id', '=', id)
    .where('session_id', '=', session)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
