// Sign-in on the reference server in Chromium, end to end: server/index.mjs (a real process,
// configured by SIGN_IN_* variables) serving its demo page, a real OpenID provider process on
// localhost (scripts/oidc-dev.mjs), and the reader's side through the elements' accessible names
// only: sign in by popup and by full-page redirect, post as that identity (name and avatar stored
// with the comment), reload (still signed in), sign out (the old cookie names nobody and edits
// nothing). Denied consent, a wrong state, a replayed code and an unreachable provider each end
// in the localised error, with nothing posted and the draft kept.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumLaunchOptions } from '../../scripts/lib/chromium.mjs';
import { root } from '../../scripts/lib/suites.mjs';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { freePort, post, startServer } from '../server/processes.mjs';
import { CLIENT } from './support.mjs';
import { waits } from '../lib/waits.mjs';

const THREAD = 'the-myth-of-networking'; // demo/index.html's thread
const dataDir = mkdtempSync(join(tmpdir(), 'sign-in-browser-'));
/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('puppeteer-core').Browser} */
let browser;

before(async () => {
  assert.ok(existsSync(join(root, 'dist/comment-thread.js')), 'dist/ is built (npm run build)');
  const port = await freePort();
  provider = await startOidcDevProcess({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [`http://127.0.0.1:${port}/api/auth/dev/callback`] });
  server = await startServer(
    {
      DATA_DIR: dataDir,
      SIGN_IN_OPTIONS: 'dev,down',
      SIGN_IN_DEV_ISSUER: provider.issuer,
      SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
      SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
      SIGN_IN_DEV_LABEL: 'Dev',
      // An issuer nobody answers at: the provider is unreachable.
      SIGN_IN_DOWN_ISSUER: `http://localhost:${await freePort()}`,
      SIGN_IN_DOWN_CLIENT_ID: 'nobody',
      SIGN_IN_DOWN_CLIENT_SECRET: 'nothing',
      SIGN_IN_DOWN_LABEL: 'Down',
    },
    { port },
  );
  browser = await puppeteer.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  await server?.stop('SIGTERM');
  await provider?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const { poll, byName } = waits(15_000);

/** The page's visible text, shadow roots included. @param {import('puppeteer-core').Page} page */
const textOf = (page) =>
  page.evaluate(() => {
    /** @param {Node} node @returns {string} */
    const walk = (node) => {
      const own = node.nodeType === Node.TEXT_NODE ? node.textContent ?? '' : '';
      const shadow = node instanceof Element && node.shadowRoot ? walk(node.shadowRoot) : '';
      return own + shadow + [...node.childNodes].map(walk).join(' ');
    };
    return walk(document.body).replace(/\s+/g, ' ');
  });

/** @param {import('puppeteer-core').Page} page @param {RegExp} pattern @param {string} what */
const untilText = (page, pattern, what) => poll(async () => pattern.test(await textOf(page)), what);

/** The draft in the form's Comment field. @param {import('puppeteer-core').Page} page */
const draftOf = async (page) => (await byName(page, 'Comment')).evaluate((field) => /** @type {HTMLTextAreaElement} */ (field).value);

/** The provider's development pages: a name, any password, then Continue or [ Cancel ]. @param {import('puppeteer-core').Page} page */
async function atProvider(page, consent = 'allow', login = 'ada') {
  await page.waitForSelector('input[name="login"]');
  await page.type('input[name="login"]', login);
  await page.type('input[name="password"]', 'any');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.waitForSelector('input[name="prompt"][value="consent"]');
  if (consent === 'deny') await (await page.waitForSelector('xpath///a[contains(., "[ Cancel ]")]'))?.click();
  else await page.click('button[type="submit"]');
}

/** A fresh reader (own cookies) on the demo page with a typed draft. @param {{ popups?: boolean }} [how] */
async function reader({ popups = true } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  if (!popups) await page.evaluateOnNewDocument(() => (window.open = () => null));
  await page.goto(`${server.url}/#comments`);
  await (await byName(page, 'Comment')).type('A draft that must survive');
  return { context, page };
}

/** The thread's comments as the API has them. */
const stored = async () => (await (await fetch(`${server.url}/api/threads/${THREAD}/comments`)).json()).comments;

/** The reader's cookie for the API's site. @param {import('puppeteer-core').Page} page @param {string} name */
const cookie = async (page, name) => (await page.cookies(server.url)).find((entry) => entry.name === name)?.value;

/** Signs in by popup. @param {import('puppeteer-core').Page} page */
async function popupSignIn(page, login = 'ada', consent = 'allow', option = 'Dev') {
  const opened = new Promise((resolve) => page.once('popup', resolve));
  await (await byName(page, `Log in with ${option}`)).click();
  const popup = /** @type {import('puppeteer-core').Page} */ (await opened);
  if (option === 'Dev') await atProvider(popup, consent, login);
  await page.bringToFront();
  return popup;
}

describe('signing in on the reference server, in Chromium', () => {
  test('by popup: post as that identity, reload still signed in, sign out ends the session', async () => {
    const { context, page } = await reader();
    try {
      await popupSignIn(page, 'ada');
      await untilText(page, /You are commenting using your Dev account\./, 'signed in');
      assert.equal(await draftOf(page), 'A draft that must survive');
      await (await byName(page, 'Post Comment')).click();
      await poll(async () => (await stored()).some((/** @type {any} */ c) => c.body.includes('A draft that must survive')), 'the comment stored');
      const record = (await stored()).find((/** @type {any} */ c) => c.body.includes('A draft that must survive'));
      assert.deepEqual(record.author, { name: 'ada', url: `${provider.issuer}/people/ada`, avatarUrl: `${provider.issuer}/avatars/ada.png` });
      await untilText(page, /ada/, 'the comment shown under the name');
      const avatar = await page.evaluate(
        (id) => Boolean(document.querySelector('comment-thread')?.shadowRoot?.getElementById(`comment-${id}`)?.querySelector('[part~="avatar"]')),
        record.id,
      );
      assert.ok(avatar, 'an avatar (the element shows initials for another site’s image unless avatars="remote")');

      await page.reload();
      await untilText(page, /You are commenting using your Dev account\./, 'still signed in after a reload');
      const old = await cookie(page, 'ct_session');
      assert.ok(old);
      await (await byName(page, 'Log Out')).click();
      await byName(page, 'Log in with Dev');
      const identity = await (await fetch(`${server.url}/api/identity`, { headers: { cookie: `ct_session=${old}` } })).json();
      assert.equal(identity.identity, null, 'the old cookie names nobody');
      const edit = await fetch(`${server.url}/api/comments/${record.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', origin: server.url, cookie: `ct_session=${old}` },
        body: JSON.stringify({ body: 'hijacked' }),
      });
      assert.equal(edit.status, 403, 'and edits nothing');
    } finally {
      await context.close();
    }
  });

  test('by full-page redirect (popups blocked): back on the page signed in, the draft kept, the post is theirs', async () => {
    const { context, page } = await reader({ popups: false });
    try {
      await Promise.all([page.waitForNavigation(), (await byName(page, 'Log in with Dev')).click()]);
      await atProvider(page, 'allow', 'grace');
      await untilText(page, /You are commenting using your Dev account\./, 'signed in');
      assert.equal(await draftOf(page), 'A draft that must survive');
      await (await byName(page, 'Comment')).type(' (grace)');
      await (await byName(page, 'Post Comment')).click();
      await poll(async () => (await stored()).some((/** @type {any} */ c) => c.author.name === 'grace'), 'grace’s comment stored');
    } finally {
      await context.close();
    }
  });

  for (const how of ['popup', 'full-page redirect']) {
    test(`by ${how}: the reply form stays under the same comment with its draft, at the same scroll position`, async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      try {
        if (how !== 'popup') await page.evaluateOnNewDocument(() => (window.open = () => null));
        // More page after the thread (a blog's footer), so that the form's guest fields going away
        // at sign-in cannot pull the scroll position up.
        await page.evaluateOnNewDocument(() =>
          addEventListener('DOMContentLoaded', () => document.body.append(Object.assign(document.createElement('footer'), { style: 'block-size: 1500px' }))),
        );
        await post(server.url, THREAD, `A comment to answer (${how})`);
        // No fragment: a page that simply reloaded would open at its top.
        await page.goto(`${server.url}/`);
        // Reply to a guest's comment, type, and scroll the reply form to mid-screen.
        const replyTo = await byName(page, 'Reply to Tester');
        const parentId = await replyTo.evaluate((button) => button.closest('article')?.id);
        await replyTo.click();
        await (await byName(page, 'Comment')).type('A reply that must survive');
        const formAt = () =>
          page.evaluate(() => {
            const thread = document.querySelector('comment-thread');
            const form = thread?.shadowRoot?.querySelector('[part~="reply-form"]');
            return form ? { after: form.previousElementSibling?.id, top: Math.round(form.getBoundingClientRect().top) } : null;
          });
        await page.evaluate(() => {
          const form = document.querySelector('comment-thread')?.shadowRoot?.querySelector('[part~="reply-form"]');
          form?.scrollIntoView({ block: 'center' });
        });
        const before = await page.evaluate(() => Math.round(scrollY));
        assert.ok(before > 200, `scrolled down the page (${before})`);
        assert.deepEqual((await formAt())?.after, parentId);

        if (how === 'popup') await popupSignIn(page, 'hopper');
        else {
          await Promise.all([page.waitForNavigation(), (await byName(page, 'Log in with Dev')).click()]);
          await atProvider(page, 'allow', 'hopper');
        }
        await untilText(page, /You are commenting using your Dev account\./, 'signed in');
        await poll(async () => (await formAt())?.after === parentId, 'the reply form under the same comment').catch(async (error) => {
          throw new Error(`${error.message}: ${JSON.stringify(await formAt())} ${await page.evaluate(() => `${location.href} ${sessionStorage.getItem('comment-thread:return-point')}`)}`);
        });
        assert.equal(await draftOf(page), 'A reply that must survive');
        // Where it was, give or take the browser's scroll anchoring as the form changes (Chromium
        // moves a few pixels even where the page never leaves, in the popup case).
        let now = -1;
        await poll(async () => Math.abs((now = await page.evaluate(() => scrollY)) - before) <= 20, 'scrolled back').catch((error) => {
          throw new Error(`${error.message}: at ${now}, not ${before}`);
        });
        const onScreen = await page.evaluate(
          (id) => document.querySelector('comment-thread')?.shadowRoot?.getElementById(String(id))?.getBoundingClientRect().top,
          parentId,
        );
        assert.ok(onScreen !== undefined && onScreen > -400 && onScreen < 600, `the answered comment is on screen (${onScreen})`);
        assert.equal(new URL(page.url()).searchParams.has('ct-sign-in'), false, 'the result taken out of the address');

        await (await byName(page, 'Post Comment')).click();
        await poll(async () => (await stored()).some((/** @type {any} */ c) => c.body === 'A reply that must survive'), 'the reply stored');
        const reply = (await stored()).find((/** @type {any} */ c) => c.body === 'A reply that must survive');
        assert.equal(`comment-${reply.parentId}`, parentId, 'posted as a reply to that comment');
        assert.equal(reply.author.name, 'hopper');
      } finally {
        await context.close();
      }
    });
  }

  test('two threads on one page share one session: signed in through one, both are; the other posts as them; signed out in one, both are', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/`);
      // The page's own thread gives way to two declared ones (provider="rest", the same endpoint).
      await page.evaluate((api) => {
        document.getElementById('comments')?.remove();
        for (const id of ['first-of-two', 'second-of-two']) {
          const thread = document.createElement('comment-thread');
          thread.setAttribute('provider', 'rest');
          thread.setAttribute('endpoint', api);
          thread.setAttribute('thread-id', id);
          document.querySelector('main')?.append(thread);
        }
      }, `${server.url}/api`);
      const all = async (/** @type {string} */ name) => {
        /** @type {import('puppeteer-core').ElementHandle[]} */
        let found = [];
        await poll(async () => (found = await page.$$(`::-p-aria(${name})`)).length === 2, `two "${name}"`);
        return found;
      };
      const signedIn = async () => ((await textOf(page)).match(/You are commenting using your Dev account\./g) ?? []).length;
      await all('Log in with Dev');
      await popupSignIn(page, 'lovelace');
      await poll(async () => (await signedIn()) === 2, 'both threads signed in');

      const [, second] = await all('Comment');
      await second.type('Posted from the other thread');
      const [, post] = await all('Post Comment');
      await post.click();
      const inSecond = async () => (await (await fetch(`${server.url}/api/threads/second-of-two/comments`)).json()).comments;
      await poll(async () => (await inSecond()).length === 1, 'the comment stored in the second thread');
      assert.equal((await inSecond())[0].author.name, 'lovelace');

      const [, logOut] = await all('Log Out');
      await logOut.click();
      await all('Log in with Dev');
      await poll(async () => (await signedIn()) === 0, 'both threads signed out');
      assert.equal(await cookie(page, 'ct_session'), undefined, 'the session cookie is gone');
    } finally {
      await context.close();
    }
  });

  for (const failure of ['denied consent', 'a wrong state', 'a replayed code', 'an unreachable provider']) {
    test(`${failure}: the localised error, nothing posted, the draft kept`, async () => {
      const { context, page } = await reader({ popups: failure !== 'a wrong state' && failure !== 'a replayed code' });
      const before = (await stored()).length;
      try {
        let option = 'Dev';
        if (failure === 'denied consent') await popupSignIn(page, 'eve', 'deny');
        else if (failure === 'an unreachable provider') {
          option = 'Down';
          await popupSignIn(page, 'eve', 'allow', 'Down');
        } else {
          // Full page: the provider's answer is altered (state), or a spent one played again (code).
          /** @type {string[]} */
          const callbacks = [];
          /** @type {{ url: string, state: string } | null} */
          let replay = null;
          /** @type {string[]} */
          const results = [];
          page.on('response', (response) => {
            const location = response.headers().location;
            if (response.url().includes('/api/auth/dev/callback') && location) results.push(new URL(location).searchParams.get('ct-sign-in') ?? '');
          });
          await page.setRequestInterception(true);
          page.on('request', (request) => {
            const url = new URL(request.url());
            if (url.pathname !== '/api/auth/dev/callback') return request.continue();
            callbacks.push(url.href);
            if (failure === 'a wrong state') {
              url.searchParams.set('state', 'forged-state');
              return request.continue({ url: url.href });
            }
            // The second sign-in's answer swapped for the first one's, spent code and its own
            // state cookie: only the provider can refuse it now.
            if (replay) return request.continue({ url: replay.url, headers: { ...request.headers(), cookie: `ct_sign_in=${replay.state}` } });
            return request.continue();
          });
          await Promise.all([page.waitForNavigation(), (await byName(page, 'Log in with Dev')).click()]);
          const state = (await page.cookies(`${server.url}/api/auth/dev/callback`)).find((entry) => entry.name === 'ct_sign_in');
          await atProvider(page, 'allow', 'eve');
          if (failure === 'a replayed code') {
            assert.ok(state);
            await untilText(page, /You are commenting using your Dev account\./, 'the first, real sign-in');
            await (await byName(page, 'Log Out')).click();
            replay = { url: callbacks[0], state: state.value };
            // Signed in at the provider already: it answers at once, and that answer is swapped.
            await Promise.all([page.waitForNavigation(), (await byName(page, 'Log in with Dev')).click()]);
            await poll(async () => results.length > 1, 'the second answer');
            assert.deepEqual(results, ['ok', 'exchange_failed'], 'the provider refused the spent code');
          } else {
            await poll(async () => results.length > 0, 'the answer');
            assert.deepEqual(results, ['state_mismatch']);
          }
        }
        await untilText(page, new RegExp(`Couldn’t log in with ${option}\\.`), 'the localised error');
        await byName(page, `Log in with ${option}`);
        assert.equal(await draftOf(page), 'A draft that must survive');
        assert.doesNotMatch(await textOf(page), /You are commenting using your/);
        assert.equal((await stored()).length, before, 'nothing posted');
      } finally {
        await context.close();
      }
    });
  }
});
