// node --test test/abuse/: the reference server's abuse limits and spam checks over real HTTP on
// loopback, with its store in a real SQLite file: rate limits (429 + Retry-After + rate_limited),
// one count across two instances, TRUST_PROXY, reports per comment, live streams per address,
// published field limits, link and word holds, and Akismet's comment-check spoken by a small local
// server this file starts (the real service cannot be reached here).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { createApp } from '../../server/app.mjs';
import { optionsFromEnv, trustProxyFromEnv } from '../../server/config.mjs';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../server/plugins/limits.mjs';
import { countLinks, screenOptionsFromEnv } from '../../server/plugins/spam.mjs';
import { LIMITS } from '../../server/validate.mjs';
import { openStore } from '../../server/store/index.mjs';

const base = mkdtempSync(join(tmpdir(), 'abuse-'));
let n = 0;
after(() => rmSync(base, { recursive: true, force: true }));

/** @type {(() => Promise<void>)[]} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/**
 * A server on loopback from these environment variables (as server/config.mjs reads them).
 * @param {NodeJS.ProcessEnv} env @param {{ dataDir?: string }} [where]
 */
async function serverWith(env, { dataDir = join(base, `db${++n}`) } = {}) {
  const store = await openStore({ dataDir });
  // The simulated sign-in (SIMULATED_SIGN_IN=on): the sign-in route's own limit is tested here.
  const { staticRoot: _unused, ...options } = optionsFromEnv({ SIMULATED_SIGN_IN: 'on', ...env });
  const { app } = createApp({ ...options, store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  const { port } = /** @type {import('node:net').AddressInfo} */ (app.server.address());
  return { url: `http://127.0.0.1:${port}/api`, store, dataDir };
}

/** A reader with their own cookie. */
class Reader {
  cookie = '';
  /** @param {string} api @param {Record<string, string>} [headers] */
  constructor(api, headers = {}) {
    this.api = api;
    this.headers = headers;
  }

  /** @param {string} method @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] */
  async call(method, path, body, headers = {}) {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: {
        ...this.headers,
        ...headers,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  /** @param {string} body @param {object} [extra] */
  post(body, extra = {}) {
    return this.call('POST', '/threads/t/comments', { body, guest: { name: 'Ann', email: 'ann@example.com' }, ...extra }, { 'idempotency-key': `k${++n}` });
  }
}

/** The ids another reader (no cookie) sees in thread t. @param {string} api */
async function seenByOthers(api) {
  const page = await new Reader(api).call('GET', '/threads/t/comments');
  return page.body.comments.map((/** @type {{ id: string }} */ comment) => comment.id);
}

describe('rate limits', () => {
  it('answer 429 with Retry-After and rate_limited past RATE_POSTS per address, counted in the store', async () => {
    const { url, store } = await serverWith({ RATE_POSTS: '2', RATE_WINDOW_SECONDS: '30' });
    // Three readers (no shared cookie) from one address.
    assert.equal((await new Reader(url).post('one')).status, 201);
    assert.equal((await new Reader(url).post('two')).status, 201);
    const refused = await new Reader(url).post('three');
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    assert.equal(refused.body.error.code, 'rate_limited');
    assert.equal(refused.body.error.retryAfter, retryAfter);
    assert.match(refused.body.error.message, new RegExp(`try again in ${retryAfter} seconds`));
    assert.equal(await store.countByBody('three'), 0, 'nothing stored');
    assert.equal((await store.hit('posts:address:127.0.0.1', 30_000)).current, 4, 'the count lives in the store');
  });

  it('keep one count across two instances on one database', async () => {
    const first = await serverWith({ RATE_POSTS: '3' });
    const second = await serverWith({ RATE_POSTS: '3' }, { dataDir: first.dataDir });
    assert.equal((await new Reader(first.url).post('a')).status, 201);
    assert.equal((await new Reader(second.url).post('b')).status, 201);
    assert.equal((await new Reader(first.url).post('c')).status, 201);
    assert.equal((await new Reader(second.url).post('d')).status, 429);
  });

  it('count per reader too, and per address only from X-Forwarded-For when TRUST_PROXY says so', async () => {
    const trusting = await serverWith({ RATE_POSTS: '2', TRUST_PROXY: 'true' });
    const reader = new Reader(trusting.url);
    // One reader (one cookie) from four addresses. Their first post made their session, so the
    // reader's count starts with the second: the fourth is one past RATE_POSTS.
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      const posted = await reader.call('POST', '/threads/t/comments', { body: address, guest: { name: 'Ann', email: 'a@example.com' } }, { 'idempotency-key': address, 'x-forwarded-for': address });
      assert.equal(posted.status, 201, address);
    }
    const again = await reader.call('POST', '/threads/t/comments', { body: 'fourth', guest: { name: 'Ann', email: 'a@example.com' } }, { 'idempotency-key': 'k-fourth', 'x-forwarded-for': '10.0.0.4' });
    assert.equal(again.status, 429, 'per reader');
    // Other readers from other forwarded addresses are not limited by one another.
    for (const address of ['10.0.1.1', '10.0.1.2', '10.0.1.3']) {
      assert.equal((await new Reader(trusting.url, { 'x-forwarded-for': address }).post(`from ${address}`)).status, 201, address);
    }
    // Without TRUST_PROXY the header is ignored: every reader is 127.0.0.1.
    const plain = await serverWith({ RATE_POSTS: '2' });
    assert.equal((await new Reader(plain.url, { 'x-forwarded-for': '10.9.0.1' }).post('x')).status, 201);
    assert.equal((await new Reader(plain.url, { 'x-forwarded-for': '10.9.0.2' }).post('y')).status, 201);
    assert.equal((await new Reader(plain.url, { 'x-forwarded-for': '10.9.0.3' }).post('z')).status, 429);
  });

  it('limit reacting, reporting and signing in; one report per comment per reader', async () => {
    const { url } = await serverWith({ RATE_REACTIONS: '2', RATE_REPORTS: '3', RATE_SIGN_INS: '1' });
    const author = new Reader(url);
    const ids = [];
    for (const text of ['a', 'b', 'c']) ids.push((await author.post(text)).body.id);
    const reader = new Reader(url);
    assert.equal((await reader.call('POST', `/comments/${ids[0]}/reactions`, { reaction: 'like' })).status, 200);
    assert.equal((await reader.call('POST', `/comments/${ids[0]}/reactions`, { reaction: 'like' })).status, 200);
    const reactions = await reader.call('POST', `/comments/${ids[0]}/reactions`, { reaction: 'like' });
    assert.deepEqual([reactions.status, reactions.body.error.code, Boolean(reactions.headers.get('retry-after'))], [429, 'rate_limited', true]);
    assert.equal((await reader.call('POST', `/comments/${ids[0]}/reports`, { reason: 'spam' })).status, 204);
    const twice = await reader.call('POST', `/comments/${ids[0]}/reports`, { reason: 'rude' });
    assert.deepEqual([twice.status, twice.body.error.code], [409, 'conflict']);
    assert.equal((await reader.call('POST', `/comments/${ids[1]}/reports`, { reason: 'spam' })).status, 204);
    // The refused second report counted too: the fourth report is past RATE_REPORTS.
    assert.equal((await reader.call('POST', `/comments/${ids[2]}/reports`, { reason: 'spam' })).status, 429);
    assert.equal((await reader.call('POST', '/identity/sign-in', { optionId: 'demo' })).status, 200);
    const signIn = await reader.call('POST', '/identity/sign-in', { optionId: 'demo' });
    assert.deepEqual([signIn.status, signIn.body.error.code], [429, 'rate_limited']);
  });

  it('limit open live streams per address, freeing a place when one closes', async () => {
    const { url } = await serverWith({ MAX_STREAMS_PER_ADDRESS: '2' });
    const controllers = [new AbortController(), new AbortController()];
    const open = await Promise.all(controllers.map((controller) => fetch(`${url}/threads/t/events`, { signal: controller.signal })));
    assert.deepEqual(open.map((response) => response.status), [200, 200]);
    const third = await fetch(`${url}/threads/t/events`);
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) >= 1);
    assert.equal((await third.json()).error.code, 'rate_limited');
    controllers[0].abort();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const controller = new AbortController();
      const response = await fetch(`${url}/threads/t/events`, { signal: controller.signal });
      status = response.status;
      controller.abort();
      if (status !== 200) await response.text();
    }
    assert.equal(status, 200);
    controllers[1].abort();
  });
});

describe('published limits', () => {
  it('GET /limits and every thread info carry the field limits the server enforces', async () => {
    const { url } = await serverWith({ MAX_COMMENT_LENGTH: '50', RATE_POSTS: '7' });
    const reader = new Reader(url);
    const limits = await reader.call('GET', '/limits');
    assert.deepEqual(limits.body.fields, { body: 50, name: LIMITS.name, email: LIMITS.email, url: LIMITS.url, unit: 'utf16' });
    assert.equal(limits.body.rates.posts, 7);
    const info = await reader.call('GET', '/threads/t');
    assert.deepEqual(info.body.fieldLimits, limits.body.fields);
    assert.equal(info.body.closed, false);
    const long = await reader.post('x'.repeat(51));
    assert.deepEqual([long.status, long.body.error.code, long.body.error.fieldErrors.body], [422, 'validation', 'A comment can be at most 50 characters long.']);
    const fits = await reader.post('x'.repeat(50));
    assert.equal(fits.status, 201);
    const edited = await reader.call('PATCH', `/comments/${fits.body.id}`, { body: 'y'.repeat(51) });
    assert.deepEqual([edited.status, edited.body.error.fieldErrors.body], [422, 'A comment can be at most 50 characters long.']);
    // Every bad field is still answered at once.
    const both = await reader.call('POST', '/threads/t/comments', { body: 'z'.repeat(51), guest: { name: '', email: 'a@example.com' } }, { 'idempotency-key': 'both' });
    assert.deepEqual(Object.keys(both.body.error.fieldErrors).sort(), ['body', 'name']);
  });

  it('text is checked as it is stored: a lone surrogate is one U+FFFD within the limits, NUL in a body too; names that hide or turn text around, an email with NUL and a website with a password are refused', async () => {
    const { url } = await serverWith({ MAX_COMMENT_LENGTH: '50', RATE_POSTS: '0', MAX_LINKS: '0' });
    const reader = new Reader(url);
    const halves = await reader.post('\ud800'.repeat(50), { guest: { name: '\udfff'.repeat(LIMITS.name), email: 'ann@example.com' } });
    assert.equal(halves.status, 201);
    assert.deepEqual([halves.body.body, halves.body.author.name], ['\ufffd'.repeat(50), '\ufffd'.repeat(LIMITS.name)]);
    const stored = (await reader.call('GET', '/threads/t/comments')).body.comments.find((/** @type {any} */ c) => c.id === halves.body.id);
    assert.equal(stored.body, '\ufffd'.repeat(50), 'stored as read: one U+FFFD each, not three');
    const nul = await reader.post('a\u0000b');
    assert.equal(nul.body.body, 'a\ufffdb');
    const edited = await reader.call('PATCH', `/comments/${nul.body.id}`, { body: 'c\u0000\ud800' });
    assert.equal(edited.body.body, 'c\ufffd\ufffd');
    const refused = async (/** @type {Record<string, string>} */ guest) => {
      const answer = await reader.call('POST', '/threads/t/comments', { body: 'Hi', guest: { name: 'Ann', email: 'ann@example.com', ...guest } }, { 'idempotency-key': `g${++n}` });
      assert.equal(answer.status, 422, JSON.stringify(guest));
      return Object.keys(answer.body.error.fieldErrors);
    };
    assert.deepEqual(await refused({ name: 'Julian\u202e (admin)' }), ['name']);
    assert.deepEqual(await refused({ name: 'a\u2066b' }), ['name']);
    assert.deepEqual(await refused({ name: '\u200b\u200b \ufeff' }), ['name'], 'nothing to show is no name (required here)');
    assert.deepEqual(await refused({ email: 'ann\u0000@example.com' }), ['email']);
    assert.deepEqual(await refused({ url: 'https://user:pass@evil.example/' }), ['url']);
    const fine = await reader.post('Hi', { guest: { name: 'Zoë \u05e9\u05dc\u05d5\u05dd', email: 'ann@example.com', url: 'https://example.com/' } });
    assert.equal(fine.status, 201);
  });

  it('read from the environment with defaults; bad values keep the default', () => {
    assert.deepEqual(limitsFromEnv({}), DEFAULT_LIMITS);
    assert.deepEqual(limitsFromEnv({ RATE_POSTS: '0', RATE_WINDOW_SECONDS: 'soon', MAX_COMMENT_LENGTH: '999999' }), { ...DEFAULT_LIMITS, posts: 0, body: LIMITS.body });
    assert.deepEqual([trustProxyFromEnv(undefined), trustProxyFromEnv('true'), trustProxyFromEnv('2'), trustProxyFromEnv('10.0.0.0/8,127.0.0.1')], [false, true, 2, ['10.0.0.0/8', '127.0.0.1']]);
  });
});

describe('held for moderation: links and words', () => {
  it('holds a comment with MAX_LINKS links or more (default 2), seen only by its author', async () => {
    const { url } = await serverWith({});
    const reader = new Reader(url);
    const one = await reader.post('see https://example.com');
    const two = await reader.post('see https://example.com and www.example.org');
    assert.deepEqual([one.body.status, two.body.status], ['approved', 'pending']);
    assert.deepEqual(await seenByOthers(url), [one.body.id]);
    const off = await serverWith({ MAX_LINKS: '0' });
    assert.equal((await new Reader(off.url).post('http://a http://b http://c')).body.status, 'approved');
    assert.deepEqual([countLinks('HTTPS://a www.b http:/c ftp://d'), countLinks('x'.repeat(5000) + 'www')], [2, 0]);
  });

  it('holds a comment with a listed word in its text or author (any case), from HOLD_WORDS and HOLD_WORDS_FILE', async () => {
    const file = join(base, 'words.txt');
    writeFileSync(file, 'casino\n\n  cheap pills  \n');
    const { url } = await serverWith({ HOLD_WORDS: 'Crypto, bitcoin', HOLD_WORDS_FILE: file, RATE_POSTS: '0' });
    const reader = new Reader(url);
    const statuses = [];
    for (const body of ['hello', 'Buy CRYPTO now', 'Best casino', 'cheap pills here', 'cheap, pills']) statuses.push((await reader.post(body)).body.status);
    statuses.push((await reader.post('fine text', { guest: { name: 'Bitcoin Bob', email: 'b@example.com' } })).body.status);
    assert.deepEqual(statuses, ['approved', 'pending', 'pending', 'pending', 'approved', 'pending']);
    assert.deepEqual(screenOptionsFromEnv({ HOLD_WORDS: ' a, ,b ' }).holdWords, ['a', 'b']);
  });
});

describe('spam check (Akismet comment-check on a local server)', () => {
  /**
   * A loopback server that answers Akismet's comment-check as `answer` decides, keeping each form.
   * @param {(form: URLSearchParams) => { status?: number, body: string, headers?: Record<string, string> }} answer
   */
  async function akismetServer(answer) {
    /** @type {URLSearchParams[]} */
    const forms = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== '/1.1/comment-check' || !String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
          response.writeHead(404).end('not comment-check');
          return;
        }
        const form = new URLSearchParams(text);
        forms.push(form);
        const { status = 200, body, headers = {} } = answer(form);
        response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    return { url: `http://127.0.0.1:${port}/1.1/comment-check`, forms };
  }

  /** Akismet's rule for tests: the author `akismet-guaranteed-spam` is spam. @param {URLSearchParams} form */
  const byAuthor = (form) =>
    form.get('comment_author') === 'akismet-guaranteed-spam'
      ? { body: 'true', headers: form.get('comment_content')?.includes('blatant') ? { 'x-akismet-pro-tip': 'discard' } : {} }
      : { body: 'false' };

  it('sends Akismet the documented fields, stores a spam verdict as spam (its author sees it held, no one else, no stream)', async () => {
    const akismet = await akismetServer(byAuthor);
    const { url, store } = await serverWith({ AKISMET_KEY: 'test-key', AKISMET_URL: akismet.url, MAX_LINKS: '0' });
    const ham = new Reader(url, { 'user-agent': 'HamBrowser/1.0', referer: 'https://site.example/post' });
    const fine = await ham.post('A kind word');
    assert.equal(fine.body.status, 'approved');
    const sent = akismet.forms[0];
    assert.deepEqual(
      ['api_key', 'blog', 'user_ip', 'user_agent', 'referrer', 'comment_type', 'comment_author', 'comment_author_email', 'comment_content'].map((field) => sent.get(field)),
      ['test-key', new URL(url).origin, '127.0.0.1', 'HamBrowser/1.0', 'https://site.example/post', 'comment', 'Ann', 'ann@example.com', 'A kind word'],
    );
    const spammer = new Reader(url);
    const events = await store.lastEventId();
    for (const body of ['Buy now', 'blatant spam']) {
      const spam = await spammer.post(body, { guest: { name: 'akismet-guaranteed-spam', email: 's@example.com' } });
      assert.deepEqual([spam.status, spam.body.status], [201, 'pending'], 'never silently dropped; the verdict not told');
      assert.equal((await store.comment(spam.body.id))?.status, 'spam');
    }
    assert.equal(akismet.forms.at(-1)?.get('comment_author'), 'akismet-guaranteed-spam');
    assert.deepEqual(await seenByOthers(url), [fine.body.id]);
    assert.equal((await spammer.call('GET', '/threads/t/comments')).body.comments.length, 3, 'its author sees their own');
    assert.equal(await store.lastEventId(), events, 'nothing on the live stream');
    const reply = await ham.post('A reply', { parentId: fine.body.id });
    assert.equal(akismet.forms.at(-1)?.get('comment_type'), 'reply');
    assert.equal(reply.body.status, 'approved');
  });

  /** A test that Akismet answering so holds the comment. @param {() => { status?: number, body: string, headers?: Record<string, string> }} answer */
  const holdsWhen = (answer) => async () => {
    const akismet = await akismetServer(answer);
    const { url } = await serverWith({ AKISMET_KEY: 'k', AKISMET_URL: akismet.url });
    const posted = await new Reader(url).post('hello');
    assert.deepEqual([posted.status, posted.body.status, akismet.forms.length], [201, 'pending', 1]);
    assert.deepEqual(await seenByOthers(url), []);
  };
  it('holds the comment when Akismet answers "invalid"', holdsWhen(() => ({ body: 'invalid', headers: { 'x-akismet-debug-help': 'bad key' } })));
  it('holds the comment when Akismet answers 500', holdsWhen(() => ({ status: 500, body: 'oops' })));

  it('holds the comment when Akismet cannot be reached', async () => {
    const closed = await akismetServer(byAuthor);
    const address = closed.url;
    await cleanups.pop()?.();
    const { url, store } = await serverWith({ AKISMET_KEY: 'k', AKISMET_URL: address });
    const posted = await new Reader(url).post('hello');
    assert.deepEqual([posted.status, posted.body.status], [201, 'pending']);
    assert.equal((await store.comment(posted.body.id))?.body, 'hello', 'kept');
  });
});
