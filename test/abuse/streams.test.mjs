// node --test test/abuse/streams.test.mjs: MAX_STREAMS_PER_ADDRESS over real HTTP on loopback,
// counted across two server instances on one SQLite file (the count lives in the store), and a
// closed stream's place freed for either instance.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createApp } from '../../server/app.mjs';
import { optionsFromEnv } from '../../server/config.mjs';
import { openStore } from '../../server/store/index.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'streams-'));
/** @type {(() => Promise<unknown>)[]} */
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One instance on the shared SQLite file. */
async function instance() {
  const store = await openStore({ dataDir });
  const { staticRoot: _unused, ...options } = optionsFromEnv({ MAX_STREAMS_PER_ADDRESS: '3' });
  const { app } = createApp({ ...options, store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  const { port } = /** @type {import('node:net').AddressInfo} */ (app.server.address());
  return { url: `http://127.0.0.1:${port}/api`, store };
}

/** Opens a stream; answers its status, the error body of a refusal, and a way to close it. @param {string} url */
async function stream(url) {
  const controller = new AbortController();
  const response = await fetch(`${url}/threads/t/events`, { signal: controller.signal });
  const body = response.status === 200 ? null : await response.json();
  return { status: response.status, body, close: () => controller.abort() };
}

it('counts open streams per address across two instances on one store, and frees a place when one closes', async () => {
  const [a, b] = [await instance(), await instance()];
  const open = [await stream(a.url), await stream(b.url), await stream(a.url)];
  assert.deepEqual(open.map((one) => one.status), [200, 200, 200]);
  const refused = [await stream(b.url), await stream(a.url)];
  assert.deepEqual(refused.map((one) => one.status), [429, 429], 'the fourth, on either instance');
  assert.deepEqual(refused.map((one) => one.body.error.code), ['rate_limited', 'rate_limited']);
  assert.equal(await a.store.countStreams('127.0.0.1'), 3);
  open[0].close(); // on instance A
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await stream(b.url); // on instance B
    status = next.status;
    if (status === 200) open.push(next);
  }
  assert.equal(status, 200, 'instance B sees the place A gave back');
  for (const one of open) one.close();
  for (let i = 0; i < 100 && (await a.store.countStreams('127.0.0.1')) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(await a.store.countStreams('127.0.0.1'), 0, 'every place given back');
});
