// The pure logic of <comment-moderation>: shortcuts, views and how the shown queue changes.
import { expect } from '@open-wc/testing';
import { commandFor, mergeItems, queuesOf, withoutItems } from '../../src/comment-moderation/queue.js';
import type { ModerationItem } from '../../src/types.js';

const item = (id: string, minute: number): ModerationItem => ({
  id,
  threadId: 't',
  parentId: null,
  author: { name: id },
  body: id,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  queue: 'held',
  moderation: {},
});

describe('moderation queue logic', () => {
  it('maps the documented keys, and none with a modifier held', () => {
    const press = (key: string, extra = {}) => commandFor({ key, ctrlKey: false, metaKey: false, altKey: false, ...extra });
    expect(['j', 'k', 'x', 'a', 's', 'd', 'b', 'u', 'ArrowDown', 'ArrowUp'].map((key) => press(key))).to.deep.equal([
      'next', 'previous', 'select', 'approve', 'spam', 'delete', 'ban', 'undo', 'next', 'previous',
    ]);
    expect(press('a', { ctrlKey: true })).to.equal(null);
    expect(press('s', { metaKey: true })).to.equal(null);
    expect(press('q')).to.equal(null);
  });

  it('views name their queues', () => {
    expect(queuesOf('review')).to.deep.equal(['held', 'reported']);
    expect(queuesOf('spam')).to.deep.equal(['spam']);
  });

  it('merges arrivals newest first, replacing items with the same id, and removes by id', () => {
    const merged = mergeItems([item('a', 1), item('c', 3)], [item('b', 2), { ...item('c', 3), body: 'new' }]);
    expect(merged.map((each) => each.id)).to.deep.equal(['c', 'b', 'a']);
    expect(merged[0].body).to.equal('new');
    expect(withoutItems(merged, new Set(['b'])).map((each) => each.id)).to.deep.equal(['c', 'a']);
  });
});
