// Helpers for tests (and the benchmark) that run the reference server as real processes: start
// one on a free loopback port, read a live stream as parsed events, post a comment.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = fileURLToPath(new URL('../../server/index.mjs', import.meta.url));

/** @returns {Promise<number>} a loopback port nobody listens on right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** The environment that turns the reference server's rate, stream and link limits off. */
export const LIMITS_OFF = Object.freeze({
  RATE_POSTS: '0',
  RATE_REACTIONS: '0',
  RATE_REPORTS: '0',
  RATE_SIGN_INS: '0',
  MAX_STREAMS_PER_ADDRESS: '0',
  MAX_LINKS: '0',
});

/**
 * Starts server/index.mjs with `env` (plus PORT, HOST, SEED_FILE=none) and waits until its health
 * check answers 200.
 * @param {Record<string, string>} env @param {{ port?: number }} [options]
 */
export async function startServer(env, { port } = {}) {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    // The abuse limits off (server/plugins/limits.mjs): these runs post and stream a lot from one address.
    env: { ...process.env, SEED_FILE: 'none', HOST: '127.0.0.1', ...LIMITS_OFF, ...env, PORT: String(chosen) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  exited.then(() => (done = true));
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (done) throw new Error(`the server exited while starting:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    port: chosen,
    child,
    /** @type {Promise<{ code: number | null, signal: string | null }>} */
    exited: /** @type {any} */ (exited),
    output: () => output,
    /** @param {NodeJS.Signals} [signal] */
    async stop(signal = 'SIGKILL') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}

/**
 * One Server-Sent Events block as `{ event, id, data, retry }` (null for a comment or a bare `retry:`).
 * @param {string} block
 */
export function parseEvent(block) {
  /** @type {{ event?: string, id?: string, data?: any, retry?: number }} */
  const event = {};
  for (const line of block.split('\n')) {
    const at = line.indexOf(': ');
    const [field, value] = at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 2)];
    if (field === 'event') event.event = value;
    else if (field === 'id') event.id = value;
    else if (field === 'data') event.data = JSON.parse(value);
    else if (field === 'retry') event.retry = Number(value);
  }
  return event.event ? event : null;
}

/**
 * A live stream read in the background. `events` fills as they arrive; `waitFor(test)` resolves
 * with the first event that passes (rejecting after `ms`); `ended` resolves when the server ends it.
 * @param {string} url the server's base URL @param {string} threadId
 * @param {{ lastEventId?: number, cookie?: string, onEvent?: (event: NonNullable<ReturnType<typeof parseEvent>>) => void }} [options]
 */
export async function openStream(url, threadId, { lastEventId, cookie, onEvent } = {}) {
  const controller = new AbortController();
  const query = lastEventId === undefined ? '' : `?lastEventId=${lastEventId}`;
  const response = await fetch(`${url}/api/threads/${encodeURIComponent(threadId)}/events${query}`, {
    headers: cookie ? { cookie } : {},
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
  /** @type {NonNullable<ReturnType<typeof parseEvent>>[]} */
  const events = [];
  /** @type {Set<() => void>} */
  const waiting = new Set();
  let buffer = '';
  const ended = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!event) continue;
          events.push(event);
          onEvent?.(event);
          for (const wake of waiting) wake();
        }
      }
    } catch {
      // closed by us
    }
    for (const wake of waiting) wake();
  })();
  let closed = false;
  ended.then(() => (closed = true));
  return {
    events,
    ended,
    cookie: response.headers.get('set-cookie')?.split(';')[0],
    /**
     * @param {(event: NonNullable<ReturnType<typeof parseEvent>>) => boolean} test @param {number} [ms]
     * @returns {Promise<NonNullable<ReturnType<typeof parseEvent>>>}
     */
    waitFor(test, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(test);
          if (found) return (cleanup(), resolve(found));
          if (closed) return (cleanup(), reject(new Error(`the stream ended first; it had: ${JSON.stringify(events)}`)));
        };
        const timer = setTimeout(() => (cleanup(), reject(new Error(`no such event within ${ms} ms; the stream had: ${JSON.stringify(events)}`))), ms);
        const cleanup = () => (clearTimeout(timer), waiting.delete(check));
        waiting.add(check);
        check();
      });
    },
    close() {
      controller.abort();
      return ended;
    },
  };
}

/**
 * Posts a guest comment; answers the stored record.
 * @param {string} url @param {string} threadId @param {string} body @param {{ cookie?: string, key?: string }} [options]
 */
export async function post(url, threadId, body, { cookie, key } = {}) {
  const response = await fetch(`${url}/api/threads/${encodeURIComponent(threadId)}/comments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key ?? `k-${Math.random().toString(36).slice(2)}`,
      origin: url,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({ parentId: null, body, guest: { name: 'Tester', email: 'tester@example.com' } }),
  });
  const answer = await response.json();
  if (response.status !== 201 && response.status !== 200) throw new Error(`post: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
