/**
 * The pure logic of `<comment-moderation>`: which command a key stands for, how the shown
 * queue changes when items leave it or (back) arrive, and the settings a thread's form asks for.
 */
import type { ModerationItem, ModerationQueue, ThreadSettings } from '../types.js';

/** What a keyboard shortcut does. */
export type QueueCommand = 'next' | 'previous' | 'select' | 'approve' | 'spam' | 'delete' | 'ban' | 'undo';

const KEYS: Readonly<Record<string, QueueCommand>> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  x: 'select',
  a: 'approve',
  s: 'spam',
  d: 'delete',
  b: 'ban',
  u: 'undo',
};

/** The command of a key press, or null (modifier keys held: the browser's shortcut, not ours). */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): QueueCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  return KEYS[event.key] ?? null;
}

/** The queues a view shows. */
export type QueueView = 'review' | 'spam';

export function queuesOf(view: QueueView): ModerationQueue[] {
  return view === 'spam' ? ['spam'] : ['held', 'reported'];
}

/** Newest first, as the contract pages the queue; ties by id, so the order is stable. */
function newestFirst(a: ModerationItem, b: ModerationItem): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** `items` with `arrivals` put in (replacing any with the same id), newest first. */
export function mergeItems(items: readonly ModerationItem[], arrivals: readonly ModerationItem[]): ModerationItem[] {
  const ids = new Set(arrivals.map((item) => item.id));
  return [...items.filter((item) => !ids.has(item.id)), ...arrivals].sort(newestFirst);
}

/** `items` without those whose id is in `ids`. */
export function withoutItems(items: readonly ModerationItem[], ids: ReadonlySet<string>): ModerationItem[] {
  return items.filter((item) => !ids.has(item.id));
}

/** The thread settings of the settings form: two checkboxes, and the edit window in minutes (empty: no limit). */
export function settingsFrom(data: FormData): ThreadSettings {
  const minutes = String(data.get('editWindow') ?? '').trim();
  return {
    closed: data.get('closed') === 'on',
    requiresSignIn: data.get('requiresSignIn') === 'on',
    editWindow: minutes === '' ? null : Math.round(Number(minutes) * 60),
  };
}
