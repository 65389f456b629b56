/** WordPress's field limits, in UTF-8 bytes (what its database columns hold). */
export const FIELD_LIMITS = { name: 245, email: 100, url: 200, body: 65_525 } as const;

const encoder = new TextEncoder();

/** Length in UTF-8 bytes, as a backend counts it. */
export function utf8Length(value: string): number {
  return encoder.encode(value).length;
}
