// Provider data that fights back: getters and proxy traps that throw, Symbols and BigInts where
// text belongs. Each record is read on its own; none of them can throw out of normalising.
import { expect } from '@open-wc/testing';
import { isUnreadable, normalizePage, normalizeRecord } from '../src/core/normalize.js';

const good = (id: string) => ({ id, threadId: 't', parentId: null, author: { name: `Author ${id}` }, body: `Body of ${id}`, createdAt: '2024-01-01T00:00:00Z' });

function throwingGetter<T extends object>(target: T, key: string): T {
  Object.defineProperty(target, key, { enumerable: true, get() { throw new Error(`getter ${key}`); } });
  return target;
}

describe('normalizeRecord: hostile records', () => {
  it('a getter that throws: the record keeps its place and is marked unreadable', () => {
    for (const key of ['body', 'author', 'createdAt', 'status', 'reactions', 'parentId', 'bodyFormat']) {
      const record = normalizeRecord(throwingGetter(good('g1'), key), 't');
      expect(record, key).to.not.equal(null);
      expect(record!.id).to.equal('g1');
      expect(isUnreadable(record!), key).to.equal(true);
      expect(record!.body, key).to.equal('');
    }
    const deep = normalizeRecord({ ...good('g2'), parentId: 'p', author: throwingGetter({ name: 'x' }, 'url') }, 't')!;
    expect(isUnreadable(deep)).to.equal(true);
    // Placed where it belongs; nothing else it holds is trusted.
    expect(deep).to.deep.include({ id: 'g2', threadId: 't', parentId: 'p', body: '', createdAt: '' });
    expect(deep.author).to.deep.equal({ name: '' });
  });

  it('a proxy whose traps throw: placed when its id can be read, else left out', () => {
    const bodyTrap = new Proxy(good('p1'), {
      get(target, key) {
        if (key === 'body') throw new Error('trap');
        return Reflect.get(target, key);
      },
    });
    expect(isUnreadable(normalizeRecord(bodyTrap)!)).to.equal(true);
    const everything = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
    expect(normalizeRecord(everything)).to.equal(null);
    const { proxy, revoke } = Proxy.revocable(good('r1'), {});
    revoke();
    expect(normalizeRecord(proxy)).to.equal(null);
    const reactions = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
    expect(isUnreadable(normalizeRecord({ ...good('p2'), reactions })!)).to.equal(true);
  });

  it('Symbols and BigInts where text belongs read as missing: never thrown, never shown as something else', () => {
    expect(normalizeRecord({ ...good('x'), id: 12345678901234567890n })).to.equal(null);
    const bigint = normalizeRecord({ ...good('x'), parentId: 7n, threadId: 1n, author: { name: 2n, url: 3n } }, 't')!;
    expect(bigint).to.deep.include({ parentId: null, threadId: 't', body: 'Body of x' });
    expect(bigint.author).to.deep.equal({ name: '' });
    expect(isUnreadable(bigint)).to.equal(false);
    // A body that is a BigInt is not text: the comment cannot be shown as written.
    expect(isUnreadable(normalizeRecord({ ...good('x'), body: 99n })!)).to.equal(true);
    expect(normalizeRecord({ ...good('x'), id: Symbol('id') })).to.equal(null);
    const symbols = normalizeRecord({ ...good('s1'), author: { name: Symbol('n'), url: Symbol('u') }, createdAt: Symbol('d'), status: Symbol('s') })!;
    expect(symbols.author).to.deep.equal({ name: '' });
    expect(symbols.createdAt).to.equal('');
    expect(symbols.body).to.equal('Body of s1');
    expect(isUnreadable(symbols)).to.equal(false);
  });

  it('a body that is neither text nor absent cannot be shown: unreadable; an absent one is empty', () => {
    for (const body of [Symbol('b'), { html: '<b>x</b>' }, ['x'], true, () => 'x']) {
      expect(isUnreadable(normalizeRecord({ ...good('b1'), body })!), typeof body).to.equal(true);
    }
    for (const body of [undefined, null]) {
      const record = normalizeRecord({ ...good('b2'), body })!;
      expect(record.body).to.equal('');
      expect(isUnreadable(record)).to.equal(false);
    }
  });

  it('the mark survives a copy of the record (an optimistic update spreads it)', () => {
    const record = normalizeRecord(throwingGetter(good('c1'), 'body'))!;
    expect(isUnreadable({ ...record, reactions: { like: { count: 1 } } })).to.equal(true);
    expect(isUnreadable(normalizeRecord(good('c2'))!)).to.equal(false);
  });
});

describe('normalizePage: hostile items', () => {
  it('one hostile item never costs the others: each is read on its own', () => {
    const list = [good('a1'), throwingGetter(good('a2'), 'body'), new Proxy({}, { get() { throw new Error('trap'); } }), good('a4')];
    const page = normalizePage({ comments: list, total: 4 }, 't');
    expect(page.comments.map((record) => record.id)).to.deep.equal(['a1', 'a2', 'a4']);
    expect(page.rejected).to.equal(1);
    expect(isUnreadable(page.comments[1])).to.equal(true);
  });
});

describe('normalizeRecord: idempotent', () => {
  it('normalising a normalised record gives the same record, mark included', () => {
    const plain = normalizeRecord(good('i1'), 't')!;
    expect(normalizeRecord(plain, 't')).to.deep.equal(plain);
    const marked = normalizeRecord(throwingGetter(good('i2'), 'body'), 't')!;
    expect(isUnreadable(normalizeRecord(marked, 't')!)).to.equal(true);
  });
});
