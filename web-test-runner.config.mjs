import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { defaultReporter } from '@web/test-runner';
import { unsafeVariants } from './test/security/unsafe/plugin.mjs';

import { CHROMIUM_ARGS as args, CHROME_PATH as executablePath } from './scripts/lib/chromium.mjs';

/**
 * Server rendering for test/ssr.test.ts: GET /__ssr/thread?provider=NAME renders the seed
 * thread in this Node process with the built `dist/ssr/render-thread.js` (npm test builds first).
 */
async function ssrMiddleware(context, next) {
  if (context.path !== '/__ssr/thread') return next();
  const { renderThread } = await import('./dist/ssr/render-thread.js');
  const { readFileSync } = await import('node:fs');
  const seed = JSON.parse(readFileSync(new URL('./test/fixtures/myth-of-networking.json', import.meta.url), 'utf8'));
  context.type = 'text/html';
  context.body = await renderThread({
    threadId: seed.thread.id,
    threadTitle: seed.thread.title,
    maxDepth: seed.maxDepth,
    page: { comments: seed.comments, total: seed.comments.length, nextCursor: null },
    provider: context.query.provider || 'memory',
    baseUrl: `http://${context.host}/`,
  });
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
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
  reporters: [defaultReporter(), summaryReporter()],
  middleware: [ssrMiddleware],
};
