// Unsubscribe links: the address and an HMAC-SHA256 of it under SECRET, so a link works without
// signing in and cannot be made for, or altered to, another address without the secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailKey } from './outbox.mjs';

/** Tells these MACs apart from any other use of SECRET. */
const PURPOSE = 'comment-thread unsubscribe v1\n';

/** @param {string} secret @param {string} email */
function mac(secret, email) {
  return createHmac('sha256', secret).update(PURPOSE + emailKey(email)).digest();
}

/** The token for an address: `<address, base64url>.<MAC, base64url>`. @param {string} secret @param {string} email */
export function unsubscribeToken(secret, email) {
  return `${Buffer.from(emailKey(email)).toString('base64url')}.${mac(secret, email).toString('base64url')}`;
}

/**
 * The address a token names, or null when it was not made with this secret (forged, altered, cut).
 * @param {string} secret @param {unknown} token @returns {string | null}
 */
export function verifyUnsubscribeToken(secret, token) {
  if (typeof token !== 'string' || token.length > 1000) return null;
  const [address, given, extra] = token.split('.');
  if (!address || !given || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(address) || !/^[A-Za-z0-9_-]{43}$/.test(given)) return null;
  const email = Buffer.from(address, 'base64url').toString('utf8');
  if (!email.includes('@') || emailKey(email) !== email) return null;
  const expected = mac(secret, email);
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? email : null;
}
