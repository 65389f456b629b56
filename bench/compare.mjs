// Before/after: `<comment-thread>` from two checkouts, interleaved in one browser (A B A B …), as
// `npm run bench` runs contenders, with medians, the after/before ratio per measure and its 95 %
// bootstrap interval, and the load average the runs started under (the machine may be shared).
//
//   node bench/compare.mjs <before checkout> [--sizes=100,1000] [--reps=5]
//
// Each checkout must be built (`npm run build`); each is served by its own bench server (its
// bench/server.mjs, its dist/), so the two pages differ only in the code under test.
import { generateThread, landmarks } from './fixture.mjs';
import { launchBrowser } from './browser.mjs';
import { CONTENDERS, runOnce } from './measure.mjs';
import { ratioInterval, stats } from './stats.mjs';
import { startServer } from './server.mjs';

const args = process.argv.slice(2);
const before = args.find((arg) => !arg.startsWith('--'));
if (!before) throw new Error('usage: node bench/compare.mjs <before checkout> [--sizes=100,1000] [--reps=5]');
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const sizes = option('sizes', '100,1000').split(',').map(Number);
const reps = Number(option('reps', '5'));
const ours = CONTENDERS.find((contender) => contender.key === 'ours');

const { startServer: startBefore } = await import(new URL(`file://${before.replace(/\/$/, '')}/bench/server.mjs`).href);
const servers = { before: await startBefore({ snapshot: true }), after: await startServer({ snapshot: true }) };
const browser = await launchBrowser();
const measures = ['firstVisible', 'allRendered', 'cpuMain', 'heapMB', 'nodesPerComment'];
const rows = [];
const loads = [];
try {
  const warm = generateThread(100);
  for (const side of ['before', 'after']) await runOnce(browser, servers[side].origin, ours, 100, landmarks(warm));
  for (const size of sizes) {
    const marks = landmarks(generateThread(size));
    const runs = { before: [], after: [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const side of rep % 2 ? ['after', 'before'] : ['before', 'after']) {
        const run = await runOnce(browser, servers[side].origin, ours, size, marks);
        runs[side].push(run);
        console.log(`${size} #${rep + 1} ${side.padEnd(6)} first ${Math.round(run.firstVisible ?? NaN)} ms, all ${Math.round(run.allRendered ?? NaN)} ms, cpu ${Math.round(run.cpuMain ?? NaN)} ms${run.errors.length ? `, errors: ${run.errors.join('; ')}` : ''}`);
      }
    }
    // The machine is shared: how busy it was (1-minute load average as each run started) goes with the numbers.
    const load = stats([...runs.before, ...runs.after].map((run) => run.loadAverage));
    loads.push(`${size}: load average ${load.median.toFixed(1)} (${load.min.toFixed(1)}–${load.max.toFixed(1)}) over ${reps} runs each`);
    for (const measure of measures) {
      const values = (side) => runs[side].map((run) => run[measure]).filter(Number.isFinite);
      const median = (side) => stats(values(side))?.median;
      rows.push({ size, measure, before: median('before'), after: median('after'), interval: ratioInterval(values('before'), values('after')) });
    }
  }
} finally {
  await browser.close();
  await Promise.all(Object.values(servers).map((server) => server.close?.()));
}
console.log(`\n${loads.join('\n')}`);
console.log('\n| comments | measure | before (median) | after (median) | after / before | 95 % interval |\n|---:|---|---:|---:|---:|---:|');
for (const row of rows) {
  const interval = row.interval ? `${row.interval.low.toFixed(2)}–${row.interval.high.toFixed(2)}` : '—';
  console.log(`| ${row.size} | ${row.measure} | ${row.before?.toFixed(1)} | ${row.after?.toFixed(1)} | ${(row.after / row.before).toFixed(3)} | ${interval} |`);
}
