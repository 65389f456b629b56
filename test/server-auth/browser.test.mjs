// The elements' side of sign-in, in Chromium: <login-picker provider="rest"> on a page of a
// Fastify site with the sign-in plugin, signing in at a real OpenID provider process on
// localhost, by popup and (popup blocked) by full-page redirect; denied consent in both.
// The site's /api/identity routes here are a stand-in for the reference server's sessions
// (the lead wires the plugin into server/app.mjs): a cookie naming the identity onSignedIn saw.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import puppeteer from 'puppeteer-core';
import { chromiumLaunchOptions } from '../../scripts/lib/chromium.mjs';
import { root } from '../../scripts/lib/suites.mjs';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { parseSignInConfig, publicOptions, signInPlugin } from '../../server/auth/index.mjs';
import { CLIENT, SECRET, callbackFor, freePort } from './support.mjs';
import { waits } from '../lib/waits.mjs';

/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {import('fastify').FastifyInstance} */
let site;
/** @type {import('puppeteer-core').Browser} */
let browser;
let base = '';

const PAGE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post</title>
<script type="module" src="/dist/comment-thread.js"></script></head>
<body><div style="height: 3000px">A long post</div><h2 id="comments">Comments</h2>
<login-picker provider="rest" endpoint="/api"></login-picker><div style="height: 2000px"></div></body></html>`;

const FORM_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post</title>
<script type="module" src="/dist/comment-thread.js"></script></head>
<body><comment-form provider="rest" endpoint="/api" thread-id="networking"></comment-form></body></html>`;

before(async () => {
  assert.ok(existsSync(join(root, 'dist/comment-thread.js')), 'dist/ is built (npm run build)');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startOidcDevProcess({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [callbackFor(base, 'dev')] });
  const config = parseSignInConfig({
    SIGN_IN_DEV_ISSUER: provider.issuer,
    SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
    SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
    SIGN_IN_DEV_LABEL: 'Dev',
    SECRET,
    PUBLIC_URL: base,
  });
  /** @type {Map<string, { optionId: string, name: string }>} stand-in sessions */
  const sessions = new Map();
  site = Fastify();
  await site.register(fastifyCookie);
  await site.register(fastifyStatic, { root: join(root, 'dist'), prefix: '/dist/' });
  await site.register(signInPlugin, {
    config,
    onSignedIn: async (_request, reply, identity) => {
      const id = crypto.randomUUID();
      sessions.set(id, { optionId: identity.optionId, name: identity.name });
      reply.setCookie('test_session', id, { path: '/', httpOnly: true, sameSite: 'lax' });
    },
  });
  site.get('/post', async (_request, reply) => reply.type('text/html').send(PAGE_HTML));
  site.get('/form', async (_request, reply) => reply.type('text/html').send(FORM_HTML));
  site.get('/api/threads/:id', async () => ({}));
  site.get('/api/identity/options', async () => publicOptions(config));
  site.get('/api/identity', async (request) => ({ identity: sessions.get(request.cookies.test_session ?? '') ?? null }));
  await site.listen({ port, host: '127.0.0.1' });
  browser = await puppeteer.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  await site?.close();
  await provider?.stop();
});

/** @param {import('puppeteer-core').Page} page */
async function optionButton(page) {
  const selector = 'login-picker >>> button[aria-label="Log in with Dev"]';
  await page.bringToFront();
  await poll(async () => Boolean(await page.$(selector)), 'the "Log in with Dev" button');
  return page.$(selector);
}

/**
 * The provider's development forms: any login, then Continue (or [ Cancel ]).
 *
 * @param {import('puppeteer-core').Page} page
 * @param {'allow' | 'deny'} consent
 */
async function atProvider(page, consent, login = 'ada') {
  await page.waitForSelector('input[name="login"]');
  await page.type('input[name="login"]', login);
  await page.type('input[name="password"]', 'any');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.waitForSelector('input[name="prompt"][value="consent"]');
  if (consent === 'deny') {
    const cancel = await page.waitForSelector('xpath///a[contains(., "[ Cancel ]")]');
    await cancel?.click();
  } else {
    await page.click('button[type="submit"]');
  }
}

// Polls rather than puppeteer's own waits, which stall on a page that was in the background.
const { poll } = waits(10_000);

/**
 * The text of a part of the picker, once it is there.
 *
 * @param {import('puppeteer-core').Page} page
 * @param {string} part
 */
async function pickerText(page, part) {
  /** @type {string | null} */
  let text = null;
  await poll(async () => {
    text = await page.evaluate((name) => document.querySelector('login-picker')?.shadowRoot?.querySelector(`[part~="${name}"]`)?.textContent ?? null, part);
    return text !== null;
  }, `the picker's ${part}`);
  return /** @type {string} */ (text);
}

async function newPage() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log('page error:', error.message));
  return { context, page };
}

describe('<login-picker> signs in through the browser', () => {
  test('by popup: the popup reports back and closes, the picker shows the identity', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(`${base}/post#comments`);
      const popupOpened = new Promise((resolve) => page.once('popup', resolve));
      await (await optionButton(page))?.click();
      const popup = /** @type {import('puppeteer-core').Page} */ (await popupOpened);
      assert.ok(popup.url().startsWith(provider.issuer) || popup.url().startsWith(base), popup.url());
      await atProvider(popup, 'allow', 'ada');
      assert.match(await pickerText(page, 'identity'), /ada/);
      assert.match(await pickerText(page, 'identity'), /You are commenting using your Dev account\./);
      await poll(async () => popup.isClosed(), 'the popup closes itself');
    } finally {
      await context.close();
    }
  });

  test('by popup, consent denied: "Couldn’t log in with Dev." and the choices again', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(`${base}/post`);
      const popupOpened = new Promise((resolve) => page.once('popup', resolve));
      await (await optionButton(page))?.click();
      await atProvider(/** @type {import('puppeteer-core').Page} */ (await popupOpened), 'deny');
      assert.match(await pickerText(page, 'error'), /Couldn’t log in with Dev\./);
      assert.ok(await page.$('login-picker >>> button[aria-label="Log in with Dev"]'), 'the picker is usable again');
      assert.equal(await page.$('login-picker >>> [part~="identity"]'), null);
    } finally {
      await context.close();
    }
  });

  test('popup blocked: a full-page sign-in comes back to the same place, result taken out of the address', async () => {
    const { context, page } = await newPage();
    try {
      await page.evaluateOnNewDocument(() => {
        window.open = () => null;
      });
      await page.goto(`${base}/post?lang=en#comments`);
      await optionButton(page);
      await page.evaluate(() => window.scrollTo(0, 2500));
      // A click from script keeps the scroll position (puppeteer's would scroll the button into view).
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate(() => document.querySelector('login-picker')?.shadowRoot?.querySelector('button[part~="option"]')?.click()),
      ]);
      assert.ok(page.url().startsWith(provider.issuer), page.url());
      await atProvider(page, 'allow', 'grace');
      assert.match(await pickerText(page, 'identity'), /grace/);
      const address = new URL(await page.evaluate(() => location.href));
      assert.equal(address.origin, base);
      assert.equal(address.search, '?lang=en', 'the result is taken out of the address');
      assert.equal(address.hash, '#comments');
      // Back where the reader was (the fragment alone would put #comments at the top); Chromium's
      // scroll anchoring may then move it a few pixels as the picker re-renders in view.
      await poll(async () => Math.abs((await page.evaluate(() => window.scrollY)) - 2500) <= 20, 'the scroll position is back');
    } finally {
      await context.close();
    }
  });

  test('popup blocked, consent denied: back on the page the picker says it failed', async () => {
    const { context, page } = await newPage();
    try {
      await page.evaluateOnNewDocument(() => {
        window.open = () => null;
      });
      await page.goto(`${base}/post`);
      await Promise.all([page.waitForNavigation(), (await optionButton(page))?.click()]);
      await atProvider(page, 'deny');
      assert.match(await pickerText(page, 'error'), /Couldn’t log in with Dev\./);
      assert.equal(new URL(await page.evaluate(() => location.href)).searchParams.has('ct-sign-in'), false);
    } finally {
      await context.close();
    }
  });

  for (const path of ['popup', 'full page']) {
    test(`<comment-form>: the typed draft survives a sign-in by ${path}`, async () => {
      const { context, page } = await newPage();
      try {
        if (path === 'full page') {
          await page.evaluateOnNewDocument(() => {
            window.open = () => null;
          });
        }
        await page.goto(`${base}/form`);
        const button = 'comment-form >>> login-picker >>> button[aria-label="Log in with Dev"]';
        await poll(async () => Boolean(await page.$(button)) && Boolean(await page.$('comment-form >>> textarea')), 'the form');
        await page.type('comment-form >>> textarea', 'Half a thought about networking');
        if (path === 'popup') {
          const popupOpened = new Promise((resolve) => page.once('popup', resolve));
          await page.click(button);
          await atProvider(/** @type {import('puppeteer-core').Page} */ (await popupOpened), 'allow', 'hedy');
          await page.bringToFront();
        } else {
          await Promise.all([page.waitForNavigation(), page.click(button)]);
          await atProvider(page, 'allow', 'hedy');
        }
        await poll(
          async () =>
            (await page.evaluate(
              () => document.querySelector('comment-form')?.shadowRoot?.querySelector('login-picker')?.shadowRoot?.querySelector('[part~="identity"]')?.textContent ?? '',
            )).includes('hedy'),
          'signed in as hedy',
        );
        const body = await page.evaluate(() => document.querySelector('comment-form')?.shadowRoot?.querySelector('textarea')?.value);
        assert.equal(body, 'Half a thought about networking');
      } finally {
        await context.close();
      }
    });
  }
});
