/**
 * The date a provider's date string stands for, or `undefined` when a browser cannot read one
 * (empty, unparseable, outside the range `Date` holds, not a string). A comment without a
 * readable date shows "unknown date", never the epoch (1970) as if it were true.
 */
export function readableDate(value: unknown): Date | undefined {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !isNaN(+date) ? date : undefined;
}
