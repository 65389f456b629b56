// node --test test/io/postgres.test.mjs: import, export and backup on PostgreSQL 15 in a
// throwaway cluster (scripts/postgres.mjs), a new database per test; backups with pg_dump,
// restored with pg_restore into a fresh database.
import { execFileSync } from 'node:child_process';
import { after, before } from 'node:test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { ioSuite } from './io-suite.mjs';

const name = process.env.IO_TEST_CLUSTER || 'ct-io-test';
/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
let n = 0;
before(async () => {
  cluster = await startPostgres({ name });
});
after(() => cluster?.stop());

/** A fresh database's URL. */
async function database() {
  if (!cluster) throw new Error('the PostgreSQL cluster did not start');
  return cluster.createDatabase(`io_${++n}`);
}

ioSuite('postgres', {
  fresh: async () => ({ databaseUrl: await database() }),
  env: (options) => ({ DATABASE_URL: /** @type {string} */ (options.databaseUrl) }),
  // Restoring a pg_dump backup: pg_restore into a new, empty database.
  restore: async (backup) => {
    const databaseUrl = await database();
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${databaseUrl}`, backup], { stdio: ['ignore', 'pipe', 'pipe'] });
    return { databaseUrl };
  },
});
