/**
 * A date from provider data, or `undefined` when there is none a browser can read: not a string
 * or number, empty, unparseable, or outside the range `Date` holds. A comment without a readable
 * date shows "unknown date", never the epoch (1970) as if it were true.
 */
export function readableDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && !value.trim()) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
