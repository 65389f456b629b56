// provider="wordpress": "Log in" goes through WordPress's own login and back. A real WordPress
// (scripts/wordpress/wordpress.mjs: MariaDB, PHP, the plugin from this repository activated) and
// Chromium, through accessible names only: a reader types a reply to a comment, clicks the
// WordPress icon, logs in on wp-login.php, and is back on the same post with the reply form under
// the same comment and the draft kept, signed in as their account; the reply is posted as that
// account (its user id and display name).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumLaunchOptions } from '../../scripts/lib/chromium.mjs';
import { root } from '../../scripts/lib/suites.mjs';
import { startWordPress } from '../../scripts/wordpress/wordpress.mjs';
import { waits } from '../lib/waits.mjs';

/** @type {Awaited<ReturnType<typeof startWordPress>>} */
let wp;
/** @type {import('puppeteer-core').Browser} */
let browser;

before(async () => {
  assert.ok(existsSync(join(root, 'dist/comment-thread.js')), 'dist/ is built (npm run build)');
  wp = await startWordPress({ plugin: true });
  browser = await puppeteer.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  await wp?.stop();
});

const { poll, byName } = waits(20_000, 150);

/** The page's text, shadow roots included. @param {import('puppeteer-core').Page} page */
const textOf = (page) =>
  page.evaluate(() => {
    /** @param {Node} node @returns {string} */
    const walk = (node) =>
      (node.nodeType === Node.TEXT_NODE ? node.textContent ?? '' : '') +
      (node instanceof Element && node.shadowRoot ? walk(node.shadowRoot) : '') +
      [...node.childNodes].map(walk).join(' ');
    return walk(document.body).replace(/\s+/g, ' ');
  });

/** Where the reply form is: after which comment's article. @param {import('puppeteer-core').Page} page */
const replyFormAfter = (page) =>
  page.evaluate(() => document.querySelector('comment-thread')?.shadowRoot?.querySelector('[part~="reply-form"]')?.previousElementSibling?.id ?? null);

describe('provider="wordpress": logging in through WordPress and back', () => {
  test('wp-login.php and back to the same comment: reply form and draft kept, the reply posted as the account', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    try {
      await page.goto(`${wp.url}/?p=${wp.posts.myth}`);
      const postUrl = page.url(); // the permalink
      const replyButton = await byName(page, 'Reply to Liz');
      const parentArticle = await replyButton.evaluate((button) => button.closest('article')?.id ?? null);
      await replyButton.click();
      await (await byName(page, 'Comment')).type('A reply typed before logging in');
      await poll(async () => (await replyFormAfter(page)) === parentArticle, 'the reply form under the comment');

      // The option is named after the site (the plugin's login-label).
      const site = (await (await fetch(`${wp.url}/?rest_route=/`)).json()).name;
      const option = await byName(page, `Log in with ${site}`);
      await Promise.all([page.waitForNavigation(), option.click()]);
      assert.match(page.url(), /wp-login\.php/);
      assert.ok(new URL(page.url()).searchParams.get('redirect_to')?.startsWith(wp.url), 'redirect_to back to the site');
      // wp-login.php focuses and selects #user_login 200 ms after load (wp_attempt_focus): typing
      // through that moment replaces the name typed so far. Fill the fields as a password manager does.
      await page.$eval('#user_login', (input, value) => void ((/** @type {HTMLInputElement} */ (input)).value = value), wp.users.reader.login);
      await page.$eval('#user_pass', (input, value) => void ((/** @type {HTMLInputElement} */ (input)).value = value), wp.users.reader.password);
      await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('ct-sign-in'), 'wordpress', `back from the login: ${back.href}`);
      back.searchParams.delete('ct-sign-in');
      assert.equal(back.href, postUrl, 'on the same post');
      await poll(async () => !new URL(page.url()).searchParams.has('ct-sign-in'), 'the mark taken out of the address');

      await poll(async () => (await textOf(page)).includes(`You are commenting using your ${site} account.`), 'logged in on the page');
      await poll(async () => (await replyFormAfter(page)) === parentArticle, 'the reply form under the same comment again');
      const draft = await (await byName(page, 'Comment')).evaluate((field) => /** @type {HTMLTextAreaElement} */ (field).value);
      assert.equal(draft, 'A reply typed before logging in');

      await (await byName(page, 'Post Comment')).click();
      /** @type {any[]} */
      let comments = [];
      await poll(async () => {
        // Held for moderation (a first comment of this account): read as the administrator.
        const { login, appPassword } = wp.users.admin;
        const response = await fetch(`${wp.url}/?rest_route=/wp/v2/comments&post=${wp.posts.myth}&per_page=100&status=any&context=edit`, {
          headers: { authorization: `Basic ${Buffer.from(`${login}:${appPassword}`).toString('base64')}` },
        });
        comments = (await response.json()).filter((/** @type {any} */ c) => (c.content?.raw ?? '').includes('A reply typed before logging in'));
        return comments.length === 1;
      }, 'the reply stored in WordPress').catch(async (error) => {
        const thread = await page.evaluate(() => {
          /** @param {Node} node @returns {string} */
          const walk = (node) => (node.nodeType === 3 ? node.textContent ?? '' : '') + (node instanceof Element && node.shadowRoot ? walk(node.shadowRoot) : '') + [...node.childNodes].map(walk).join(' ');
          const element = document.querySelector('comment-thread');
          return element?.shadowRoot ? walk(element.shadowRoot).replace(/\s+/g, ' ') : '';
        });
        const all = await (await fetch(`${wp.url}/?rest_route=/wp/v2/comments&post=${wp.posts.myth}&per_page=100`)).json();
        throw new Error(`${error.message}: ${thread.slice(-600)} ${JSON.stringify(all.map((c) => [c.id, c.author, c.content?.rendered?.slice(0, 40)]))}`);
      });
      assert.equal(comments[0].author, wp.users.reader.id, 'as the reader’s account');
      assert.equal(`comment-${comments[0].parent}`, parentArticle, 'under the same comment');
    } finally {
      await context.close();
    }
  });
});
