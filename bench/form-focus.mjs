// Focus-to-usable for the form after idle preloading (issue 19), on a CPU throttled 4× (CDP):
// the one-script-tag page (test/fixtures/bundle-page.html), the form chunk preloaded when idle
// after the first comments; then the reader clicks into the form's text box and types a letter.
// Measured: click → the letter in the box and a frame painted, against the same on a plain
// <textarea> of the same page (the floor), median of RUNS. Build first; `node bench/form-focus.mjs`
// (or from `npm run bench`, bench/run.mjs, through `measureFormFocus`).
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { stats } from './stats.mjs';
import { startStaticServer } from '../scripts/lib/static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The median of `values` (an even count: the mean of the middle two), as every bench table gives it. */
const median = (values) => stats(values)?.median;

/** Click → letter shown: the box is found by `locate` (in the page), its time measured in the page. */
async function clickToUsable(page, locate) {
  const box = await page.evaluateHandle(locate);
  await box.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  await page.evaluate((element) => {
    window.__start = 0;
    element.addEventListener('pointerdown', () => (window.__start = performance.now()), { once: true, capture: true });
  }, box);
  await box.click();
  await page.keyboard.type('x');
  return page.evaluate(
    (element) =>
      new Promise((resolve) => {
        const check = () =>
          element.value.endsWith('x') ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - window.__start))) : setTimeout(check);
        check();
      }),
    box,
  );
}

/** `runs` fresh contexts in `browser`: the medians, click → letter shown, form and plain <textarea>. */
export async function measureFormFocus(browser, runs = 7) {
  const { origin, close: closeServer } = await startStaticServer({ root: ROOT });
  const url = `${origin}/test/fixtures/bundle-page.html`;
  const form = [];
  const floor = [];
  const preload = [];
  let chunks = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const cdp = await page.createCDPSession();
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(url);
      await page.evaluate(() => {
        const plain = document.createElement('textarea');
        plain.id = 'plain';
        document.body.prepend(plain);
      });
      // Idle preloading: the form defined and rendered, without the reader doing anything.
      await page.waitForFunction(
        () => customElements.get('comment-form') && document.querySelector('comment-thread').shadowRoot.querySelector('comment-form')?.shadowRoot?.querySelector('textarea'),
        { timeout: 30_000 },
      );
      // When the idle preload finished: the form rendered (this poll's time), after the first comments painted.
      const ready = await page.evaluate(() => ({
        firstCommentsAt: window.firstCommentsAt,
        formReadyAt: performance.now(),
        chunks: performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes('/dist/chunks/'))
          .map((entry) => ({ name: entry.name.split('/').pop().replace(/-[\w-]{8}\.js$/, ''), start: entry.startTime, end: entry.responseEnd })),
      }));
      preload.push(ready.formReadyAt - ready.firstCommentsAt);
      chunks = ready.chunks;
      form.push(
        await clickToUsable(page, () =>
          document.querySelector('comment-thread').shadowRoot.querySelector('comment-form').shadowRoot.querySelector('textarea'),
        ),
      );
      floor.push(await clickToUsable(page, () => document.getElementById('plain')));
      await context.close();
    }
  } finally {
    await closeServer();
  }
  const formMs = median(form);
  const floorMs = median(floor);
  return {
    runs,
    cpuThrottling: 4,
    formMs,
    floorMs,
    ratio: formMs / floorMs,
    // The form's chunks fetched and the form rendered, after the first comments painted (an upper
    // bound: the page is polled once a frame), and the chunks of the last run, ms from navigation.
    formReadyAfterFirstMs: median(preload),
    chunks,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await launchBrowser();
  try {
    console.log(JSON.stringify(await measureFormFocus(browser, Number(process.env.RUNS) || 7), null, 2));
  } finally {
    await browser.close();
  }
}
