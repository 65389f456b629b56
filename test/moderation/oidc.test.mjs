// node --test test/moderation/oidc.test.mjs: a moderator signed in for real. The reference server
// (server/index.mjs, a process) with the demo's setting MODERATORS=dev:moderator (scripts/serve.mjs)
// and a real OpenID provider process (scripts/oidc-dev.mjs): signing in as "moderator" moderates,
// signing in as anyone else (or the same name through the guest form) does not.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { freePort, startServer } from '../server/processes.mjs';
import { Browser, CLIENT } from '../server-auth/support.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'moderation-oidc-'));
/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;

before(async () => {
  const port = await freePort();
  provider = await startOidcDevProcess({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [`http://127.0.0.1:${port}/api/auth/dev/callback`] });
  server = await startServer(
    {
      SIGN_IN_DEV_ISSUER: provider.issuer,
      SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
      SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
      DATA_DIR: dataDir,
      MODERATORS: 'dev:moderator',
      MODERATION: 'hold',
    },
    { port },
  );
});

after(async () => {
  await server?.stop('SIGTERM');
  await provider?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Signs in at the provider through the server's routes (full-page mode) as `login`. @param {Browser} browser @param {string} login */
async function signIn(browser, login) {
  const stop = (/** @type {string} */ url) => url.startsWith(`${server.url}/post`);
  const start = `${server.url}/api/auth/dev/start?${new URLSearchParams({ return_to: `${server.url}/post`, mode: 'redirect' })}`;
  const atLogin = await browser.go(start, { stop });
  assert.ok(atLogin.response && atLogin.url.startsWith(provider.issuer), `at the provider: ${atLogin.url}`);
  const atConsent = await browser.submit(atLogin.url, await atLogin.response.text(), { login, password: 'any' }, { stop });
  assert.ok(atConsent.response);
  await browser.submit(atConsent.url, await atConsent.response.text(), {}, { stop });
}

/** @param {Browser} browser @param {string} path @param {RequestInit} [init] */
const call = async (browser, path, init = {}) => {
  const response = await fetch(`${server.url}/api${path}`, {
    ...init,
    headers: { ...(init.headers ?? {}), cookie: browser.cookieHeader(server.url), origin: server.url },
  });
  return { status: response.status, body: await response.json() };
};

test('the account MODERATORS names moderates once signed in; another account and a guest of that name do not', async () => {
  const moderator = new Browser();
  await signIn(moderator, 'moderator');
  assert.equal((await call(moderator, '/identity')).body.identity.name, 'moderator');
  assert.deepEqual((await call(moderator, '/moderation/me')).body, { moderator: true });
  // A guest calling themselves "moderator" posts a held comment; the moderator approves it.
  const guest = await fetch(`${server.url}/api/threads/t/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'g1' },
    body: JSON.stringify({ parentId: null, body: 'Let me in', guest: { name: 'moderator', email: 'm@example.com' } }),
  });
  const held = await guest.json();
  assert.equal(held.status, 'pending');
  const queue = await call(moderator, '/moderation/queue');
  assert.deepEqual(queue.body.items.map((/** @type {{ id: string }} */ item) => item.id), [held.id]);
  const approved = await call(moderator, `/moderation/comments/${held.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'approve' }) });
  assert.equal(approved.body.status, 'approved');
  const log = await call(moderator, '/moderation/log');
  assert.equal(log.body.entries[0].actor, 'dev:moderator');

  const ada = new Browser();
  await signIn(ada, 'ada');
  assert.deepEqual((await call(ada, '/moderation/me')).body, { moderator: false });
  assert.equal((await call(ada, '/moderation/queue')).status, 403);
});
