import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { RETURN_POINT_MAX_AGE_MS, followReturnPoint, returnAddress, takeReturnReply, unfollowReturnPoint } from '../src/core/return-point.js';
import { restoreReturnScroll, saveReturnPoint } from '../src/core/return-scroll.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { formOf, loadFixture, shadow, type, until } from './helpers.js';

const KEY = 'comment-thread:return-point';
const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 30)));

describe('return point (core/return-point.ts, core/return-scroll.ts)', () => {
  const owners: object[] = [];
  const follow = (threadId: string, replyTo: string | null) => {
    const owner = {};
    owners.push(owner);
    followReturnPoint(owner, () => ({ threadId, replyTo }));
  };
  const startUrl = location.href;
  let spacer: HTMLElement | undefined;

  afterEach(() => {
    for (const owner of owners.splice(0)) unfollowReturnPoint(owner);
    sessionStorage.clear();
    history.replaceState(null, '', startUrl);
    spacer?.remove();
    spacer = undefined;
    scrollTo(0, 0);
  });

  it('gives each thread its open reply form back, once', () => {
    follow('thread-a', 'c3');
    follow('thread-b', null);
    follow('thread-c', 'c9');
    saveReturnPoint();
    expect(takeReturnReply('thread-a')).to.equal('c3');
    expect(takeReturnReply('thread-a')).to.equal(null, 'taken once');
    expect(takeReturnReply('thread-b')).to.equal(null, 'its form sat after the comments');
    expect(takeReturnReply('thread-c')).to.equal('c9');
  });

  it('only on the same page, with the sign-in result parameter ignored, and not when stale', () => {
    follow('thread-a', 'c3');
    saveReturnPoint(['ct-sign-in']);
    history.replaceState(null, '', '/another-page');
    expect(takeReturnReply('thread-a')).to.equal(null, 'another page');
    history.replaceState(null, '', startUrl);
    const back = new URL(startUrl);
    back.searchParams.set('ct-sign-in', 'ok');
    history.replaceState(null, '', back.href);
    expect(takeReturnReply('thread-a', Date.now() + RETURN_POINT_MAX_AGE_MS + 1)).to.equal(null, 'too old');
    expect(takeReturnReply('thread-a', Date.now() - 60_000)).to.equal(null, 'saved in the future');
    expect(takeReturnReply('thread-a')).to.equal('c3');
    expect(returnAddress('http://a.test/p?x=1&ct-sign-in=ok#c2', ['ct-sign-in'])).to.equal('http://a.test/p?x=1#c2');
  });

  it('reads anything else in its storage slot as no return point, without throwing', () => {
    for (const junk of ['{', 'null', '[]', '{"url":1}', JSON.stringify({ url: location.href, savedAt: Date.now(), ignore: [1], replies: {} })]) {
      sessionStorage.setItem(KEY, junk);
      expect(takeReturnReply('thread-a'), junk).to.equal(null);
      expect(restoreReturnScroll(), junk).to.equal(false);
    }
    sessionStorage.setItem(KEY, JSON.stringify({ url: location.href, savedAt: Date.now(), ignore: [], replies: { a: 5, b: 'c1' } }));
    expect(takeReturnReply('a')).to.equal(null, 'a reply target that is not a string');
    expect(takeReturnReply('b')).to.equal('c1');
  });

  it('scrolls back, and holds the position while the page grows, until the reader moves', async () => {
    spacer = document.createElement('div');
    spacer.style.blockSize = '4000px';
    document.body.append(spacer);
    scrollTo(0, 1500);
    await frame();
    saveReturnPoint();
    // Back on a page that is short at first (the thread has not loaded yet).
    scrollTo(0, 0);
    spacer.style.blockSize = '10px';
    await frame();
    expect(restoreReturnScroll()).to.equal(true);
    expect(restoreReturnScroll()).to.equal(false, 'once');
    spacer.style.blockSize = '4000px';
    await until(() => Math.abs(scrollY - 1500) < 2, 'the position, once the page is tall enough');
    // The reader scrolls: the position is no longer held.
    dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
    scrollTo(0, 200);
    spacer.style.blockSize = '5000px';
    await frame();
    await frame();
    expect(Math.round(scrollY)).to.equal(200);
  });
});

describe('<comment-thread> back from a full-page sign-in', () => {
  afterEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it('reopens the reply form under the same comment, with its draft', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments, identityOptions: seed.identityOptions });
    const render = () =>
      fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id=${seed.thread.id}></comment-thread>`);
    const thread = await render();
    await until(() => shadow(thread).querySelector('#comment-c3 [part~="reply-button"]'), 'comments');
    shadow(thread).querySelector<HTMLButtonElement>('#comment-c3 [part~="reply-button"]')!.click();
    const body = await until(() => formOf(thread).shadowRoot?.querySelector('textarea'), 'the reply form');
    type(body, 'A reply typed before signing in');
    saveReturnPoint();
    thread.remove();

    // The page comes back: a new element, the same thread.
    const back = await render();
    await until(() => shadow(back).querySelector('#comment-c3 + [part~="reply-form"] comment-form'), 'the form under c3 again');
    const field = await until(() => formOf(back).shadowRoot?.querySelector('textarea'), 'its text box');
    await until(() => field.value === 'A reply typed before signing in', 'the draft');
    expect(shadow(back).querySelector('#comment-c3 [part~="reply-button"]')?.getAttribute('aria-expanded')).to.equal('true');

    // Once: another element of the thread later starts with the form after the comments.
    const later = await render();
    await until(() => shadow(later).querySelector('article'), 'comments');
    await frame();
    expect(shadow(later).querySelector('[part~="reply-form"]')).to.equal(null);
  });
});
