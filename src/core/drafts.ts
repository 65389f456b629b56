import { readStored as read, writeStored as write } from './storage.js';

/** Drafts and saved guest details, kept in the browser's storage. */

export interface StoredDraft {
  body: string;
  /** Kept with the text so that a retry, even after a reload, reuses it. */
  idempotencyKey: string;
  updatedAt: number;
  /** The text last sent with this key: other words typed since go with a new key. */
  sent?: string;
}

export interface StoredGuest {
  name: string;
  email?: string;
  url?: string;
}

/** The storage key of the draft for a thread and the comment it answers. */
export function draftKey(threadId: string, parentId: string | null): string {
  return `draft:${threadId}:${parentId ?? ''}`;
}

export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function loadDraft(threadId: string, parentId: string | null): StoredDraft | undefined {
  const draft = read<Partial<StoredDraft>>(draftKey(threadId, parentId));
  if (!draft || typeof draft.body !== 'string' || typeof draft.idempotencyKey !== 'string') return undefined;
  const result: StoredDraft = { body: draft.body, idempotencyKey: draft.idempotencyKey, updatedAt: Number(draft.updatedAt) || 0 };
  if (typeof draft.sent === 'string') result.sent = draft.sent;
  return result;
}

/** Saves the text as typed; returns false when the browser would not keep it. */
export function saveDraft(threadId: string, parentId: string | null, draft: StoredDraft): boolean {
  return write(draftKey(threadId, parentId), draft);
}

/**
 * Forgets a draft: only once the backend has confirmed the comment. Given the text that was
 * posted, only while the draft still holds it: a post answered late must not take the words the
 * reader typed since in the same place (another form, another tab) with it.
 */
export function clearDraft(threadId: string, parentId: string | null, postedBody?: string): void {
  if (postedBody !== undefined) {
    const kept = loadDraft(threadId, parentId);
    if (kept && kept.body !== postedBody) return;
  }
  write(draftKey(threadId, parentId), undefined);
}

export function loadGuest(): StoredGuest | undefined {
  const guest = read<Partial<StoredGuest>>('guest');
  if (!guest || typeof guest.name !== 'string') return undefined;
  const result: StoredGuest = { name: guest.name };
  if (typeof guest.email === 'string') result.email = guest.email;
  if (typeof guest.url === 'string') result.url = guest.url;
  return result;
}

export function saveGuest(guest: StoredGuest | undefined): void {
  write('guest', guest);
}
