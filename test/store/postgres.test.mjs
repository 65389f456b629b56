// node --test test/store/postgres.test.mjs: the store suite on PostgreSQL 15, in a throwaway
// cluster this file makes and removes (scripts/postgres.mjs), a new database per test.
import { after, before } from 'node:test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { storeSuite } from './store-suite.mjs';

/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
let n = 0;
before(async () => {
  cluster = await startPostgres({ name: process.env.STORE_TEST_CLUSTER || 'ct-store-test' });
});
after(() => cluster?.stop());

storeSuite('postgres', async () => {
  if (!cluster) throw new Error('the PostgreSQL cluster did not start');
  return { databaseUrl: await cluster.createDatabase(`store_${++n}`) };
});
