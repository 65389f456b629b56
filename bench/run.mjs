// `npm run bench`: renders the same generated threads (100, 1,000 and 10,000
// comments) with our <comment-thread>, a hand-written floor (plain DOM, marked,
// DOMPurify) and the peers Artalk and Waline, in headless Chromium, interleaved
// (ABCD ABCD …), and prints medians with min–max and ratios to the floor. It
// writes BENCHMARKS.md with the results and the machine.
//
// Options: --sizes=100,1000   --reps=3 (every size)   --only=ours,floor
//          --no-write (print only)   --profile (where our time goes, at 1,000)
//          --report-only (rewrite BENCHMARKS.md from bench/results.json)
//
// Each run is a fresh browser context (cold caches, its own renderer), one page
// at a time. Times are from navigation start, and a comment counts from the
// frame that can show it (see pages/probe.js).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRandom, describeThread, generateThread, landmarks } from './fixture.mjs';
import { startServer } from './server.mjs';
import { launchBrowser } from './browser.mjs';
import { profileOurs } from './profile.mjs';
import { measureBundle, BUDGET_KB } from '../scripts/size.mjs';
import { preserveServerSection } from './server/report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCHMARKS = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

/** Repetitions per size: fewer for 10,000, so the whole run stays near 10 minutes on 2 cores. */
const REPS = { 100: 7, 1000: 5, 10000: 2 };
const SETTLE_MS = 500;
/** How long a run may take to render everything; past it the run counts as not done (and is not repeated). */
const TIMEOUT_MS = { 100: 30_000, 1000: 60_000, 10000: 75_000 };
const VIEWPORT = { width: 1000, height: 900 };
/** One frame at 60 Hz. */
const FRAME_MS = 1000 / 60;

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

function parseArgs(argv) {
  const options = { sizes: [100, 1000, 10000], reps: null, only: null, write: true, profile: false };
  for (const arg of argv) {
    const [name, value] = arg.replace(/^--/, '').split('=');
    if (name === 'sizes') options.sizes = value.split(',').map(Number).filter((size) => size > 0);
    else if (name === 'reps') options.reps = Math.max(1, Number(value) || 1);
    else if (name === 'only') options.only = value.split(',');
    else if (name === 'no-write') options.write = false;
    else if (name === 'profile') options.profile = true;
    else if (name === 'report-only') options.reportOnly = true;
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

/** `promise`, or `fallback` if it has not settled after `ms` (a page stuck in a long task answers nothing). */
function within(promise, ms, fallback) {
  let timer;
  return Promise.race([
    promise.catch(() => fallback),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(fallback), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One contender rendering one thread in a fresh context: every measure of that run. */
export async function runOnce(browser, origin, contender, size, marks) {
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
    const url = `${origin}/bench/pages/${contender.page}?n=${size}&first=${marks.firstId}&last=${marks.lastRootId}`;
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
    };
  } finally {
    await context.close();
  }
}

// ---- sections written by hand --------------------------------------------------

export const KEPT_START = '<!-- bench:kept start -->';
export const KEPT_END = '<!-- bench:kept end -->';

/** BENCHMARKS.md as it is now ('' before the first run). */
function currentReport() {
  return existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '';
}

/**
 * `next` (a freshly written report) with the block of `current` between the kept markers — the
 * sections other scripts' results are written into by hand (form focus, server rendering, the
 * redesign's before and after) — put back before its "## Size" section, or at the end.
 */
export function withKeptSections(next, current) {
  const start = current.indexOf(KEPT_START);
  const end = current.indexOf(KEPT_END);
  if (start < 0 || end < start) return next;
  const block = current.slice(start, end + KEPT_END.length);
  const at = next.indexOf('\n## Size\n');
  if (at < 0) return `${next.replace(/\n*$/, '\n\n')}${block}\n`;
  return `${next.slice(0, at + 1)}${block}\n\n${next.slice(at + 1)}`;
}

// ---- statistics and formatting -------------------------------------------------

export function stats(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/**
 * How sure a ratio of medians (`after` / `before`) is: a 95 % percentile-bootstrap interval —
 * both samples resampled with replacement `resamples` times (seeded, so the same runs give the
 * same interval), the ratio of the resamples' medians each time, its 2.5th and 97.5th percentiles.
 * On a busy machine a median ratio of 1.1 with an interval of 0.8–1.3 says nothing either way.
 */
export function ratioInterval(before, after, { resamples = 2000, seed = 1 } = {}) {
  const a = before.filter(Number.isFinite);
  const b = after.filter(Number.isFinite);
  if (!a.length || !b.length) return null;
  const random = createRandom(seed);
  const resample = (values) => stats(values.map(() => values[Math.floor(random.next() * values.length)])).median;
  const ratios = [];
  for (let i = 0; i < resamples; i++) ratios.push(resample(b) / resample(a));
  ratios.sort((x, y) => x - y);
  return { low: ratios[Math.floor(resamples * 0.025)], high: ratios[Math.ceil(resamples * 0.975) - 1] };
}

const fixed = (value, digits) => (value >= 100 || digits === 0 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits));

function cell(summary, digits = 0) {
  if (!summary) return '—';
  const range = summary.n > 1 ? ` (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})` : '';
  return `${fixed(summary.median, digits)}${range}`;
}

function ratio(summary, floor) {
  if (!summary || !floor || !floor.median) return '—';
  return `${(summary.median / floor.median).toFixed(2)}×`;
}

const METRICS = [
  { key: 'firstVisible', title: 'first comment visible, ms', digits: 0, ratio: true },
  { key: 'allRendered', title: 'all rendered, ms', digits: 0, ratio: true },
  { key: 'longTaskCount', title: 'long tasks', digits: 0 },
  { key: 'longTaskTotal', title: 'long tasks total, ms', digits: 0, ratio: true },
  { key: 'longTaskMax', title: 'longest task, ms', digits: 0 },
  { key: 'cpuMain', title: 'main-thread CPU, ms', digits: 0, ratio: true },
  { key: 'cpuStyleLayout', title: '· of which style + layout, ms', digits: 0 },
  { key: 'heapMB', title: 'JS heap, MB', digits: 1, ratio: true },
  { key: 'nodesPerComment', title: 'DOM nodes / comment', digits: 1, ratio: true },
  { key: 'elementsPerComment', title: '· elements / comment', digits: 1 },
  { key: 'textPerComment', title: '· text nodes / comment', digits: 1 },
  { key: 'blankTextPerComment', title: '  · of which whitespace only', digits: 1 },
  { key: 'markersPerComment', title: '· comment nodes (markers) / comment', digits: 1 },
  { key: 'comments', title: 'comments in DOM', digits: 0 },
];

function summarise(results, contenders, sizes) {
  const summary = {};
  for (const size of sizes) {
    summary[size] = {};
    for (const contender of contenders) {
      const runs = results[size]?.[contender.key] ?? [];
      const entry = {
        runs: runs.length,
        timedOut: runs.filter((run) => run.timedOut).length,
        timeout: runs.find((run) => run.timedOut)?.timeout,
        errors: [...new Set(runs.flatMap((run) => run.errors))],
      };
      for (const metric of [...METRICS.map((m) => m.key), 'replyToDom', 'replyToPaint', 'loadAverage']) {
        // Measures taken when a run timed out describe a thread still rendering: only its times count.
        const usable = runs.filter((run) => !run.timedOut || metric === 'firstVisible' || metric === 'loadAverage');
        entry[metric] = stats(usable.map((run) => run[metric]));
      }
      summary[size][contender.key] = entry;
    }
  }
  return summary;
}

/** One table cell: median (min–max), the ratio to the floor, or why there is no number. */
function cellFor(sizeSummary, key, metric, separator) {
  const entry = sizeSummary[key];
  const floor = sizeSummary.floor;
  const value = entry[metric.key];
  if (metric.key === 'allRendered' && entry.timedOut) {
    if (entry.timedOut === entry.runs) return `not done in ${entry.timeout / 1000} s`;
  }
  let text = cell(value, metric.digits);
  if (metric.ratio && key !== 'floor' && value && floor?.[metric.key]) text += `${separator}${ratio(value, floor[metric.key])}`;
  if (metric.key === 'allRendered' && entry.timedOut) text += ` (${entry.timedOut} of ${entry.runs} not done in ${entry.timeout / 1000} s)`;
  return text;
}

function markdownTable(summary, contenders, size) {
  const header = ['', ...contenders.map((contender) => contender.label)];
  const rows = [];
  for (const metric of METRICS) {
    rows.push([
      metric.title,
      ...contenders.map((contender) => {
        return cellFor(summary[size], contender.key, metric, ' · ');
      }),
    ]);
  }
  rows.push(['runs', ...contenders.map((contender) => String(summary[size][contender.key].runs))]);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, index) => (index ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function plainTable(summary, contenders, size) {
  const header = ['', ...contenders.map((contender) => contender.key)];
  const rows = METRICS.map((metric) => [
    metric.title,
    ...contenders.map((contender) => {
      return cellFor(summary[size], contender.key, metric, ' ');
    }),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const format = (row) => row.map((value, column) => (column ? String(value).padStart(widths[column]) : String(value).padEnd(widths[column]))).join('  ');
  return [format(header), ...rows.map(format)].join('\n');
}

// ---- targets (issue 10) --------------------------------------------------------

function targets(summary, sizes) {
  const get = (size, key, metric) => summary[size]?.[key]?.[metric]?.median;
  const checks = [];
  const add = (name, measured, met) => checks.push({ name, measured, met });
  if (sizes.includes(1000)) {
    const ours = get(1000, 'ours', 'firstVisible');
    const artalk = get(1000, 'artalk', 'firstVisible');
    const waline = get(1000, 'waline', 'firstVisible');
    if (ours && artalk && waline) {
      add(
        '1,000: first screen ≥ 5× sooner than Artalk and Waline',
        `ours ${fixed(ours, 0)} ms; Artalk ${fixed(artalk, 0)} ms (${(artalk / ours).toFixed(1)}×), Waline ${fixed(waline, 0)} ms (${(waline / ours).toFixed(1)}×)`,
        artalk / ours >= 5 && waline / ours >= 5,
      );
    }
    const all = get(1000, 'ours', 'allRendered');
    const floorAll = get(1000, 'floor', 'allRendered');
    if (all && floorAll) {
      add('1,000: every comment rendered within 1.5× of the floor', `ours ${fixed(all, 0)} ms, floor ${fixed(floorAll, 0)} ms: ${(all / floorAll).toFixed(2)}×`, all / floorAll <= 1.5);
    }
    const nodes = get(1000, 'ours', 'nodesPerComment');
    if (nodes) {
      add(
        '1,000: at most 40 DOM nodes per comment',
        `ours ${nodes.toFixed(1)} (elements ${get(1000, 'ours', 'elementsPerComment').toFixed(1)}); Artalk ${get(1000, 'artalk', 'nodesPerComment')?.toFixed(1)}, Waline ${get(1000, 'waline', 'nodesPerComment')?.toFixed(1)}, floor ${get(1000, 'floor', 'nodesPerComment')?.toFixed(1)}`,
        nodes <= 40,
      );
    }
    const heap = get(1000, 'ours', 'heapMB');
    const artalkHeap = get(1000, 'artalk', 'heapMB');
    if (heap && artalkHeap) add('1,000: JS heap no larger than Artalk’s', `ours ${heap.toFixed(1)} MB, Artalk ${artalkHeap.toFixed(1)} MB`, heap <= artalkHeap);
  }
  if (sizes.includes(100) && sizes.includes(10000)) {
    const small = get(100, 'ours', 'firstVisible');
    const large = get(10000, 'ours', 'firstVisible');
    if (small && large) {
      // "As fast as": within one frame of it, or 10 % (whichever is larger).
      const slack = Math.max(FRAME_MS, small * 0.1);
      add('10,000: first screen as fast as with 100', `100: ${fixed(small, 0)} ms, 10,000: ${fixed(large, 0)} ms (+${fixed(large - small, 0)} ms; allowed +${fixed(slack, 0)} ms)`, large - small <= slack);
    }
  }
  for (const size of sizes) {
    const paint = get(size, 'ours', 'replyToPaint');
    const dom = get(size, 'ours', 'replyToDom');
    if (paint !== undefined && dom !== undefined) {
      add(
        `${size.toLocaleString('en-US')}: a reply appears within one frame of the provider's answer`,
        `answer → in DOM ${dom.toFixed(1)} ms, → painted ${paint.toFixed(1)} ms (one frame: ${FRAME_MS.toFixed(1)} ms)`,
        paint <= FRAME_MS,
      );
    }
  }
  return checks;
}

// ---- machine --------------------------------------------------------------------

async function machine(browser, distRoot) {
  const cpus = os.cpus();
  let distro = '';
  try {
    distro = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // Not Linux: the kernel line below still names it.
  }
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: (os.totalmem() / 1024 ** 3).toFixed(1),
    os: `${distro || os.type()} (${os.release()})`,
    chromium: await browser.version(),
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    // What was measured: the bundle as built at this time (it is snapshotted when the run starts).
    distBuilt: (() => {
      try {
        return statSync(`${distRoot}dist/comment-thread.js`).mtime.toISOString().replace(/\.\d+Z$/, 'Z');
      } catch {
        return 'unknown';
      }
    })(),
    commit: (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })(),
  };
}

// ---- the run ----------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.reportOnly) {
    // Rewrites BENCHMARKS.md from bench/results.json (after editing bench/notes.md, say).
    const data = JSON.parse(readFileSync(RESULTS, 'utf8'));
    writeFileSync(BENCHMARKS, preserveServerSection(withKeptSections(report({ ...data, contenders: CONTENDERS }), currentReport())));
    console.log(`wrote ${BENCHMARKS} from ${RESULTS}`);
    return;
  }
  const contenders = CONTENDERS.filter((contender) => !options.only || options.only.includes(contender.key));
  if (contenders.some((contender) => contender.key === 'ours') && !existsSync(`${ROOT}dist/comment-thread.js`)) {
    throw new Error('dist/comment-thread.js is missing: build first (npm run build)');
  }
  const started = Date.now();
  // /dist/ is served from a copy taken now: other builds cannot change the code mid-run.
  const server = await startServer({ log: (line) => console.warn(line), snapshot: true });
  const browser = await launchBrowser();
  const results = {};
  const shapes = {};
  try {
    const info = await machine(browser, server.root);
    console.log(`bench: ${info.cpu}, ${info.cores} cores, ${info.memoryGB} GB; ${info.chromium}; Node ${info.node}`);

    // One untimed round first: Chromium's first pages pay for its own start-up.
    const warm = generateThread(100);
    for (const contender of contenders) await runOnce(browser, server.origin, contender, 100, landmarks(warm));

    for (const size of options.sizes) {
      const records = generateThread(size);
      shapes[size] = describeThread(records);
      const marks = landmarks(records);
      const reps = options.reps ?? REPS[size] ?? 3;
      results[size] = {};
      const gaveUp = new Set();
      for (let rep = 0; rep < reps; rep++) {
        for (const contender of contenders) {
          // A contender that could not finish once is not made to time out again.
          if (gaveUp.has(contender.key)) continue;
          const run = await runOnce(browser, server.origin, contender, size, marks);
          // Too slow (it showed comments but not all in time, or is stuck in one task) is not
          // retried; a page that showed nothing and is idle failed otherwise and gets its next turn.
          if (run.timedOut && (run.firstVisible !== undefined || run.stuck)) gaveUp.add(contender.key);
          (results[size][contender.key] ??= []).push(run);
          const first = run.firstVisible === undefined ? '     —' : fixed(run.firstVisible, 0).padStart(6);
          const all = run.timedOut ? `not done in ${run.timeout / 1000} s` : `${fixed(run.allRendered, 0).padStart(6)} ms`;
          const heap = Number.isFinite(run.heapMB) ? `  heap ${run.heapMB.toFixed(1)} MB` : '';
          const shown = run.comments === undefined ? '' : `  ${run.comments} comments`;
          const errors = run.errors.length ? `  errors: ${run.errors.join('; ').slice(0, 300)}` : '';
          process.stdout.write(`  ${String(size).padStart(5)} #${rep + 1} ${contender.key.padEnd(6)} first ${first} ms  all ${all}${heap}${shown}${errors}\n`);
        }
      }
    }

    const summary = summarise(results, contenders, options.sizes);
    for (const size of options.sizes) {
      console.log(`\n${size.toLocaleString('en-US')} comments — median (min–max), ×floor`);
      console.log(plainTable(summary, contenders, size));
      const ours = summary[size].ours;
      if (ours?.replyToPaint) {
        console.log(`a reply: answer → in DOM ${cell(ours.replyToDom, 1)} ms, → painted ${cell(ours.replyToPaint, 1)} ms`);
      }
    }
    const checks = contenders.length === CONTENDERS.length ? targets(summary, options.sizes) : [];
    if (checks.length) {
      console.log('\nTargets (issue 10):');
      for (const check of checks) console.log(`  ${check.met ? 'met   ' : 'MISSED'} ${check.name}: ${check.measured}`);
    }

    let profile;
    if (options.profile) {
      profile = await profileOurs(browser, server.origin, 1000, 'ours.html', 'load', server.distDir);
      console.log(`\nWhere our time goes (1,000 comments, CPU profile, self time by source module):\n${profile.text}`);
    }

    let size;
    try {
      size = await measureBundle({ root: server.root });
    } catch (error) {
      console.warn(`size check skipped: ${error.message}`);
    }

    const elapsed = (Date.now() - started) / 1000;
    console.log(`\nbench took ${Math.round(elapsed)} s`);
    if (options.write && contenders.length === CONTENDERS.length) {
      const data = { info, summary, sizes: options.sizes, shapes, checks, profile, size, elapsed, reps: options.reps, results };
      // Every run's numbers, so the report can be rewritten (`--report-only`) without measuring again.
      writeFileSync(RESULTS, `${JSON.stringify(data, null, 1)}\n`);
      writeFileSync(BENCHMARKS, preserveServerSection(withKeptSections(report({ ...data, contenders }), currentReport())));
      console.log(`wrote ${BENCHMARKS} and ${RESULTS}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

function report({ info, summary, contenders, sizes, shapes, checks, profile, size, elapsed, reps }) {
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push('Written by `npm run bench` (`node bench/run.mjs`); do not edit by hand — run it again.');
  lines.push('');
  lines.push('## Machine');
  lines.push('');
  lines.push(`- CPU: ${info.cpu}, ${info.cores} cores`);
  lines.push(`- Memory: ${info.memoryGB} GB`);
  lines.push(`- OS: ${info.os}`);
  lines.push(`- Browser: ${info.chromium}, headless (flags of \`web-test-runner.config.mjs\`), viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
  lines.push(`- Node ${info.node}`);
  lines.push(`- Date: ${info.date}; commit ${info.commit} (with the working tree's \`dist/\` as built at ${info.distBuilt ?? 'unknown'}); the whole run took ${Math.round(elapsed)} s`);
  const loads = sizes.flatMap((size) => contenders.map((contender) => summary[size][contender.key].loadAverage)).filter(Boolean);
  if (loads.length) {
    const low = Math.min(...loads.map((load) => load.min));
    const high = Math.max(...loads.map((load) => load.max));
    lines.push(`- Load average (1 min) when runs started: ${low.toFixed(1)}–${high.toFixed(1)} on ${info.cores} cores${high > info.cores ? ' — **the machine was shared and busy: wall-clock times are inflated and noisy; the main-thread CPU rows and the ratios between interleaved runs are the steadier figures**' : ''}`);
  }
  lines.push('');
  lines.push('## What is measured');
  lines.push('');
  lines.push('The same generated thread (`bench/fixture.mjs`, seeded: identical on every run and machine) is rendered by:');
  lines.push('');
  lines.push('- **`<comment-thread>`**: `dist/comment-thread.js` with `InMemoryProvider` (latency 0), `page-size` = thread size.');
  lines.push('- **floor**: plain DOM calls with `marked` and `DOMPurify` (`bench/pages/floor.js`), the same information per comment, built off-document and inserted at once.');
  lines.push(`- **Artalk ${summaryVersion(contenders, 'artalk')}** and **Waline ${summaryVersion(contenders, 'waline')}** from npm, against the fixture server's copies of their APIs on 127.0.0.1 (\`bench/server.mjs\`), with \`pageSize\` = thread size so the whole thread is shown. Artalk renders Markdown in the browser (marked + sanitiser), like us; Waline's server sends HTML, so Waline parses no Markdown in the page (the fixture server renders it with marked beforehand). Peers show one local avatar image per comment; we and the floor show initials.`);
  lines.push('');
  lines.push('Every run is a fresh browser context (cold caches), one page at a time, runs interleaved (ABCD ABCD …) after one untimed round. All contenders fetch the thread from the same local server after their script has loaded. Times are milliseconds from navigation start:');
  lines.push('');
  lines.push('- **first comment visible**: the first comment is in the DOM, inside the viewport, and the frame that shows it has been produced (checked in `requestAnimationFrame`, stamped in the task after it).');
  lines.push('- **all rendered**: the same for the last top-level comment (oldest first, so the last thing rendered). Our element renders 10 top-level comments, lets that frame paint, then the rest in chunks of about 30 ms of work each; the others render everything in one go. Reply lists longer than 5 fold behind “Show N more replies” in our element, so fewer comments are in its DOM (see “comments in DOM”).');
  lines.push('- **long tasks**: `PerformanceObserver` `longtask` entries (> 50 ms) from navigation start until 0.5 s after all rendered: count, total and longest.');
  lines.push('- **main-thread CPU**: CDP `Performance.getMetrics` (thread ticks) `ThreadTime` of the page’s main thread from navigation to 0.5 s after all rendered, with the share in style and layout (`RecalcStyleDuration` + `LayoutDuration`). Unlike wall-clock times it hardly moves when other processes compete for the CPU.');
  lines.push('- **JS heap**: CDP `Performance.getMetrics` `JSHeapUsedSize` after a forced garbage collection, 0.5 s after all rendered.');
  lines.push('- **DOM nodes / comment**: every node of the document, shadow roots included (elements, text and comment nodes; Lit’s markers are comment nodes), divided by the comments in the DOM. Elements alone are given too.');
  lines.push('');
  lines.push('Medians, min–max in brackets, and the ratio to the floor’s median (“· 1.23×”).');
  lines.push('');
  lines.push('## Threads');
  lines.push('');
  lines.push('| comments | top-level | depth 2–4 | deeper | deepest | reply lists > 5 | body chars median / p90 | with list | with code | with link |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of sizes) {
    const shape = shapes[size];
    lines.push(`| ${size.toLocaleString('en-US')} | ${shape.topLevel} | ${shape.depth2to4} | ${shape.deeper} | ${shape.maxDepth} | ${shape.withMoreThan5Replies} | ${shape.bodyMedianChars} / ${shape.bodyP90Chars} | ${shape.withList} | ${shape.withCode} | ${shape.withLink} |`);
  }
  lines.push('');
  lines.push('## Results');
  for (const size of sizes) {
    lines.push('');
    lines.push(`### ${size.toLocaleString('en-US')} comments (${reps ?? REPS[size] ?? 3} runs each)`);
    lines.push('');
    lines.push(markdownTable(summary, contenders, size));
    const errors = contenders.flatMap((contender) => summary[size][contender.key].errors.map((error) => `${contender.key}: ${error}`));
    if (errors.length) {
      lines.push('');
      lines.push(`Page errors: ${errors.join('; ')}`);
    }
  }
  lines.push('');
  lines.push('## A reply after the provider answers');
  lines.push('');
  lines.push('Our element, the thread fully rendered: Reply on the first comment, the form filled in, `submit()`. From `postComment` resolving to the new `<article>` being in the DOM (a `MutationObserver`), and to the frame that shows it. One frame is 16.7 ms.');
  lines.push('');
  lines.push('| comments | answer → in DOM, ms | answer → painted, ms |');
  lines.push('|---:|---:|---:|');
  for (const size of sizes) {
    const ours = summary[size].ours;
    if (ours?.replyToDom) lines.push(`| ${size.toLocaleString('en-US')} | ${cell(ours.replyToDom, 1)} | ${cell(ours.replyToPaint, 1)} |`);
  }
  lines.push('');
  lines.push('## Targets (issue 10)');
  lines.push('');
  for (const check of checks) lines.push(`- ${check.met ? '**met**' : '**missed**'} — ${check.name}: ${check.measured}`);
  if (size) {
    lines.push('');
    lines.push('## Size');
    lines.push('');
    lines.push(`What a page loads to show a thread and post as a guest in English (\`node scripts/size.mjs\`): \`dist/comment-thread.js\` and the chunks it imports statically, minified, gzip -9: **${size.totalKB.toFixed(1)} KB** (budget ${BUDGET_KB} KB${size.totalKB > BUDGET_KB ? `, over by ${(size.totalKB - BUDGET_KB).toFixed(1)} KB` : ''}). Artalk 2.9: 46.5 KB JS + 7.1 KB CSS; Waline 3.15: 94.6 KB JS + 4.8 KB CSS (measured the same way).`);
    lines.push('');
    lines.push('By package or source module (each module’s bytes gzipped alone, scaled to the real total):');
    lines.push('');
    lines.push('| package or module | ≈ KB gzip |');
    lines.push('|---|---:|');
    for (const group of size.groups.slice(0, 14)) lines.push(`| ${group.name} | ${group.kb.toFixed(1)} |`);
    if (size.modules.some((module) => module.saves !== undefined)) {
      lines.push('');
      lines.push('What removing each of the largest modules would save (the bundle gzipped without its bytes):');
      lines.push('');
      lines.push('| module | saves, KB gzip |');
      lines.push('|---|---:|');
      for (const module of size.modules.slice(0, 14)) lines.push(`| ${module.name} | ${(module.saves / 1000).toFixed(1)} |`);
    }
    if (size.dynamic?.length) {
      lines.push('');
      lines.push(`Loaded on demand, not counted: ${size.dynamic.map((file) => `\`${file}\``).join(', ')}.`);
    }
  }
  const notes = `${ROOT}bench/notes.md`;
  if (existsSync(notes)) {
    lines.push('');
    lines.push('## What stands in the way');
    lines.push('');
    lines.push('_From `bench/notes.md`, written from the profiles and counts of the run it names; update it with the code._');
    lines.push('');
    lines.push(readFileSync(notes, 'utf8').trim());
  }
  if (profile) {
    lines.push('');
    lines.push('## Where our time goes (1,000 comments)');
    lines.push('');
    lines.push('A CPU profile of our page from navigation start to all rendered, self time by source module (through the bundle’s source map):');
    lines.push('');
    lines.push('```');
    lines.push(profile.text);
    lines.push('```');
  }
  lines.push('');
  return lines.join('\n');
}

function summaryVersion(contenders, key) {
  return contenders.find((contender) => contender.key === key)?.label.split(' ').pop() ?? '';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
