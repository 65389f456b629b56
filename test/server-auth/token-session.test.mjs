// Token sessions for a page on another site (server/auth/ticket.mjs): the reference server
// (a real process) against a real OpenID provider process, the page's origin on localhost listed
// in CORS_ORIGINS while the API is on 127.0.0.1. A sign-in started with `session=token` comes
// back with a one-time ticket; POST /api/auth/token redeems it once for a bearer token that signs
// requests without any cookie; sign-out ends it. Without `session=token` no ticket is handed out.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueTicket, openTicket, TICKET_SECONDS } from '../../server/auth/ticket.mjs';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { freePort, startServer } from '../server/processes.mjs';
import { Browser, CLIENT } from './support.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'sign-in-token-'));
/** The embedding page: another site than the API (localhost vs 127.0.0.1). */
let pageOrigin = '';
/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;

before(async () => {
  const port = await freePort();
  pageOrigin = `http://localhost:${await freePort()}`;
  provider = await startOidcDevProcess({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [`http://127.0.0.1:${port}/api/auth/dev/callback`] });
  server = await startServer(
    {
      DATA_DIR: dataDir,
      CORS_ORIGINS: pageOrigin,
      SIGN_IN_DEV_ISSUER: provider.issuer,
      SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
      SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
    },
    { port },
  );
});

after(async () => {
  await server?.stop('SIGTERM');
  await provider?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A full-page sign-in from the page on the other site, as `login`; where it came back to.
 * @param {Browser} browser @param {string} login @param {Record<string, string>} [extra]
 */
async function signIn(browser, login, extra = { session: 'token' }) {
  const page = `${pageOrigin}/post#comments`;
  const stop = (/** @type {string} */ url) => url.startsWith(pageOrigin);
  const start = `${server.url}/api/auth/dev/start?${new URLSearchParams({ return_to: page, mode: 'redirect', ...extra })}`;
  const atProvider = await browser.go(start, { stop });
  if (!atProvider.response) return new URL(atProvider.url);
  const consent = await browser.submit(atProvider.url, await atProvider.response.text(), { login, password: 'any' }, { stop });
  assert.ok(consent.response);
  return new URL((await browser.submit(consent.url, await consent.response.text(), {}, { stop })).url);
}

/** A request of the page on the other site: its Origin, a bearer token, never a cookie. */
const fromPage = (/** @type {string} */ path, /** @type {{ method?: string, token?: string, body?: unknown }} */ { method = 'GET', token, body } = {}) =>
  fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      origin: pageOrigin,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' && path.includes('/comments') ? { 'idempotency-key': `k-${Math.random()}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const redeem = (/** @type {unknown} */ ticket) => fromPage('/auth/token', { method: 'POST', body: { ticket } });

describe('token sessions for a page on another site', () => {
  test('a ticket comes back with the result, is redeemed once for a bearer token that posts as the identity; sign-out ends it', async () => {
    const back = await signIn(new Browser(), 'tess');
    assert.equal(back.origin, pageOrigin);
    assert.equal(back.searchParams.get('ct-sign-in'), 'ok');
    assert.equal(back.hash, '#comments');
    const ticket = back.searchParams.get('ct-ticket');
    assert.ok(ticket, 'a ticket beside the result');

    const redeemed = await redeem(ticket);
    assert.equal(redeemed.status, 200);
    assert.equal(redeemed.headers.get('access-control-allow-origin'), pageOrigin);
    assert.equal(redeemed.headers.get('cache-control'), 'no-store');
    const { token, identity } = await redeemed.json();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(identity, { optionId: 'dev', name: 'tess', url: `${provider.issuer}/people/tess`, avatarUrl: `${provider.issuer}/avatars/tess.png` });
    assert.equal(redeemed.headers.getSetCookie().length, 0, 'no cookie: the token is the session');

    const again = await redeem(ticket);
    assert.equal(again.status, 401, 'a ticket works once');
    assert.equal((await again.json()).error.code, 'unauthorized');

    assert.deepEqual((await (await fromPage('/identity', { token })).json()).identity, identity);
    assert.equal((await (await fromPage('/identity')).json()).identity, null, 'without the token: nobody');

    const posted = await fromPage('/threads/token-thread/comments', { method: 'POST', token, body: { parentId: null, body: 'Posted with a token' } });
    assert.equal(posted.status, 201);
    const record = await posted.json();
    assert.equal(record.author.name, 'tess');
    assert.equal(record.viewerIsAuthor, true);
    const edited = await fromPage(`/comments/${record.id}`, { method: 'PATCH', token, body: { body: 'Edited with a token' } });
    assert.equal(edited.status, 200);

    const out = await fromPage('/identity/sign-out', { method: 'POST', token });
    assert.equal(out.status, 204);
    assert.equal((await (await fromPage('/identity', { token })).json()).identity, null, 'the old token names nobody');
    const after = await fromPage(`/comments/${record.id}`, { method: 'PATCH', token, body: { body: 'hijacked' } });
    assert.equal(after.status, 403, 'and edits nothing');
  });

  test('no ticket without session=token; forged, foreign or expired tickets redeem nothing', async () => {
    const back = await signIn(new Browser(), 'uma', {});
    assert.equal(back.searchParams.get('ct-sign-in'), 'ok');
    assert.equal(back.searchParams.has('ct-ticket'), false);
    for (const forged of [undefined, '', 'x'.repeat(60), issueTicket('another secret', 'a'.repeat(43)), { ticket: 1 }]) {
      const answer = await redeem(forged);
      assert.equal(answer.status, 401, JSON.stringify(forged));
    }
    const sealed = issueTicket('s3cret', 'session-id', 1_000);
    assert.equal(openTicket('s3cret', sealed, 1_000 + TICKET_SECONDS * 1000), 'session-id');
    assert.equal(openTicket('s3cret', sealed, 1_000 + TICKET_SECONDS * 1000 + 1), null, 'expired');
    assert.equal(openTicket('other', sealed, 1_000), null, 'another key');
    const tampered = Buffer.from(sealed, 'base64url');
    tampered[tampered.length - 1] ^= 1;
    assert.equal(openTicket('s3cret', tampered.toString('base64url'), 1_000), null, 'tampered');
  });

  test('CORS lets the listed page send Authorization; an unlisted site can neither redeem nor write with a token', async () => {
    const preflight = await fetch(`${server.url}/api/threads/t/comments`, {
      method: 'OPTIONS',
      headers: { origin: pageOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    const back = await signIn(new Browser(), 'vera');
    const evil = await fetch(`${server.url}/api/auth/token`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: back.searchParams.get('ct-ticket') }),
    });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });
});
