import type { CommentRecord } from '../types.js';
import { normalizeRecord } from './normalize.js';
import { readStored, writeStored } from './storage.js';

/**
 * The reader's own comments awaiting moderation, remembered in this browser.
 * Many backends hide held comments from the reader after a reload (WordPress
 * does), so the thread keeps showing them, with the moderation notice, until
 * the backend returns them approved or the reader hides them.
 */
const key = (threadId: string) => `pending:${threadId}`;

export function pendingComments(threadId: string): CommentRecord[] {
  const stored = readStored<unknown>(key(threadId));
  // Storage is the page's to change (or another tab's, or an older version's): read it as provider data.
  return Array.isArray(stored)
    ? stored.flatMap((raw) => {
        const record = normalizeRecord(raw);
        return record && record.threadId === threadId ? [record] : [];
      })
    : [];
}

export function rememberPending(record: CommentRecord): void {
  const others = pendingComments(record.threadId).filter((stored) => stored.id !== record.id);
  writeStored(key(record.threadId), [...others, { ...record, status: 'pending', viewerIsAuthor: true }]);
}

export function forgetPending(threadId: string, ids: Iterable<string>): void {
  const drop = new Set(ids);
  const remaining = pendingComments(threadId).filter((record) => !drop.has(record.id));
  writeStored(key(threadId), remaining.length ? remaining : undefined);
}

/**
 * What to add to the loaded records: remembered comments the backend did not
 * return. Those the backend now returns as anything but pending are forgotten.
 */
export function reconcilePending(threadId: string, loaded: ReadonlyMap<string, CommentRecord>): CommentRecord[] {
  const remembered = pendingComments(threadId);
  const settled = remembered.filter((record) => {
    const current = loaded.get(record.id);
    return current !== undefined && current.status !== 'pending';
  });
  if (settled.length) forgetPending(threadId, settled.map((record) => record.id));
  return remembered.filter((record) => !loaded.has(record.id));
}
