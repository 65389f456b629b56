/**
 * How an HTTP answer becomes the contract's error, for every provider that speaks HTTP
 * (`RestProvider`, `WordPressProvider`, and yours): the one table from status to
 * {@link ProviderErrorCode}, and the one reading of `Retry-After`. The reference server answers
 * with the same table (server/errors.mjs; test/status-codes.test.ts checks they agree for every
 * status), and docs/rest-api.md ("Errors") documents it:
 *
 * | status                | code           |
 * | --------------------- | -------------- |
 * | 400, 413, 415, 422    | `validation`   |
 * | 401                   | `unauthorized` |
 * | 403                   | `forbidden` (`closed` only when the body names it) |
 * | 404, 410              | `not_found`    |
 * | 409                   | `conflict`     |
 * | 408, 504              | `timeout`      |
 * | 429                   | `rate_limited` |
 * | 502, 503              | `network`      |
 * | any other             | `unknown`      |
 *
 * No I/O here, so every rule has a unit test (test/http-errors.test.ts).
 */
import type { ProviderErrorCode } from '../types.js';

/** The contract's code for an HTTP status when the body names none (see the table above). */
export function codeForStatus(status: number): ProviderErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return 'validation';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 409:
      return 'conflict';
    case 408:
    case 504:
      // The server, or a gateway in front of it, gave up waiting: the same to the reader as the
      // element's own timeout.
      return 'timeout';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
      // A gateway or a server that is down or restarting: to the reader, no connection.
      return 'network';
    default:
      return 'unknown';
  }
}

/**
 * Seconds from a `Retry-After` header: a number of seconds (a fraction rounds up) or an HTTP
 * date (seconds from `now` until then, never negative). Undefined when absent or unreadable.
 * `now` is injectable for tests.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
