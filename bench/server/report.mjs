// The "Reference server under load" section of BENCHMARKS.md, written by `npm run bench:server`
// between two markers; `npm run bench` (bench/run.mjs), which rewrites the rest of the file,
// keeps it (bench/report.mjs `nextReport`).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCHMARKS = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const START = '<!-- bench:server start -->';
const END = '<!-- bench:server end -->';

/** The section in `markdown`, markers included, or ''. @param {string} markdown */
export function serverSection(markdown) {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  return start >= 0 && end > start ? markdown.slice(start, end + END.length) : '';
}

/** `markdown` with its server section replaced by `section` (or `section` appended). @param {string} markdown @param {string} section */
export function withServerSection(markdown, section) {
  const old = serverSection(markdown);
  if (old) return markdown.replace(old, section);
  return `${markdown.replace(/\n*$/, '\n\n')}${section}\n`;
}

/** Writes `body` (markdown) as the server section. @param {string} body */
export function writeServerSection(body) {
  const current = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  writeFileSync(BENCHMARKS, withServerSection(current, `${START}\n${body.trim()}\n${END}`));
}

/** @param {number} x */
const n = (x) => (Number.isFinite(x) ? x.toLocaleString('en-US') : '—');

/**
 * The section's markdown from bench/server/results.json and the notes (bench/server/notes.md).
 * @param {any} results @param {string} notes
 */
export function renderServerSection(results, notes) {
  const { machine, settings } = results;
  const rows = [];
  const setups = /** @type {[string, any][]} */ ([
    ['SQLite, 1 instance', results.sqlite],
    ['PostgreSQL, 2 instances + proxy', results.postgres],
  ]).filter(([, data]) => data);
  const list = (/** @type {any} */ l) => `${n(l.requestsPerSecond)} req/s, p50 ${n(l.latencyMs.p50)} ms, p99 ${n(l.latencyMs.p99)} ms; server CPU ${l.serverCpuMsPerRequest} ms/request${l.non2xx || l.errors ? ` (**${l.non2xx} non-2xx, ${l.errors} errors**)` : ''}`;
  rows.push(`| | ${setups.map(([name]) => name).join(' | ')} |`, `| --- |${setups.map(() => ' --- |').join('')}`);
  rows.push(`| list, 50 a page | ${setups.map(([, d]) => list(d.list50)).join(' | ')} |`);
  rows.push(`| list, all 500 (five pages of 100, the largest page, chained by cursor) | ${setups.map(([, d]) => `${n(d.list500.readsPerSecond)} whole threads/s = ${list(d.list500)}`).join(' | ')} |`);
  rows.push(`| posting (${settings.posts} at ${settings.rate}/s) | ${setups.map(([, d]) => `${d.live.posting.perSecond}/s achieved, p50 ${n(d.live.posting.p50)} ms, p99 ${n(d.live.posting.p99)} ms${Object.keys(d.live.posting.retried).length ? `; retried ${JSON.stringify(d.live.posting.retried)}` : ''}`).join(' | ')} |`);
  rows.push(`| open live streams | ${setups.map(([, d]) => n(d.live.streams)).join(' | ')} |`);
  rows.push(`| fan-out delay (post sent → change received) | ${setups.map(([, d]) => `p50 ${n(d.live.fanOutMs.p50)} ms, p99 ${n(d.live.fanOutMs.p99)} ms, max ${n(d.live.fanOutMs.max)} ms`).join(' | ')} |`);
  rows.push(`| fan-out delay (post answered → change received) | ${setups.map(([, d]) => (d.live.afterAnswerMs ? `p50 ${n(d.live.afterAnswerMs.p50)} ms, p99 ${n(d.live.afterAnswerMs.p99)} ms, max ${n(d.live.afterAnswerMs.max)} ms` : '—')).join(' | ')} |`);
  rows.push(`| server CPU per delivered change | ${setups.map(([, d]) => `${n(d.live.serverCpuUsPerDelivery)} µs`).join(' | ')} |`);
  rows.push(`| server memory per open stream (RSS) | ${setups.map(([, d]) => `${d.live.memoryPerStreamKB} KB`).join(' | ')} |`);
  rows.push(`| deliveries checked | ${setups.map(([, d]) => n(d.live.deliveries)).join(' | ')} |`);
  rows.push(`| lost / duplicated / unknown / not stored once | ${setups.map(([, d]) => `${d.live.lost} / ${d.live.duplicated} / ${d.live.unknown} / ${d.live.notStoredOnce}${d.live.ok ? '' : ' **FAILED**'}`).join(' | ')} |`);
  rows.push(`| stream reconnects | ${setups.map(([, d]) => n(d.live.reconnects)).join(' | ')} |`);
  const outage = results.postgres?.outage;
  return [
    '## Reference server under load',
    '',
    'Written by `npm run bench:server` (`node bench/server/run.mjs`, ~3 minutes, loopback only); do not edit by hand — run it again.',
    '',
    `- Machine: ${machine.cpu}, ${machine.cpus} cores (shared with the load generator, the proxy, PostgreSQL and other engineers' jobs), ${machine.memoryGB} GB, Node ${machine.node}`,
    `- Date: ${results.date}; the run took ${results.seconds} s; load average (1 min) ${results.load?.start ?? '?'} at the start, ${results.load?.end ?? '?'} at the end`,
    `- Listing: autocannon, 20 connections, ${settings.seconds} s per row, a 500-comment thread (100 conversations of 5): its first page of 50, and all 500 read as a provider pages them. Posting: one reader at a steady rate, a failed post retried with the same Idempotency-Key and cookie. Streams: each its own connection and session, reconnecting with its last event id (as RestProvider).`,
    outage ? `- PostgreSQL: instance B was killed (SIGKILL) at post ${outage.killedAtPost} and answered again ${n(outage.restartedAfterMs)} ms later (on the same port); the proxy skips an instance that refuses connections.` : '',
    results.ratios ? `- PostgreSQL with two instances ÷ SQLite with one, requests/s: list 50 ×${results.ratios.list50}, list 500 ×${results.ratios.list500}; server CPU per request: list 50 ×${results.ratios.cpu50}, list 500 ×${results.ratios.cpu500}.` : '',
    '',
    ...rows,
    '',
    notes.trim(),
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
