// node --test test/server/page-cache.test.mjs: the list route answers readers who own nothing
// from a cache (server/plugins/page-cache.mjs) under the store's version mark; every change —
// through this server, through another connection to the same database (another instance, the
// import command), a reaction, a held comment — shows in the next answer, and a reader's own
// held comment and `viewerIsAuthor` never reach the shared answer. On a SQLite file and on
// PostgreSQL (a throwaway cluster this file starts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { createApp } from '../../server/app.mjs';
import { PageCache } from '../../server/plugins/page-cache.mjs';
import { openStore } from '../../server/store/index.mjs';

const base = mkdtempSync(join(tmpdir(), 'page-cache-'));
let n = 0;
/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
before(async () => {
  cluster = await startPostgres({ name: 'ct-page-cache-test' });
});
after(() => {
  cluster?.stop();
  rmSync(base, { recursive: true, force: true });
});

/** The servers a test started, closed after it whatever it found. @type {import('fastify').FastifyInstance[]} */
let apps = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

/** @typedef {import('../../server/store/index.mjs').StoreOptions} StoreOptions */
/** Options of a new, empty database. @type {Record<string, () => Promise<StoreOptions>>} */
const fresh = {
  sqlite: async () => ({ dataDir: join(base, `db${++n}`) }),
  postgres: async () => {
    if (!cluster) throw new Error('the PostgreSQL cluster did not start');
    return { databaseUrl: await cluster.createDatabase(`page_cache_${++n}`) };
  },
};

/** @param {StoreOptions} where @param {{ moderation?: 'approve' | 'hold' }} [options] */
async function server(where, options = {}) {
  const store = await openStore(where);
  const { app } = createApp({ store, moderation: options.moderation });
  apps.push(app);
  await app.ready();
  /** @param {string} [cookie] @param {string} [query] */
  const list = async (cookie, query = '') => {
    const response = await app.inject({ method: 'GET', url: `/api/threads/t/comments${query}`, headers: cookie ? { cookie } : {} });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    return { ...response.json(), lastEventId: response.headers['x-last-event-id'] };
  };
  /** @param {string} body @param {string} [cookie] */
  const post = async (body, cookie) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/threads/t/comments',
      headers: { 'content-type': 'application/json', 'idempotency-key': `k${++n}`, ...(cookie ? { cookie } : {}) },
      payload: { parentId: null, body, guest: { name: 'Ann', email: 'ann@example.com' } },
    });
    assert.ok([200, 201].includes(response.statusCode), response.body);
    const set = response.headers['set-cookie'];
    return { record: response.json(), cookie: cookie ?? String(Array.isArray(set) ? set[0] : set).split(';')[0] };
  };
  return { app, store, where, list, post };
}

for (const engine of /** @type {const} */ (['sqlite', 'postgres'])) describe(`the list cache on ${engine}`, () => {
  it('shows a comment posted through the server, and the change log id with it', async () => {
    const { app, list, post } = await server(await fresh[engine]());
    const empty = await list();
    assert.deepEqual(empty.comments, []);
    assert.deepEqual(await list(), empty, 'the same answer again');
    const { record } = await post('first');
    const next = await list();
    assert.deepEqual(next.comments.map((/** @type {{ body: string }} */ c) => c.body), ['first']);
    assert.equal(next.total, 1);
    assert.ok(Number(next.lastEventId) > Number(empty.lastEventId), 'x-last-event-id moved on');
    assert.equal(next.comments[0].id, record.id);
    assert.equal(next.comments[0].viewerIsAuthor, undefined, 'the shared answer is nobody’s own');
  });

  it('shows what another connection to the same database wrote (another instance, the import command)', async () => {
    const { app, where, list } = await server(await fresh[engine]());
    assert.deepEqual((await list()).comments, []);
    const other = await openStore(where);
    await other.importRecords([{ id: 'imported', threadId: 't', parentId: null, author: { name: 'Bo' }, body: 'from elsewhere', createdAt: '2024-01-01T00:00:00.000Z', status: 'approved' }]);
    await other.close();
    assert.deepEqual((await list()).comments.map((/** @type {{ id: string }} */ c) => c.id), ['imported']);
  });

  it('shows a new reaction count, and keeps each page of a cursor apart', async () => {
    const { app, list, post } = await server(await fresh[engine]());
    const { record } = await post('one');
    await post('two');
    const first = await list(undefined, '?limit=1');
    assert.equal(first.comments[0].reactions, undefined);
    const second = await list(undefined, `?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    assert.deepEqual(second.comments.map((/** @type {{ body: string }} */ c) => c.body), ['two']);
    const reacted = await app.inject({ method: 'POST', url: `/api/comments/${record.id}/reactions`, headers: { 'content-type': 'application/json' }, payload: { reaction: 'like' } });
    assert.equal(reacted.statusCode, 200, reacted.body);
    assert.deepEqual((await list(undefined, '?limit=1')).comments[0].reactions, { like: { count: 1 } });
  });

  it('keeps a held comment and viewerIsAuthor to its author, before and after the shared answer is cached', async () => {
    const { app, list, post } = await server(await fresh[engine](), { moderation: 'hold' });
    assert.deepEqual((await list()).comments, []);
    const { record, cookie } = await post('held');
    assert.equal(record.status, 'pending');
    const own = await list(cookie);
    assert.deepEqual(own.comments.map((/** @type {{ id: string, viewerIsAuthor?: boolean }} */ c) => [c.id, c.viewerIsAuthor]), [[record.id, true]]);
    assert.deepEqual((await list()).comments, [], 'not for others');
    assert.deepEqual((await list()).comments, [], 'not from the cache either');
    assert.equal((await list(cookie)).comments.length, 1, 'the author still sees it');
  });
});

describe('PageCache', () => {
  it('answers only under the mark it was filled with, and never with a null mark', () => {
    const cache = new PageCache();
    cache.set('a', '1:0', { body: '{"x":1}', lastEventId: '3' });
    assert.deepEqual(cache.get('a', '1:0'), { body: '{"x":1}', lastEventId: '3' });
    assert.equal(cache.get('a', '1:1'), undefined, 'the store changed');
    assert.equal(cache.get('b', '1:0'), undefined);
    cache.set('b', null, { body: '{}', lastEventId: '0' });
    assert.equal(cache.get('b', null), undefined);
    cache.set('b', '2:0', { body: '{}', lastEventId: '4' });
    assert.equal(cache.size, 1, 'a new mark empties the cache');
    assert.equal(cache.get('a', '1:0'), undefined);
  });

  it('holds at most its characters, letting the oldest pages go first', () => {
    const cache = new PageCache(10);
    cache.set('a', 'v', { body: '1234', lastEventId: '0' });
    cache.set('b', 'v', { body: '5678', lastEventId: '0' });
    cache.set('c', 'v', { body: '90', lastEventId: '0' });
    assert.equal(cache.size, 3);
    cache.set('d', 'v', { body: '123', lastEventId: '0' });
    assert.equal(cache.get('a', 'v'), undefined, 'the oldest left');
    assert.ok(cache.get('d', 'v') && cache.get('b', 'v') && cache.get('c', 'v'));
    cache.set('e', 'v', { body: '12345678901', lastEventId: '0' });
    assert.equal(cache.get('e', 'v'), undefined, 'larger than the whole cache: not kept');
  });
});
