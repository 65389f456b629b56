// What the notification tests share: a real SMTP server (smtp-server) on loopback that keeps
// every message it is given with its envelope, a reader of those messages (headers, the
// quoted-printable text and HTML parts nodemailer writes), and the reference server built from
// the environment as server/config.mjs reads it.
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../../server/app.mjs';
import { optionsFromEnv } from '../../server/config.mjs';
import { openStore } from '../../server/store/index.mjs';

export { freePort } from '../server/processes.mjs';

/**
 * @typedef {object} Received
 * @property {string} from the envelope's sender
 * @property {string[]} to the envelope's recipients
 * @property {Record<string, string>} headers lower-cased names, unfolded
 * @property {string} text the text/plain part, decoded
 * @property {string} html the text/html part, decoded
 * @property {string} raw
 */

/** Quoted-printable, as nodemailer writes it (soft breaks, =XX bytes of UTF-8). @param {string} text */
function decodeQuotedPrintable(text) {
  const bytes = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** @param {string} block @returns {{ headers: Record<string, string>, body: string }} */
function splitHeaders(block) {
  const at = block.indexOf('\r\n\r\n');
  const head = at === -1 ? block : block.slice(0, at);
  const body = at === -1 ? '' : block.slice(at + 4);
  /** @type {Record<string, string>} */
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** @param {{ headers: Record<string, string>, body: string }} part */
function decodePart({ headers, body }) {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** A message as it arrived. @param {string} raw @param {{ from: string, to: string[] }} envelope @returns {Received} */
export function readMessage(raw, envelope) {
  const { headers, body } = splitHeaders(raw);
  const parts = { text: '', html: '' };
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  const blocks = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const block of blocks) {
    const part = splitHeaders(block.replace(/^\r\n/, ''));
    const type = part.headers['content-type'] ?? '';
    if (type.startsWith('text/plain')) parts.text = decodePart(part);
    if (type.startsWith('text/html')) parts.html = decodePart(part);
  }
  return { ...envelope, headers, ...parts, raw };
}

/**
 * A real SMTP server on loopback (no TLS, no auth) keeping what it receives.
 * @param {{ port?: number }} [options] a given port (one chosen earlier), else any free one
 */
export async function startSmtp({ port = 0 } = {}) {
  /** @type {Received[]} */
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      /** @type {Buffer[]} */
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) };
        mails.push(readMessage(Buffer.concat(chunks).toString('utf8'), envelope));
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.server.address());
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    mails,
    /** Mails to one address. @param {string} to */
    to: (to) => mails.filter((mail) => mail.to.includes(to)),
    /** Waits until `count` mails matched (at most `timeoutMs`). @param {(mail: Received) => boolean} match @param {number} [count] */
    async waitFor(match, count = 1, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (mails.filter(match).length < count) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${count} mail(s); got ${mails.length}: ${mails.map((mail) => `${mail.to} "${mail.headers.subject}"`).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return mails.filter(match);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/**
 * The reference server on loopback from these environment variables, over its own store.
 * `pollMs` makes the notifier read the change log often (the default is 5 s).
 * @param {NodeJS.ProcessEnv} env @param {import('../../server/store/index.mjs').StoreOptions} where
 * @param {{ pollMs?: number } & Partial<import('../../server/app.mjs').AppOptions>} [tuning] `pollMs`, and more options (staticRoot, plugins)
 */
export async function serverWith(env, where, { pollMs = 100, ...more } = {}) {
  const store = await openStore(where);
  const { staticRoot: _none, ...options } = optionsFromEnv({ RATE_POSTS: '0', RATE_REACTIONS: '0', RATE_REPORTS: '0', MAX_LINKS: '0', ...env });
  let base = '';
  const { app, context } = createApp({ ...options, ...(options.mail ? { mail: { ...options.mail, pollMs } } : {}), ...more, store, publicUrl: () => base });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (app.server.address()).port}`;
  return { app, context, store, base, api: `${base}/api`, close: () => app.close() };
}

/** A reader with their own cookie, calling the API. */
export class Reader {
  cookie = '';
  static n = 0;
  /** @param {string} api @param {{ name: string, email?: string }} guest */
  constructor(api, guest) {
    this.api = api;
    this.guest = guest;
  }

  /** @param {string} method @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] */
  async call(method, path, body, headers = {}) {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: { ...headers, ...(this.cookie ? { cookie: this.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** Posts to thread `t`. @param {string} body @param {{ parentId?: string, notify?: unknown, thread?: string }} [extra] */
  async post(body, { parentId, notify, thread = 't' } = {}) {
    return this.call(
      'POST',
      `/threads/${thread}/comments`,
      { body, guest: this.guest, parentId: parentId ?? null, ...(notify !== undefined ? { notify } : {}) },
      { 'idempotency-key': `key-${++Reader.n}`, referer: 'https://blog.example/posts/networking?x=1' },
    );
  }
}
