/** Bodies longer than this (in characters of source) are shown shortened at first. */
export const LONG_BODY = 4_000;
/** About how much of a long body is shown before "Show full comment". */
export const SHORTENED_LENGTH = 1_500;

/**
 * The opening of a long body, cut at a paragraph or line break (else a word
 * break) near `length`, so a 1 MB comment costs no more to show than a short
 * one until the reader asks for all of it. Returns `null` when the body is
 * short enough to show whole.
 */
export function shortenBody(body: string, length = SHORTENED_LENGTH, limit = LONG_BODY): string | null {
  if (body.length <= limit) return null;
  const window = body.slice(0, length);
  const paragraph = window.lastIndexOf('\n\n');
  const line = window.lastIndexOf('\n');
  const word = window.search(/\s\S*$/);
  const cut =
    paragraph > length * 0.5 ? paragraph : line > length * 0.5 ? line : word > length * 0.5 ? word : length;
  // Never split a surrogate pair (an emoji, say) in two.
  const code = body.charCodeAt(cut - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
  return `${body.slice(0, end).trimEnd()} …`;
}
