import { ProviderError } from '../errors.js';
import type {
  CommentChange,
  CommentDataProvider,
  CommentDraft,
  CommentPage,
  CommentRecord,
  Identity,
  IdentityOption,
  ListOptions,
  ProviderErrorCode,
  ThreadInfo,
} from '../types.js';

/** The provider methods that fault injection can target. */
export type FaultTarget =
  | 'listComments'
  | 'postComment'
  | 'signIn'
  | 'identityOptions'
  | 'threadInfo'
  | 'updateComment'
  | 'deleteComment'
  | 'react'
  | 'report';

export interface InMemoryProviderOptions {
  /** Records to start with (any order; replies may come before parents). */
  comments?: CommentRecord[];
  /** Identity options offered to readers; default none (guest only). */
  identityOptions?: IdentityOption[];
  /** Milliseconds every call waits before answering, to show loading states. Default 0. */
  latency?: number;
  /** `hold`: guest comments come back `pending` (as WordPress holds a first-time commenter). */
  moderation?: 'approve' | 'hold';
  /** Per-thread information (closed, sign-in required…). */
  threads?: Record<string, ThreadInfo>;
  /** What a successful `signIn(optionId)` returns; default a reader named after the option. */
  signInIdentity?: (option: IdentityOption) => Identity;
  /** The identity already signed in. */
  identity?: Identity | null;
}

interface Fault {
  target: FaultTarget | '*';
  kind: 'fail' | 'hang';
  code: ProviderErrorCode;
  remaining: number;
  extra?: { fieldErrors?: ProviderError['fieldErrors']; retryAfter?: number };
}

/**
 * A copy that shares nothing mutable with the store, as a record that crossed a network would
 * (strings are immutable, so they are shared: a thousand comments are not held twice).
 */
function copyRecord(record: CommentRecord): CommentRecord {
  const copy: CommentRecord = { ...record, author: { ...record.author } };
  if (record.reactions) {
    copy.reactions = Object.fromEntries(Object.entries(record.reactions).map(([name, value]) => [name, { ...value }]));
  }
  return copy;
}

/**
 * A complete provider held in memory: seeded records, latency, fault
 * injection (fail or never answer the next N calls), identity options with a
 * simulated sign-in, moderation, idempotent posting and live changes. Stories,
 * tests and the demo run on it.
 */
export class InMemoryProvider implements CommentDataProvider {
  latency: number;
  moderation: 'approve' | 'hold';
  readonly #records = new Map<string, CommentRecord>();
  readonly #byKey = new Map<string, CommentRecord>();
  readonly #options: IdentityOption[];
  readonly #threads: Record<string, ThreadInfo>;
  readonly #signInIdentity: (option: IdentityOption) => Identity;
  readonly #listeners = new Map<string, Set<(change: CommentChange) => void>>();
  readonly #identityListeners = new Set<(identity: Identity | null) => void>();
  #identity: Identity | null;
  #faults: Fault[] = [];
  #nextId = 1;
  /** Every call made, by method name: tests read it to count requests. */
  readonly calls: { method: string; args: unknown[] }[] = [];

  constructor(options: InMemoryProviderOptions = {}) {
    this.latency = options.latency ?? 0;
    this.moderation = options.moderation ?? 'approve';
    this.#options = options.identityOptions ?? [];
    this.#threads = options.threads ?? {};
    this.#identity = options.identity ?? null;
    this.#signInIdentity =
      options.signInIdentity ?? ((option) => ({ optionId: option.id, name: `${option.label} reader` }));
    for (const record of options.comments ?? []) this.#records.set(record.id, copyRecord(record));
  }

  /** The next `times` calls to `target` (or any, `*`) reject with `code`. */
  failNext(target: FaultTarget | '*', times = 1, code: ProviderErrorCode = 'network', extra?: Fault['extra']): void {
    this.#faults.push({ target, kind: 'fail', code, remaining: times, ...(extra ? { extra } : {}) });
  }

  /** The next `times` calls to `target` never answer (until their signal aborts). */
  hangNext(target: FaultTarget | '*', times = 1): void {
    this.#faults.push({ target, kind: 'hang', code: 'timeout', remaining: times });
  }

  /** Every record stored, in insertion order (for tests and tools). */
  get records(): CommentRecord[] {
    return [...this.#records.values()].map((record) => copyRecord(record));
  }

  async listComments(threadId: string, options: ListOptions = {}): Promise<CommentPage> {
    await this.#enter('listComments', [threadId, options], options.signal);
    const order = options.order ?? 'oldest';
    const limit = Math.max(1, options.limit ?? 50);
    const offset = Math.max(0, Number.parseInt(options.cursor ?? '0', 10) || 0);
    const visible = this.#visible(threadId);
    const ordered = threadOrder(visible, order);
    const comments = ordered.slice(offset, offset + limit).map((record) => copyRecord(record));
    const next = offset + limit;
    return { comments, total: visible.length, nextCursor: next < ordered.length ? String(next) : null };
  }

  async postComment(draft: CommentDraft, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    await this.#enter('postComment', [draft], options.signal);
    const repeat = this.#byKey.get(draft.idempotencyKey);
    if (repeat) return copyRecord(repeat);

    const info = this.#threads[draft.threadId];
    if (info?.closed) throw new ProviderError('closed', 'This thread is closed.');
    if (info?.requiresSignIn && !this.#identity) throw new ProviderError('unauthorized', 'Sign in to comment.');
    if (draft.honeypot) throw new ProviderError('forbidden', 'Looks like spam.');
    const body = typeof draft.body === 'string' ? draft.body.trim() : '';
    const fieldErrors: NonNullable<ProviderError['fieldErrors']> = {};
    if (!body) fieldErrors.body = 'A comment needs some text.';
    if (!this.#identity) {
      if (!draft.guest?.name?.trim()) fieldErrors.name = 'A name is required.';
      if (info?.requiredGuestFields?.includes('email') && !draft.guest?.email?.trim()) {
        fieldErrors.email = 'An email address is required.';
      }
    }
    if (draft.parentId !== null && !this.#records.has(draft.parentId)) {
      throw new ProviderError('not_found', 'The comment you reply to is gone.');
    }
    if (Object.keys(fieldErrors).length) {
      throw new ProviderError('validation', 'The comment is not valid.', { fieldErrors });
    }

    const author = this.#identity
      ? { name: this.#identity.name, ...(this.#identity.url ? { url: this.#identity.url } : {}), ...(this.#identity.avatarUrl ? { avatarUrl: this.#identity.avatarUrl } : {}) }
      : { name: draft.guest!.name.trim(), ...(draft.guest?.url ? { url: draft.guest.url } : {}) };
    const record: CommentRecord = {
      id: `m${this.#nextId++}-${Date.now().toString(36)}`,
      threadId: draft.threadId,
      parentId: draft.parentId,
      author,
      body,
      createdAt: new Date().toISOString(),
      status: this.moderation === 'hold' && !this.#identity ? 'pending' : 'approved',
      viewerIsAuthor: true,
    };
    this.#records.set(record.id, record);
    this.#byKey.set(draft.idempotencyKey, record);
    if (record.status === 'approved') this.#emit(record.threadId, { type: 'added', comment: copyRecord(record) });
    return copyRecord(record);
  }

  async updateComment(id: string, body: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    await this.#enter('updateComment', [id, body], options.signal);
    const record = this.#ownRecord(id);
    const info = this.#threads[record.threadId];
    if (info?.editWindow !== undefined && Date.now() - Date.parse(record.createdAt) > info.editWindow * 1000) {
      throw new ProviderError('forbidden', 'The time to edit this comment is over.');
    }
    const text = typeof body === 'string' ? body.trim() : '';
    if (!text) throw new ProviderError('validation', 'A comment needs some text.', { fieldErrors: { body: 'A comment needs some text.' } });
    record.body = text;
    // An edit is written in Markdown, whatever the comment was stored as before.
    delete record.bodyFormat;
    record.editedAt = new Date().toISOString();
    this.#emit(record.threadId, { type: 'updated', comment: copyRecord(record) });
    return copyRecord(record);
  }

  async deleteComment(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#enter('deleteComment', [id], options.signal);
    const record = this.#ownRecord(id);
    const hasReplies = [...this.#records.values()].some((candidate) => candidate.parentId === id);
    if (hasReplies) {
      // A placeholder keeps the replies in their place.
      Object.assign(record, { status: 'deleted', body: '', author: { name: '' } });
      delete record.viewerIsAuthor;
      this.#emit(record.threadId, { type: 'updated', comment: copyRecord(record) });
    } else {
      this.#records.delete(id);
      this.#emit(record.threadId, { type: 'removed', id });
    }
  }

  async react(id: string, reaction: string, options: { signal?: AbortSignal } = {}): Promise<CommentRecord> {
    await this.#enter('react', [id, reaction], options.signal);
    const record = this.#records.get(id);
    if (!record || record.status === 'deleted') throw new ProviderError('not_found', 'No such comment.');
    const allowed = this.#threads[record.threadId]?.reactions ?? ['like'];
    if (!allowed.includes(reaction)) throw new ProviderError('validation', `Unknown reaction "${reaction}".`);
    const reactions = (record.reactions ??= {});
    const current = reactions[reaction] ?? { count: 0 };
    // Toggles the reader's own reaction.
    reactions[reaction] = current.mine ? { count: Math.max(0, current.count - 1) } : { count: current.count + 1, mine: true };
    this.#emit(record.threadId, { type: 'updated', comment: copyRecord(record) });
    return copyRecord(record);
  }

  /** Reports received, for tests and moderation tools. */
  readonly reports: { id: string; reason: string }[] = [];

  async report(id: string, reason: string): Promise<void> {
    await this.#enter('report', [id, reason]);
    if (!this.#records.has(id)) throw new ProviderError('not_found', 'No such comment.');
    this.reports.push({ id, reason });
  }

  /** A record the reader wrote, or the error a backend would answer. */
  #ownRecord(id: string): CommentRecord {
    const record = this.#records.get(id);
    if (!record || record.status === 'deleted') throw new ProviderError('not_found', 'No such comment.');
    if (!record.viewerIsAuthor) throw new ProviderError('forbidden', 'Only the author may change a comment.');
    return record;
  }

  async identityOptions(): Promise<IdentityOption[]> {
    await this.#enter('identityOptions', []);
    return this.#options.map((option) => ({ ...option }));
  }

  async signIn(optionId: string, options: { signal?: AbortSignal } = {}): Promise<Identity> {
    await this.#enter('signIn', [optionId], options.signal);
    const option = this.#options.find((candidate) => candidate.id === optionId && candidate.kind === 'oauth');
    if (!option) throw new ProviderError('not_found', `No sign-in option "${optionId}".`);
    this.#setIdentity(this.#signInIdentity(option));
    return { ...this.#identity! };
  }

  async signOut(): Promise<void> {
    await this.#enter('signOut', []);
    this.#setIdentity(null);
  }

  async currentIdentity(): Promise<Identity | null> {
    await this.#enter('currentIdentity', []);
    return this.#identity ? { ...this.#identity } : null;
  }

  onIdentityChange(listener: (identity: Identity | null) => void): () => void {
    this.#identityListeners.add(listener);
    return () => this.#identityListeners.delete(listener);
  }

  async threadInfo(threadId: string): Promise<ThreadInfo> {
    await this.#enter('threadInfo', [threadId]);
    return { ...(this.#threads[threadId] ?? {}) };
  }

  subscribe(threadId: string, listener: (change: CommentChange) => void): () => void {
    let set = this.#listeners.get(threadId);
    if (!set) this.#listeners.set(threadId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** How many live subscriptions a thread has (tests check they are closed). */
  subscriberCount(threadId: string): number {
    return this.#listeners.get(threadId)?.size ?? 0;
  }

  /**
   * Adds a record as if another reader had posted it, and tells subscribers:
   * what a live update looks like to the elements.
   */
  addExternal(record: Omit<CommentRecord, 'createdAt'> & { createdAt?: string }): CommentRecord {
    const stored = copyRecord({ ...record, createdAt: record.createdAt ?? new Date().toISOString() });
    this.#records.set(stored.id, stored);
    if (stored.status !== 'pending') this.#emit(stored.threadId, { type: 'added', comment: copyRecord(stored) });
    return copyRecord(stored);
  }

  /** Changes a stored record and tells subscribers (moderation approving a comment, say). */
  updateExternal(id: string, patch: Partial<CommentRecord>): CommentRecord | undefined {
    const record = this.#records.get(id);
    if (!record) return undefined;
    Object.assign(record, structuredClone(patch));
    this.#emit(record.threadId, { type: 'updated', comment: copyRecord(record) });
    return copyRecord(record);
  }

  /** Removes a stored record and tells subscribers. */
  removeExternal(id: string): void {
    const record = this.#records.get(id);
    if (!record) return;
    this.#records.delete(id);
    this.#emit(record.threadId, { type: 'removed', id });
  }

  #visible(threadId: string): CommentRecord[] {
    return [...this.#records.values()].filter(
      (record) => record.threadId === threadId && (record.status !== 'pending' || record.viewerIsAuthor),
    );
  }

  #emit(threadId: string, change: CommentChange): void {
    for (const listener of [...(this.#listeners.get(threadId) ?? [])]) listener(change);
  }

  #setIdentity(identity: Identity | null): void {
    this.#identity = identity;
    for (const listener of [...this.#identityListeners]) listener(identity ? { ...identity } : null);
  }

  /** Records the call, waits the latency, and applies any pending fault. */
  async #enter(method: string, args: unknown[], signal?: AbortSignal): Promise<void> {
    this.calls.push({ method, args });
    const fault = this.#faults.find((candidate) => candidate.target === method || candidate.target === '*');
    if (fault && --fault.remaining <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    await wait(this.latency, signal);
    if (!fault) return;
    if (fault.kind === 'hang') {
      await wait(Number.POSITIVE_INFINITY, signal);
      return;
    }
    throw new ProviderError(fault.code, `Injected ${fault.code} fault in ${method}.`, fault.extra ?? {});
  }
}

/** Resolves after `ms` (never, for Infinity), or rejects `aborted` when the signal fires. */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ProviderError('aborted', 'Aborted.'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 'Aborted.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Top-level comments in the requested order, each followed by its replies
 * oldest first: a page then carries whole conversations, as a backend that
 * pages by thread would send them.
 */
function threadOrder(records: CommentRecord[], order: 'oldest' | 'newest'): CommentRecord[] {
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
