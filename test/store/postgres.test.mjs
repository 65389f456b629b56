// node --test test/store/postgres.test.mjs: the store suite on PostgreSQL 15, in a throwaway
// cluster this file makes and removes (scripts/postgres.mjs), a new database per test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres } from '../../scripts/postgres.mjs';
import { abuseSuite } from './abuse-suite.mjs';
import { storeSuite } from './store-suite.mjs';
import { streamsSuite } from './streams-suite.mjs';

const name = process.env.STORE_TEST_CLUSTER || 'ct-store-test';
/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
let n = 0;
before(async () => {
  cluster = await startPostgres({ name });
});
after(() => cluster?.stop());

storeSuite('postgres', async () => {
  if (!cluster) throw new Error('the PostgreSQL cluster did not start');
  return { databaseUrl: await cluster.createDatabase(`store_${++n}`) };
});
abuseSuite('postgres', async () => {
  if (!cluster) throw new Error('the PostgreSQL cluster did not start');
  return { databaseUrl: await cluster.createDatabase(`store_${++n}`) };
});
streamsSuite('postgres', async () => {
  if (!cluster) throw new Error('the PostgreSQL cluster did not start');
  return { databaseUrl: await cluster.createDatabase(`store_${++n}`) };
});

describe('scripts/postgres.mjs', () => {
  /** @param {string} url */
  const answers = async (url) => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      return (await client.query('select 1 as one')).rows[0].one === 1;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  };
  const listed = (/** @type {string} */ cluster) =>
    (spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout ?? '').split('\n').some((line) => line.split(/\s+/)[1] === cluster);

  it('replaces a leftover cluster of the same name, and stop() removes it', async () => {
    const leftoverName = `${name}-leftover`;
    const leftover = await startPostgres({ name: leftoverName });
    assert.equal(await answers(leftover.url), true);
    const fresh = await startPostgres({ name: leftoverName });
    try {
      assert.equal(await answers(fresh.url), true);
      assert.equal(await answers(leftover.url), false, 'the leftover was stopped');
    } finally {
      fresh.stop();
    }
    assert.equal(listed(leftoverName), false);
  });
});
