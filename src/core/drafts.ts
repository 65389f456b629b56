/**
 * Drafts and saved guest details in the browser's storage. Every access is
 * guarded: storage may be full, disabled or throw (private modes), and then
 * the form still works, it just cannot remember.
 */

export interface StoredDraft {
  body: string;
  /** Kept with the text so that a retry, even after a reload, reuses it. */
  idempotencyKey: string;
  updatedAt: number;
}

export interface StoredGuest {
  name: string;
  email?: string;
  url?: string;
}

const PREFIX = 'comment-thread:';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function read<T>(key: string): T | undefined {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): boolean {
  try {
    const store = storage();
    if (!store) return false;
    if (value === undefined) store.removeItem(PREFIX + key);
    else store.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
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
  return { body: draft.body, idempotencyKey: draft.idempotencyKey, updatedAt: Number(draft.updatedAt) || 0 };
}

/** Saves the text as typed; returns false when the browser would not keep it. */
export function saveDraft(threadId: string, parentId: string | null, draft: StoredDraft): boolean {
  return write(draftKey(threadId, parentId), draft);
}

/** Forgets a draft: only once the backend has confirmed the comment. */
export function clearDraft(threadId: string, parentId: string | null): void {
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
