import { readReturnPoint, returnAddress, returnSources, writeReturnPoint } from './return-point.js';

/**
 * The half of the return point (return-point.ts) that only a page leaving for a sign-in needs:
 * loaded with the sign-in code, not with every thread.
 */

/** The query parameter a full-page sign-in comes back with (REST: `ok` or an error code; WordPress: `wordpress`). */
export const SIGN_IN_RESULT_PARAM = 'ct-sign-in';

/** How long the scroll position is held while the page grows (threads load, forms open). */
export const SCROLL_HOLD_MS = 5_000;
/** What the reader does that ends the holding of the scroll position. */
const READER_EVENTS = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/**
 * The page is about to leave for a sign-in: keeps the scroll position and every followed
 * thread's open reply form. `ignoredParams` are query parameters the page may come back with
 * (the sign-in result) that do not make it another page.
 */
export function saveReturnPoint(ignoredParams: readonly string[] = [], now = Date.now()): void {
  const replies: Record<string, string> = {};
  for (const source of returnSources.values()) {
    const { threadId, replyTo } = source();
    if (threadId && replyTo !== null) replies[threadId] = replyTo;
  }
  writeReturnPoint({ url: returnAddress(location.href, ignoredParams), ignore: [...ignoredParams], savedAt: now, scrollX, scrollY, replies });
}

/**
 * Once per return: scrolls back to where the reader was, and holds that position while the page
 * grows (threads load, reply forms reopen) for `SCROLL_HOLD_MS`, until the reader scrolls, types
 * or clicks. Returns whether there was a position to restore.
 */
export function restoreReturnScroll(now = Date.now()): boolean {
  const point = readReturnPoint(now);
  if (!point || point.scrolled || !Number.isFinite(point.scrollX) || !Number.isFinite(point.scrollY)) return false;
  writeReturnPoint({ ...point, scrolled: true });
  const apply = () => scrollTo(point.scrollX, point.scrollY);
  apply();
  if (typeof ResizeObserver === 'undefined') return true;
  const observer = new ResizeObserver(apply);
  observer.observe(document.documentElement);
  if (document.body) observer.observe(document.body);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of READER_EVENTS) removeEventListener(type, stop, true);
  };
  const timer = setTimeout(stop, SCROLL_HOLD_MS);
  for (const type of READER_EVENTS) addEventListener(type, stop, { capture: true, passive: true });
  return true;
}
