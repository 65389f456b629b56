// <comment-thread> in Chromium on RestProvider and the real reference server:
// the seeded demo thread, posting through the form, two readers seeing each
// other live, the declarative provider="rest", and a server that goes away.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { registerProvider } from '../../src/providers/registry.js';
import { createRestProvider, RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { formOf, loadFixture, shadow, shownComments, type, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

let api: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

before(async () => {
  api = (await integrationEnv()).REST_API;
  // What src/providers/index.ts registers for pages; here so the test does not depend on it.
  registerProvider('rest', createRestProvider);
});

beforeEach(() => localStorage.clear());
afterEach(() => fixtureCleanup());

async function loaded(thread: CommentThread): Promise<void> {
  await until(() => shadow(thread).querySelector('article[part~="comment"]') || shadow(thread).querySelector('h2')?.textContent?.includes('No comments'), 'the thread to load', 10_000);
}

async function post(thread: CommentThread, values: { name: string; email: string; body: string }): Promise<CommentRecord> {
  const form = formOf(thread);
  // The form may still be upgrading (its definition can load on demand).
  await until(() => form.shadowRoot?.querySelector('login-picker')?.shadowRoot && form.shadowRoot.querySelector('textarea'), 'the form', 10_000);
  const root = shadow(form);
  const posted = new Promise<CommentRecord>((resolve) =>
    form.addEventListener('comment-posted', (event) => resolve((event as CustomEvent).detail.comment), { once: true }),
  );
  type(root.querySelector('input[name="name"]')!, values.name);
  type(root.querySelector('input[name="email"]')!, values.email);
  type(root.querySelector('textarea')!, values.body);
  root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  return posted;
}

describe('<comment-thread> on the reference server', () => {
  it('shows the seeded demo thread as the seed page does (a page size past the server\'s 100 is clamped)', async () => {
    const seed = await loadFixture('myth-of-networking');
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${new RestProvider({ endpoint: api })}
      thread-id="the-myth-of-networking"
      thread-title="The Myth of Networking"
      max-depth="3"
      page-size="500"
    ></comment-thread>`);
    await loaded(thread);
    await until(() => shownComments(thread).length === 5, 'five comments');
    expect(shadow(thread).querySelector('h2')?.textContent?.trim()).to.equal(seed.expected.header);
    const shown = shownComments(thread);
    expect(shown.map((comment) => comment.id)).to.deep.equal(seed.expected.displayOrder);
    expect(Object.fromEntries(shown.map((comment) => [comment.id, comment.depth]))).to.deep.equal(seed.expected.displayDepth);
  });

  it('builds the provider from provider="rest" and endpoint, with no script of the page', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread
      provider="rest"
      endpoint=${api}
      thread-id="the-myth-of-networking"
      thread-title="The Myth of Networking"
    ></comment-thread>`);
    await loaded(thread);
    await until(() => shownComments(thread).length === 5, 'five comments');
  });

  it('posts through the form once, and a second reader sees the comment live', async () => {
    const threadId = unique('two-readers');
    const container = await fixture<HTMLDivElement>(html`<div>
      <comment-thread id="a" .provider=${new RestProvider({ endpoint: api })} thread-id=${threadId} thread-title="Live"></comment-thread>
      <comment-thread id="b" .provider=${new RestProvider({ endpoint: api })} thread-id=${threadId} thread-title="Live"></comment-thread>
    </div>`);
    const [a, b] = [container.querySelector<CommentThread>('#a')!, container.querySelector<CommentThread>('#b')!];
    await loaded(a);
    await loaded(b);
    const body = unique('Hello from reader A');
    const record = await post(a, { name: 'Reader A', email: 'a@example.com', body });
    await until(() => shownComments(a).some((comment) => comment.id === record.id), 'the comment in thread A');
    await until(() => shownComments(b).some((comment) => comment.id === record.id), 'the comment in thread B, live');
    expect(shownComments(b).find((comment) => comment.id === record.id)?.text).to.contain(body);
    expect(await control<number>('rest-server', 'count', { body })).to.equal(1);
  });

  it('loads the thread again when its stream missed more than the server replays (a deletion past the limit is not lost)', async () => {
    const threadId = unique('missed-too-much');
    const as = (path: string, init: object = {}) =>
      control<{ status: number; body: CommentRecord }>('rest-server', 'as', { reader: 'element-other-reader', path, ...init });
    const keep = await as(`/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { 'idempotency-key': unique('k') },
      body: { parentId: null, body: 'Stays', guest: { name: 'Other', email: 'o@example.com' } },
    });
    const doomed = await as(`/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { 'idempotency-key': unique('k') },
      body: { parentId: null, body: 'Deleted while you were away', guest: { name: 'Other', email: 'o@example.com' } },
    });
    const provider = new RestProvider({ endpoint: api });
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id=${threadId} thread-title="Away"></comment-thread>`);
    await until(() => shownComments(thread).length === 2, 'both comments');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the stream is open
    // The reader's stream drops and cannot come back while much happens.
    await control('rest-server', 'fault', { mode: 'fail', status: 503, path: '/events', times: 1000 });
    try {
      await control('rest-server', 'dropStreams');
      const flood = Array.from({ length: 5001 }, (_, i) => ({
        id: `${threadId}-${i}`,
        threadId,
        parentId: null,
        author: { name: 'Flood' },
        body: `Flood ${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        status: 'approved',
      }));
      await control('rest-server', 'seed', { comments: flood });
      expect((await as(`/comments/${doomed.body.id}`, { method: 'DELETE' })).status).to.equal(204);
    } finally {
      await control('rest-server', 'clearFaults');
    }
    await until(() => !shownComments(thread).some((comment) => comment.id === doomed.body.id), 'the deleted comment gone after the reload', 25_000);
    await until(() => shownComments(thread).some((comment) => comment.id === keep.body.id), 'the thread loaded again', 10_000);
    await until(() => shownComments(thread).some((comment) => comment.id === `${threadId}-0`), 'what happened meanwhile', 10_000);
  });

  it('shows "Couldn\'t load comments" while the server is down, and Retry loads once it is back', async () => {
    await control('rest-server', 'kill');
    try {
      const thread = await fixture<CommentThread>(html`<comment-thread
        .provider=${new RestProvider({ endpoint: api, retries: 1, backoff: { baseMs: 50 } })}
        thread-id="the-myth-of-networking"
        thread-title="The Myth of Networking"
      ></comment-thread>`);
      const retry = await until(() => shadow(thread).querySelector<HTMLButtonElement>('[part~="retry"]'), 'the error state', 10_000);
      expect(shadow(thread).textContent).to.contain('Couldn’t load comments');
      await control('rest-server', 'start');
      retry.click();
      await until(() => shownComments(thread).length === 5, 'the comments after Retry', 10_000);
    } finally {
      await control('rest-server', 'start');
    }
  });
});
