// Inside <comment-thread>, on RestProvider and the real reference server: a moderator (a script's
// MODERATION_TOKEN as a bearer token) sees a guest's held comment in place, marked, and approves
// it by the button's accessible name; it stays in place as an ordinary comment, and a reader's
// thread (no token) shows it then. A comment held while the moderator's thread is open arrives in
// place, live; a reader's page and stream never carry it, and a reader's provider never asks for
// the queue. One page view asks `isModerator()` once, reads the queue once and opens one queue
// stream, which closes when the thread leaves the page.
//
// Assertions here compare text and booleans, never DOM nodes: a failed assertion holding a node
// cannot be sent to the runner (see test/setup/reportable-failures.ts) — that is how this file
// once "hung" when the live thread stream happened to approve the comment before the action's answer.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { shadow, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

interface StreamEvent {
  event: string;
  data: { comment?: { id: string } };
}

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

/** What the thread shows of comment `id`: its text, its mark, whether it has Reply and "Approved.". */
function shown(thread: CommentThread, id: string) {
  const article = shadow(thread).querySelector(`#comment-${id}`);
  return {
    present: article !== null,
    text: article?.textContent ?? '',
    mark: article?.querySelector('[part~="held-mark"]')?.textContent ?? null,
    reply: article?.querySelector('[part~="reply-button"]') != null,
    done: article?.querySelector('[part~="moderation-done"]')?.textContent ?? null,
    parent: article?.closest('[part~="replies"]')?.closest('li')?.querySelector('article')?.id ?? null,
  };
}

/** A provider whose calls of the moderation members are counted. */
function counted(provider: RestProvider) {
  const calls = { isModerator: 0, queue: 0, streams: 0, open: 0 };
  const isModerator = provider.isModerator.bind(provider);
  const listQueue = provider.listModerationQueue.bind(provider);
  const subscribe = provider.subscribeModeration.bind(provider);
  provider.isModerator = (options) => (calls.isModerator++, isModerator(options));
  provider.listModerationQueue = (options) => (calls.queue++, listQueue(options));
  provider.subscribeModeration = (listener, options) => {
    calls.streams++;
    calls.open++;
    const stop = subscribe(listener, options);
    return () => (calls.open--, stop());
  };
  return calls;
}

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

    // A reader: nothing held on the page the server sends, nor in the thread; the queue is never requested.
    const readerProvider = new RestProvider({ endpoint: env.REST_API });
    const readerCalls = counted(readerProvider);
    expect((await readerProvider.listComments(threadId)).comments.map((comment) => comment.id)).to.deep.equal([first.body.id]);
    const reader = await thread(readerProvider, threadId);
    await until(() => readerCalls.isModerator === 1, 'isModerator asked', 10_000);
    expect(await readerProvider.isModerator()).to.equal(false);
    expect(shadow(reader).textContent).to.not.contain('A held reply');
    expect(readerCalls.queue).to.equal(0);
    expect(readerCalls.streams).to.equal(0);
    fixtureCleanup();

    const moderatorProvider = new RestProvider({ endpoint: env.REST_API, headers: { Authorization: `Bearer ${env.REST_MODERATION_TOKEN}` } });
    const calls = counted(moderatorProvider);
    const moderator = await thread(moderatorProvider, threadId);
    await until(() => shown(moderator, held.body.id).mark, 'the held reply, in place', 10_000);
    expect(shown(moderator, held.body.id)).to.include({ parent: `comment-${first.body.id}`, mark: 'Held for moderation', reply: false });
    await expect(moderator).to.be.accessible();

    // Held while the moderator's thread is open: it arrives in place, live; a reader's stream hears nothing of it.
    const { id: readerStream } = await control<{ id: number }>('rest-server', 'follow', { threadId });
    const late = await post('hal', threadId, 'A reply held later', 'Hal', first.body.id);
    await until(() => shown(moderator, late.body.id).mark, 'the later held reply, live', 10_000);
    expect(shown(moderator, late.body.id)).to.include({ parent: `comment-${first.body.id}`, mark: 'Held for moderation' });
    const heard = await control<StreamEvent[]>('rest-server', 'unfollow', { id: readerStream });
    expect(heard.filter((event) => event.data?.comment?.id === late.body.id)).to.deep.equal([]);

    button(shadow(moderator), 'Approve the comment by Gus')!.click();
    // The thread's own live stream may bring the approved comment before the action's answer:
    // the end is "Approved." with Undo, on an ordinary comment (Reply), with no mark.
    await until(() => shown(moderator, held.body.id).done, '"Approved."', 10_000);
    expect(shown(moderator, held.body.id)).to.include({ mark: null, reply: true, parent: `comment-${first.body.id}` });
    expect(shown(moderator, held.body.id).done).to.contain('Approved.');
    expect(shown(moderator, held.body.id).text).to.contain('A held reply');

    // One page view: isModerator once, the queue read once, one queue stream — and it closes with the thread.
    expect(calls).to.deep.equal({ isModerator: 1, queue: 1, streams: 1, open: 1 });
    fixtureCleanup();
    expect(calls.open, 'the queue stream closes when the thread leaves the page').to.equal(0);

    const again = await thread(new RestProvider({ endpoint: env.REST_API }), threadId);
    await until(() => shown(again, held.body.id).present, 'the approved reply, for a reader', 10_000);
    expect(shown(again, late.body.id).present, 'the reply still held').to.equal(false);
  });
});
