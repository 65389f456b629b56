// The first screen when the backend pages (issue 19: "at 10,000, the first screen within 10 % of
// the time at 100"): our element with its default page size (50) on bench/pages/ours-paged.html,
// which asks the bench server for one page of records at a time, as the REST provider and
// WordPress do. The main runs (bench/run.mjs) hand every contender the whole thread in one page,
// as the peers get it; there the page's own fetch and parse of the whole thread grow with it.
// Per shape, runs at 100 and at 10,000 interleaved in fresh contexts; medians of the first
// comment visible (bench/pages/probe.js), and how many comments the first screen had.
import { generateShape } from './shapes.mjs';
import { landmarks } from './fixture.mjs';
import { VIEWPORT, within } from './measure.mjs';
import { stats } from './stats.mjs';

export const PAGED_RUNS = 5;
export const PAGED_SIZES = [100, 10_000];
const TIMEOUT_MS = 30_000;

/** One load of the paged page: the first comment visible (ms from navigation) and the comments shown. */
async function pagedOnce(browser, origin, shape, size, firstId) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport(VIEWPORT);
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    await page.exposeFunction('__benchDone', () => done());
    await page.goto(`${origin}/bench/pages/ours-paged.html?n=${size}&shape=${shape}&first=${firstId}`, { waitUntil: 'domcontentloaded' });
    if (await within(finished.then(() => false), TIMEOUT_MS, true)) return { timedOut: true };
    return await page.evaluate(() => ({
      firstVisible: window.__bench.marks.firstVisible,
      shown: document.querySelector('comment-thread').shadowRoot.querySelectorAll('article[id^="comment-"]').length,
    }));
  } finally {
    await context.close();
  }
}

/**
 * `{ runs, pageSize, shapes: { [shape]: { [size]: { firstVisible: stats, shown, timedOut } } } }`:
 * `runs` loads at each size, the sizes interleaved.
 */
export async function measurePaged(browser, origin, shapes, runs = PAGED_RUNS) {
  const result = { runs, pageSize: 50, shapes: {} };
  for (const shape of shapes) {
    const firstIds = Object.fromEntries(PAGED_SIZES.map((size) => [size, landmarks(generateShape(shape, size)).firstId]));
    const bySize = Object.fromEntries(PAGED_SIZES.map((size) => [size, []]));
    for (let run = 0; run < runs; run++) {
      for (const size of run % 2 ? [...PAGED_SIZES].reverse() : PAGED_SIZES) bySize[size].push(await pagedOnce(browser, origin, shape, size, firstIds[size]));
    }
    result.shapes[shape] = Object.fromEntries(
      PAGED_SIZES.map((size) => {
        const done = bySize[size].filter((run) => !run.timedOut && run.firstVisible !== undefined);
        return [size, { firstVisible: stats(done.map((run) => run.firstVisible)), shown: Math.max(0, ...done.map((run) => run.shown)), timedOut: runs - done.length }];
      }),
    );
  }
  return result;
}
