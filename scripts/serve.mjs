// npm start: the demo on the reference server. server/index.mjs's server serves the demo page
// (/), the built bundle (/dist/) and the REST API (/api) over a SQLite file in .data/, and
// prints the address. PORT and DATA_DIR choose; every other variable of the README's
// "Configuration" applies too.
//
// Offline sign-in: unless a SIGN_IN_<ID>_ISSUER / _PRESET is set (or DEV_SIGN_IN=off), a local
// OpenID provider (scripts/oidc-dev.mjs, development only) runs in this process on localhost —
// another site than the API on 127.0.0.1 — and is the "dev" option: clicking its icon is a real
// round trip, its login page takes any name (the display name) and password.
import { startOidcDev } from './oidc-dev.mjs';
import { serve } from '../server/config.mjs';

const env = { ...process.env };
const configured = Object.keys(env).some((name) => /^SIGN_IN_[A-Z0-9]+_(ISSUER|PRESET)$/.test(name));
if (!configured && env.DEV_SIGN_IN !== 'off') {
  const host = env.HOST ?? '127.0.0.1';
  const first = Number(env.PORT) || 8000;
  const last = env.PORT ? first : 8100; // serve() takes the next free port up to 8100
  /** @type {string[]} */
  const redirectUris = [];
  if (env.PUBLIC_URL) redirectUris.push(`${env.PUBLIC_URL.replace(/\/+$/, '')}/api/auth/dev/callback`);
  else for (let port = first; port <= last; port++) redirectUris.push(`http://${host}:${port}/api/auth/dev/callback`);
  const { issuer } = await startOidcDev({ port: Number(env.DEV_SIGN_IN_PORT) || 0, redirectUris });
  Object.assign(env, {
    SIGN_IN_DEV_ISSUER: issuer,
    SIGN_IN_DEV_CLIENT_ID: 'comment-thread-dev',
    SIGN_IN_DEV_CLIENT_SECRET: 'comment-thread-dev-secret',
    SIGN_IN_DEV_LABEL: env.SIGN_IN_DEV_LABEL ?? 'Local test account',
    // Its account "moderator" moderates (demo/moderation.html), unless MODERATORS says otherwise.
    MODERATORS: env.MODERATORS ?? 'dev:moderator',
  });
  console.log(`A local OpenID provider for development: ${issuer} (any name and password signs in).`);
  console.log('Moderate at /demo/moderation.html: log in with the local test account as "moderator".');
}
await serve(env);
