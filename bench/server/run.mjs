#!/usr/bin/env node
// npm run bench:server: the reference server under load, on loopback, in about three minutes.
//   1. SQLite, one instance: the thread list (500 comments) read 50 at a time and whole (autocannon;
//      100 is the contract's largest page, so the 500 are read as five pages chained by cursor), then N open
//      live streams while comments are posted at a steady rate.
//   2. PostgreSQL (a throwaway cluster), two instances behind a round-robin proxy (./proxy.mjs):
//      the same, and one instance killed (SIGKILL) and restarted mid-run.
// Reports requests/s and p50/p99 latency, fan-out delay (post sent → change received by a stream)
// p99, server memory per open stream, and whether every posted comment was stored once and
// reached every stream once (./ledger.mjs). Writes bench/server/results.json.
// and the "Reference server under load" section of BENCHMARKS.md (with bench/server/notes.md);
// --report-only rewrites that section from results.json.
//   node bench/server/run.mjs [--streams 1000] [--pg-streams 500] [--seconds 8] [--posts 200] [--rate 10] [--only sqlite|postgres]
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgres } from '../../scripts/postgres.mjs';
import { openStore } from '../../server/store/index.mjs';
import { startServer } from '../../test/server/processes.mjs';
import { cpuMs, poster, reader, rss } from './clients.mjs';
import { Ledger, summary } from './ledger.mjs';
import { startProxy } from './proxy.mjs';
import { renderServerSection, writeServerSection } from './report.mjs';
import { LIST_THREAD, LIVE_THREAD, listRecords } from './threads.mjs';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000' },
    'pg-streams': { type: 'string', default: '500' },
    seconds: { type: 'string', default: '8' },
    posts: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    only: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const POSTS = Number(args.posts);
const RATE = Number(args.rate);
const log = (/** @type {string} */ line) => console.log(`[bench:server] ${line}`);

/** The servers' CPU time in ms. @param {number[]} pids */
const serverCpu = (pids) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

/** The largest page the API serves (LIMITS.pageSizeMax): 500 comments are read as pages of this many. */
const PAGE_MAX = 100;

/**
 * autocannon on the list thread, `size` comments a read: one request when `size` fits a page,
 * otherwise pages of PAGE_MAX chained by `nextCursor` (as a reader's provider would page), each
 * connection starting the thread again after its last page.
 * @param {string} url @param {number} size @param {number[]} pids the servers'
 */
async function listing(url, size, pids) {
  const cpu = serverCpu(pids);
  const first = `/api/threads/${LIST_THREAD}/comments?limit=${Math.min(size, PAGE_MAX)}`;
  const pages = Math.ceil(size / PAGE_MAX);
  /** @type {import('autocannon').Request[]} */
  const requests = Array.from({ length: pages }, (_, i) => ({
    method: 'GET',
    ...(i === 0
      ? { path: first }
      : { setupRequest: (/** @type {any} */ request, /** @type {any} */ context) => ({ ...request, path: `${first}&cursor=${encodeURIComponent(context.cursor)}` }) }),
    onResponse: (/** @type {number} */ _status, /** @type {string} */ body, /** @type {any} */ context) => {
      if (pages > 1) context.cursor = JSON.parse(body).nextCursor;
    },
  }));
  const result = await autocannon({ url, requests, connections: 20, duration: SECONDS });
  return {
    pages,
    requestsPerSecond: Math.round(result.requests.average),
    // Whole reads of `size` comments a second.
    readsPerSecond: Math.round(result.requests.average / pages),
    // The servers' CPU per request: what the answer costs whatever else the machine does.
    serverCpuMsPerRequest: Math.round(((serverCpu(pids) - cpu) / result.requests.total) * 100) / 100,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * N readers on the live thread, then POSTS comments at RATE; `during(i)` runs before post i.
 * @param {{ url: string, streams: number, pids: () => number[], countByBody: (bodies: string[]) => Promise<Map<string, number>>,
 *   during?: (i: number) => void, prefix: string }} setup
 */
async function fanOut({ url, streams, pids, countByBody, during, prefix }) {
  const ledger = new Ledger();
  const before = pids().map(rss);
  const readers = [];
  for (let i = 0; i < streams; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(streams, i + 50); j++) {
      ledger.addStream(`s${j}`);
      const one = reader(url, LIVE_THREAD, (id, at) => ledger.deliver(`s${j}`, id, at));
      readers.push(one);
      batch.push(one.ready);
    }
    await Promise.all(batch);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = pids().map(rss);
  const memoryPerStreamKB = Math.round((after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) / streams / 1024 * 10) / 10;
  log(`${streams} streams open; server RSS ${before.map((b) => Math.round(b / 2 ** 20))} → ${after.map((b) => Math.round(b / 2 ** 20))} MB`);
  /** @type {number[]} */
  const postMs = [];
  /** @type {Map<string, string>} */
  const bodies = new Map();
  const cpuBefore = serverCpu(pids());
  const benchCpu = process.cpuUsage();
  const posting = await poster(url, LIVE_THREAD, {
    count: POSTS,
    perSecond: RATE,
    prefix,
    at: during,
    onPosted: (id, body, sentAt, ms) => {
      ledger.post(id, sentAt, performance.now());
      bodies.set(id, body);
      postMs.push(ms);
    },
  });
  // Until every stream has every comment, or nothing more arrived for 10 s (a loaded machine
  // delivers late: late is counted in the delay, lost only what never came), or 2 minutes.
  const deadline = performance.now() + 120_000;
  let lastCount = -1;
  let quietSince = performance.now();
  for (;;) {
    const audit = ledger.audit();
    if (audit.ok || performance.now() > deadline) break;
    if (audit.deliveries !== lastCount) (lastCount = audit.deliveries), (quietSince = performance.now());
    else if (performance.now() - quietSince > 10_000) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // late duplicates, if any
  // The servers' CPU for the posts and their fan-out, per delivered change (a restarted instance
  // counts from its start); the bench's own (posting and reading every stream).
  const cpuPerDeliveryUs = Math.round(((serverCpu(pids()) - cpuBefore) * 1000) / Math.max(1, ledger.audit().deliveries));
  const used = process.cpuUsage(benchCpu);
  const benchCpuS = Math.round((used.user + used.system) / 1e5) / 10;
  for (const one of readers) one.stop();
  const counts = await countByBody([...bodies.values()]);
  const stored = new Map([...bodies].map(([id, body]) => [id, counts.get(body) ?? 0]));
  const audit = ledger.audit(stored);
  return {
    streams,
    memoryPerStreamKB,
    posting: { ...summary(postMs), retried: posting.retried, perSecond: Math.round((POSTS / posting.seconds) * 10) / 10 },
    reconnects: readers.reduce((sum, one) => sum + one.reconnects, 0),
    serverCpuUsPerDelivery: cpuPerDeliveryUs,
    benchCpuSeconds: benchCpuS,
    wallSeconds: Math.round(posting.seconds),
    ...audit,
  };
}

async function sqliteRun() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-server-'));
  try {
    const store = await openStore({ dataDir });
    await store.importRecords(listRecords());
    await store.close();
    let server = await startServer({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    try {
      log('SQLite, one instance: listing 50…');
      const list50 = await listing(server.url, 50, [/** @type {number} */ (server.child.pid)]);
      log(`  ${JSON.stringify(list50)}; listing 500 (five pages of 100)…`);
      const list500 = await listing(server.url, 500, [/** @type {number} */ (server.child.pid)]);
      log(`  ${JSON.stringify(list500)}; streams and posting (on a freshly started instance, so the listing's garbage does not blur memory per stream)…`);
      await server.stop('SIGTERM');
      server = await startServer({ DATA_DIR: dataDir, NODE_ENV: 'production' }, { port: server.port });
      const live = await fanOut({
        url: server.url,
        streams: Number(args.streams),
        pids: () => [/** @type {number} */ (server.child.pid)],
        prefix: 'sqlite',
        countByBody: async (bodies) => {
          const db = new Database(join(dataDir, 'comments.sqlite'), { readonly: true });
          const query = db.prepare('select count(*) as n from comments where body = ?');
          const counts = new Map(bodies.map((body) => [body, /** @type {{ n: number }} */ (query.get(body)).n]));
          db.close();
          return counts;
        },
      });
      log(`  ${JSON.stringify(live)}`);
      return { list50, list500, live };
    } finally {
      await server.stop('SIGTERM');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresRun() {
  const cluster = await startPostgres({ name: 'ct-bench-server' });
  /** @type {Awaited<ReturnType<typeof startServer>>[]} */
  const servers = [];
  try {
    const store = await openStore({ databaseUrl: cluster.url });
    await store.importRecords(listRecords());
    await store.close();
    const env = { DATABASE_URL: cluster.url, NODE_ENV: 'production' };
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
    const proxy = await startProxy(servers.map((server) => server.url));
    try {
      log('PostgreSQL, two instances behind a round-robin proxy: listing 50…');
      const list50 = await listing(proxy.url, 50, servers.map((server) => /** @type {number} */ (server.child.pid)));
      log(`  ${JSON.stringify(list50)}; listing 500 (five pages of 100)…`);
      const list500 = await listing(proxy.url, 500, servers.map((server) => /** @type {number} */ (server.child.pid)));
      log(`  ${JSON.stringify(list500)}; streams and posting on freshly started instances, instance B killed and restarted mid-run…`);
      for (const [i, server] of servers.entries()) {
        await server.stop('SIGTERM');
        servers[i] = await startServer(env, { port: server.port });
      }
      const killAt = Math.floor(POSTS / 3);
      /** @type {{ killedAtPost: number, restartedAfterMs: number } | null} */
      let outage = null;
      const live = await fanOut({
        url: proxy.url,
        streams: Number(args['pg-streams']),
        pids: () => servers.map((server) => /** @type {number} */ (server.child.pid)),
        prefix: 'postgres',
        during: (i) => {
          if (i !== killAt) return;
          const killed = performance.now();
          const b = servers[1];
          b.child.kill('SIGKILL');
          b.exited.then(async () => {
            await new Promise((resolve) => setTimeout(resolve, 2000));
            servers[1] = await startServer(env, { port: b.port });
            outage = { killedAtPost: i, restartedAfterMs: Math.round(performance.now() - killed) };
            log(`  instance B back after ${outage.restartedAfterMs} ms`);
          });
        },
        countByBody: async (bodies) => {
          const client = new pg.Client({ connectionString: cluster.url });
          await client.connect();
          const { rows } = await client.query('select body, count(*)::int as n from comments where body = any($1) group by body', [bodies]);
          await client.end();
          return new Map(rows.map((row) => [row.body, row.n]));
        },
      });
      log(`  ${JSON.stringify(live)}`);
      return { list50, list500, live, outage, proxiedTo: proxy.counts };
    } finally {
      await proxy.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop('SIGTERM')));
    cluster.stop();
  }
}

const RESULTS = new URL('./results.json', import.meta.url);
const NOTES = new URL('./notes.md', import.meta.url);
const notes = () => (existsSync(NOTES) ? readFileSync(NOTES, 'utf8') : '');
if (args['report-only']) {
  writeServerSection(renderServerSection(JSON.parse(readFileSync(RESULTS, 'utf8')), notes()));
  log('wrote the server section of BENCHMARKS.md from bench/server/results.json');
  process.exit(0);
}
const started = Date.now();
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version };
const results = /** @type {Record<string, any>} */ ({
  date: new Date().toISOString(),
  machine,
  settings: { seconds: SECONDS, posts: POSTS, rate: RATE },
  load: { start: loadavg()[0].toFixed(1) },
});
if (args.only !== 'postgres') results.sqlite = await sqliteRun();
if (args.only !== 'sqlite') results.postgres = await postgresRun();
if (results.sqlite && results.postgres) {
  results.ratios = {
    list50: Math.round((results.postgres.list50.requestsPerSecond / results.sqlite.list50.requestsPerSecond) * 100) / 100,
    list500: Math.round((results.postgres.list500.requestsPerSecond / results.sqlite.list500.requestsPerSecond) * 100) / 100,
    cpu50: Math.round((results.postgres.list50.serverCpuMsPerRequest / results.sqlite.list50.serverCpuMsPerRequest) * 100) / 100,
    cpu500: Math.round((results.postgres.list500.serverCpuMsPerRequest / results.sqlite.list500.serverCpuMsPerRequest) * 100) / 100,
  };
}
results.load.end = loadavg()[0].toFixed(1);
results.seconds = Math.round((Date.now() - started) / 1000);
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
if (results.sqlite && results.postgres) writeServerSection(renderServerSection(results, notes()));
const failed = [results.sqlite?.live, results.postgres?.live].filter((live) => live && !live.ok);
log(`done in ${results.seconds} s; ${failed.length ? 'LOST OR DUPLICATED COMMENTS: see results.json' : 'every comment stored once and delivered to every stream once'}`);
process.exit(failed.length ? 1 : 0);
