// `npm run bench`: renders generated threads of three shapes (bench/shapes.mjs: classic, blog,
// forum) at 100, 1,000 and 10,000 comments with our <comment-thread>, a hand-written floor (plain
// DOM, marked, DOMPurify) and the peers Artalk and Waline, in headless Chromium, interleaved
// (ABCD ABCD …), and prints medians with min–max and ratios to the floor; at 10,000 it scrolls
// the whole thread and looks for comments with find-in-page; it measures the first screen over a
// paging backend at 100 and 10,000 (bench/paged.mjs), the lazy form's focus-to-usable and the
// first load's size, judges issue 19's targets (bench/targets.mjs) and
// writes BENCHMARKS.md (bench/report.mjs) and bench/results.json.
//
// Options: --sizes=100,1000   --shapes=classic,forum   --reps=3 (every cell)   --only=ours,floor
//          --no-write (print only)   --profile (where our time goes, classic at 1,000)
//          --no-focus (skip form-focus)   --no-paged (skip the paged first screen)   --scroll-at=1000 (the size that gets the scroll run and
//          find-in-page, measure.mjs `SCROLL_AT` by default)   --report-only (rewrite BENCHMARKS.md from bench/results.json)
//
// Each run is a fresh browser context (cold caches, its own renderer), one page at a time. Times
// are from navigation start, and a comment counts from the frame that can show it (pages/probe.js).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeThread, landmarks } from './fixture.mjs';
import { findTargets, findToken, generateShape, SHAPES, whereIn } from './shapes.mjs';
import { startServer } from './server.mjs';
import { launchBrowser } from './browser.mjs';
import { profileOurs } from './profile.mjs';
import { measureFormFocus } from './form-focus.mjs';
import { measurePaged, PAGED_RUNS } from './paged.mjs';
import { CONTENDERS, runOnce, SCROLL_AT, TIMEOUT_MS } from './measure.mjs';
import { cell, fixed, plainTable, summarise } from './stats.mjs';
import { judgeTargets } from './targets.mjs';
import { BENCH_SETTINGS, BENCHMARKS, writeReport } from './report.mjs';
import { measureBundle } from '../scripts/size.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

/**
 * Runs per cell, chosen so the whole `npm run bench` stays under 15 minutes on 2 cores
 * (`describePlan` puts it in words for the report). A size with `peers` runs ours and the floor in
 * every shape and only the peers it names, in the shapes it names: Artalk never finished 10,000
 * within its timeout in earlier runs, and no issue 19 target at 10,000 compares with the peers.
 */
export const PLAN = {
  100: { reps: 5 },
  1000: { reps: 3 },
  10000: { reps: 1, peers: { waline: ['classic'] } },
};
const BASELINES = ['ours', 'floor'];

/** Whether `key` runs in `shape` at a size planned as `sizePlan`. */
const takesPart = (sizePlan, key, shape) => !sizePlan.peers || BASELINES.includes(key) || Boolean(sizePlan.peers[key]?.includes(shape));

/** The runs per cell in words, for the report: `reps` (`--reps`) for every cell, or `plan`. */
export function describePlan(reps, plan = PLAN, timeouts = TIMEOUT_MS, contenders = CONTENDERS) {
  if (reps) return `${reps} per contender, shape and size`;
  const peers = contenders.filter((contender) => !BASELINES.includes(contender.key));
  return Object.entries(plan)
    .map(([size, sizePlan], at) => {
      const n = Number(size).toLocaleString('en-US');
      if (!sizePlan.peers) return `${n}: ${sizePlan.reps}${at === 0 ? ' per contender and shape' : ''}`;
      const name = (contender) => contender.label.split(' ')[0];
      const shapesOf = (contender) => sizePlan.peers[contender.key] ?? [];
      const running = peers.filter((contender) => shapesOf(contender).length).map((contender) => `${sizePlan.reps} for ${name(contender)} in the ${shapesOf(contender).join(' and ')} shape${shapesOf(contender).length > 1 ? 's' : ''} only`);
      const left = peers.filter((contender) => !shapesOf(contender).length).map((contender) => `none for ${name(contender)} (it never finished ${n} in ${timeouts[size] / 1000} s)`);
      return `${n}: ${sizePlan.reps} for ours and the floor in every shape, ${[...running, ...left].join(', ')}`;
    })
    .join('; ');
}
const FOCUS_RUNS = 5;

function parseArgs(argv) {
  const options = { sizes: Object.keys(PLAN).map(Number), shapes: SHAPES, reps: null, only: null, write: true, profile: false, focus: true, paged: true, scrollAt: SCROLL_AT };
  for (const arg of argv) {
    const [name, value] = arg.replace(/^--/, '').split('=');
    if (name === 'sizes') options.sizes = value.split(',').map(Number).filter((size) => size > 0);
    else if (name === 'shapes') {
      // A misspelt shape would measure nothing and still write the report.
      options.shapes = value.split(',');
      for (const shape of options.shapes) if (!SHAPES.includes(shape)) throw new Error(`Unknown shape ${shape} (${SHAPES.join(', ')})`);
    }
    else if (name === 'reps') options.reps = Math.max(1, Number(value) || 1);
    else if (name === 'only') options.only = value.split(',');
    else if (name === 'no-write') options.write = false;
    else if (name === 'profile') options.profile = true;
    else if (name === 'no-focus') options.focus = false;
    else if (name === 'no-paged') options.paged = false;
    else if (name === 'scroll-at') options.scrollAt = Number(value);
    else if (name === 'report-only') options.reportOnly = true;
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
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

/** One line per run, as it happens. */
function logRun(shape, size, rep, key, run) {
  const first = run.firstVisible === undefined ? '     —' : fixed(run.firstVisible, 0).padStart(6);
  const all = run.timedOut ? `not done in ${run.timeout / 1000} s` : `${fixed(run.allRendered, 0).padStart(6)} ms`;
  const heap = Number.isFinite(run.heapMB) ? `  heap ${run.heapMB.toFixed(1)} MB` : '';
  const shown = run.comments === undefined ? '' : `  ${run.comments} comments`;
  const scroll = run.scroll ? `  scroll: longest frame ${Math.round(run.scroll.longestFrame)} ms, ${run.scroll.framesOver50}/${run.scroll.frames} over 50 ms in ${(run.scroll.ms / 1000).toFixed(1)} s${run.scroll.reachedEnd ? '' : ' (stopped)'}` : '';
  const find = run.find ? `  find: ${Object.entries(run.find).map(([group, r]) => `${r.found}/${r.asked} ${group}`).join(', ')}` : '';
  const errors = run.errors.length ? `  errors: ${run.errors.join('; ').slice(0, 300)}` : '';
  process.stdout.write(`  ${shape.padEnd(7)} ${String(size).padStart(5)} #${rep + 1} ${key.padEnd(6)} first ${first} ms  all ${all}${heap}${shown}${scroll}${find}${errors}\n`);
}

/** Every shape and size, contenders interleaved: `results[shape][size][contender]` = runs. */
async function measureAll(browser, server, contenders, options) {
  const results = {};
  const threadStats = {};
  for (const shape of options.shapes) {
    results[shape] = {};
    threadStats[shape] = {};
    for (const size of options.sizes) {
      const records = generateShape(shape, size);
      threadStats[shape][size] = describeThread(records);
      const marks = landmarks(records);
      const targets = findTargets(records);
      const find = size === options.scrollAt ? { spread: targets.spread.map(findToken), folded: targets.folded.map(findToken) } : null;
      const where = whereIn(records);
      const plan = PLAN[size] ?? { reps: 3 };
      const reps = options.reps ?? plan.reps;
      const runs = contenders.filter((contender) => takesPart(plan, contender.key, shape));
      results[shape][size] = {};
      const gaveUp = new Set();
      for (let rep = 0; rep < reps; rep++) {
        for (const contender of runs) {
          // A contender that could not finish once is not made to time out again.
          if (gaveUp.has(contender.key)) continue;
          const extra = rep === 0 && find && BASELINES.includes(contender.key) ? { scroll: true, find } : {};
          const run = await runOnce(browser, server.origin, contender, size, marks, { shape, ...extra });
          // Too slow (it showed comments but not all in time, or is stuck in one task) is not
          // retried; a page that showed nothing and is idle failed otherwise and gets its next turn.
          if (run.timedOut && (run.firstVisible !== undefined || run.stuck)) gaveUp.add(contender.key);
          if (run.find) for (const group of Object.values(run.find)) group.where = group.missing?.map(where);
          (results[shape][size][contender.key] ??= []).push(run);
          logRun(shape, size, rep, contender.key, run);
        }
      }
    }
  }
  return { results, threadStats };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.reportOnly) {
    // Rewrites BENCHMARKS.md from bench/results.json (after editing bench/notes.md, say).
    const data = JSON.parse(readFileSync(RESULTS, 'utf8'));
    writeReport({ ...data, contenders: CONTENDERS });
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
  try {
    const info = await machine(browser, server.root);
    console.log(`bench: ${info.cpu}, ${info.cores} cores, ${info.memoryGB} GB; ${info.chromium}; Node ${info.node}; load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);

    // One untimed round first: Chromium's first pages pay for its own start-up.
    const warm = landmarks(generateShape('classic', 100));
    for (const contender of contenders) await runOnce(browser, server.origin, contender, 100, warm);

    const { results, threadStats } = await measureAll(browser, server, contenders, options);
    const summary = summarise(results);
    for (const shape of options.shapes) {
      for (const size of options.sizes) {
        console.log(`\n${shape}, ${size.toLocaleString('en-US')} comments — median (min–max), ×floor`);
        console.log(plainTable(summary[shape][size], contenders));
        const ours = summary[shape][size].ours;
        if (ours?.replyToPaint) console.log(`a reply: answer → in DOM ${cell(ours.replyToDom, 1)} ms, → painted ${cell(ours.replyToPaint, 1)} ms`);
      }
    }

    let paged;
    if (options.paged && contenders.some((contender) => contender.key === 'ours')) {
      paged = await measurePaged(browser, server.origin, options.shapes, options.reps ?? PAGED_RUNS);
      for (const [shape, bySize] of Object.entries(paged.shapes)) {
        console.log(`paged first screen, ${shape}: ${Object.entries(bySize).map(([at, entry]) => `${Number(at).toLocaleString('en-US')} ${cell(entry.firstVisible, 0)} ms`).join(', ')}`);
      }
    }
    let focus;
    if (options.focus && contenders.some((contender) => contender.key === 'ours')) {
      focus = await measureFormFocus(browser, options.reps ?? FOCUS_RUNS);
      console.log(`\nform focus-to-usable (CPU 4× throttled): form ${focus.formMs.toFixed(1)} ms, plain textarea ${focus.floorMs.toFixed(1)} ms`);
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

    const checks = contenders.length === CONTENDERS.length ? judgeTargets(summary, { size, focus, paged }) : [];
    console.log('\nTargets (issue 19):');
    for (const check of checks) console.log(`  ${check.met ? 'met   ' : 'MISSED'} ${check.shape} ${check.size ?? ''}: ${check.name}: ${check.measured}`);

    const elapsed = (Date.now() - started) / 1000;
    console.log(`\nbench took ${Math.round(elapsed)} s; load average now ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
    if (options.write && contenders.length === CONTENDERS.length) {
      const plan = { describe: describePlan(options.reps), reps: options.reps, PLAN };
      const settings = { ...BENCH_SETTINGS, scrollAt: options.scrollAt };
      const data = { info, summary, shapes: options.shapes, sizes: options.sizes, stats: threadStats, checks, profile, size, focus, paged, elapsed, plan, settings, results };
      // Every run's numbers, so the report can be rewritten (`--report-only`) without measuring again.
      writeFileSync(RESULTS, `${JSON.stringify(data, null, 1)}\n`);
      writeReport({ ...data, contenders });
      console.log(`wrote ${BENCHMARKS} and ${RESULTS}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
