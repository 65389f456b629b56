// Deliberately broken providers for the conformance kit's own test: each is
// InMemoryProvider (which passes the kit) with one rule of the contract broken.
// `fails` lists the checks that must fail and `says` a piece of the message
// the kit must give for the first of them.
import { ProviderError } from '../src/errors.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { MODERATION_MEMBERS } from '../src/providers/lazy.js';
import { READER_MEMBERS } from '../src/providers/memory-support.js';
import type { ConformanceCheck } from '../src/testing/conformance.js';
import type {
  CommentChange,
  CommentDataProvider,
  CommentDraft,
  CommentPage,
  CommentRecord,
  ListOptions,
  ModerationAction,
  ModerationQueueOptions,
  ThreadInfo,
  ThreadSettings,
} from '../src/types.js';

type Members = { -readonly [K in keyof CommentDataProvider]-?: unknown };
/** The contract's members InMemoryProvider has (not e.g. RestProvider's returnedSignIn): a reader's and a moderator's. */
const MEMBERS: (keyof CommentDataProvider & keyof InMemoryProvider)[] = [...READER_MEMBERS, ...MODERATION_MEMBERS];

/**
 * A backend the kit's hooks reach: a fresh InMemoryProvider per check. `wrapModerator` breaks
 * what the moderator's provider (the store's `moderatorView()`) does.
 */
export function memoryBackend(
  wrap: (inner: InMemoryProvider) => CommentDataProvider = (inner) => inner,
  wrapModerator: (view: CommentDataProvider, inner: InMemoryProvider) => CommentDataProvider = (view) => view,
) {
  let current: InMemoryProvider;
  let threads: Record<string, ThreadInfo> = {};
  return {
    createProvider: () => {
      threads = {};
      current = new InMemoryProvider({
        latency: 1,
        threads,
        identityOptions: [
          { id: 'guest', label: 'Guest', kind: 'guest' },
          { id: 'demo', label: 'Demo', kind: 'oauth' },
        ],
      });
      return wrap(current);
    },
    seed: async (_threadId: string, records: CommentRecord[]) => {
      for (const record of records) current.addExternal(record);
    },
    closeThread: async (threadId: string) => {
      threads[threadId] = { closed: true };
    },
    moderator: () => wrapModerator(current.moderatorView(), current),
  };
}

/** `view`'s members with some replaced. */
function override(view: CommentDataProvider, overrides: Partial<Members>): CommentDataProvider {
  return Object.assign({}, view, overrides) as unknown as CommentDataProvider;
}

/** InMemoryProvider's members, bound, with some replaced (`undefined` removes one). */
export function delegate(inner: InMemoryProvider, overrides: Partial<Members> = {}): CommentDataProvider {
  const provider: Record<string, unknown> = {};
  for (const member of MEMBERS) provider[member] = (inner[member] as (...args: unknown[]) => unknown).bind(inner);
  for (const [member, value] of Object.entries(overrides)) {
    if (value === undefined) delete provider[member];
    else provider[member] = value;
  }
  return provider as unknown as CommentDataProvider;
}

/** Every record of a thread, as a single page, from the correct provider. */
async function everything(inner: InMemoryProvider, threadId: string, options: ListOptions = {}): Promise<CommentRecord[]> {
  return (await inner.listComments(threadId, { ...options, cursor: null, limit: 10_000 })).comments;
}

/** Pages `records` by offset, with one thing done wrong. */
function page(records: CommentRecord[], options: ListOptions, wrong: { limit?: number; step?: number; total?: 'page'; stopAfterFirst?: boolean } = {}): CommentPage {
  const offset = Number(options.cursor ?? 0);
  const limit = wrong.limit ?? options.limit ?? 50;
  const comments = records.slice(offset, offset + limit);
  const next = offset + (wrong.step ?? limit);
  return {
    comments,
    total: wrong.total === 'page' ? comments.length : records.length,
    nextCursor: next < records.length && !wrong.stopAfterFirst ? String(next) : null,
  };
}

export interface BrokenProvider {
  name: string;
  fails: ConformanceCheck[];
  says: string;
  make: (inner: InMemoryProvider) => CommentDataProvider;
  /** Breaks the moderator's provider instead (or as well). */
  moderator?: (view: CommentDataProvider, inner: InMemoryProvider) => CommentDataProvider;
}

const seenKeys = new Set<string>();

export const BROKEN_PROVIDERS: BrokenProvider[] = [
  {
    name: 'counts comments in an empty thread',
    fails: ['empty-thread'],
    says: 'total of an empty thread must be 0',
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options?: ListOptions) => {
          const listed = await inner.listComments(threadId, options);
          return listed.comments.length ? listed : { ...listed, total: 1 };
        },
      }),
  },
  {
    name: 'ignores the limit',
    fails: ['paging'],
    says: 'more than limit 3',
    make: (inner) => delegate(inner, { listComments: async (threadId: string, options: ListOptions = {}) => page(await everything(inner, threadId, options), options, { limit: 1000 }) }),
  },
  {
    name: 'pages overlap (the cursor repeats the last record)',
    fails: ['paging', 'order'],
    says: 'no record may come twice',
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options: ListOptions = {}) => page(await everything(inner, threadId, options), options, { step: Math.max(1, (options.limit ?? 50) - 1) }),
      }),
  },
  {
    name: 'total counts the page, not the thread',
    fails: ['paging'],
    says: 'total on page 1 must be 7',
    make: (inner) => delegate(inner, { listComments: async (threadId: string, options: ListOptions = {}) => page(await everything(inner, threadId, options), options, { total: 'page' }) }),
  },
  {
    name: 'drops every page after the first',
    fails: ['paging', 'order'],
    says: '7 records at limit 3 need at least 3 pages, got 1',
    make: (inner) => delegate(inner, { listComments: async (threadId: string, options: ListOptions = {}) => page(await everything(inner, threadId, options), options, { stopAfterFirst: true }) }),
  },
  {
    name: 'ignores order="newest"',
    fails: ['order'],
    says: 'order "newest": top-level comment 2',
    make: (inner) => delegate(inner, { listComments: (threadId: string, options: ListOptions = {}) => inner.listComments(threadId, { ...options, order: 'oldest' }) }),
  },
  {
    name: 'lists records without an author name',
    fails: ['record-shape'],
    says: 'author.name must be a string',
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options?: ListOptions) => {
          const listed = await inner.listComments(threadId, options);
          return { ...listed, comments: listed.comments.map((record) => ({ ...record, author: { handle: record.author.name } })) };
        },
      }),
  },
  {
    name: "lists records under another thread's id",
    fails: ['record-shape'],
    says: 'threadId of record',
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options?: ListOptions) => {
          const listed = await inner.listComments(threadId, options);
          return { ...listed, comments: listed.comments.map((record) => ({ ...record, threadId: 'another-thread' })) };
        },
      }),
  },
  {
    name: "leaks another reader's held comment",
    fails: ['held', 'moderation-approve'],
    says: 'a comment held for moderation was listed to a reader who did not write it',
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options?: ListOptions) => {
          const listed = await inner.listComments(threadId, options);
          const held = inner.records.filter((record) => record.threadId === threadId && record.status === 'pending');
          return { ...listed, comments: [...listed.comments, ...(options?.cursor ? [] : held)] };
        },
      }),
  },
  {
    name: 'answers the post without its text',
    fails: ['post'],
    says: "the posted record's body must hold the text sent",
    make: (inner) => delegate(inner, { postComment: async (draft: CommentDraft, options?: { signal?: AbortSignal }) => ({ ...(await inner.postComment(draft, options)), body: '' }) }),
  },
  {
    name: 'stores replies as top-level comments',
    fails: ['reply'],
    says: 'parentId of the listed reply',
    make: (inner) =>
      delegate(inner, {
        postComment: async (draft: CommentDraft, options?: { signal?: AbortSignal }) => {
          if (!draft.parentId || !inner.records.some((record) => record.id === draft.parentId)) return inner.postComment(draft, options);
          return { ...(await inner.postComment({ ...draft, parentId: null }, options)), parentId: draft.parentId };
        },
      }),
  },
  {
    name: 'stores a retried post twice (ignores the idempotency key)',
    fails: ['idempotency'],
    says: 'the repeat must answer the first comment',
    make: (inner) => delegate(inner, { postComment: (draft: CommentDraft, options?: { signal?: AbortSignal }) => inner.postComment({ ...draft, idempotencyKey: `${draft.idempotencyKey}-${Math.random()}` }, options) }),
  },
  {
    name: 'rejects a retried post as a validation error',
    fails: ['idempotency'],
    says: 'a repeated key either answers the stored comment or rejects: expected "conflict", got "validation"',
    make: (inner) =>
      delegate(inner, {
        postComment: (draft: CommentDraft, options?: { signal?: AbortSignal }) => {
          if (seenKeys.has(draft.idempotencyKey)) return Promise.reject(new ProviderError('validation', 'Seen that before.'));
          seenKeys.add(draft.idempotencyKey);
          return inner.postComment(draft, options);
        },
      }),
  },
  {
    name: 'stores an empty comment',
    fails: ['validation'],
    says: 'posting an empty body: expected a rejection',
    make: (inner) =>
      delegate(inner, { postComment: (draft: CommentDraft, options?: { signal?: AbortSignal }) => inner.postComment({ ...draft, body: draft.body.trim() ? draft.body : '(empty)' }, options) }),
  },
  {
    name: 'rejects invalid posts without fieldErrors',
    fails: ['validation'],
    says: 'fieldErrors.body must explain an empty body',
    make: (inner) =>
      delegate(inner, {
        postComment: (draft: CommentDraft, options?: { signal?: AbortSignal }) =>
          inner.postComment(draft, options).catch((error: ProviderError) => {
            throw error.code === 'validation' ? new ProviderError('validation', error.message) : error;
          }),
      }),
  },
  {
    name: 'ignores the abort signal',
    fails: ['abort'],
    says: 'listComments with an aborted signal: expected a rejection',
    make: (inner) =>
      delegate(inner, {
        listComments: (threadId: string, { signal: _signal, ...options }: ListOptions = {}) => inner.listComments(threadId, options),
        postComment: (draft: CommentDraft) => inner.postComment(draft),
      }),
  },
  {
    name: 'rejects a reply to a missing comment with a code outside the contract',
    fails: ['error-codes'],
    says: "the rejection must be an object with one of the contract's codes",
    make: (inner) =>
      delegate(inner, {
        postComment: (draft: CommentDraft, options?: { signal?: AbortSignal }) =>
          inner.postComment(draft, options).catch((error: ProviderError) => {
            throw error.code === 'not_found' ? Object.assign(new Error('No parent.'), { code: 'missing_parent' }) : error;
          }),
      }),
  },
  {
    name: 'rejects posts to a closed thread as "forbidden"',
    fails: ['closed', 'thread-settings'],
    says: 'expected code closed, got "forbidden"',
    make: (inner) =>
      delegate(inner, {
        postComment: (draft: CommentDraft, options?: { signal?: AbortSignal }) =>
          inner.postComment(draft, options).catch((error: ProviderError) => {
            throw error.code === 'closed' ? new ProviderError('forbidden', 'Closed.') : error;
          }),
      }),
  },
  {
    name: 'threadInfo answers closed as a string',
    fails: ['thread-info'],
    says: 'closed must be a boolean when present',
    make: (inner) =>
      delegate(inner, {
        threadInfo: async (threadId: string) => {
          const info = await inner.threadInfo(threadId);
          return { ...info, closed: info.closed ? true : 'no' };
        },
      }),
  },
  {
    name: 'subscribe never delivers',
    fails: ['subscribe'],
    says: 'no "added" change for comment',
    make: (inner) => delegate(inner, { subscribe: () => () => {} }),
  },
  {
    name: 'subscribe keeps delivering after unsubscribing',
    fails: ['subscribe'],
    says: 'a listener must hear nothing after unsubscribing',
    make: (inner) => delegate(inner, { subscribe: (threadId: string, listener: (change: CommentChange) => void) => (inner.subscribe(threadId, listener), () => {}) }),
  },
  {
    name: 'subscribe is a flag, not a method (a shape outside the contract)',
    fails: ['subscribe'],
    says: 'subscribe must be a method or absent, got true',
    make: (inner) => delegate(inner, { subscribe: true }),
  },
  {
    name: 'an edit carries no editedAt',
    fails: ['edit'],
    says: 'an edited record carries editedAt',
    make: (inner) =>
      delegate(inner, {
        updateComment: async (id: string, body: string) => {
          const { editedAt: _editedAt, ...record } = await inner.updateComment(id, body);
          return record;
        },
      }),
  },
  {
    name: 'drops the replies of a deleted comment (orphans)',
    fails: ['delete'],
    says: 'the reply to a deleted comment is still listed',
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options?: ListOptions) => {
          const listed = await inner.listComments(threadId, options);
          const deleted = new Set(inner.records.filter((record) => record.status === 'deleted').map((record) => record.id));
          return { ...listed, comments: listed.comments.filter((record) => !record.parentId || !deleted.has(record.parentId)) };
        },
      }),
  },
  {
    name: 'a reaction cannot be taken back',
    fails: ['react'],
    says: 'reacting again takes it back',
    make: (inner) => {
      const liked = new Map<string, CommentRecord>();
      return delegate(inner, {
        react: async (id: string, reaction: string) => {
          if (!liked.has(id)) liked.set(id, await inner.react(id, reaction));
          return liked.get(id);
        },
      });
    },
  },
  {
    name: 'report accepts a comment that does not exist',
    fails: ['report', 'moderation-private'],
    says: 'reporting a missing comment: expected a rejection',
    make: (inner) => delegate(inner, { report: async () => {} }),
  },
  {
    name: 'signIn answers another option',
    fails: ['identity'],
    says: 'optionId of the signed-in identity',
    make: (inner) => delegate(inner, { signIn: async (optionId: string) => ({ ...(await inner.signIn(optionId)), optionId: 'someone-else' }) }),
  },
  {
    name: 'answers moderation members to a reader who does not moderate',
    fails: ['moderation-forbidden'],
    says: 'listModerationQueue by a reader who does not moderate: expected a rejection',
    make: (inner) => {
      const view = inner.moderatorView();
      return delegate(inner, {
        listModerationQueue: view.listModerationQueue,
        moderateComment: view.moderateComment,
        banAuthor: view.banAuthor,
        unbanAuthor: view.unbanAuthor,
        updateThreadSettings: view.updateThreadSettings,
      });
    },
  },
  {
    name: 'keeps no audit log of moderation',
    fails: ['moderation-log'],
    says: 'the audit entries of comment',
    make: (inner) => inner,
    moderator: (view) => override(view, { listModerationLog: async () => ({ entries: [], nextCursor: null }) }),
  },
  {
    name: 'approves without publishing',
    // Its audit log tells the truth (a hold), so the log's check fails too.
    fails: ['moderation-approve', 'moderation-log'],
    says: 'an approved comment must be listed to readers',
    make: (inner) => inner,
    moderator: (view) =>
      override(view, {
        moderateComment: async (id: string, action: ModerationAction) => {
          const item = await view.moderateComment!(id, action === 'approve' ? 'hold' : action);
          return action === 'approve' ? { ...item, status: 'approved' } : item;
        },
      }),
  },
  {
    name: 'marks spam without hiding it from readers',
    fails: ['moderation-remove', 'moderation-log'],
    says: 'a comment marked spam must not be listed to readers',
    make: (inner) => inner,
    moderator: (view) =>
      override(view, {
        moderateComment: async (id: string, action: ModerationAction) => {
          const item = await view.moderateComment!(id, action === 'spam' ? 'approve' : action);
          return action === 'spam' ? { ...item, queue: 'spam' } : item;
        },
      }),
  },
  {
    name: 'cannot undo (restore does nothing)',
    fails: ['moderation-remove'],
    says: 'restore must undo spam and delete',
    make: (inner) => inner,
    moderator: (view) =>
      override(view, {
        moderateComment: async (id: string, action: ModerationAction) => {
          if (action !== 'restore') return view.moderateComment!(id, action);
          const page = await view.listModerationQueue!({ limit: 1000 });
          return page.items.find((item) => item.id === id);
        },
      }),
  },
  {
    name: 'pages the queue oldest first',
    fails: ['moderation-queue'],
    says: 'the queue, newest first across pages',
    make: (inner) => inner,
    moderator: (view) =>
      override(view, {
        listModerationQueue: async (options: ModerationQueueOptions = {}) => {
          const all = (await view.listModerationQueue!({ ...options, cursor: null, limit: 1000 })).items.reverse();
          const offset = Number(options.cursor ?? 0);
          const limit = options.limit ?? 20;
          return { items: all.slice(offset, offset + limit), total: all.length, nextCursor: offset + limit < all.length ? String(offset + limit) : null };
        },
      }),
  },
  {
    name: "lists the moderator's details to readers",
    fails: ['moderation-private'],
    says: `a reader's listComments record must not carry "moderation"`,
    make: (inner) =>
      delegate(inner, {
        listComments: async (threadId: string, options?: ListOptions) => {
          const listed = await inner.listComments(threadId, options);
          const queue = await inner.moderatorView().listModerationQueue!({ threadId, limit: 1000 });
          const details = new Map(queue.items.map((item) => [item.id, item.moderation]));
          return { ...listed, comments: listed.comments.map((record) => (details.has(record.id) ? { ...record, moderation: details.get(record.id) } : record)) };
        },
      }),
  },
  {
    name: 'answers a ban but never enforces it',
    fails: ['moderation-ban'],
    says: 'posting as a banned author: expected a rejection',
    make: (inner) => inner,
    moderator: (view) => override(view, { banAuthor: async () => ({ id: 'ban-never', createdAt: new Date().toISOString() }) }),
  },
  {
    name: 'answers closed but never closes the thread',
    fails: ['thread-settings'],
    says: "closed in the reader's threadInfo",
    make: (inner) => inner,
    moderator: (view) =>
      override(view, {
        updateThreadSettings: async (threadId: string, settings: ThreadSettings) => ({ ...(await view.threadInfo!(threadId)), ...settings }),
      }),
  },
];
