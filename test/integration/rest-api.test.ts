// The reference server's HTTP contract (docs/rest-api.md), request by request:
// every bad input answers a clear 4xx in the one error shape; CORS; cookies.
import { expect } from '@open-wc/testing';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentChange } from '../../src/types.js';
import { control, integrationEnv } from './env.js';

let api: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

before(async () => {
  api = (await integrationEnv()).REST_API;
});

interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string>; retryAfter?: number };
}

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${api}${path}`, { credentials: 'include', ...init });
  const text = await response.text();
  return { response, status: response.status, body: text ? JSON.parse(text) : null };
}

function expectError(result: { status: number; body: ErrorBody }, status: number, code: string) {
  expect(result.status, JSON.stringify(result.body)).to.equal(status);
  expect(Object.keys(result.body)).to.deep.equal(['error']);
  expect(result.body.error.code).to.equal(code);
  expect(result.body.error.message).to.be.a('string').and.not.equal('');
}

const post = (threadId: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': unique('k') }) =>
  call(`/threads/${encodeURIComponent(threadId)}/comments`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const guest = { name: 'Vera Valid', email: 'vera@example.com' };

describe('reference server: list requests', () => {
  it('answers { comments, total, nextCursor } with the seeded demo thread', async () => {
    const { status, body, response } = await call('/threads/the-myth-of-networking/comments?limit=2');
    expect(status).to.equal(200);
    expect(Object.keys(body).sort()).to.deep.equal(['comments', 'nextCursor', 'total']);
    expect(body.total).to.equal(5);
    expect(body.comments.map((record: { id: string }) => record.id)).to.deep.equal(['c1', 'c2']);
    expect(body.nextCursor).to.be.a('string');
    expect(response.headers.get('x-last-event-id')).to.match(/^\d+$/);
    // Another origin than the page's, with credentials: CORS let it through.
    expect(new URL(api).origin).to.not.equal(location.origin);
  });

  it('rejects a bad limit, order or cursor with a 400 that says which', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'limit=1.5', 'order=random', 'cursor=%%%', 'cursor=bm90LWEtY3Vyc29y', 'limit=1&limit=2']) {
      const result = await call(`/threads/t/comments?${query}`);
      expectError(result, 400, 'validation');
    }
    expect((await call('/threads/t/comments?limit=101')).body.error.message).to.contain('limit');
    expect((await call('/threads/t/comments?order=random')).body.error.message).to.contain('order');
  });

  it('refuses a cursor made for the other order', async () => {
    const first = await call('/threads/the-myth-of-networking/comments?limit=1&order=oldest');
    const result = await call(`/threads/the-myth-of-networking/comments?limit=1&order=newest&cursor=${first.body.nextCursor}`);
    expectError(result, 400, 'validation');
  });

  it('rejects a thread id that is too long', async () => {
    expectError(await call(`/threads/${'x'.repeat(201)}/comments`), 400, 'validation');
    expect((await call(`/threads/${'x'.repeat(200)}/comments`)).status).to.equal(200);
  });

  it('answers unknown paths with not_found in the same shape', async () => {
    expectError(await call('/no-such-thing'), 404, 'not_found');
  });

  it('answers the thread information, defaults for a thread nobody configured', async () => {
    const { status, body } = await call(`/threads/${unique('info')}`);
    expect(status).to.equal(200);
    expect(body).to.deep.equal({
      closed: false,
      requiresSignIn: false,
      requiredGuestFields: ['name', 'email'],
      // The server's field limits, which the form enforces (server/plugins/limits.mjs).
      fieldLimits: { body: 20_000, name: 100, email: 254, url: 2_000, unit: 'utf16' },
    });
  });
});

describe('reference server: posting', () => {
  it('requires an Idempotency-Key and answers a replay with the first comment (200, Idempotent-Replayed)', async () => {
    const threadId = unique('keys');
    expectError(await post(threadId, { body: 'x', guest }, { 'content-type': 'application/json' }), 400, 'validation');
    expectError(await post(threadId, { body: 'x', guest }, { 'content-type': 'application/json', 'idempotency-key': 'ü'.repeat(3) }), 400, 'validation');
    const headers = { 'content-type': 'application/json', 'idempotency-key': unique('key') };
    const first = await post(threadId, { body: 'Once', guest }, headers);
    expect(first.status).to.equal(201);
    const again = await post(threadId, { body: 'Once', guest }, headers);
    expect(again.status).to.equal(200);
    expect(again.response.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.body.id).to.equal(first.body.id);
    const otherThread = await post(unique('elsewhere'), { body: 'Once', guest }, headers);
    expectError(otherThread, 409, 'conflict');
    expect((await call(`/threads/${threadId}/comments`)).body.total).to.equal(1);
  });

  it('rejects malformed bodies with a 4xx in the error shape', async () => {
    const threadId = unique('malformed');
    expectError(await post(threadId, '{not json'), 400, 'validation');
    expectError(await post(threadId, '[1,2]'), 400, 'validation');
    expectError(await post(threadId, { body: 'x', guest, parentId: 42 }), 400, 'validation');
    const wrongType = await post(threadId, 'body=x', { 'content-type': 'text/plain', 'idempotency-key': unique('k') });
    expectError(wrongType, 415, 'validation');
    const huge = await post(threadId, { body: 'x'.repeat(300 * 1024), guest });
    expectError(huge, 413, 'validation');
    expect((await call(`/threads/${threadId}/comments`)).body.total).to.equal(0);
  });

  it('answers field errors for every bad field at once (422)', async () => {
    const threadId = unique('fields');
    const result = await post(threadId, { body: '   ', guest: { name: '', email: 'not-an-email', url: 'javascript:alert(1)' } });
    expectError(result, 422, 'validation');
    expect(Object.keys(result.body.error.fieldErrors).sort()).to.deep.equal(['body', 'email', 'name', 'url']);
    const long = await post(threadId, { body: 'y'.repeat(20_001), guest: { ...guest, name: 'n'.repeat(101) } });
    expect(Object.keys(long.body.error.fieldErrors).sort()).to.deep.equal(['body', 'name']);
    const missingEmail = await post(threadId, { body: 'Hello', guest: { name: 'No Mail' } });
    expect(missingEmail.body.error.fieldErrors).to.deep.equal({ email: 'An email address is required.' });
  });

  it('keeps a reply in its thread, and a honeypot or a closed thread out', async () => {
    const threadId = unique('rules');
    const parent = await post(threadId, { body: 'Parent', guest });
    expectError(await post(unique('other'), { body: 'Wrong thread', guest, parentId: parent.body.id }), 404, 'not_found');
    expectError(await post(threadId, { body: 'Spam', guest, honeypot: 'http://spam.example' }), 403, 'forbidden');
    await fetch(`${api}/__control/threads/${threadId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ closed: true }) });
    expectError(await post(threadId, { body: 'Late', guest }), 403, 'closed');
  });

  it('stores hostile text as text and answers it unchanged', async () => {
    const threadId = unique('hostile');
    const body = '<script>alert(1)</script> \'; DROP TABLE comments; -- \u202e ☃ 𝄞';
    const result = await post(threadId, { body, guest: { ...guest, name: '<img src=x onerror=alert(1)>' } });
    expect(result.status).to.equal(201);
    const listed = await call(`/threads/${threadId}/comments`);
    expect(listed.body.comments[0].body).to.equal(body);
    expect(listed.body.comments[0].author.name).to.equal('<img src=x onerror=alert(1)>');
  });
});

describe('reference server: identity over the cookie session', () => {
  it('signs in with an oauth option, posts under that name, and signs out', async () => {
    const provider = new RestProvider({ endpoint: api });
    const options = await provider.identityOptions();
    const oauth = options.find((option) => option.kind === 'oauth')!;
    expect(oauth).to.exist;
    const identity = await provider.signIn(oauth.id);
    expect(identity).to.deep.equal({ optionId: oauth.id, name: `${oauth.label} reader` });
    const threadId = unique('signed-in');
    const record = await provider.postComment({ threadId, parentId: null, body: 'Signed in', idempotencyKey: unique('k') });
    expect(record.author.name).to.equal(`${oauth.label} reader`);
    expect(record.viewerIsAuthor).to.equal(true);
    await provider.signOut();
    expect(await provider.currentIdentity()).to.equal(null);
    const guestError = await post(threadId, { body: 'No name now' });
    expect(guestError.body.error.fieldErrors).to.have.keys(['name', 'email']);
  });

  it('refuses guest as a sign-in and unknown options', async () => {
    const guestSignIn = await call('/identity/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ optionId: 'guest' }) });
    expectError(guestSignIn, 400, 'validation');
    const unknown = await call('/identity/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ optionId: 'myspace' }) });
    expectError(unknown, 404, 'not_found');
    const missing = await call('/identity/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expectError(missing, 400, 'validation');
  });
});

describe('reference server: event stream', () => {
  it('rejects a Last-Event-ID it never sent', async () => {
    expectError(await call('/threads/t/events?lastEventId=abc'), 400, 'validation');
  });
});

describe('reference server: moderation', () => {
  afterEach(async () => {
    await control('rest-server', 'settings', { moderation: 'approve' });
  });

  it('holds guest comments: the author sees them pending, other readers and the stream do not', async () => {
    await control('rest-server', 'settings', { moderation: 'hold' });
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('held');
    await provider.listComments(threadId);
    const heard: string[] = [];
    const stop = provider.subscribe(threadId, (change) => heard.push(change.type));
    try {
      const held = await provider.postComment({ threadId, parentId: null, body: 'Held for review', idempotencyKey: unique('k'), guest });
      expect(held.status).to.equal('pending');
      expect(held.viewerIsAuthor).to.equal(true);
      const mine = await provider.listComments(threadId);
      expect(mine.comments.map((record) => [record.id, record.status, record.viewerIsAuthor])).to.deep.equal([[held.id, 'pending', true]]);
      expect(mine.total).to.equal(1);
      const theirs = await control<{ status: number; body: { comments: unknown[]; total: number } }>('rest-server', 'anonymous', {
        path: `/threads/${threadId}/comments`,
      });
      expect(theirs.status).to.equal(200);
      expect(theirs.body.comments).to.deep.equal([]);
      expect(theirs.body.total).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).to.deep.equal([]);
    } finally {
      stop();
    }
  });
});

describe('reference server: edit, delete, react, report', () => {
  const newComment = (provider: RestProvider, threadId: string, body: string, parentId: string | null = null) =>
    provider.postComment({ threadId, parentId, body, idempotencyKey: unique('k'), guest });

  it('lets only the author\'s session edit or delete', async () => {
    const provider = new RestProvider({ endpoint: api });
    const record = await newComment(provider, unique('own'), 'Mine');
    for (const [method, body] of [['PATCH', { body: 'Hijacked' }], ['DELETE', undefined]] as const) {
      const other = await control<{ status: number; body: ErrorBody }>('rest-server', 'anonymous', { path: `/comments/${record.id}`, method, body });
      expectError(other, 403, 'forbidden');
    }
    expect((await provider.updateComment(record.id, 'Still mine')).body).to.equal('Still mine');
  });

  it('refuses an edit after the thread\'s edit window', async () => {
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('window');
    const record = await newComment(provider, threadId, 'Quick');
    await control('rest-server', 'thread', { threadId, editWindow: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await provider.updateComment(record.id, 'Too late').then(
      () => null,
      (thrown) => thrown as { code: string },
    );
    expect(error?.code).to.equal('forbidden');
    expect((await provider.threadInfo(threadId)).editWindow).to.equal(0);
  });

  it('refuses reactions the thread does not offer, and counts reports', async () => {
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('react');
    await control('rest-server', 'thread', { threadId, reactions: ['like', '🎉'] });
    const record = await newComment(provider, threadId, 'React to me');
    expect((await provider.react(record.id, '🎉')).reactions).to.deep.equal({ '🎉': { count: 1, mine: true } });
    const other = await control<{ status: number; body: { reactions: unknown } }>('rest-server', 'anonymous', {
      path: `/comments/${record.id}/reactions`,
      method: 'POST',
      body: { reaction: '🎉' },
    });
    expect(other.body.reactions).to.deep.equal({ '🎉': { count: 2, mine: true } });
    expect((await provider.listComments(threadId)).comments[0].reactions).to.deep.equal({ '🎉': { count: 2, mine: true } });
    const bad = await call(`/comments/${record.id}/reactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reaction: 'angry' }) });
    expectError(bad, 400, 'validation');
    await provider.report(record.id, 'Spam');
    expect(await control<number>('rest-server', 'reports', { id: record.id })).to.equal(1);
    expectError(await call(`/comments/${record.id}/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":""}' }), 400, 'validation');
  });

  it('streams updates and removals live, and replays them to a stream that catches up', async () => {
    const writer = new RestProvider({ endpoint: api });
    const reader = new RestProvider({ endpoint: api });
    const threadId = unique('changes');
    const parent = await newComment(writer, threadId, 'Parent');
    const reply = await newComment(writer, threadId, 'Reply', parent.id);
    const alone = await newComment(writer, threadId, 'Alone');
    await reader.listComments(threadId);
    // Lists now, subscribes only after the changes: the stream replays them from the log.
    const early = new RestProvider({ endpoint: api });
    await early.listComments(threadId);
    const seen: string[] = [];
    const describeChange = (change: CommentChange) =>
      change.type === 'removed' ? `removed ${change.id}` : `${change.type} ${change.comment.id} ${change.comment.status} ${change.comment.body}`;
    const stop = reader.subscribe(threadId, (change) => seen.push(describeChange(change)));
    try {
      await writer.updateComment(reply.id, 'Reply, edited');
      await writer.deleteComment(parent.id);
      await writer.deleteComment(alone.id);
      const expected = [`updated ${reply.id} approved Reply, edited`, `updated ${parent.id} deleted `, `removed ${alone.id}`];
      const deadline = performance.now() + 5000;
      while (seen.length < 3 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).to.deep.equal(expected);

      const replayed: string[] = [];
      const stopEarly = early.subscribe(threadId, (change) => replayed.push(describeChange(change)));
      const until = performance.now() + 5000;
      while (replayed.length < 3 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      stopEarly();
      expect(replayed).to.deep.equal(expected);

      // A reader that lists after the changes gets the current state and no stale replays.
      const late = new RestProvider({ endpoint: api });
      const lateSeen: string[] = [];
      const page = await late.listComments(threadId);
      expect(page.comments.map((record) => [record.id, record.status])).to.deep.equal([
        [parent.id, 'deleted'],
        [reply.id, 'approved'],
      ]);
      const stopLate = late.subscribe(threadId, (change) => lateSeen.push(describeChange(change)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      stopLate();
      expect(lateSeen).to.deep.equal([]);
    } finally {
      stop();
    }
  });
});
