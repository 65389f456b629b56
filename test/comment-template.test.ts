import { expect } from '@open-wc/testing';
import { FIRST_COMMENTS, firstItems } from '../src/comment-thread/comment-template.js';
import { FIRST_ITEMS } from '../src/controllers/progressive-render-controller.js';
import type { DisplayNode } from '../src/core/tree.js';
import { record } from './helpers.js';

/** A display node `id` with `children`. */
const node = (id: string, children: DisplayNode[] = [], depth = 0): DisplayNode => ({ record: record(id, null), depth, children });
/** A conversation of `replies` replies, each with `each` replies of its own. */
const conversation = (id: string, replies: number, each = 0): DisplayNode =>
  node(id, Array.from({ length: replies }, (_, i) => node(`${id}.${i}`, Array.from({ length: each }, (_, j) => node(`${id}.${i}.${j}`, [], 2)), 1)));

describe('firstItems: how many conversations the first render shows', () => {
  it('shows conversations until they hold a screenful of comments, at most FIRST_ITEMS', () => {
    expect(FIRST_COMMENTS).to.be.at.most(FIRST_ITEMS);
    // One comment each: FIRST_COMMENTS of them.
    const singles = Array.from({ length: 30 }, (_, i) => conversation(`s${i}`, 0));
    expect(firstItems(singles)).to.equal(FIRST_COMMENTS);
    // 6 comments, then 6 more: the second conversation reaches the count.
    const sixes = Array.from({ length: 8 }, (_, i) => conversation(`c${i}`, 5));
    expect(firstItems(sixes)).to.equal(2);
    // 4 + 4 + 1 = 9, then one more conversation.
    expect(firstItems([conversation('a', 3), conversation('b', 3), conversation('c', 0), conversation('d', 0), conversation('e', 0)])).to.equal(4);
    // A conversation of 1 + 3 × 5 comments fills it alone.
    expect(firstItems([conversation('big', 3, 4), conversation('next', 0)])).to.equal(1);
  });

  it('shows at least one conversation, and never more than there are', () => {
    expect(firstItems([])).to.equal(0);
    expect(firstItems([conversation('only', 0)])).to.equal(1);
    expect(firstItems([conversation('x', 0), conversation('y', 1)])).to.equal(2);
  });
});
