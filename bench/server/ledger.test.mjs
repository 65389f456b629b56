// node --test bench/server/: the server benchmark's accounting finds a lost delivery, a duplicated
// one, a delivery of a comment nobody posted, and a comment stored twice; a clean run passes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ledger, percentile, summary } from './ledger.mjs';

/** Two streams, three posts answered 4 ms after they were sent, each delivered once 10 ms after it was sent. */
function clean() {
  const ledger = new Ledger();
  for (const stream of ['s1', 's2']) ledger.addStream(stream);
  for (const [i, id] of ['a', 'b', 'c'].entries()) {
    ledger.post(id, i * 100, i * 100 + 4);
    for (const stream of ['s1', 's2']) ledger.deliver(stream, id, i * 100 + 10);
  }
  return ledger;
}
const storedOnce = new Map([['a', 1], ['b', 1], ['c', 1]]);

describe('bench/server ledger', () => {
  it('passes a run where every comment was stored once and reached every stream once', () => {
    const audit = clean().audit(storedOnce);
    assert.equal(audit.ok, true);
    assert.deepEqual({ lost: audit.lost, duplicated: audit.duplicated, deliveries: audit.deliveries }, { lost: 0, duplicated: 0, deliveries: 6 });
    assert.deepEqual(audit.fanOutMs, { n: 6, p50: 10, p99: 10, max: 10 });
    assert.deepEqual(audit.afterAnswerMs, { n: 6, p50: 6, p99: 6, max: 6 });
  });

  it('finds a lost delivery: a stream that never got one comment', () => {
    const ledger = new Ledger();
    ledger.addStream('s1');
    ledger.addStream('s2');
    ledger.post('a', 0);
    ledger.deliver('s1', 'a', 5);
    const audit = ledger.audit(new Map([['a', 1]]));
    assert.equal(audit.ok, false);
    assert.equal(audit.lost, 1);
    assert.deepEqual(audit.examples, ['s2 lost a']);
  });

  it('finds a duplicated delivery, counting the first arrival for the delay', () => {
    const ledger = clean();
    ledger.deliver('s2', 'b', 500);
    const audit = ledger.audit(storedOnce);
    assert.equal(audit.ok, false);
    assert.equal(audit.duplicated, 1);
    assert.equal(audit.fanOutMs.max, 10);
  });

  it('finds a delivery of a comment not posted in the run, and a comment stored twice or not at all', () => {
    const ledger = clean();
    ledger.deliver('s1', 'stranger', 1);
    assert.equal(ledger.audit(storedOnce).unknown, 1);
    const twice = clean().audit(new Map([['a', 2], ['b', 1]]));
    assert.equal(twice.notStoredOnce, 2);
    assert.equal(twice.ok, false);
  });

  it('percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile([3, 1, 2], 100), 3);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.deepEqual(summary([1, 2, 3, 4]), { n: 4, p50: 2, p99: 4, max: 4 });
  });
});
