// Abuse limits (README "Server configuration", docs/rest-api.md "Limits"): rate limits with
// @fastify/rate-limit whose counts live in the store (one count across instances), per network
// address (request.ip: behind TRUST_PROXY, the client's) and per reader (signed-in identity, else
// the guest's author token); open live streams per address; reports per comment per reader; the longest comment.
// The limits are published at GET /limits and in each thread's info (`fieldLimits`), so the form
// enforces the server's numbers (the routes check the body against `limits.body`).
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import { fail } from '../errors.mjs';
import { LIMITS } from '../validate.mjs';

/**
 * @typedef {object} AbuseLimits
 * @property {number} windowSeconds the rate limits' window
 * @property {number} posts comments per window, per address and per reader
 * @property {number} reactions reactions per window, per address and per reader
 * @property {number} reports reports per window, per address and per reader
 * @property {number} signIns sign-in requests per window, per address and per reader
 * @property {number} streams open live streams per address (counted across the instances on one store)
 * @property {number} reportsPerComment reports one reader may make of one comment
 * @property {number} body the longest comment, in characters (UTF-16 code units, JavaScript's length)
 */

/** @type {Readonly<AbuseLimits>} */
export const DEFAULT_LIMITS = Object.freeze({
  windowSeconds: 60,
  posts: 5,
  reactions: 60,
  reports: 10,
  signIns: 20,
  streams: 20,
  reportsPerComment: 1,
  body: LIMITS.body,
});

/** Each setting's environment variable. */
const ENV = /** @type {const} */ ({
  windowSeconds: 'RATE_WINDOW_SECONDS',
  posts: 'RATE_POSTS',
  reactions: 'RATE_REACTIONS',
  reports: 'RATE_REPORTS',
  signIns: 'RATE_SIGN_INS',
  streams: 'MAX_STREAMS_PER_ADDRESS',
  reportsPerComment: 'MAX_REPORTS_PER_COMMENT',
  body: 'MAX_COMMENT_LENGTH',
});

/**
 * The limits from the environment: each a whole number (0 turns a rate limit off); a missing or
 * malformed one keeps its default. MAX_COMMENT_LENGTH may only lower the built-in maximum.
 * @param {NodeJS.ProcessEnv} env @returns {AbuseLimits}
 */
export function limitsFromEnv(env) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [name, variable] of Object.entries(ENV)) {
    const text = env[variable];
    if (text !== undefined && /^\d{1,9}$/.test(text.trim())) limits[/** @type {keyof AbuseLimits} */ (name)] = Number(text.trim());
  }
  limits.body = Math.min(Math.max(limits.body, 1), LIMITS.body);
  limits.windowSeconds = Math.max(limits.windowSeconds, 1);
  return limits;
}

/**
 * How long a stream's place lasts unless its instance renews it (every third of this): the
 * places of an instance that died without giving them back are free again after at most this.
 */
export const STREAM_LEASE_MS = 60_000;

/** What each rate limit says when it is reached. */
const RATE_MESSAGES = /** @type {const} */ ({
  posts: 'You are posting too often',
  reactions: 'You are reacting too often',
  reports: 'You are reporting too often',
  signIns: 'Too many sign-in attempts',
});

/**
 * Which rate limit a route counts against, if any (`url` as Fastify knows the route, with prefix).
 * @param {string} method @param {string} url @param {string} api
 * @returns {keyof typeof RATE_MESSAGES | null}
 */
export function rateFor(method, url, api) {
  if (!url.startsWith(`${api}/`)) return null;
  const path = url.slice(api.length);
  if (method === 'POST' && path === '/threads/:threadId/comments') return 'posts';
  if (method === 'POST' && path === '/comments/:commentId/reactions') return 'reactions';
  if (method === 'POST' && path === '/comments/:commentId/reports') return 'reports';
  // Every sign-in route: the simulated one, and server/auth's start and callback (each counts).
  if (path.startsWith('/auth/') || /\/sign-in(\/|$)/.test(path)) return 'signIns';
  return null;
}

/**
 * A store class for @fastify/rate-limit over the server's store (server/store/limits.mjs).
 * @param {import('../store/index.mjs').Store} store
 */
export function storeBackedCounts(store) {
  return class StoreCounts {
    /** @param {string} key @param {(error: Error | null, result?: { current: number, ttl: number }) => void} done @param {number} timeWindow */
    incr(key, done, timeWindow) {
      store.hit(key, timeWindow).then((result) => done(null, result), done);
    }

    child() {
      return this;
    }
  };
}

/** @typedef {import('./comments.mjs').RouteContext & { api: string }} LimitsOptions */

/**
 * Registered before the routes; its hooks see every route of the server.
 * @param {import('fastify').FastifyInstance} app @param {LimitsOptions} options
 */
async function limitsPlugin(app, { store, sessions, limits, api }) {
  await app.register(rateLimit, { global: false, store: storeBackedCounts(store) });
  // Each limit is read when a request comes (a limit of 0 is off), so the tests' control routes can change them.
  const windowMs = () => limits.windowSeconds * 1000;
  /** @param {import('fastify').FastifyRequest} request */
  const readerKey = async (request) => {
    // The owner key: the signed-in identity (`<option>:<subject>`), else the guest's author token.
    const { owner } = await sessions.viewer(request);
    return owner ? `owner:${owner}` : '';
  };
  /** Two counters per rate: by address and by reader (a reader without a session yet has only the first). */
  const limiters = Object.fromEntries(
    Object.keys(RATE_MESSAGES).map((key) => {
      const name = /** @type {keyof typeof RATE_MESSAGES} */ (key);
      const common = { max: () => limits[name], timeWindow: windowMs };
      return [
        name,
        [
          app.createRateLimit({ ...common, keyGenerator: (request) => `${name}:address:${request.ip}`, allowList: () => limits[name] <= 0 }),
          app.createRateLimit({
            ...common,
            keyGenerator: async (request) => `${name}:${(await readerKey(request)) || 'none'}`,
            allowList: (_request, key) => limits[name] <= 0 || key === `${name}:none`,
          }),
        ],
      ];
    }),
  );

  // Open streams are counted in the store, across instances (server/store/streams.mjs): this
  // instance renews the lease of its places while it runs and gives them back when it closes.
  const instance = randomBytes(16).toString('base64url');
  const renew = setInterval(() => store.renewStreams(instance, STREAM_LEASE_MS).catch((error) => app.log.warn(error)), STREAM_LEASE_MS / 3);
  renew.unref();
  app.addHook('onClose', async () => {
    clearInterval(renew);
    await store.renewStreams(instance, 0).catch(() => {});
  });

  app.addHook('preHandler', async (request, reply) => {
    const url = request.routeOptions.url ?? '';
    const rate = rateFor(request.method, url, api);
    if (rate && limits[rate] > 0) {
      for (const limiter of limiters[rate]) {
        const result = /** @type {{ isAllowed: boolean, isExceeded?: boolean, ttlInSeconds?: number }} */ (await limiter(request));
        if (!result.isAllowed && result.isExceeded) {
          const retryAfter = Math.max(1, result.ttlInSeconds ?? limits.windowSeconds);
          return fail(reply, { status: 429, code: 'rate_limited', message: `${RATE_MESSAGES[rate]}; try again in ${retryAfter} seconds.`, retryAfter });
        }
      }
    }
    if (request.method === 'POST' && url === `${api}/comments/:commentId/reports` && limits.reportsPerComment > 0) {
      const { owner } = await sessions.viewer(request);
      const id = /** @type {{ commentId?: string }} */ (request.params).commentId ?? '';
      if (owner && (await store.reportsBy(id, owner)) >= limits.reportsPerComment) {
        return fail(reply, { status: 409, code: 'conflict', message: 'You have already reported this comment.' });
      }
    }
    if (request.method === 'GET' && url === `${api}/threads/:threadId/events` && limits.streams > 0) {
      const place = await store.openStream({ address: request.ip, instance, max: limits.streams, leaseMs: STREAM_LEASE_MS });
      if (place === null) {
        const retryAfter = Math.min(limits.windowSeconds, 30);
        return fail(reply, { status: 429, code: 'rate_limited', message: `Too many live streams are open from your address; try again in ${retryAfter} seconds.`, retryAfter });
      }
      const giveBack = () => void store.closeStream(place).catch((error) => app.log.warn(error));
      // The reader may have gone while the place was taken.
      if (request.raw.destroyed) giveBack();
      else reply.raw.once('close', giveBack);
    }
  });

  // Each thread's info carries the field limits (ThreadInfo.fieldLimits), so the form needs no second request.
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.method === 'GET' && request.routeOptions.url === `${api}/threads/:threadId` && reply.statusCode === 200 && payload && typeof payload === 'object') {
      return { ...payload, fieldLimits: publishedLimits(limits).fields };
    }
    return payload;
  });

  app.get(`${api}/limits`, async () => publishedLimits(limits));
}

/**
 * What GET /limits answers: the field limits (as ThreadInfo.fieldLimits) and the rate limits.
 * @param {AbuseLimits} limits
 */
export function publishedLimits(limits) {
  return {
    fields: { body: limits.body, name: LIMITS.name, email: LIMITS.email, url: LIMITS.url, unit: /** @type {const} */ ('utf16') },
    rates: {
      windowSeconds: limits.windowSeconds,
      posts: limits.posts,
      reactions: limits.reactions,
      reports: limits.reports,
      signIns: limits.signIns,
      streamsPerAddress: limits.streams,
      reportsPerComment: limits.reportsPerComment,
    },
  };
}

export default fp(limitsPlugin, { name: 'abuse-limits' });
