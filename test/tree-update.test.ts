import { expect } from '@open-wc/testing';
import { buildDisplayTree, type DisplayNode, type DisplayTree } from '../src/core/tree.js';
import { rebuildConversations } from '../src/core/tree-update.js';
import { ThreadData, useConversationRebuild } from '../src/model/thread-data.js';
import type { CommentRecord, ThreadOrder } from '../src/types.js';
import { record } from './helpers.js';

/** A tree as plain data: what a render sees of it. */
const shape = (tree: DisplayTree) => {
  const node = (n: DisplayNode): unknown => ({ id: n.record.id, record: n.record, depth: n.depth, inReplyTo: n.inReplyTo, detached: n.detached, children: n.children.map(node) });
  return { roots: tree.roots.map(node), waiting: tree.waiting.map((r) => r.id), shown: tree.shown };
};

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hands threads a rebuild that counts how often it is asked and how often it answers (put back with `useConversationRebuild(rebuildConversations)`). */
function countUses() {
  const used = { calls: 0, rebuilt: 0 };
  useConversationRebuild((...args) => {
    used.calls++;
    const tree = rebuildConversations(...args);
    if (tree) used.rebuilt++;
    return tree;
  });
  return used;
}

describe('rebuildConversations', () => {
  const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString();

  it('gives what building everything gives, in a thread over 600 random changes (replies, edits, new times, removals and records put back, new top-level comments, missing parents that come; ties in time, clamped depths, every order)', () => {
    const used = countUses();
    try {
      for (const order of ['oldest', 'newest', 'top'] as ThreadOrder[]) {
        for (let seed = 1; seed <= 10; seed++) {
          const next = random(seed * 7 + order.length);
          const data = new ThreadData();
          const initial = new Map<string, CommentRecord>();
          let made = 0;
          const make = (parentId: string | null, id = `r${made++}`) =>
            // Few distinct times: siblings often tie and keep the order they came in.
            record(id, parentId, { createdAt: at(Math.floor(next() * 6)), reactions: { like: { count: Math.floor(next() * 3) } } });
          const pick = () => [...data.records.keys()][Math.floor(next() * data.records.size)];
          for (let i = 0; i < 30; i++) {
            const keys = [...initial.keys()];
            const comment = make(i < 5 || next() < 0.2 ? null : keys[Math.floor(next() * keys.length)]);
            initial.set(comment.id, comment);
          }
          // In some threads, replies whose parent has not come (shown at the top level: the thread is complete).
          if (seed % 3 === 0) for (let i = 0; i < 3; i++) initial.set(`o${i}`, make(`x${i}`, `o${i}`));
          data.seed({ threadId: 't', order: 'oldest', page: { comments: [...initial.values()], nextCursor: null } });
          const maxDepth = 1 + Math.floor(next() * 4);
          data.tree(maxDepth, order);
          for (let step = 0; step < 20; step++) {
            for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
              const target = pick();
              const was = data.get(target)!;
              const roll = next();
              if (roll < 0.5) data.upsert(make(target));
              else if (roll < 0.75) data.upsert({ ...was, body: `edited ${step}`, reactions: { like: { count: step } } });
              else if (roll < 0.8) data.upsert({ ...was, createdAt: at(Math.floor(next() * 6)) });
              else if (roll < 0.85) data.upsert(make(null));
              // A missing parent comes, as a reply somewhere: its orphan goes under it.
              else if (roll < 0.88) data.upsert(make(target, `x${Math.floor(next() * 3)}`));
              // Gone, and back before the thread renders again (the same record or a copy): last in the map now.
              else if (roll < 0.94) {
                data.remove(target);
                data.upsert(next() < 0.5 ? was : { ...was });
              } else if (data.records.size > 10) data.remove(target);
            }
            const full = buildDisplayTree(data.records.values(), { maxDepth, order, complete: true });
            expect(shape(data.tree(maxDepth, order)), `${order} seed ${seed} step ${step}`).to.deep.equal(shape(full));
          }
        }
      }
    } finally {
      useConversationRebuild(rebuildConversations);
    }
    // Many steps take the short way (not at one level, nor after a new time, a removal, a
    // top-level comment, or a record some reply at the top level was missing as its parent).
    expect(used.rebuilt, `${used.rebuilt} of ${used.calls}`).to.be.greaterThan(150);
  });

  it('keeps every other conversation’s node objects', () => {
    const records = new Map([record('a1', null), record('a2', 'a1'), record('b1', null), record('b2', 'b1')].map((r) => [r.id, r]));
    const before = buildDisplayTree(records.values(), { complete: true });
    records.set('a3', record('a3', 'a2'));
    const after = rebuildConversations(before, records, { complete: true })!;
    expect(after.roots[1]).to.equal(before.roots[1]);
    expect(after.roots[0]).not.to.equal(before.roots[0]);
    expect(after.roots[0].children[0].children[0].record.id).to.equal('a3');
    expect(after.shown).to.equal(5);
  });

  it('given the records set since, looks at those alone, not at every record', () => {
    const options = { complete: true };
    const records = new Map([record('a1', null), record('a2', 'a1'), record('b1', null)].map((r) => [r.id, r]));
    const before = buildDisplayTree(records.values(), options);
    records.set('a3', record('a3', 'a2'));
    let reads = 0;
    const watched = new Proxy(records, {
      get(target, key) {
        if (key === Symbol.iterator || key === 'entries' || key === 'values' || key === 'keys' || key === 'forEach') reads++;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const after = rebuildConversations(before, watched, options, new Map([['a3', undefined]]))!;
    expect(reads).to.equal(0);
    expect(shape(after)).to.deep.equal(shape(buildDisplayTree(records.values(), options)));
    expect(after.roots[1]).to.equal(before.roots[1]);
    // The control: without them, every record is read.
    expect(shape(rebuildConversations(before, watched, options)!)).to.deep.equal(shape(after));
    expect(reads).to.be.greaterThan(0);
    // What they say went or moved is declined as before: a record gone, a top-level one edited.
    const a2 = records.get('a2')!;
    records.delete('a2');
    expect(rebuildConversations(before, records, options, new Map([['a2', a2]])), 'gone').to.equal(undefined);
    records.set('a2', a2);
    records.set('b1', { ...records.get('b1')!, body: 'edited' });
    expect(rebuildConversations(before, records, options, new Map([['b1', before.roots[1].record]])), 'top level').to.equal(undefined);
  });

  it('puts a new reply after a sibling of the same time, as the order they came in says', () => {
    const time = { createdAt: at(3) };
    const records = new Map([record('a1', null), record('a2', 'a1', time)].map((r) => [r.id, r]));
    const before = buildDisplayTree(records.values(), { complete: true });
    records.set('a3', record('a3', 'a1', time));
    const after = rebuildConversations(before, records, { complete: true })!;
    expect(after.roots[0].children.map((node) => node.record.id)).to.deep.equal(['a2', 'a3']);
  });

  it('declines what only a whole build gets right, and gives the same tree when nothing changed', () => {
    // The same record objects each time: only what a case changes is new.
    const comments = [record('a1', null), record('a2', 'a1'), record('b1', null)];
    const base = () => new Map(comments.map((r) => [r.id, r]));
    const options = { complete: true };
    const tree = buildDisplayTree(base().values(), options);
    const edit = (r: Map<string, CommentRecord>, id: string, change: Partial<CommentRecord>) => r.set(id, { ...r.get(id)!, ...change });
    const cases: [string, (records: Map<string, CommentRecord>) => unknown][] = [
      ['a new top-level comment', (r) => r.set('c1', record('c1', null))],
      ['an edited top-level comment', (r) => edit(r, 'b1', { body: 'x' })],
      ['a reply moved to another parent', (r) => edit(r, 'a2', { parentId: 'b1' })],
      ['a reply given another time', (r) => edit(r, 'a2', { createdAt: new Date(0).toISOString() })],
      ['a removed record', (r) => r.delete('a2')],
      ['a reply to a missing parent', (r) => r.set('x2', record('x2', 'x1'))],
      ['a loop', (r) => (r.set('p1', record('p1', 'p2')), r.set('p2', record('p2', 'p1')))],
    ];
    // The control: a new reply takes the short way.
    expect(rebuildConversations(tree, base().set('a3', record('a3', 'a2')), options)).not.to.equal(undefined);
    for (const [what, change] of cases) {
      const records = base();
      change(records);
      expect(rebuildConversations(tree, records, options), what).to.equal(undefined);
    }
    const flat = { complete: true, maxDepth: 1 };
    const deeper = base().set('a3', record('a3', 'a2'));
    expect(rebuildConversations(buildDisplayTree(base().values(), flat), deeper, flat), 'one level').to.equal(undefined);
    const waiting = buildDisplayTree([...base().values(), record('w2', 'w1')], { complete: false });
    expect(waiting.waiting.length).to.equal(1);
    expect(rebuildConversations(waiting, deeper, { complete: false }), 'replies waiting').to.equal(undefined);
    const orphaned = new Map([...base(), ['o2', record('o2', 'o1')]]);
    const withOrphan = buildDisplayTree(orphaned.values(), options);
    expect(withOrphan.roots.some((root) => root.detached)).to.equal(true);
    orphaned.set('o1', record('o1', 'a2'));
    expect(rebuildConversations(withOrphan, orphaned, options), 'the parent of a reply shown at the top level comes').to.equal(undefined);
    const same = base();
    const built = buildDisplayTree(same.values(), options);
    expect(rebuildConversations(built, same, options), 'nothing changed').to.equal(built);
  });

  it('is what a thread uses once it is handed over: a reply builds its conversation alone, the same tree', () => {
    const used = countUses();
    try {
      const data = new ThreadData();
      const comments = [record('a1', null), record('a2', 'a1'), record('b1', null), record('b2', 'b1')];
      data.seed({ threadId: 't', order: 'oldest', page: { comments, nextCursor: null } });
      const before = data.tree(5, 'oldest');
      expect(used.calls, 'a first build has nothing to build on').to.equal(0);
      data.upsert(record('b3', 'b2'));
      const after = data.tree(5, 'oldest');
      expect([used.calls, used.rebuilt]).to.deep.equal([1, 1]);
      expect(after.roots[0]).to.equal(before.roots[0]);
      expect(shape(after)).to.deep.equal(shape(buildDisplayTree(data.records.values(), { maxDepth: 5, order: 'oldest', complete: true })));
      data.remove('a2');
      expect(shape(data.tree(5, 'oldest')), 'a removal: built whole').to.deep.equal(shape(buildDisplayTree(data.records.values(), { complete: true })));
      expect([used.calls, used.rebuilt], 'after a removal the thread does not ask').to.deep.equal([1, 1]);
      // A thread loaded afresh: a new map, whatever objects it holds (a moderator's held comments are put back as they were).
      const h1 = record('h1', null, { createdAt: at(0) });
      const h2 = record('h2', null, { createdAt: at(0) });
      const empty = { threadId: 't', order: 'oldest' as const, page: { comments: [], nextCursor: null } };
      data.seed(empty);
      data.upsert(h2);
      data.upsert(h1);
      expect(data.tree(5, 'oldest').roots.map((node) => node.record.id)).to.deep.equal(['h2', 'h1']);
      data.seed(empty);
      data.upsert(h1);
      data.upsert(h2);
      expect(data.tree(5, 'oldest').roots.map((node) => node.record.id), 'seeded afresh').to.deep.equal(['h1', 'h2']);
    } finally {
      useConversationRebuild(rebuildConversations);
    }
  });
});
