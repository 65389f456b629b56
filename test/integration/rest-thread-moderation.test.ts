// Inside <comment-thread>, on RestProvider and the real reference server: a moderator (a script's
// MODERATION_TOKEN as a bearer token) sees a guest's held comment in place, marked, and approves
// it by the button's accessible name; it stays in place as an ordinary comment, and a reader's
// thread (no token) shows it then. The reader's provider never asks for the queue.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { shadow, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

const post = (reader: string, threadId: string, body: string, name: string, parentId: string | null = null) =>
  control<{ status: number; body: CommentRecord }>('rest-server', 'as', {
    reader,
    path: `/threads/${encodeURIComponent(threadId)}/comments`,
    method: 'POST',
    headers: { 'idempotency-key': unique('k') },
    body: { parentId, body, guest: { name, email: `${name.toLowerCase()}@example.com` } },
  });

const button = (root: ParentNode, name: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name);

async function thread(provider: RestProvider, threadId: string): Promise<CommentThread> {
  const element = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id=${threadId} lang="en"></comment-thread>`);
  await until(() => shadow(element).querySelector('article[part~="comment"]'), 'the thread to load', 10_000);
  return element;
}

afterEach(async () => {
  fixtureCleanup();
  await control('rest-server', 'settings', { moderation: 'approve' });
});

describe('<comment-thread> for a moderator, on the reference server', () => {
  it('shows a held reply in place, marked; Approve keeps it there as an ordinary comment', async () => {
    const env = await integrationEnv();
    const threadId = unique('in-place');
    const first = await post('ann', threadId, 'The first comment', 'Ann');
    await control('rest-server', 'settings', { moderation: 'hold' });
    const held = await post('gus', threadId, 'A held reply', 'Gus', first.body.id);
    expect(held.body.status).to.equal('pending');

    // A reader: nothing held, and the queue is never requested.
    const readerProvider = new RestProvider({ endpoint: env.REST_API });
    let queueCalls = 0;
    const listQueue = readerProvider.listModerationQueue.bind(readerProvider);
    readerProvider.listModerationQueue = (options) => (queueCalls++, listQueue(options));
    const reader = await thread(readerProvider, threadId);
    expect(await readerProvider.isModerator()).to.equal(false);
    expect(shadow(reader).textContent).to.not.contain('A held reply');
    expect(queueCalls).to.equal(0);
    fixtureCleanup();

    const moderatorProvider = new RestProvider({ endpoint: env.REST_API, headers: { Authorization: `Bearer ${env.REST_MODERATION_TOKEN}` } });
    const moderator = await thread(moderatorProvider, threadId);
    const article = await until(() => shadow(moderator).querySelector(`#comment-${held.body.id}`), 'the held reply, in place', 10_000);
    expect(article.closest('[part~="replies"]')!.closest('li')!.querySelector('article')!.id).to.equal(`comment-${first.body.id}`);
    expect(article.querySelector('[part~="held-mark"]')!.textContent).to.equal('Held for moderation');
    await expect(moderator).to.be.accessible();

    button(shadow(moderator), 'Approve the comment by Gus')!.click();
    await until(() => shadow(moderator).querySelector(`#comment-${held.body.id} [part~="reply-button"]`), 'an ordinary comment', 10_000);
    expect(shadow(moderator).querySelector(`#comment-${held.body.id} [part~="held-mark"]`)).to.equal(null);
    expect(shadow(moderator).querySelector(`#comment-${held.body.id}`)!.textContent).to.contain('A held reply');
    fixtureCleanup();

    const again = await thread(new RestProvider({ endpoint: env.REST_API }), threadId);
    await until(() => shadow(again).querySelector(`#comment-${held.body.id}`), 'the approved reply, for a reader', 10_000);
  });
});
