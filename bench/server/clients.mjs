// The benchmark's load: live-stream readers that reconnect with their last event id (as
// RestProvider does), a poster at a steady rate that retries a failed post with the same
// Idempotency-Key and cookie, and the server's resident memory.
import { readFileSync } from 'node:fs';
import http from 'node:http';

/**
 * A live reader on its own connection. Every `added` change goes to `onAdded(commentId, at)`;
 * when the stream ends or fails it reconnects after `retryMs` with the last event id it saw.
 * @param {string} base @param {string} threadId @param {(id: string, at: number) => void} onAdded
 */
export function reader(base, threadId, onAdded) {
  let lastId = /** @type {string | null} */ (null);
  let cookie = /** @type {string | null} */ (null);
  let stopped = false;
  let reconnects = 0;
  /** @type {http.ClientRequest | null} */
  let request = null;
  /** @type {() => void} */
  let onReady = () => {};
  const ready = new Promise((resolve) => (onReady = () => resolve(undefined)));
  const open = () => {
    if (stopped) return;
    const query = lastId === null ? '' : `?lastEventId=${lastId}`;
    request = http.get(`${base}/api/threads/${threadId}/events${query}`, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      const set = res.headers['set-cookie']?.[0];
      if (set) cookie = set.split(';')[0];
      if (res.statusCode !== 200) return (res.resume(), again());
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id = null;
          let event = null;
          let data = null;
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (id !== null && id !== '') lastId = id;
          if (event === 'ready') onReady();
          else if (event === 'change' && data && data.startsWith('{"type":"added"')) onAdded(JSON.parse(data).comment.id, performance.now());
        }
      });
      res.on('end', again);
      res.on('error', again);
    });
    request.on('error', again);
  };
  let pending = false;
  function again() {
    if (stopped || pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      reconnects++;
      open();
    }, 200);
  }
  open();
  return {
    ready,
    get reconnects() {
      return reconnects;
    },
    stop() {
      stopped = true;
      request?.destroy();
    },
  };
}

/**
 * Posts `count` comments at `perSecond`, each retried (same key, same cookie) until stored.
 * `onPosted(id, body, sentAt, ms)` for each; answers the failed attempts (retried) per status.
 * @param {string} base @param {string} threadId @param {{ count: number, perSecond: number, prefix: string,
 *   onPosted: (id: string, body: string, sentAt: number, ms: number) => void, at?: (i: number) => void }} options
 */
export async function poster(base, threadId, { count, perSecond, prefix, onPosted, at }) {
  const agent = new http.Agent({ keepAlive: true });
  let cookie = /** @type {string | null} */ (null);
  /** @type {Record<string, number>} */
  const retried = {};
  /** @param {string} key @param {string} body @returns {Promise<{ status: number, text: string }>} */
  const send = (key, body) =>
    new Promise((resolve) => {
      const payload = JSON.stringify({ parentId: null, body, guest: { name: 'Bench', email: 'bench@example.com' } });
      const request = http.request(
        `${base}/api/threads/${threadId}/comments`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'idempotency-key': key, ...(cookie ? { cookie } : {}) },
        },
        (res) => {
          const set = res.headers['set-cookie']?.[0];
          if (set) cookie = set.split(';')[0];
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', () => resolve({ status: 0, text: '' }));
        },
      );
      request.on('error', () => resolve({ status: 0, text: '' }));
      request.end(payload);
    });
  const one = async (/** @type {number} */ i) => {
    const body = `${prefix} ${i}`;
    const key = `${prefix}-${i}`;
    const sentAt = performance.now();
    for (let attempt = 0; attempt < 50; attempt++) {
      const started = performance.now();
      const { status, text } = await send(key, body);
      if (status === 201 || status === 200) return onPosted(JSON.parse(text).id, body, sentAt, performance.now() - started);
      retried[status] = (retried[status] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${body} was never stored`);
  };
  // The first post alone, so every later one carries the session cookie it set.
  await one(0);
  const start = performance.now();
  /** @type {Promise<void>[]} */
  const inFlight = [];
  for (let i = 1; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    at?.(i);
    inFlight.push(one(i));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { retried, seconds: (performance.now() - start) / 1000 };
}

/** A process's resident memory in bytes (Linux /proc). @param {number} pid */
export function rss(pid) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU time (user + system) a process has used, in ms (Linux /proc, 100 ticks a second). @param {number} pid */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
