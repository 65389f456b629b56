// WordPressProvider.subscribe against the real WordPress with the comment-thread plugin: its change
// log (/comment-thread/v1/changes) polled while the tab is visible, one request per interval for
// every thread, backing off on failures, and resuming from the moment a page was rendered.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { providerRegistry } from '../../src/providers/registry.js';
import { createLazyWordPressProvider } from '../../src/providers/wordpress-factory.js';
import { WordPressProvider } from '../../src/providers/wordpress-provider.js';
import type { CommentChange } from '../../src/types.js';
import { shadow, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';
import { asAdminOf, type WordPressInfo } from './wordpress-env.js';

let wp: WordPressInfo;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const asAdmin = (method: string, route: string, body?: unknown) => asAdminOf(wp, method, route, body);

const newPost = async () => (await asAdmin('POST', '/wp/v2/posts', { title: unique('Live'), status: 'publish' })) as { id: number; link: string };

/** A fetch that counts the change-log requests (and can be made to fail). */
function countingFetch() {
  const calls: { url: URL; at: number }[] = [];
  const state = { failing: false };
  const wrapped: typeof fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.pathname.includes('/comment-thread/v1/changes')) {
      calls.push({ url, at: performance.now() });
      if (state.failing) return Promise.reject(new TypeError('Failed to fetch (test)'));
    }
    return fetch(input, init);
  };
  return { fetch: wrapped, calls, state };
}

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
  await control('wordpress', 'plugin', { active: true });
});

after(() => control('wordpress', 'plugin', { active: false }));

describe('WordPressProvider.subscribe with the plugin’s change log', () => {
  it('is offered only for a site known to run the plugin (live, or the page’s wp-since)', () => {
    expect(new WordPressProvider({ endpoint: wp.restUrl }).subscribe).to.equal(undefined);
    expect(new WordPressProvider({ endpoint: wp.restUrl, live: true }).subscribe).to.be.a('function');
    expect(new WordPressProvider({ endpoint: wp.restUrl, since: '1' }).subscribe).to.be.a('function');
  });

  it('delivers new, newly approved, edited and deleted comments — never a held one', async () => {
    const post = await newPost();
    const counter = countingFetch();
    const provider = new WordPressProvider({ endpoint: wp.restUrl, live: true, pollInterval: 300, fetch: counter.fetch });
    const changes: CommentChange[] = [];
    const stop = provider.subscribe!(String(post.id), (change) => changes.push(change));
    try {
      await until(() => counter.calls.length >= 1, 'the first poll', 10_000);
      const find = (type: string, id: string) =>
        changes.find((change) => change.type === type && (change.type === 'removed' ? change.id : change.comment.id) === id);

      const added = await asAdmin('POST', '/wp/v2/comments', { post: post.id, content: unique('Live and approved') });
      const addedId = String(added.id);
      const seen = await until(() => find('added', addedId), 'the new comment', 15_000);
      expect(seen.type === 'added' && seen.comment.body).to.contain('Live and approved');

      const heldText = unique('Held, never sent');
      const held = await new WordPressProvider({ endpoint: wp.restUrl }).postComment({
        threadId: String(post.id),
        parentId: null,
        body: heldText,
        idempotencyKey: unique('key'),
        guest: { name: 'Hidden Hanna', email: `held${Date.now()}@example.test` },
      });
      expect(held.status).to.equal('pending');

      const editedText = unique('Edited live');
      await asAdmin('POST', `/wp/v2/comments/${addedId}`, { content: editedText });
      await until(
        () => changes.some((change) => change.type !== 'removed' && change.comment.id === addedId && change.comment.body.includes(editedText)),
        'the edit',
        15_000,
      );
      // Still held: nothing about it has been sent, not even its id.
      expect(JSON.stringify(changes)).to.not.contain(heldText);
      expect(changes.some((change) => (change.type === 'removed' ? change.id : change.comment.id) === held.id)).to.equal(false);

      await asAdmin('POST', `/wp/v2/comments/${held.id}`, { status: 'approved' });
      const approved = await until(() => find('added', held.id), 'the newly approved comment', 15_000);
      expect(approved.type === 'added' && approved.comment.body).to.contain(heldText);

      await asAdmin('DELETE', `/wp/v2/comments/${addedId}`);
      await until(() => find('removed', addedId), 'the trashed comment removed', 15_000);
      await asAdmin('DELETE', `/wp/v2/comments/${held.id}?force=true`);
      await until(() => find('removed', held.id), 'the deleted comment removed', 15_000);
    } finally {
      stop();
    }
  });

  it('one request per interval for every thread of the page, stopping when nobody listens', async () => {
    const posts = [await newPost(), await newPost(), await newPost()];
    const counter = countingFetch();
    const provider = new WordPressProvider({ endpoint: wp.restUrl, live: true, pollInterval: 400, fetch: counter.fetch });
    const stops = posts.flatMap((post) => [provider.subscribe!(String(post.id), () => {}), provider.subscribe!(String(post.id), () => {})]);
    await until(() => counter.calls.length >= 4, 'four polls', 15_000);
    stops.forEach((stop) => stop());
    for (const call of counter.calls.slice(1)) {
      expect(call.url.searchParams.get('post')!.split(',').sort()).to.deep.equal(posts.map((post) => String(post.id)).sort());
    }
    // Never two requests within one interval, whatever the number of threads and listeners.
    for (let i = 1; i < counter.calls.length; i++) expect(counter.calls[i].at - counter.calls[i - 1].at).to.be.at.least(350);
    const stoppedAt = counter.calls.length;
    await sleep(1200);
    expect(counter.calls.length).to.equal(stoppedAt);
  });

  it('waits longer after each failure, and pauses while the tab is hidden', async () => {
    const post = await newPost();
    const counter = countingFetch();
    const provider = new WordPressProvider({ endpoint: wp.restUrl, live: true, pollInterval: 200, fetch: counter.fetch });
    counter.state.failing = true;
    const stop = provider.subscribe!(String(post.id), () => {});
    try {
      await until(() => counter.calls.length >= 4, 'four failed polls', 15_000);
      const gaps = counter.calls.slice(1, 4).map((call, index) => call.at - counter.calls[index].at);
      // 200 ms doubled per failure: 400, 800, 1600 at least.
      expect(gaps[0]).to.be.at.least(390);
      expect(gaps[1]).to.be.at.least(790);
      expect(gaps[2]).to.be.at.least(1590);
      counter.state.failing = false;

      // Hidden: no polls at all; visible again: at once.
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      const whileHidden = counter.calls.length;
      await sleep(3500);
      expect(counter.calls.length).to.equal(whileHidden);
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      await until(() => counter.calls.length > whileHidden, 'a poll once visible', 10_000);
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
      stop();
    }
  });

  it('the element resumes from the moment its page was rendered: a comment approved in between appears', async () => {
    providerRegistry.register('wordpress', createLazyWordPressProvider);
    const post = await newPost();
    // A site that turns them off (the comment_thread_live_updates filter): no cursor, no live updates.
    await control('wordpress', 'option', { name: 'ct_test_live_updates_off', value: '1' });
    try {
      const plain = await control<{ status: number; html: string }>('wordpress', 'page', { path: new URL(post.link).pathname });
      expect(new DOMParser().parseFromString(plain.html, 'text/html').querySelector('comment-thread')!.hasAttribute('wp-since')).to.equal(false);
    } finally {
      await control('wordpress', 'option', { name: 'ct_test_live_updates_off', value: '0' });
    }
    // On by default.
    await asAdmin('POST', '/wp/v2/comments', { post: post.id, content: unique('Before the page') });
    const answer = await control<{ status: number; html: string }>('wordpress', 'page', { path: new URL(post.link).pathname });
    const markup = new DOMParser().parseFromString(answer.html, 'text/html').querySelector('comment-thread')!;
    expect(markup.getAttribute('wp-since')).to.match(/^\d{16}$/);
    // After the page was made, before its script ran: someone comments.
    const between = await asAdmin('POST', '/wp/v2/comments', { post: post.id, content: unique('After the page was rendered') });
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.append(document.importNode(markup, true));
    const thread = container.querySelector<CommentThread>('comment-thread')!;
    await until(() => shadow(thread).querySelector(`#comment-${between.id}`), 'the comment made in between, live', 20_000);
    expect(shadow(thread).querySelectorAll('article[part~="comment"]')).to.have.length(2);
  });
});
