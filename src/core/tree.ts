import type { CommentRecord, ThreadOrder } from '../types.js';

/** One comment as the thread shows it. */
export interface DisplayNode {
  record: CommentRecord;
  /** 1 for top level; never more than `maxDepth`. */
  depth: number;
  /** The name of the comment it answers, when that is not visible from the nesting. */
  inReplyTo?: string;
  /**
   * Why a reply is shown at the top level: its parent never arrived (`orphan`),
   * or its ancestry loops back on itself (`cycle`).
   */
  detached?: 'orphan' | 'cycle';
  /** Replies shown one level deeper, oldest first. */
  children: DisplayNode[];
}

export interface BuildOptions {
  /** Deepest display level; replies below it are shown at it (as WordPress does). Default 5. */
  maxDepth?: number;
  /** Order of top-level comments (`top`: most reactions); replies are always oldest first. Default `oldest`. */
  order?: ThreadOrder;
  /**
   * Every page is in: a reply whose parent is still missing will never get it,
   * so it is shown at the top level instead of waiting.
   */
  complete?: boolean;
}

export interface DisplayTree {
  roots: DisplayNode[];
  /** Replies whose parent has not arrived yet (only while not `complete`). */
  waiting: CommentRecord[];
  /** How many comments the tree shows. */
  shown: number;
}

export const DEFAULT_MAX_DEPTH = 5;

/** A record as one build sees it: its sort keys, its replies, whether it is placed yet. */
interface Entry {
  record: CommentRecord;
  /** Its time (0 when unreadable), then its place among the records: the order of comments. */
  time: number;
  position: number;
  replies?: Entry[];
  placed?: boolean;
}

interface Frame {
  entry: Entry;
  depth: number;
  list: DisplayNode[];
  inReplyTo?: string;
  detached?: DisplayNode['detached'];
}

/** A record's time: its `createdAt`, 0 when unreadable. */
function timeOf(record: CommentRecord): number {
  const value = Date.parse(record.createdAt);
  return Number.isNaN(value) ? 0 : value;
}

/**
 * Builds the display tree from flat records in any order. Never throws and
 * never loops: duplicate ids keep the last record, self-parents and cycles are
 * broken, orphans wait for their parent or (once `complete`) stand at the top.
 * Iterative, so a chain thousands of levels deep cannot overflow the stack.
 */
export function buildDisplayTree(records: Iterable<CommentRecord>, options: BuildOptions = {}): DisplayTree {
  const maxDepth = Math.max(1, Math.floor(options.maxDepth ?? DEFAULT_MAX_DEPTH) || 1);
  const order = options.order ?? 'oldest';

  const byId = new Map<string, Entry>();
  for (const record of records) {
    const entry = byId.get(record.id);
    if (entry) {
      entry.record = record;
      entry.time = timeOf(record);
    } else byId.set(record.id, { record, time: timeOf(record), position: byId.size });
  }

  const oldestFirst = (a: Entry, b: Entry) => a.time - b.time || a.position - b.position;
  const topLevelOrder =
    order === 'newest'
      ? (a: Entry, b: Entry) => oldestFirst(b, a)
      : order === 'top'
        ? (a: Entry, b: Entry) => reactionCount(b.record) - reactionCount(a.record) || oldestFirst(a, b)
        : oldestFirst;

  const parentOf = (record: CommentRecord) =>
    record.parentId !== null && record.parentId !== record.id ? record.parentId : null;

  const roots: Entry[] = [];
  const orphans: Entry[] = [];
  const parents: Entry[] = [];
  for (const entry of byId.values()) {
    const parentId = parentOf(entry.record);
    const parent = parentId === null ? undefined : byId.get(parentId);
    if (parentId === null) roots.push(entry);
    else if (!parent) orphans.push(entry);
    else if (parent.replies) parent.replies.push(entry);
    else {
      parent.replies = [entry];
      parents.push(parent);
    }
  }
  for (const parent of parents) parent.replies!.sort(oldestFirst);

  const rootNodes: DisplayNode[] = [];
  let shown = 0;

  const walk = (start: Frame) => {
    const stack: Frame[] = [start];
    while (stack.length) {
      const { entry, depth, list, inReplyTo, detached } = stack.pop()!;
      if (entry.placed) continue;
      entry.placed = true;
      shown++;
      const node: DisplayNode = { record: entry.record, depth, children: [] };
      if (inReplyTo !== undefined) node.inReplyTo = inReplyTo;
      if (detached) node.detached = detached;
      list.push(node);
      const replies = entry.replies;
      if (!replies) continue;
      for (let i = replies.length - 1; i >= 0; i--) {
        const reply = replies[i];
        if (reply.placed) continue;
        // At the deepest level, replies follow their parent in the same list
        // and say whom they answer, as WordPress's comment walker shows them.
        stack.push(
          depth < maxDepth
            ? { entry: reply, depth: depth + 1, list: node.children }
            : { entry: reply, depth, list, inReplyTo: entry.record.author.name },
        );
      }
    }
  };

  const tops: Frame[] = roots.map((entry) => ({ entry, depth: 1, list: rootNodes }));
  if (options.complete) {
    for (const entry of orphans) tops.push({ entry, depth: 1, list: rootNodes, detached: 'orphan' });
  }
  tops.sort((a, b) => topLevelOrder(a.entry, b.entry));
  for (const frame of tops) walk(frame);

  // What is left either waits for a missing ancestor or hangs in a cycle.
  const waiting: Entry[] = [];
  const leftover = [...byId.values()].filter((entry) => !entry.placed).sort(oldestFirst);
  for (const entry of leftover) {
    if (entry.placed) continue;
    const chain = new Set<Entry>();
    let current: Entry | undefined = entry;
    let cycle = false;
    while (current) {
      if (chain.has(current)) {
        cycle = true;
        break;
      }
      chain.add(current);
      const parentId = parentOf(current.record);
      current = parentId === null ? undefined : byId.get(parentId);
      if (current?.placed) break;
    }
    if (!cycle) {
      waiting.push(entry);
      continue;
    }
    // Promote the cycle's oldest member so the loop is shown, once, from there.
    const members = [...chain];
    const loop = members.slice(members.indexOf(current!));
    loop.sort(oldestFirst);
    const promoted = loop[0];
    const parentName = byId.get(parentOf(promoted.record)!)?.record.author.name;
    const frame: Frame = { entry: promoted, depth: 1, list: rootNodes, detached: 'cycle' };
    if (parentName !== undefined) frame.inReplyTo = parentName;
    walk(frame);
  }

  // Promoted cycles join the top level in order, like any other root.
  const entryOf = (node: DisplayNode) => byId.get(node.record.id)!;
  rootNodes.sort((a, b) => topLevelOrder(entryOf(a), entryOf(b)));

  return { roots: rootNodes, waiting: waiting.filter((entry) => !entry.placed).map((entry) => entry.record), shown };
}

/** All reactions a comment received. */
export function reactionCount(record: CommentRecord): number {
  let total = 0;
  for (const reaction of Object.values(record.reactions ?? {})) total += reaction?.count > 0 ? reaction.count : 0;
  return total;
}

/** The tree in reading order, as a flat list. */
export function flattenDisplayTree(tree: Pick<DisplayTree, 'roots'>): DisplayNode[] {
  const result: DisplayNode[] = [];
  const stack: DisplayNode[] = [...tree.roots].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    result.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return result;
}

/**
 * `next` with every subtree that did not change since `previous` replaced by
 * `previous`'s node object, so that whatever keys on node identity (the
 * thread's `guard`) skips it: after a post or a reaction, only the
 * conversation it touched renders again. A node is unchanged when its record
 * is the same object, it sits at the same depth with the same notes, and its
 * children are the unchanged nodes they were. Iterative, like the build.
 */
export function reuseUnchangedNodes(previous: DisplayTree | undefined, next: DisplayTree): DisplayTree {
  if (!previous) return next;
  const before = new Map<string, DisplayNode>();
  for (const node of flattenDisplayTree(previous)) before.set(node.record.id, node);
  const kept = new Map<DisplayNode, DisplayNode>();
  // Children before their parents: reversed reading order.
  const nodes = flattenDisplayTree(next);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    for (let c = 0; c < node.children.length; c++) node.children[c] = kept.get(node.children[c]) ?? node.children[c];
    const old = before.get(node.record.id);
    if (
      old &&
      old.record === node.record &&
      old.depth === node.depth &&
      old.inReplyTo === node.inReplyTo &&
      old.detached === node.detached &&
      old.children.length === node.children.length &&
      old.children.every((child, c) => child === node.children[c])
    ) {
      kept.set(node, old);
    }
  }
  return { ...next, roots: next.roots.map((root) => kept.get(root) ?? root) };
}
