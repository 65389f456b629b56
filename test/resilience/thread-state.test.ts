// The thread's own state tells the truth: busy only while loading, a malformed address never
// breaks it, and a comment without a readable date says so instead of claiming 1970.
import { expect, fixture, html } from '@open-wc/testing';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { en } from '../../src/locale/en.js';
import { loadLocale } from '../../src/locale/load.js';
import { resolveStrings } from '../../src/locale/localize.js';
import type { CommentDataProvider } from '../../src/types.js';
import { shadow, until } from '../helpers.js';
import { failOnEscapes, mountThread, ok, onePage, rawProvider, shownIds } from './support.js';

const busyOf = (thread: Element) => shadow(thread).querySelector('section[part~="base"]')!.getAttribute('aria-busy');

/** A provider whose list calls wait until the test settles them. */
function heldProvider() {
  const calls: { resolve: (page: unknown) => void; reject: (error: unknown) => void }[] = [];
  const provider: CommentDataProvider = {
    listComments: () => new Promise((resolve, reject) => calls.push({ resolve: resolve as (page: unknown) => void, reject })),
    async postComment() {
      throw { code: 'forbidden', message: 'read only' };
    },
  };
  return { provider, calls };
}

describe('thread state', function () {
  this.timeout(20000);
  failOnEscapes();

  describe('aria-busy', () => {
    it('is true while the first page loads, false once it failed, true on Retry, false once shown', async () => {
      const { provider, calls } = heldProvider();
      const thread = await mountThread(provider);
      await until(() => calls.length === 1, 'the first request');
      expect(busyOf(thread)).to.equal('true');

      calls[0].reject({ code: 'network', message: 'down' });
      await until(() => shadow(thread).querySelector('[part~="retry"]'), 'the error state');
      expect(shadow(thread).querySelector('[part~="error"]')?.textContent).to.contain(en.loadFailed);
      expect(busyOf(thread), 'the error is content, not something to wait for').to.equal('false');

      shadow(thread).querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
      await until(() => calls.length === 2, 'the retry');
      await thread.updateComplete;
      expect(busyOf(thread)).to.equal('true');

      calls[1].resolve({ comments: [ok('a1')], nextCursor: null });
      await until(() => shownIds(thread).length === 1, 'the comment');
      expect(busyOf(thread)).to.equal('false');
    });

    it('is false once the thread says no provider came', async () => {
      const thread = await fixture<CommentThread>(html`<comment-thread thread-id="t"></comment-thread>`);
      expect(busyOf(thread)).to.equal('true');
      await until(() => shadow(thread).querySelector('[part~="error"]'), 'the missing provider message', 6000);
      expect(busyOf(thread)).to.equal('false');
    });
  });

  describe('permalinks with malformed hashes', () => {
    let before: string;
    beforeEach(() => (before = location.href));
    afterEach(() => history.replaceState(null, '', before));

    for (const hash of ['#%', '#comment-%', '#comment-%E0%A4%A', '#%ZZ%']) {
      it(`${hash}: the thread loads and shows its comments`, async () => {
        history.replaceState(null, '', hash);
        const thread = await mountThread(rawProvider(onePage([ok('a1'), ok('b2')])));
        await until(() => shownIds(thread).length === 2 || shadow(thread).querySelector('[part~="error"]'), 'the thread or an error');
        expect(shadow(thread).querySelector('[part~="error"]')?.textContent?.trim() ?? '', 'no "couldn’t load"').to.equal('');
        expect(shownIds(thread)).to.deep.equal(['a1', 'b2']);
      });
    }

    it('a malformed hash arriving later (hashchange) changes nothing and throws nothing', async () => {
      const thread = await mountThread(rawProvider(onePage([ok('a1'), ok('b2')])));
      await until(() => shownIds(thread).length === 2, 'both');
      location.hash = '#comment-%';
      await new Promise((resolve) => setTimeout(resolve, 50));
      await thread.updateComplete;
      expect(shownIds(thread)).to.deep.equal(['a1', 'b2']);
      expect(shadow(thread).querySelector('.highlight')?.id ?? 'none').to.equal('none');
    });

    it('a well-formed encoded permalink still opens its comment', async () => {
      history.replaceState(null, '', `#${encodeURIComponent('comment-é 1')}`);
      const thread = await mountThread(rawProvider(onePage([ok('a1'), ok('é 1')])));
      await until(() => shadow(thread).querySelector('article.highlight'), 'the highlighted comment');
      expect(shadow(thread).querySelector('article.highlight')!.id).to.equal('comment-é 1');
    });
  });

  describe('comments without a readable date', () => {
    const bad = ['not a date', '2024-13-45T99:99:99Z', '', null, {}, '+999999-01-01T00:00:00Z'];

    it('show "unknown date" in the permalink: no 1970, no <time>, no Invalid Date', async () => {
      const thread = await mountThread(rawProvider(onePage([ok('good'), ...bad.map((createdAt, i) => ok(`d${i}`, null, { createdAt }))])));
      await until(() => shownIds(thread).length === bad.length + 1, 'all');
      for (let i = 0; i < bad.length; i++) {
        const link = shadow(thread).querySelector(`#comment-d${i} [part~="permalink"]`)!;
        const what = JSON.stringify(bad[i]);
        expect(link.textContent?.trim(), what).to.equal(en.unknownDate);
        expect(link.querySelector('time')?.outerHTML ?? 'no time element', what).to.equal('no time element');
        expect(link.getAttribute('aria-label'), what).to.contain(en.unknownDate);
        expect(shadow(thread).querySelector(`#comment-d${i}`)!.textContent, what).to.not.match(/1970|Invalid Date|NaN/);
      }
      const good = shadow(thread).querySelector('#comment-good [part~="permalink"] time')!;
      expect(good.getAttribute('datetime')).to.equal(ok('good').createdAt);
    });

    it('in the reader’s language', async () => {
      await loadLocale('de');
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="de">
        <comment-thread .provider=${rawProvider(onePage([ok('d1', null, { createdAt: 'kaputt' })]))} thread-id="t"></comment-thread>
      </div>`);
      const element = wrapper.querySelector<CommentThread>('comment-thread')!;
      await until(() => shownIds(element).length === 1, 'the comment');
      const unknown = resolveStrings('de').unknownDate;
      expect(unknown).to.not.equal(en.unknownDate);
      expect(shadow(element).querySelector('[part~="permalink"]')?.textContent?.trim()).to.equal(unknown);
    });
  });
});
