/** Helpers of `InMemoryProvider`: copying records and ordering a thread. */
import type { CommentDataProvider, CommentRecord } from '../types.js';

/**
 * A copy that shares nothing mutable with the store, as a record that crossed a network would
 * (strings are immutable, so they are shared: a thousand comments are not held twice).
 */
export function copyRecord(record: CommentRecord): CommentRecord {
  const copy: CommentRecord = { ...record, author: { ...record.author } };
  if (record.reactions) {
    copy.reactions = Object.fromEntries(Object.entries(record.reactions).map(([name, value]) => [name, { ...value }]));
  }
  return copy;
}

/**
 * Top-level comments in the requested order, each followed by its replies
 * oldest first: a page then carries whole conversations, as a backend that
 * pages by thread would send them.
 */
export function threadOrder(records: CommentRecord[], order: 'oldest' | 'newest'): CommentRecord[] {
  const byParent = new Map<string | null, CommentRecord[]>();
  const ids = new Set(records.map((record) => record.id));
  for (const record of records) {
    const parent = record.parentId !== null && ids.has(record.parentId) ? record.parentId : null;
    const list = byParent.get(parent) ?? [];
    list.push(record);
    byParent.set(parent, list);
  }
  // ISO 8601 times compare as strings; localeCompare would collate them (slowly, ignoring punctuation).
  const byTime = (a: CommentRecord, b: CommentRecord) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
  const result: CommentRecord[] = [];
  const seen = new Set<string>();
  const tops = [...(byParent.get(null) ?? [])].sort(byTime);
  if (order === 'newest') tops.reverse();
  const stack = [...tops].reverse();
  while (stack.length) {
    const record = stack.pop()!;
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    result.push(record);
    const replies = [...(byParent.get(record.id) ?? [])].sort(byTime);
    for (let i = replies.length - 1; i >= 0; i--) stack.push(replies[i]);
  }
  // Anything in a cycle is still listed, so no record is ever lost.
  for (const record of records) if (!seen.has(record.id)) result.push(record);
  return result;
}

type ModerationMember =
  | 'isModerator'
  | 'listModerationQueue'
  | 'moderateComment'
  | 'banAuthor'
  | 'unbanAuthor'
  | 'updateThreadSettings'
  | 'subscribeModeration'
  | 'listModerationLog';
export type ModerationMembers = Required<Pick<CommentDataProvider, ModerationMember>>;

/** The members a reader uses, shared by `moderatorView()`. */
export const READER_MEMBERS = [
  'listComments',
  'postComment',
  'threadInfo',
  'subscribe',
  'updateComment',
  'deleteComment',
  'react',
  'report',
  'identityOptions',
  'signIn',
  'signOut',
  'currentIdentity',
  'onIdentityChange',
] as const;

