// The one-time ticket of a sign-in for a page on another site (token sessions). Such a page
// cannot rely on the API's cookie (WebKit and Firefox block third-party cookies), so the sign-in
// hands it a ticket instead: the popup's message (to the page's origin only) or the full-page
// return (`ct-ticket=` in the query). The page's RestProvider redeems it at once
// (POST {prefix}/token) for a session token it then sends as `Authorization: Bearer`.
// The ticket is the session id sealed with AES-256-GCM under a key derived from SECRET, valid
// for a minute; redeeming rotates the session (the sealed id ends), so it works once.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Seconds a ticket may wait to be redeemed. */
export const TICKET_SECONDS = 60;
/** The query parameter a full-page sign-in in token mode comes back with. */
export const TICKET_PARAM = 'ct-ticket';

/** @param {string} secret */
const keyOf = (secret) => createHash('sha256').update(`comment-thread sign-in ticket\n${secret}`).digest();

/**
 * Seals `sessionId` into a ticket.
 * @param {string} secret @param {string} sessionId @param {number} [now]
 */
export function issueTicket(secret, sessionId, now = Date.now()) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify({ s: sessionId, e: now + TICKET_SECONDS * 1000 }), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/**
 * The session id a ticket holds, when it is genuine and not expired; otherwise null.
 * @param {string} secret @param {unknown} ticket @param {number} [now] @returns {string | null}
 */
export function openTicket(secret, ticket, now = Date.now()) {
  if (typeof ticket !== 'string' || ticket.length > 400 || !/^[A-Za-z0-9_-]+$/.test(ticket)) return null;
  const raw = Buffer.from(ticket, 'base64url');
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const data = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    return typeof data.s === 'string' && typeof data.e === 'number' && now <= data.e ? data.s : null;
  } catch {
    return null;
  }
}
