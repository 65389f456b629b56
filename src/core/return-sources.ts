/**
 * The first-load half of the return point (return-point.ts): each thread on the page says where
 * its reply form is, and a cheap look whether a return point is stored at all, so that reading
 * and taking it back (return-point.ts) loads only when the page comes back from a sign-in.
 */

export const RETURN_POINT_KEY = 'comment-thread:return-point';

/** A thread's open reply form: `null` while its form sits after the comments. */
export type ReplySource = () => { threadId: string; replyTo: string | null };

/** The threads on the page, as `followReturnPoint` registered them. */
export const returnSources = new Map<object, ReplySource>();

/** A thread on the page says where its reply form is (until `unfollowReturnPoint`). */
export function followReturnPoint(owner: object, source: ReplySource): void {
  returnSources.set(owner, source);
}

export function unfollowReturnPoint(owner: object): void {
  returnSources.delete(owner);
}

/** Whether anything is stored in the return point's slot (storage refused reads as no). */
export function hasReturnPoint(): boolean {
  try {
    return sessionStorage.getItem(RETURN_POINT_KEY) !== null;
  } catch {
    return false;
  }
}
