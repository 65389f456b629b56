import { normalizeRecord } from '../core/normalize.js';
import { ProviderError } from '../errors.js';
import { MemoryModeration, moderationMembers } from './memory-moderation.js';
import { READER_MEMBERS, copyRecord, threadOrder, type ModerationMembers } from './memory-support.js';
import type {
  Ban,
  BanRequest,
  CommentChange,
  CommentDataProvider,
  CommentDraft,
  CommentPage,
  CommentRecord,
  Identity,
  IdentityOption,
  ListOptions,
  ModerationAction,
  ModerationChange,
  ModerationItem,
  ModerationLogPage,
  ModerationPage,
  ModerationQueueOptions,
  ProviderErrorCode,
  ThreadInfo,
  ThreadSettings,
} from '../types.js';

import { FaultPlan, type FaultExtra, type FaultTarget } from './memory-faults.js';

export type { FaultTarget } from './memory-faults.js';

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
  /**
   * The current reader moderates: the moderation members answer (else they reject `forbidden`).
   * Default false; the `moderator` property changes it later.
   */
  moderator?: boolean;
  /** The network address the current reader posts from, as moderators see it. Default `192.0.2.1`. */
  address?: string;
}

/**
 * A complete provider held in memory: seeded records, latency, fault
 * injection (fail or never answer the next N calls), identity options with a
 * simulated sign-in (no identity provider and no proof of who the reader is: see
 * `signIn`), moderation, idempotent posting and live changes. Stories,
 * tests and the demo run on it.
 */
export class InMemoryProvider implements CommentDataProvider {
  latency: number;
  moderation: 'approve' | 'hold';
  /** The current reader moderates (see the `moderator` option). */
  moderator: boolean;
  /** The network address the current reader posts from. */
  address: string;
  readonly #records = new Map<string, CommentRecord>();
  readonly #byKey = new Map<string, CommentRecord>();
  readonly #options: IdentityOption[];
  readonly #threads: Record<string, ThreadInfo>;
  readonly #signInIdentity: (option: IdentityOption) => Identity;
  readonly #listeners = new Map<string, Set<(change: CommentChange) => void>>();
  readonly #identityListeners = new Set<(identity: Identity | null) => void>();
  #identity: Identity | null;
  readonly #faults = new FaultPlan();
  #nextId = 1;
  readonly #moderation: MemoryModeration;
  readonly #asReader: ModerationMembers;
  /** Every call made, by method name: tests read it to count requests. */
  readonly calls: { method: string; args: unknown[] }[] = [];

  constructor(options: InMemoryProviderOptions = {}) {
    this.latency = options.latency ?? 0;
    this.moderation = options.moderation ?? 'approve';
    this.#options = options.identityOptions ?? [];
    this.#threads = options.threads ?? {};
    this.#identity = options.identity ?? null;
    this.moderator = options.moderator ?? false;
    this.address = options.address ?? '192.0.2.1';
    this.#moderation = new MemoryModeration({
      records: this.#records,
      threads: this.#threads,
      emit: (threadId, change) => this.#emit(threadId, change),
      copy: copyRecord,
    });
    this.#asReader = this.#moderationMembers(() => this.moderator);
    this.#signInIdentity =
      options.signInIdentity ?? ((option) => ({ optionId: option.id, name: `${option.label} reader` }));
    for (const record of options.comments ?? []) this.#records.set(record.id, copyRecord(record));
  }

  /** The next `times` calls to `target` (or any, `*`) reject with `code`. */
  failNext(target: FaultTarget | '*', times = 1, code: ProviderErrorCode = 'network', extra?: FaultExtra): void {
    this.#faults.fail(target, times, code, extra);
  }

  /** The next `times` calls to `target` never answer (until their signal aborts). */
  hangNext(target: FaultTarget | '*', times = 1): void {
    this.#faults.hang(target, times);
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
    const who = this.#who(draft.guest?.email);
    if (await this.#moderation.banned(who)) throw new ProviderError('forbidden', 'You may not comment here.');

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
    this.#moderation.remember(record.id, who);
    if (record.status === 'approved') this.#emit(record.threadId, { type: 'added', comment: copyRecord(record) });
    else this.#moderation.announce(record.id);
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
    if (!this.#records.has(id) || this.#moderation.hidden(id)) throw new ProviderError('not_found', 'No such comment.');
    this.reports.push({ id, reason });
    this.#moderation.report(id, reason);
  }

  // The moderation members: for the current reader, who moderates only when `moderator` is true.
  isModerator(options?: { signal?: AbortSignal }): Promise<boolean> {
    return this.#asReader.isModerator(options);
  }
  listModerationQueue(options?: ModerationQueueOptions): Promise<ModerationPage> {
    return this.#asReader.listModerationQueue(options);
  }
  moderateComment(id: string, action: ModerationAction, options?: { signal?: AbortSignal }): Promise<ModerationItem> {
    return this.#asReader.moderateComment(id, action, options);
  }
  banAuthor(request: BanRequest, options?: { signal?: AbortSignal }): Promise<Ban> {
    return this.#asReader.banAuthor(request, options);
  }
  unbanAuthor(banId: string, options?: { signal?: AbortSignal }): Promise<void> {
    return this.#asReader.unbanAuthor(banId, options);
  }
  updateThreadSettings(threadId: string, settings: ThreadSettings, options?: { signal?: AbortSignal }): Promise<ThreadInfo> {
    return this.#asReader.updateThreadSettings(threadId, settings, options);
  }
  subscribeModeration(listener: (change: ModerationChange) => void, options?: { threadId?: string }): () => void {
    return this.#asReader.subscribeModeration(listener, options);
  }
  listModerationLog(options?: { cursor?: string | null; limit?: number; signal?: AbortSignal }): Promise<ModerationLogPage> {
    return this.#asReader.listModerationLog(options);
  }

  /**
   * The same store as a second reader who moderates sees it (same identity, `moderator` on):
   * what a moderator's own provider on a shared backend would be. For tests and stories.
   */
  moderatorView(): CommentDataProvider {
    const view: Record<string, unknown> = {};
    for (const member of READER_MEMBERS) view[member] = (this[member] as (...args: unknown[]) => unknown).bind(this);
    return Object.assign(view, this.#moderationMembers(() => true)) as unknown as CommentDataProvider;
  }

  #moderationMembers(moderates: () => boolean): ModerationMembers {
    return moderationMembers({
      moderation: this.#moderation,
      threads: this.#threads,
      enter: (method, args, signal) => this.#enter(method, args, signal),
      moderates,
    });
  }

  /**
   * Stores what only moderators see about a record (the author's email, network address,
   * identity), e.g. for a seeded record.
   */
  setPrivateDetails(id: string, details: { email?: string; address?: string; identity?: string }): void {
    this.#moderation.remember(id, details);
  }

  /** Who the current reader is, as bans match them. */
  #who(email: string | undefined): { email?: string; address?: string; identity?: string } {
    return {
      ...(this.#identity ? { identity: `${this.#identity.optionId}:${this.#identity.name}` } : email ? { email } : {}),
      address: this.address,
    };
  }

  /** A record the reader wrote, or the error a backend would answer. */
  #ownRecord(id: string): CommentRecord {
    const record = this.#records.get(id);
    if (!record || record.status === 'deleted' || this.#moderation.hidden(id)) throw new ProviderError('not_found', 'No such comment.');
    if (!record.viewerIsAuthor) throw new ProviderError('forbidden', 'Only the author may change a comment.');
    return record;
  }

  async identityOptions(): Promise<IdentityOption[]> {
    await this.#enter('identityOptions', []);
    return this.#options.map((option) => ({ ...option }));
  }

  /**
   * A **simulated** sign-in, for stories, tests and demos: no identity provider, no popup, no
   * redirect and no proof of who the reader is. After the configured `latency` the reader is
   * "signed in" as `signInIdentity(option)` (default: a reader named after the option, e.g.
   * "Twitter reader"), held in this object only (gone on reload). Never use it where identities
   * matter: a real backend signs readers in itself (RestProvider with the reference server's
   * OpenID Connect / OAuth 2.0 sign-in, or WordPress's own login).
   */
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
    else this.#moderation.announce(stored.id);
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
      (record) =>
        record.threadId === threadId &&
        (record.status !== 'pending' || record.viewerIsAuthor) &&
        !this.#moderation.hidden(record.id),
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
    await this.#faults.enter(method, this.latency, signal);
  }
}

/**
 * @ignore Internal to `provider="memory"` (`createMemoryProvider`).
 * `provider="memory"`'s provider: seeded from the JSON file at `endpoint`
 * when there is one (`{ comments, identityOptions, latency }`, as the fixtures are written), else
 * empty. A seed that cannot be read is an error the reader sees (with Retry), not an empty thread.
 * It lives here, in the chunk loaded on first use, so that a thread's first load carries none of it.
 */
export async function seededMemoryProvider(endpoint: string | undefined): Promise<InMemoryProvider> {
  if (!endpoint) return new InMemoryProvider();
  const response = await fetch(endpoint).catch(() => {
    throw new ProviderError('network', `The seed file ${endpoint} could not be fetched.`);
  });
  if (!response.ok) throw new ProviderError('network', `The seed file ${endpoint} answered ${response.status}.`);
  const data = ((await response.json().catch(() => {
    throw new ProviderError('unknown', `The seed file ${endpoint} is not JSON.`);
  })) ?? {}) as { comments?: unknown[]; identityOptions?: IdentityOption[]; latency?: number };
  const comments = (Array.isArray(data.comments) ? data.comments : []).flatMap((raw) => normalizeRecord(raw) ?? []);
  return new InMemoryProvider({
    comments,
    identityOptions: Array.isArray(data.identityOptions) ? data.identityOptions : [],
    latency: typeof data.latency === 'number' ? data.latency : 0,
  });
}
