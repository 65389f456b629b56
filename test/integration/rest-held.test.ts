// Nothing held for moderation reaches anyone but its author, on every path the reference
// server has: lists and counts, the live stream, the stream's catch-up, reactions, reports,
// replies, idempotent replays and the server-rendered page. Reader A is this page (its
// cookie); reader B is another person with their own cookie (Node, through the service).
// Also: idempotency keys are each author's own, and catch-up past its limit says "reload".
import { expect } from '@open-wc/testing';
import type { CommentRecord } from '../../src/types.js';
import { control, integrationEnv } from './env.js';

let api: string;
let base: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const guest = { name: 'Hal Held', email: 'hal@example.com' };

interface Answer<T = any> {
  status: number;
  body: T;
}
interface StreamEvent {
  event: string;
  id?: string;
  data?: any;
}

before(async () => {
  const env = await integrationEnv();
  api = env.REST_API;
  base = env.REST_URL;
});

/** Reader A: this page, with its own session cookie. */
async function asA(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${api}${path}`, {
    method: init.method ?? 'GET',
    credentials: 'include',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Reader B: another person, their own cookie jar. */
const asB = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  control<Answer>('rest-server', 'as', { reader: 'reader-b', path, ...init });

const listen = (threadId: string, options: { lastEventId?: number; ms?: number; reader?: string } = {}) =>
  control<StreamEvent[]>('rest-server', 'listen', { reader: 'reader-b', threadId, ...options });

const postAs = (who: typeof asA, threadId: string, body: string, key = unique('k'), parentId: string | null = null) =>
  who(`/threads/${encodeURIComponent(threadId)}/comments`, {
    method: 'POST',
    headers: { 'idempotency-key': key },
    body: { parentId, body, guest },
  });

/** The newest event id the server has sent (from a list's X-Last-Event-Id). */
async function lastEventId(): Promise<number> {
  const response = await fetch(`${api}/threads/any/comments`, { credentials: 'include' });
  return Number(response.headers.get('x-last-event-id'));
}

const mentions = (events: StreamEvent[], id: string) => events.filter((event) => JSON.stringify(event.data ?? {}).includes(id));

describe('reference server: held comments reach nobody but their author', () => {
  let threadId: string;
  let held: CommentRecord;
  let before: number;

  beforeEach(async () => {
    await control('rest-server', 'settings', { moderation: 'hold' });
    threadId = unique('held');
    await asB(`/threads/${threadId}/comments`); // B has a session of their own from here on
    before = await lastEventId();
    const answer = await postAs(asA, threadId, unique('Held text'));
    expect(answer.status).to.equal(201);
    held = answer.body;
    expect(held.status).to.equal('pending');
  });

  afterEach(async () => {
    await control('rest-server', 'settings', { moderation: 'approve' });
  });

  it('lists and counts: B sees nothing of it, A sees it pending', async () => {
    const theirs = await asB(`/threads/${threadId}/comments`);
    expect(theirs.body.comments).to.deep.equal([]);
    expect(theirs.body.total).to.equal(0);
    const mine = await asA(`/threads/${threadId}/comments`);
    expect(mine.body.comments.map((record: CommentRecord) => record.id)).to.deep.equal([held.id]);
    expect(mine.body.total).to.equal(1);
  });

  it('the live stream: B hears nothing when A edits, reacts to and deletes it', async () => {
    const { id: stream } = await control<{ id: number }>('rest-server', 'follow', { reader: 'reader-b', threadId });
    expect((await asA(`/comments/${held.id}`, { method: 'PATCH', body: { body: 'Edited while held' } })).status).to.equal(200);
    expect((await asA(`/comments/${held.id}/reactions`, { method: 'POST', body: { reaction: 'like' } })).status).to.equal(200);
    expect((await asA(`/comments/${held.id}`, { method: 'DELETE' })).status).to.equal(204);
    // An approved comment after them does come through: the stream was listening all along.
    await control('rest-server', 'settings', { moderation: 'approve' });
    const approved = await postAs(asA, threadId, 'Approved after');
    const events = await control<StreamEvent[]>('rest-server', 'unfollow', { id: stream });
    expect(events.map((event) => event.event)).to.deep.equal(['ready', 'change']);
    expect(events[1].data.comment.id).to.equal(approved.body.id);
    expect(mentions(events, held.id)).to.deep.equal([]);
  });

  it('catch-up: a stream resuming from before it (or from 0) replays nothing of it', async () => {
    await asA(`/comments/${held.id}`, { method: 'PATCH', body: { body: 'Edited while held' } });
    await asA(`/comments/${held.id}/reactions`, { method: 'POST', body: { reaction: 'like' } });
    for (const lastEventId of [before, 0]) {
      const events = await listen(threadId, { lastEventId });
      expect(events.map((event) => event.event)).to.deep.equal(['ready']);
      expect(mentions(events, held.id)).to.deep.equal([]);
    }
    // A's own stream does not replay it either: nothing of a held comment is logged.
    await asA(`/comments/${held.id}`, { method: 'DELETE' });
    expect(mentions(await listen(threadId, { lastEventId: 0, reader: 'nobody' }), held.id)).to.deep.equal([]);
  });

  it('reactions, reports, edits, deletes and replies from B: not_found, as for a comment that does not exist', async () => {
    const attempts: Answer[] = [
      await asB(`/comments/${held.id}/reactions`, { method: 'POST', body: { reaction: 'like' } }),
      await asB(`/comments/${held.id}/reports`, { method: 'POST', body: { reason: 'spam' } }),
      await asB(`/comments/${held.id}`, { method: 'PATCH', body: { body: 'Not mine' } }),
      await asB(`/comments/${held.id}`, { method: 'DELETE' }),
      await postAs(asB, threadId, 'A reply to something I cannot see', unique('k'), held.id),
    ];
    const missing = await asB(`/comments/no-such-id/reactions`, { method: 'POST', body: { reaction: 'like' } });
    for (const answer of attempts) {
      expect(answer.status, JSON.stringify(answer.body)).to.equal(404);
      expect(answer.body.error.code).to.equal('not_found');
    }
    expect(attempts[0].body.error.message).to.equal(missing.body.error.message);
    expect(await control<number>('rest-server', 'reports', { id: held.id })).to.equal(0);
    const mine = await asA(`/threads/${threadId}/comments`);
    expect(mine.body.comments.map((record: CommentRecord) => [record.id, record.body, record.reactions])).to.deep.equal([
      [held.id, held.body, undefined],
    ]);
  });

  it('idempotent replays: B sending A\'s key gets a comment of B\'s own, never A\'s', async () => {
    const key = unique('shared-key');
    const first = await postAs(asA, threadId, 'A wrote this, held', key);
    expect(first.status).to.equal(201);
    const replay = await postAs(asB, threadId, 'B wrote this', key);
    expect(replay.status).to.equal(201);
    expect(replay.body.id).to.not.equal(first.body.id);
    expect(replay.body.body).to.equal('B wrote this');
    expect(JSON.stringify(replay)).to.not.contain('A wrote this');
    // A's own retry is still the replay of A's comment.
    const again = await postAs(asA, threadId, 'A wrote this, held', key);
    expect([again.status, again.body.id]).to.deep.equal([200, first.body.id]);
  });

  it('server rendering: the demo page B is served has none of it; A\'s has it', async () => {
    const text = unique('Held on the demo page');
    const posted = await postAs(asA, 'the-myth-of-networking', text);
    expect(posted.status).to.equal(201);
    after(() => asA(`/comments/${posted.body.id}`, { method: 'DELETE' }));
    const page = await control<Answer<string>>('rest-server', 'as', { reader: 'reader-b', path: '/../' });
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('data-comment-thread-preload');
    expect(page.body).to.not.contain(text);
    expect(page.body).to.not.contain(posted.body.id);
    const mine = await (await fetch(`${base}/`, { credentials: 'include' })).text();
    // The first page (4 comments) is older ones; A's count has their held comment, B's not.
    const total = (html: string) => Number(/"total":(\d+)/.exec(html)?.[1]);
    expect(total(mine)).to.equal(total(page.body) + 1);
  });
});

describe('reference server: idempotency keys', () => {
  it('a key whose comment was deleted answers 409 conflict (every time), not 500', async () => {
    const threadId = unique('gone-key');
    const key = unique('k');
    const first = await postAs(asA, threadId, 'Soon deleted', key);
    expect(first.status).to.equal(201);
    expect((await asA(`/comments/${first.body.id}`, { method: 'DELETE' })).status).to.equal(204);
    for (let i = 0; i < 2; i++) {
      const retry = await postAs(asA, threadId, 'Soon deleted', key);
      expect(retry.status, JSON.stringify(retry.body)).to.equal(409);
      expect(retry.body.error.code).to.equal('conflict');
      expect(retry.body.error.message).to.contain('deleted');
    }
    expect(await control<number>('rest-server', 'count', { body: 'Soon deleted' })).to.equal(0);
  });
});

describe('reference server: catch-up past its limit', () => {
  it('says "reload" instead of skipping: no change replayed, and ready keeps the newest id', async () => {
    const threadId = unique('flood');
    await asA(`/threads/${threadId}/comments`);
    const from = await lastEventId();
    const comments = Array.from({ length: 5001 }, (_, i) => ({
      id: `${threadId}-${i}`,
      threadId,
      parentId: null,
      author: { name: 'Flood' },
      body: `Flood ${i}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      status: 'approved',
    }));
    await control('rest-server', 'seed', { comments });
    const newest = await lastEventId();
    const events = await listen(threadId, { lastEventId: from, ms: 1500 });
    expect(events.map((event) => event.event)).to.deep.equal(['reload', 'ready']);
    expect(events.map((event) => Number(event.id))).to.deep.equal([newest, newest]);
    // Within the limit it replays as before.
    const near = await listen(threadId, { lastEventId: newest - 3 });
    expect(near.map((event) => event.event)).to.deep.equal(['change', 'change', 'change', 'ready']);
  });
});
