// The browser checks of examples/static-site (run by scripts/test-examples.mjs): a page whose
// thread was rendered at build time shows its comments in the HTML source and without JavaScript,
// the element adopts that markup (the same nodes, no warning), and posting works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATIC_SITE_CHECKS = 5;

/**
 * @param {{ browser: import('puppeteer-core').Browser, url: string, dist: string,
 *   fixture: { comments: { body: string }[], expected: { header: string } },
 *   check: (label: string, body: () => Promise<void>) => Promise<boolean> }} options
 */
export async function checkStaticSite({ browser, url, dist, fixture, check }) {
  const deep = (selector) => `comment-thread >>> ${selector}`;
  const squash = (text) => text.replace(/\s+/g, '');

  await check('the built HTML holds every comment, in declarative shadow DOM', async () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    if (!/<comment-thread[^>]*>\s*<template shadowroot="open" shadowrootmode="open">/.test(html)) {
      throw new Error('no declarative shadow root in <comment-thread>');
    }
    // The rendered markup only, not the embedded JSON page.
    const text = squash(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]*>/g, ''));
    if (!text.includes(squash(fixture.expected.header))) throw new Error(`"${fixture.expected.header}" is not in the HTML`);
    for (const comment of fixture.comments) {
      const first = comment.body.split('\n\n')[0];
      if (!text.includes(squash(first))) throw new Error(`"${first.slice(0, 40)}…" is not in the HTML`);
    }
  });

  const context = await browser.createBrowserContext();
  const problems = [];
  try {
    const noScript = await context.newPage();
    await noScript.setJavaScriptEnabled(false);
    await noScript.goto(url);
    await check('without JavaScript the page shows the comments', async () => {
      const shown = await noScript.evaluate(() => {
        const root = document.querySelector('comment-thread')?.shadowRoot;
        const articles = [...(root?.querySelectorAll('article') ?? [])];
        return { count: articles.length, height: articles[0]?.getBoundingClientRect().height ?? 0, defined: Boolean(customElements.get('comment-thread')) };
      });
      if (shown.defined) throw new Error('the element was defined with JavaScript off');
      if (shown.count !== fixture.comments.length || shown.height < 20) throw new Error(`${shown.count} comments shown, the first ${shown.height}px high`);
    });
    await noScript.close();

    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    // Once the page is parsed, before its module script runs: remember the server's nodes.
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return;
        const root = document.querySelector('comment-thread')?.shadowRoot;
        window.__server = {
          defined: Boolean(customElements.get('comment-thread')),
          nodes: [...(root?.querySelectorAll('h2, article, [part~="body"]') ?? [])],
        };
      });
    });
    await page.goto(url);
    await check('the element adopts the built markup: the same nodes, no warning', async () => {
      await page.waitForFunction(() => document.querySelector('comment-thread')?.shadowRoot?.querySelector('[part~="form"] comment-form'), { timeout: 15_000 });
      const adopted = await page.evaluate(() => {
        const root = document.querySelector('comment-thread').shadowRoot;
        const now = [...root.querySelectorAll('h2, article, [part~="body"]')];
        const before = window.__server;
        return { definedBefore: before.defined, count: before.nodes.length, same: before.nodes.every((node, index) => node === now[index]) && now.length === before.nodes.length };
      });
      if (adopted.definedBefore) throw new Error('the element was defined before the page was parsed');
      if (adopted.count < fixture.comments.length * 2) throw new Error(`only ${adopted.count} server nodes found`);
      if (!adopted.same) throw new Error('the element replaced the built markup instead of adopting it');
      if (problems.length) throw new Error(problems.join('\n'));
    });
    await check('posting a reply works after the takeover', async () => {
      await page.locator(deep('#comment-c1 [part~="reply-button"]')).click();
      await page.locator(deep('input[name="name"]')).fill('Static Reader');
      await page.locator(deep('input[name="email"]')).fill('reader@example.com');
      await page.locator(deep('textarea[name="body"]')).fill('A reply on the static page.');
      await page.locator(deep('[part~="submit"]')).click();
      await page.waitForFunction(
        () => {
          const root = document.querySelector('comment-thread').shadowRoot;
          const reply = [...root.querySelectorAll('article')].find((article) => article.textContent?.includes('A reply on the static page.'));
          return reply?.closest('li')?.parentElement?.closest('li')?.querySelector('article')?.id === 'comment-c1';
        },
        { timeout: 15_000 },
      );
      const title = await page.$eval(deep('h2'), (element) => element.textContent?.trim());
      if (!title?.startsWith('6 thoughts')) throw new Error(`header says "${title}" after posting`);
    });
    await check('no errors on the page', async () => {
      if (problems.length) throw new Error(problems.join('\n'));
    });
  } finally {
    await context.close();
  }
}
