// A small browser for the sign-in tests: real HTTP (fetch), redirects followed by
// hand so every hop is seen, one cookie jar per host (so localhost and 127.0.0.1 are
// separate sites, as in a browser), and the oidc-provider development forms submitted.
import { createServer } from 'node:net';
import Fastify from 'fastify';
import { parseSignInConfig, signInPlugin } from '../../server/auth/index.mjs';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const PAGE_ORIGIN = 'http://127.0.0.1:5999';
export const CLIENT = { id: 'comment-thread-test', secret: 'comment-thread-test-secret' };

export class Browser {
  /** @type {Map<string, Map<string, string>>} host → name → value */
  jar = new Map();

  /** @param {string} url */
  cookieHeader(url) {
    const cookies = this.jar.get(new URL(url).host);
    return cookies ? [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  /**
   * @param {string} url
   * @param {Response} response
   */
  keep(url, response) {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone || !value) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
  }

  /**
   * One request, no redirect followed.
   *
   * @param {string} url
   * @param {RequestInit} [init]
   */
  async request(url, init = {}) {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keep(url, response);
    return response;
  }

  /**
   * Follows redirects until a page answers or `stop(url)` says so; returns the last response and its URL.
   *
   * @param {string} url
   * @param {{ stop?: (url: string) => boolean, init?: RequestInit }} [options]
   */
  async go(url, options = {}) {
    let current = url;
    let init = options.init;
    for (let hops = 0; hops < 20; hops++) {
      if (options.stop?.(current)) return { url: current, response: null };
      const response = await this.request(current, init);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        current = new URL(location, current).href;
        init = undefined;
        continue;
      }
      return { url: current, response };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /**
   * Submits the form of an oidc-provider development page (login or consent).
   *
   * @param {string} pageUrl
   * @param {string} html
   * @param {Record<string, string>} fields
   * @param {{ stop?: (url: string) => boolean }} [options]
   */
  async submit(pageUrl, html, fields, options = {}) {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no development form on ${pageUrl}: ${html.slice(0, 300)}`);
    const body = new URLSearchParams({ prompt, ...fields });
    return this.go(new URL(action.replace(/&amp;/g, '&'), pageUrl).href, {
      ...options,
      init: { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    });
  }
}

/**
 * A Fastify app with only @fastify/cookie (through the plugin) and the sign-in plugin;
 * `onSignedIn` records identities and sets a stand-in session cookie.
 *
 * @param {Record<string, string>} env
 * @param {number} port
 * @param {{ onSignedIn?: Function }} [hooks]
 */
export async function startApp(env, port, hooks = {}) {
  /** @type {import('../../server/auth/identity.mjs').SignedInIdentity[]} */
  const signedIn = [];
  /** @type {{ optionId: string, code: string, detail: string }[]} */
  const failures = [];
  const app = Fastify();
  const control = { throwNext: false };
  await app.register(signInPlugin, {
    config: parseSignInConfig(env),
    publicUrl: () => `http://127.0.0.1:${port}`,
    allowedOrigins: [PAGE_ORIGIN],
    timeout: 5,
    onSignedIn:
      hooks.onSignedIn ??
      (async (/** @type {any} */ _request, /** @type {any} */ reply, /** @type {any} */ identity) => {
        if (control.throwNext) {
          control.throwNext = false;
          throw new Error('database is down: secret detail');
        }
        signedIn.push(identity);
        reply.setCookie('test_session', `${identity.optionId}:${identity.subject}`, { path: '/', httpOnly: true });
      }),
    onFailed: (/** @type {any} */ _request, /** @type {any} */ failure) => failures.push(failure),
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${port}`, signedIn, failures, control };
}

/** A port free right now on 127.0.0.1 (the provider must know the callback URL before the app listens). */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** @param {string} base */
export const callbackFor = (base, /** @type {string} */ id) => `${base}/api/auth/${id}/callback`;

/**
 * The popup page's message, read from its inline data (what it posts to its opener).
 *
 * @param {string} html
 */
export function popupMessage(html) {
  const json = /var data = (\{.*\});/.exec(html)?.[1];
  if (!json) throw new Error(`not a popup ending: ${html.slice(0, 300)}`);
  return JSON.parse(json);
}
