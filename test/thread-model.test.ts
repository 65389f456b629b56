import { expect } from '@open-wc/testing';
import { ThreadModel, type ModelChange } from '../src/model/thread-model.js';
import {
  cancelReply,
  closeReply,
  deleteComment,
  editComment,
  hidePending,
  postComment,
  reportComment,
  startEdit,
  startReport,
  toggleReaction,
} from '../src/model/writes.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentDraft } from '../src/types.js';
import { record, until } from './helpers.js';

/** A model on a real InMemoryProvider, loaded, with every change and public event it produced. */
async function loaded(provider: InMemoryProvider, threadId = 't') {
  const host = new EventTarget();
  const model = new ThreadModel(host);
  const changes: ModelChange[] = [];
  const events: Event[] = [];
  for (const name of ['thread-loaded', 'thread-error', 'comment-posted', 'comment-post-failed', 'comment-updated', 'comment-deleted', 'reaction-change', 'comment-reported', 'reply-start', 'reply-cancel']) {
    host.addEventListener(name, (event) => events.push(event));
  }
  model.listen((change) => changes.push(change));
  model.connection = { provider, threadId, timeout: 2000 };
  model.load({ provider, threadId, order: 'oldest', pageSize: 50, timeout: 2000 });
  await until(() => model.phase === 'ready', 'loaded');
  return { model, host, changes, events, names: () => events.map((event) => event.type) };
}

const draft = (body: string, extra: Partial<CommentDraft> = {}): CommentDraft => ({
  threadId: 't',
  parentId: null,
  body,
  idempotencyKey: `key-${body}`,
  guest: { name: 'Reader' },
  ...extra,
});

describe('ThreadModel', () => {
  beforeEach(() => localStorage.clear());

  it('loads the records and fires thread-loaded from its host, after telling its listeners', async () => {
    const { model, changes, events } = await loaded(new InMemoryProvider({ comments: [record('a1', null), record('r2', 'a1')] }));
    expect([...model.records.keys()].sort()).to.deep.equal(['a1', 'r2']);
    expect(model.displayTree().roots.map((node) => node.record.id)).to.deep.equal(['a1']);
    expect(changes.some((change) => change.kind === 'loaded')).to.equal(true);
    expect(events.map((event) => event.type)).to.deep.equal(['thread-loaded']);
    expect((events[0] as CustomEvent).detail).to.deep.equal({ threadId: 't', shown: 2, total: 2 });
  });

  it('a failed first page fires thread-error with the provider code, and retry loads it', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)] });
    provider.failNext('listComments', 1, 'timeout');
    const host = new EventTarget();
    const model = new ThreadModel(host);
    const errors: CustomEvent[] = [];
    host.addEventListener('thread-error', (event) => errors.push(event as CustomEvent));
    model.connection = { provider, threadId: 't', timeout: 2000 };
    model.load({ provider, threadId: 't', order: 'oldest', pageSize: 50, timeout: 2000 });
    await until(() => model.phase === 'error', 'failed');
    expect(errors.map((event) => event.detail.error.code)).to.deep.equal(['timeout']);
    model.retry();
    await until(() => model.phase === 'ready', 'loaded on retry');
    expect(model.records.has('a1')).to.equal(true);
  });

  it('posts through the provider: the comment joins the thread, then comment-posted fires from the origin', async () => {
    const { model, host } = await loaded(new InMemoryProvider({ comments: [record('a1', null)] }));
    const origin = new EventTarget();
    let inThreadWhenFired = false;
    origin.addEventListener('comment-posted', (event) => {
      inThreadWhenFired = model.records.has((event as CustomEvent).detail.comment.id);
    });
    const seenOnHost: string[] = [];
    host.addEventListener('comment-posted', () => seenOnHost.push('host'));
    const order: string[] = [];
    origin.addEventListener('comment-posted', () => order.push('event'));
    const comment = await postComment(model, draft('Hello'), { origin, stored: () => order.push('stored') });
    expect(inThreadWhenFired).to.equal(true);
    expect(order).to.deep.equal(['stored', 'event']);
    expect(seenOnHost).to.deep.equal([]);
    expect(comment.viewerIsAuthor).to.equal(true);
    expect(model.get(comment.id)?.body).to.equal('Hello');
  });

  it('a conflict (a backend without idempotency keys) finds the stored comment instead of posting again', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)] });
    const { model } = await loaded(provider);
    const stored = provider.addExternal({ id: 'x9', threadId: 't', parentId: null, author: { name: 'Reader' }, body: 'Once' });
    provider.failNext('postComment', 1, 'conflict');
    const comment = await postComment(model, draft('Once'));
    expect(comment.id).to.equal(stored.id);
    expect(provider.records.filter((r) => r.body === 'Once')).to.have.length(1);
  });

  it('a failed post fires comment-post-failed with the draft and rejects with the provider error; the thread is unchanged', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)] });
    const { model, names } = await loaded(provider);
    provider.failNext('postComment', 1, 'rate_limited', { retryAfter: 30 });
    const error = await postComment(model, draft('Too soon'), { origin: model.host }).then(
      () => null,
      (thrown) => thrown,
    );
    expect(error).to.include({ code: 'rate_limited', retryAfter: 30 });
    expect(names()).to.deep.equal(['thread-loaded', 'comment-post-failed']);
    expect(model.records.size).to.equal(1);
  });

  it('a reaction shows at once, settles on the provider’s answer, and rolls back when the call fails', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null, { reactions: { like: { count: 2 } } })] });
    const { model, names } = await loaded(provider);
    const before = model.get('a1')!;
    expect(provider.records).to.have.length(1);
    const pending = toggleReaction(model, before, 'like');
    expect(model.get('a1')!.reactions!.like).to.deep.equal({ count: 3, mine: true });
    await pending;
    expect(model.get('a1')!.reactions!.like).to.deep.equal({ count: 3, mine: true });
    expect(provider.records[0].reactions!.like.count).to.equal(3);

    provider.failNext('react', 1, 'network');
    const settled = model.get('a1')!;
    const failing = toggleReaction(model, settled, 'like');
    expect(model.get('a1')!.reactions!.like.count).to.equal(2);
    await failing;
    expect(model.get('a1')).to.equal(settled);
    expect(names().filter((name) => name === 'reaction-change').length).to.be.at.most(1);
  });

  it('deleting keeps a placeholder for a comment with replies and removes one without; comment-deleted fires', async () => {
    const provider = new InMemoryProvider({
      comments: [record('a1', null, { viewerIsAuthor: true }), record('r2', 'a1'), record('b3', null, { viewerIsAuthor: true })],
    });
    const { model, names, changes } = await loaded(provider);
    await deleteComment(model, model.get('a1')!, true, 'a1');
    expect(model.get('a1')?.status).to.equal('deleted');
    await deleteComment(model, model.get('b3')!, false, 'a1');
    expect(model.get('b3')).to.equal(undefined);
    expect(names().filter((name) => name === 'comment-deleted')).to.have.length(2);
    expect(changes.filter((change) => change.kind === 'deleted').map((change) => (change as { next?: string }).next)).to.deep.equal(['a1', 'a1']);
  });

  it('a report marks the comment reported; a failed call says so and leaves it as it was', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null), record('b2', null)] });
    const { model, changes, names } = await loaded(provider);
    startReport(model, 'a1');
    expect(model.views.get('a1').reporting).to.equal(true);
    await reportComment(model, model.get('a1')!, 'spam');
    expect(model.views.get('a1')).to.include({ reported: true, reporting: false });
    provider.failNext('report', 1, 'forbidden');
    await reportComment(model, model.get('b2')!, 'spam');
    expect(model.views.get('b2').reported).to.equal(false);
    expect(changes.filter((change) => change.kind === 'action-failed').map((change) => (change as { error: { code: string } }).error.code)).to.deep.equal(['forbidden']);
    expect(names().filter((name) => name === 'comment-reported')).to.have.length(1);
  });

  it('an edit replaces the record, ends editing, and fires comment-updated', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null, { viewerIsAuthor: true })] });
    const { model, changes } = await loaded(provider);
    startEdit(model, 'a1');
    expect(model.views.find('editing')).to.equal('a1');
    const origin = new EventTarget();
    const updated: string[] = [];
    origin.addEventListener('comment-updated', (event) => updated.push((event as CustomEvent).detail.comment.body));
    await editComment(model, model.get('a1')!, 'Better', { origin });
    expect(model.get('a1')?.body).to.equal('Better');
    expect(model.views.find('editing')).to.equal(null);
    expect(updated).to.deep.equal(['Better']);
    expect(changes.map((change) => change.kind)).to.include.members(['edit-ended', 'updated']);
  });

  it('a posted reply keeps the form where it is until the view ends the reply (no reply-cancel)', async () => {
    const { model, names, changes } = await loaded(new InMemoryProvider({ comments: [record('a1', null)] }));
    model.startReply('a1');
    const posted = await postComment(model, draft('Answer', { parentId: 'a1' }));
    const change = changes.find((candidate) => candidate.kind === 'posted');
    expect(change).to.deep.include({ kind: 'posted', replying: 'a1' });
    expect(model.get((posted as { id: string }).id)).to.exist;
    expect(model.views.find('replying'), 'the form still under a1').to.equal('a1');
    closeReply(model, 'b9', true); // Not where the form is: nothing happens.
    expect(model.views.find('replying')).to.equal('a1');
    closeReply(model, 'a1', true);
    expect(model.views.find('replying')).to.equal(null);
    expect(changes.at(-1)).to.deep.equal({ kind: 'view' });
    expect(changes.some((candidate) => candidate.kind === 'reply-cancelled')).to.equal(false);
    expect(names()).to.deep.equal(['thread-loaded', 'reply-start', 'comment-posted']);
  });

  it('the reply target is one comment at a time; cancelling fires reply-cancel and says where focus goes back', async () => {
    const { model, names, changes } = await loaded(new InMemoryProvider({ comments: [record('a1', null), record('b2', null)] }));
    model.startReply('a1');
    model.startReply('b2');
    expect(model.views.get('a1').replying).to.equal(false);
    expect(model.views.find('replying')).to.equal('b2');
    cancelReply(model, 'b2');
    expect(model.views.find('replying')).to.equal(null);
    expect(names()).to.deep.equal(['thread-loaded', 'reply-start', 'reply-start', 'reply-cancel']);
    expect(changes.some((change) => change.kind === 'reply-cancelled')).to.equal(true);
  });

  it('a view that changes re-stamps the conversation it is in, in the tree last displayed', async () => {
    const comments = [record('a1', null), record('a2', 'a1'), record('a3', 'a2'), record('b4', null)];
    const { model } = await loaded(new InMemoryProvider({ comments }));
    model.displayTree();
    const stamps = () => ['a1', 'b4'].map((id) => model.views.conversation(id));
    const before = stamps();
    model.startReply('a3');
    const after = stamps();
    expect(after[0], 'a1’s conversation, which holds a3').not.to.equal(before[0]);
    expect(after[1]).to.equal(before[1]);
    expect([model.views.rootOf('a3'), model.views.rootOf('b4'), model.views.rootOf('x9')]).to.deep.equal(['a1', 'b4', undefined]);
    // A reply not displayed yet: found once the tree that shows it is.
    model.upsert(record('b5', 'b4'));
    expect(model.views.rootOf('b5')).to.equal(undefined);
    model.displayTree();
    expect(model.views.rootOf('b5')).to.equal('b4');
  });

  it('keeps the reader’s own held comment after a reload; Hide forgets it in this browser', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)], moderation: 'hold' });
    const { model } = await loaded(provider);
    const held = await postComment(model, draft('Held'));
    expect(held.status).to.equal('pending');
    const again = await loaded(provider);
    expect(again.model.get(held.id)?.status).to.equal('pending');
    hidePending(again.model, again.model.get(held.id)!);
    expect(again.model.get(held.id)).to.equal(undefined);
    expect(JSON.stringify(localStorage)).to.not.include(held.id);
  });

  it('takes comment-posted from elsewhere as provider data, and knows the events it fired itself', async () => {
    const { model, host } = await loaded(new InMemoryProvider({ comments: [record('a1', null)] }));
    model.accept({ id: 'p3', threadId: 't', parentId: null, author: null, body: 'From elsewhere', createdAt: 'whenever' }, 'posted');
    expect(model.get('p3')?.body).to.equal('From elsewhere');
    const fired: Event[] = [];
    host.addEventListener('reply-start', (event) => fired.push(event));
    model.startReply('a1');
    expect(model.fired(fired[0])).to.equal(true);
    expect(model.fired(new Event('reply-start'))).to.equal(false);
  });

  it('live changes from the provider update the thread and say what arrived from others', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)] });
    const { model, changes } = await loaded(provider);
    provider.addExternal({ id: 'n5', threadId: 't', parentId: null, author: { name: 'Other' }, body: 'New' });
    await until(() => model.get('n5'), 'the live comment');
    expect(changes.filter((change) => change.kind === 'live').map((change) => (change as { added: { id: string }[] }).added[0].id)).to.deep.equal(['n5']);
    provider.removeExternal('n5');
    await until(() => !model.get('n5'), 'removed live');
  });
});
