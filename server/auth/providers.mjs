// The protocol side of one sign-in option, through openid-client (no hand-written
// OAuth): build the authorization URL (code + PKCE, state, nonce for OpenID Connect),
// exchange the code, read the reader's claims or profile. Results and failures are
// reduced to the plugin's identities and error codes here.
import * as client from 'openid-client';
import { cleanIdentity, readClaims } from './identity.mjs';
import { PRESETS } from './presets.mjs';

/** @typedef {import('./config.mjs').SignInOption} SignInOption */
/** @typedef {import('./identity.mjs').SignedInIdentity} SignedInIdentity */

/** A failure the page may see: a code from page.mjs's FAILURE_CODES; `detail` is for logs only. */
export class SignInFailure extends Error {
  /**
   * @param {string} code
   * @param {string} [detail]
   */
  constructor(code, detail) {
    super(detail ?? code);
    this.name = 'SignInFailure';
    this.code = code;
  }
}

/**
 * @typedef {object} Pending
 * @property {string} state
 * @property {string} verifier the PKCE code verifier
 * @property {string} [nonce] OpenID Connect only
 */

/**
 * One option's client: discovery (OpenID Connect) happens on first use and is kept
 * once it worked; a provider that cannot be reached is asked again next time.
 */
export class OptionClient {
  /** @type {Promise<client.Configuration> | null} */
  #configuration = null;

  /**
   * @param {SignInOption} option
   * @param {{ timeout?: number }} [settings] seconds per request to the provider (default 10)
   */
  constructor(option, settings = {}) {
    this.option = option;
    this.timeout = settings.timeout ?? 10;
  }

  /** @returns {Promise<client.Configuration>} */
  configuration() {
    if (!this.#configuration) {
      this.#configuration = this.#configure().catch((error) => {
        this.#configuration = null;
        throw error instanceof SignInFailure ? error : new SignInFailure('provider_unreachable', describe(error));
      });
    }
    return this.#configuration;
  }

  async #configure() {
    const option = this.option;
    /** @type {(config: client.Configuration) => void} */
    const insecure = (config) => {
      if (option.allowInsecure) client.allowInsecureRequests(config);
    };
    if (option.type === 'oidc') {
      return client.discovery(new URL(option.issuer), option.clientId, undefined, client.ClientSecretPost(option.clientSecret), {
        // openid-client looks for allowInsecureRequests itself in `execute` (http discovery too).
        execute: option.allowInsecure ? [client.allowInsecureRequests] : [],
        timeout: this.timeout,
      });
    }
    const auth = option.clientAuth === 'client_secret_basic' ? client.ClientSecretBasic(option.clientSecret) : client.ClientSecretPost(option.clientSecret);
    const config = new client.Configuration(
      { issuer: new URL(option.authorizationUrl).origin, authorization_endpoint: option.authorizationUrl, token_endpoint: option.tokenUrl },
      option.clientId,
      undefined,
      auth,
    );
    config.timeout = this.timeout;
    insecure(config);
    return config;
  }

  /**
   * The provider's authorization URL and what the callback must check.
   *
   * @param {string} redirectUri
   * @returns {Promise<{ url: string, pending: Pending }>}
   */
  async start(redirectUri) {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    /** @type {Record<string, string>} */
    const parameters = {
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    };
    /** @type {Pending} */
    const pending = { state, verifier };
    if (this.option.type === 'oidc') {
      parameters.scope = 'openid profile';
      pending.nonce = client.randomNonce();
      parameters.nonce = pending.nonce;
    } else {
      parameters.scope = this.option.scope;
    }
    return { url: client.buildAuthorizationUrl(config, parameters).href, pending };
  }

  /**
   * Checks the provider's answer against `pending`, exchanges the code and reads the reader.
   *
   * @param {URL} callbackUrl the callback URL as the provider called it (with its query)
   * @param {Pending} pending
   * @returns {Promise<SignedInIdentity>}
   */
  async finish(callbackUrl, pending) {
    const error = callbackUrl.searchParams.get('error');
    if (error) throw new SignInFailure(error === 'access_denied' ? 'denied' : 'provider_error', `the provider answered ${error}`);
    if (callbackUrl.searchParams.get('state') !== pending.state) throw new SignInFailure('state_mismatch');
    const config = await this.configuration();
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        ...(this.option.type === 'oidc' ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
      });
    } catch (thrown) {
      throw classify(thrown, 'exchange_failed');
    }
    const raw = this.option.type === 'oidc' ? await this.#claims(config, tokens) : await this.#profile(config, tokens.access_token);
    const identity = cleanIdentity(this.option.id, raw);
    if (!identity) throw new SignInFailure('profile_failed', 'no usable subject in the answer');
    return identity;
  }

  /**
   * @param {client.Configuration} config
   * @param {Awaited<ReturnType<typeof client.authorizationCodeGrant>>} tokens
   */
  async #claims(config, tokens) {
    const idClaims = tokens.claims();
    if (!idClaims) throw new SignInFailure('profile_failed', 'no ID token');
    /** @type {Record<string, unknown>} */
    let claims = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        const userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...claims, ...userInfo, sub: idClaims.sub };
      } catch {
        // The ID token already names the reader; UserInfo only adds to it.
      }
    }
    return readClaims(claims);
  }

  /**
   * @param {client.Configuration} config
   * @param {string} accessToken
   */
  async #profile(config, accessToken) {
    const option = /** @type {import('./config.mjs').OAuth2Option} */ (this.option);
    let response;
    try {
      response = await client.fetchProtectedResource(config, accessToken, new URL(option.profileUrl), 'GET', undefined, new Headers({ accept: 'application/json' }));
    } catch (thrown) {
      throw classify(thrown, 'profile_failed');
    }
    if (!response.ok) throw new SignInFailure('profile_failed', `the profile endpoint answered ${response.status}`);
    let body;
    try {
      body = await response.json();
    } catch {
      throw new SignInFailure('profile_failed', 'the profile is not JSON');
    }
    return PRESETS[option.preset].readProfile(body);
  }
}

/**
 * @param {unknown} thrown
 * @param {string} fallback
 */
function classify(thrown, fallback) {
  if (thrown instanceof SignInFailure) return thrown;
  const error = /** @type {{ name?: string, code?: string, error?: string, cause?: unknown }} */ (thrown);
  if (error?.error === 'access_denied') return new SignInFailure('denied', describe(thrown));
  if (isUnreachable(thrown)) return new SignInFailure('provider_unreachable', describe(thrown));
  return new SignInFailure(fallback, describe(thrown));
}

/** @param {unknown} thrown */
function isUnreachable(thrown) {
  for (let error = /** @type {any} */ (thrown), depth = 0; error && depth < 4; error = error.cause, depth++) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
    if (['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'].includes(error.code)) return true;
    if (error instanceof TypeError && error.message === 'fetch failed') return true;
  }
  return false;
}

/** @param {unknown} thrown */
function describe(thrown) {
  const error = /** @type {{ message?: string, error?: string, code?: string }} */ (thrown);
  return [error?.code, error?.error, error?.message].filter(Boolean).join(': ') || String(thrown);
}
