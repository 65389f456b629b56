// The framework examples under examples/ (plain HTML, React 19, Vue 3, Svelte 5)
// as a user would meet them: each installs this package as npm packs it, is
// type-checked and built with its own tools, is served on 127.0.0.1 and is
// driven in headless Chromium. One line per check; the last line is
// "N passed, N failed, N skipped"; .wtr-results/examples.json has the counts.
//
//   node scripts/test-examples.mjs             build dist/ first, then test every example
//   node scripts/test-examples.mjs --no-build  use the dist/ that is there (after `npm run build`)
//   node scripts/test-examples.mjs react vue   only these examples
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumLaunchOptions } from './lib/chromium.mjs';
import { checkStaticSite } from './lib/static-site-check.mjs';
import { startStaticServer } from './lib/static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const examplesDir = join(root, 'examples');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const fixture = JSON.parse(readFileSync(join(root, 'test/fixtures/myth-of-networking.json'), 'utf8'));

/**
 * What each example is and how it is checked. `serve` is the folder served
 * and `page` the path opened in it: the plain page is served from the
 * repository root because it loads the seed fixture from test/fixtures/.
 */
const EXAMPLES = {
  'plain-html': { serve: root, page: '/examples/plain-html/index.html' },
  react: { typecheck: ['tsc', '--noEmit', '-p', 'tsconfig.json'], build: ['vite', 'build'], serve: 'dist', page: '/' },
  vue: { typecheck: ['vue-tsc', '--noEmit', '-p', 'tsconfig.json'], build: ['vite', 'build'], serve: 'dist', page: '/' },
  svelte: {
    typecheck: ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'],
    build: ['vite', 'build'],
    serve: 'dist',
    page: '/',
  },
  // The thread rendered at build time (renderThreadFrom), adopted in the browser: its own checks.
  'static-site': { build: ['node', 'build.mjs'], serve: 'dist', page: '/', checks: checkStaticSite },
};

const STEP_TIMEOUT_MS = 240_000;
const PAGE_TIMEOUT_MS = 15_000;

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const only = args.filter((arg) => !arg.startsWith('--'));
const unknown = only.filter((name) => !(name in EXAMPLES));
if (unknown.length) {
  console.error(`Unknown example(s): ${unknown.join(', ')}. Known: ${Object.keys(EXAMPLES).join(', ')}`);
  process.exit(2);
}
const names = only.length ? only : Object.keys(EXAMPLES);

const results = [];
function record(name, ok, detail = '', ms) {
  results.push({ name, ok, ...(detail ? { detail } : {}), ...(ms === undefined ? {} : { ms: Math.round(ms) }) });
  const time = ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`;
  console.log(`${ok ? '✓' : '✗'} ${name}${time}${!ok && detail ? `\n    ${detail.trim().split('\n').slice(-25).join('\n    ')}` : ''}`);
  return ok;
}

// Run from `npm test`, this process inherits the root package's npm context
// (npm_config_local_prefix, npm_package_*…): the example's own npm and tools
// must not see it, or they might act on the repository root.
const INHERITED_NPM_CONTEXT = /^npm_(package_|lifecycle_|command$|config_(local_)?prefix$)/;
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED_NPM_CONTEXT.test(key)));

/** Runs a command to the end; resolves with its exit status and combined output, never rejects. */
function run(command, commandArgs, cwd) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), STEP_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, output: String(error), ms: performance.now() - started });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const ok = status === 0;
      resolve({ ok, output: ok ? output : `${output}\n(exit ${status ?? signal})`, ms: performance.now() - started });
    });
  });
}

// The element typings for frameworks are hand-written .d.ts files, which tsc
// does not copy: they go beside the compiled modules they import.
/** `npm run build`: tsc, the generated framework typings, rollup, and the pruning to what the package ships. */
async function buildPackage() {
  const result = await run(process.execPath, [join(root, 'scripts/build.mjs')], root);
  // The build writes dist/ even when tsc reports errors: the examples still run, and the failure stands.
  record('package: npm run build', result.ok, result.output, result.ms);
  return existsSync(join(root, 'dist/comment-thread.js'));
}

/**
 * Install, type check and build one example. The package comes in through
 * `"comment-thread": "file:../.."` with install-links, so npm packs the
 * repository (only the files it would publish) and installs a copy, with the
 * dependencies it declares today. npm leaves a present copy alone, so it is
 * removed first; `--no-save` keeps the committed lockfile, which pins every
 * other package. Scripts are off: neither the package nor the examples need one.
 */
async function prepare(name) {
  const dir = join(examplesDir, name);
  const spec = EXAMPLES[name];
  rmSync(join(dir, 'node_modules', 'comment-thread'), { recursive: true, force: true });
  const install = await run(
    'npm',
    ['install', '--no-save', '--install-links', '--ignore-scripts', '--no-audit', '--no-fund', 'comment-thread@file:../..'],
    dir,
  );
  if (!record(`${name}: npm install`, install.ok, install.output, install.ms)) return false;
  if (spec.typecheck) {
    const [tool, ...toolArgs] = spec.typecheck;
    const check = await run(join(dir, 'node_modules', '.bin', tool), toolArgs, dir);
    record(`${name}: type check (${tool})`, check.ok, check.output, check.ms);
  }
  if (spec.build) {
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    const [tool, ...toolArgs] = spec.build;
    const built = await run(tool === 'node' ? process.execPath : join(dir, 'node_modules', '.bin', tool), toolArgs, dir);
    // Without a build there is nothing to serve; a failed type check alone still lets the page be tried.
    if (!record(`${name}: build (${spec.build.join(' ')})`, built.ok, built.output, built.ms)) return false;
  }
  return true;
}

/** Runs `tasks` with at most `limit` at a time (the machine has two cores). */
async function pool(limit, tasks) {
  const out = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      out[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

const deep = (selector) => `comment-thread >>> ${selector}`;

/** Opens one example and checks what the framework did with the element. */
async function checkPage(browser, name) {
  const spec = EXAMPLES[name];
  const folder = spec.serve === root ? root : join(examplesDir, name, spec.serve);
  const { origin, close: closeServer } = await startStaticServer({ root: folder });
  if (spec.checks) {
    const check = async (label, body) => {
      const started = performance.now();
      try {
        await body();
        return record(`${name}: ${label}`, true, '', performance.now() - started);
      } catch (error) {
        return record(`${name}: ${label}`, false, error instanceof Error ? error.message : String(error), performance.now() - started);
      }
    };
    return spec.checks({ browser, url: `${origin}${spec.page}`, dist: folder, fixture, check }).finally(closeServer);
  }
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });

  const check = async (label, body) => {
    const started = performance.now();
    try {
      await body();
      return record(`${name}: ${label}`, true, '', performance.now() - started);
    } catch (error) {
      return record(`${name}: ${label}`, false, error instanceof Error ? error.message : String(error), performance.now() - started);
    }
  };
  const text = (selector) => page.$eval(selector, (element) => element.textContent?.trim() ?? '');

  try {
    await page.goto(`${origin}${spec.page}`);

    const header = fixture.expected.header;
    const rendered = await check('the thread renders the five seed comments under the header', async () => {
      await page
        .waitForFunction(
          (expected) => {
            const shadow = document.querySelector('comment-thread')?.shadowRoot;
            return shadow?.querySelector('h2')?.textContent?.trim() === expected && shadow.querySelectorAll('article').length >= 5;
          },
          {},
          header,
        )
        .catch(async () => {
          const seen = await page.evaluate(() => document.querySelector('comment-thread')?.shadowRoot?.textContent?.slice(0, 300));
          throw new Error(`expected "${header}" and five comments; the thread shows: ${seen ?? '(no element)'}`);
        });
      const ids = await page.$$eval(deep('article[part~="comment"]'), (articles) => articles.map((article) => article.id));
      const expected = fixture.expected.displayOrder.map((id) => `comment-${id}`);
      if (JSON.stringify(ids) !== JSON.stringify(expected)) throw new Error(`comments ${ids.join(' ')}; expected ${expected.join(' ')}`);
    });

    await check('the framework set the provider property (and no attribute)', async () => {
      const state = await page.$eval(
        'comment-thread',
        (element, threadId) => {
          const provider = element.provider;
          return {
            isObject: typeof provider === 'object' && provider !== null,
            attribute: element.getAttribute('provider'),
            // InMemoryProvider records its calls: the list came from this very object.
            listed: Array.isArray(provider?.calls) && provider.calls.some((call) => call.method === 'listComments' && call.args[0] === threadId),
          };
        },
        fixture.thread.id,
      );
      if (!state.isObject) throw new Error('element.provider is not an object');
      if (state.attribute !== null) throw new Error(`the provider went to the attribute: provider="${state.attribute}"`);
      if (!state.listed) throw new Error(`the provider object was never asked for thread ${fixture.thread.id}`);
    });

    await check('thread-loaded reached the framework and updated its state', async () => {
      const expected = `Loaded ${fixture.comments.length} of ${fixture.comments.length} comments`;
      await page.waitForFunction((want) => document.querySelector('#loaded')?.textContent?.trim() === want, {}, expected).catch(async () => {
        throw new Error(`#loaded says "${await text('#loaded')}"; expected "${expected}"`);
      });
    });

    await check("posting a reply updates the page through the framework's comment-posted handler", async () => {
      if (!rendered) throw new Error('not tried: the thread did not render');
      const before = await text('#posted');
      if (before !== 'Nothing posted yet') throw new Error(`#posted already says "${before}"`);
      await page.locator(deep('#comment-c1 [part~="reply-button"]')).click();
      await page.locator(deep('input[name="name"]')).fill('Example Reader');
      await page.locator(deep('input[name="email"]')).fill('reader@example.com');
      await page.locator(deep('textarea[name="body"]')).fill(`A reply from the ${name} example.`);
      await page.locator(deep('[part~="submit"]')).click();
      await page
        .waitForFunction(() => /^Posted this visit: Example Reader \(.+\)$/.test(document.querySelector('#posted')?.textContent?.trim() ?? ''))
        .catch(async () => {
          throw new Error(`#posted says "${await text('#posted')}"`);
        });
      // The reply sits in the replies of c1's list item.
      const parent = await page.$$eval(
        deep('article[part~="comment"]'),
        (articles, body) =>
          articles
            .find((article) => article.textContent?.includes(body))
            ?.closest('li')
            ?.parentElement?.closest('li')
            ?.querySelector('article')?.id ?? null,
        `A reply from the ${name} example.`,
      );
      if (parent !== 'comment-c1') throw new Error(`the reply is ${parent ? `under ${parent}` : 'not in the thread'}, not under comment-c1`);
      const title = await page.$eval(deep('h2'), (element) => element.textContent?.trim());
      if (!title?.startsWith('6 thoughts')) throw new Error(`header says "${title}" after posting`);
    });

    await check('no errors on the page', async () => {
      if (problems.length) throw new Error(problems.join('\n'));
    });
  } finally {
    await context.close();
    await closeServer();
  }
}

const started = performance.now();
let packageReady = true;
if (build) {
  packageReady = await buildPackage();
} else if (!existsSync(join(root, 'dist/comment-thread.js'))) {
  packageReady = record('package: dist/ is built', false, 'dist/comment-thread.js is missing: run npm run build, or drop --no-build');
}

const prepared = packageReady ? await pool(2, names.map((name) => () => prepare(name))) : names.map(() => false);

const ready = names.filter((_, index) => prepared[index]);
const PAGE_CHECKS = 5;
for (const name of names.filter((_, index) => !prepared[index])) {
  results.push({ name: `${name}: browser checks`, ok: false, detail: 'not run: the example could not be installed or built', count: PAGE_CHECKS });
  console.log(`✗ ${name}: ${PAGE_CHECKS} browser checks not run (install or build failed)`);
}
if (ready.length) {
  const browser = await puppeteer
    .launch(chromiumLaunchOptions())
    .catch((error) => {
      for (const name of ready) record(`${name}: browser checks`, false, `Chromium did not start: ${error.message}`);
      for (const result of results.slice(-ready.length)) result.count = PAGE_CHECKS;
      return null;
    });
  if (browser) {
    try {
      for (const name of ready) {
        // A page that cannot even be opened fails the checks it did not reach.
        const before = results.length;
        await checkPage(browser, name).catch((error) => {
          const reached = results.length - before;
          record(`${name}: browser checks`, false, error instanceof Error ? error.message : String(error));
          results.at(-1).count = Math.max(1, PAGE_CHECKS - reached);
        });
      }
    } finally {
      await browser.close();
    }
  }
}

const passed = results.filter((result) => result.ok).length;
const failedResults = results.filter((result) => !result.ok);
const failed = failedResults.reduce((sum, result) => sum + (result.count ?? 1), 0);
const summary = {
  passed,
  failed,
  skipped: 0,
  failures: failedResults.map((result) => (result.detail ? `${result.name}: ${result.detail.trim().split('\n').slice(-3).join(' ')}` : result.name)),
  seconds: Math.round((performance.now() - started) / 100) / 10,
  checks: results,
};
mkdirSync(join(root, '.wtr-results'), { recursive: true });
writeFileSync(join(root, '.wtr-results', 'examples.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nexamples: ${summary.seconds} s`);
console.log(`${passed} passed, ${failed} failed, 0 skipped`);
process.exit(failed ? 1 : 0);
