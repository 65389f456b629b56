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
 *
 * `changed`, when known: the records set since `previous` was built, each with the record
 * `previous` shows under its id (`undefined`: none), in the order they were first set. Only those
 * are looked at, not every record.
 */
export function rebuildConversations(
  previous: DisplayTree,
  records: ReadonlyMap<string, CommentRecord>,
  options: BuildOptions,
  changed?: ReadonlyMap<string, CommentRecord | undefined>,
): DisplayTree | undefined {
  if (previous.waiting.length || !(Math.floor(options.maxDepth ?? DEFAULT_MAX_DEPTH) >= 2)) return undefined;
  const parentOf = (record: CommentRecord) =>
    record.parentId !== null && record.parentId !== record.id ? record.parentId : null;
  // The parents that replies shown at the top level want: a new record may be one.
  let wanted: Set<string | null> | undefined;
  // Each touched conversation (by its top-level id): its new records, in the order they came.
  const touched = new Map<string, CommentRecord[]>();
  /** Notes record `id`, shown before as `before`: whether the short way can take it. */
  const take = (id: string, record: CommentRecord | undefined, before: CommentRecord | undefined): boolean => {
    if (before === record) return true;
    // Gone, or a top-level comment: its place among its siblings is its time, then the order records came in.
    if (!record || parentOf(record) === null) return false;
    wanted ??= new Set(previous.roots.map((root) => (root.detached === 'orphan' ? root.record.parentId : null)));
    if (before ? parentOf(before) !== parentOf(record) || before.createdAt !== record.createdAt : wanted.has(id)) return false;
    const chain = new Set<string>([id]);
    let top = record;
    for (let parentId = parentOf(top); parentId !== null; parentId = parentOf(top)) {
      const parent = records.get(parentId);
      if (!parent || chain.has(parentId)) return false;
      chain.add(parentId);
      top = parent;
    }
    const list = touched.get(top.id) ?? [];
    if (!before) list.push(record);
    touched.set(top.id, list);
    return true;
  };
  if (changed) {
    for (const [id, before] of changed) if (!take(id, records.get(id), before)) return undefined;
  } else {
    const shown = new Map<string, CommentRecord>();
    for (const node of flattenDisplayTree(previous)) shown.set(node.record.id, node.record);
    let kept = 0;
    for (const [id, record] of records) {
      const before = shown.get(id);
      if (before) kept++;
      if (!take(id, record, before)) return undefined;
    }
    // A comment shown before is gone.
    if (kept !== shown.size) return undefined;
  }
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
