// A real WordPress 6.1, or 6.8 with WORDPRESS_VERSION=current (Debian's packages, MariaDB on a socket, php -S) for the WordPress tests,
// started by scripts/wordpress/wordpress.mjs. Needs scripts/wordpress/install-packages.sh first;
// without the packages start() fails with that instruction (the run is red, never skipped).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { assemblePlugin } from '../../../scripts/wordpress/package-plugin.mjs';
import { chromiumLaunchOptions } from '../../../scripts/lib/chromium.mjs';
import { startWordPress } from '../../../scripts/wordpress/wordpress.mjs';

export const name = 'wordpress';

/** The cookies a response sets, as name → value. */
function setCookies(response) {
  const cookies = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    const value = pair.slice(index + 1);
    if (value && value !== 'deleted') cookies[pair.slice(0, index)] = value;
  }
  return cookies;
}

const cookieHeader = (cookies = {}) =>
  Object.entries(cookies)
    .map(([key, value]) => `${key}=${value}`)
    .join('; ');

/**
 * Collects the page's layout shifts from its first moment (PerformanceObserver 'layout-shift'),
 * in window.__layoutShifts.
 */
function observeLayoutShifts() {
  window.__layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__layoutShifts.push({
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        time: entry.startTime,
        sources: (entry.sources ?? []).map((source) => source.node?.nodeName ?? '?'),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

export async function start() {
  // WORDPRESS_VERSION=current runs the same tests on Debian trixie's WordPress 6.8.
  const wp = await startWordPress({ log: (line) => console.log(`[wordpress] ${line}`), version: process.env.WORDPRESS_VERSION || 'debian' });
  /** A Chromium of its own, for what a test page cannot do: a top-level WordPress page, scripting off. */
  let browserPromise;
  const browser = () => (browserPromise ??= puppeteer.launch(chromiumLaunchOptions()));
  const info = {
    url: wp.url,
    restUrl: wp.restUrl,
    version: wp.version,
    posts: wp.posts,
    seedComments: wp.seedComments,
    users: wp.users,
    startMs: wp.startMs,
  };
  return {
    env: {
      WORDPRESS_URL: wp.url,
      WORDPRESS_REST_URL: wp.restUrl,
      WORDPRESS_INFO: JSON.stringify(info),
    },
    controls: {
      /** Activates or deactivates the comment-thread plugin: { active: boolean }. */
      plugin: async ({ active }) => {
        wp.admin('plugin', active ? 'on' : 'off');
        return { active };
      },
      /** Sets a WordPress option: { name, value }. */
      option: async ({ name: option, value }) => {
        wp.admin('option', option, value);
        return { [option]: value };
      },
      /**
       * Logs a user in through wp-login.php, as a browser does, and answers the login cookies
       * (WordPress sets them HttpOnly; the test hands them to the browser for 127.0.0.1).
       */
      login: async ({ user }) => {
        const account = wp.users[user];
        const body = new URLSearchParams({
          log: account.login,
          pwd: account.password,
          testcookie: '1',
          'wp-submit': 'Log In',
          redirect_to: `${wp.url}/`,
        });
        const response = await fetch(`${wp.url}/wp-login.php`, {
          method: 'POST',
          body,
          redirect: 'manual',
          headers: { cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
        });
        const cookies = setCookies(response);
        if (response.status !== 302 || !Object.keys(cookies).some((key) => key.startsWith('wordpress_logged_in_'))) {
          throw new Error(`login as ${user} failed: ${response.status}`);
        }
        return { cookies };
      },
      /** Plugins → Delete for comment-thread (uninstall.php runs, the files go). */
      uninstall: async () => {
        wp.admin('uninstall');
        return {};
      },
      /** What the plugin stored: { commentMeta, postMeta, option, pluginFiles }. */
      stored: async () => JSON.parse(wp.admin('stored')),
      /** The plugin's zip as `npm run package:wordpress-plugin` makes it, in the state folder: { path }. */
      pluginZip: async () => {
        const out = mkdtempSync(join(wp.stateDir, 'zip-'));
        assemblePlugin(join(out, 'comment-thread'));
        const zip = spawnSync('zip', ['-qr', 'comment-thread.zip', 'comment-thread'], { cwd: out });
        if (zip.error || zip.status !== 0) {
          spawnSync('python3', ['-m', 'zipfile', '-c', 'comment-thread.zip', 'comment-thread'], { cwd: out });
        }
        rmSync(join(out, 'comment-thread'), { recursive: true, force: true });
        return { path: join(out, 'comment-thread.zip') };
      },
      /**
       * What a zip holds: { files: paths inside it, sourceMaps: [file, the URL its
       * `sourceMappingURL` comment names] } (unpacked by Python's zipfile, as WordPress's own unzip would).
       */
      zipContents: async ({ path }) => {
        const out = mkdtempSync(join(wp.stateDir, 'unzip-'));
        try {
          const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', path, out]);
          if (unzip.status !== 0) throw new Error(`cannot unpack ${path}: ${unzip.stderr}`);
          const files = readdirSync(out, { recursive: true })
            .map(String)
            .filter((name) => statSync(join(out, name)).isFile())
            .sort();
          const sourceMaps = [];
          for (const file of files.filter((name) => /\.(js|css)$/.test(name))) {
            for (const match of readFileSync(join(out, file), 'utf8').matchAll(/[#@] sourceMappingURL=(\S+)/g)) sourceMaps.push([file, match[1]]);
          }
          return { files, sourceMaps };
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      },
      /** A front-end page's HTML as the theme renders it: { path, cookies? }. */
      page: async ({ path, cookies }) => {
        const response = await fetch(new URL(path, wp.url), {
          headers: cookies ? { cookie: cookieHeader(cookies) } : {},
        });
        return { status: response.status, html: await response.text() };
      },
      /**
       * Opens a WordPress page top-level in a fresh Chromium context, as a reader would:
       * { path, javaScript = true, cookies?, layoutShifts?, fill?: { selector: text }, upload?: { selector: file }, select?: { selector: value }, click?: [selector], submit?: selector,
       *   waitFor?: expression, settleMs?, evaluate?: expression }. Answers { status, headers, url, html, value,
       *   layoutShifts, requests } — `html` after the page settled (or after the submitted form's
       *   answer), `requests` every request the page made ("METHOD url").
       */
      browse: async ({ path, javaScript = true, cookies, layoutShifts, fill, upload, select, click, submit, waitFor, settleMs = 0, evaluate }) => {
        const context = await (await browser()).createBrowserContext();
        try {
          const page = await context.newPage();
          const requests = [];
          page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
          if (!javaScript) await page.setJavaScriptEnabled(false);
          if (layoutShifts) await page.evaluateOnNewDocument(observeLayoutShifts);
          if (cookies) {
            await context.setCookie(...Object.entries(cookies).map(([name, value]) => ({ name, value, domain: '127.0.0.1', path: '/' })));
          }
          let response = await page.goto(new URL(path, wp.url).href, { waitUntil: 'load', timeout: 30_000 });
          for (const [selector, text] of Object.entries(fill ?? {})) await page.type(selector, text);
          for (const [selector, file] of Object.entries(upload ?? {})) await (await page.$(selector)).uploadFile(file);
          for (const [selector, value] of Object.entries(select ?? {})) await page.select(selector, value);
          // Each waited for first (an element renders after its data arrives); `aria/Name[role="button"]`
          // finds a control by its accessible name, inside shadow roots too.
          for (const selector of click ?? []) {
            await page.waitForSelector(selector, { visible: true, timeout: 20_000 });
            await page.click(selector);
          }
          if (submit) {
            [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 }), page.click(submit)]);
          }
          if (waitFor) await page.waitForFunction(waitFor, { timeout: 20_000 });
          if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
          return {
            status: response?.status() ?? 0,
            headers: response?.headers() ?? {},
            url: page.url(),
            html: await page.content(),
            value: evaluate ? await page.evaluate(evaluate) : undefined,
            layoutShifts: layoutShifts ? await page.evaluate('window.__layoutShifts') : undefined,
            requests,
          };
        } finally {
          await context.close();
        }
      },
    },
    stop: async () => {
      if (browserPromise) await (await browserPromise).close().catch(() => {});
      await wp.stop();
    },
    stopSync: () => {
      void browserPromise?.then((instance) => instance.process()?.kill('SIGKILL'));
      wp.stopSync();
    },
  };
}
