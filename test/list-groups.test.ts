// src/comment-thread/list-groups.ts: which group each conversation of the thread's list is in.
import { expect } from '@open-wc/testing';
import { groups, weight } from '../src/comment-thread/list-groups.js';
import type { DisplayNode } from '../src/core/tree.js';
import { record } from './helpers.js';

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `c${from + i}`);
/** Groups of 3 one-comment conversations, numbered from 0 (or `first`) as they are made. */
function grouped(list: readonly string[], before = new Map<string, number>(), first = 0) {
  let next = first;
  return groups(list, list.map(() => 1), before, () => next++, 3, 1);
}
const had = (list: readonly string[], numbers: readonly number[]) => new Map(list.map((id, i) => [id, numbers[i]]));

describe('list groups', () => {
  it('fills new groups up to their size', () => {
    expect(grouped(ids(0, 8))).to.deep.equal([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(grouped([])).to.deep.equal([]);
  });

  it('counts comments, not conversations, and puts `first` conversations at least in the first group', () => {
    let next = 0;
    const fresh = () => next++;
    // Conversations of 1, 2 and 5 comments; groups of 4 comments: 1+2+5, then 1+2+5.
    expect(groups(ids(0, 6), [1, 2, 5, 1, 2, 5], new Map(), fresh, 4, 1)).to.deep.equal([0, 0, 0, 1, 1, 1]);
    // A conversation of more than a group's comments is a group of its own.
    next = 0;
    expect(groups(ids(0, 3), [9, 9, 1], new Map(), fresh, 4, 1)).to.deep.equal([0, 1, 2]);
    // The first group takes 3 conversations however many comments they have; the others fill by comments.
    next = 0;
    expect(groups(ids(0, 5), [9, 9, 9, 9, 9], new Map(), fresh, 4, 3)).to.deep.equal([0, 0, 0, 1, 2]);
  });

  it('weighs a conversation by its comments, replies and theirs', () => {
    const node = (id: string, children: DisplayNode[] = []): DisplayNode => ({ record: record(id, null), depth: 1, children });
    expect(weight(node('a'))).to.equal(1);
    expect(weight(node('a', [node('b', [node('c'), node('d')]), node('e')]))).to.equal(5);
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
      const out = groups(edited, edited.map(() => 1), before, () => next++, 3, 1);
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
