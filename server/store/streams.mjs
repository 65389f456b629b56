// Open live streams per network address (MAX_STREAMS_PER_ADDRESS, server/plugins/limits.mjs),
// counted in the store so that every instance on one SQLite file or PostgreSQL database shares
// the count: one row per open stream, naming its address and the instance that holds it. An
// instance renews its rows' lease while it runs (Store.renewStreams) and deletes a row when its
// stream closes; the rows of an instance that died without closing them lapse with their lease,
// so a crash holds an address's places for one lease at most.
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';

/** @typedef {import('./engine.mjs').Executor} Executor */
/** @typedef {import('./engine.mjs').Engine} Engine */

/**
 * Migration 0009: the open streams, and the list version's counter with its triggers.
 * @param {'sqlite' | 'postgres'} engine @returns {import('kysely').Migration}
 */
export const openStreamsMigration = (engine) => ({
  /** @param {import('kysely').Kysely<any>} db */
  async up(db) {
    await db.schema
      .createTable('open_streams')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('address', 'text', (column) => column.notNull())
      .addColumn('instance', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('open_streams_address').on('open_streams').columns(['address', 'expires_at']).execute();
    await db.schema.createIndex('open_streams_instance').on('open_streams').column('instance').execute();
    // The list version (Engine.version): one counter, raised with every write to what the list
    // route answers, in the writing transaction, whoever writes.
    await db.schema.createTable('list_version').addColumn('n', 'bigint', (column) => column.notNull()).execute();
    await db.insertInto('list_version').values({ n: 0 }).execute();
    const tables = ['comments', 'reactions', 'changes'];
    if (engine === 'postgres') {
      await sql`create function raise_list_version() returns trigger language plpgsql as $$
        begin update list_version set n = n + 1; return null; end $$`.execute(db);
      for (const table of tables) {
        await sql`create trigger ${sql.id(`${table}_list_version`)} after insert or update or delete or truncate on ${sql.table(table)}
          for each statement execute function raise_list_version()`.execute(db);
      }
    } else {
      for (const table of tables) {
        for (const event of ['insert', 'update', 'delete']) {
          await sql`create trigger ${sql.id(`${table}_list_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
            begin update list_version set n = n + 1; end`.execute(db);
        }
      }
    }
  },
});

/**
 * Takes a place for a stream from `address` when it has fewer than `max` open (leases not
 * lapsed): one statement that counts and inserts (atomic on SQLite, whose writers take turns),
 * under a lock per address on PostgreSQL (whose statements at once would each count alone).
 * @param {Engine} engine @param {{ address: string, instance: string, max: number, leaseMs: number }} request
 * @returns {Promise<string | null>} the place's id (give it back with {@link closeStream}), or null when the address has `max` open
 */
export async function openStream(engine, { address, instance, max, leaseMs }) {
  const id = randomBytes(16).toString('base64url');
  /** @param {Executor} db */
  const take = async (db) => {
    const now = Date.now();
    const result = await sql`insert into open_streams (id, address, instance, expires_at)
      select ${id}, ${address}, ${instance}, cast(${now + leaseMs} as bigint)
      where (select count(*) from open_streams where address = ${address} and expires_at > ${now}) < ${max}`.execute(db);
    return Number(result.numAffectedRows ?? 0) === 1 ? id : null;
  };
  if (engine.name !== 'postgres') return take(engine.db);
  return engine.write(async (trx) => {
    await engine.lockName(trx, `streams:${address}`);
    return take(trx);
  });
}

/** Gives a stream's place back. @param {Executor} db @param {string} id */
export async function closeStream(db, id) {
  await db.deleteFrom('open_streams').where('id', '=', id).execute();
}

/**
 * Renews the lease of every place `instance` holds, and deletes lapsed places (any instance's).
 * @param {Executor} db @param {string} instance @param {number} leaseMs
 */
export async function renewStreams(db, instance, leaseMs) {
  const now = Date.now();
  await db.updateTable('open_streams').set({ expires_at: now + leaseMs }).where('instance', '=', instance).execute();
  await db.deleteFrom('open_streams').where('expires_at', '<=', now).execute();
}

/** How many streams `address` has open (leases not lapsed), on every instance. @param {Executor} db @param {string} address */
export async function countStreams(db, address) {
  const row = await db
    .selectFrom('open_streams')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('address', '=', address)
    .where('expires_at', '>', Date.now())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
