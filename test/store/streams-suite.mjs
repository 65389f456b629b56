// Open live streams per address counted in the store (server/store/streams.mjs), written once
// and run against each engine (sqlite.test.mjs, postgres.test.mjs): one count across two
// instances on the same database, places taken at once never past the limit, leases that lapse.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openStore } from '../../server/store/index.mjs';

/** @typedef {import('../../server/store/index.mjs').StoreOptions} StoreOptions */
/** @typedef {import('../../server/store/index.mjs').Store} Store */

/**
 * @param {string} engine
 * @param {() => Promise<StoreOptions>} fresh options for a new, empty database
 */
export function streamsSuite(engine, fresh) {
  /** @type {Store[]} */
  let opened = [];
  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    opened = [];
  });
  const two = async () => {
    const options = await fresh();
    const stores = [await openStore(options), await openStore(options)];
    opened.push(...stores);
    return stores;
  };
  const minute = 60_000;

  describe(`open streams per address in the store on ${engine}`, () => {
    it('counts one address across two instances, each address apart, and frees a place when a stream closes', async () => {
      const [a, b] = await two();
      const take = (/** @type {Store} */ store, /** @type {string} */ instance, address = '10.0.0.1') => store.openStream({ address, instance, max: 3, leaseMs: minute });
      const first = await take(a, 'A');
      assert.ok(first);
      assert.ok(await take(b, 'B'));
      assert.ok(await take(a, 'A'));
      assert.equal(await take(b, 'B'), null, 'the fourth, on the other instance');
      assert.equal(await take(a, 'A'), null);
      assert.ok(await take(b, 'B', '10.0.0.2'), 'another address counts apart');
      assert.deepEqual([await a.countStreams('10.0.0.1'), await b.countStreams('10.0.0.2')], [3, 1]);
      await a.closeStream(/** @type {string} */ (first));
      assert.ok(await take(b, 'B'), 'a closed stream frees its place for any instance');
    });

    it('never gives more places than the limit to streams opened at once on two instances', async () => {
      const [a, b] = await two();
      const places = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).openStream({ address: '10.0.0.9', instance: i % 2 ? 'A' : 'B', max: 5, leaseMs: minute })),
      );
      assert.equal(places.filter((place) => place !== null).length, 5);
      assert.equal(await a.countStreams('10.0.0.9'), 5);
    });

    it('keeps the list version while streams open and close, rate limits count and sessions come; moves it with any comment, reaction or change, on either instance', async () => {
      const [a, b] = await two();
      const start = await a.version();
      assert.equal(typeof start, 'string');
      const place = await b.openStream({ address: '10.0.0.5', instance: 'B', max: 3, leaseMs: minute });
      await b.renewStreams('B', minute);
      await b.closeStream(/** @type {string} */ (place));
      await b.hit('posts:address:10.0.0.5', minute);
      await b.createSession(null);
      assert.equal(await a.version(), start, 'nothing a list shows was written');
      await b.importRecords([{ id: 'v1', threadId: 't', parentId: null, author: { name: 'Ann' }, body: 'one', createdAt: '2024-01-01T00:00:00.000Z', status: 'approved' }]);
      const afterComment = await a.version();
      assert.notEqual(afterComment, start, 'a comment written by the other instance');
      await a.toggleReaction('v1', 'like', 'someone');
      const afterReaction = await b.version();
      assert.notEqual(afterReaction, afterComment, 'a reaction');
      await a.importRecords([{ id: 'v2', threadId: 't', parentId: null, author: { name: 'Bo' }, body: 'two', createdAt: '2024-01-02T00:00:00.000Z', status: 'approved' }], { emit: true });
      assert.notEqual(await a.version(), afterReaction, 'a comment and its change');
    });

    it('lets the places of an instance that stopped renewing lapse; renewing keeps them', async () => {
      const [a, b] = await two();
      assert.ok(await a.openStream({ address: '10.0.0.3', instance: 'A', max: 2, leaseMs: minute }));
      assert.ok(await b.openStream({ address: '10.0.0.3', instance: 'crashed', max: 2, leaseMs: 1 }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await a.countStreams('10.0.0.3'), 1, 'the lapsed place is not counted');
      assert.ok(await b.openStream({ address: '10.0.0.3', instance: 'B', max: 2, leaseMs: 1 }), 'and is free again');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await b.renewStreams('B', minute);
      await a.renewStreams('A', minute);
      assert.equal(await a.countStreams('10.0.0.3'), 2, 'renewed, even after lapsing, while the instance runs');
      assert.equal(await b.openStream({ address: '10.0.0.3', instance: 'B', max: 2, leaseMs: minute }), null);
      await a.renewStreams('A', 0);
      assert.equal(await a.countStreams('10.0.0.3'), 1, 'an instance that closes gives its places back');
    });
  });
}
