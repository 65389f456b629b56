// The reference REST server (server/config.mjs, with the control routes of ./rest/control.mjs
// through ./rest/entry.mjs) as a child process over a
// SQLite file in a temporary data folder, so tests can kill it mid-request
// and start it again on the same port and data. Controls:
//   restart {signal?}  kill (SIGKILL by default) and start again
//   kill / start       the two halves, for "the server is down" in between
//   fault {mode, times, status?, code?, retryAfter?, method?, path?}
//                      make the next matching requests fail, hang, or hang after committing
//   clearFaults        drop queued faults
//   seed {comments}    store records as given (emits live changes)
//   thread {threadId, closed?, requiresSignIn?, requiredGuestFields?}
//   settings {moderation?, limits?}  approve | hold | first, and abuse limits (server/plugins/limits.mjs:
//                      { posts, body, … }; 0 is off), until the next restart. The service starts
//                      with every rate limit and the link hold off: the suite posts a lot from one address.
//   anonymous {path, method?, body?}  call the API from Node with no session cookie: another reader
//   reports {id}       how many reports a comment received
//   count {body}       comments with exactly this body, read from the SQLite file itself
//   as {reader, path, method?, body?, headers?}
//                      call the API from Node as a named reader with their own cookie jar (a second
//                      person), with any headers (a forged Origin, Sec-Fetch-Site)
//   listen {reader?, threadId, lastEventId?, ms?}
//                      the events a reader's stream receives within ms (default 700)
//   follow {reader?, threadId} → {id}   open a reader's stream and wait for its `ready`
//   unfollow {id, ms?} the events that stream received, ms (default 300) after the call
//   dropStreams        end every open event stream (their clients reconnect)
//   defaults {origin}  start the production server/index.mjs with no settings (no CORS_ORIGINS, no
//                      control routes) and answer what a page of `origin` gets from it: a read's
//                      headers, a post's status, and the status of a control route
import Database from 'better-sqlite3';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../../../scripts/postgres.mjs';

export const name = 'rest-server';

/** An origin the server lists in CORS_ORIGINS besides the test pages' (raw requests use it). */
export const LISTED_ORIGIN = 'https://listed.example';

/** The MODERATION_TOKEN the service's server runs with (tests read it as REST_MODERATION_TOKEN). */
const MODERATION_TOKEN = 'integration-moderation-token-0123456789';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('./rest/entry.mjs', import.meta.url));
/** The production entry, for the check of its defaults. */
const productionEntry = join(root, 'server', 'index.mjs');

/**
 * Server-Sent Events as `{ event, id, data }`.
 * @param {string} text
 */
function parseEvents(text) {
  return text
    .split('\n\n')
    .map((block) => {
      /** @type {{ event?: string, id?: string, data?: unknown }} */
      const event = {};
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(': ');
        const value = rest.join(': ');
        if (field === 'event') event.event = value;
        else if (field === 'id') event.id = value;
        else if (field === 'data') event.data = JSON.parse(value);
      }
      return event;
    })
    .filter((event) => event.event);
}

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

export async function start() {
  if (!existsSync(join(root, 'node_modules', 'better-sqlite3'))) {
    throw new Error('rest-server: better-sqlite3 is not installed (run npm ci).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'comment-thread-rest-'));
  // REST_STORE=postgres runs the server on a throwaway PostgreSQL cluster instead of SQLite.
  const postgres = process.env.REST_STORE === 'postgres' ? await startPostgres({ name: 'comment-thread-rest' }) : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = `${base}/api`;
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  let output = '';

  async function launch() {
    if (child) return { pid: child.pid };
    output = '';
    const started = spawn(process.execPath, [entry], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        MODERATION: 'approve',
        RATE_POSTS: '0',
        RATE_REACTIONS: '0',
        RATE_REPORTS: '0',
        RATE_SIGN_INS: '0',
        MAX_STREAMS_PER_ADDRESS: '0',
        MAX_REPORTS_PER_COMMENT: '0',
        MAX_LINKS: '0',
        // Moderators: scripts with this bearer token (the kit's and the moderation tests' moderator).
        MODERATION_TOKEN,
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
        // The test pages' origin (another port of 127.0.0.1) and one more, for the tests of a
        // listed origin; any other origin is refused.
        CORS_ORIGINS: [process.env.INTEGRATION_PAGE_ORIGIN, LISTED_ORIGIN].filter(Boolean).join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout?.on('data', (chunk) => (output += chunk));
    started.stderr?.on('data', (chunk) => (output += chunk));
    let exited = false;
    started.once('exit', () => {
      exited = true;
      if (child === started) child = null;
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`rest-server exited while starting:\n${output}`);
      try {
        const response = await fetch(`${api}/identity/options`);
        if (response.ok) return { pid: started.pid };
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    started.kill('SIGKILL');
    throw new Error(`rest-server did not answer within 20 s:\n${output}`);
  }

  /** @param {NodeJS.Signals} signal */
  async function kill(signal = 'SIGKILL') {
    const running = child;
    if (!running) return { killed: false };
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await gone;
    return { killed: true, signal };
  }

  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function call(method, path, body) {
    const response = await fetch(`${api}/__control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(`rest-server control ${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
    return data;
  }

  /** @type {Map<string, Map<string, string>>} each named reader's cookies (session, author token), as a browser keeps them */
  const jars = new Map();

  /** @param {string | undefined} reader @param {Response} response */
  function keepCookie(reader, response) {
    if (!reader) return;
    const jar = jars.get(reader) ?? new Map();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (!value || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) jar.delete(name);
      else jar.set(name, value);
    }
    jars.set(reader, jar);
  }

  /** @param {string | undefined} reader @param {Record<string, string>} [headers] */
  function headersOf(reader, headers = {}) {
    const jar = reader ? jars.get(reader) : undefined;
    const cookie = jar?.size ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : undefined;
    return { ...(cookie ? { cookie } : {}), ...headers };
  }

  /** @type {Map<number, { stop: () => Promise<object[]> }>} streams opened by `follow` */
  const following = new Map();
  let followed = 0;

  /**
   * A reader's event stream, read in the background: `ready` resolves once the server sent
   * `ready`; `stop()` ends it and answers every event received, parsed.
   * @param {string | undefined} reader @param {string} threadId @param {number | undefined} lastEventId
   */
  async function openStream(reader, threadId, lastEventId) {
    const query = lastEventId === undefined ? '' : `?lastEventId=${lastEventId}`;
    const controller = new AbortController();
    const response = await fetch(`${api}/threads/${encodeURIComponent(threadId)}/events${query}`, {
      headers: headersOf(reader),
      signal: controller.signal,
    });
    keepCookie(reader, response);
    let text = '';
    /** @type {() => void} */
    let onReady = () => {};
    const ready = new Promise((resolve) => (onReady = () => resolve(undefined)));
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
          text += decoder.decode(chunk, { stream: true });
          if (text.includes('event: ready')) onReady();
        }
      } catch {
        // stopped
      }
    })();
    return {
      ready,
      async stop() {
        controller.abort();
        await reading;
        return parseEvents(text);
      },
    };
  }

  await launch();

  return {
    env: { REST_URL: base, REST_API: api, REST_MODERATION_TOKEN: MODERATION_TOKEN },
    controls: {
      restart: async (/** @type {{ signal?: NodeJS.Signals } | undefined} */ options) => {
        await kill(options?.signal ?? 'SIGKILL');
        return launch();
      },
      kill: async () => kill('SIGKILL'),
      start: async () => launch(),
      fault: async (/** @type {object} */ fault) => call('POST', 'faults', fault),
      clearFaults: async () => call('DELETE', 'faults'),
      seed: async (/** @type {{ comments: unknown[] }} */ data) => call('POST', 'seed', data),
      thread: async (/** @type {{ threadId: string }} */ { threadId, ...info }) =>
        call('PUT', `threads/${encodeURIComponent(threadId)}`, info),
      settings: async (/** @type {{ moderation?: string, limits?: Record<string, number> }} */ settings) => call('PUT', 'settings', settings),
      anonymous: async (/** @type {{ path: string, method?: string, body?: unknown }} */ { path, method = 'GET', body }) => {
        const response = await fetch(`${api}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      },
      as: async (
        /** @type {{ reader: string, path: string, method?: string, body?: unknown, headers?: Record<string, string> }} */
        { reader, path, method = 'GET', body, headers },
      ) => {
        const response = await fetch(`${api}${path}`, {
          method,
          headers: headersOf(reader, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }),
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        keepCookie(reader, response);
        const text = await response.text();
        let parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = text;
        }
        return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers) };
      },
      listen: async (
        /** @type {{ reader?: string, threadId: string, lastEventId?: number, ms?: number }} */
        { reader, threadId, lastEventId, ms = 700 },
      ) => {
        const stream = await openStream(reader, threadId, lastEventId);
        await new Promise((resolve) => setTimeout(resolve, ms));
        return stream.stop();
      },
      follow: async (/** @type {{ reader?: string, threadId: string }} */ { reader, threadId }) => {
        const stream = await openStream(reader, threadId, undefined);
        await stream.ready;
        const id = ++followed;
        following.set(id, stream);
        return { id };
      },
      unfollow: async (/** @type {{ id: number, ms?: number }} */ { id, ms = 300 }) => {
        const stream = following.get(id);
        if (!stream) throw new Error(`rest-server: no stream ${id}`);
        following.delete(id);
        await new Promise((resolve) => setTimeout(resolve, ms));
        return stream.stop();
      },
      dropStreams: async () => call('DELETE', 'streams'),
      defaults: async (/** @type {{ origin: string }} */ { origin }) => {
        const spare = mkdtempSync(join(tmpdir(), 'comment-thread-rest-defaults-'));
        const sparePort = await freePort();
        const { CORS_ORIGINS: _cors, MODERATION: _moderation, ...inherited } = process.env;
        const second = spawn(process.execPath, [productionEntry], {
          cwd: root,
          env: { ...inherited, PORT: String(sparePort), HOST: '127.0.0.1', DATA_DIR: spare, SEED_FILE: 'none' },
          stdio: 'ignore',
        });
        const url = `http://127.0.0.1:${sparePort}/api`;
        try {
          const deadline = Date.now() + 20_000;
          for (;;) {
            try {
              if ((await fetch(`${url}/identity/options`)).ok) break;
            } catch {
              if (Date.now() > deadline) throw new Error('the second server did not start');
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
          const read = await fetch(`${url}/threads/t/comments`, { headers: { origin } });
          const post = await fetch(`${url}/threads/t/comments`, {
            method: 'POST',
            headers: { origin, 'content-type': 'application/json', 'idempotency-key': 'k1' },
            body: JSON.stringify({ parentId: null, body: 'From another origin', guest: { name: 'X', email: 'x@example.com' } }),
          });
          const same = await fetch(`${url}/threads/t/comments`, {
            method: 'POST',
            headers: { origin: `http://127.0.0.1:${sparePort}`, 'content-type': 'application/json', 'idempotency-key': 'k2' },
            body: JSON.stringify({ parentId: null, body: 'From its own page', guest: { name: 'X', email: 'x@example.com' } }),
          });
          const controlRoute = await fetch(`${url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          return {
            read: Object.fromEntries(read.headers),
            post: { status: post.status, body: await post.json() },
            same: same.status,
            control: controlRoute.status,
          };
        } finally {
          const gone = new Promise((resolve) => second.once('exit', resolve));
          second.kill('SIGKILL');
          await gone;
          rmSync(spare, { recursive: true, force: true });
        }
      },
      reports: async (/** @type {{ id: string }} */ { id }) => (await call('GET', `reports/${encodeURIComponent(id)}`)).reports,
      count: async (/** @type {{ body: string }} */ { body }) => {
        // Straight from the database, so it works while the server is down.
        if (postgres) {
          const client = new pg.Client({ connectionString: postgres.url });
          await client.connect();
          try {
            return Number((await client.query('SELECT COUNT(*) AS n FROM comments WHERE body = $1', [body])).rows[0].n);
          } finally {
            await client.end();
          }
        }
        const db = new Database(join(dataDir, 'comments.sqlite'), { readonly: true, fileMustExist: true });
        try {
          return /** @type {{ n: number }} */ (db.prepare('SELECT COUNT(*) AS n FROM comments WHERE body = ?').get(body)).n;
        } finally {
          db.close();
        }
      },
    },
    async stop() {
      await kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
      postgres?.stop();
    },
    stopSync() {
      child?.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      postgres?.stop();
    },
  };
}
