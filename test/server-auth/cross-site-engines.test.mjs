// Sign-in and posting from a page on another site than the API, in Firefox and WebKit (which
// block or partition third-party cookies) and Chromium: the page on http://localhost:<port>
// (a small static server here), the reference server's API on http://127.0.0.1:<port> (a real
// process, CORS_ORIGINS listing the page), a real OpenID provider process. The page's
// RestProvider uses `session: 'token'`. Popups are blocked on the page, so the sign-in goes by
// full-page redirect: the provider's development forms are filled in the browser, the page comes
// back signed in with the draft kept, posts as that identity, and stays signed in on reload.
// Engines are driven through scripts/test-visual-engines.mjs (puppeteer for Chromium and
// Firefox, WebDriver for WebKit): every step is a script run in the page.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { root } from '../../scripts/lib/suites.mjs';
import { startOidcDevProcess } from '../../scripts/oidc-dev.mjs';
import { launchEngine } from '../../scripts/test-visual-engines.mjs';
import { freePort, startServer } from '../server/processes.mjs';
import { CLIENT } from './support.mjs';
import { waits } from '../lib/waits.mjs';

const ENGINES = (process.env.CROSS_SITE_ENGINES ?? 'firefox,webkit,chromium').split(',').filter(Boolean);
const dataDir = mkdtempSync(join(tmpdir(), 'sign-in-cross-site-'));
/** @type {Awaited<ReturnType<typeof startOidcDevProcess>>} */
let provider;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('node:http').Server} */
let pages;
let pageOrigin = '';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><main><h1>A post on another site</h1><comment-thread thread-id="THREAD"></comment-thread></main>
<script type="module">
  import '/dist/comment-thread.js';
  import { RestProvider } from '/dist/comment-thread-providers.js';
  // Popups blocked: the sign-in leaves the page and comes back.
  window.open = () => null;
  const api = new URLSearchParams(location.search).get('api');
  document.querySelector('comment-thread').provider = new RestProvider({ endpoint: api, session: 'token' });
</script></body></html>`;

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.json': 'application/json' };

before(async () => {
  assert.ok(existsSync(join(root, 'dist/comment-thread.js')), 'dist/ is built (npm run build)');
  // The page's server: /page (any thread, by query) and the built dist/, on every loopback address.
  pages = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/page') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(PAGE.replace('THREAD', (url.searchParams.get('thread') ?? 'cross').replace(/[^a-z0-9-]/g, '')));
    }
    const file = normalize(join(root, url.pathname));
    if (!file.startsWith(join(root, 'dist')) || !existsSync(file)) {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(200, { 'content-type': TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => pages.listen(0, resolve));
  pageOrigin = `http://localhost:${/** @type {import('node:net').AddressInfo} */ (pages.address()).port}`;
  const port = await freePort();
  provider = await startOidcDevProcess({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [`http://127.0.0.1:${port}/api/auth/dev/callback`] });
  server = await startServer(
    {
      DATA_DIR: dataDir,
      CORS_ORIGINS: pageOrigin,
      SIGN_IN_DEV_ISSUER: provider.issuer,
      SIGN_IN_DEV_CLIENT_ID: CLIENT.id,
      SIGN_IN_DEV_CLIENT_SECRET: CLIENT.secret,
      SIGN_IN_DEV_LABEL: 'Dev',
    },
    { port },
  );
});

after(async () => {
  await server?.stop('SIGTERM');
  await provider?.stop();
  await new Promise((resolve) => (pages ? pages.close(resolve) : resolve(undefined)));
  rmSync(dataDir, { recursive: true, force: true });
});

const { poll } = waits(30_000, 200);

/**
 * Runs in the page: what the reader sees and can do, through shadow roots. `action` is one of
 * `state`, `type`, `click`; buttons are found by their accessible name (aria-label or text).
 * @param {string} action @param {string} [name] @param {string} [text]
 */
function inPage(action, name, text) {
  /** @param {Node} node @returns {Element[]} */
  const all = (node) => {
    const found = [];
    const walk = (/** @type {Node} */ at) => {
      if (at instanceof Element) {
        found.push(at);
        if (at.shadowRoot) walk(at.shadowRoot);
      }
      for (const child of at.childNodes) walk(child);
    };
    walk(node);
    return found;
  };
  const elements = all(document.body);
  const textOf = () =>
    elements
      .filter((element) => !(element instanceof HTMLScriptElement))
      .map((element) => [...element.childNodes].filter((child) => child.nodeType === 3).map((child) => child.textContent).join(' '))
      .join(' ')
      .replace(/\s+/g, ' ');
  if (action === 'state') {
    const box = /** @type {HTMLTextAreaElement | undefined} */ (elements.find((element) => element instanceof HTMLTextAreaElement && element.closest('form')));
    return { href: location.href, text: textOf(), draft: box ? box.value : null };
  }
  if (action === 'type') {
    const box = /** @type {HTMLTextAreaElement | undefined} */ (elements.find((element) => element instanceof HTMLTextAreaElement && element.closest('form')));
    if (!box) return false;
    box.value = String(text);
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    return true;
  }
  const button = /** @type {HTMLButtonElement | undefined} */ (
    elements.find((element) => element instanceof HTMLButtonElement && (element.getAttribute('aria-label') ?? element.textContent?.trim()) === name && !element.disabled)
  );
  if (!button) return false;
  button.click();
  return true;
}

/** Runs at the provider: fills its development login form, or confirms its consent page. */
function atProvider(login) {
  const prompt = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="prompt"]'));
  // Each page's form is submitted once (a second submission would spend the interaction).
  if (!prompt || document.documentElement.dataset.submitted) return 'none';
  document.documentElement.dataset.submitted = 'yes';
  const form = /** @type {HTMLFormElement} */ (prompt.form);
  if (prompt.value === 'login') {
    /** @type {HTMLInputElement} */ (document.querySelector('input[name="login"]')).value = login;
    /** @type {HTMLInputElement} */ (document.querySelector('input[name="password"]')).value = 'any';
  }
  // Submitted a moment later, so the script's answer gets back before the page goes.
  setTimeout(() => form.submit(), 50);
  return prompt.value;
}

const stored = async (/** @type {string} */ thread) => (await (await fetch(`${server.url}/api/threads/${thread}/comments`)).json()).comments;

describe('a page on another site signs in and posts with a token session', { timeout: 600_000 }, () => {
  for (const engine of ENGINES) {
    test(`in ${engine}: full-page sign-in, draft kept, the post is theirs, still signed in after a reload`, { timeout: 240_000 }, async () => {
      const browser = await launchEngine(engine, {});
      const thread = `cross-${engine}`;
      const login = `reader-${engine}`;
      const pageUrl = `${pageOrigin}/page?${new URLSearchParams({ thread, api: `${server.url}/api` })}`;
      try {
        const page = await browser.open();
        await page.goto(pageUrl);
        /** @type {any} */
        let state;
        const seen = async (/** @type {(state: any) => boolean} */ check) => check((state = await page.evaluate(inPage, 'state')));
        await poll(() => page.evaluate(inPage, 'type', '', 'A draft from another site'), 'the form, to type a draft');
        await poll(() => seen((s) => s.draft === 'A draft from another site'), 'the draft typed');
        await poll(() => page.evaluate(inPage, 'click', 'Log in with Dev'), '"Log in with Dev"');
        // At the provider (its login form, then consent), then back.
        /** @type {string[]} */
        const steps = [];
        let href = '';
        await poll(async () => {
          href = await page.evaluate(() => location.href);
          if (href.startsWith(pageOrigin)) return steps.includes('consent');
          const step = await page.evaluate(atProvider, login);
          if (step !== 'none' && steps.at(-1) !== step) steps.push(step);
          return false;
        }, 'the round trip through the provider', 60_000).catch(async (error) => {
          const body = await page.evaluate(() => document.body?.innerText?.slice(0, 400)).catch(() => '');
          throw new Error(`${error.message}: at ${href} after ${steps.join(', ')}: ${body}`);
        });
        await poll(() => seen((s) => /You are commenting using your Dev account\./.test(s.text)), 'signed in on the page').catch((error) => {
          throw new Error(`${error.message}: ${JSON.stringify(state)?.slice(0, 600)}`);
        });
        assert.equal(state.draft, 'A draft from another site', 'the draft kept');
        assert.equal(new URL(state.href).searchParams.has('ct-ticket'), false, 'the ticket taken out of the address');
        assert.equal(new URL(state.href).searchParams.has('ct-sign-in'), false);

        await poll(() => page.evaluate(inPage, 'click', 'Post Comment'), '"Post Comment"');
        await poll(async () => (await stored(thread)).length === 1, 'the comment stored');
        const [record] = await stored(thread);
        assert.equal(record.body, 'A draft from another site');
        assert.deepEqual(record.author, { name: login, url: `${provider.issuer}/people/${login}`, avatarUrl: `${provider.issuer}/avatars/${login}.png` });

        await page.goto(pageUrl);
        await poll(() => seen((s) => /You are commenting using your Dev account\./.test(s.text)), 'still signed in after a reload');
        await poll(() => page.evaluate(inPage, 'click', 'Log Out'), '"Log Out"');
        await poll(() => seen((s) => !/You are commenting using/.test(s.text) && /click an icon to log in/.test(s.text)), 'signed out');
        await page.goto(pageUrl);
        await poll(() => seen((s) => /click an icon to log in/.test(s.text)), 'the page again');
        assert.doesNotMatch(state.text, /You are commenting using/, 'still signed out after a reload');
      } finally {
        await browser.close();
      }
    });
  }
});
