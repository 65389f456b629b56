// The store's part of the abuse limits, written once and run against each engine (sqlite.test.mjs,
// postgres.test.mjs): rate-limit counts shared by every instance on one database, reports per
// reader, and the `spam` status that no reader but its author sees and no stream hears.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openStore } from '../../server/store/index.mjs';

/** @typedef {import('../../server/store/index.mjs').StoreOptions} StoreOptions */
/** @typedef {import('../../server/store/index.mjs').Store} Store */

/**
 * @param {string} engine
 * @param {() => Promise<StoreOptions>} fresh options for a new, empty database
 */
export function abuseSuite(engine, fresh) {
  /** @type {Store[]} */
  let opened = [];
  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    opened = [];
  });
  /** @param {StoreOptions} options */
  const open = async (options) => {
    const store = await openStore(options);
    opened.push(store);
    return store;
  };

  describe(`abuse limits in the store on ${engine}`, () => {
    it('counts hits per key within a window, and starts again once the window ended', async () => {
      const store = await open(await fresh());
      const first = await store.hit('posts:address:1.2.3.4', 60_000);
      assert.equal(first.current, 1);
      assert.ok(first.ttl > 59_000 && first.ttl <= 60_000, `ttl ${first.ttl}`);
      assert.equal((await store.hit('posts:address:1.2.3.4', 60_000)).current, 2);
      assert.equal((await store.hit('posts:address:5.6.7.8', 60_000)).current, 1, 'another key counts apart');
      assert.equal((await store.hit('short', 50)).current, 1);
      assert.equal((await store.hit('short', 50)).current, 2);
      await new Promise((resolve) => setTimeout(resolve, 80));
      const again = await store.hit('short', 50);
      assert.deepEqual([again.current, again.ttl > 0 && again.ttl <= 50], [1, true]);
    });

    it('keeps one count across instances on the same database, hits at once each counted once', async () => {
      const options = await fresh();
      const stores = [await open(options), await open(options)];
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 2].hit('shared', 60_000)));
      assert.deepEqual(results.map((result) => result.current).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('counts the reports one session made of one comment', async () => {
      const store = await open(await fresh());
      await store.report('c1', 'spam', 's1');
      await store.report('c1', 'rude', 's1');
      await store.report('c1', 'spam', 's2');
      await store.report('c2', 'spam', 's1');
      assert.deepEqual([await store.reportsBy('c1', 's1'), await store.reportsBy('c1', 's2'), await store.reportsBy('c1', 's3')], [2, 1, 0]);
    });

    it('stores a `spam` comment that only its author sees (as held), never logged as a change', async () => {
      const store = await open(await fresh());
      const input = { threadId: 't', parentId: null, author: { name: 'Ann' }, body: 'buy now', session: 'author' };
      const spam = await store.createComment({ ...input, key: 'k1', status: 'spam' });
      assert.ok('row' in spam);
      assert.equal(spam.eventId, undefined);
      assert.equal(spam.row.status, 'spam');
      const other = await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: 'reader' });
      assert.deepEqual([other.rows.length, other.total, other.lastEventId], [0, 0, 0]);
      const own = await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: 'author' });
      assert.deepEqual(own.rows.map((row) => row.id), [spam.row.id]);
      assert.equal((await store.toRecord(own.rows[0], 'author')).status, 'pending', 'the author is not told the verdict');
      await store.editComment(spam.row.id, 'edited');
      await store.deleteComment(spam.row.id);
      assert.deepEqual(await store.changesAfter('t', 0), [], 'no change of a spam comment reaches a stream');
    });
  });
}
