// The reference server's moderation over real HTTP on loopback, run on a SQLite file
// (./sqlite.test.mjs) and on PostgreSQL (./postgres.test.mjs): every route refuses non-moderators,
// moderators are configured (MODERATORS, MODERATION_TOKEN), the queue pages newest first with the
// moderator-only details, actions reach readers' and moderators' streams, Undo, bans (identity,
// hashed email, address; with a duration), thread settings, MODERATION=first, CLOSE_AFTER_DAYS,
// the page a thread was first shown on, the audit log, and RETENTION_DAYS with a clock the test sets.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { createApp } from '../../server/app.mjs';
import { optionsFromEnv } from '../../server/config.mjs';
import { openStore } from '../../server/store/index.mjs';

export const TOKEN = 'moderation-token-for-tests-0123456789';
const BEARER = { authorization: `Bearer ${TOKEN}` };

/** A reader with their own cookies (a session once signed in, an author token once they write). */
export class Reader {
  /** @type {Map<string, string>} */
  jar = new Map();
  /** @param {string} api @param {Record<string, string>} [headers] */
  constructor(api, headers = {}) {
    this.api = api;
    this.headers = headers;
  }

  /** @param {string} method @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] */
  async call(method, path, body, headers = {}) {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: { ...this.headers, ...headers, ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  /** @param {string} threadId @param {string} body @param {{ name?: string, email?: string }} [guest] */
  post(threadId, body, guest = { name: 'Ann', email: 'ann@example.com' }) {
    return this.call('POST', `/threads/${encodeURIComponent(threadId)}/comments`, { parentId: null, body, guest }, { 'idempotency-key': `k-${Math.random()}` });
  }
}

/** The events a stream sends within `ms`, parsed. @param {string} url @param {Record<string, string>} headers @param {() => Promise<unknown>} during */
export async function streamDuring(url, headers, during, ms = 400) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  let text = '';
  let ready = () => {};
  const isReady = new Promise((resolve) => (ready = () => resolve(undefined)));
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
        text += decoder.decode(chunk, { stream: true });
        if (text.includes('event: ready')) ready();
      }
    } catch {
      // stopped
    }
  })();
  if (response.ok) await isReady;
  await during();
  await new Promise((resolve) => setTimeout(resolve, ms));
  controller.abort();
  await reading;
  return {
    status: response.status,
    events: text
      .split('\n\n')
      .map((block) => Object.fromEntries(block.split('\n').filter((line) => /^(event|data|id): /.test(line)).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])))
      .filter((event) => event.event)
      .map((event) => ({ ...event, data: JSON.parse(event.data) })),
  };
}

/**
 * @param {string} label
 * @param {() => Promise<import('../../server/store/index.mjs').StoreOptions>} makeStore a fresh, empty store per server
 * @param {{ instances?: boolean }} [options] `instances`: the engine lets instances hear each other (PostgreSQL)
 */
export function moderationSuite(label, makeStore, { instances = false } = {}) {
  /** @type {(() => Promise<void>)[]} */
  let cleanups = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  /**
   * A server from these environment variables, with a clock the test can move.
   * @param {NodeJS.ProcessEnv} env @param {import('../../server/store/index.mjs').StoreOptions} [where] another server's database
   */
  async function serverWith(env = {}, where) {
    const store = await openStore(where ?? (await makeStore()));
    const clock = { now: Date.now() };
    const { staticRoot: _unused, ...options } = optionsFromEnv({ MODERATION_TOKEN: TOKEN, RATE_POSTS: '0', MAX_LINKS: '0', ...env });
    const { app } = createApp({
      ...options,
      store,
      moderators: { ...options.moderators, now: () => clock.now },
      // A moderator by configuration: an identity with a subject, as a real sign-in stores it.
      plugins: [
        async (plugin, { sessions }) => {
          plugin.post('/api/__test/sign-in', async (request, reply) => {
            const { subject } = /** @type {{ subject: string }} */ (request.body);
            await sessions.begin(request, reply, { optionId: 'dev', subject, name: subject });
            return { ok: true };
          });
        },
      ],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    const { port } = /** @type {import('node:net').AddressInfo} */ (app.server.address());
    return { api: `http://127.0.0.1:${port}/api`, store, app, clock };
  }

  /** A moderator by the bearer token. @param {string} api */
  const tokenModerator = (api) => new Reader(api, BEARER);

  describe(`moderation on ${label}`, () => {
    it('every moderation route answers forbidden to a reader, a guest with a comment, a signed-in non-moderator and a wrong token', async () => {
      const { api, store } = await serverWith({ MODERATORS: 'dev:mia', MODERATION: 'hold' });
      const guest = new Reader(api);
      const posted = await guest.post('t', 'Held until approved');
      assert.equal(posted.status, 201);
      const signedIn = new Reader(api);
      await signedIn.call('POST', '/__test/sign-in', { subject: 'sam' });
      const routes = [
        ['GET', '/moderation/queue'],
        ['GET', '/moderation/queue?threadId=t'],
        ['POST', `/moderation/comments/${posted.body.id}`, { action: 'approve' }],
        ['GET', '/moderation/bans'],
        ['POST', '/moderation/bans', { commentId: posted.body.id }],
        ['DELETE', '/moderation/bans/any'],
        ['PATCH', '/moderation/threads/t', { closed: true }],
        ['GET', '/moderation/log'],
        ['GET', '/moderation/events'],
      ];
      for (const reader of [new Reader(api), guest, signedIn, new Reader(api, { authorization: 'Bearer wrong-token-wrong-token' })]) {
        for (const [method, path, body] of routes) {
          const answer = await reader.call(/** @type {string} */ (method), /** @type {string} */ (path), body);
          assert.equal(answer.status, 403, `${method} ${path}`);
          assert.equal(answer.body.error.code, 'forbidden', `${method} ${path}`);
        }
        assert.deepEqual((await reader.call('GET', '/moderation/me')).body, { moderator: false });
      }
      // Nothing changed: still held, no ban, thread open, nothing in the audit log.
      assert.equal((await store.moderation.comment(posted.body.id))?.status, 'pending');
      assert.deepEqual(await store.moderation.bans(), []);
      assert.equal((await store.thread('t')).closed, false);
      assert.deepEqual((await store.moderation.log({ limit: 10 })).entries, []);
    });

    it('a reply to one\'s own held comment is held with it: nobody else learns of either, nor of the held one\'s id', async () => {
      const { api } = await serverWith({ MAX_LINKS: '1' });
      const ann = new Reader(api, { origin: new URL(api).origin });
      const held = await ann.post('r', 'See https://a.example and https://b.example');
      assert.equal(held.body.status, 'pending');
      const answer = await ann.call('POST', '/threads/r/comments', { parentId: held.body.id, body: 'And a word more.', guest: { name: 'Ann', email: 'ann@example.com' } }, { 'idempotency-key': 'k-reply' });
      assert.equal(answer.status, 201);
      assert.equal(answer.body.status, 'pending');
      const reader = new Reader(api);
      const listed = await reader.call('GET', '/threads/r/comments');
      assert.deepEqual(listed.body.comments, []);
      assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(held.body.id));
      const own = await ann.call('GET', '/threads/r/comments');
      assert.deepEqual(own.body.comments.map((/** @type {any} */ c) => c.status), ['pending', 'pending']);
    });

    it('moderators are the identities MODERATORS lists and the MODERATION_TOKEN bearer; never a name', async () => {
      const { api } = await serverWith({ MODERATORS: 'dev:mia' });
      const mia = new Reader(api);
      await mia.call('POST', '/__test/sign-in', { subject: 'mia' });
      assert.deepEqual((await mia.call('GET', '/moderation/me')).body, { moderator: true });
      assert.equal((await mia.call('GET', '/moderation/queue')).status, 200);
      assert.deepEqual((await tokenModerator(api).call('GET', '/moderation/me')).body, { moderator: true });
      // Another option with the same subject is someone else.
      const other = new Reader(api);
      await other.call('POST', '/__test/sign-in', { subject: 'mia2' });
      assert.deepEqual((await other.call('GET', '/moderation/me')).body, { moderator: false });
      // No token configured: no bearer moderates.
      const { api: plain } = await serverWith({ MODERATION_TOKEN: '' });
      assert.equal((await tokenModerator(plain).call('GET', '/moderation/queue')).status, 403);
    });

    it('the queue: held, reported and spam, newest first, paged, one thread or all, with moderator-only details no reader gets', async () => {
      const { api } = await serverWith({ MODERATION: 'hold' });
      const ann = new Reader(api, { 'user-agent': 'test' });
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await ann.post(i % 2 ? 'q-odd' : 'q-even', `Held ${i}`, { name: 'Ann', email: `Ann${i}@Example.com` })).body.id);
      const mod = tokenModerator(api);
      const pages = [];
      let cursor = '';
      for (let n = 0; n < 10; n++) {
        const page = await mod.call('GET', `/moderation/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200);
        assert.equal(page.body.total, 5);
        pages.push(...page.body.items);
        if (!page.body.nextCursor) break;
        cursor = page.body.nextCursor;
      }
      assert.deepEqual(pages.map((item) => item.id), [...ids].reverse(), 'newest first across pages');
      const first = pages.at(-1);
      assert.equal(first.queue, 'held');
      assert.equal(first.moderation.email, 'Ann0@Example.com');
      assert.equal(first.moderation.address, '127.0.0.1');
      assert.deepEqual(first.moderation.thread, { id: 'q-even' });
      const even = await mod.call('GET', '/moderation/queue?threadId=q-even');
      assert.deepEqual(even.body.items.map((item) => item.threadId), ['q-even', 'q-even', 'q-even']);
      // Approve one, report it: it comes back as reported with the reasons and counts.
      await mod.call('POST', `/moderation/comments/${ids[0]}`, { action: 'approve' });
      for (const reason of ['spam', 'spam', 'rude']) assert.equal((await new Reader(api).call('POST', `/comments/${ids[0]}/reports`, { reason })).status, 204);
      const reported = await mod.call('GET', '/moderation/queue?queues=reported');
      assert.equal(reported.body.items.length, 1);
      assert.equal(reported.body.items[0].queue, 'reported');
      assert.deepEqual(reported.body.items[0].moderation.reports, [{ reason: 'spam', count: 2 }, { reason: 'rude', count: 1 }]);
      assert.equal(reported.body.items[0].moderation.reportCount, 3);
      // Spam.
      await mod.call('POST', `/moderation/comments/${ids[1]}`, { action: 'spam' });
      assert.deepEqual((await mod.call('GET', '/moderation/queue?queues=spam')).body.items.map((item) => item.id), [ids[1]]);
      // What readers get never carries these details.
      const listed = await new Reader(api).call('GET', '/threads/q-even/comments');
      const text = JSON.stringify(listed.body);
      for (const secret of ['Ann0@Example.com', '127.0.0.1', 'rude', '"moderation"', '"queue"']) assert.ok(!text.includes(secret), secret);
      assert.equal((await mod.call('GET', '/moderation/queue?queues=nope')).status, 400);
      assert.equal((await mod.call('GET', '/moderation/queue?cursor=garbage')).status, 400);
      assert.equal((await mod.call('GET', '/moderation/queue?limit=500')).status, 400);
    });

    it("approve shows a held comment live to readers; spam and delete remove it; restore undoes; the moderators' stream hears each", async () => {
      const { api } = await serverWith({ MODERATION: 'hold' });
      const mod = tokenModerator(api);
      const posted = (await new Reader(api).post('live', 'Wait for me')).body;
      assert.equal(posted.status, 'pending');
      const reader = await streamDuring(`${api}/threads/live/events`, {}, async () => {
        assert.equal((await mod.call('POST', `/moderation/comments/${posted.id}`, { action: 'approve' })).body.status, 'approved');
      });
      assert.deepEqual(reader.events.filter((event) => event.event === 'change').map((event) => [event.data.type, event.data.comment?.id]), [['added', posted.id]]);
      assert.ok(!JSON.stringify(reader.events).includes('ann@example.com'));
      assert.deepEqual((await new Reader(api).call('GET', '/threads/live/comments')).body.comments.map((c) => c.id), [posted.id]);
      const removed = await streamDuring(`${api}/threads/live/events`, {}, async () => {
        await mod.call('POST', `/moderation/comments/${posted.id}`, { action: 'spam' });
      });
      assert.deepEqual(removed.events.filter((event) => event.event === 'change').map((event) => event.data), [{ type: 'removed', id: posted.id }]);
      assert.equal((await new Reader(api).call('GET', '/threads/live/comments')).body.comments.length, 0);
      const undone = await mod.call('POST', `/moderation/comments/${posted.id}`, { action: 'restore' });
      assert.equal(undone.body.status, 'approved', 'restore undoes the spam: approved again');
      await mod.call('POST', `/moderation/comments/${posted.id}`, { action: 'delete' });
      assert.equal((await new Reader(api).call('GET', '/threads/live/comments')).body.comments.length, 0);
      assert.equal((await mod.call('POST', `/moderation/comments/${posted.id}`, { action: 'restore' })).body.status, 'approved');
      assert.equal((await mod.call('POST', `/moderation/comments/${posted.id}`, { action: 'nonsense' })).status, 400);
      assert.equal((await mod.call('POST', '/moderation/comments/missing', { action: 'approve' })).status, 404);
      // The moderators' stream: a new held comment arrives as added, a report as added, approving as removed.
      const queue = await streamDuring(`${api}/moderation/events`, BEARER, async () => {
        const held = (await new Reader(api).post('live', 'Another one')).body;
        await new Reader(api).call('POST', `/comments/${posted.id}/reports`, { reason: 'off topic' });
        await mod.call('POST', `/moderation/comments/${held.id}`, { action: 'approve' });
      });
      const changes = queue.events.filter((event) => event.event === 'change').map((event) => event.data);
      assert.equal(changes.length, 3, JSON.stringify(changes));
      assert.equal(changes[0].type, 'added');
      assert.equal(changes[0].item.queue, 'held');
      assert.equal(changes[0].item.moderation.email, 'ann@example.com');
      assert.equal(changes[1].type, 'added');
      assert.equal(changes[1].item.queue, 'reported');
      assert.deepEqual(changes[2], { type: 'removed', id: changes[0].item.id });
      // One thread's stream hears only that thread.
      const scoped = await streamDuring(`${api}/moderation/events?threadId=other`, BEARER, async () => {
        await new Reader(api).post('live', 'Not the other thread');
        await new Reader(api).post('other', 'The other thread');
      });
      assert.deepEqual(scoped.events.filter((event) => event.event === 'change').map((event) => event.data.item.threadId), ['other']);
    });

    it('bans refuse the author by identity, hashed email or address, until lifted or expired; other authors post', async () => {
      const { api, store } = await serverWith({ MODERATORS: 'dev:mia' });
      const mod = tokenModerator(api);
      // A guest banned through a comment: their email (hashed) and address.
      const first = (await new Reader(api).post('b', 'Before the ban', { name: 'Bob', email: 'Bob@Example.com' })).body;
      const ban = await mod.call('POST', '/moderation/bans', { commentId: first.id });
      assert.equal(ban.status, 201);
      assert.equal(ban.body.emailHash, createHash('sha256').update('bob@example.com').digest('hex'));
      assert.equal(ban.body.address, '127.0.0.1');
      const refused = await new Reader(api).post('b', 'After the ban', { name: 'Bob', email: 'bob@example.com' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'forbidden');
      assert.match(refused.body.error.message, /banned/);
      assert.equal(await store.countByBody('After the ban'), 0);
      const item = (await mod.call('GET', '/moderation/queue?queues=held,reported,spam')).body;
      assert.ok(Array.isArray(item.items));
      assert.equal((await mod.call('DELETE', `/moderation/bans/${ban.body.id}`)).status, 204);
      assert.equal((await mod.call('DELETE', `/moderation/bans/${ban.body.id}`)).status, 404);
      assert.equal((await new Reader(api).post('b', 'After the unban', { name: 'Bob', email: 'bob@example.com' })).status, 201);
      // By identity: a signed-in author, for a while.
      const sam = new Reader(api);
      await sam.call('POST', '/__test/sign-in', { subject: 'sam' });
      const timed = await mod.call('POST', '/moderation/bans', { identity: 'dev:sam', duration: 1 });
      assert.ok(timed.body.expiresAt);
      assert.equal((await sam.post('b', 'Banned for a second')).status, 403);
      assert.equal((await new Reader(api).post('b', 'Someone else', { name: 'Cy', email: 'cy@example.com' })).status, 201);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await sam.post('b', 'The ban ran out')).status, 201);
      // By address, given by hand (TRUST_PROXY: the forwarded address).
      const { api: proxied } = await serverWith({ TRUST_PROXY: 'true' });
      await tokenModerator(proxied).call('POST', '/moderation/bans', { address: '10.1.2.3' });
      assert.equal((await new Reader(proxied, { 'x-forwarded-for': '10.1.2.3' }).post('b', 'From the banned address')).status, 403);
      assert.equal((await new Reader(proxied, { 'x-forwarded-for': '10.1.2.4' }).post('b', 'From another address')).status, 201);
      for (const bad of [{}, { address: 'not-an-address' }, { emailHash: 'abc' }, { identity: 'dev:x', duration: -1 }]) {
        assert.equal((await mod.call('POST', '/moderation/bans', bad)).status, 400, JSON.stringify(bad));
      }
      assert.equal((await mod.call('POST', '/moderation/bans', { commentId: 'missing' })).status, 404);
    });

    it('thread settings: close and reopen, sign-in required, edit window; answered as readers get them', async () => {
      const { api } = await serverWith({});
      const mod = tokenModerator(api);
      const closed = await mod.call('PATCH', '/moderation/threads/s', { closed: true, requiresSignIn: true, editWindow: 60 });
      assert.equal(closed.status, 200);
      assert.equal(closed.body.closed, true);
      assert.equal(closed.body.requiresSignIn, true);
      assert.equal(closed.body.editWindow, 60);
      assert.ok(closed.body.fieldLimits, 'the answer is the thread information readers get');
      const refused = await new Reader(api).post('s', 'Too late');
      assert.equal(refused.body.error.code, 'closed');
      const open = await mod.call('PATCH', '/moderation/threads/s', { closed: false, requiresSignIn: false, editWindow: null });
      assert.equal(open.body.closed, false);
      assert.equal(open.body.editWindow, undefined);
      assert.equal((await new Reader(api).post('s', 'Open again')).status, 201);
      for (const bad of [{ closed: 'yes' }, { editWindow: -5 }, { editWindow: 1.5 }, []]) {
        assert.equal((await mod.call('PATCH', '/moderation/threads/s', bad)).status, 400, JSON.stringify(bad));
      }
    });

    it('MODERATION=first holds a guest until the same name and email have an approved comment', async () => {
      const { api } = await serverWith({ MODERATION: 'first' });
      const mod = tokenModerator(api);
      const first = await new Reader(api).post('f', 'My first', { name: 'Fay', email: 'fay@example.com' });
      assert.equal(first.body.status, 'pending');
      assert.equal((await new Reader(api).post('f', 'Still first', { name: 'Fay', email: 'fay@example.com' })).body.status, 'pending');
      await mod.call('POST', `/moderation/comments/${first.body.id}`, { action: 'approve' });
      assert.equal((await new Reader(api).post('f', 'Known now', { name: 'Fay', email: 'FAY@example.com' })).body.status, 'approved');
      assert.equal((await new Reader(api).post('f', 'Other name', { name: 'Faye', email: 'fay@example.com' })).body.status, 'pending');
      assert.equal((await new Reader(api).post('f', 'Other email', { name: 'Fay', email: 'fay@example.org' })).body.status, 'pending');
      const signedIn = new Reader(api);
      await signedIn.call('POST', '/__test/sign-in', { subject: 'zed' });
      assert.equal((await signedIn.post('f', 'Signed in')).body.status, 'approved', 'MODERATION holds guests only');
    });

    it('CLOSE_AFTER_DAYS closes a thread by age; each thread keeps the page it was first shown on', async () => {
      const { api, clock } = await serverWith({ CLOSE_AFTER_DAYS: '14' });
      const page = 'https://blog.example/2026/a-post?utm=x#comments';
      const info = await new Reader(api).call('GET', `/threads/old?page=${encodeURIComponent(page)}`);
      assert.equal(info.body.url, page);
      assert.equal(info.body.closed, false);
      // A later page does not replace the first.
      await new Reader(api).call('GET', `/threads/old?page=${encodeURIComponent('https://elsewhere.example/')}`);
      assert.equal((await new Reader(api).call('GET', '/threads/old')).body.url, page);
      assert.equal((await new Reader(api).call('GET', '/threads/old?page=javascript:alert(1)')).body.url, page);
      assert.equal((await new Reader(api).post('old', 'Day one')).status, 201);
      clock.now += 15 * 86_400_000;
      assert.equal((await new Reader(api).call('GET', '/threads/old')).body.closed, true);
      const late = await new Reader(api).post('old', 'Day fifteen');
      assert.equal(late.status, 403);
      assert.equal(late.body.error.code, 'closed');
      // The queue shows the thread's page.
      const { api: held } = await serverWith({ MODERATION: 'hold' });
      await new Reader(held).call('GET', `/threads/p?page=${encodeURIComponent(page)}`);
      await new Reader(held).post('p', 'Held');
      assert.deepEqual((await tokenModerator(held).call('GET', '/moderation/queue')).body.items[0].moderation.thread, { id: 'p', url: page });
    });

    if (instances) {
      it("a comment held through one instance reaches a moderator's stream on another, and approving it there reaches the first's readers", async () => {
        const where = await makeStore();
        const first = await serverWith({ MODERATION: 'hold' }, where);
        const second = await serverWith({ MODERATION: 'hold' }, where);
        /** @type {any} */
        let held;
        const queue = await streamDuring(`${second.api}/moderation/events`, BEARER, async () => {
          held = (await new Reader(first.api).post('across', 'Held on the first')).body;
        }, 800);
        assert.deepEqual(queue.events.filter((event) => event.event === 'change').map((event) => [event.data.type, event.data.item?.id]), [['added', held.id]]);
        const readers = await streamDuring(`${first.api}/threads/across/events`, {}, async () => {
          await tokenModerator(second.api).call('POST', `/moderation/comments/${held.id}`, { action: 'approve' });
        }, 800);
        assert.deepEqual(readers.events.filter((event) => event.event === 'change').map((event) => [event.data.type, event.data.comment?.id]), [['added', held.id]]);
      });
    }

    it('remembers at most 60 threads never seen before per address and minute', async () => {
      const { api, store } = await serverWith({});
      for (let i = 0; i < 62; i++) assert.equal((await new Reader(api).call('GET', `/threads/made-up-${i}`)).status, 200);
      assert.ok((await store.moderation.threadSource('made-up-0')).createdAt, 'the first is remembered');
      assert.ok((await store.moderation.threadSource('made-up-59')).createdAt, 'the 60th is remembered');
      assert.equal((await store.moderation.threadSource('made-up-61')).createdAt, null, 'the 62nd is not');
    });

    it('the audit log says who did what when, newest first, paged; readable by moderators only', async () => {
      const { api } = await serverWith({ MODERATORS: 'dev:mia', MODERATION: 'hold' });
      const mia = new Reader(api);
      await mia.call('POST', '/__test/sign-in', { subject: 'mia' });
      const posted = (await new Reader(api).post('a', 'Audit me')).body;
      const before = new Date().toISOString();
      await mia.call('POST', `/moderation/comments/${posted.id}`, { action: 'approve' });
      const ban = (await tokenModerator(api).call('POST', '/moderation/bans', { commentId: posted.id })).body;
      await mia.call('DELETE', `/moderation/bans/${ban.id}`);
      await mia.call('PATCH', '/moderation/threads/a', { closed: true });
      const first = await mia.call('GET', '/moderation/log?limit=3');
      assert.deepEqual(first.body.entries.map((entry) => [entry.action, entry.actor]), [['thread-settings', 'dev:mia'], ['unban', 'dev:mia'], ['ban', 'token']]);
      const rest = await mia.call('GET', `/moderation/log?limit=3&cursor=${first.body.nextCursor}`);
      assert.equal(rest.body.entries.length, 1);
      const approve = rest.body.entries[0];
      assert.deepEqual([approve.action, approve.actor, approve.commentId, approve.threadId, approve.detail], ['approve', 'dev:mia', posted.id, 'a', { from: 'pending', to: 'approved' }]);
      assert.ok(approve.at >= before);
      assert.equal(rest.body.nextCursor, null);
    });

    it('RETENTION_DAYS erases addresses and emails of older comments (a clock the test sets)', async () => {
      const { api, app, clock, store } = await serverWith({ RETENTION_DAYS: '30', MODERATION: 'hold' });
      const old = (await new Reader(api).post('r', 'Old', { name: 'Oli', email: 'oli@example.com' })).body;
      assert.equal((await store.moderation.comment(old.id))?.author_address, '127.0.0.1');
      clock.now += 29 * 86_400_000;
      assert.equal(await /** @type {any} */ (app).moderationSweep(), 0, 'not yet');
      clock.now += 2 * 86_400_000;
      assert.equal(await /** @type {any} */ (app).moderationSweep(), 1);
      const row = await store.moderation.comment(old.id);
      assert.equal(row?.author_address, null);
      assert.equal(row?.author_email, null);
      assert.equal(row?.body, 'Old', 'the comment stays');
      const item = (await tokenModerator(api).call('GET', '/moderation/queue')).body.items[0];
      assert.equal(item.moderation.email, undefined);
      assert.equal(item.moderation.address, undefined);
    });
  });
}
