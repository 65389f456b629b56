// The form's side of notifications in Chromium, against the reference server (in this process,
// serving dist/): "Notify me of new replies by email" is offered only when the server says it
// sends mail (ThreadInfo.notifications, from SMTP_URL), is reached and ticked by keyboard, and a
// guest's comment posted with it ticked is mailed a reply (smtp-server on loopback).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumLaunchOptions } from '../../scripts/lib/chromium.mjs';
import { root } from '../../scripts/lib/suites.mjs';
import { Reader, serverWith, startSmtp } from './support.mjs';
import { waits } from '../lib/waits.mjs';

const NOTIFY = 'Notify me of new replies by email';
const dataDir = mkdtempSync(join(tmpdir(), 'notify-form-'));
let n = 0;

/** A page with a thread, on the server that serves it. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post</title>
<script type="module" src="/dist/comment-thread.js"></script></head>
<body><main><h1>Post</h1><comment-thread provider="rest" endpoint="/api" thread-id="t"></comment-thread></main></body></html>`;

/** @type {import('../../server/app.mjs').ServerPlugin} */
const pagePlugin = async (app) => {
  app.get('/post', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
};

/** @type {import('puppeteer-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startSmtp>>} */
let smtp;
before(async () => {
  assert.ok(existsSync(join(root, 'dist/comment-thread.js')), 'dist/ is built (npm run build)');
  smtp = await startSmtp();
  browser = await puppeteer.launch(chromiumLaunchOptions());
});
after(async () => {
  await browser?.close();
  await smtp?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** @param {NodeJS.ProcessEnv} env */
async function siteWith(env) {
  const server = await serverWith({ SECRET: 'form-test-secret-of-more-than-32-characters', ...env }, { dataDir: join(dataDir, `db${++n}`) }, { pollMs: 100, staticRoot: root, plugins: [pagePlugin] });
  return server;
}

const { poll, byName } = waits(15_000);

/** Opens the page and waits for the real form (its Post Comment button). @param {string} base */
async function openForm(base) {
  const page = await browser.newPage();
  await page.goto(`${base}/post`);
  // The thread's stand-in box loads the form when used.
  await (await byName(page, 'Comment')).click();
  await byName(page, 'Post Comment');
  await poll(async () => Boolean(await page.$('pierce/input[name="email"]')), 'the guest fields');
  return page;
}

describe('"Notify me of new replies by email" in <comment-form>', () => {
  test('is not offered when the server sends no mail (no SMTP_URL)', async () => {
    const server = await siteWith({});
    try {
      const page = await openForm(server.base);
      assert.equal(await page.$(`::-p-aria(${NOTIFY})`), null);
      assert.equal(await page.$('pierce/input[name="notify"]'), null);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('is offered with SMTP_URL, ticked by keyboard, and a reply to the comment is mailed', async () => {
    const server = await siteWith({ SMTP_URL: smtp.url });
    // Email optional on this thread: the checkbox makes it needed.
    await server.store.setThread('t', { requiredGuestFields: ['name'] });
    try {
      const page = await openForm(server.base);
      const box = await byName(page, NOTIFY);
      assert.equal(await box.evaluate((el) => /** @type {HTMLInputElement} */ (el).type), 'checkbox');
      // Keyboard: from the "Save my name…" checkbox, Tab reaches it and Space ticks it.
      await (await byName(page, 'Save my name, email, and website in this browser for the next time I comment.')).focus();
      await page.keyboard.press('Tab');
      assert.equal(await box.evaluate((el) => el.getRootNode() instanceof ShadowRoot && /** @type {ShadowRoot} */ (el.getRootNode()).activeElement === el), true, 'Tab reaches it');
      await page.keyboard.press('Space');
      assert.equal(await box.evaluate((el) => /** @type {HTMLInputElement} */ (el).checked), true);
      // Asked without an email: the form says one is needed and sends nothing.
      await /** @type {import('puppeteer-core').ElementHandle} */ (await page.$('pierce/input[name="name"]')).type('Ann');
      await (await byName(page, 'Comment')).type('Tell me when someone answers');
      await (await byName(page, 'Post Comment')).click();
      await poll(
        async () => (await page.$eval('pierce/#email-error', (el) => el.textContent)) === 'An email address is needed to be told of replies.',
        'the localised message at the email field',
      );
      assert.equal(await page.$eval('pierce/input[name="email"]', (el) => el.getAttribute('aria-describedby')?.includes('email-error')), true);
      assert.equal(await server.store.countByBody('Tell me when someone answers'), 0);
      await /** @type {import('puppeteer-core').ElementHandle} */ (await page.$('pierce/input[name="email"]')).type('ann@example.com');
      await (await byName(page, 'Post Comment')).click();
      await poll(async () => (await server.store.countByBody('Tell me when someone answers')) === 1, 'the comment stored');
      const page1 = await new Reader(server.api, { name: 'x' }).call('GET', '/threads/t/comments');
      const posted = page1.body.comments.find((/** @type {{ body: string }} */ c) => c.body === 'Tell me when someone answers');
      assert.equal(await server.context.mail?.outbox.subscribed(posted.id, 'ann@example.com'), true);
      await new Reader(server.api, { name: 'Bob', email: 'bob@example.com' }).post('Here is an answer', { parentId: posted.id });
      const [mail] = await smtp.waitFor((m) => m.to.includes('ann@example.com'));
      assert.match(mail.text, /Here is an answer/);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
