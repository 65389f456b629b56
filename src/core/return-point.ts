/**
 * Where the reader was when a sign-in took the whole page away (a full-page redirect to the
 * identity provider, or WordPress's own login): which comment each thread's reply form answered,
 * and the scroll position. Kept in the tab's sessionStorage just before the page leaves and taken
 * back once when it returns to the same address. The typed draft needs nothing here: drafts are
 * saved per thread and parent as they are typed (drafts.ts), so reopening the same reply form
 * brings its draft back.
 */

const KEY = 'comment-thread:return-point';
/** A return point older than this is stale (the reader went elsewhere): ignored. */
export const RETURN_POINT_MAX_AGE_MS = 30 * 60_000;
/** How long the scroll position is held while the page grows (threads load, forms open). */
export const SCROLL_HOLD_MS = 5_000;

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

/** A thread's open reply form: `null` while its form sits after the comments. */
export type ReplySource = () => { threadId: string; replyTo: string | null };

const sources = new Map<object, ReplySource>();

/** A thread on the page says where its reply form is (until `unfollowReturnPoint`). */
export function followReturnPoint(owner: object, source: ReplySource): void {
  sources.set(owner, source);
}

export function unfollowReturnPoint(owner: object): void {
  sources.delete(owner);
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The address a return point is for: the page's, without the listed query parameters. */
export function returnAddress(href: string, ignoredParams: readonly string[] = []): string {
  const url = new URL(href);
  for (const name of ignoredParams) url.searchParams.delete(name);
  return url.href;
}

function read(now: number): ReturnPoint | null {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    const point = JSON.parse(raw) as Partial<ReturnPoint> | null;
    if (
      !point ||
      typeof point.url !== 'string' ||
      typeof point.savedAt !== 'number' ||
      !Array.isArray(point.ignore) ||
      !point.ignore.every((name) => typeof name === 'string') ||
      !(now - point.savedAt >= 0 && now - point.savedAt < RETURN_POINT_MAX_AGE_MS) ||
      point.url !== returnAddress(location.href, point.ignore) ||
      typeof point.replies !== 'object' ||
      point.replies === null
    ) {
      return null;
    }
    const replies: Record<string, string> = {};
    for (const [threadId, replyTo] of Object.entries(point.replies)) {
      if (typeof replyTo === 'string') replies[threadId] = replyTo;
    }
    return {
      url: point.url,
      ignore: point.ignore,
      savedAt: point.savedAt,
      scrollX: Number.isFinite(point.scrollX) ? Number(point.scrollX) : 0,
      scrollY: Number.isFinite(point.scrollY) ? Number(point.scrollY) : 0,
      replies,
      scrolled: point.scrolled === true,
    };
  } catch {
    return null;
  }
}

function write(point: ReturnPoint | null): void {
  try {
    if (!point || (point.scrolled && Object.keys(point.replies).length === 0)) storage()?.removeItem(KEY);
    else storage()?.setItem(KEY, JSON.stringify(point));
  } catch {
    // Storage refused: the page comes back without its reply form and scroll position.
  }
}

/**
 * The page is about to leave for a sign-in: keeps the scroll position and every followed
 * thread's open reply form. `ignoredParams` are query parameters the page may come back with
 * (the sign-in result) that do not make it another page.
 */
export function saveReturnPoint(ignoredParams: readonly string[] = [], now = Date.now()): void {
  const replies: Record<string, string> = {};
  for (const source of sources.values()) {
    const { threadId, replyTo } = source();
    if (threadId && replyTo !== null) replies[threadId] = replyTo;
  }
  write({ url: returnAddress(location.href, ignoredParams), ignore: [...ignoredParams], savedAt: now, scrollX, scrollY, replies });
}

/**
 * Once per return: the comment whose reply form thread `threadId` had open when the page left,
 * or `null` (nothing kept for it, another page, or too old).
 */
export function takeReturnReply(threadId: string, now = Date.now()): string | null {
  const point = read(now);
  const replyTo = point?.replies[threadId];
  if (!point || replyTo === undefined) return null;
  delete point.replies[threadId];
  write(point);
  return replyTo;
}

/**
 * Once per return: scrolls back to where the reader was, and holds that position while the page
 * grows (threads load, reply forms reopen) for `SCROLL_HOLD_MS`, until the reader scrolls, types
 * or clicks. Returns whether there was a position to restore.
 */
export function restoreReturnScroll(now = Date.now()): boolean {
  const point = read(now);
  if (!point || point.scrolled) return false;
  write({ ...point, scrolled: true });
  const { scrollX: x, scrollY: y } = point;
  const apply = () => scrollTo(x, y);
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

/** What the reader does that ends the holding of the scroll position. */
const READER_EVENTS = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
