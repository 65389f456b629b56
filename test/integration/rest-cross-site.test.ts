// Writing across sites: CORS answers only the server's own origin and those in CORS_ORIGINS,
// and every cookie-carrying write from another site is refused (Origin / Sec-Fetch-Site), with
// `forbidden` and a message that says why. A real page of another site (http://localhost:…,
// while the API is on 127.0.0.1) tries every write in Chromium; raw requests forge the headers.
import { expect } from '@open-wc/testing';
import type { CommentRecord } from '../../src/types.js';
import { control, integrationEnv } from './env.js';

let api: string;
let base: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const guest = { name: 'Cora Cross', email: 'cora@example.com' };
/** Listed in the test server's CORS_ORIGINS (test/integration/services/rest-server.mjs). */
const LISTED = 'https://listed.example';

interface Answer {
  status: number;
  body: any;
  headers: Record<string, string>;
}

before(async () => {
  const env = await integrationEnv();
  api = env.REST_API;
  base = env.REST_URL;
});

/** A request of reader B (their own cookie) with the given headers. */
const raw = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  control<Answer>('rest-server', 'as', { reader: 'cross-site-victim', path, ...init });

/** Every write a reader can make, on a comment of reader B's own, with these headers. */
async function everyWrite(headers: Record<string, string>, threadId: string, id: string): Promise<Record<string, Answer>> {
  return {
    post: await raw(`/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': unique('k') },
      body: { parentId: null, body: 'Cross-site text', guest },
    }),
    edit: await raw(`/comments/${id}`, { method: 'PATCH', headers, body: { body: 'Cross-site text' } }),
    react: await raw(`/comments/${id}/reactions`, { method: 'POST', headers, body: { reaction: 'like' } }),
    report: await raw(`/comments/${id}/reports`, { method: 'POST', headers, body: { reason: 'Cross-site text' } }),
    'sign-in': await raw('/identity/sign-in', { method: 'POST', headers, body: { optionId: 'wordpress' } }),
    'sign-out': await raw('/identity/sign-out', { method: 'POST', headers }),
    delete: await raw(`/comments/${id}`, { method: 'DELETE', headers }),
  };
}

async function ownComment(threadId: string): Promise<CommentRecord> {
  const answer = await raw(`/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { 'idempotency-key': unique('k') },
    body: { parentId: null, body: unique('Mine'), guest },
  });
  expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
  return answer.body;
}

describe('reference server: writes from another site', () => {
  it('refuses every write with a forged Origin, Origin: null or Sec-Fetch-Site: cross-site: 403 forbidden, saying why', async () => {
    const threadId = unique('forged');
    const mine = await ownComment(threadId);
    const forged: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'http://127.0.0.1.evil.example' }];
    for (const headers of forged) {
      const answers = await everyWrite(headers, threadId, mine.id);
      for (const [name, answer] of Object.entries(answers)) {
        expect(answer.status, `${name} with ${JSON.stringify(headers)}: ${JSON.stringify(answer.body)}`).to.equal(403);
        expect(Object.keys(answer.body)).to.deep.equal(['error']);
        expect(answer.body.error.code).to.equal('forbidden');
        expect(answer.body.error.message).to.contain('another site');
        expect(answer.headers['access-control-allow-origin']).to.equal(undefined);
      }
    }
    const list = await raw(`/threads/${threadId}/comments`);
    expect(list.body.comments.map((record: CommentRecord) => [record.id, record.body, record.reactions])).to.deep.equal([
      [mine.id, mine.body, undefined],
    ]);
    expect(await control<number>('rest-server', 'reports', { id: mine.id })).to.equal(0);
    expect(await control<number>('rest-server', 'count', { body: 'Cross-site text' })).to.equal(0);
  });

  it('accepts writes from its own origin, a listed origin, and clients that are no browser page', async () => {
    const threadId = unique('allowed');
    const allowed: Record<string, string>[] = [{ origin: base }, { origin: LISTED }, { 'sec-fetch-site': 'same-origin' }, {}];
    for (const headers of allowed) {
      const mine = await ownComment(threadId);
      const answers = await everyWrite(headers, threadId, mine.id);
      expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status])), JSON.stringify(headers)).to.deep.equal({
        post: 201,
        edit: 200,
        react: 200,
        report: 204,
        'sign-in': 200,
        'sign-out': 204,
        delete: 204,
      });
    }
  });

  it('CORS: credentials for listed origins only; any other origin gets no CORS headers at all', async () => {
    const listed = await raw('/threads/the-myth-of-networking/comments', { headers: { origin: LISTED } });
    expect(listed.headers['access-control-allow-origin']).to.equal(LISTED);
    expect(listed.headers['access-control-allow-credentials']).to.equal('true');
    const page = await raw('/threads/the-myth-of-networking/comments', { headers: { origin: location.origin } });
    expect(page.headers['access-control-allow-origin']).to.equal(location.origin);
    for (const origin of ['https://evil.example', 'null', `http://localhost:${location.port}`]) {
      const read = await raw('/threads/the-myth-of-networking/comments', { headers: { origin } });
      expect(read.status).to.equal(200);
      expect(read.headers['access-control-allow-origin'], origin).to.equal(undefined);
      expect(read.headers['access-control-allow-credentials'], origin).to.equal(undefined);
      const preflight = await raw('/threads/x/comments', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.headers['access-control-allow-origin'], origin).to.equal(undefined);
    }
  });

  it('by default (no CORS_ORIGINS) answers its own origin only: no CORS headers and no writes for others', async () => {
    const answer = await control<{ read: Record<string, string>; post: { status: number; body: any }; same: number; control: number }>('rest-server', 'defaults', {
      origin: location.origin,
    });
    expect(answer.read['access-control-allow-origin']).to.equal(undefined);
    expect(answer.read['access-control-allow-credentials']).to.equal(undefined);
    expect(answer.post.status).to.equal(403);
    expect(answer.post.body.error.code).to.equal('forbidden');
    expect(answer.same).to.equal(201);
    // The production entry has no test controls at all.
    expect(answer.control).to.equal(404);
  });

  it('a page of another site in Chromium can post, edit, delete, react or report nothing', async () => {
    // A comment of this page's reader, whom the other site attacks.
    const threadId = unique('csrf');
    const response = await fetch(`${api}/threads/${threadId}/comments`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', 'idempotency-key': unique('k') },
      body: JSON.stringify({ parentId: null, body: 'The victim wrote this', guest }),
    });
    expect(response.status).to.equal(201);
    const victim = (await response.json()) as CommentRecord;
    const attack = unique('Cross-site attack');
    const frame = document.createElement('iframe');
    const otherSite = `http://localhost:${location.port}`;
    frame.src = `${otherSite}/test/integration/pages/cross-site.html?${new URLSearchParams({ api, id: victim.id, thread: threadId, body: attack })}`;
    const report = new Promise<{ crossSite: Record<string, { status?: number; blocked?: string; sent?: boolean }>; origin: string }>((resolve) =>
      window.addEventListener('message', function onMessage(event) {
        if (event.data?.crossSite) {
          window.removeEventListener('message', onMessage);
          resolve(event.data);
        }
      }),
    );
    document.body.append(frame);
    try {
      const { crossSite, origin } = await report;
      expect(origin).to.equal(otherSite);
      // The browser blocks the CORS requests (no CORS headers for that origin)…
      for (const name of ['post', 'edit', 'delete', 'react', 'report']) {
        expect(crossSite[name], name).to.have.property('blocked');
      }
      // …and the simple ones it sends reach a server that refuses them.
      expect(crossSite['post (no-cors)']).to.deep.equal({ sent: true });
    } finally {
      frame.remove();
    }
    const list = await (await fetch(`${api}/threads/${threadId}/comments`, { credentials: 'include' })).json();
    expect(list.comments.map((record: CommentRecord) => [record.id, record.body, record.reactions, record.editedAt])).to.deep.equal([
      [victim.id, 'The victim wrote this', undefined, undefined],
    ]);
    expect(await control<number>('rest-server', 'reports', { id: victim.id })).to.equal(0);
    expect(await control<number>('rest-server', 'count', { body: attack })).to.equal(0);
  });
});
