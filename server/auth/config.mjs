// Sign-in configuration from the environment (the names are fixed by issue 14 and
// documented in the README's "Configuration"):
//   SIGN_IN_<ID>_ISSUER         an OpenID Connect issuer, found by discovery, or
//   SIGN_IN_<ID>_PRESET         github | facebook | x | wordpress-com (plain OAuth 2.0)
//   SIGN_IN_<ID>_CLIENT_ID, SIGN_IN_<ID>_CLIENT_SECRET, SIGN_IN_<ID>_LABEL (optional)
//   SIGN_IN_<ID>_AUTHORIZATION_URL, _TOKEN_URL, _PROFILE_URL (optional, presets only:
//                               the same API elsewhere, e.g. GitHub Enterprise, or a local test provider)
//   SIGN_IN_OPTIONS             the order of the options (`github,google`); default: every <ID>, alphabetical
//   PUBLIC_URL                  the server's public origin (callback URLs)
//   SECRET                      the key that signs the state cookie
// A pure function: the environment in, a checked configuration (or every problem at once) out.
import { PRESETS, PRESET_NAMES } from './presets.mjs';

/**
 * @typedef {object} OidcOption
 * @property {'oidc'} type
 * @property {string} id lower case: how the page names the option
 * @property {string} label
 * @property {string} issuer
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {boolean} allowInsecure http is accepted for loopback hosts only (development and tests)
 */

/**
 * @typedef {object} OAuth2Option
 * @property {'oauth2'} type
 * @property {string} id
 * @property {string} label
 * @property {string} preset
 * @property {string} authorizationUrl
 * @property {string} tokenUrl
 * @property {string} profileUrl
 * @property {string} scope
 * @property {'client_secret_post' | 'client_secret_basic'} clientAuth
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {boolean} allowInsecure
 */

/** @typedef {OidcOption | OAuth2Option} SignInOption */

/**
 * @typedef {object} SignInConfig
 * @property {SignInOption[]} options in the order the page shows them
 * @property {string | null} publicUrl the origin (and path prefix, if any) without a trailing slash; null: unset
 * @property {string | null} secret
 */

export class SignInConfigError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(`The sign-in configuration has problems:\n- ${problems.join('\n- ')}`);
    this.name = 'SignInConfigError';
    this.problems = problems;
  }
}

const KEY = /^SIGN_IN_([A-Z0-9]+)_(ISSUER|PRESET|CLIENT_ID|CLIENT_SECRET|LABEL|AUTHORIZATION_URL|TOKEN_URL|PROFILE_URL)$/;
const ID = /^[a-z0-9]{1,40}$/;
const MIN_SECRET_LENGTH = 32;

/** Issuers whose brand the label can name without a SIGN_IN_<ID>_LABEL. */
const KNOWN_ISSUERS = /** @type {Record<string, string>} */ ({
  'accounts.google.com': 'Google',
  'gitlab.com': 'GitLab',
  'login.microsoftonline.com': 'Microsoft',
});

/**
 * Reads the sign-in options and settings from `env`. Throws a `SignInConfigError`
 * listing every problem; an environment without any `SIGN_IN_*` gives no options.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {SignInConfig}
 */
export function parseSignInConfig(env) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, Record<string, string>>} */
  const byId = new Map();
  for (const [key, raw] of Object.entries(env)) {
    const match = KEY.exec(key);
    if (!match || raw === undefined) continue;
    const value = raw.trim();
    if (!value) continue;
    const fields = byId.get(match[1]) ?? {};
    fields[match[2]] = value;
    byId.set(match[1], fields);
  }

  /** @type {Map<string, SignInOption>} */
  const options = new Map();
  for (const [upper, fields] of byId) {
    const option = readOption(upper, fields, problems);
    if (option) options.set(option.id, option);
  }

  const publicUrl = readPublicUrl(env.PUBLIC_URL, problems);
  const secret = env.SECRET?.trim() || null;
  if (byId.size && !secret) problems.push('SECRET is not set: it signs the sign-in state cookie.');
  else if (secret && secret.length < MIN_SECRET_LENGTH) problems.push(`SECRET is shorter than ${MIN_SECRET_LENGTH} characters.`);

  /** @type {SignInOption[]} */
  let ordered = [...options.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const order = env.SIGN_IN_OPTIONS?.trim();
  if (order) {
    ordered = [];
    const seen = new Set();
    for (const entry of order.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean)) {
      if (entry === 'guest' || seen.has(entry)) continue;
      seen.add(entry);
      const option = options.get(entry);
      if (option) ordered.push(option);
      else problems.push(`SIGN_IN_OPTIONS names "${entry}", but no SIGN_IN_${entry.toUpperCase()}_ISSUER or _PRESET is set.`);
    }
  }

  if (problems.length) throw new SignInConfigError(problems);
  return { options: ordered, publicUrl, secret };
}

/**
 * @param {string} upper
 * @param {Record<string, string>} fields
 * @param {string[]} problems
 * @returns {SignInOption | null}
 */
function readOption(upper, fields, problems) {
  const id = upper.toLowerCase();
  const name = `SIGN_IN_${upper}`;
  const before = problems.length;
  if (!ID.test(id)) problems.push(`${name}: the option id must be 1 to 40 letters and digits.`);
  if (fields.ISSUER && fields.PRESET) problems.push(`${name}: set _ISSUER or _PRESET, not both.`);
  if (!fields.ISSUER && !fields.PRESET) problems.push(`${name}: set _ISSUER (OpenID Connect) or _PRESET (${PRESET_NAMES.join(', ')}).`);
  if (!fields.CLIENT_ID) problems.push(`${name}_CLIENT_ID is not set.`);
  if (!fields.CLIENT_SECRET) problems.push(`${name}_CLIENT_SECRET is not set.`);
  const label = fields.LABEL?.slice(0, 60);
  const clientId = fields.CLIENT_ID ?? '';
  const clientSecret = fields.CLIENT_SECRET ?? '';

  if (fields.ISSUER) {
    for (const extra of ['AUTHORIZATION_URL', 'TOKEN_URL', 'PROFILE_URL']) {
      if (fields[extra]) problems.push(`${name}_${extra} only applies to a _PRESET (an issuer's endpoints come from discovery).`);
    }
    const issuer = readEndpoint(`${name}_ISSUER`, fields.ISSUER, problems);
    if (problems.length > before || !issuer) return null;
    const host = new URL(issuer.url).hostname;
    return {
      type: 'oidc',
      id,
      label: label || KNOWN_ISSUERS[host] || capitalise(id),
      issuer: issuer.url,
      clientId,
      clientSecret,
      allowInsecure: issuer.insecure,
    };
  }

  const presetName = (fields.PRESET ?? '').toLowerCase();
  const preset = Object.hasOwn(PRESETS, presetName) ? PRESETS[presetName] : null;
  if (!preset) {
    problems.push(`${name}_PRESET "${fields.PRESET}" is not one of ${PRESET_NAMES.join(', ')}.`);
    return null;
  }
  const authorization = readEndpoint(`${name}_AUTHORIZATION_URL`, fields.AUTHORIZATION_URL ?? preset.authorizationUrl, problems);
  const token = readEndpoint(`${name}_TOKEN_URL`, fields.TOKEN_URL ?? preset.tokenUrl, problems);
  const profile = readEndpoint(`${name}_PROFILE_URL`, fields.PROFILE_URL ?? preset.profileUrl, problems);
  if (problems.length > before || !authorization || !token || !profile) return null;
  return {
    type: 'oauth2',
    id,
    label: label || preset.label,
    preset: presetName,
    authorizationUrl: authorization.url,
    tokenUrl: token.url,
    profileUrl: profile.url,
    scope: preset.scope,
    clientAuth: preset.clientAuth,
    clientId,
    clientSecret,
    allowInsecure: authorization.insecure || token.insecure || profile.insecure,
  };
}

/**
 * An https URL, or http on a loopback host (a development or test provider).
 *
 * @param {string} name
 * @param {string} value
 * @param {string[]} problems
 * @returns {{ url: string, insecure: boolean } | null}
 */
function readEndpoint(name, value, problems) {
  let url;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} is not a URL: "${value}".`);
    return null;
  }
  if (url.username || url.password) {
    problems.push(`${name} must not carry a user name or password.`);
    return null;
  }
  if (url.protocol === 'https:') return { url: url.href, insecure: false };
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return { url: url.href, insecure: true };
  problems.push(`${name} must be an https URL (http only for localhost): "${value}".`);
  return null;
}

/**
 * @param {string | undefined} value
 * @param {string[]} problems
 */
function readPublicUrl(value, problems) {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  let url;
  try {
    url = new URL(trimmed);
  } catch {
    problems.push(`PUBLIC_URL is not a URL: "${trimmed}".`);
    return null;
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
    problems.push(`PUBLIC_URL must be a plain http(s) URL such as https://comments.example.org: "${trimmed}".`);
    return null;
  }
  return `${url.origin}${url.pathname.replace(/(^|[^/])\/+$/, '$1')}`;
}

/** @param {string} hostname */
export function isLoopback(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** @param {string} id */
const capitalise = (id) => id.charAt(0).toUpperCase() + id.slice(1);

/**
 * The options as the page sees them (the contract's `IdentityOption`, for `GET /api/identity/options`):
 * no endpoints, no client ids. `flow: 'redirect'` tells RestProvider to sign in through the browser.
 *
 * @param {SignInConfig} config
 * @returns {{ id: string, label: string, kind: 'oauth', flow: 'redirect' }[]}
 */
export function publicOptions(config) {
  return config.options.map((option) => ({ id: option.id, label: option.label, kind: 'oauth', flow: 'redirect' }));
}
