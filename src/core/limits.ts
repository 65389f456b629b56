import type { FieldLimits } from '../types.js';

/** WordPress's field limits, in UTF-8 bytes (what its database columns hold). */
export const FIELD_LIMITS = { name: 245, email: 100, url: 200, body: 65_525 } as const;

const encoder = new TextEncoder();

/** Length in UTF-8 bytes, as a backend counts it. */
export function utf8Length(value: string): number {
  return encoder.encode(value).length;
}

/**
 * The limit a field's value is over, or null when it fits: the backend's limit (`limits`, counted
 * in its `unit`) where it gives one, else WordPress's in UTF-8 bytes.
 */
export function overLimit(
  value: string,
  field: keyof typeof FIELD_LIMITS,
  limits?: FieldLimits | null,
): { max: number; unit: 'utf8' | 'utf16' } | null {
  const given = limits?.[field];
  const max = typeof given === 'number' && Number.isFinite(given) && given > 0 ? given : FIELD_LIMITS[field];
  const unit = typeof given === 'number' && limits?.unit === 'utf16' ? 'utf16' : 'utf8';
  const length = unit === 'utf16' ? value.length : utf8Length(value);
  return length > max ? { max, unit } : null;
}
