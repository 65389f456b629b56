// What the first visible comment costs the page's main thread, before and after: `<comment-thread>`
// from two checkouts, interleaved in one browser as bench/compare.mjs runs them, each run traced
// (Chromium's trace, thread time) from navigation start to the frame that first shows a comment.
// Wall-clock times on a busy machine swing with the other processes; the main thread's own CPU
// time does much less, so this says whether a gap in `firstVisible` is the code's or the machine's.
//
//   node bench/first-cpu.mjs <before checkout> [--sizes=100,1000] [--reps=6]
//
// Per run, main-thread CPU milliseconds split into: evaluating the modules, the task that renders
// the first comments (the element's connection: load, first update, first chunk), the frames
// (style, layout, paint), and everything else (network callbacks, parsing, timers).
import os from 'node:os';
import { generateThread, landmarks } from './fixture.mjs';
import { launchBrowser } from './browser.mjs';
import { stats } from './stats.mjs';
import { startServer } from './server.mjs';

const PARTS = ['total', 'modules', 'render', 'frames', 'other'];

/** Thread time (ms) of the page's main-thread tasks from navigation start to `untilMs`, by part. */
export function firstCpu(events, untilMs) {
  const probe = events.find((event) => event.name === 'EvaluateScript' && String(event.args?.data?.url ?? '').includes('/probe.js'));
  if (!probe) throw new Error('the trace has no evaluation of probe.js');
  const main = events.filter((event) => event.pid === probe.pid && event.tid === probe.tid && event.ph === 'X');
  const start = events.find((event) => event.name === 'navigationStart' && event.pid === probe.pid)?.ts ?? probe.ts;
  const cpu = (event) => (event.tdur ?? event.dur ?? 0) / 1000;
  const within = (task, test) => main.some((event) => event.ts >= task.ts && event.ts <= task.ts + task.dur && test(event));
  const parts = Object.fromEntries(PARTS.map((part) => [part, 0]));
  for (const task of main) {
    if (task.name !== 'RunTask' || task.ts < start || (task.ts - start) / 1000 > untilMs) continue;
    const part = within(task, (event) => event.name === 'v8.evaluateModule')
      ? 'modules'
      : within(task, (event) => event.name === 'FunctionCall' && event.args?.data?.functionName === 'connectedCallback')
        ? 'render'
        : within(task, (event) => event.name === 'FireAnimationFrame' || event.name === 'Layout' || event.name === 'Paint')
          ? 'frames'
          : 'other';
    parts[part] += cpu(task);
    parts.total += cpu(task);
  }
  return parts;
}

async function tracedRun(browser, origin, size, marks) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1000, height: 900 });
    let shown;
    const firstShown = new Promise((resolve) => (shown = resolve));
    await page.exposeFunction('__benchFirst', () => shown());
    await page.exposeFunction('__benchDone', () => undefined);
    await page.tracing.start({ categories: ['toplevel', 'devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
    await page.goto(`${origin}/bench/pages/ours.html?n=${size}&first=${marks.firstId}&last=${marks.lastRootId}`, { waitUntil: 'domcontentloaded' });
    await firstShown;
    const { firstSeen, firstVisible } = await page.evaluate(() => window.__bench.marks);
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
    return { firstVisible, ...firstCpu(trace.traceEvents, firstSeen) };
  } finally {
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const before = args.find((arg) => !arg.startsWith('--'));
  if (!before) throw new Error('usage: node bench/first-cpu.mjs <before checkout> [--sizes=100,1000] [--reps=6]');
  const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const sizes = option('sizes', '100,1000').split(',').map(Number);
  const reps = Math.max(1, Number(option('reps', '6')) || 1);
  const { startServer: startBefore } = await import(new URL(`file://${before.replace(/\/$/, '')}/bench/server.mjs`).href);
  const servers = { before: await startBefore({ snapshot: true }), after: await startServer({ snapshot: true }) };
  const browser = await launchBrowser();
  const rows = [];
  try {
    const warm = landmarks(generateThread(100));
    for (const side of ['before', 'after']) await tracedRun(browser, servers[side].origin, 100, warm);
    for (const size of sizes) {
      const marks = landmarks(generateThread(size));
      const runs = { before: [], after: [] };
      const loads = [];
      for (let rep = 0; rep < reps; rep++) {
        for (const side of rep % 2 ? ['after', 'before'] : ['before', 'after']) {
          loads.push(os.loadavg()[0]);
          runs[side].push(await tracedRun(browser, servers[side].origin, size, marks));
        }
      }
      const load = stats(loads);
      console.log(`${size}: load average ${load.median.toFixed(1)} (${load.min.toFixed(1)}–${load.max.toFixed(1)})`);
      for (const measure of ['firstVisible', ...PARTS]) {
        const median = (side) => stats(runs[side].map((run) => run[measure])).median;
        rows.push({ size, measure, before: median('before'), after: median('after'), load });
      }
    }
  } finally {
    await browser.close();
    await Promise.all(Object.values(servers).map((server) => server.close?.()));
  }
  console.log('\n| comments | main thread to the first comment (ms, median) | before | after | after / before |\n|---:|---|---:|---:|---:|');
  for (const row of rows) {
    const label = row.measure === 'firstVisible' ? 'first comment visible (wall clock)' : `CPU: ${row.measure}`;
    console.log(`| ${row.size} | ${label} | ${row.before.toFixed(1)} | ${row.after.toFixed(1)} | ${(row.after / row.before).toFixed(3)} |`);
  }
}
