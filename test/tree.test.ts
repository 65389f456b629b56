import { expect } from '@open-wc/testing';
import { buildDisplayTree, flattenDisplayTree, reuseUnchangedNodes } from '../src/core/tree.js';
import type { CommentRecord } from '../src/types.js';
import { loadFixture, record } from './helpers.js';

const ids = (records: Iterable<CommentRecord>, options = {}) =>
  flattenDisplayTree(buildDisplayTree(records, options)).map((node) => node.record.id);

describe('buildDisplayTree', () => {
  it('shows the seed thread in the expected order and depths (Julian→Liz clamped to depth 3)', async () => {
    const fixture = await loadFixture('myth-of-networking');
    const tree = buildDisplayTree(fixture.comments, { maxDepth: fixture.maxDepth, complete: true });
    const flat = flattenDisplayTree(tree);
    expect(flat.map((node) => node.record.id)).to.deep.equal(fixture.expected.displayOrder);
    for (const node of flat) expect(node.depth, node.record.id).to.equal(fixture.expected.displayDepth[node.record.id]);
    const c4 = flat.find((node) => node.record.id === 'c4')!;
    expect(c4.inReplyTo).to.equal('Liz');
    // c4 sits in the same list as c3, right after it, not nested under it.
    const c2 = tree.roots[0].children[0];
    expect(c2.children.map((node) => node.record.id)).to.deep.equal(['c3', 'c4']);
    expect(tree.shown).to.equal(5);
  });

  it('places clamped replies after their parent and before its later sibling (clamping fixture)', async () => {
    const fixture = await loadFixture('clamping');
    const flat = flattenDisplayTree(buildDisplayTree(fixture.comments, { maxDepth: fixture.maxDepth, complete: true }));
    expect(flat.map((node) => node.record.id)).to.deep.equal(fixture.expected.displayOrder);
    for (const node of flat) {
      expect(node.depth, node.record.id).to.equal(fixture.expected.displayDepth[node.record.id]);
      expect(node.inReplyTo, node.record.id).to.equal(fixture.expected.inReplyTo?.[node.record.id]);
    }
  });

  it('gives the same tree whatever order the records arrive in', async () => {
    const fixture = await loadFixture('clamping');
    const reversed = [...fixture.comments].reverse();
    expect(ids(reversed, { maxDepth: 2, complete: true })).to.deep.equal(fixture.expected.displayOrder);
  });

  it('keeps a reply that arrives before its parent waiting, then places it when the parent comes', () => {
    const reply = record('r2', 'p1');
    const early = buildDisplayTree([reply], { complete: false });
    expect(early.roots).to.have.length(0);
    expect(early.waiting.map((r) => r.id)).to.deep.equal(['r2']);
    const later = buildDisplayTree([reply, record('p1', null)], { complete: false });
    expect(later.roots.map((node) => node.record.id)).to.deep.equal(['p1']);
    expect(later.roots[0].children.map((node) => node.record.id)).to.deep.equal(['r2']);
    expect(later.waiting).to.have.length(0);
  });

  it('shows an orphan at the top level, marked, once the last page is in (and its replies under it)', () => {
    const records = [record('a1', null), record('o2', 'gone'), record('o3', 'o2')];
    const waiting = buildDisplayTree(records, { complete: false });
    expect(waiting.waiting.map((r) => r.id)).to.have.members(['o2', 'o3']);
    const tree = buildDisplayTree(records, { complete: true });
    expect(tree.roots.map((node) => node.record.id)).to.deep.equal(['a1', 'o2']);
    expect(tree.roots[1].detached).to.equal('orphan');
    expect(tree.roots[1].children.map((node) => node.record.id)).to.deep.equal(['o3']);
    expect(tree.waiting).to.have.length(0);
    expect(tree.shown).to.equal(3);
  });

  it('shows a duplicated id once, with the last record for it', () => {
    const tree = buildDisplayTree([record('d1', null), record('d1', null, { body: 'newer' }), record('d2', 'd1')], {
      complete: true,
    });
    const flat = flattenDisplayTree(tree);
    expect(flat.map((node) => node.record.id)).to.deep.equal(['d1', 'd2']);
    expect(flat[0].record.body).to.equal('newer');
  });

  it('treats a self-parent as top level', () => {
    const tree = buildDisplayTree([record('s1', 's1'), record('s2', 's1')], { complete: true });
    expect(tree.roots.map((node) => node.record.id)).to.deep.equal(['s1']);
    expect(tree.roots[0].children.map((node) => node.record.id)).to.deep.equal(['s2']);
  });

  it('breaks a parent cycle without looping or losing a comment', () => {
    const records = [record('x1', 'x3'), record('x2', 'x1'), record('x3', 'x2'), record('ok4', null)];
    for (const complete of [false, true]) {
      const tree = buildDisplayTree(records, { complete });
      const flat = flattenDisplayTree(tree);
      expect(flat.map((node) => node.record.id).sort()).to.deep.equal(['ok4', 'x1', 'x2', 'x3']);
      const promoted = tree.roots.find((node) => node.detached === 'cycle')!;
      expect(promoted.record.id).to.equal('x1');
      expect(promoted.inReplyTo).to.equal('Author x3');
    }
  });

  it('shows a 10,000-level chain without overflowing the stack, clamped to max-depth', () => {
    const records: CommentRecord[] = [record('n0', null)];
    for (let i = 1; i < 10_000; i++) records.push(record(`n${i}`, `n${i - 1}`, { createdAt: new Date(i * 1000).toISOString() }));
    const flat = flattenDisplayTree(buildDisplayTree(records, { maxDepth: 5, complete: true }));
    expect(flat).to.have.length(10_000);
    expect(Math.max(...flat.map((node) => node.depth))).to.equal(5);
    expect(flat.map((node) => node.record.id).slice(0, 3)).to.deep.equal(['n0', 'n1', 'n2']);
    expect(flat[9999].record.id).to.equal('n9999');
  });

  it('orders top-level comments newest first on request, replies still oldest first', () => {
    const records = [record('t1', null), record('t2', null), record('r3', 't1'), record('r4', 't1')];
    expect(ids(records, { order: 'newest', complete: true })).to.deep.equal(['t2', 't1', 'r3', 'r4']);
    expect(ids(records, { order: 'oldest', complete: true })).to.deep.equal(['t1', 'r3', 'r4', 't2']);
  });

  it('orders by each record’s time as it is now, even when a record object’s time was changed in place', () => {
    const early = record('early', null, { createdAt: '2024-01-01T00:00:00Z' });
    const late = record('late', null, { createdAt: '2024-01-02T00:00:00Z' });
    expect(ids([late, early], { complete: true })).to.deep.equal(['early', 'late']);
    late.createdAt = '2023-12-31T00:00:00Z';
    expect(ids([late, early], { complete: true })).to.deep.equal(['late', 'early']);
    // An unreadable time counts as the oldest.
    early.createdAt = 'not a date';
    expect(ids([late, early], { complete: true })).to.deep.equal(['early', 'late']);
  });

  it('at max-depth 1 shows every comment flat, in the thread’s order, as WordPress does unthreaded', () => {
    const records = [record('t1', null), record('t2', null), record('r3', 't1')];
    expect(ids(records, { maxDepth: 1, order: 'oldest', complete: true })).to.deep.equal(['t1', 't2', 'r3']);
    expect(ids(records, { maxDepth: 1, order: 'newest', complete: true })).to.deep.equal(['r3', 't2', 't1']);
  });

  it('uses max-depth 5 by default, as WordPress does', () => {
    const records = [record('a0', null)];
    for (let i = 1; i < 8; i++) records.push(record(`a${i}`, `a${i - 1}`));
    const flat = flattenDisplayTree(buildDisplayTree(records, { complete: true }));
    expect(flat.map((node) => node.depth)).to.deep.equal([1, 2, 3, 4, 5, 5, 5, 5]);
    expect(flat[5].inReplyTo).to.equal('Author a4');
    expect(flat[4].inReplyTo).to.equal(undefined);
  });

  it('orders top-level comments by reactions for "top", oldest first among equals', () => {
    const records = [
      record('q1', null),
      record('q2', null, { reactions: { like: { count: 3 } } }),
      record('q3', null, { reactions: { like: { count: 1 }, '🎉': { count: 4 } } }),
      record('q4', 'q1', { reactions: { like: { count: 9 } } }),
      record('q5', null),
    ];
    expect(ids(records, { order: 'top', complete: true })).to.deep.equal(['q3', 'q2', 'q1', 'q4', 'q5']);
  });
});

describe('reuseUnchangedNodes', () => {
  const thread = () => [record('a1', null), record('a2', 'a1'), record('a3', 'a2'), record('b1', null), record('b2', 'b1'), record('c1', null)];

  it('keeps every node of a tree built again from the same records', () => {
    const records = thread();
    const first = buildDisplayTree(records, { complete: true });
    const again = reuseUnchangedNodes(first, buildDisplayTree(records, { complete: true }));
    expect(again.roots.length).to.equal(3);
    again.roots.forEach((root, i) => expect(root).to.equal(first.roots[i]));
  });

  it('renews only the conversation a new reply joins, down the path to it', () => {
    const records = thread();
    const first = buildDisplayTree(records, { complete: true });
    const next = reuseUnchangedNodes(first, buildDisplayTree([...records, record('a4', 'a1')], { complete: true }));
    expect(next.roots[0]).not.to.equal(first.roots[0]);
    expect(next.roots[0].children[0]).to.equal(first.roots[0].children[0]); // a2 and its reply a3: untouched
    expect(next.roots[0].children[1].record.id).to.equal('a4');
    expect(next.roots[1]).to.equal(first.roots[1]);
    expect(next.roots[2]).to.equal(first.roots[2]);
    expect(flattenDisplayTree(next).map((node) => node.record.id)).to.deep.equal(['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1']);
  });

  it('renews a node whose record was replaced, and its ancestors, not its siblings', () => {
    const records = thread();
    const first = buildDisplayTree(records, { complete: true });
    const edited = records.map((r) => (r.id === 'b2' ? { ...r, body: 'edited' } : r));
    const next = reuseUnchangedNodes(first, buildDisplayTree(edited, { complete: true }));
    expect(next.roots[1]).not.to.equal(first.roots[1]);
    expect(next.roots[1].children[0].record.body).to.equal('edited');
    expect(next.roots[0]).to.equal(first.roots[0]);
    expect(next.roots[2]).to.equal(first.roots[2]);
  });

  it('renews a removed reply’s conversation and a node whose depth or note changed', () => {
    const records = thread();
    const first = buildDisplayTree(records, { complete: true, maxDepth: 3 });
    const without = reuseUnchangedNodes(first, buildDisplayTree(records.filter((r) => r.id !== 'b2'), { complete: true, maxDepth: 3 }));
    expect(without.roots[1]).not.to.equal(first.roots[1]);
    expect(without.roots[1].children).to.deep.equal([]);
    const clamped = reuseUnchangedNodes(first, buildDisplayTree(records, { complete: true, maxDepth: 2 }));
    expect(clamped.roots[0]).not.to.equal(first.roots[0]);
    expect(clamped.roots[0].children[1].inReplyTo).to.equal('Author a2');
    expect(clamped.roots[1]).to.equal(first.roots[1]);
  });

  it('returns the new tree as it is when there is no earlier one', () => {
    const tree = buildDisplayTree(thread(), { complete: true });
    expect(reuseUnchangedNodes(undefined, tree)).to.equal(tree);
  });
});
