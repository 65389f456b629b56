import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { defaultReporter } from '@web/test-runner';
import { unsafeVariants } from './test/security/unsafe/plugin.mjs';
// GET /__ssr/thread and /__ssr/page: server rendering for test/ssr*.test.ts.
import { ssrMiddleware } from './test/ssr/middleware.mjs';

import { CHROMIUM_ARGS as args, CHROME_PATH as executablePath } from './scripts/lib/chromium.mjs';

/**
 * For test/bundle.test.ts: the form's chunk (dist/chunks/comment-form-*.js) is never cached, and
 * while the page's cookie `hold-form-chunk=TOKEN` is set it is held until GET
 * /__release-form-chunk?token=TOKEN, so a test can act before the chunk arrives. The token keys
 * the hold: other test files (their own browser contexts, no cookie) are not affected.
 * For test/bundle-dialogs-chunk.test.ts: /__fresh/TOKEN/dist/… is dist/… at addresses of the
 * test's own (so nothing an earlier test file loaded comes from a cache), and the comment dialogs'
 * chunk there (…/chunks/dialogs-template-*.js) is held the same way until released with TOKEN.
 */
const heldFormChunks = new Map();
async function formChunkGate(context, next) {
  const fresh = /^\/__fresh\/(\w+)(\/dist\/.*)$/.exec(context.path);
  if (fresh) {
    const [, token, path] = fresh;
    if (/^\/dist\/chunks\/dialogs-template-[^/]+\.js$/.test(path) && heldFormChunks.get(token) !== null) {
      await new Promise((resolve) => {
        heldFormChunks.set(token, resolve);
        setTimeout(resolve, 20_000);
      });
    }
    context.path = path;
    await next();
    context.set('cache-control', 'no-store');
    return;
  }
  if (context.path === '/__release-form-chunk') {
    const token = String(context.query.token);
    const held = heldFormChunks.get(token);
    held?.();
    heldFormChunks.set(token, null);
    context.body = held ? 'released' : 'not requested';
    return;
  }
  if (context.path === '/__form-chunk-held') {
    context.body = heldFormChunks.get(String(context.query.token)) ? 'held' : 'not requested';
    return;
  }
  if (!/^\/dist\/chunks\/comment-form-[^/]+\.js$/.test(context.path)) {
    await next();
    // Never cached (a page that loaded it before must not skip the hold), nor what imports it.
    if (context.path.startsWith('/dist/')) context.set('cache-control', 'no-store');
    return;
  }
  const token = /(?:^|;\s*)hold-form-chunk=([^;]+)/.exec(context.get('cookie') ?? '')?.[1];
  if (token && heldFormChunks.get(token) !== null) {
    await new Promise((resolve) => {
      heldFormChunks.set(token, resolve);
      setTimeout(resolve, 20_000);
    });
  }
  await next();
  context.set('cache-control', 'no-store');
}

export default {
  // Integration tests need real backends: they run through `npm run test:integration`.
  files: ['test/**/*.test.ts', '!test/integration/**'],
  nodeResolve: { exportConditions: ['production'] },
  // unsafeVariants: the security suite's deliberately unsafe builds (test/security/unsafe/plugin.mjs).
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), unsafeVariants()],
  browsers: [
    chromeLauncher({
      puppeteer,
      launchOptions: { executablePath, headless: true, args },
      // Each test page in its own browser context: two files running at once must not
      // share localStorage (one file's clear() would wipe the draft another is checking).
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  // After the framework, every page makes failed assertions' values sendable (a DOM node in one
  // would otherwise stop the results reaching the runner, and the file would hang): test/setup/.
  testRunnerHtml: (framework) =>
    `<!DOCTYPE html><html><head></head><body><script type="module" src="${framework}"></script><script type="module" src="/test/setup/page-setup.ts"></script></body></html>`,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
  reporters: [defaultReporter(), summaryReporter()],
  middleware: [ssrMiddleware, formChunkGate],
};
