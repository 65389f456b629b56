// One run of one contender on one thread, in a fresh browser context (bench/run.mjs runs them
// interleaved): times from navigation start (pages/probe.js), main-thread CPU and heap (CDP),
// DOM nodes, and for our element the reply; on request, after everything else, the scroll run
// (the whole thread top to bottom, a viewport per frame, frame by frame) and find-in-page
// (`window.find` of the unique tokens of chosen comments, bench/shapes.mjs).
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How long after all rendered the CPU, heap and node counts are read (late work counts too). */
export const SETTLE_MS = 500;
/** How long a run may take to render everything; past it the run counts as not done (and is not repeated). */
export const TIMEOUT_MS = { 100: 30_000, 1000: 60_000, 10000: 75_000 };
export const VIEWPORT = { width: 1000, height: 900 };
/**
 * The scroll run stops after this long (and says so): a page that cannot scroll fast enough still
 * ends. At one viewport a frame and 60 frames a second, the classic and forum threads of 10,000
 * (2.1–3.1 million px tall once find-in-page has laid them out) take 40–60 s to the end.
 */
export const SCROLL_LIMIT_MS = 90_000;
/** The thread size whose first run of ours and of the floor, in every shape, scrolls and finds (`--scroll-at`). */
export const SCROLL_AT = 10_000;

const version = (name) => JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')).version;

export const CONTENDERS = [
  {
    key: 'ours',
    label: '<comment-thread>',
    page: 'ours.html',
    // Comments in the DOM: our articles inside the element's shadow root.
    countComments: () =>
      document.querySelector('comment-thread')?.shadowRoot?.querySelectorAll('article[id^="comment-"]').length ?? 0,
  },
  { key: 'floor', label: 'floor (DOM + marked + DOMPurify)', page: 'floor.html', countComments: () => document.querySelectorAll('article').length },
  { key: 'artalk', label: `Artalk ${version('artalk')}`, page: 'artalk.html', countComments: () => document.querySelectorAll('.atk-comment-wrap').length },
  { key: 'waline', label: `Waline ${version('@waline/client')}`, page: 'waline.html', countComments: () => document.querySelectorAll('.wl-card-item').length },
];

/** `promise`, or `fallback` if it has not settled after `ms` (a page stuck in a long task answers nothing). */
export function within(promise, ms, fallback) {
  let timer;
  return Promise.race([
    promise.catch(() => fallback),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(fallback), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One contender rendering one thread in a fresh context: every measure of that run. */
export async function runOnce(browser, origin, contender, size, marks, { shape = 'classic', scroll = false, find = null } = {}) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport(VIEWPORT);
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('favicon')) pageErrors.push(message.text());
    });
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    await page.exposeFunction('__benchDone', () => done());
    // Main-thread CPU time and its split (script, style, layout) count from here.
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const url = `${origin}/bench/pages/${contender.page}?n=${size}&shape=${shape}&first=${marks.firstId}&last=${marks.lastRootId}`;
    const loadAverage = os.loadavg()[0];
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const timeout = TIMEOUT_MS[size] ?? 90_000;
    const timedOut = await within(finished.then(() => false), timeout, true);
    if (!timedOut) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    const cpu = await within(cdp.send('Performance.getMetrics'), 20_000, { metrics: [] });
    const cpuMetric = (name) => cpu.metrics.find((entry) => entry.name === name)?.value;
    const measured = await within(
      page.evaluate(
        (countSource) => {
          const bench = window.__bench;
          // eslint-disable-next-line no-new-func
          const countComments = new Function(`return (${countSource})();`);
          return {
            marks: bench.marks,
            longTasks: bench.longTasks,
            animationFrames: bench.animationFrames,
            errors: bench.errors,
            nodes: bench.countNodes(),
            comments: countComments(),
          };
        },
        contender.countComments.toString(),
      ),
      20_000,
      null,
    );
    if (!measured) {
      // Still stuck in one long task: nothing more can be read from this page.
      return { timedOut, timeout, loadAverage, stuck: true, errors: [...pageErrors, 'page did not answer (one task still running)'] };
    }
    await within(cdp.send('HeapProfiler.collectGarbage'), 20_000);
    const heap = await within(cdp.send('Performance.getMetrics'), 20_000, { metrics: [] });
    const heapUsed = heap.metrics.find((entry) => entry.name === 'JSHeapUsedSize')?.value;

    let reply;
    if (contender.key === 'ours' && !timedOut) reply = await within(page.evaluate(() => window.__bench.measureReply()), 20_000);

    // Last, as they move the page: find-in-page, then the scroll run.
    const found = find && !timedOut ? await within(page.evaluate(findTokens, find), 120_000, null) : undefined;
    if (find && !timedOut && !found) pageErrors.push('find-in-page: window.find did not answer in 120 s');
    const scrolled = scroll && !timedOut ? await within(page.evaluate(scrollThread, SCROLL_LIMIT_MS), SCROLL_LIMIT_MS + 20_000, null) : undefined;
    if (scroll && !timedOut && !scrolled) pageErrors.push('scroll run: the page did not answer');

    const tasks = measured.longTasks.map(([, duration]) => duration);
    const seconds = (name) => (cpuMetric(name) ?? NaN) * 1000;
    return {
      timedOut,
      timeout,
      loadAverage,
      firstVisible: measured.marks.firstVisible,
      allRendered: timedOut ? undefined : measured.marks.allRendered,
      longTaskCount: tasks.length,
      longTaskTotal: tasks.reduce((sum, value) => sum + value, 0),
      longTaskMax: tasks.length ? Math.max(...tasks) : 0,
      cpuMain: seconds('ThreadTime'),
      cpuScript: seconds('ScriptDuration'),
      cpuStyleLayout: seconds('RecalcStyleDuration') + seconds('LayoutDuration'),
      heapMB: heapUsed / 1048576,
      nodes: measured.nodes.nodes,
      elements: measured.nodes.elements,
      markers: measured.nodes.comments,
      textPerComment: measured.nodes.text / Math.max(1, measured.comments),
      blankTextPerComment: measured.nodes.blankText / Math.max(1, measured.comments),
      markersPerComment: measured.nodes.comments / Math.max(1, measured.comments),
      comments: measured.comments,
      nodesPerComment: measured.nodes.nodes / Math.max(1, measured.comments),
      elementsPerComment: measured.nodes.elements / Math.max(1, measured.comments),
      errors: [...pageErrors, ...measured.errors],
      ...(reply ? { replyToDom: reply.answerToDom, replyToPaint: reply.answerToPaint } : {}),
      ...(found ? { find: found } : {}),
      ...(scrolled ? { scroll: scrolled } : {}),
    };
  } finally {
    await context.close();
  }
}


/**
 * In the page: `window.find` of each token from the top of the document, the selection cleared
 * before each (so one find cannot start past the next). `{ spread, folded }` lists of tokens in,
 * how many of each were found out, with the tokens not found.
 */
function findTokens(groups) {
  const result = {};
  for (const [group, tokens] of Object.entries(groups)) {
    const missing = [];
    const started = performance.now();
    for (const token of tokens) {
      getSelection().removeAllRanges();
      // aString, aCaseSensitive, aBackwards, aWrapAround.
      if (!window.find(token, true, false, true)) missing.push(token);
    }
    result[group] = { asked: tokens.length, found: tokens.length - missing.length, missing, ms: performance.now() - started };
  }
  getSelection().removeAllRanges();
  return result;
}

/**
 * In the page: from the top, one viewport further down in every animation frame until the end of
 * the document; the time between frames (requestAnimationFrame timestamps) and the
 * long-animation-frame entries meanwhile. A frame is produced after each scroll, so a delta over
 * 50 ms is a frame that took over 50 ms to show the newly scrolled-in comments.
 */
function scrollThread(limitMs) {
  return new Promise((resolve) => {
    scrollTo(0, 0);
    const loafs = [];
    let observer;
    try {
      // Only frames that began during the scroll run (not the find-in-page before it).
      const since = performance.now();
      observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => entry.startTime >= since && loafs.push(entry.duration)));
      observer.observe({ type: 'long-animation-frame' });
    } catch {
      // Not supported: the rAF deltas alone.
    }
    const deltas = [];
    let last;
    let start;
    const step = (now) => {
      if (last !== undefined) deltas.push(now - last);
      else start = now;
      last = now;
      const end = document.documentElement.scrollHeight - innerHeight;
      if (scrollY >= end - 1 || now - start > limitMs) {
        // One more frame so the last scroll's frame is counted, then the figures.
        requestAnimationFrame((final) => {
          deltas.push(final - last);
          observer?.disconnect();
          const sorted = [...deltas].sort((a, b) => a - b);
          resolve({
            frames: deltas.length,
            ms: final - start,
            heightPx: document.documentElement.scrollHeight,
            reachedEnd: scrollY >= end - 1,
            longestFrame: sorted.at(-1) ?? 0,
            p95Frame: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
            medianFrame: sorted[Math.floor(sorted.length / 2)] ?? 0,
            framesOver50: deltas.filter((delta) => delta > 50).length,
            longAnimationFrames: loafs.length,
            longestAnimationFrame: loafs.length ? Math.max(...loafs) : 0,
          });
        });
        return;
      }
      scrollBy(0, innerHeight);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}
