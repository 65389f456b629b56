// The reference server (server/index.mjs, a real process) configured by environment variables
// against a real OpenID provider process (scripts/oidc-dev.mjs on localhost): real round trips,
// then what the sessions and ownership rules promise — the option named without the round trip
// signs nobody in, the session id is rotated at sign-in and ended at sign-out (the old cookie
// names nobody and edits nothing), comments belong to the identity or a guest's author token,
// a reader who only reads gets no session, SITE_OWNERS, GUEST_COMMENTS=off, SECRET kept.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { freePort, startServer } from '../server/processes.mjs';
import { Browser, CLIENT } from './support.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'sign-in-server-'));
/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {Awaited<ReturnType<typeof startServer>>[]} */
const others = [];

const optionEnv = (/** @type {string} */ issuer) => ({
  SIGN_IN_DEV_ISSUER: issuer,
  SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
  SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
  SIGN_IN_DEV_LABEL: 'Local test account',
});

before(async () => {
  const port = await freePort();
  provider = await startOidcDevProcess({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [`http://127.0.0.1:${port}/api/auth/dev/callback`] });
  // No SECRET and no PUBLIC_URL: the server makes and keeps one, and follows its port.
  server = await startServer({ ...optionEnv(provider.issuer), DATA_DIR: join(dataDir, 'main'), SITE_OWNERS: 'dev:owner, github:1' }, { port });
});

after(async () => {
  for (const other of others) await other.stop('SIGTERM');
  await server?.stop('SIGTERM');
  await provider?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The server's cookies in a browser's jar, as a Cookie header. @param {Browser} browser */
const cookiesOf = (browser) => browser.cookieHeader(server.url);

/**
 * Signs in at the provider through the server's routes (full-page mode), as `login`.
 * @param {Browser} browser @param {string} login @returns {Promise<URL>} where it came back to
 */
async function signIn(browser, login, { consent = 'allow' } = {}) {
  const page = `${server.url}/post?x=1#comments`;
  const stop = (/** @type {string} */ url) => url.startsWith(`${server.url}/post`);
  const start = `${server.url}/api/auth/dev/start?${new URLSearchParams({ return_to: page, mode: 'redirect' })}`;
  const login1 = await browser.go(start, { stop });
  // Signed in at the provider already (its own session): straight back.
  if (!login1.response && consent === 'allow') return new URL(login1.url);
  assert.ok(login1.response && login1.url.startsWith(provider.issuer), `at the provider: ${login1.url}`);
  const consent1 = await browser.submit(login1.url, await login1.response.text(), { login, password: 'any' }, { stop });
  assert.ok(consent1.response);
  const html = await consent1.response.text();
  if (consent === 'deny') {
    const cancel = /href="([^"]+)">\[ Cancel \]/.exec(html)?.[1];
    assert.ok(cancel);
    return new URL((await browser.go(new URL(cancel.replace(/&amp;/g, '&'), consent1.url).href, { stop })).url);
  }
  return new URL((await browser.submit(consent1.url, html, {}, { stop })).url);
}

/** @param {string} cookie */
const identityWith = async (cookie) => (await (await fetch(`${server.url}/api/identity`, { headers: cookie ? { cookie } : {} })).json()).identity;

/**
 * @param {string} threadId @param {string} cookie @param {object} [body]
 * @returns {Promise<Response>}
 */
const postWith = (threadId, cookie, body = { parentId: null, body: 'Hello from Ada' }) =>
  fetch(`${server.url}/api/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}`, origin: server.url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

const patchWith = (/** @type {string} */ id, /** @type {string} */ cookie) =>
  fetch(`${server.url}/api/comments/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify({ body: 'edited' }),
  });

describe('the reference server with a configured OpenID Connect option', () => {
  test('offers the configured option (with the seed-less guest option) and keeps a SECRET in the data folder', async () => {
    const options = await (await fetch(`${server.url}/api/identity/options`)).json();
    assert.deepEqual(options, [
      { id: 'guest', label: 'Guest', kind: 'guest' },
      { id: 'dev', label: 'Local test account', kind: 'oauth', flow: 'redirect' },
    ]);
    const file = join(dataDir, 'main', 'secret');
    assert.ok(existsSync(file));
    assert.ok(readFileSync(file, 'utf8').trim().length >= 32);
  });

  test('naming the option to POST /identity/sign-in without the round trip signs nobody in', async () => {
    const response = await fetch(`${server.url}/api/identity/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ optionId: 'dev' }),
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.code, 'validation');
    assert.deepEqual(response.headers.getSetCookie(), []);
  });

  test('a round trip signs in; the comment is the identity’s (name and avatar stored); rotation and sign-out leave old cookies naming nobody', async () => {
    const browser = new Browser();
    const back = await signIn(browser, 'ada');
    assert.equal(back.searchParams.get('ct-sign-in'), 'ok');
    assert.equal(back.hash, '#comments');
    const first = cookiesOf(browser);
    assert.match(first, /ct_session=/);
    assert.deepEqual(await identityWith(first), {
      optionId: 'dev', name: 'ada', avatarUrl: `${provider.issuer}/avatars/ada.png`, url: `${provider.issuer}/people/ada`,
    });

    const created = await postWith('sign-in-thread', first);
    assert.equal(created.status, 201);
    const record = await created.json();
    assert.deepEqual(record.author, { name: 'ada', url: `${provider.issuer}/people/ada`, avatarUrl: `${provider.issuer}/avatars/ada.png` });
    assert.equal(record.viewerIsAuthor, true);
    assert.equal(record.author.isThreadOwner, undefined);
    assert.deepEqual(created.headers.getSetCookie(), [], 'no author token for a signed-in reader');
    const listed = await (await fetch(`${server.url}/api/threads/sign-in-thread/comments`, { headers: { cookie: first } })).json();
    assert.equal(listed.comments.find((/** @type {any} */ c) => c.id === record.id)?.author.avatarUrl, `${provider.issuer}/avatars/ada.png`);

    // Signing in again rotates the session: the old id names nobody and edits nothing.
    await signIn(browser, 'ada');
    const second = cookiesOf(browser);
    assert.notEqual(second, first);
    assert.equal(await identityWith(first), null);
    assert.equal((await patchWith(record.id, first)).status, 403);
    const edited = await patchWith(record.id, second);
    assert.equal(edited.status, 200, 'the same identity in a new session still owns it');

    // Sign-out ends the session.
    const out = await fetch(`${server.url}/api/identity/sign-out`, { method: 'POST', headers: { origin: server.url, cookie: second } });
    assert.equal(out.status, 204);
    assert.equal(await identityWith(second), null);
    assert.equal((await patchWith(record.id, second)).status, 403);

    // Back again later: the identity's comment is still theirs.
    const later = new Browser();
    await signIn(later, 'ada');
    assert.equal((await patchWith(record.id, cookiesOf(later))).status, 200);
    const other = new Browser();
    await signIn(other, 'bob');
    assert.equal((await patchWith(record.id, cookiesOf(other))).status, 403, 'another identity');
  });

  test('denied consent signs nobody in', async () => {
    const browser = new Browser();
    const back = await signIn(browser, 'eve', { consent: 'deny' });
    assert.equal(back.searchParams.get('ct-sign-in'), 'denied');
    assert.doesNotMatch(cookiesOf(browser), /ct_session=/);
  });

  test('SITE_OWNERS gives the thread-owner badge to that identity only', async () => {
    const browser = new Browser();
    await signIn(browser, 'owner');
    const record = await (await postWith('owner-thread', cookiesOf(browser))).json();
    assert.equal(record.author.isThreadOwner, true);
  });

  test('a guest’s comment belongs to their author token, not a session; a reader who only reads gets no session', async () => {
    const reading = await fetch(`${server.url}/api/threads/guest-thread/comments`);
    assert.deepEqual(reading.headers.getSetCookie(), []);
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/threads/guest-thread/events`, { signal: controller.signal });
    const streamCookies = stream.headers.getSetCookie();
    controller.abort();
    assert.equal(streamCookies.length, 1);
    assert.match(streamCookies[0], /^ct_author=[A-Za-z0-9_-]{43};/, 'the stream hands out an author token, no session');
    assert.match(streamCookies[0], /HttpOnly/);

    const guest = { parentId: null, body: 'Hi', guest: { name: 'Gus', email: 'gus@example.com' } };
    const created = await postWith('guest-thread', '', guest);
    assert.equal(created.status, 201);
    const set = created.headers.getSetCookie();
    assert.equal(set.length, 1);
    assert.match(set[0], /^ct_author=/);
    const token = set[0].split(';')[0];
    const record = await created.json();
    assert.equal((await patchWith(record.id, token)).status, 200);
    assert.equal((await patchWith(record.id, 'ct_author=' + 'x'.repeat(43))).status, 403);
    // Signing in and out keeps the guest's token and rights.
    const browser = new Browser();
    browser.jar.set(new URL(server.url).host, new Map([['ct_author', token.split('=')[1]]]));
    await signIn(browser, 'gus');
    await fetch(`${server.url}/api/identity/sign-out`, { method: 'POST', headers: { origin: server.url, cookie: cookiesOf(browser) } });
    assert.equal((await patchWith(record.id, token)).status, 200);
  });

  test('the cross-site guard lets the provider’s GET callback through and still refuses a cross-site write', async () => {
    const callback = await fetch(`${server.url}/api/auth/dev/callback?code=x&state=y`, {
      headers: { 'sec-fetch-site': 'cross-site' },
      redirect: 'manual',
    });
    assert.notEqual(callback.status, 403);
    assert.doesNotMatch(callback.headers.getSetCookie().join(), /ct_session=/);
    const write = await fetch(`${server.url}/api/identity/sign-out`, { method: 'POST', headers: { origin: provider.issuer } });
    assert.equal(write.status, 403);
  });
});

describe('settings', () => {
  test('GUEST_COMMENTS=off: no guest option, guest posts refused with a clear code, threads ask for a sign-in', async () => {
    const other = await startServer({ ...optionEnv(provider.issuer), DATA_DIR: join(dataDir, 'closed'), GUEST_COMMENTS: 'off', SECRET: 's'.repeat(40) });
    others.push(other);
    const options = await (await fetch(`${other.url}/api/identity/options`)).json();
    assert.deepEqual(options.map((/** @type {any} */ o) => o.id), ['dev']);
    const response = await fetch(`${other.url}/api/threads/t/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k', origin: other.url },
      body: JSON.stringify({ parentId: null, body: 'Hi', guest: { name: 'Gus', email: 'gus@example.com' } }),
    });
    assert.equal(response.status, 401);
    const { error: problem } = await response.json();
    assert.equal(problem.code, 'unauthorized');
    assert.match(problem.message, /Guest comments are turned off/);
    assert.equal((await (await fetch(`${other.url}/api/threads/t`)).json()).requiresSignIn, true);
  });

  test('without SIGN_IN_*: the seed\'s sign-ins (simulated: anyone as whoever they pick) only with SIMULATED_SIGN_IN=on; GUEST_COMMENTS=off alone does not start', async () => {
    const signIn = (/** @type {string} */ url, /** @type {string} */ optionId) =>
      fetch(`${url}/api/identity/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ optionId }) });
    const closed = await startServer({ DATA_DIR: join(dataDir, 'unsimulated'), SEED_FILE: 'demo/seed.json', SECRET: 's'.repeat(40) });
    others.push(closed);
    const offered = await (await fetch(`${closed.url}/api/identity/options`)).json();
    assert.deepEqual(offered.map((/** @type {any} */ o) => o.kind), ['guest'], 'only the guest option');
    const seeded = JSON.parse(readFileSync(new URL('../../demo/seed.json', import.meta.url), 'utf8')).identityOptions.find((/** @type {any} */ o) => o.kind === 'oauth');
    const refused = await signIn(closed.url, seeded.id);
    assert.equal(refused.status, 404);
    assert.equal(refused.headers.get('set-cookie'), null, 'no session');

    const open = await startServer({ DATA_DIR: join(dataDir, 'simulated'), SEED_FILE: 'demo/seed.json', SIMULATED_SIGN_IN: 'on', SECRET: 's'.repeat(40) });
    others.push(open);
    assert.ok((await (await fetch(`${open.url}/api/identity/options`)).json()).some((/** @type {any} */ o) => o.id === seeded.id));
    assert.equal((await signIn(open.url, seeded.id)).status, 200);

    await assert.rejects(
      startServer({ DATA_DIR: join(dataDir, 'nobody'), GUEST_COMMENTS: 'off', SECRET: 's'.repeat(40) }),
      /exited while starting:\nGUEST_COMMENTS=off needs a way to sign in/,
    );
  });

  test('an https PUBLIC_URL makes the cookies Secure', async () => {
    const other = await startServer({ DATA_DIR: join(dataDir, 'https'), PUBLIC_URL: 'https://comments.example' });
    others.push(other);
    const response = await fetch(`${other.url}/api/threads/t/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k', origin: other.url },
      body: JSON.stringify({ parentId: null, body: 'Hi', guest: { name: 'Gus', email: 'gus@example.com' } }),
    });
    assert.equal(response.status, 201);
    assert.match(response.headers.getSetCookie()[0], /; Secure/);
  });
});

describe('npm start (scripts/serve.mjs)', () => {
  test('runs the local OpenID provider as an option; PUBLIC_URL follows the port taken; a real round trip signs in', async () => {
    const { spawn } = await import('node:child_process');
    const env = { ...process.env, DATA_DIR: join(dataDir, 'start'), SEED_FILE: 'none', HOST: '127.0.0.1' };
    for (const name of Object.keys(env)) if (/^(PORT|PUBLIC_URL|SECRET|SIGN_IN_.*|DEV_SIGN_IN.*)$/.test(name)) delete env[name];
    const child = spawn(process.execPath, ['scripts/serve.mjs'], { cwd: new URL('../../', import.meta.url), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not started:\n${output}`)), 30_000);
        child.stdout.on('data', () => /The demo is running/.test(output) && (clearTimeout(timer), resolve(undefined)));
        child.once('exit', () => reject(new Error(`exited:\n${output}`)));
      });
      const base = /The demo is running: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      const issuer = /A local OpenID provider for development: (http:\/\/localhost:\d+)/.exec(output)?.[1];
      assert.ok(base && issuer, output);
      const options = await (await fetch(`${base}/api/identity/options`)).json();
      assert.deepEqual(options.at(-1), { id: 'dev', label: 'Local test account', kind: 'oauth', flow: 'redirect' });
      assert.ok(existsSync(join(dataDir, 'start', 'secret')), 'a SECRET made and kept in the data folder');
      // The round trip: the callback URL is built from the port actually taken.
      const browser = new Browser();
      const stop = (/** @type {string} */ url) => url.startsWith(`${base}/post`);
      const start = `${base}/api/auth/dev/start?${new URLSearchParams({ return_to: `${base}/post`, mode: 'redirect' })}`;
      const login = await browser.go(start, { stop });
      assert.ok(login.response && login.url.startsWith(issuer), login.url);
      const consent = await browser.submit(login.url, await login.response.text(), { login: 'Ada Lovelace', password: 'x' }, { stop });
      assert.ok(consent.response);
      const back = await browser.submit(consent.url, await consent.response.text(), {}, { stop });
      assert.equal(new URL(back.url).searchParams.get('ct-sign-in'), 'ok');
      const { identity } = await (await fetch(`${base}/api/identity`, { headers: { cookie: browser.cookieHeader(base) } })).json();
      assert.equal(identity.name, 'Ada Lovelace', 'the name typed at the provider is the display name');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
