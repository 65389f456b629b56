#!/usr/bin/env node
// A real OpenID provider (oidc-provider) for development and tests only: on
// http://localhost:<port>, another site than the API on 127.0.0.1. Its development
// interactions take any login and password, then ask for consent ("[ Cancel ]" denies).
// It also serves plain OAuth 2.0 (no `openid` scope, no ID token) with a profile endpoint
// shaped like GitHub's: GET /user with the access token answers
// { id, login, name, avatar_url, html_url } — for the sign-in presets.
//
//   node scripts/oidc-dev.mjs [--port 0] [--client-id dev] [--client-secret …] [--redirect-uri URL]…
// prints one line `oidc-dev ready <issuer>` when it listens.
//
// From code: `startOidcDev(options)` in this process, or `startOidcDevProcess(options)` as a
// child process (what the tests use); both give `{ issuer, stop() }`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

/**
 * @typedef {object} OidcDevOptions
 * @property {number} [port] 0 (default): any free port
 * @property {string} [clientId] default `comment-thread-dev`
 * @property {string} [clientSecret] default `comment-thread-dev-secret`
 * @property {string[]} [redirectUris] callback URLs of the client (exact match)
 */

/** A GitHub-like numeric id for a login, stable across runs. */
const numericId = (/** @type {string} */ login) => parseInt(createHash('sha256').update(login).digest('hex').slice(0, 8), 16);

/**
 * Starts the provider in this process.
 *
 * @param {OidcDevOptions} [options]
 * @returns {Promise<{ issuer: string, stop: () => Promise<void> }>}
 */
export async function startOidcDev(options = {}) {
  const { createServer } = await import('node:http');
  const server = createServer();
  server.listen(options.port ?? 0, 'localhost');
  await once(server, 'listening');
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const issuer = `http://localhost:${address.port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId ?? 'comment-thread-dev',
        client_secret: options.clientSecret ?? 'comment-thread-dev-secret',
        redirect_uris: options.redirectUris?.length ? options.redirectUris : ['http://127.0.0.1:8000/api/auth/dev/callback'],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // Every login is an account; its name is the login as typed.
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: sub,
            preferred_username: sub,
            picture: `${issuer}/avatars/${encodeURIComponent(sub)}.png`,
            profile: `${issuer}/people/${encodeURIComponent(sub)}`,
          };
        },
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'picture', 'profile'] },
    scopes: ['openid', 'profile', 'read:user'],
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['comment-thread-dev-only-cookie-key'] },
    ttl: { AuthorizationCode: 60, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600, IdToken: 600 },
  });
  provider.proxy = false;

  // GitHub's profile endpoint, for the plain OAuth 2.0 presets.
  provider.use(async (ctx, next) => {
    if (ctx.path !== '/user' || ctx.method !== 'GET') return next();
    const header = ctx.get('authorization');
    const token = header.startsWith('Bearer ') ? await provider.AccessToken.find(header.slice(7)) : undefined;
    if (!token?.accountId) {
      ctx.status = 401;
      ctx.body = { message: 'Bad credentials' };
      return undefined;
    }
    const login = token.accountId;
    ctx.body = {
      id: numericId(login),
      login,
      name: login,
      avatar_url: `${issuer}/avatars/${encodeURIComponent(login)}.png`,
      html_url: `${issuer}/people/${encodeURIComponent(login)}`,
    };
    return undefined;
  });

  server.on('request', provider.callback());
  return {
    issuer,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts the provider as a child process (a real separate server) and waits until it listens.
 *
 * @param {OidcDevOptions & { timeoutMs?: number }} [options]
 * @returns {Promise<{ issuer: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startOidcDevProcess(options = {}) {
  const args = [fileURLToPath(import.meta.url), '--port', String(options.port ?? 0)];
  if (options.clientId) args.push('--client-id', options.clientId);
  if (options.clientSecret) args.push('--client-secret', options.clientSecret);
  for (const uri of options.redirectUris ?? []) args.push('--redirect-uri', uri);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('oidc-dev did not start in time')), options.timeoutMs ?? 15_000);
    child.once('exit', (code) => reject(new Error(`oidc-dev exited (${code}) before it listened`)));
    lines.on('line', (line) => {
      const match = /^oidc-dev ready (\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    issuer,
    pid: /** @type {number} */ (child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  /** @type {OidcDevOptions} */
  const options = { redirectUris: [] };
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--port') options.port = Number(value);
    else if (name === '--client-id') options.clientId = value;
    else if (name === '--client-secret') options.clientSecret = value;
    else if (name === '--redirect-uri') options.redirectUris?.push(value);
    else throw new Error(`Unknown option ${name}`);
  }
  const { issuer, stop } = await startOidcDev(options);
  console.log(`oidc-dev ready ${issuer}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop().then(() => process.exit(0)));
}
