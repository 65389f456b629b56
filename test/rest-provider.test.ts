// RestProvider's own rules with a scripted `fetch` and `EventSource`: which calls
// are retried, what a post sends, how live events are deduplicated and
// resumed. The real server is exercised in test/integration/rest*.test.ts.
import { expect } from '@open-wc/testing';
import { createRestProvider, RestProvider, type EventSourceConstructor } from '../src/providers/rest-provider.js';
import type { CommentChange, ProviderErrorLike } from '../src/types.js';

type Step = (url: string, init: RequestInit) => Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
}

const PAGE = { comments: [{ id: 'a', threadId: 't', parentId: null, author: { name: 'A' }, body: 'x', createdAt: '2024-01-01T00:00:00Z' }], total: 1, nextCursor: null };

/** A fetch that plays `steps` in order and records every request. */
function scripted(steps: Step[]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = ((input: RequestInfo | URL, init: RequestInit = {}) => {
    requests.push({ url: String(input), init });
    const step = steps.shift();
    if (!step) return Promise.reject(new Error('no more scripted answers'));
    return step(String(input), init);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

const networkDown: Step = () => Promise.reject(new TypeError('Failed to fetch'));
/** Never answers until the request's signal aborts, as a hung server. */
const hang: Step = (_url, init) =>
  new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

async function rejection(promise: Promise<unknown>): Promise<ProviderErrorLike> {
  try {
    await promise;
  } catch (error) {
    return error as ProviderErrorLike;
  }
  throw new Error('expected a rejection');
}

const fast = { baseMs: 1, maxMs: 2, jitter: 0 };

describe('RestProvider over a scripted fetch', () => {
  it('retries a read after network errors and answers once the server does', async () => {
    const { fetch, requests } = scripted([networkDown, networkDown, () => json(200, PAGE)]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: fast });
    const page = await provider.listComments('t', { limit: 10, order: 'newest', cursor: 'abc' });
    expect(page).to.deep.equal(PAGE);
    expect(requests).to.have.length(3);
    expect(requests[0].url).to.equal('http://api.test/api/threads/t/comments?cursor=abc&limit=10&order=newest');
    expect(requests[0].init.credentials).to.equal('include');
  });

  it('asks for at most maxPageSize records, however large the limit', async () => {
    const { fetch, requests } = scripted([() => json(200, PAGE), () => json(200, PAGE)]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch });
    await provider.listComments('t', { limit: 500 });
    await provider.listComments('t', { limit: 0 });
    expect(new URL(requests[0].url).searchParams.get('limit')).to.equal('100');
    expect(new URL(requests[1].url).searchParams.get('limit')).to.equal('1');
  });

  it('gives up on a read after the configured retries with the last error', async () => {
    const { fetch, requests } = scripted([networkDown, () => json(503, {}), networkDown, () => json(502, 'bad gateway')]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: fast, retries: 3 });
    const error = await rejection(provider.listComments('t'));
    expect(error.code).to.equal('network');
    expect(requests).to.have.length(4);
  });

  it('abandons a read attempt that hangs after readTimeout and retries it', async () => {
    const { fetch, requests } = scripted([hang, () => json(200, PAGE)]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: fast, readTimeout: 50 });
    expect((await provider.listComments('t')).comments).to.have.length(1);
    expect(requests).to.have.length(2);
  });

  it('does not retry a final answer: validation, not found', async () => {
    const { fetch, requests } = scripted([
      () => json(400, { error: { code: 'validation', message: '"limit" must be…' } }),
      () => json(404, { error: { code: 'not_found', message: 'gone' } }),
    ]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: fast });
    expect((await rejection(provider.listComments('t'))).code).to.equal('validation');
    expect((await rejection(provider.threadInfo('t'))).code).to.equal('not_found');
    expect(requests).to.have.length(2);
  });

  it('never retries a post, and sends the draft with its idempotency key', async () => {
    const { fetch, requests } = scripted([networkDown, () => json(201, { ...PAGE.comments[0], id: 'new' })]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: fast });
    const draft = { threadId: 't/1', parentId: 'p', body: 'Hello', idempotencyKey: 'key-1', guest: { name: 'Ann', email: 'a@b.c' }, honeypot: '' };
    expect((await rejection(provider.postComment(draft))).code).to.equal('network');
    expect(requests).to.have.length(1);
    const record = await provider.postComment(draft);
    expect(record.id).to.equal('new');
    expect(requests).to.have.length(2);
    const { url, init } = requests[1];
    expect(url).to.equal('http://api.test/api/threads/t%2F1/comments');
    expect(init.method).to.equal('POST');
    expect((init.headers as Record<string, string>)['Idempotency-Key']).to.equal('key-1');
    expect((init.headers as Record<string, string>)['Content-Type']).to.equal('application/json');
    expect(JSON.parse(init.body as string)).to.deep.equal({ parentId: 'p', body: 'Hello', guest: { name: 'Ann', email: 'a@b.c' } });
  });

  it('edits, deletes, reacts and reports with one request each, never retried', async () => {
    const record = { ...PAGE.comments[0], id: 'c/1' };
    const { fetch, requests } = scripted([
      () => json(200, { ...record, body: 'new' }),
      () => Promise.resolve(new Response(null, { status: 204 })),
      () => json(200, { ...record, reactions: { like: { count: 1, mine: true } } }),
      () => Promise.resolve(new Response(null, { status: 204 })),
      networkDown,
    ]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: fast });
    expect((await provider.updateComment('c/1', 'new')).body).to.equal('new');
    await provider.deleteComment('c/1');
    expect((await provider.react('c/1', 'like')).reactions).to.deep.equal({ like: { count: 1, mine: true } });
    await provider.report('c/1', 'spam');
    expect((await rejection(provider.deleteComment('c/1'))).code).to.equal('network');
    expect(requests.map(({ url, init }) => [init.method, url.replace('http://api.test/api', ''), init.body ?? null])).to.deep.equal([
      ['PATCH', '/comments/c%2F1', '{"body":"new"}'],
      ['DELETE', '/comments/c%2F1', null],
      ['POST', '/comments/c%2F1/reactions', '{"reaction":"like"}'],
      ['POST', '/comments/c%2F1/reports', '{"reason":"spam"}'],
      ['DELETE', '/comments/c%2F1', null],
    ]);
  });

  it('maps a post rejected with field errors', async () => {
    const { fetch } = scripted([
      () => json(422, { error: { code: 'validation', message: 'invalid', fieldErrors: { name: 'A name is required.' } } }),
    ]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch });
    const error = await rejection(provider.postComment({ threadId: 't', parentId: null, body: 'x', idempotencyKey: 'k' }));
    expect(error.code).to.equal('validation');
    expect(error.fieldErrors).to.deep.equal({ name: 'A name is required.' });
  });

  it('honours the AbortSignal: before the call, in flight, and while waiting to retry', async () => {
    const { fetch, requests } = scripted([hang, networkDown]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, backoff: { baseMs: 10_000, jitter: 0 } });
    expect((await rejection(provider.listComments('t', { signal: AbortSignal.abort() }))).code).to.equal('aborted');
    expect(requests).to.have.length(0);

    const inFlight = new AbortController();
    const pending = provider.listComments('t', { signal: inFlight.signal });
    setTimeout(() => inFlight.abort(), 20);
    expect((await rejection(pending)).code).to.equal('aborted');

    // The second request fails and the 10 s backoff starts; the abort ends it at once.
    const waiting = new AbortController();
    const started = performance.now();
    const retrying = provider.listComments('t', { signal: waiting.signal });
    setTimeout(() => waiting.abort(), 50);
    expect((await rejection(retrying)).code).to.equal('aborted');
    expect(performance.now() - started).to.be.below(2000);
    expect(requests).to.have.length(2);
  });

  it('waits for Retry-After on a 429 before reading again', async () => {
    const { fetch, requests } = scripted([
      () => json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '1' }),
      () => json(200, PAGE),
    ]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch });
    const started = performance.now();
    await provider.listComments('t');
    expect(performance.now() - started).to.be.at.least(950);
    expect(requests).to.have.length(2);
  });

  it('rejects an answer that is not a page as unknown', async () => {
    const { fetch } = scripted([() => json(200, { items: [] }), () => Promise.resolve(new Response('<html>', { status: 200 }))]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch, retries: 0 });
    expect((await rejection(provider.listComments('t'))).code).to.equal('unknown');
    expect((await rejection(provider.listComments('t'))).code).to.equal('unknown');
  });

  it('tells identity listeners about sign-in and sign-out', async () => {
    const { fetch } = scripted([() => json(200, { optionId: 'demo', name: 'Demo reader' }), () => Promise.resolve(new Response(null, { status: 204 }))]);
    const provider = new RestProvider({ endpoint: 'http://api.test/api', fetch });
    const seen: unknown[] = [];
    provider.onIdentityChange((identity) => seen.push(identity));
    await provider.signIn('demo');
    await provider.signOut();
    expect(seen).to.deep.equal([{ optionId: 'demo', name: 'Demo reader' }, null]);
  });
});

describe('provider="rest" factory', () => {
  it('builds a RestProvider for the endpoint', () => {
    const provider = createRestProvider({ endpoint: 'https://api.example/api' });
    expect(provider).to.be.instanceOf(RestProvider);
    expect((provider as RestProvider).endpoint).to.equal('https://api.example/api');
  });

  it('without an endpoint, answers every call with an error that says so instead of throwing', async () => {
    const provider = createRestProvider({});
    const error = await rejection(provider.listComments('t'));
    expect(error.code).to.equal('unknown');
    expect(error.message).to.contain('endpoint');
    expect((await rejection(provider.postComment({ threadId: 't', parentId: null, body: 'x', idempotencyKey: 'k' }))).code).to.equal('unknown');
  });
});

/** An EventSource stand-in the test drives by hand. */
class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  constructor(url: string, readonly init?: EventSourceInit) {
    super();
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, id: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
  fail() {
    this.dispatchEvent(new Event('error'));
  }
}

describe('RestProvider live updates over a scripted EventSource', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
  });

  const added = (id: string): CommentChange => ({
    type: 'added',
    comment: { id, threadId: 't', parentId: null, author: { name: 'A' }, body: id, createdAt: '2024-01-01T00:00:00Z' },
  });

  it('reopens after the delay a `reconnect` event asks for (a server shutting down), from the last event id', async () => {
    const provider = new RestProvider({ endpoint: 'http://api.test/api', EventSource: FakeEventSource as unknown as EventSourceConstructor });
    const changes: CommentChange[] = [];
    const unsubscribe = provider.subscribe('t', (change) => changes.push(change));
    const first = FakeEventSource.instances[0];
    first.emit('ready', '7', {});
    first.emit('change', '8', added('a'));
    const asked = Date.now();
    first.emit('reconnect', '', { retryMs: 50 });
    expect(first.closed).to.equal(true);
    const second = await new Promise<FakeEventSource>((resolve) => {
      const poll = () => (FakeEventSource.instances[1] ? resolve(FakeEventSource.instances[1]) : setTimeout(poll, 5));
      poll();
    });
    // Sooner than the 500 ms backoff of a failure.
    expect(Date.now() - asked).to.be.below(400);
    expect(second.url).to.equal('http://api.test/api/threads/t/events?lastEventId=8');
    second.emit('change', '8', added('a'));
    second.emit('change', '9', added('b'));
    expect(changes.map((change) => (change.type === 'removed' ? change.id : change.comment.id))).to.deep.equal(['a', 'b']);
    expect(provider.liveReconnects('t')).to.equal(1);
    // A delay that is no number falls back to a second, not to an immediate storm.
    second.emit('reconnect', '', { retryMs: 'soon' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(FakeEventSource.instances).to.have.length(2);
    unsubscribe();
  });

  it('catches up from the event id of the last list, drops repeats, and resumes after a drop', async () => {
    const { fetch } = scripted([() => json(200, PAGE, { 'x-last-event-id': '41' })]);
    const provider = new RestProvider({
      endpoint: 'http://api.test/api',
      fetch,
      EventSource: FakeEventSource as unknown as EventSourceConstructor,
    });
    await provider.listComments('t');
    const changes: CommentChange[] = [];
    const unsubscribe = provider.subscribe('t', (change) => changes.push(change));
    const first = FakeEventSource.instances[0];
    expect(first.url).to.equal('http://api.test/api/threads/t/events?lastEventId=41');
    expect(first.init?.withCredentials).to.equal(true);

    first.emit('ready', '41', {});
    first.emit('change', '42', added('x'));
    first.emit('change', '42', added('x'));
    first.emit('change', '40', added('old'));
    first.fail();
    expect(first.closed).to.equal(true);
    // The reconnect comes after a backoff delay (500 ms ± jitter for the first).
    const second = await new Promise<FakeEventSource>((resolve) => {
      const poll = () => (FakeEventSource.instances[1] ? resolve(FakeEventSource.instances[1]) : setTimeout(poll, 20));
      poll();
    });
    expect(second.url).to.equal('http://api.test/api/threads/t/events?lastEventId=42');
    second.emit('change', '42', added('x'));
    second.emit('change', '43', added('y'));
    second.emit('change', '44', { type: 'nonsense' });
    second.emit('change', '45', 'not json at all');
    expect(changes.map((change) => (change.type === 'removed' ? change.id : change.comment.id))).to.deep.equal(['x', 'y']);
    expect(provider.liveReconnects('t')).to.equal(1);

    unsubscribe();
    expect(second.closed).to.equal(true);
  });

  it('shares one connection between subscribers of a thread and closes it with the last', () => {
    const provider = new RestProvider({ endpoint: 'http://api.test/api', EventSource: FakeEventSource as unknown as EventSourceConstructor });
    const a: CommentChange[] = [];
    const b: CommentChange[] = [];
    const stopA = provider.subscribe('t', (change) => a.push(change));
    const stopB = provider.subscribe('t', (change) => b.push(change));
    expect(FakeEventSource.instances).to.have.length(1);
    expect(FakeEventSource.instances[0].url).to.equal('http://api.test/api/threads/t/events');
    FakeEventSource.instances[0].emit('change', '1', added('z'));
    expect(a).to.have.length(1);
    expect(b).to.have.length(1);
    stopA();
    expect(FakeEventSource.instances[0].closed).to.equal(false);
    stopB();
    expect(FakeEventSource.instances[0].closed).to.equal(true);
  });

  it('on "reload" (more missed than the server replays) calls every subscriber\'s onReset, and follows on from its id', () => {
    const provider = new RestProvider({ endpoint: 'http://api.test/api', EventSource: FakeEventSource as unknown as EventSourceConstructor });
    const resets: string[] = [];
    const changes: CommentChange[] = [];
    const stopA = provider.subscribe('t', (change) => changes.push(change), { onReset: () => resets.push('a') });
    const stopB = provider.subscribe('t', (change) => changes.push(change), { onReset: () => resets.push('b') });
    const stopC = provider.subscribe('t', (change) => changes.push(change)); // no onReset: nothing to call
    const source = FakeEventSource.instances[0];
    source.emit('reload', '9000', {});
    expect(resets).to.deep.equal(['a', 'b']);
    expect(changes).to.deep.equal([]);
    source.emit('ready', '9000', {});
    source.emit('change', '9000', added('old'));
    source.emit('change', '9001', added('new'));
    // Each of the three subscribers hears the new change once; the one at the reload's id is not new.
    expect(changes.map((change) => (change.type === 'removed' ? change.id : change.comment.id))).to.deep.equal(['new', 'new', 'new']);
    stopB();
    source.emit('reload', '9500', {});
    expect(resets).to.deep.equal(['a', 'b', 'a']);
    stopA();
    stopC();
  });

  it('offers no live updates when EventSource is turned off', () => {
    const provider = new RestProvider({ endpoint: 'http://api.test/api', EventSource: null });
    const stop = provider.subscribe('t', () => {});
    expect(stop).to.be.a('function');
    expect(FakeEventSource.instances).to.have.length(0);
    stop();
  });
});
