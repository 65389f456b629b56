/**
 * The moderation half of `InMemoryProvider`: what only moderators see (emails, addresses,
 * reports), the spam and trash flags, the undo snapshots, bans and the queue's listeners.
 * The provider owns the records; this module reads and changes them through {@link ModerationHost}.
 */
import { ProviderError } from '../errors.js';
import type {
  Ban,
  BanRequest,
  CommentChange,
  CommentRecord,
  ModerationAction,
  ModerationChange,
  ModerationItem,
  ModerationLogEntry,
  ModerationLogPage,
  ModerationPage,
  ModerationQueue,
  ModerationQueueOptions,
  ThreadInfo,
  ThreadSettings,
} from '../types.js';
import type { ModerationMembers } from './memory-support.js';

/** What the provider lets moderation reach. */
export interface ModerationHost {
  records: Map<string, CommentRecord>;
  threads: Record<string, ThreadInfo>;
  emit(threadId: string, change: CommentChange): void;
  copy(record: CommentRecord): CommentRecord;
}

/** What readers never see about a comment. */
export interface PrivateDetails {
  email?: string;
  address?: string;
  identity?: string;
}

interface Snapshot {
  status: CommentRecord['status'];
  flag: 'spam' | 'trash' | undefined;
  reports: string[] | undefined;
}

const EXCERPT = 140;

/** SHA-256 hex of a trimmed, lower-cased email: how bans name a guest's email. */
export async function hashEmail(email: string): Promise<string> {
  const bytes = new TextEncoder().encode(email.trim().toLowerCase());
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class MemoryModeration {
  readonly #host: ModerationHost;
  readonly #private = new Map<string, PrivateDetails>();
  /** Comments a moderator marked spam or deleted: hidden from readers, restorable. */
  readonly #flags = new Map<string, 'spam' | 'trash'>();
  readonly #reports = new Map<string, string[]>();
  readonly #undo = new Map<string, Snapshot>();
  readonly #bans = new Map<string, Ban & { emailHash?: string }>();
  readonly #listeners = new Set<{ listener: (change: ModerationChange) => void; threadId?: string }>();
  /** The audit log, oldest first. */
  readonly #log: ModerationLogEntry[] = [];
  #nextBan = 1;

  constructor(host: ModerationHost) {
    this.#host = host;
  }

  /** Remembers who wrote a comment (email, address, identity), for moderators only. */
  remember(id: string, details: PrivateDetails): void {
    const kept = Object.fromEntries(Object.entries(details).filter(([, value]) => typeof value === 'string' && value));
    if (Object.keys(kept).length) this.#private.set(id, kept);
  }

  /** True when readers must not see the comment (spam or deleted by a moderator). */
  hidden(id: string): boolean {
    return this.#flags.has(id);
  }

  /** Adds a reader's report and tells the queue's listeners. */
  report(id: string, reason: string): void {
    const list = this.#reports.get(id) ?? [];
    list.push(reason);
    this.#reports.set(id, list);
    this.announce(id);
  }

  /** Tells the queue's listeners about a comment that may have entered or left the queue. */
  announce(id: string): void {
    const record = this.#host.records.get(id);
    if (!record) return;
    const item = this.item(record);
    const change: ModerationChange = item.queue ? { type: 'added', item } : { type: 'removed', id };
    for (const { listener, threadId } of [...this.#listeners]) {
      if (!threadId || threadId === record.threadId) listener(change.type === 'added' ? { type: 'added', item: structuredClone(item) } : change);
    }
  }

  subscribe(listener: (change: ModerationChange) => void, threadId?: string): () => void {
    const entry = { listener, ...(threadId ? { threadId } : {}) };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  queueOf(record: CommentRecord): ModerationQueue | null {
    const flag = this.#flags.get(record.id);
    if (flag === 'spam') return 'spam';
    if (flag === 'trash' || record.status === 'deleted') return null;
    if (record.status === 'pending') return 'held';
    return this.#reports.get(record.id)?.length ? 'reported' : null;
  }

  /** The record as moderators see it. */
  item(record: CommentRecord): ModerationItem {
    const details = this.#private.get(record.id) ?? {};
    const info = this.#host.threads[record.threadId];
    const reports = this.#reports.get(record.id) ?? [];
    const counts = new Map<string, number>();
    for (const reason of reports) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const parent = record.parentId ? this.#host.records.get(record.parentId) : undefined;
    const ban = [...this.#bans.values()].find((candidate) => this.#covers(candidate, details));
    return {
      ...this.#host.copy(record),
      queue: this.queueOf(record),
      moderation: {
        thread: { id: record.threadId, ...(info?.title ? { title: info.title } : {}), ...(info?.url ? { url: info.url } : {}) },
        ...(parent ? { inReplyTo: { id: parent.id, authorName: parent.author.name, excerpt: parent.body.slice(0, EXCERPT) } } : {}),
        ...details,
        ...(reports.length ? { reports: [...counts].map(([reason, count]) => ({ reason, count })), reportCount: reports.length } : {}),
        ...(ban ? { banId: ban.id } : {}),
      },
    };
  }

  /** Writes an audit entry (the in-memory moderator is `moderator`). */
  audit(action: ModerationLogEntry['action'], details: Omit<ModerationLogEntry, 'id' | 'at' | 'actor' | 'action'> = {}): void {
    this.#log.push({ id: String(this.#log.length + 1), at: new Date().toISOString(), actor: 'moderator', action, ...details });
  }

  /** The audit log, newest first; the cursor is an offset. */
  log(options: { cursor?: string | null; limit?: number }): ModerationLogPage {
    const newest = [...this.#log].reverse().map((entry) => structuredClone(entry));
    const limit = Math.max(1, options.limit ?? 20);
    const offset = Math.max(0, Number.parseInt(options.cursor ?? '0', 10) || 0);
    const next = offset + limit;
    return { entries: newest.slice(offset, next), nextCursor: next < newest.length ? String(next) : null };
  }

  list(options: ModerationQueueOptions): ModerationPage {
    const queues = new Set(options.queues?.length ? options.queues : ['held', 'reported', 'spam']);
    const items = [...this.#host.records.values()]
      .filter((record) => (!options.threadId || record.threadId === options.threadId) && queues.has(this.queueOf(record)!))
      // Newest first; ISO 8601 times compare as strings.
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    const limit = Math.max(1, options.limit ?? 20);
    const offset = Math.max(0, Number.parseInt(options.cursor ?? '0', 10) || 0);
    const next = offset + limit;
    return {
      items: items.slice(offset, next).map((record) => this.item(record)),
      total: items.length,
      nextCursor: next < items.length ? String(next) : null,
    };
  }

  act(id: string, action: ModerationAction): ModerationItem {
    const record = this.#host.records.get(id);
    if (!record) throw new ProviderError('not_found', 'No such comment.');
    if (!['approve', 'hold', 'spam', 'delete', 'restore'].includes(action)) {
      throw new ProviderError('validation', `Unknown moderation action "${String(action)}".`);
    }
    const wasVisible = this.#readerSees(record);
    if (action === 'restore') {
      const snapshot = this.#undo.get(id);
      if (snapshot) this.#apply(record, snapshot);
      this.#undo.delete(id);
    } else {
      this.#undo.set(id, { status: record.status, flag: this.#flags.get(id), reports: this.#reports.get(id) });
      if (action === 'approve') this.#apply(record, { status: 'approved', flag: undefined, reports: undefined });
      else if (action === 'hold') this.#apply(record, { status: 'pending', flag: undefined, reports: this.#reports.get(id) });
      else this.#apply(record, { status: record.status, flag: action === 'spam' ? 'spam' : 'trash', reports: this.#reports.get(id) });
    }
    this.audit(action, { commentId: id, threadId: record.threadId });
    const visible = this.#readerSees(record);
    // Readers following the thread see the comment arrive or leave, as if it were posted or deleted.
    if (visible && !wasVisible) this.#host.emit(record.threadId, { type: 'added', comment: this.#host.copy(record) });
    else if (!visible && wasVisible) this.#host.emit(record.threadId, { type: 'removed', id });
    this.announce(id);
    return this.item(record);
  }

  async ban(request: BanRequest): Promise<Ban> {
    let details: PrivateDetails & { emailHash?: string } = {};
    if (request.commentId) {
      const record = this.#host.records.get(request.commentId);
      if (!record) throw new ProviderError('not_found', 'No such comment.');
      const known = this.#private.get(record.id) ?? {};
      details = { ...(known.identity ? { identity: known.identity } : {}), ...(known.address ? { address: known.address } : {}) };
      if (known.email) details.emailHash = await hashEmail(known.email);
    }
    if (request.identity) details.identity = request.identity;
    if (request.emailHash) details.emailHash = request.emailHash.toLowerCase();
    if (request.address) details.address = request.address;
    if (!details.identity && !details.emailHash && !details.address) {
      throw new ProviderError('validation', 'A ban needs an identity, an email hash or a network address.');
    }
    if (request.duration !== undefined && !(Number.isFinite(request.duration) && request.duration > 0)) {
      throw new ProviderError('validation', 'A ban lasts a positive number of seconds.');
    }
    const now = Date.now();
    const ban: Ban = {
      id: `ban${this.#nextBan++}`,
      ...(details.identity ? { identity: details.identity } : {}),
      ...(details.emailHash ? { emailHash: details.emailHash } : {}),
      ...(details.address ? { address: details.address } : {}),
      createdAt: new Date(now).toISOString(),
      ...(request.duration ? { expiresAt: new Date(now + request.duration * 1000).toISOString() } : {}),
    };
    this.#bans.set(ban.id, ban);
    this.audit('ban', { banId: ban.id, ...(request.commentId ? { commentId: request.commentId } : {}) });
    return { ...ban };
  }

  unban(banId: string): void {
    if (!this.#bans.delete(banId)) throw new ProviderError('not_found', 'No such ban.');
    this.audit('unban', { banId });
  }

  /** True when a ban in force covers this author. */
  async banned(details: PrivateDetails): Promise<boolean> {
    const emailHash = details.email ? await hashEmail(details.email) : undefined;
    return [...this.#bans.values()].some((ban) => this.#covers(ban, { ...details, ...(emailHash ? { emailHash } : {}) }));
  }

  #covers(ban: Ban, who: PrivateDetails & { emailHash?: string }): boolean {
    if (ban.expiresAt && Date.parse(ban.expiresAt) <= Date.now()) return false;
    return (
      (!!ban.identity && ban.identity === who.identity) ||
      (!!ban.address && ban.address === who.address) ||
      (!!ban.emailHash && ban.emailHash === who.emailHash)
    );
  }

  #readerSees(record: CommentRecord): boolean {
    return record.status !== 'pending' && !this.#flags.has(record.id);
  }

  #apply(record: CommentRecord, snapshot: Snapshot): void {
    record.status = snapshot.status;
    if (snapshot.flag) this.#flags.set(record.id, snapshot.flag);
    else this.#flags.delete(record.id);
    if (snapshot.reports?.length) this.#reports.set(record.id, snapshot.reports);
    else this.#reports.delete(record.id);
  }
}

/** Applies a moderator's thread settings to the stored ThreadInfo; answers the new information. */
export function applySettings(threads: Record<string, ThreadInfo>, threadId: string, settings: ThreadSettings): ThreadInfo {
  const info = (threads[threadId] ??= {});
  for (const key of ['closed', 'requiresSignIn'] as const) {
    const value = settings?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new ProviderError('validation', `${key} must be true or false.`);
    info[key] = value;
  }
  if (settings?.editWindow === null) delete info.editWindow;
  else if (settings?.editWindow !== undefined) {
    if (!(Number.isInteger(settings.editWindow) && settings.editWindow >= 0)) throw new ProviderError('validation', 'editWindow is a whole number of seconds.');
    info.editWindow = settings.editWindow;
  }
  return { ...info };
}

/** What {@link moderationMembers} needs from the provider. */
export interface MembersHost {
  moderation: MemoryModeration;
  threads: Record<string, ThreadInfo>;
  /** Records the call, waits the latency and applies any injected fault. */
  enter(method: string, args: unknown[], signal?: AbortSignal): Promise<void>;
  /** Whether the reader these members act for moderates now. */
  moderates(): boolean;
}

/**
 * The moderation members of the contract for one reader: each records the call, then rejects
 * `forbidden` unless the reader moderates (`isModerator` answers instead, and
 * `subscribeModeration` tells a reader who does not moderate nothing).
 */
export function moderationMembers({ moderation, threads, enter: record, moderates }: MembersHost): ModerationMembers {
  const enter = async (method: string, args: unknown[], signal?: AbortSignal) => {
    await record(method, args, signal);
    if (!moderates()) throw new ProviderError('forbidden', 'Only moderators may do that.');
  };
  return {
    isModerator: async (options = {}) => {
      await record('isModerator', [], options.signal);
      return moderates();
    },
    listModerationQueue: async (options = {}) => {
      await enter('listModerationQueue', [options], options.signal);
      return moderation.list(options);
    },
    moderateComment: async (id, action, options = {}) => {
      await enter('moderateComment', [id, action], options.signal);
      return moderation.act(id, action);
    },
    banAuthor: async (request, options = {}) => {
      await enter('banAuthor', [request], options.signal);
      return moderation.ban(request ?? {});
    },
    unbanAuthor: async (banId, options = {}) => {
      await enter('unbanAuthor', [banId], options.signal);
      moderation.unban(banId);
    },
    updateThreadSettings: async (threadId, settings, options = {}) => {
      await enter('updateThreadSettings', [threadId, settings], options.signal);
      const info = applySettings(threads, threadId, settings);
      moderation.audit('thread-settings', { threadId, detail: { ...settings } });
      return info;
    },
    listModerationLog: async (options = {}) => {
      await enter('listModerationLog', [options], options.signal);
      return moderation.log(options);
    },
    subscribeModeration: (listener, options = {}) => (moderates() ? moderation.subscribe(listener, options.threadId) : () => {}),
  };
}
