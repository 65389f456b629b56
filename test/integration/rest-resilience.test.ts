// RestProvider against the real reference server when things go wrong: the
// server killed (SIGKILL) and restarted during a post and between requests,
// injected failures and hangs, and the live stream across a restart.
import { expect } from '@open-wc/testing';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentChange, CommentDraft, ProviderErrorLike } from '../../src/types.js';
import { control, integrationEnv } from './env.js';

let api: string;
let seq = 0;

before(async () => {
  api = (await integrationEnv()).REST_API;
});

afterEach(async () => {
  await control('rest-server', 'clearFaults');
});

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;

function draftFor(threadId: string, body: string): CommentDraft {
  return { threadId, parentId: null, body, idempotencyKey: unique('key'), guest: { name: 'Rita Restart', email: 'rita@example.com' } };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderErrorLike> {
  try {
    await promise;
  } catch (error) {
    return error as ProviderErrorLike;
  }
  throw new Error('expected a rejection');
}

async function until<T>(check: () => Promise<T | false | null | undefined> | T | false | null | undefined, what: string, timeout = 10_000): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const count = (body: string) => control<number>('rest-server', 'count', { body });

describe('reference server: restarts lose nothing', () => {
  it('keeps every comment across a kill -9 and a restart', async () => {
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('restart');
    const posted = [];
    for (let i = 0; i < 3; i++) posted.push(await provider.postComment(draftFor(threadId, unique(`kept ${i}`))));
    await control('rest-server', 'restart', { signal: 'SIGKILL' });
    const page = await provider.listComments(threadId, { limit: 10 });
    expect(page.total).to.equal(3);
    expect(page.comments.map((record) => record.id)).to.deep.equal(posted.map((record) => record.id));
    expect(page.comments.map((record) => record.body)).to.deep.equal(posted.map((record) => record.body));
  });

  it('a post whose answer is lost when the server dies is stored once, and the retry answers it', async () => {
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('lost-answer');
    const draft = draftFor(threadId, unique('Committed, then the server died'));
    // The server stores the comment, then never answers.
    await control('rest-server', 'fault', { mode: 'hang-after', method: 'POST', path: '/comments' });
    const first = rejection(provider.postComment(draft));
    await until(async () => (await count(draft.body)) === 1, 'the comment in the SQLite file');
    await control('rest-server', 'kill');
    expect((await first).code).to.equal('network');
    // While it is down, the retry fails as a network error and stores nothing.
    expect((await rejection(provider.postComment(draft))).code).to.equal('network');
    await control('rest-server', 'start');
    const retried = await provider.postComment(draft);
    expect(retried.body).to.equal(draft.body);
    expect(await count(draft.body)).to.equal(1);
    const page = await provider.listComments(threadId);
    expect(page.comments.map((record) => record.id)).to.deep.equal([retried.id]);
    // A second retry still answers the same comment.
    expect((await provider.postComment(draft)).id).to.equal(retried.id);
    expect(await count(draft.body)).to.equal(1);
  });

  it('a post the server never handled before it died is stored once by the retry', async () => {
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('never-handled');
    const draft = draftFor(threadId, unique('Hung before storing'));
    await control('rest-server', 'fault', { mode: 'hang', method: 'POST', path: '/comments' });
    const first = rejection(provider.postComment(draft));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await control('rest-server', 'restart', { signal: 'SIGKILL' });
    expect((await first).code).to.equal('network');
    expect(await count(draft.body)).to.equal(0);
    const retried = await provider.postComment(draft);
    expect(await count(draft.body)).to.equal(1);
    expect((await provider.postComment(draft)).id).to.equal(retried.id);
    expect((await provider.listComments(threadId)).total).to.equal(1);
  });
});

describe('reference server: injected failures', () => {
  it('reads ride out two 503s by retrying', async () => {
    const provider = new RestProvider({ endpoint: api, backoff: { baseMs: 50, jitter: 0 } });
    const threadId = unique('flaky-read');
    await provider.postComment(draftFor(threadId, unique('there')));
    await control('rest-server', 'fault', { mode: 'fail', status: 503, times: 2, method: 'GET', path: '/comments' });
    const page = await provider.listComments(threadId);
    expect(page.total).to.equal(1);
  });

  it('reads give up with "network" when the failures outlast the retries', async () => {
    const provider = new RestProvider({ endpoint: api, retries: 2, backoff: { baseMs: 20, jitter: 0 } });
    await control('rest-server', 'fault', { mode: 'fail', status: 503, times: 5, method: 'GET', path: '/comments' });
    expect((await rejection(provider.listComments(unique('down')))).code).to.equal('network');
  });

  it('a 429 is waited out as Retry-After says, or handed on when the wait is too long', async () => {
    const provider = new RestProvider({ endpoint: api });
    await control('rest-server', 'fault', { mode: 'fail', status: 429, retryAfter: 1, method: 'GET', path: '/comments' });
    const started = performance.now();
    await provider.listComments(unique('slow-down'));
    expect(performance.now() - started).to.be.at.least(950);

    await control('rest-server', 'fault', { mode: 'fail', status: 429, retryAfter: 120, method: 'GET', path: '/comments' });
    const error = await rejection(provider.listComments(unique('slow-down')));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfter).to.equal(120);
  });

  it('a read that hangs is abandoned after readTimeout and retried', async () => {
    const provider = new RestProvider({ endpoint: api, readTimeout: 500, backoff: { baseMs: 20, jitter: 0 } });
    await control('rest-server', 'fault', { mode: 'hang', method: 'GET', path: '/comments' });
    const started = performance.now();
    const page = await provider.listComments(unique('hung-read'));
    expect(page.comments).to.deep.equal([]);
    expect(performance.now() - started).to.be.within(450, 5000);
  });

  it('a hanging read ends as "aborted" when the caller gives up', async () => {
    const provider = new RestProvider({ endpoint: api, readTimeout: 0 });
    await control('rest-server', 'fault', { mode: 'hang', method: 'GET', path: '/comments' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    expect((await rejection(provider.listComments(unique('abandoned'), { signal: controller.signal }))).code).to.equal('aborted');
  });

  it('a failed post is not retried by the provider; the element\'s retry with the same key stores it once', async () => {
    const provider = new RestProvider({ endpoint: api });
    const threadId = unique('failed-post');
    const draft = draftFor(threadId, unique('Posted after a 503'));
    await control('rest-server', 'fault', { mode: 'fail', status: 503, method: 'POST', path: '/comments' });
    expect((await rejection(provider.postComment(draft))).code).to.equal('network');
    expect(await count(draft.body)).to.equal(0);
    await provider.postComment(draft);
    await provider.postComment(draft);
    expect(await count(draft.body)).to.equal(1);
  });

  it('a post that hangs fails with "timeout" after writeTimeout', async () => {
    const provider = new RestProvider({ endpoint: api, writeTimeout: 400 });
    const draft = draftFor(unique('slow-post'), unique('Too slow'));
    await control('rest-server', 'fault', { mode: 'hang', method: 'POST', path: '/comments' });
    expect((await rejection(provider.postComment(draft))).code).to.equal('timeout');
    expect(await count(draft.body)).to.equal(0);
  });
});

describe('reference server: live updates', () => {
  it('two providers see each other\'s comments, and the stream catches up after a restart', async () => {
    const reader = new RestProvider({ endpoint: api });
    const writer = new RestProvider({ endpoint: api });
    const threadId = unique('live');
    await reader.listComments(threadId);
    const changes: CommentChange[] = [];
    const stop = reader.subscribe(threadId, (change) => changes.push(change));
    const ids = () => changes.map((change) => (change.type === 'removed' ? change.id : change.comment.id));
    try {
      const first = await writer.postComment(draftFor(threadId, unique('before the restart')));
      await until(() => ids().includes(first.id), 'the first comment, live');

      await control('rest-server', 'kill');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await control('rest-server', 'start');
      // Posted before the reader has reconnected: it arrives through the catch-up.
      const second = await writer.postComment(draftFor(threadId, unique('after the restart')));
      await until(() => ids().includes(second.id), 'the second comment, after reconnecting', 15_000);
      const third = await writer.postComment(draftFor(threadId, unique('live again')));
      await until(() => ids().includes(third.id), 'the third comment, live');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(ids()).to.deep.equal([first.id, second.id, third.id]);
      expect(reader.liveReconnects(threadId)).to.be.at.least(1);
    } finally {
      stop();
    }
  });
});
