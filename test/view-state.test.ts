import { expect } from '@open-wc/testing';
import { EMPTY_VIEW, ViewState } from '../src/model/view-state.js';

describe('ViewState', () => {
  it('gives every comment the empty view until something is done to it', () => {
    const views = new ViewState();
    expect(views.get('a')).to.equal(EMPTY_VIEW);
    expect(Object.isFrozen(EMPTY_VIEW)).to.equal(true);
  });

  it('makes a new immutable value on each change, and none when nothing changes', () => {
    const views = new ViewState();
    expect(views.update('a', { collapsed: true })).to.equal(true);
    const first = views.get('a');
    expect(Object.isFrozen(first)).to.equal(true);
    expect(views.update('a', { collapsed: true })).to.equal(false);
    expect(views.get('a')).to.equal(first);
    views.update('a', { shownReplies: 53 });
    expect(views.get('a')).to.not.equal(first);
    expect(views.get('a')).to.include({ collapsed: true, shownReplies: 53 });
    expect(first.shownReplies).to.equal(undefined);
  });

  it('gives a single flag to one comment at a time', () => {
    const views = new ViewState();
    views.only('replying', 'a');
    views.only('replying', 'b');
    expect(views.get('a').replying).to.equal(false);
    expect(views.get('b').replying).to.equal(true);
    expect(views.find('replying')).to.equal('b');
    views.only('replying', null);
    expect(views.find('replying')).to.equal(null);
    expect(views.get('b')).to.equal(EMPTY_VIEW);
  });

  it('replaces the stamp of the changed comment’s conversation only: the render guard', () => {
    const views = new ViewState();
    const roots: Record<string, string> = { a: 'a', r1: 'a', b: 'b' };
    views.rootOf = (id) => roots[id];
    const a = views.conversation('a');
    const b = views.conversation('b');
    views.update('r1', { fullBody: true });
    expect(views.conversation('a')).to.not.equal(a);
    expect(views.conversation('b')).to.equal(b);
    const afterFirst = views.conversation('a');
    const version = views.version;
    views.update('r1', { fullBody: true });
    expect(views.conversation('a'), 'no change, same stamp').to.equal(afterFirst);
    expect(views.version, 'nor version').to.equal(version);
    views.update('b', { collapsed: true });
    expect(views.version, 'the list’s guard: any stamp replaced').to.not.equal(version);
    const before = views.version;
    views.reset();
    expect(views.version).to.not.equal(before);
  });

  it('forgets everything on reset', () => {
    const views = new ViewState();
    views.only('editing', 'a');
    views.update('b', { reported: true });
    views.reset();
    expect(views.find('editing')).to.equal(null);
    expect(views.get('b')).to.equal(EMPTY_VIEW);
  });
});
