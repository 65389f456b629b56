import { fieldErrorsOf, isRecord } from './core/guards.js';
import type { FieldErrors, ProviderErrorCode, ProviderErrorLike } from './types.js';

/** Every code a provider may reject with, as the contract lists them. */
export const PROVIDER_ERROR_CODES: readonly ProviderErrorCode[] = [
  'network',
  'timeout',
  'validation',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'conflict',
  'not_found',
  'closed',
  'aborted',
  'unknown',
];

const CODES: ReadonlySet<string> = new Set(PROVIDER_ERROR_CODES);

/** An `Error` that carries the contract's `code`; providers may throw it or any object with a `code`. */
export class ProviderError extends Error implements ProviderErrorLike {
  readonly code: ProviderErrorCode;
  readonly fieldErrors?: FieldErrors;
  readonly retryAfter?: number;

  constructor(
    code: ProviderErrorCode,
    message: string = code,
    extra: { fieldErrors?: FieldErrors; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ProviderError';
    this.code = code;
    if (extra.fieldErrors) this.fieldErrors = extra.fieldErrors;
    if (extra.retryAfter !== undefined) this.retryAfter = extra.retryAfter;
  }
}

/**
 * Reads whatever a provider threw as the contract's error shape. Elements match
 * on `code` only, so plain objects work; anything without a known code counts
 * as `unknown`, and a DOM `AbortError` as `aborted`.
 */
export function toProviderError(thrown: unknown): ProviderErrorLike {
  if (isRecord(thrown)) {
    const code = thrown.code;
    const message = typeof thrown.message === 'string' ? thrown.message : undefined;
    if (typeof code === 'string' && CODES.has(code)) {
      const result: ProviderErrorLike = { code: code as ProviderErrorCode };
      if (message) result.message = message;
      const fieldErrors = fieldErrorsOf(thrown.fieldErrors);
      if (fieldErrors) result.fieldErrors = fieldErrors;
      if (typeof thrown.retryAfter === 'number' && Number.isFinite(thrown.retryAfter)) {
        result.retryAfter = Math.max(0, thrown.retryAfter);
      }
      return result;
    }
    if (thrown.name === 'AbortError') return { code: 'aborted', message: message ?? 'aborted' };
    if (thrown.name === 'TimeoutError') return { code: 'timeout', message: message ?? 'timeout' };
    return { code: 'unknown', message: message ?? String(thrown) };
  }
  return { code: 'unknown', message: String(thrown) };
}
