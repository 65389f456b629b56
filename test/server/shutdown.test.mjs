// node --test test/server/shutdown.test.mjs: the reference server (a real process on SQLite) shuts
// down gracefully on SIGTERM and SIGINT: open streams are told to reconnect (`retry:` and a
// `reconnect` event) and end, a request in flight is answered, the process exits 0, and what was
// stored is there after a restart on the same data folder. The health check answers 200.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStream, post, startServer } from './processes.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'comment-thread-shutdown-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
    it(`${signal}: streams told to reconnect, the request in flight answered, exit 0, nothing lost`, async () => {
      const server = await startServer({ DATA_DIR: dataDir });
      const health = await fetch(`${server.url}/api/health`);
      assert.equal(health.status, 200);
      assert.equal((await health.json()).store, 'sqlite');
      const streams = await Promise.all([openStream(server.url, 't'), openStream(server.url, 'u')]);
      for (const stream of streams) await stream.waitFor((event) => event.event === 'ready');
      const posted = await post(server.url, 't', `before ${signal}`);
      // A request in flight when the signal comes: its headers and half its body are sent
      // before, the rest after.
      const body = Buffer.from(JSON.stringify({ parentId: null, body: `in flight ${signal}`, guest: { name: 'S', email: 's@example.com' } }));
      const request = http.request(`${server.url}/api/threads/t/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'idempotency-key': `slow-${signal}`, origin: server.url },
      });
      /** @type {Promise<number | undefined>} */
      const slow = new Promise((resolve, reject) => {
        request.on('response', (response) => (response.resume(), resolve(response.statusCode)));
        request.on('error', reject);
      });
      request.write(body.subarray(0, 10));
      request.flushHeaders();
      await new Promise((resolve) => setTimeout(resolve, 200));
      server.child.kill(signal);
      await new Promise((resolve) => setTimeout(resolve, 200));
      request.end(body.subarray(10));
      const exit = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
      assert.deepEqual(exit, { code: 0, signal: null });
      for (const stream of streams) {
        await stream.ended;
        const told = stream.events.find((event) => event.event === 'reconnect');
        assert.ok(told, `the stream was told to reconnect: ${JSON.stringify(stream.events)}`);
        assert.ok(told.retry && told.retry >= 500 && told.retry <= 1500, `retry ${told.retry}`);
        assert.equal(told.data.retryMs, told.retry);
      }
      assert.equal(await slow, 201);
      const again = await startServer({ DATA_DIR: dataDir });
      try {
        const list = await (await fetch(`${again.url}/api/threads/t/comments?limit=100`)).json();
        const bodies = list.comments.map((/** @type {{ body: string }} */ comment) => comment.body);
        assert.ok(bodies.includes(posted.body));
        assert.ok(bodies.includes(`in flight ${signal}`));
      } finally {
        await again.stop('SIGTERM');
      }
    });
  }
});
