// The reference server's settings from the environment (documented in docs/rest-api.md):
//   PORT (default 8000, or the next free one), HOST (127.0.0.1),
//   DATA_DIR (.data) or DATABASE_URL (postgres://…), SEED_FILE (demo/seed.json; "none" for no seed),
//   MODERATION (approve | hold | first), CORS_ORIGINS (comma list of other origins whose pages
//   may call the API with cookies; default none; * lets any origin read without cookies),
//   COOKIE_SAMESITE (Lax | Strict | None), COOKIE_SECURE (1), TRUST_PROXY (behind a reverse proxy:
//   1 / true, a hop count, or a comma list of proxy addresses), PUBLIC_URL (the address readers
//   use, e.g. https://comments.example.org: https turns COOKIE_SECURE on), SHUTDOWN_GRACE_MS (5000).
//   SESSION_IDLE_DAYS (30), GUEST_COMMENTS (on | off), SITE_OWNERS (<option id>:<subject>, comma list),
//   SECRET (made and kept in DATA_DIR/secret when unset), SIGN_IN_* (docs/sign-in.md),
//   SIMULATED_SIGN_IN (off | on: the seed's sign-in options sign anyone in as whoever they pick).
//   docs/deployment.md says how to run it behind a proxy and as several instances.
//   The abuse limits (./plugins/limits.mjs: RATE_*, MAX_*) and the checks of new comments
//   (./plugins/spam.mjs: MAX_LINKS, HOLD_WORDS(_FILE), AKISMET_*). Moderation (./plugins/moderation.mjs:
//   MODERATORS, MODERATION_TOKEN, RETENTION_DAYS, CLOSE_AFTER_DAYS).
//   Email notifications (./mail/notifier.mjs): SMTP_URL, MAIL_FROM, MODERATOR_EMAILS, MAIL_RETRY_MS.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.mjs';
import { parseSignInConfig } from './auth/index.mjs';
import { limitsFromEnv } from './plugins/limits.mjs';
import { moderationOptionsFromEnv } from './plugins/moderation.mjs';
import { mailOptionsFromEnv } from './mail/notifier.mjs';
import { screenOptionsFromEnv } from './plugins/spam.mjs';
import { openStore, storeOptionsFromEnv } from './store/index.mjs';

/** The project folder: the demo and the built bundle are served from it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The seed file's content (`{ comments, identityOptions?, threads? }`), or null: SEED_FILE, default
 * demo/seed.json, "none" for no seed.
 * @param {NodeJS.ProcessEnv} env
 */
export function seedFromEnv(env) {
  const setting = env.SEED_FILE ?? resolve(ROOT, 'demo', 'seed.json');
  const file = setting === 'none' ? null : resolve(ROOT, setting);
  return file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/**
 * The server's settings but its store.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Omit<import('./app.mjs').AppOptions, 'store'>}
 */
export function optionsFromEnv(env) {
  const sameSite = /** @type {'Lax' | 'Strict' | 'None'} */ (
    ['Lax', 'Strict', 'None'].includes(env.COOKIE_SAMESITE ?? '') ? env.COOKIE_SAMESITE : 'Lax'
  );
  const https = /^https:/i.test(env.PUBLIC_URL ?? '');
  const idleDays = Number(env.SESSION_IDLE_DAYS);
  return {
    signIn: parseSignInConfig(env),
    guestComments: !/^(off|0|false|no)$/i.test((env.GUEST_COMMENTS ?? '').trim()),
    simulatedSignIn: /^(on|1|true|yes)$/i.test((env.SIMULATED_SIGN_IN ?? '').trim()),
    siteOwners: (env.SITE_OWNERS ?? '').split(',').map((owner) => owner.trim()).filter((owner) => /^[a-z0-9]+:./.test(owner)),
    trustProxy: trustProxyFromEnv(env.TRUST_PROXY),
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_MS) >= 0 && env.SHUTDOWN_GRACE_MS ? Number(env.SHUTDOWN_GRACE_MS) : 5000,
    moderation: env.MODERATION === 'hold' || env.MODERATION === 'first' ? env.MODERATION : 'approve',
    moderators: moderationOptionsFromEnv(env),
    allowedOrigins: (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    staticRoot: ROOT,
    cookie: { sameSite, secure: env.COOKIE_SECURE === '1' || https, ...(idleDays > 0 ? { idleDays } : {}) },
    limits: limitsFromEnv(env),
    screen: screenOptionsFromEnv(env),
    mail: mailOptionsFromEnv(env),
  };
}

/**
 * Fastify's `trustProxy` from TRUST_PROXY: unset/0/false → false (the socket's address is the
 * reader's); 1/true → true (trust X-Forwarded-* from any hop); a number > 1 → that many hops;
 * otherwise a comma list of addresses or CIDR ranges of the proxies.
 * @param {string | undefined} value @returns {boolean | number | string[]}
 */
export function trustProxyFromEnv(value) {
  const text = (value ?? '').trim();
  if (!text || text === '0' || /^false$/i.test(text)) return false;
  if (text === '1' || /^true$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').map((entry) => entry.trim()).filter(Boolean);
}

/**
 * SECRET from the environment, else (SQLite) the one kept in the data folder (`secret`, made once
 * with 256 random bits, readable by its owner only): `npm start` needs no setting, restarts keep
 * sign-ins. On PostgreSQL (several instances) it must be set, the same for all: none is made.
 * @param {NodeJS.ProcessEnv} env @returns {string | undefined}
 */
export function secretFromEnv(env) {
  if (env.SECRET || env.DATABASE_URL) return env.SECRET;
  const dir = storeOptionsFromEnv(env, ROOT).dataDir;
  const file = resolve(dir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  // Run-time state, as the store's own files: out of git.
  if (!existsSync(resolve(dir, '.gitignore'))) writeFileSync(resolve(dir, '.gitignore'), '*\n');
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * Opens the store (migrated, an empty one seeded), builds the server from the environment and
 * listens; SIGINT/SIGTERM close it. Unset, PUBLIC_URL follows the port the server took.
 * @param {NodeJS.ProcessEnv} env @param {import('./app.mjs').AppOptions['plugins']} [plugins]
 */
export async function serve(env, plugins = []) {
  const secret = secretFromEnv(env);
  if (secret) env = { ...env, SECRET: secret };
  const options = optionsFromEnv(env);
  if (!options.guestComments && !options.signIn?.options.length && !options.simulatedSignIn) {
    // Nobody could comment: a setting is missing, not a server to start.
    throw new Error('GUEST_COMMENTS=off needs a way to sign in: set SIGN_IN_* (docs/sign-in.md).');
  }
  const seed = seedFromEnv(env);
  const store = await openStore({ ...storeOptionsFromEnv(env, ROOT), ...(seed ? { seed } : {}) });
  const host = env.HOST ?? '127.0.0.1';
  let port = Number(env.PORT) || 8000;
  const publicUrl = () => (env.PUBLIC_URL || `http://${host}:${port}`).replace(/(^|[^/])\/+$/, '$1');
  const { app } = createApp({ ...options, store, identityOptions: seed?.identityOptions, plugins, publicUrl });
  for (;;) {
    try {
      await app.listen({ port, host });
      break;
    } catch (error) {
      // Without an explicit PORT, take the next free one (as the old demo server did).
      if (/** @type {{ code?: string }} */ (error).code === 'EADDRINUSE' && !env.PORT && port < 8100) {
        port++;
        continue;
      }
      console.error(error);
      process.exit(1);
    }
  }
  console.log(`\nThe demo is running: ${publicUrl()}/\nThe REST API: ${publicUrl()}/api\n(Ctrl+C stops it.)`);
  let closing = false;
  // Graceful shutdown: stop taking requests, tell open streams to reconnect, let requests in
  // flight finish (SHUTDOWN_GRACE_MS at most), close the store. A second signal exits at once.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return app;
}
