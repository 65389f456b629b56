// Server rendering (issue 19): what taking over a server-rendered thread costs, and when its first
// comment shows. Threads from bench/fixture.mjs, rendered with renderThread (dist/ssr) in this
// process; one page per variant, opened in a fresh browser context, the variants interleaved run
// after run; medians. Build first (`npm run build`); `node bench/ssr.mjs` [RUNS=15].
//
// 1. Takeover: the page is loaded without any of our JavaScript; then the bundle is imported (it
//    is in the HTTP cache: <link rel="modulepreload">) and timed until every top-level comment
//    of the page is rendered and a frame painted. Main-thread time from Chromium's own counter
//    (CDP Performance.getMetrics TaskDuration: script, style, layout, paint), and wall time.
//      adopt    the server's markup + dist/comment-thread-hydrate.js (Lit hydration)
//      scratch  the same element and embedded page without the server's markup, with
//               dist/comment-thread.js: a client-only page renders it from scratch (the baseline)
//      replace  the server's markup + dist/comment-thread.js (no hydration: rendered again)
// 2. First comment visible: a normal page load with the bundle's response held back HOLD_MS (a
//    slow network); the time of the first frame in which the first comment is in the document
//    with a size (requestAnimationFrame from an inline script), and whether that was before the
//    bundle arrived, i.e. before any of our JavaScript ran.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStaticServer } from '../scripts/lib/static-server.mjs';
import { launchBrowser } from './browser.mjs';
import { generateThread, THREAD_ID } from './fixture.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS) || 15;
const SIZES = (process.env.SIZES ?? '20,100').split(',').map(Number);
const HOLD_MS = 1000;

const { renderThread } = await import(pathToFileURL(join(ROOT, 'dist/ssr/render-thread.js')).href);

/** The server's `<comment-thread>` for `size` comments, all in its first page. */
async function rendered(size, origin) {
  const comments = generateThread(size);
  const html = await renderThread({
    threadId: THREAD_ID,
    threadTitle: 'Bench',
    page: { comments, total: comments.length, nextCursor: null },
    pageSize: size,
    provider: 'memory',
    baseUrl: `${origin}/`,
  });
  return { html, roots: comments.filter((comment) => comment.parentId === null).length };
}

const BUNDLES = { adopt: 'comment-thread-hydrate', scratch: 'comment-thread', replace: 'comment-thread' };

/** The page for a variant: `withScript` loads the bundle as a module script; otherwise it is only preloaded. */
function page(variant, thread, withScript) {
  const element = variant === 'scratch' ? thread.html.replace(/<template shadowroot[\s\S]*<\/template>/, '') : thread.html;
  const bundle = `/dist/${BUNDLES[variant]}.js`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<link rel="modulepreload" href="${bundle}">
<script>
  window.__firstComment = 0;
  const look = () => {
    const article = document.querySelector('comment-thread')?.shadowRoot?.querySelector('article');
    if (article && article.getBoundingClientRect().height > 0) window.__firstComment = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
</script>
${withScript ? `<script type="module" src="${bundle}?hold"></script>` : ''}
</head><body style="margin:0;font:16px/1.5 sans-serif"><main style="max-width:44rem">${element}</main></body></html>`;
}

const threads = new Map();
const server = await startStaticServer({
  root: ROOT,
  // The bundle's files stay in the HTTP cache; `?hold` answers the page's module script late.
  headers: { 'cache-control': 'max-age=3600' },
  async handle(request, response, url) {
    const match = /^\/page\/(adopt|scratch|replace)\/(\d+)(\/script)?$/.exec(url.pathname);
    if (match) {
      const thread = threads.get(Number(match[2]));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page(match[1], thread, Boolean(match[3])));
      return true;
    }
    if (url.searchParams.has('hold')) await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    return false;
  },
});
const origin = server.origin;
for (const size of SIZES) threads.set(size, await rendered(size, origin));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const taskSeconds = async (cdp) => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration').value;

/** Every top-level comment of the page rendered, then a frame painted. */
const allRendered = (roots) =>
  new Promise((resolve) => {
    const check = () => {
      const root = document.querySelector('comment-thread')?.shadowRoot;
      const items = root?.querySelectorAll('ol[part~="list"] > li').length ?? 0;
      const adopted = root?.querySelector('[part~="form"] comment-form');
      if (items === roots && adopted) requestAnimationFrame(() => setTimeout(resolve));
      else setTimeout(check, 5);
    };
    check();
  });

async function takeover(browser, variant, size) {
  const context = await browser.createBrowserContext();
  try {
    const tab = await context.newPage();
    const cdp = await tab.createCDPSession();
    await cdp.send('Performance.enable');
    const bundle = `/dist/${BUNDLES[variant]}.js`;
    // Load once with the script so every chunk is in the cache, then the measured load without it.
    await tab.goto(`${origin}/page/${variant}/${size}/script`);
    await tab.evaluate(allRendered, threads.get(size).roots);
    await tab.goto(`${origin}/page/${variant}/${size}`, { waitUntil: 'load' });
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    const before = await taskSeconds(cdp);
    const wall = await tab.evaluate(
      async (src, roots, done) => {
        const start = performance.now();
        await import(src);
        await new Function('roots', `return (${done})(roots)`)(roots);
        return performance.now() - start;
      },
      bundle,
      threads.get(size).roots,
      allRendered.toString(),
    );
    const cpu = ((await taskSeconds(cdp)) - before) * 1000;
    return { cpu, wall };
  } finally {
    await context.close();
  }
}

async function firstComment(browser, variant, size) {
  const context = await browser.createBrowserContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${origin}/page/${variant}/${size}/script`, { waitUntil: 'load' });
    await tab.waitForFunction(() => window.__firstComment > 0, { polling: 50 });
    return tab.evaluate(() => {
      const bundle = performance.getEntriesByType('resource').find((entry) => entry.name.includes('?hold'));
      return { visible: window.__firstComment, bundleArrived: bundle?.responseEnd ?? Infinity };
    });
  } finally {
    await context.close();
  }
}

// Puppeteer may reject an internal promise nobody awaits when a tab dies (seen on a loaded
// machine); the sample that lost its tab fails and is tried again below.
process.on('unhandledRejection', (error) => {
  if (!/Target closed|Session closed/i.test(String(error))) throw error;
});

/** One sample, tried again (at most twice) when the tab dies under it (a busy machine). */
async function sample(measure, ...args) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(...args);
    } catch (error) {
      if (attempt === 3 || !/Target closed|Session closed|detached/i.test(String(error))) throw error;
      console.error(`(a tab closed under ${measure.name} ${args.slice(1).join(" ")}, trying again: ${error.message})`);
    }
  }
}

const browser = await launchBrowser();
const results = {};
try {
  for (const size of SIZES) {
    const samples = { adopt: [], scratch: [], replace: [] };
    const first = { adopt: [], scratch: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const variant of Object.keys(samples)) samples[variant].push(await sample(takeover, browser, variant, size));
      for (const variant of Object.keys(first)) first[variant].push(await sample(firstComment, browser, variant, size));
    }
    const cpu = (variant) => median(samples[variant].map((sample) => sample.cpu));
    const wall = (variant) => median(samples[variant].map((sample) => sample.wall));
    results[size] = {
      roots: threads.get(size).roots,
      cpu: { adopt: cpu('adopt'), scratch: cpu('scratch'), replace: cpu('replace') },
      wall: { adopt: wall('adopt'), scratch: wall('scratch'), replace: wall('replace') },
      firstComment: {
        adopt: median(first.adopt.map((sample) => sample.visible)),
        scratch: median(first.scratch.map((sample) => sample.visible)),
        adoptBeforeScript: first.adopt.filter((sample) => sample.visible < sample.bundleArrived).length,
        runs: RUNS,
      },
    };
  }
} finally {
  await browser.close();
  await server.close();
}

const ms = (value) => `${value.toFixed(1)} ms`;
for (const [size, result] of Object.entries(results)) {
  const { cpu, wall, firstComment: first } = result;
  console.log(`${size} comments (${result.roots} top-level), ${RUNS} runs, medians:`);
  console.log(`  takeover main-thread time: adopt ${ms(cpu.adopt)} · scratch ${ms(cpu.scratch)} · replace ${ms(cpu.replace)}`);
  console.log(`    adopt/scratch ${(cpu.adopt / cpu.scratch).toFixed(2)}× · replace/scratch ${(cpu.replace / cpu.scratch).toFixed(2)}×`);
  console.log(`  wall: adopt ${ms(wall.adopt)} · scratch ${ms(wall.scratch)} · replace ${ms(wall.replace)}`);
  console.log(
    `  first comment visible (bundle held ${HOLD_MS} ms): server-rendered ${ms(first.adopt)} · client-rendered ${ms(first.scratch)}; ` +
      `before the bundle arrived in ${first.adoptBeforeScript}/${first.runs} runs`,
  );
}
console.log(JSON.stringify(results));
