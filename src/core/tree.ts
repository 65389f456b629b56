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

interface Frame {
  record: CommentRecord;
  depth: number;
  list: DisplayNode[];
  inReplyTo?: string;
  detached?: DisplayNode['detached'];
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

  const byId = new Map<string, CommentRecord>();
  const position = new Map<string, number>();
  for (const record of records) {
    if (!position.has(record.id)) position.set(record.id, position.size);
    byId.set(record.id, record);
  }
  // Parsed once per record, not once per comparison.
  const times = new Map<string, number>();
  for (const [id, record] of byId) {
    const value = Date.parse(record.createdAt);
    times.set(id, Number.isNaN(value) ? 0 : value);
  }

  const oldestFirst = (a: CommentRecord, b: CommentRecord) =>
    times.get(a.id)! - times.get(b.id)! || position.get(a.id)! - position.get(b.id)!;
  const topLevelOrder =
    order === 'newest'
      ? (a: CommentRecord, b: CommentRecord) => oldestFirst(b, a)
      : order === 'top'
        ? (a: CommentRecord, b: CommentRecord) => reactionCount(b) - reactionCount(a) || oldestFirst(a, b)
        : oldestFirst;

  const parentOf = (record: CommentRecord) =>
    record.parentId !== null && record.parentId !== record.id ? record.parentId : null;

  const childrenOf = new Map<string, CommentRecord[]>();
  const roots: CommentRecord[] = [];
  const orphans: CommentRecord[] = [];
  for (const record of byId.values()) {
    const parentId = parentOf(record);
    if (parentId === null) roots.push(record);
    else if (!byId.has(parentId)) orphans.push(record);
    else {
      const siblings = childrenOf.get(parentId);
      if (siblings) siblings.push(record);
      else childrenOf.set(parentId, [record]);
    }
  }
  for (const siblings of childrenOf.values()) siblings.sort(oldestFirst);

  const rootNodes: DisplayNode[] = [];
  const visited = new Set<string>();

  const walk = (start: Frame) => {
    const stack: Frame[] = [start];
    while (stack.length) {
      const frame = stack.pop()!;
      const { record, depth, list } = frame;
      if (visited.has(record.id)) continue;
      visited.add(record.id);
      const node: DisplayNode = { record, depth, children: [] };
      if (frame.inReplyTo !== undefined) node.inReplyTo = frame.inReplyTo;
      if (frame.detached) node.detached = frame.detached;
      list.push(node);
      const replies = childrenOf.get(record.id);
      if (!replies) continue;
      for (let i = replies.length - 1; i >= 0; i--) {
        const reply = replies[i];
        if (visited.has(reply.id)) continue;
        // At the deepest level, replies follow their parent in the same list
        // and say whom they answer, as WordPress's comment walker shows them.
        stack.push(
          depth < maxDepth
            ? { record: reply, depth: depth + 1, list: node.children }
            : { record: reply, depth, list, inReplyTo: record.author.name },
        );
      }
    }
  };

  const tops: Frame[] = roots.map((record) => ({ record, depth: 1, list: rootNodes }));
  if (options.complete) {
    for (const record of orphans) tops.push({ record, depth: 1, list: rootNodes, detached: 'orphan' });
  }
  tops.sort((a, b) => topLevelOrder(a.record, b.record));
  for (const frame of tops) walk(frame);

  // What is left either waits for a missing ancestor or hangs in a cycle.
  const waiting: CommentRecord[] = [];
  const leftover = [...byId.values()].filter((record) => !visited.has(record.id)).sort(oldestFirst);
  for (const record of leftover) {
    if (visited.has(record.id)) continue;
    const chain = new Set<string>();
    let current: CommentRecord | undefined = record;
    let cycle = false;
    while (current) {
      if (chain.has(current.id)) {
        cycle = true;
        break;
      }
      chain.add(current.id);
      const parentId = parentOf(current);
      current = parentId === null ? undefined : byId.get(parentId);
      if (current && visited.has(current.id)) break;
    }
    if (!cycle) {
      waiting.push(record);
      continue;
    }
    // Promote the cycle's oldest member so the loop is shown, once, from there.
    const members = [...chain].map((memberId) => byId.get(memberId)!);
    const loopStart = current!.id;
    const loop = members.slice(members.findIndex((member) => member.id === loopStart));
    loop.sort(oldestFirst);
    const promoted = loop[0];
    const parentName = byId.get(parentOf(promoted)!)?.author.name;
    const frame: Frame = { record: promoted, depth: 1, list: rootNodes, detached: 'cycle' };
    if (parentName !== undefined) frame.inReplyTo = parentName;
    walk(frame);
  }

  // Promoted cycles join the top level in order, like any other root.
  rootNodes.sort((a, b) => topLevelOrder(a.record, b.record));

  return { roots: rootNodes, waiting: waiting.filter((record) => !visited.has(record.id)), shown: visited.size };
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
