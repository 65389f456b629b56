// The bench's statistics and tables: medians with min–max, ratios to the floor, the bootstrap
// interval of a ratio, and the per-size tables of bench/run.mjs (markdown and plain text).
import { createRandom } from './fixture.mjs';

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

export const fixed = (value, digits) => (value >= 100 || digits === 0 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits));

export function cell(summary, digits = 0) {
  if (!summary) return '—';
  const range = summary.n > 1 ? ` (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})` : '';
  return `${fixed(summary.median, digits)}${range}`;
}

function ratio(summary, floor) {
  if (!summary || !floor || !floor.median) return '—';
  return `${(summary.median / floor.median).toFixed(2)}×`;
}

export const METRICS = [
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

/** Per shape, size and contender: the runs' count, time-outs, errors and each metric's stats. */
export function summarise(results) {
  const summary = {};
  for (const [shape, bySize] of Object.entries(results)) {
    summary[shape] = {};
    for (const [size, byContender] of Object.entries(bySize)) {
      summary[shape][size] = {};
      for (const [key, runs] of Object.entries(byContender)) summary[shape][size][key] = summariseRuns(runs);
    }
  }
  return summary;
}

function summariseRuns(runs) {
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
  const scrolls = runs.map((run) => run.scroll).filter(Boolean);
  if (scrolls.length) entry.scroll = scrolls[0];
  const finds = runs.map((run) => run.find).filter(Boolean);
  if (finds.length) entry.find = finds[0];
  return entry;
}

/** One table cell: median (min–max), the ratio to the floor, or why there is no number. */
function cellFor(sizeSummary, key, metric, separator) {
  const entry = sizeSummary[key];
  if (!entry) return 'not run';
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

/** The table of one shape and size (`sizeSummary`: contender key → summary), the contenders that ran. */
export function markdownTable(sizeSummary, allContenders) {
  const contenders = allContenders.filter((contender) => sizeSummary[contender.key]);
  const header = ['', ...contenders.map((contender) => contender.label)];
  const rows = [];
  for (const metric of METRICS) {
    rows.push([
      metric.title,
      ...contenders.map((contender) => {
        return cellFor(sizeSummary, contender.key, metric, ' · ');
      }),
    ]);
  }
  rows.push(['runs', ...contenders.map((contender) => String(sizeSummary[contender.key].runs))]);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, index) => (index ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

export function plainTable(sizeSummary, allContenders) {
  const contenders = allContenders.filter((contender) => sizeSummary[contender.key]);
  const header = ['', ...contenders.map((contender) => contender.key)];
  const rows = METRICS.map((metric) => [
    metric.title,
    ...contenders.map((contender) => {
      return cellFor(sizeSummary, contender.key, metric, ' ');
    }),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column]).length)));
  const format = (row) => row.map((value, column) => (column ? String(value).padStart(widths[column]) : String(value).padEnd(widths[column]))).join('  ');
  return [format(header), ...rows.map(format)].join('\n');
}

