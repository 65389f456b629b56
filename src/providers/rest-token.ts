/**
 * The token session of a RestProvider whose API is on another site than the page
 * (`session: 'token'`): WebKit and Firefox block the API's cookies there, so the sign-in hands the
 * page a one-time ticket (the popup's message, or `ct-ticket` in the address after a full-page
 * sign-in) that the provider redeems at once (`POST {endpoint}/auth/token`) for a bearer token.
 * The token is sent as `Authorization: Bearer` with the API's requests only, and kept for the
 * tab's life in sessionStorage (so a reload stays signed in; closing the tab forgets it). Like any
 * bearer token it can be read by scripts on the page: a page that runs untrusted scripts should
 * serve the API on its own site (a reverse proxy) and keep cookie sessions.
 */

/** The query parameter a full-page sign-in in token mode comes back with (server/auth/ticket.mjs). */
export const TICKET_PARAM = 'ct-ticket';
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bearer token of one API endpoint, in memory and in the tab's sessionStorage; with a
 * `headers` object (the provider's request headers) it keeps `Authorization` there in step.
 */
export class SessionToken {
  readonly #key: string;
  readonly #headers: Record<string, string> | undefined;
  #value: string | null = null;

  constructor(endpoint: string, headers?: Record<string, string>) {
    this.#key = `comment-thread:token:${endpoint}`;
    this.#headers = headers;
    let stored: string | null = null;
    try {
      stored = storage()?.getItem(this.#key) ?? null;
    } catch {
      stored = null;
    }
    this.#keep(stored && TOKEN.test(stored) ? stored : null);
  }

  #keep(value: string | null): void {
    this.#value = value;
    if (!this.#headers) return;
    if (value) this.#headers.Authorization = `Bearer ${value}`;
    else delete this.#headers.Authorization;
  }

  /** The header that names the session, or none. */
  get header(): Record<string, string> {
    return this.#value ? { Authorization: `Bearer ${this.#value}` } : {};
  }

  /** Keeps a new token (from a redeemed ticket), or forgets it (`null`, at sign-out). */
  set(token: string | null): void {
    this.#keep(token && TOKEN.test(token) ? token : null);
    try {
      if (this.#value) storage()?.setItem(this.#key, this.#value);
      else storage()?.removeItem(this.#key);
    } catch {
      // Storage refused: the token lives as long as the page.
    }
  }
}

/** The ticket a full-page sign-in came back with, taken out of the address bar (once). */
export function takeReturnedTicket(): string | null {
  if (typeof location === 'undefined') return null;
  const url = new URL(location.href);
  const ticket = url.searchParams.get(TICKET_PARAM);
  if (ticket === null) return null;
  url.searchParams.delete(TICKET_PARAM);
  history.replaceState(history.state, '', url.href);
  return ticket;
}
