import type { CommentRecord } from '../types.js';
import {
  buildDisplayTree,
  DEFAULT_MAX_DEPTH,
  flattenDisplayTree,
  reuseUnchangedNodes,
  type BuildOptions,
  type DisplayNode,
  type DisplayTree,
} from './tree.js';

/**
 * `previous` with only the conversations whose records changed built again from `records`, every
 * other top-level node kept as it is: what a reply or an edit costs in a long thread, instead of
 * building all of it. A record changed when it is not the object `previous` shows under its id.
 *
 * Gives `undefined` where the answer could differ from building everything (build it all then):
 * a record gone, moved to another parent or given another time, a top-level comment added or
 * replaced (the top level's order may change), a reply whose parent is missing or whose ancestry
 * loops, a new record that a reply shown at the top level wanted as its parent, replies still
 * waiting in `previous`, or one level only (every reply then stands at the top level beside its
 * conversation). `options` must be the ones `previous` was built with, and `records` the same map
 * with records only added or replaced since: a key deleted and set again moves to the map's end,
 * and with it among siblings of the same time (ThreadData builds it all after a removal).
 */
export function rebuildConversations(
  previous: DisplayTree,
  records: ReadonlyMap<string, CommentRecord>,
  options: BuildOptions,
): DisplayTree | undefined {
  if (previous.waiting.length || !(Math.floor(options.maxDepth ?? DEFAULT_MAX_DEPTH) >= 2)) return undefined;
  // The parents that replies shown at the top level want: a new record may be one.
  const wanted = new Set(previous.roots.map((root) => (root.detached === 'orphan' ? root.record.parentId : null)));
  const parentOf = (record: CommentRecord) =>
    record.parentId !== null && record.parentId !== record.id ? record.parentId : null;
  const shown = new Map<string, CommentRecord>();
  for (const node of flattenDisplayTree(previous)) shown.set(node.record.id, node.record);

  // Each touched conversation (by its top-level id): its new records, in the order they came.
  const touched = new Map<string, CommentRecord[]>();
  let kept = 0;
  for (const [id, record] of records) {
    const before = shown.get(id);
    if (before) kept++;
    if (before === record) continue;
    // Its place among its siblings is its time, then the order records came in: a new time could move it.
    if (parentOf(record) === null) return undefined;
    if (before ? parentOf(before) !== parentOf(record) || before.createdAt !== record.createdAt : wanted.has(id)) return undefined;
    const chain = new Set<string>([id]);
    let top = record;
    for (let parentId = parentOf(top); parentId !== null; parentId = parentOf(top)) {
      const parent = records.get(parentId);
      if (!parent || chain.has(parentId)) return undefined;
      chain.add(parentId);
      top = parent;
    }
    const list = touched.get(top.id) ?? [];
    if (!before) list.push(record);
    touched.set(top.id, list);
  }
  // A comment shown before is gone.
  if (kept !== shown.size) return undefined;
  if (!touched.size) return previous;

  const roots = [...previous.roots];
  let count = previous.shown;
  for (const [topId, added] of touched) {
    const index = roots.findIndex((node) => node.record.id === topId);
    const old = roots[index];
    if (!old) return undefined;
    // The conversation's records in the order they were read (siblings keep their order on a tie).
    const nodes = flattenDisplayTree({ roots: [old] });
    const members: CommentRecord[] = [];
    for (const node of nodes) {
      const record = records.get(node.record.id);
      if (!record) return undefined;
      members.push(record);
    }
    members.push(...added);
    const rebuilt = buildDisplayTree(members, options);
    const [root] = rebuilt.roots;
    if (rebuilt.roots.length !== 1 || root.record.id !== topId || rebuilt.shown !== members.length) return undefined;
    roots[index] = reuseUnchangedNodes({ roots: [old], waiting: [], shown: nodes.length }, rebuilt).roots[0] as DisplayNode;
    count += rebuilt.shown - nodes.length;
  }
  return { roots, waiting: [], shown: count };
}
