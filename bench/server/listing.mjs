#!/usr/bin/env node
// The list route side by side: this tree's server, another commit's server (--base, default
// HEAD), and a floor (./floor.mjs: a bare Fastify route answering the same bytes), each its own
// process on a SQLite file holding the same 500-comment thread, measured in turns (A B C A B C …)
// with autocannon so that the machine's load hits each alike. Reports the median requests/s of
// each and the median of each round's ratios (also in ./listing-results-<limit>.json). `--profile` writes a CPU profile of this tree's server (node --cpu-prof)
// under the same load and prints its hottest functions.
//   node bench/server/listing.mjs [--base <commit>] [--rounds 3] [--seconds 5] [--limit 50] [--as-owner] [--profile]
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, LIMITS_OFF } from '../../test/server/processes.mjs';
import { cpuMs } from './clients.mjs';
import { listRecords, LIST_THREAD } from './threads.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string', default: 'HEAD' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    limit: { type: 'string', default: '50' },
    connections: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
    // As a guest who has posted (an author-token cookie): a reader of their own, never answered from the cache.
    'as-owner': { type: 'boolean', default: false },
  },
});
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ct-bench-listing-'));
const log = (/** @type {string} */ line) => console.log(`[listing] ${line}`);

/** A copy of `commit`'s server/ (it imports nothing outside it but node_modules). @param {string} commit */
function checkout(commit) {
  const dir = join(work, 'base');
  mkdirSync(dir);
  execFileSync('sh', ['-c', `git -C "${root}" archive ${commit} server | tar -x -C "${dir}"`]);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  return dir;
}

/** Seeds a SQLite store in `dataDir` with the list thread, with the store code of `tree`. @param {string} tree @param {string} dataDir */
function seed(tree, dataDir) {
  const records = join(work, 'records.json');
  writeFileSync(records, JSON.stringify(listRecords()));
  const script = `import { openStore } from ${JSON.stringify(join(tree, 'server/store/index.mjs'))};
import { readFileSync } from 'node:fs';
const store = await openStore({ dataDir: ${JSON.stringify(dataDir)} });
await store.importRecords(JSON.parse(readFileSync(${JSON.stringify(records)}, 'utf8')));
await store.close();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}

/**
 * Starts `entry` on a free port and waits for `probe` to answer 200.
 * @param {string} entry @param {Record<string, string>} env @param {string} probe @param {string[]} [flags]
 */
async function start(entry, env, probe, flags = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [...flags, entry], {
    env: { ...process.env, SEED_FILE: 'none', HOST: '127.0.0.1', NODE_ENV: 'production', ...LIMITS_OFF, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; ) {
    try {
      if ((await fetch(url + probe)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { url, pid: /** @type {number} */ (child.pid), stop: () => (child.kill('SIGTERM'), exited) };
}

const path = `/api/threads/${LIST_THREAD}/comments?limit=${args.limit}`;
/** @type {Record<string, string>} */
const headers = args['as-owner'] ? { cookie: `ct_author=${'a'.repeat(43)}` } : {};
/**
 * requests/s and latency, and the server's CPU time per request (from /proc: what an answer
 * costs however many other processes want the CPU).
 * @param {{ url: string, pid: number }} server
 */
async function measure({ url, pid }) {
  const cpu = cpuMs(pid);
  const result = await autocannon({ url: url + path, connections: Number(args.connections), duration: Number(args.seconds), headers });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMsPerRequest: Math.round(((cpuMs(pid) - cpu) / result.requests.total) * 1000) / 1000 };
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const baseTree = checkout(args.base);
  const dirs = { current: join(work, 'data-current'), base: join(work, 'data-base') };
  seed(root, dirs.current);
  seed(baseTree, dirs.base);
  const profileDir = join(work, 'profile');
  const servers = {
    current: await start(join(root, 'server/index.mjs'), { DATA_DIR: dirs.current }, path, args.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    base: await start(join(baseTree, 'server/index.mjs'), { DATA_DIR: dirs.base }, path),
  };
  // The floor answers exactly what this tree's server answers.
  const body = await (await fetch(servers.current.url + path)).text();
  const bodyFile = join(work, 'body.json');
  writeFileSync(bodyFile, body);
  const floor = await start(fileURLToPath(new URL('./floor.mjs', import.meta.url)), { BODY_FILE: bodyFile, ROUTE: `/api/threads/:threadId/comments` }, path);
  const all = { floor, current: servers.current, base: servers.base };
  log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; limit=${args.limit}, ${args.connections} connections, ${args.seconds} s × ${args.rounds} rounds each; answer ${body.length} bytes`);
  /** @type {Record<string, { rps: number, p50: number, p99: number }[]>} */
  const runs = { floor: [], current: [], base: [] };
  for (const url of Object.values(all).map((s) => s.url)) await autocannon({ url: url + path, connections: 5, duration: 1 }); // warm up
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [name, server] of Object.entries(all)) {
      const one = await measure(server);
      runs[name].push(one);
      log(`round ${round + 1} ${name}: ${Math.round(one.rps)} req/s, p50 ${one.p50} ms, p99 ${one.p99} ms, server CPU ${one.cpuMsPerRequest} ms/request`);
    }
  }
  const result = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, { rps: Math.round(median(list.map((r) => r.rps))), p99: median(list.map((r) => r.p99)), cpuMsPerRequest: median(list.map((r) => r.cpuMsPerRequest)) }]),
  );
  // Each round's ratio (its runs were seconds apart, so under about the same load), then their median.
  const ratio = (/** @type {string} */ a, /** @type {string} */ b) => Math.round(median(runs[a].map((run, i) => run.rps / runs[b][i].rps)) * 100) / 100;
  log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const summary = JSON.stringify({
      limit: Number(args.limit),
      baseCommit: execFileSync('git', ['-C', root, 'rev-parse', '--short', args.base]).toString().trim(),
      ...result,
      currentOverBase: ratio('current', 'base'),
      currentOverFloor: ratio('current', 'floor'),
      baseOverFloor: ratio('base', 'floor'),
      loadAverage: loadavg()[0].toFixed(1),
      date: new Date().toISOString(),
      rounds: runs,
    });
  console.log(summary);
  writeFileSync(new URL(`./listing-results-${args.limit}${args['as-owner'] ? '-owner' : ''}.json`, import.meta.url), `${summary}\n`);
  await Promise.all(Object.values(all).map((s) => s.stop()));
  if (args.profile) {
    const file = join(profileDir, readdirSync(profileDir)[0]);
    console.log(hottest(JSON.parse(readFileSync(file, 'utf8'))));
    log(`profile: ${file}`);
  }
} finally {
  if (!args.profile) rmSync(work, { recursive: true, force: true });
}

/** The profile's self time by function, the 30 largest. @param {{ nodes: any[], samples: number[], timeDeltas: number[] }} profile */
function hottest(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<string, number>} */
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id);
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '').replace(root, '')}:${callFrame.lineNumber + 1}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const idle = self.get('(idle) :0') ?? 0;
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)
    .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((us / (total - idle)) * 100).toFixed(1).padStart(5)} %  ${key}`)
    .join('\n');
}
