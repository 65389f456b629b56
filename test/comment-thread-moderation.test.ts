// Inside <comment-thread>, a moderator sees the thread's held and reported comments in place,
// marked, with Approve / Spam / Delete / Ban author and Undo (src/comment-thread/moderation-*.ts,
// src/model/thread-moderation.ts); a reader who does not moderate sees none of it and their
// provider is never asked for the queue. Against InMemoryProvider's real moderation.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { UNDO_MS } from '../src/model/thread-moderation.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { record, shadow, until } from './helpers.js';

/** A thread `t`: c1 with an approved reply c2, a held reply h3 by Hana, then c4; c2 is reported. */
async function setUp(moderator: boolean) {
  const provider = new InMemoryProvider({ comments: [record('c1', null), record('c2', 'c1'), record('c4', null)], moderator });
  provider.addExternal(record('h3', 'c1', { author: { name: 'Hana' }, body: 'Held reply', status: 'pending' }));
  await provider.report('c2', 'spam');
  const calls = { queue: 0, isModerator: 0, streams: 0, open: 0 };
  const listQueue = provider.listModerationQueue.bind(provider);
  const isModerator = provider.isModerator.bind(provider);
  const subscribe = provider.subscribeModeration.bind(provider);
  provider.listModerationQueue = (options) => (calls.queue++, listQueue(options));
  provider.isModerator = (options) => (calls.isModerator++, isModerator(options));
  provider.subscribeModeration = (listener, options) => {
    calls.streams++;
    calls.open++;
    const stop = subscribe(listener, options);
    return () => (calls.open--, stop());
  };
  const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
  await until(() => shadow(thread).querySelector('#comment-c1'), 'comments');
  return { provider, thread, calls };
}

/** Whether `count()` stays the same for `quiet` ms at some point within `bound` ms (a loop never does). */
async function settles(count: () => number, quiet = 250, bound = 5000): Promise<boolean> {
  for (const start = performance.now(); performance.now() - start < bound; ) {
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, quiet));
    if (count() === before) return true;
  }
  return false;
}

const root = (thread: CommentThread) => shadow(thread);
const byName = (thread: CommentThread, name: string) =>
  [...root(thread).querySelectorAll<HTMLButtonElement>('button')].find(
    (button) => (button.getAttribute('aria-label') ?? button.textContent!.trim()) === name,
  );
/** The ids of the comments shown, in document order. */
const order = (thread: CommentThread) => [...root(thread).querySelectorAll('article')].map((article) => article.id);

describe('<comment-thread> for a moderator', () => {
  it('a reader who does not moderate sees nothing held, and the queue is never requested', async () => {
    const { thread, calls } = await setUp(false);
    await until(() => calls.isModerator === 1, 'isModerator asked');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.queue).to.equal(0);
    expect(order(thread)).to.deep.equal(['comment-c1', 'comment-c2', 'comment-c4']);
    expect(root(thread).querySelector('[part~="held"]')).to.equal(null);
    expect(root(thread).textContent).to.not.contain('Held reply');
    // Nor is the moderator's code loaded.
    const loaded = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(loaded.some((name) => name.includes('moderation-in-place'))).to.equal(false);
  });

  it('shows held comments in place, marked, and an approved one stays in place as an ordinary comment', async () => {
    const { thread, calls, provider } = await setUp(true);
    const held = await until(() => root(thread).querySelector('#comment-h3'), 'the held comment');
    expect(calls.queue).to.equal(1);
    // Under its parent, in order: c1, its replies c2 then h3, then c4.
    expect(order(thread)).to.deep.equal(['comment-c1', 'comment-c2', 'comment-h3', 'comment-c4']);
    expect(held.closest('[part~="replies"]')!.closest('li')!.querySelector('article')!.id).to.equal('comment-c1');
    expect(held.querySelector('[part~="held-mark"]')!.textContent).to.equal('Held for moderation');
    expect(held.querySelector('[part~="reply-button"]')).to.equal(null);
    expect(root(thread).querySelector('#comment-c2 [part~="held-mark"]')!.textContent).to.equal('Reported');
    expect(root(thread).querySelector('#comment-c1 [part~="held"]')).to.equal(null);
    await expect(thread).to.be.accessible();

    byName(thread, 'Approve the comment by Hana')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="moderation-done"]'), 'approved');
    const approved = root(thread).querySelector('#comment-h3')!;
    expect(approved.querySelector('[part~="moderation-done"]')!.textContent).to.contain('Approved.');
    expect(approved.querySelector('[part~="held-mark"]')).to.equal(null);
    expect(approved.querySelector('[part~="reply-button"]'), 'an ordinary comment: Reply').to.not.equal(null);
    expect(approved.textContent).to.contain('Held reply');
    expect(order(thread)).to.deep.equal(['comment-c1', 'comment-c2', 'comment-h3', 'comment-c4']);
    await expect(thread).to.be.accessible();
    // Stored: a reader now sees it.
    const page = await provider.listComments('t');
    expect(page.comments.find((comment) => comment.id === 'h3')?.status).to.equal('approved');
  });

  it('one page view asks isModerator once, reads the queue once and follows it once; reloads do not ask again, and updates settle', async () => {
    const { thread, calls } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).to.deep.equal({ isModerator: 1, queue: 1, streams: 1, open: 1 });
    // Nothing schedules another update once the thread has settled (no update that triggers itself).
    let updates = 0;
    const element = thread as unknown as { update(changed: unknown): void };
    const update = element.update.bind(thread);
    element.update = (changed) => (updates++, update(changed));
    expect(await settles(() => updates), 'the thread stops updating once nothing changes').to.equal(true);
    updates = 0;
    // Loaded again (the same thread and provider): the held comment is back, nothing asked again.
    for (let round = 0; round < 3; round++) {
      thread.reload();
      await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment after a reload');
    }
    expect(await settles(() => updates), 'settled after the reloads').to.equal(true);
    expect(calls).to.deep.equal({ isModerator: 1, queue: 1, streams: 1, open: 1 });
    expect(updates, 'a handful of updates per reload, not a loop').to.be.below(40);
  });

  it('an isModerator() that failed is asked again at the next load', async () => {
    const provider = new InMemoryProvider({ comments: [record('c1', null)], moderator: true });
    provider.addExternal(record('h3', 'c1', { author: { name: 'Hana' }, body: 'Held reply', status: 'pending' }));
    const isModerator = provider.isModerator.bind(provider);
    let asked = 0;
    provider.isModerator = (options) => (++asked === 1 ? Promise.reject(Object.assign(new Error('down'), { code: 'network' })) : isModerator(options));
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
    await until(() => asked === 1 && root(thread).querySelector('#comment-c1'), 'the first load, asked once');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root(thread).textContent).to.not.contain('Held reply');
    thread.reload();
    await until(() => root(thread).querySelector('#comment-h3 [part~="held-mark"]'), 'the held comment, once the answer came');
    expect(asked).to.equal(2);
  });

  it('the live queue closes when the thread leaves the page, and is followed once more when it comes back', async () => {
    const { thread, calls } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    const parent = thread.parentNode!;
    thread.remove();
    expect(calls.open).to.equal(0);
    parent.appendChild(thread);
    await until(() => calls.queue === 2, 'the queue read again');
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment, back');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).to.deep.equal({ isModerator: 1, queue: 2, streams: 2, open: 1 });
  });

  it('Spam removes a held comment after its Undo; Undo puts it back held', async () => {
    const { thread, provider } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    byName(thread, 'Mark the comment by Hana as spam')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="moderation-done"]'), 'spam');
    expect(root(thread).querySelector('#comment-h3 [part~="moderation-done"]')!.textContent).to.contain('Marked as spam.');
    const queue = await provider.listModerationQueue({ threadId: 't', queues: ['spam'] });
    expect(queue.items.map((item) => item.id)).to.deep.equal(['h3']);

    byName(thread, 'Undo')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="held-mark"]'), 'held again');
    expect((await provider.listModerationQueue({ threadId: 't', queues: ['held'] })).items.map((item) => item.id)).to.deep.equal(['h3']);

    byName(thread, 'Delete the comment by Hana')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="moderation-done"]'), 'deleted');
    await until(() => !root(thread).querySelector('#comment-h3'), 'gone once the Undo is over', 9000);
    expect(order(thread)).to.deep.equal(['comment-c1', 'comment-c2', 'comment-c4']);
  });

  it('a comment held while the moderator watches arrives in place; one approved elsewhere becomes ordinary', async () => {
    const { thread, provider } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    provider.addExternal(record('h5', 'c4', { author: { name: 'Ivo' }, body: 'Late and held', status: 'pending' }));
    await until(() => root(thread).querySelector('#comment-h5 [part~="held-mark"]'), 'the new held comment, live');
    expect(order(thread)).to.deep.equal(['comment-c1', 'comment-c2', 'comment-h3', 'comment-c4', 'comment-h5']);
    // Another moderator (same store) approves h3.
    await (provider.moderatorView() as InMemoryProvider).moderateComment('h3', 'approve');
    await until(
      () => root(thread).querySelector('#comment-h3 [part~="reply-button"]') && !root(thread).querySelector('#comment-h3 [part~="held"]'),
      'approved elsewhere: an ordinary comment, unmarked',
    );
  });

  it('a failed action keeps the comment held, its actions again enabled', async () => {
    const { thread, provider } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    provider.moderateComment = () => Promise.reject(Object.assign(new Error('down'), { code: 'network' }));
    byName(thread, 'Approve the comment by Hana')!.click();
    await until(() => !byName(thread, 'Approve the comment by Hana')?.disabled && root(thread).querySelector('[role="status"]')?.textContent?.trim(), 'the failure said');
    expect(root(thread).querySelector('#comment-h3 [part~="held-mark"]')!.textContent).to.equal('Held for moderation');
  });

  it('a failed Undo keeps the action done, its Undo still on offer, and the failure said', async () => {
    const { thread, provider } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    byName(thread, 'Mark the comment by Hana as spam')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="moderation-done"]'), 'spam');
    const moderate = provider.moderateComment.bind(provider);
    provider.moderateComment = (id, action, options) =>
      action === 'restore' ? Promise.reject(Object.assign(new Error('down'), { code: 'network' })) : moderate(id, action, options);
    byName(thread, 'Undo')!.click();
    const said = () => root(thread).querySelector('.visually-hidden[role="status"]')?.textContent ?? '';
    await until(() => byName(thread, 'Undo') && !byName(thread, 'Undo')!.disabled && said().includes('could not be reached'), 'the failure said, Undo enabled again');
    expect(root(thread).querySelector('#comment-h3 [part~="moderation-done"]')!.textContent).to.contain('Marked as spam.');
    expect((await provider.listModerationQueue({ threadId: 't', queues: ['spam'] })).items.map((item) => item.id)).to.deep.equal(['h3']);
    // The Undo works once the provider answers again.
    provider.moderateComment = moderate;
    byName(thread, 'Undo')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="held-mark"]'), 'held again');
  });

  it('after a failed Undo the offer still ends: the spammed comment goes once its time is up', async function () {
    this.timeout(UNDO_MS * 2 + 10_000);
    const { thread, provider } = await setUp(true);
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    byName(thread, 'Mark the comment by Hana as spam')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="moderation-done"]'), 'spam');
    provider.moderateComment = () => Promise.reject(Object.assign(new Error('down'), { code: 'network' }));
    byName(thread, 'Undo')!.click();
    await until(() => byName(thread, 'Undo') && !byName(thread, 'Undo')!.disabled, 'Undo enabled again');
    await until(() => !root(thread).querySelector('#comment-h3'), 'gone once the Undo is over', UNDO_MS + 4000);
    expect(order(thread)).to.deep.equal(['comment-c1', 'comment-c2', 'comment-c4']);
  });

  it('Ban author bans the held comment’s author, the comment stays held; Undo lifts the ban', async () => {
    const { thread, provider } = await setUp(true);
    provider.setPrivateDetails('h3', { email: 'hana@example.com', address: '203.0.113.7' });
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]'), 'the held comment');
    const banOf = async () => (await provider.listModerationQueue({ threadId: 't' })).items.find((item) => item.id === 'h3')?.moderation.banId;
    expect(await banOf()).to.equal(undefined);
    byName(thread, 'Ban author Hana')!.click();
    await until(() => root(thread).querySelector('#comment-h3 [part~="held"]')?.textContent?.includes('Hana is banned.'), 'banned');
    expect(await banOf()).to.be.a('string');
    expect(root(thread).querySelector('#comment-h3 [part~="held-mark"]')!.textContent).to.equal('Held for moderation');
    expect(byName(thread, 'Ban author Hana'), 'no second ban').to.equal(undefined);
    await expect(thread).to.be.accessible();
    root(thread).querySelector<HTMLButtonElement>('#comment-h3 [part~="undo-button"]')!.click();
    await until(() => byName(thread, 'Ban author Hana'), 'the ban lifted');
    expect(await banOf()).to.equal(undefined);
  });
});
