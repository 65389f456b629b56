/**
 * Where the reader was when a sign-in took the whole page away (a full-page redirect to the
 * identity provider, or WordPress's own login): which comment each thread's reply form answered,
 * and the scroll position. Kept in the tab's sessionStorage just before the page leaves
 * (return-scroll.ts, loaded with the sign-in code) and taken back once when it returns to the
 * same address. The typed draft needs nothing here: drafts are saved per thread and parent as
 * they are typed (drafts.ts), so reopening the same reply form brings its draft back.
 * Loaded on demand: the first load carries only return-sources.ts, which says whether anything
 * is stored.
 */
import { RETURN_POINT_KEY } from './return-sources.js';

export { RETURN_POINT_KEY, followReturnPoint, returnSources, unfollowReturnPoint, type ReplySource } from './return-sources.js';

/** A return point older than this is stale (the reader went elsewhere): ignored. */
export const RETURN_POINT_MAX_AGE_MS = 30 * 60_000;

/** What is stored. */
export interface ReturnPoint {
  /** The page's address without the `ignore`d query parameters. */
  url: string;
  /** Query parameters the page may come back with (a sign-in result) that do not make it another page. */
  ignore: string[];
  savedAt: number;
  scrollX: number;
  scrollY: number;
  /** Per thread id, the comment its reply form answered. */
  replies: Record<string, string>;
  /** Whether the scroll position was restored already. */
  scrolled?: boolean;
}

/** The address a return point is for: the page's, without the listed query parameters. */
export function returnAddress(href: string, ignoredParams: readonly string[] = []): string {
  const url = new URL(href);
  for (const name of ignoredParams) url.searchParams.delete(name);
  return url.href;
}

/** The stored return point when it is for this page and fresh; anything else reads as none. */
export function readReturnPoint(now: number): ReturnPoint | null {
  try {
    const point = JSON.parse(sessionStorage.getItem(RETURN_POINT_KEY) ?? 'null') as ReturnPoint;
    const age = now - point.savedAt;
    return Array.isArray(point.ignore) &&
      typeof point.replies === 'object' &&
      age >= 0 &&
      age < RETURN_POINT_MAX_AGE_MS &&
      point.url === returnAddress(location.href, point.ignore.map(String))
      ? point
      : null;
  } catch {
    return null;
  }
}

/** Stores the return point, or removes it once nothing is left to give back. */
export function writeReturnPoint(point: ReturnPoint | null): void {
  try {
    if (!point || (point.scrolled && Object.keys(point.replies).length === 0)) sessionStorage.removeItem(RETURN_POINT_KEY);
    else sessionStorage.setItem(RETURN_POINT_KEY, JSON.stringify(point));
  } catch {
    // Storage refused: the page comes back without its reply form and scroll position.
  }
}

/**
 * Once per return: the comment whose reply form thread `threadId` had open when the page left,
 * or `null` (nothing kept for it, another page, or too old).
 */
export function takeReturnReply(threadId: string, now = Date.now()): string | null {
  const point = readReturnPoint(now);
  const replyTo = point?.replies?.[threadId];
  if (!point || typeof replyTo !== 'string') return null;
  delete point.replies[threadId];
  writeReturnPoint(point);
  return replyTo;
}
