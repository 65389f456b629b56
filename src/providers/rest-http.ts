/**
 * The pure parts of `RestProvider`: URLs, the mapping of the API's error answers and
 * network failures to the contract's error codes (a status without a code in the body maps by
 * the shared table, ./http-errors.ts), and the retry schedule.
 * No I/O here, so every rule has a unit test.
 */
import { PROVIDER_ERROR_CODES, ProviderError } from '../errors.js';
import { fieldErrorsOf, isRecord } from '../core/guards.js';
import type { FieldErrors, ProviderErrorCode } from '../types.js';
import { codeForStatus, parseRetryAfter } from './http-errors.js';

const CODES: ReadonlySet<string> = new Set(PROVIDER_ERROR_CODES);

export type QueryValue = string | number | null | undefined;

/**
 * `endpoint` + path segments (each percent-encoded, so a thread id with `/` or
 * `?` stays one segment) + query parameters (null and undefined left out).
 * A relative endpoint (`/api`) resolves against `base` (the page's address).
 */
export function buildUrl(
  endpoint: string,
  segments: readonly string[],
  query: Record<string, QueryValue> = {},
  base: string | undefined = globalThis.location?.href,
): string {
  const url = new URL(endpoint, base);
  const path = url.pathname.replace(/(^|[^/])\/+$/, '$1');
  url.pathname = [path, ...segments.map((segment) => encodeURIComponent(segment))].join('/');
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  return url.href;
}

/**
 * A `ProviderError` for an HTTP answer that is not a success. The body's
 * `{ error: { code, message, fieldErrors?, retryAfter? } }` wins when its code
 * is one of the contract's; otherwise the status decides. `Retry-After` fills
 * in `retryAfter` when the body has none.
 */
export function errorFromResponse(status: number, body: unknown, retryAfterHeader?: string | null): ProviderError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const named = typeof error.code === 'string' && CODES.has(error.code) ? (error.code as ProviderErrorCode) : undefined;
  const code = named ?? codeForStatus(status);
  const message = typeof error.message === 'string' && error.message ? error.message : `HTTP ${status}`;
  const extra: { fieldErrors?: FieldErrors; retryAfter?: number } = {};
  const fieldErrors = fieldErrorsOf(error.fieldErrors);
  if (fieldErrors) extra.fieldErrors = fieldErrors;
  const retryAfter =
    typeof error.retryAfter === 'number' && Number.isFinite(error.retryAfter) && error.retryAfter >= 0
      ? error.retryAfter
      : parseRetryAfter(retryAfterHeader);
  if (retryAfter !== undefined) extra.retryAfter = retryAfter;
  return new ProviderError(code, message, extra);
}

/** Why a request that got no answer failed: the caller cancelled, our own per-attempt timer fired, or the network. */
export function errorFromFailure(thrown: unknown, reason: { aborted: boolean; timedOut: boolean }): ProviderError {
  if (reason.aborted) return new ProviderError('aborted', 'The request was cancelled.', { cause: thrown });
  if (reason.timedOut) return new ProviderError('timeout', 'The server did not answer in time.', { cause: thrown });
  if (thrown instanceof ProviderError) return thrown;
  return new ProviderError('network', 'The server could not be reached.', { cause: thrown });
}

export interface BackoffOptions {
  /** The first delay, in ms. Default 300. */
  baseMs?: number;
  /** Each further delay is this many times longer. Default 2. */
  factor?: number;
  /** No delay is longer than this. Default 5000. */
  maxMs?: number;
  /** ± this fraction at random, so many clients do not retry in step. Default 0.2. */
  jitter?: number;
}

/** The delay before retry number `attempt` (0 for the first retry). `random` is injectable for tests. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs = 300, factor = 2, maxMs = 5000, jitter = 0.2 } = options;
  const plain = Math.min(maxMs, baseMs * factor ** Math.max(0, attempt));
  const spread = plain * jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(maxMs, plain + spread)));
}

/** The codes a read may be retried after: the server might answer next time. */
const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(['network', 'timeout', 'rate_limited', 'unknown']);

/**
 * How long to wait before retrying a read that failed with `error`, or
 * `null` for "do not retry": the retries are used up, the error is final
 * (validation, not found…, a cancellation), or the server asks for a longer
 * pause than `maxWaitMs`.
 */
export function retryDelay(
  error: { code: ProviderErrorCode; retryAfter?: number },
  attempt: number,
  { retries = 3, maxWaitMs = 5000, ...backoff }: BackoffOptions & { retries?: number; maxWaitMs?: number } = {},
  random: () => number = Math.random,
): number | null {
  if (attempt >= retries || !RETRYABLE.has(error.code)) return null;
  if (error.retryAfter !== undefined) {
    const wait = error.retryAfter * 1000;
    return wait <= maxWaitMs ? wait : null;
  }
  return backoffDelay(attempt, backoff, random);
}
