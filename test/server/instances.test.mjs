// node --test test/server/instances.test.mjs: two reference-server processes on one throwaway
// PostgreSQL cluster. A reader's stream on B sees a comment posted through A at once (LISTEN /
// NOTIFY carries ids, B reads the change log); a reader who reconnects to the other instance
// catches up on every change once; the health check answers 503 while the database is down and
// 200 again after, and the instances' streams still follow each other after it came back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { VERSION, startPostgres } from '../../scripts/postgres.mjs';
import { openStream, post, startServer } from './processes.mjs';

const name = process.env.INSTANCES_TEST_CLUSTER || 'ct-instances-test';
/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
/** @type {Awaited<ReturnType<typeof startServer>>[]} */
const servers = [];

before(async () => {
  cluster = await startPostgres({ name });
  const env = { DATABASE_URL: cluster.url };
  // Started at once: migrations and the (empty) seed run once, under the start-up lock.
  servers.push(...(await Promise.all([startServer(env), startServer(env)])));
});
after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  cluster?.stop();
});

/** @param {{ event?: string, data?: any }} event */
const bodyOf = (event) => (event.event === 'change' && event.data.type === 'added' ? event.data.comment.body : undefined);

describe('several instances on one PostgreSQL', () => {
  it('a comment posted through A reaches a stream on B, once', async () => {
    const [a, b] = servers;
    const stream = await openStream(b.url, 'shared');
    await stream.waitFor((event) => event.event === 'ready');
    const started = Date.now();
    const posted = await post(a.url, 'shared', 'through A');
    const seen = await stream.waitFor((event) => bodyOf(event) === 'through A', 5000);
    assert.equal(seen.data.comment.id, posted.id);
    // Posted through B itself too (its own write and its own notification): still once each.
    await post(b.url, 'shared', 'through B');
    await stream.waitFor((event) => bodyOf(event) === 'through B', 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stream.close();
    assert.deepEqual(stream.events.map(bodyOf).filter(Boolean), ['through A', 'through B']);
    assert.ok(Date.now() - started < 5000);
  });

  it('a reader who reconnects to the other instance catches up on every change once, then follows live', async () => {
    const [a, b] = servers;
    const first = await openStream(a.url, 'moving');
    await first.waitFor((event) => event.event === 'ready');
    await post(b.url, 'moving', 'm1');
    const m1 = await first.waitFor((event) => bodyOf(event) === 'm1');
    await first.close();
    // While the reader is away: changes through both instances.
    for (const [i, server] of [a, b, a, b].entries()) await post(server.url, 'moving', `away ${i}`);
    await post(a.url, 'elsewhere', 'another thread');
    const second = await openStream(b.url, 'moving', { lastEventId: Number(m1.id) });
    await second.waitFor((event) => event.event === 'ready');
    await post(a.url, 'moving', 'after');
    await second.waitFor((event) => bodyOf(event) === 'after');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.close();
    assert.deepEqual(second.events.map(bodyOf).filter(Boolean), ['away 0', 'away 1', 'away 2', 'away 3', 'after']);
    const ids = second.events.filter((event) => event.event === 'change').map((event) => Number(event.id));
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'event ids ascend');
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
  });

  it('health: 200 while the store answers, 503 while PostgreSQL is down, 200 and live again after', async () => {
    const [a, b] = servers;
    const healthy = await fetch(`${a.url}/api/health`);
    assert.equal(healthy.status, 200);
    assert.deepEqual({ ...(await healthy.json()), streams: 0 }, { status: 'ok', store: 'postgres', streams: 0 });
    const control = (/** @type {string} */ action) =>
      spawnSync('pg_ctlcluster', [VERSION, /** @type {any} */ (cluster).name, action, '-m', 'fast'], { encoding: 'utf8' });
    assert.equal(control('stop').status, 0);
    try {
      const down = await fetch(`${a.url}/api/health`);
      assert.equal(down.status, 503);
      assert.equal((await down.json()).error.code, 'network');
    } finally {
      assert.equal(control('start').status, 0);
    }
    // The pool and the LISTEN connection come back by themselves.
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${b.url}/api/health`)).status !== 200) {
      assert.ok(Date.now() < deadline, 'B is healthy again within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const stream = await openStream(b.url, 'after-outage');
    await stream.waitFor((event) => event.event === 'ready');
    // Notifications sent before B's LISTEN connection is back are lost, but B then pumps every
    // open thread from the change log: the comment arrives either way.
    await post(a.url, 'after-outage', 'back');
    await stream.waitFor((event) => bodyOf(event) === 'back', 10_000);
    await stream.close();
  });
});
