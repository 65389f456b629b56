// node --test test/moderation/postgres.test.mjs: the moderation suite on PostgreSQL 15, in a
// throwaway cluster this file makes and removes (scripts/postgres.mjs), a new database per server.
import { after, before } from 'node:test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { moderationSuite } from './moderation-suite.mjs';

/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
let n = 0;
before(async () => {
  cluster = await startPostgres({ name: process.env.MODERATION_TEST_CLUSTER || 'ct-moderation-test' });
});
after(() => cluster?.stop());

moderationSuite('PostgreSQL', async () => {
  if (!cluster) throw new Error('the PostgreSQL cluster did not start');
  return { databaseUrl: await cluster.createDatabase(`moderation_${++n}`) };
}, { instances: true });
