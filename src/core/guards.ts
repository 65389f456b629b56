/**
 * Small type guards shared by the modules that read untrusted data (provider answers, stored
 * drafts, thrown values). Pure, no imports.
 */
import type { FieldErrors } from '../types.js';

/** A plain object (not null, not an array): a JSON object read from outside. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The non-empty string messages of the contract's four fields in `value`, or undefined when none. */
export function fieldErrorsOf(value: unknown): FieldErrors | undefined {
  if (!isRecord(value)) return undefined;
  const result: FieldErrors = {};
  for (const key of ['body', 'name', 'email', 'url'] as const) {
    const message = value[key];
    if (typeof message === 'string' && message) result[key] = message;
  }
  return Object.keys(result).length ? result : undefined;
}
