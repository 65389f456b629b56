import { ProviderError } from '../errors.js';
import type {
  Ban,
  BanRequest,
  CommentRecord,
  ModerationAction,
  ModerationDetails,
  ModerationItem,
  ModerationPage,
  ModerationQueue,
  ModerationQueueOptions,
  ThreadInfo,
  ThreadSettings,
} from '../types.js';
import type { WordPressAnswer, WordPressHost } from './wordpress-host.js';
import { plainMessage, toWordPressError } from './wordpress-mapping.js';

/** What the moderation members need of the provider besides its requests. */
export interface WordPressModerationHost extends WordPressHost {
  /** The thread's information as the current reader gets it. */
  threadInfo(threadId: string): Promise<ThreadInfo>;
  /** Forgets what was read about the post (its comment status changed). */
  forgetPost(threadId: string): void;
}

/** The members `addWordPressModeration` adds. */
type ModerationMembers = Required<
  Pick<
    import('../types.js').CommentDataProvider,
    | 'isModerator'
    | 'listModerationQueue'
    | 'moderateComment'
    | 'updateThreadSettings'
    | 'banAuthor'
    | 'unbanAuthor'
    | 'report'
    | 'subscribeModeration'
  >
>;

/** Where each queue comes from: WordPress's comments route by status, or the plugin's reported list. */
const SOURCES: readonly ModerationQueue[] = ['held', 'spam', 'reported'];
const WORDPRESS_STATUS: Record<Exclude<ModerationQueue, 'reported'>, string> = { held: 'hold', spam: 'spam' };
/** What a moderation action sends as the comment's `status` (delete is a DELETE, to the trash). */
const ACTION_STATUS: Record<'approve' | 'hold' | 'spam', string> = { approve: 'approved', hold: 'hold', spam: 'spam' };
const EXCERPT_LENGTH = 120;

/**
 * Adds the contract's moderation members to a WordPress provider. Through WordPress's own REST
 * API, for users who can `moderate_comments`: the held and spam queues (`/wp/v2/comments?status=…
 * &context=edit`), approve, hold, spam, trash and restore (`status`, `untrash`, `unspam`), and
 * closing a post's comments (`comment_status`). With the comment-thread plugin (`plugin`): the
 * reported queue, readers' reports and bans (its `comment-thread/v1` routes). Every member but
 * `report` first asks `isModerator` and rejects with `forbidden` for anyone else, and WordPress
 * checks again on the server.
 */
export function addWordPressModeration(
  target: object,
  host: WordPressModerationHost,
  { plugin, pollInterval = 15_000 }: { plugin: boolean; pollInterval?: number },
): void {
  let moderates: Promise<boolean> | undefined;
  /** The status each comment had before this provider last changed it (for `restore`). */
  const previous = new Map<string, string>();

  const isModerator: ModerationMembers['isModerator'] = (options = {}) => {
    if (!host.authenticated) return Promise.resolve(false);
    const load = (moderates ??= (async () => {
      const answer = await host.request('GET', '/wp/v2/users/me', { context: 'edit', _fields: 'id,capabilities' }, { signal: options.signal });
      if (answer.status === 401 || answer.status === 403) return false;
      if (answer.status < 200 || answer.status >= 300) throw toWordPressError(answer.status, answer.body);
      const capabilities = (answer.body as { capabilities?: Record<string, unknown> } | null)?.capabilities;
      return capabilities?.moderate_comments === true;
    })());
    load.catch(() => {
      if (moderates === load) moderates = undefined;
    });
    return load;
  };

  const requireModerator = async (signal?: AbortSignal): Promise<void> => {
    if (!(await isModerator({ signal }))) throw new ProviderError('forbidden', 'Only moderators may do this (WordPress’s moderate_comments).');
  };

  const fail = (answer: WordPressAnswer): never => {
    throw toWordPressError(answer.status, answer.body, { retryAfter: answer.headers.get('retry-after') });
  };
  const ok = (answer: WordPressAnswer) => answer.status >= 200 && answer.status < 300;

  /** A REST comment (context=edit) as a moderation item in `queue`. */
  const toItem = async (raw: unknown, queue: ModerationQueue | null, signal?: AbortSignal): Promise<ModerationItem | null> => {
    const record: CommentRecord | null = await host.record(raw, signal);
    if (!record) return null;
    delete record.viewerIsAuthor;
    const comment = raw as Record<string, unknown>;
    const details: ModerationDetails = {};
    const embedded = (comment._embedded ?? {}) as Record<string, unknown>;
    const post = (Array.isArray(embedded.up) ? embedded.up[0] : undefined) as { title?: { rendered?: unknown }; link?: unknown } | undefined;
    details.thread = { id: record.threadId };
    const title = plainMessage(post?.title?.rendered);
    if (title) details.thread.title = title;
    if (typeof post?.link === 'string' && /^https?:/.test(post.link)) details.thread.url = post.link;
    const parent = (Array.isArray(embedded['in-reply-to']) ? embedded['in-reply-to'][0] : undefined) as
      | { id?: unknown; author_name?: unknown; content?: { rendered?: unknown } }
      | undefined;
    if (record.parentId) {
      const text = plainMessage(parent?.content?.rendered);
      details.inReplyTo = {
        id: record.parentId,
        authorName: typeof parent?.author_name === 'string' ? parent.author_name : '',
        excerpt: text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text,
      };
    }
    if (typeof comment.author_email === 'string' && comment.author_email) details.email = comment.author_email;
    if (typeof comment.author_ip === 'string' && comment.author_ip) details.address = comment.author_ip;
    if (typeof comment.author === 'number' && comment.author > 0) details.identity = `wordpress:${comment.author}`;
    if (Array.isArray(comment.comment_thread_reports)) {
      const reports = comment.comment_thread_reports
        .filter((entry): entry is { reason: string; count: number } => typeof entry?.reason === 'string' && Number.isInteger(entry?.count))
        .map(({ reason, count }) => ({ reason, count }));
      if (reports.length) {
        details.reports = reports;
        details.reportCount = reports.reduce((sum, entry) => sum + entry.count, 0);
      }
    }
    if (typeof comment.comment_thread_ban === 'string' && comment.comment_thread_ban) details.banId = comment.comment_thread_ban;
    return { ...record, queue, moderation: details };
  };

  /** The queue a comment is in now, from its WordPress status and reports. */
  const queueOf = (raw: unknown): ModerationQueue | null => {
    const comment = raw as { status?: unknown; comment_thread_reports?: unknown };
    if (comment?.status === 'hold' || comment?.status === 'unapproved') return 'held';
    if (comment?.status === 'spam') return 'spam';
    if (comment?.status === 'approved' && Array.isArray(comment.comment_thread_reports) && comment.comment_thread_reports.length) return 'reported';
    return null;
  };

  const listModerationQueue: ModerationMembers['listModerationQueue'] = async (options: ModerationQueueOptions = {}) => {
    const { signal, threadId } = options;
    await requireModerator(signal);
    if (threadId !== undefined && !/^[1-9]\d*$/.test(threadId)) return { items: [], total: 0, nextCursor: null };
    const limit = Math.max(1, Math.min(100, Math.floor(options.limit ?? 20)));
    const wanted = SOURCES.filter((queue) => (options.queues ?? SOURCES).includes(queue) && (queue !== 'reported' || plugin));
    const offsets = decodeCursor(options.cursor);
    const pages = await Promise.all(
      wanted.map(async (queue) => {
        const offset = offsets[queue] ?? 0;
        const answer =
          queue === 'reported'
            ? await host.request('GET', '/comment-thread/v1/moderation/reported', { post: threadId, offset, per_page: limit }, { signal })
            : await host.request(
                'GET',
                '/wp/v2/comments',
                { status: WORDPRESS_STATUS[queue], context: 'edit', post: threadId, offset, per_page: limit, orderby: 'date_gmt', order: 'desc', _embed: 'up,in-reply-to' },
                { signal },
              );
        if (!ok(answer)) fail(answer);
        const total = Number.parseInt(answer.headers.get('x-wp-total') ?? '', 10);
        return { queue, offset, raws: Array.isArray(answer.body) ? (answer.body as unknown[]) : [], total: Number.isFinite(total) ? total : undefined };
      }),
    );
    const candidates: { queue: ModerationQueue; item: ModerationItem }[] = [];
    for (const page of pages) {
      for (const raw of page.raws) {
        const item = await toItem(raw, page.queue, signal);
        if (item) candidates.push({ queue: page.queue, item });
      }
    }
    // Newest first across the queues; each page takes `limit` and the cursor remembers how many of each.
    candidates.sort((a, b) => Date.parse(b.item.createdAt) - Date.parse(a.item.createdAt) || Number(b.item.id) - Number(a.item.id));
    const taken = candidates.slice(0, limit);
    const next: Partial<Record<ModerationQueue, number>> = {};
    let more = false;
    for (const page of pages) {
      const used = taken.filter((entry) => entry.queue === page.queue).length;
      next[page.queue] = page.offset + used;
      if (used < page.raws.length || (page.total !== undefined && page.offset + used < page.total)) more = true;
    }
    const totals = pages.map((page) => page.total);
    const result: ModerationPage = { items: taken.map((entry) => entry.item), nextCursor: more ? encodeCursor(next) : null };
    if (totals.every((total) => total !== undefined)) result.total = totals.reduce<number>((sum, total) => sum + (total ?? 0), 0);
    return result;
  };

  const moderateComment: ModerationMembers['moderateComment'] = async (id: string, action: ModerationAction, options = {}) => {
    const { signal } = options;
    if (!/^[1-9]\d*$/.test(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
    await requireModerator(signal);
    const current = await host.request('GET', `/wp/v2/comments/${id}`, { context: 'edit' }, { signal });
    if (!ok(current)) fail(current);
    const before = String((current.body as { status?: unknown } | null)?.status ?? '');
    let answer: WordPressAnswer;
    if (action === 'delete') {
      // To the trash, never `force`: `restore` (WordPress's untrash) brings it back.
      answer = await host.request('DELETE', `/wp/v2/comments/${id}`, { context: 'edit' }, { signal });
      if (answer.status === 410) answer = await host.request('GET', `/wp/v2/comments/${id}`, { context: 'edit' }, { signal });
    } else {
      let status: string | undefined;
      if (action === 'restore') {
        // WordPress remembers what spam and trash replaced; for approve and hold this provider does.
        status = before === 'trash' ? 'untrash' : before === 'spam' ? 'unspam' : previous.get(id);
        if (status === undefined || status === before) return (await toItem(current.body, queueOf(current.body), signal))!;
      } else {
        status = ACTION_STATUS[action];
        if (!status) throw new ProviderError('validation', `Unknown moderation action ${String(action)}.`);
      }
      answer = await host.request('POST', `/wp/v2/comments/${id}`, { context: 'edit' }, { signal, json: { status } });
    }
    if (!ok(answer)) fail(answer);
    if (action === 'restore') previous.delete(id);
    else previous.set(id, before === 'hold' || before === 'approved' ? before : before === 'unapproved' ? 'hold' : 'approved');
    const item = await toItem(answer.body, queueOf(answer.body), signal);
    if (!item) throw new ProviderError('unknown', 'WordPress answered without the comment.');
    return item;
  };

  const updateThreadSettings: ModerationMembers['updateThreadSettings'] = async (threadId: string, settings: ThreadSettings, options = {}) => {
    const { signal } = options;
    await requireModerator(signal);
    if (!/^[1-9]\d*$/.test(threadId)) throw new ProviderError('not_found', `No WordPress post ${threadId}.`);
    const info = await host.threadInfo(threadId);
    // WordPress decides these for the whole site (Settings → Discussion; the plugin's
    // comment_thread_edit_window filter): a thread cannot change them, only keep them.
    if (settings.requiresSignIn !== undefined && Boolean(settings.requiresSignIn) !== Boolean(info.requiresSignIn)) {
      throw new ProviderError('validation', 'WordPress asks for a login on the whole site (Settings → Discussion), not per post.');
    }
    if (settings.editWindow !== undefined && (settings.editWindow ?? null) !== (info.editWindow ?? null)) {
      throw new ProviderError('validation', 'WordPress sets the edit window for the whole site (the comment_thread_edit_window filter).');
    }
    if (settings.closed !== undefined) {
      const json = { comment_status: settings.closed ? 'closed' : 'open' };
      let answer = await host.request('POST', `/wp/v2/posts/${threadId}`, {}, { signal, json });
      if (answer.status === 404) answer = await host.request('POST', `/wp/v2/pages/${threadId}`, {}, { signal, json });
      if (!ok(answer)) fail(answer);
    }
    host.forgetPost(threadId);
    return host.threadInfo(threadId);
  };

  const needsPlugin = (): never => {
    throw new ProviderError('forbidden', 'This needs the comment-thread plugin on the WordPress site.');
  };

  const banAuthor: ModerationMembers['banAuthor'] = async (request: BanRequest, options = {}) => {
    const { signal } = options;
    await requireModerator(signal);
    if (!plugin) needsPlugin();
    const json: Record<string, unknown> = {};
    if (request.commentId !== undefined) {
      if (!/^[1-9]\d*$/.test(request.commentId)) throw new ProviderError('not_found', `No WordPress comment ${request.commentId}.`);
      json.comment = Number(request.commentId);
    }
    if (request.identity) json.identity = request.identity;
    if (request.emailHash) json.email_hash = request.emailHash;
    if (request.address) json.address = request.address;
    if (request.duration !== undefined) json.duration = Math.max(1, Math.floor(request.duration));
    const answer = await host.request('POST', '/comment-thread/v1/bans', {}, { signal, json });
    if (!ok(answer)) fail(answer);
    const ban = answer.body as Ban | null;
    if (!ban || typeof ban.id !== 'string') throw new ProviderError('unknown', 'WordPress answered without the ban.');
    return ban;
  };

  const unbanAuthor: ModerationMembers['unbanAuthor'] = async (banId: string, options = {}) => {
    const { signal } = options;
    await requireModerator(signal);
    if (!plugin) needsPlugin();
    if (!/^[0-9a-f-]{36}$/.test(banId)) throw new ProviderError('not_found', `No ban ${banId}.`);
    const answer = await host.request('DELETE', `/comment-thread/v1/bans/${banId}`, {}, { signal });
    if (!ok(answer)) fail(answer);
  };

  const report: ModerationMembers['report'] = async (id: string, reason: string) => {
    if (!/^[1-9]\d*$/.test(id)) throw new ProviderError('not_found', `No WordPress comment ${id}.`);
    const answer = await host.request('POST', `/comment-thread/v1/comments/${id}/reports`, {}, { json: { reason } });
    if (!ok(answer)) fail(answer);
  };

  /**
   * Follows the queue by polling its first page (WordPress has no change feed for held comments,
   * and the plugin's change log never names them): while the tab is visible, every `pollInterval`,
   * a comment newly in it arrives as `added`, one that moved queues as `updated`, one that left as
   * `removed`. The first poll only learns what is there. A reader who does not moderate hears nothing.
   */
  const subscribeModeration: ModerationMembers['subscribeModeration'] = (listener, options = {}) => {
    let known: Map<string, ModerationQueue | null> | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
    const poll = async (): Promise<void> => {
      if (stopped) return;
      if (!hidden()) {
        try {
          const page = await listModerationQueue({ threadId: options.threadId, limit: 50 });
          if (stopped) return;
          const now = new Map(page.items.map((item) => [item.id, item.queue] as const));
          if (known) {
            for (const item of page.items) {
              if (!known.has(item.id)) listener({ type: 'added', item });
              else if (known.get(item.id) !== item.queue) listener({ type: 'updated', item });
            }
            for (const id of known.keys()) if (!now.has(id)) listener({ type: 'removed', id });
          }
          known = now;
        } catch (thrown) {
          // Not a moderator: nothing to follow. Anything else: try again next time.
          if ((thrown as { code?: unknown })?.code === 'forbidden') return;
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), pollInterval);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  };

  Object.assign(target, { isModerator, listModerationQueue, moderateComment, updateThreadSettings, subscribeModeration });
  if (plugin) Object.assign(target, { banAuthor, unbanAuthor, report });
}

/** The queue cursor: how many of each queue earlier pages took, e.g. `held:20.spam:3.reported:0`. */
function encodeCursor(offsets: Partial<Record<ModerationQueue, number>>): string {
  return Object.entries(offsets)
    .map(([queue, offset]) => `${queue}:${offset}`)
    .join('.');
}

function decodeCursor(cursor: string | null | undefined): Partial<Record<ModerationQueue, number>> {
  const offsets: Partial<Record<ModerationQueue, number>> = {};
  if (!cursor) return offsets;
  for (const part of cursor.split('.')) {
    const [queue, value] = part.split(':');
    if ((SOURCES as readonly string[]).includes(queue) && /^\d{1,9}$/.test(value ?? '')) offsets[queue as ModerationQueue] = Number(value);
  }
  return offsets;
}
