// src/comment-thread/list-groups.ts: which group each conversation of the thread's list is in.
import { expect } from '@open-wc/testing';
import { groups } from '../src/comment-thread/list-groups.js';

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `c${from + i}`);
/** Groups with sizes of 3, numbered from 0 (or `first`) as they are made. */
function grouped(list: readonly string[], before = new Map<string, number>(), first = 0) {
  let next = first;
  return groups(list, before, () => next++, 3);
}
const had = (list: readonly string[], numbers: readonly number[]) => new Map(list.map((id, i) => [id, numbers[i]]));

describe('list groups', () => {
  it('fills new groups up to their size', () => {
    expect(grouped(ids(0, 8))).to.deep.equal([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(grouped([])).to.deep.equal([]);
  });

  it('keeps each conversation in its group as more come after (a page, a later chunk)', () => {
    const first = ids(0, 4);
    const before = had(first, grouped(first)); // [0, 0, 0, 1]
    expect(grouped(ids(0, 9), before, 2)).to.deep.equal([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('puts one added on top into the first group, and one inserted into its neighbours’, even when full', () => {
    const list = ids(0, 6);
    const before = had(list, [0, 0, 0, 1, 1, 1]);
    expect(grouped(['new', ...list], before, 2)).to.deep.equal([0, 0, 0, 0, 1, 1, 1]);
    expect(grouped(['c0', 'c1', 'new', 'c2', ...ids(3, 6)], before, 2)).to.deep.equal([0, 0, 0, 0, 1, 1, 1]);
    // Between two groups, a full one and the next: the next one's first.
    expect(grouped([...ids(0, 3), 'new', ...ids(3, 6)], before, 2)).to.deep.equal([0, 0, 0, 1, 1, 1, 1]);
  });

  it('lets a group shrink when conversations go, and keeps the others where they were', () => {
    const before = had(ids(0, 6), [0, 0, 0, 1, 1, 1]);
    expect(grouped(['c0', 'c2', 'c4'], before, 2)).to.deep.equal([0, 0, 1]);
    expect(grouped(ids(3, 6), before, 2)).to.deep.equal([1, 1, 1]);
  });

  it('keeps groups whose conversations stay together, in any order (a reversed sort)', () => {
    const list = ids(0, 6);
    const before = had(list, [0, 0, 0, 1, 1, 1]);
    expect(grouped([...list].reverse(), before, 2)).to.deep.equal([1, 1, 1, 0, 0, 0]);
  });

  it('groups afresh, with new numbers, when a group’s conversations are apart', () => {
    const list = ids(0, 6);
    const before = had(list, [0, 0, 0, 1, 1, 1]);
    expect(grouped(['c0', 'c3', 'c1', 'c2', 'c4', 'c5'], before, 2)).to.deep.equal([2, 2, 2, 3, 3, 3]);
  });

  it('makes every group consecutive, whatever it was given', () => {
    // A stress of random edits: a group's conversations are always together, each group once.
    let list = ids(0, 20);
    let before = had(list, grouped(list));
    let next = 100;
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const edited = [...list];
      const at = Math.floor(random() * (edited.length + 1));
      if (random() < 0.6) edited.splice(at, 0, `n${round}`);
      else edited.splice(at, 1);
      const out = groups(edited, before, () => next++, 3);
      const seen = new Set<number>();
      out.forEach((group, i) => {
        if (i > 0 && out[i - 1] !== group) expect(seen.has(group), `group ${group} twice`).to.equal(false);
        seen.add(group);
      });
      // Nobody changed groups: edits are insertions and removals only.
      edited.forEach((id, i) => before.has(id) && expect(out[i], id).to.equal(before.get(id)));
      list = edited;
      before = had(list, out);
    }
  });
});
