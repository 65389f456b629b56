// The two engines under the store: one SQLite file (better-sqlite3) in DATA_DIR, the default,
// or PostgreSQL (pg) when DATABASE_URL is postgres://…. Everything engine-specific lives here:
// opening, write transactions, the locks that serialise the change log and idempotency keys,
// and the start-up lock under which migrations and the seed run once.
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrationProvider } from './migrations.mjs';

/** @typedef {import('kysely').Kysely<any>} AnyKysely */
/** @typedef {import('kysely').Transaction<any>} AnyTransaction */
/** @typedef {AnyKysely | AnyTransaction} Executor */

/**
 * @typedef {object} EngineOptions
 * @property {string} [dataDir] the SQLite store's folder (`comments.sqlite` in it); used when there is no `databaseUrl`
 * @property {string} [databaseUrl] `postgres://…` (or `postgresql://…`): use PostgreSQL instead
 */

// Advisory lock keys (two int4s): one class for this application, one object per purpose.
const LOCK_CLASS = 0x43540001;
const STARTUP_LOCK = 0;
const CHANGE_LOG_LOCK = 1;
/** How long a SQLite writer waits for another process's write to finish. */
const BUSY_MS = 5000;
/** How long an instance waits at start-up for another one's migrations and seed. */
const STARTUP_BUSY_MS = 60000;

/** The PostgreSQL channel that carries `{ t: threadId, e: eventId }` of each committed change to every instance. */
export const CHANGES_CHANNEL = 'comment_thread_changes';
/** How long a lost LISTEN connection waits before connecting again. */
const RELISTEN_MS = 1000;

/** PostgreSQL's bigint (COUNT(*), bigserial keys) as a JavaScript number, in this pool only. */
const pgTypes = {
  /** @param {number} oid @param {any} [format] */
  getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)),
};

/** Prepared SQLite statements kept for reuse (queries with `IN (…)` lists vary in length). */
const STATEMENT_CACHE = 256;

/**
 * The SQLite database as kysely's dialect sees it, preparing each distinct SQL text once instead
 * of on every query (compiling a statement cost more than running it for the list route).
 * better-sqlite3 runs a statement to the end synchronously, so one statement object serves every
 * caller. When the cache is full it starts again.
 * @param {import('better-sqlite3').Database} database
 * @returns {import('kysely').SqliteDatabase}
 */
function cachingStatements(database) {
  /** @type {Map<string, import('better-sqlite3').Statement>} */
  const statements = new Map();
  return {
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return /** @type {any} */ (statement);
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}

export class Engine {
  /** @type {'sqlite' | 'postgres'} */
  name;
  /** @type {AnyKysely} */
  db;
  /** The SQLite file (SQLite only). @type {string | undefined} */
  file;
  /** @type {import('better-sqlite3').Database | undefined} */
  #sqlite;
  /** @type {string | undefined} */
  #url;
  /** The open LISTEN clients' stop functions. @type {Set<() => Promise<void>>} */
  #listeners = new Set();
  /** SQLite: reads the list version (see {@link version}), prepared on first use. @type {import('better-sqlite3').Statement | undefined} */
  #versionQuery;
  /** SQLite: a write transaction is open on this connection (its writes not committed yet). */
  #writing = false;

  /** @param {EngineOptions} options */
  constructor({ dataDir, databaseUrl }) {
    if (databaseUrl) {
      if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) {
        throw new Error(`DATABASE_URL must start with postgres:// (got "${databaseUrl.split(':')[0]}:…"); leave it unset for SQLite in DATA_DIR`);
      }
      this.name = 'postgres';
      this.#url = databaseUrl;
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: pgTypes });
      // An idle client's error (the server restarting) must not end the process; the next query reconnects.
      pool.on('error', () => {});
      this.db = new Kysely({ dialect: new PostgresDialect({ pool }) });
      return;
    }
    if (!dataDir) throw new Error('the store needs DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL)');
    this.name = 'sqlite';
    mkdirSync(dataDir, { recursive: true });
    // The data folder is run-time state: keep it out of git without touching a shared .gitignore.
    const ignore = join(dataDir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
    this.file = join(dataDir, 'comments.sqlite');
    const database = new Database(this.file);
    // busy_timeout first: switching to WAL needs a moment of exclusive access another process may hold.
    database.pragma(`busy_timeout = ${STARTUP_BUSY_MS}`);
    // WAL with synchronous=FULL: a write is on disk when its transaction returns, so killing the
    // process at any moment loses nothing that was answered.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    this.#sqlite = database;
    this.db = new Kysely({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  }

  /**
   * Runs `work` in one write transaction and returns its result; rolls back when it throws.
   * SQLite: BEGIN IMMEDIATE, so writers (in this process or another) queue instead of failing
   * to upgrade a read lock. PostgreSQL: READ COMMITTED; use {@link lockChangeLog} and
   * {@link lockName} where order or uniqueness matters.
   * @template T
   * @param {(trx: Executor) => Promise<T>} work
   * @returns {Promise<T>}
   */
  write(work) {
    if (this.name === 'postgres') return this.db.transaction().execute(work);
    return this.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      this.#writing = true;
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => {});
        throw error;
      } finally {
        this.#writing = false;
      }
    });
  }

  /**
   * Runs `work` on one consistent snapshot (several reads that must agree).
   * @template T
   * @param {(trx: Executor) => Promise<T>} work
   * @returns {Promise<T>}
   */
  snapshot(work) {
    const transaction = this.db.transaction();
    return (this.name === 'postgres' ? transaction.setIsolationLevel('repeatable read') : transaction).execute(work);
  }

  /**
   * Call right before writing to the change log, as the transaction's last step: on PostgreSQL
   * writers then take event ids one at a time and commit in that order, so a reader never sees
   * event 7 before event 6 has committed and catch-up (`event_id > n`) never skips one. (A plain
   * sequence hands out ids at insert time, and transactions commit in any order.) SQLite's
   * BEGIN IMMEDIATE already lets one writer in at a time.
   * @param {Executor} trx
   */
  async lockChangeLog(trx) {
    if (this.name === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_CLASS)}, ${sql.lit(CHANGE_LOG_LOCK)})`.execute(trx);
  }

  /**
   * Tells every instance (PostgreSQL `NOTIFY`, delivered when the transaction commits, in commit
   * order) that `threadId`'s change log grew to `eventId`: ids only, never bodies. Nothing on
   * SQLite, whose one instance signals its own streams.
   * @param {Executor} trx @param {string} threadId @param {number} eventId
   */
  async notifyChange(trx, threadId, eventId) {
    if (this.name === 'postgres') await sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ t: threadId, e: eventId })})`.execute(trx);
  }

  /**
   * Listens for {@link notifyChange} of every instance (PostgreSQL only; on SQLite it does
   * nothing). One dedicated connection; when it drops it connects again and calls `onGap`,
   * since notifications sent meanwhile are lost (the change log still has them).
   * @param {(threadId: string, eventId: number) => void} onChange
   * @param {() => void} onGap
   * @returns {Promise<() => Promise<void>>} stops listening
   */
  async listen(onChange, onGap) {
    if (this.name !== 'postgres') return async () => {};
    let stopped = false;
    /** @type {pg.Client | null} */
    let client = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const connect = async () => {
      const next = new pg.Client({ connectionString: this.#url });
      next.on('notification', (message) => {
        try {
          const { t, e } = JSON.parse(message.payload ?? '');
          if (typeof t === 'string' && Number.isSafeInteger(e)) onChange(t, e);
        } catch {
          // not ours
        }
      });
      const lost = () => {
        if (stopped || client !== next) return;
        client = null;
        next.end().catch(() => {});
        timer = setTimeout(() => reconnect(), RELISTEN_MS);
      };
      next.on('error', lost);
      next.on('end', lost);
      client = next;
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    };
    const reconnect = async () => {
      if (stopped) return;
      try {
        await connect();
        onGap();
      } catch {
        if (client) client.removeAllListeners('end');
        client?.end().catch(() => {});
        client = null;
        if (!stopped) timer = setTimeout(() => reconnect(), RELISTEN_MS);
      }
    };
    await connect();
    const stop = async () => {
      stopped = true;
      clearTimeout(timer);
      this.#listeners.delete(stop);
      await client?.end().catch(() => {});
    };
    this.#listeners.add(stop);
    return stop;
  }

  /**
   * A mark that differs whenever what the list route answers may have changed: the counter that
   * triggers on `comments`, `reactions` and `changes` raise in the same transaction as any write
   * to them, by any connection or process (migration 0009, ./streams.mjs). Writes elsewhere (open
   * streams, rate-limit counts, sessions) leave it. Null while this SQLite connection is inside a
   * write transaction (its uncommitted raise could be rolled back and the number reused): do not
   * cache then. SQLite reads it synchronously in microseconds; PostgreSQL in one round trip.
   * @returns {Promise<string | null>}
   */
  async version() {
    const database = this.#sqlite;
    if (database) {
      if (this.#writing) return null;
      this.#versionQuery ??= database.prepare('select n from list_version').pluck();
      return String(this.#versionQuery.get());
    }
    const { rows } = await sql`select n from list_version`.execute(this.db);
    return String(/** @type {{ n: number | string }} */ (rows[0]).n);
  }

  /** Answers whether the database answers a trivial query (the health check). @returns {Promise<boolean>} */
  async ping() {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Serialises the transactions that name the same thing (an idempotency key, one reader's
   * reaction) until they commit, so two requests at once cannot both find it missing and both
   * add it. PostgreSQL only: SQLite's writers are serial already.
   * @param {Executor} trx @param {string} name
   */
  async lockName(trx, name) {
    if (this.name === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_CLASS + 1)}, hashtext(${name}))`.execute(trx);
  }

  /**
   * SQLite's online backup of the live database into `file` (a complete SQLite file, WAL included).
   * PostgreSQL has pg_dump for that: this throws.
   * @param {string} file
   */
  async backup(file) {
    if (!this.#sqlite) throw new Error('backup() is for SQLite; back up PostgreSQL with pg_dump');
    // After the first step, copy everything left in one step: a write by another connection
    // between steps restarts a backup, so small steps under steady writes might never finish.
    await this.#sqlite.backup(file, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  }

  /**
   * Migrates to the latest version, then runs `work` (the seed) in one write transaction, all
   * under a lock that a second instance starting at the same time waits for: it then finds the
   * schema current and the store no longer empty. PostgreSQL: a session advisory lock;
   * SQLite: one BEGIN IMMEDIATE transaction around both (DDL is transactional in SQLite).
   * @param {(trx: Executor) => Promise<void>} [work]
   * @returns {Promise<string[]>} the migrations applied now
   */
  async migrate(work) {
    if (this.name === 'postgres') {
      return this.db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${sql.lit(LOCK_CLASS)}, ${sql.lit(STARTUP_LOCK)})`.execute(connection);
        try {
          const applied = await this.#runMigrator(false);
          if (work) await this.write(work);
          return applied;
        } finally {
          await sql`select pg_advisory_unlock(${sql.lit(LOCK_CLASS)}, ${sql.lit(STARTUP_LOCK)})`.execute(connection);
        }
      });
    }
    const database = /** @type {import('better-sqlite3').Database} */ (this.#sqlite);
    database.pragma(`busy_timeout = ${STARTUP_BUSY_MS}`);
    // Nothing else uses this connection while the store is opening, so every kysely query
    // below runs inside this one transaction.
    database.exec('BEGIN IMMEDIATE');
    try {
      const applied = await this.#runMigrator(true);
      if (work) await work(this.db);
      database.exec('COMMIT');
      return applied;
    } catch (error) {
      if (database.inTransaction) database.exec('ROLLBACK');
      throw error;
    } finally {
      database.pragma(`busy_timeout = ${BUSY_MS}`);
    }
  }

  /** @param {boolean} inOpenTransaction @returns {Promise<string[]>} */
  async #runMigrator(inOpenTransaction) {
    // Unordered: a store migrated by a build that had 0008 but not yet 0007 (two features landing
    // in either order) still takes 0007 later; migrations of one release never depend on each other's tables.
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.name), disableTransactions: inOpenTransaction, allowUnorderedMigrations: true });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error) {
      const failed = results.find((result) => result.status === 'Error');
      throw new Error(`migration ${failed?.migrationName ?? ''} failed on ${this.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
  }

  /** Stops listening and closes the file or the pool. */
  async close() {
    await Promise.all([...this.#listeners].map((stop) => stop()));
    return this.db.destroy();
  }
}
