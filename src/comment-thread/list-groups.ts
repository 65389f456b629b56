import type { DisplayNode } from '../core/tree.js';
import { FIRST_ITEMS } from '../controllers/progressive-render-controller.js';

/**
 * The thread's conversations come in groups of about {@link GROUP} comments: the list's children
 * are the groups, each skipped as a whole by the browser while off screen (see
 * comment-thread.styles.ts). Skipped boxes cost the browser on every frame that scrolls (it
 * checks each one's distance to the viewport): 10,000 comments make about 400 of them, not one
 * per conversation (5,000 in a thread of short ones). Counted in comments, not conversations, so
 * that a group scrolled near is about as much to render whatever the thread's shape. The first
 * group holds the first screen's {@link FIRST_ITEMS} conversations at least.
 *
 * A conversation stays in its group while the list changes — one added on top joins the first
 * group, one inserted joins its neighbours' — so it never moves to another parent (which would
 * take the focus out of it). Groups are formed afresh only when a group's conversations are no
 * longer together (a new sort; a reversed one keeps them, reversed).
 */
export const GROUP = 25;

/** How many comments a conversation shows or holds (its replies, folded ones too). Cached per node: the display tree keeps the nodes nothing changed. */
export function weight(node: DisplayNode): number {
  let count = weights.get(node);
  if (count === undefined) weights.set(node, (count = node.children.reduce((sum, child) => sum + weight(child), 1)));
  return count;
}
const weights = new WeakMap<DisplayNode, number>();

/**
 * The group of each of `ids` (the conversations in order, each of `weight` comments): `before`
 * says which group each had (none: a new one), `fresh` numbers a new group. A group's
 * conversations are consecutive; new ones fill a group up to `size` comments (the first group:
 * and `first` conversations); one that had a group keeps it while its group stays together.
 */
export function groups(
  ids: readonly string[],
  weight: readonly number[],
  before: Pick<ReadonlyMap<string, number>, 'get'>,
  fresh: () => number,
  size = GROUP,
  first = FIRST_ITEMS,
): number[] {
  const out = new Array<number>(ids.length);
  // The group of the next conversation, from each one on, that had a group.
  const ahead = new Array<number | undefined>(ids.length + 1);
  for (let i = ids.length - 1; i >= 0; i--) ahead[i] = before.get(ids[i]) ?? ahead[i + 1];
  const closed = new Set<number>();
  let current: number | undefined;
  // The current group's comments, and conversations.
  let count = 0;
  let members = 0;
  const open = (group: number) => {
    if (current !== undefined) closed.add(current);
    current = group;
    count = members = 0;
  };
  for (let i = 0; i < ids.length; i++) {
    const had = before.get(ids[i]);
    if (had !== undefined) {
      if (had !== current) {
        // Its group came before and closed: the group is apart. Group them all afresh.
        if (closed.has(had)) return groups(ids, weight, new Map(), fresh, size, first);
        open(had);
      }
    } else if (current === undefined || (count >= size && (closed.size > 0 || members >= first))) {
      // A new one, first or after a full group: into the group that follows (its first), the
      // current one when that follows (an insertion), or a new group.
      const next = ahead[i];
      if (current === undefined || next !== current) open(next === undefined || closed.has(next) ? fresh() : next);
    }
    out[i] = current!;
    count += weight[i];
    members++;
  }
  return out;
}
