// The reference server's settings from the environment (documented in docs/rest-api.md):
//   PORT (default 8000, or the next free one), HOST (127.0.0.1),
//   DATA_DIR (.data), SEED_FILE (demo/seed.json; "none" for no seed),
//   MODERATION (approve | hold), CORS_ORIGINS (comma list of other origins whose pages
//   may call the API with cookies; default none; * lets any origin read without cookies),
//   COOKIE_SAMESITE (Lax | Strict | None), COOKIE_SECURE (1).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.mjs';

/** The project folder: the demo and the built bundle are served from it. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {import('./app.mjs').AppOptions}
 */
export function optionsFromEnv(env) {
  const seedSetting = env.SEED_FILE ?? resolve(ROOT, 'demo', 'seed.json');
  const sameSite = /** @type {'Lax' | 'Strict' | 'None'} */ (
    ['Lax', 'Strict', 'None'].includes(env.COOKIE_SAMESITE ?? '') ? env.COOKIE_SAMESITE : 'Lax'
  );
  return {
    dataDir: resolve(ROOT, env.DATA_DIR ?? '.data'),
    seedFile: seedSetting === 'none' ? null : resolve(ROOT, seedSetting),
    moderation: env.MODERATION === 'hold' ? 'hold' : 'approve',
    allowedOrigins: (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    staticRoot: ROOT,
    cookie: { sameSite, secure: env.COOKIE_SECURE === '1' },
  };
}

/**
 * Builds the server from the environment and listens; SIGINT/SIGTERM close it.
 * @param {NodeJS.ProcessEnv} env @param {import('./app.mjs').AppOptions['plugins']} [plugins]
 */
export async function serve(env, plugins = []) {
  const { app } = createApp({ ...optionsFromEnv(env), plugins });
  const host = env.HOST ?? '127.0.0.1';
  let port = Number(env.PORT) || 8000;
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
  console.log(`\nThe demo is running: http://${host}:${port}/\nThe REST API: http://${host}:${port}/api\n(Ctrl+C stops it.)`);
  let closing = false;
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
