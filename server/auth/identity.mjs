// The reader as a provider describes them, cleaned: a stable subject, a display name
// of sane length without control characters, and http(s)-only avatar and profile URLs.
// Pure functions; nothing here trusts the provider's text.

/**
 * @typedef {object} SignedInIdentity
 * @property {string} optionId the sign-in option (`github`, `google`, …)
 * @property {string} subject the provider's stable id for the account: with `optionId`, who this is
 * @property {string} name display name; `''` when the provider gave none (ask the reader for one)
 * @property {string} [avatarUrl] http(s) only
 * @property {string} [url] profile page, http(s) only
 * @property {string} [email] a verified address (OpenID Connect `email` with `email_verified: true`): kept on the
 *   server for reply notifications (README "Notifications"), never shown to the page
 */

export const MAX_NAME_LENGTH = 80;
export const MAX_URL_LENGTH = 2000;
export const MAX_SUBJECT_LENGTH = 255;

/**
 * A display name: text only, control and formatting characters removed, runs of
 * white space made one space, at most MAX_NAME_LENGTH characters (whole code points).
 *
 * @param {unknown} value
 * @returns {string}
 */
export function cleanName(value) {
  if (typeof value !== 'string') return '';
  let out = '';
  let space = false;
  let count = 0;
  for (const char of value.normalize('NFC')) {
    if (/\s/u.test(char)) {
      space = out.length > 0;
      continue;
    }
    // Cc controls, Cf formatting (bidi overrides, zero-width joiners…), Co private use, Cs lone surrogates.
    if (/\p{Cc}|\p{Cf}|\p{Co}|\p{Cs}/u.test(char)) continue;
    if (space) {
      if (count + 1 >= MAX_NAME_LENGTH) break;
      out += ' ';
      count++;
      space = false;
    }
    out += char;
    if (++count >= MAX_NAME_LENGTH) break;
  }
  return out;
}

/**
 * An absolute http(s) URL without credentials, at most MAX_URL_LENGTH long; otherwise undefined.
 *
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function cleanUrl(value) {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return undefined;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href.length <= MAX_URL_LENGTH ? url.href : undefined;
}

/**
 * @param {unknown} value
 * @returns {string | null}
 */
export function cleanSubject(value) {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_SUBJECT_LENGTH || /\p{Cc}/u.test(trimmed)) return null;
  return trimmed;
}

/**
 * The identity from raw profile fields, or null when the provider named no usable subject.
 *
 * @param {string} optionId
 * @param {{ subject: unknown, name?: unknown, avatarUrl?: unknown, url?: unknown, email?: unknown }} raw
 * @returns {SignedInIdentity | null}
 */
export function cleanIdentity(optionId, raw) {
  const subject = cleanSubject(raw.subject);
  if (!subject) return null;
  /** @type {SignedInIdentity} */
  const identity = { optionId, subject, name: cleanName(raw.name) };
  const avatarUrl = cleanUrl(raw.avatarUrl);
  const url = cleanUrl(raw.url);
  if (avatarUrl) identity.avatarUrl = avatarUrl;
  if (url) identity.url = url;
  if (typeof raw.email === 'string' && raw.email.length <= 254 && /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(raw.email)) identity.email = raw.email;
  return identity;
}

/**
 * The raw fields from OpenID Connect claims (ID token, merged with UserInfo).
 *
 * @param {Record<string, unknown>} claims
 */
export function readClaims(claims) {
  const given = typeof claims.given_name === 'string' ? claims.given_name : '';
  const family = typeof claims.family_name === 'string' ? claims.family_name : '';
  const name =
    [claims.name, claims.preferred_username, claims.nickname, `${given} ${family}`].find(
      (candidate) => typeof candidate === 'string' && cleanName(candidate),
    ) ?? '';
  return {
    subject: claims.sub,
    name,
    avatarUrl: claims.picture,
    url: cleanUrl(claims.profile) ? claims.profile : claims.website,
    email: claims.email_verified === true ? claims.email : undefined,
  };
}
