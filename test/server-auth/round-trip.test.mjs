// Sign-in round trips against a real OpenID provider process (scripts/oidc-dev.mjs, on
// localhost) and a Fastify app with only the sign-in plugin (on 127.0.0.1): the plugin's
// routes, the provider's own login and consent forms, real HTTP in between.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { STATE_COOKIE } from '../../server/auth/index.mjs';
import { Browser, CLIENT, PAGE_ORIGIN, SECRET, callbackFor, freePort, popupMessage, startApp } from './support.mjs';

const PAGE = `${PAGE_ORIGIN}/post/networking?lang=en#comment-7`;

/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {Awaited<ReturnType<typeof startApp>>} */
let site;
let downIssuer = '';

before(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startOidcDevProcess({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUris: [callbackFor(base, 'dev'), callbackFor(base, 'gh')],
  });
  downIssuer = `http://localhost:${await freePort()}`;
  site = await startApp(
    {
      SIGN_IN_DEV_ISSUER: provider.issuer,
      SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
      SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
      SIGN_IN_DEV_LABEL: 'Dev provider',
      SIGN_IN_GH_PRESET: 'github',
      SIGN_IN_GH_CLIENT_ID: CLIENT.id,
      SIGN_IN_GH_CLIENT_SECRET: CLIENT.secret,
      SIGN_IN_GH_AUTHORIZATION_URL: `${provider.issuer}/auth`,
      SIGN_IN_GH_TOKEN_URL: `${provider.issuer}/token`,
      SIGN_IN_GH_PROFILE_URL: `${provider.issuer}/user`,
      SIGN_IN_DOWN_ISSUER: downIssuer,
      SIGN_IN_DOWN_CLIENT_ID: 'nobody',
      SIGN_IN_DOWN_CLIENT_SECRET: 'nothing',
      SECRET,
    },
    port,
  );
});

after(async () => {
  await site?.app.close();
  await provider?.stop();
});

/** @param {string} option @param {string} [mode] */
const startUrl = (option, mode = 'popup', returnTo = PAGE) =>
  `${site.base}/api/auth/${option}/start?${new URLSearchParams({ return_to: returnTo, mode })}`;

/**
 * Starts a sign-in and goes through the provider's login and consent pages; stops before
 * the callback when `stopAtCallback`, else follows it to the end.
 *
 * @param {Browser} browser
 * @param {string} option
 * @param {{ mode?: string, login?: string, consent?: 'allow' | 'deny', stopAtCallback?: boolean }} [how]
 */
async function signIn(browser, option, how = {}) {
  const callback = callbackFor(site.base, option);
  const stop = (/** @type {string} */ url) => (how.stopAtCallback && url.startsWith(callback)) || url.startsWith(PAGE_ORIGIN);
  const login = await browser.go(startUrl(option, how.mode), { stop });
  assert.ok(login.response, 'the login page');
  assert.ok(login.url.startsWith(provider.issuer), `at the provider: ${login.url}`);
  const loginHtml = await login.response.text();
  assert.match(loginHtml, /name="login"/);
  const consent = await browser.submit(login.url, loginHtml, { login: how.login ?? 'ada', password: 'any' }, { stop });
  assert.ok(consent.response);
  const consentHtml = await consent.response.text();
  assert.match(consentHtml, /name="prompt" value="consent"/, 'the consent page');
  if (how.consent === 'deny') {
    const cancel = /href="([^"]+)">\[ Cancel \]/.exec(consentHtml)?.[1];
    assert.ok(cancel, 'the Cancel link');
    return browser.go(new URL(cancel.replace(/&amp;/g, '&'), consent.url).href, { stop });
  }
  return browser.submit(consent.url, consentHtml, {}, { stop });
}

/** @param {{ response: Response | null }} end */
async function ending(end) {
  assert.ok(end.response, 'the sign-in ended on a page of the site');
  assert.equal(end.response.status, 200);
  return { message: popupMessage(await end.response.text()), response: end.response };
}

describe('sign-in through OpenID Connect (popup)', () => {
  test('the identity from the provider reaches onSignedIn; the opener gets ok, addressed to the page origin only', async () => {
    const before = site.signedIn.length;
    const browser = new Browser();
    const end = await signIn(browser, 'dev', { login: 'ada' });
    const { message, response } = await ending(end);
    assert.deepEqual(message.message, { type: 'comment-thread:sign-in', ok: true, optionId: 'dev' });
    assert.equal(message.origin, PAGE_ORIGIN);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'nonce-/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(site.signedIn.slice(before), [
      {
        optionId: 'dev',
        subject: 'ada',
        name: 'ada',
        avatarUrl: `${provider.issuer}/avatars/ada.png`,
        url: `${provider.issuer}/people/ada`,
      },
    ]);
    const siteCookies = browser.jar.get(new URL(site.base).host);
    assert.equal(siteCookies?.get('test_session'), 'dev:ada', 'the host set its session in onSignedIn');
    assert.equal(siteCookies?.has(STATE_COOKIE), false, 'the state cookie is spent');
  });

  test('full-page redirect: back to the same page and comment, with the result in the query', async () => {
    const browser = new Browser();
    const end = await signIn(browser, 'dev', { mode: 'redirect', login: 'grace' });
    assert.equal(end.response, null);
    const back = new URL(end.url);
    assert.equal(back.origin, PAGE_ORIGIN);
    assert.equal(back.pathname, '/post/networking');
    assert.equal(back.searchParams.get('ct-sign-in'), 'ok');
    assert.equal(back.searchParams.get('lang'), 'en');
    assert.equal(back.hash, '#comment-7');
    assert.equal(site.signedIn.at(-1)?.subject, 'grace');
  });
});

describe('failed sign-ins end with an error code and sign nobody in', () => {
  test('denied consent', async () => {
    const before = site.signedIn.length;
    const { message } = await ending(await signIn(new Browser(), 'dev', { consent: 'deny' }));
    assert.deepEqual(message.message, { type: 'comment-thread:sign-in', ok: false, optionId: 'dev', error: 'denied' });
    assert.equal(site.signedIn.length, before);
  });

  test('denied consent, full page: back to the page with the error', async () => {
    const end = await signIn(new Browser(), 'dev', { consent: 'deny', mode: 'redirect' });
    assert.equal(new URL(end.url).searchParams.get('ct-sign-in'), 'denied');
  });

  test('a wrong state', async () => {
    const before = site.signedIn.length;
    const browser = new Browser();
    const atCallback = await signIn(browser, 'dev', { stopAtCallback: true });
    const url = new URL(atCallback.url);
    assert.ok(url.searchParams.get('code'), 'the provider answered with a code');
    url.searchParams.set('state', 'forged-state');
    const { message } = await ending(await browser.go(url.href));
    assert.equal(message.message.error, 'state_mismatch');
    assert.equal(site.signedIn.length, before);
  });

  test('a replayed code: with the spent state cookie the provider refuses it, without it the site does', async () => {
    const before = site.signedIn.length;
    const browser = new Browser();
    const atCallback = await signIn(browser, 'dev', { stopAtCallback: true, login: 'replayer' });
    const stateCookie = browser.cookieHeader(site.base);
    const first = await ending(await browser.go(atCallback.url));
    assert.equal(first.message.message.ok, true);
    assert.equal(site.signedIn.length, before + 1);

    const replay = await fetch(atCallback.url, { headers: { cookie: stateCookie }, redirect: 'manual' });
    assert.equal(popupMessage(await replay.text()).message.error, 'exchange_failed');
    const again = await ending(await browser.go(atCallback.url));
    assert.equal(again.message.message.error, 'expired');
    assert.equal(again.message.origin, null, 'no page origin is trusted without the state cookie');
    assert.equal(site.signedIn.length, before + 1);
    assert.ok(site.failures.some((failure) => failure.code === 'exchange_failed' && /invalid_grant/.test(failure.detail)));
  });

  test('a state cookie signed with another key counts as none', async () => {
    const browser = new Browser();
    const atCallback = await signIn(browser, 'dev', { stopAtCallback: true });
    const cookies = /** @type {Map<string, string>} */ (browser.jar.get(new URL(site.base).host));
    const value = /** @type {string} */ (cookies.get(STATE_COOKIE));
    cookies.set(STATE_COOKIE, `${value.slice(0, value.lastIndexOf('.'))}.${'A'.repeat(43)}`);
    const { message } = await ending(await browser.go(atCallback.url));
    assert.equal(message.message.error, 'expired');
  });

  test('calling the callback without a round trip signs nobody in', async () => {
    const before = site.signedIn.length;
    const response = await fetch(`${callbackFor(site.base, 'dev')}?code=made-up&state=made-up`);
    assert.equal(popupMessage(await response.text()).message.error, 'expired');
    assert.equal(site.signedIn.length, before);
  });

  test('an unreachable provider', async () => {
    const browser = new Browser();
    const end = await browser.go(startUrl('down'), { stop: (url) => url.startsWith(downIssuer) });
    const { message } = await ending(end);
    assert.deepEqual(message.message, { type: 'comment-thread:sign-in', ok: false, optionId: 'down', error: 'provider_unreachable' });
    assert.equal(browser.jar.get(new URL(site.base).host)?.has(STATE_COOKIE) ?? false, false);
  });

  test('an unknown option', async () => {
    const { message } = await ending(await new Browser().go(startUrl('nosuch')));
    assert.equal(message.message.error, 'unknown_option');
  });

  test('no open redirect: a return_to on another site is refused before anything starts', async () => {
    for (const returnTo of ['https://evil.example/x', 'javascript:alert(1)', '//evil.example/', `${PAGE_ORIGIN}.evil.example/`]) {
      const response = await new Browser().request(startUrl('dev', 'redirect', returnTo));
      assert.equal(response.status, 400, returnTo);
      assert.equal(response.headers.get('location'), null);
      assert.equal(response.headers.getSetCookie().length, 0);
    }
  });

  test('onSignedIn throwing ends the sign-in as server_error, with nothing of the error shown', async () => {
    const before = site.signedIn.length;
    site.control.throwNext = true;
    const end = await signIn(new Browser(), 'dev');
    assert.ok(end.response);
    const html = await end.response.text();
    assert.equal(popupMessage(html).message.error, 'server_error');
    assert.doesNotMatch(html, /database|secret detail/);
    assert.equal(site.signedIn.length, before);
  });
});

describe('plain OAuth 2.0 preset (GitHub-shaped profile)', () => {
  test('github preset against the local provider: identity from /user', async () => {
    const before = site.signedIn.length;
    const { message } = await ending(await signIn(new Browser(), 'gh', { login: 'linus' }));
    assert.deepEqual(message.message, { type: 'comment-thread:sign-in', ok: true, optionId: 'gh' });
    const identity = site.signedIn.at(-1);
    assert.equal(site.signedIn.length, before + 1);
    assert.equal(identity?.optionId, 'gh');
    assert.match(identity?.subject ?? '', /^\d+$/, 'GitHub ids are numbers');
    assert.equal(identity?.name, 'linus');
    assert.equal(identity?.avatarUrl, `${provider.issuer}/avatars/linus.png`);
    assert.equal(identity?.url, `${provider.issuer}/people/linus`);
  });
});
