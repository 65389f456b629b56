/** Every comment's element id starts with this; `#comment-{id}` links to it. */
export const COMMENT_ID_PREFIX = 'comment-';

/**
 * The comment id a `location.hash` (`#comment-{id}`, percent-encoded or not) links to, or `null`
 * when it links to no comment. A malformed escape (`#%`, `#comment-%E0%A4%A`) is read as written
 * rather than thrown: an address anyone can type never breaks the thread.
 */
export function commentIdFromHash(hash: string): string | null {
  const raw = hash.slice(1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  return decoded.startsWith(COMMENT_ID_PREFIX) ? decoded.slice(COMMENT_ID_PREFIX.length) : null;
}
