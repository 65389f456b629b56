/**
 * The provider conformance kit: the data-provider contract as a set of
 * `describe`/`it` checks, for anyone writing a provider for their own backend.
 *
 * ```ts
 * import { runProviderConformance } from 'comment-thread/testing';
 * runProviderConformance({
 *   name: 'MyBackendProvider',
 *   createProvider: () => new MyBackendProvider('https://api.example.com'),
 *   seed: (threadId, records) => myBackend.insert(threadId, records),   // optional
 * });
 * ```
 *
 * It runs under any test framework with mocha-style globals (mocha,
 * web-test-runner, Jest, Vitest with globals) or the `describe`/`it` you pass.
 * Every check uses a thread of its own, so a shared backend needs no reset.
 * Optional members (`subscribe`, identity, `threadInfo`, edit, delete, react,
 * report) are exercised when the provider has them; when it does not, the
 * check only confirms they are absent (`undefined`), as the elements expect.
 */
import { PROVIDER_ERROR_CODES } from '../errors.js';
import type {
  CommentChange,
  CommentDataProvider,
  CommentDraft,
  CommentRecord,
  GuestDetails,
  Identity,
  ProviderErrorCode,
} from '../types.js';

/** The checks by id; pass ids in `exclude` to leave some out on purpose. */
export const CONFORMANCE_CHECKS = [
  'empty-thread',
  'paging',
  'order',
  'record-shape',
  'post',
  'reply',
  'idempotency',
  'validation',
  'abort',
  'error-codes',
  'thread-info',
  'closed',
  'subscribe',
  'identity',
  'edit',
  'delete',
  'react',
  'report',
] as const;

export type ConformanceCheck = (typeof CONFORMANCE_CHECKS)[number];

type TestBody = () => Promise<void> | void;

export interface ConformanceOptions {
  /** Shown in the outer `describe`. Default "provider conformance". */
  name?: string;
  /** A provider to check; called once per check. */
  createProvider: () => CommentDataProvider | Promise<CommentDataProvider>;
  /**
   * Stores `records` in the backend exactly as given (ids, parents, times,
   * approved). Without it the kit creates its data with `postComment`, which
   * a backend that holds guest comments for moderation cannot list.
   */
  seed?: (threadId: string, records: CommentRecord[]) => Promise<void>;
  /** Closes a thread for new comments: turns on the `closed` check. */
  closeThread?: (threadId: string) => Promise<void>;
  /** A fresh thread id (or a new post on backends whose threads must exist). Default `conformance-<random>`. */
  newThreadId?: () => string | Promise<string>;
  /** Who posts, as a guest. Default `{ name: 'Conformance Guest', email: 'guest@example.com' }`. */
  guest?: GuestDetails;
  /**
   * True when two providers from `createProvider` talk to the same backend:
   * the `subscribe` check then posts through one and listens on the other,
   * as two readers would.
   */
  sharedBackend?: boolean;
  /** Milliseconds a live update may take to arrive. Default 5000. */
  liveTimeout?: number;
  /** Checks left out on purpose (say why in your test file). */
  exclude?: ConformanceCheck[];
  /** The test functions; default the global `describe` and `it`. */
  describe?: (name: string, body: () => void) => void;
  it?: (name: string, body: TestBody) => void;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(PROVIDER_ERROR_CODES);

/** A failed check: the message says what the contract expects. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function assertEqual(actual: unknown, expected: unknown, message: string): void {
  assert(show(actual) === show(expected), `${message}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Awaits a rejection and checks it carries a known `code`, one of `allowed`. */
async function expectRejection(
  promise: Promise<unknown>,
  allowed: readonly ProviderErrorCode[],
  what: string,
): Promise<{ code: ProviderErrorCode; fieldErrors?: Record<string, string> }> {
  let settled: unknown;
  try {
    settled = await promise;
  } catch (thrown) {
    const error = thrown as { code?: unknown; fieldErrors?: Record<string, string> } | null;
    assert(
      error !== null && typeof error === 'object' && typeof error.code === 'string' && KNOWN_CODES.has(error.code),
      `${what}: the rejection must be an object with one of the contract's codes, got ${show(thrown)} (${String(thrown)})`,
    );
    const code = error.code as ProviderErrorCode;
    assert(allowed.includes(code), `${what}: expected code ${allowed.join(' or ')}, got "${code}"`);
    return { code, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  throw new ConformanceError(`${what}: expected a rejection, but it resolved with ${show(settled)}`);
}

function isIsoDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The record shape of the contract; `where` names the record in messages. */
function checkRecord(record: CommentRecord, where: string): void {
  assert(record !== null && typeof record === 'object', `${where}: a record must be an object`);
  assert(typeof record.id === 'string' && record.id.length > 0, `${where}: id must be a non-empty string`);
  assert(typeof record.threadId === 'string', `${where}: threadId must be a string`);
  assert(record.parentId === null || typeof record.parentId === 'string', `${where}: parentId must be a string or null`);
  assert(record.author !== null && typeof record.author === 'object', `${where}: author must be an object`);
  assert(typeof record.author.name === 'string', `${where}: author.name must be a string`);
  for (const key of ['url', 'avatarUrl'] as const) {
    assert(record.author[key] === undefined || typeof record.author[key] === 'string', `${where}: author.${key} must be a string when present`);
  }
  assert(typeof record.body === 'string', `${where}: body must be a string`);
  assert(record.bodyFormat === undefined || record.bodyFormat === 'markdown' || record.bodyFormat === 'html', `${where}: bodyFormat must be markdown or html`);
  assert(isIsoDate(record.createdAt), `${where}: createdAt must be an ISO 8601 date, got ${show(record.createdAt)}`);
  assert(record.editedAt === undefined || isIsoDate(record.editedAt), `${where}: editedAt must be an ISO 8601 date when present`);
  assert(
    record.status === undefined || ['approved', 'pending', 'deleted'].includes(record.status),
    `${where}: status must be approved, pending or deleted, got ${show(record.status)}`,
  );
}

/**
 * Whether the provider offers an optional member. Absent means `undefined`
 * (the elements test the member before calling it); anything else must be a function.
 */
function offers<K extends keyof CommentDataProvider>(
  provider: CommentDataProvider,
  member: K,
): provider is CommentDataProvider & Required<Pick<CommentDataProvider, K>> {
  const value = (provider as unknown as Record<string, unknown>)[member];
  if (value === undefined) return false;
  assert(typeof value === 'function', `${member} must be a method or absent, got ${show(value)}`);
  return true;
}

let counter = 0;
/** Unique text for bodies and keys, so a check finds exactly its own comments. */
function unique(prefix: string): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Every record of a thread, page by page; fails on a cursor loop. */
async function listAll(provider: CommentDataProvider, threadId: string, order: 'oldest' | 'newest' = 'oldest', limit = 50) {
  const pages: { comments: CommentRecord[]; total?: number; nextCursor?: string | null }[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const page = await provider.listComments(threadId, { cursor, limit, order });
    assert(page && Array.isArray(page.comments), `listComments must answer { comments: [...] }, got ${show(page)}`);
    pages.push(page);
    cursor = page.nextCursor ?? null;
    if (!cursor) return { pages, records: pages.flatMap((each) => each.comments) };
  }
  throw new ConformanceError('listComments: the cursors never ended (200 pages)');
}

/**
 * The seeded conversation: four top-level comments, two with replies, one
 * reply to a reply; times one minute apart in this order.
 */
function conversation(threadId: string): CommentRecord[] {
  const tag = unique('c');
  const base = Date.parse('2020-05-01T10:00:00Z');
  const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
  const make = (key: string, parent: string | null, minute: number): CommentRecord => ({
    id: `${tag}-${key}`,
    threadId,
    parentId: parent ? `${tag}-${parent}` : null,
    author: { name: `Author ${key}` },
    body: `Seeded comment ${key} (${tag})`,
    createdAt: at(minute),
    status: 'approved',
  });
  return [
    make('t1', null, 0),
    make('r1', 't1', 1),
    make('t2', null, 2),
    make('r2', 't2', 3),
    make('t3', null, 4),
    make('rr2', 'r2', 5),
    make('t4', null, 6),
  ];
}

/**
 * Registers the contract's checks as `describe`/`it` blocks. Optional members
 * (`subscribe`, identity, `threadInfo`) are checked when the provider has them.
 */
export function runProviderConformance(options: ConformanceOptions): void {
  const globals = globalThis as unknown as { describe?: ConformanceOptions['describe']; it?: ConformanceOptions['it'] };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) throw new Error('runProviderConformance needs describe() and it(): run it under a test framework or pass them.');
  const guest = options.guest ?? { name: 'Conformance Guest', email: 'guest@example.com' };
  const liveTimeout = options.liveTimeout ?? 5000;
  const excluded = new Set(options.exclude ?? []);
  const check = (id: ConformanceCheck, title: string, body: TestBody) => {
    if (!excluded.has(id)) it(`${id}: ${title}`, body);
  };
  const newThread = async () => (options.newThreadId ? await options.newThreadId() : unique('conformance'));
  const draft = (threadId: string, text: string, parentId: string | null = null): CommentDraft => ({
    threadId,
    parentId,
    body: text,
    idempotencyKey: unique('key'),
    guest: { ...guest },
  });

  /** A thread holding the seeded conversation, by the hook or by posting it. Returns what the backend stored. */
  async function threadWithConversation(provider: CommentDataProvider) {
    const threadId = await newThread();
    const planned = conversation(threadId);
    if (options.seed) {
      await options.seed(threadId, planned);
      return { threadId, records: planned, seeded: true };
    }
    const ids = new Map<string, string>();
    const stored: CommentRecord[] = [];
    for (const record of planned) {
      const parentId = record.parentId ? ids.get(record.parentId)! : null;
      const created = await provider.postComment(draft(threadId, record.body, parentId));
      ids.set(record.id, created.id);
      stored.push(created);
      // Distinct creation times, so the order checks mean something.
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    return { threadId, records: stored, seeded: false };
  }

  describe(options.name ?? 'provider conformance', () => {
    check('empty-thread', 'a thread without comments lists none, with no next cursor', async () => {
      const provider = await options.createProvider();
      const page = await provider.listComments(await newThread(), { limit: 10 });
      assert(page && Array.isArray(page.comments), `listComments must answer { comments: [...] }, got ${show(page)}`);
      assertEqual(page.comments.length, 0, 'comments of a new thread');
      assert(!page.nextCursor, `nextCursor of an empty thread must be null or absent, got ${show(page.nextCursor)}`);
      assert(page.total === undefined || page.total === 0, `total of an empty thread must be 0 when given, got ${show(page.total)}`);
    });

    check('paging', 'limit caps each page; the cursors walk every record once; total counts them all', async () => {
      const provider = await options.createProvider();
      const { threadId, records } = await threadWithConversation(provider);
      const expected = records.map((record) => record.id).sort();
      for (const limit of [3, 1]) {
        const { pages, records: listed } = await listAll(provider, threadId, 'oldest', limit);
        for (const [index, page] of pages.entries()) {
          assert(page.comments.length <= limit, `page ${index + 1} has ${page.comments.length} records, more than limit ${limit}`);
          assert(page.total === undefined || page.total === records.length, `total on page ${index + 1} must be ${records.length}, got ${show(page.total)}`);
        }
        assert(pages.length >= Math.ceil(records.length / limit), `${records.length} records at limit ${limit} need at least ${Math.ceil(records.length / limit)} pages, got ${pages.length}`);
        const ids = listed.map((record) => record.id);
        assertEqual(new Set(ids).size, ids.length, `no record may come twice (limit ${limit})`);
        assertEqual([...ids].sort(), expected, `the pages together hold every record (limit ${limit})`);
      }
      const whole = await provider.listComments(threadId, { limit: 50 });
      assertEqual(whole.comments.length, records.length, 'one page with a large limit holds every record');
      assert(!whole.nextCursor, 'a page that holds the rest must have no next cursor');
    });

    check('order', 'order="oldest" and "newest" sort the top-level comments by time across pages', async () => {
      const provider = await options.createProvider();
      const { threadId, records, seeded } = await threadWithConversation(provider);
      const tops = records.filter((record) => record.parentId === null).map((record) => record.id);
      for (const order of ['oldest', 'newest'] as const) {
        const { records: listed } = await listAll(provider, threadId, order, 2);
        const listedTops = listed.filter((record) => record.parentId === null);
        const times = listedTops.map((record) => Date.parse(record.createdAt));
        for (let i = 1; i < times.length; i++) {
          const inOrder = order === 'oldest' ? times[i - 1] <= times[i] : times[i - 1] >= times[i];
          assert(inOrder, `order "${order}": top-level comment ${i + 1} (${listedTops[i].createdAt}) is out of order after ${listedTops[i - 1].createdAt}`);
        }
        if (seeded) {
          assertEqual(listedTops.map((record) => record.id), order === 'oldest' ? tops : [...tops].reverse(), `top-level ids in order "${order}"`);
        }
      }
    });

    check('record-shape', 'listed records have the contract\'s shape and belong to the thread', async () => {
      const provider = await options.createProvider();
      const { threadId, records } = await threadWithConversation(provider);
      const { records: listed } = await listAll(provider, threadId);
      for (const record of listed) {
        checkRecord(record, `record ${record?.id}`);
        assertEqual(record.threadId, threadId, `threadId of record ${record.id}`);
      }
      const byId = new Map(listed.map((record) => [record.id, record]));
      for (const record of records) {
        assertEqual(byId.get(record.id)?.parentId ?? null, record.parentId, `parentId of record ${record.id}`);
      }
    });

    check('post', 'postComment answers the stored record, which the thread then lists', async () => {
      const provider = await options.createProvider();
      const threadId = await newThread();
      const text = unique('Posted by the conformance kit');
      const record = await provider.postComment(draft(threadId, text));
      checkRecord(record, 'the posted record');
      assertEqual(record.threadId, threadId, 'threadId of the posted record');
      assertEqual(record.parentId, null, 'parentId of a top-level post');
      assert(record.body.includes(text), `the posted record's body must hold the text sent, got ${show(record.body)}`);
      assert(record.author.name.length > 0, 'the posted record must name its author');
      if (record.status === 'pending') {
        assert(record.viewerIsAuthor === true, 'a pending record answered to its author must be marked viewerIsAuthor');
        return;
      }
      const { records: listed } = await listAll(provider, threadId);
      assert(listed.some((each) => each.id === record.id), `the thread must list the posted record ${record.id}`);
    });

    check('reply', 'a reply is stored under its parent', async () => {
      const provider = await options.createProvider();
      const threadId = await newThread();
      const parent = await provider.postComment(draft(threadId, unique('Parent')));
      const reply = await provider.postComment(draft(threadId, unique('Reply'), parent.id));
      checkRecord(reply, 'the reply');
      assertEqual(reply.parentId, parent.id, 'parentId of the reply');
      if (reply.status !== 'pending') {
        const { records: listed } = await listAll(provider, threadId);
        assertEqual(listed.find((each) => each.id === reply.id)?.parentId, parent.id, 'parentId of the listed reply');
      }
    });

    check('idempotency', 'the same idempotency key twice stores one comment', async () => {
      const provider = await options.createProvider();
      const threadId = await newThread();
      const text = unique('Posted twice with one key');
      const once = draft(threadId, text);
      const first = await provider.postComment(once);
      let second: CommentRecord | undefined;
      try {
        second = await provider.postComment({ ...once });
      } catch (thrown) {
        // A backend that cannot honour keys reports `conflict` (the element then finds the stored one).
        assertEqual((thrown as { code?: unknown })?.code, 'conflict', 'a repeated key either answers the stored comment or rejects');
      }
      if (second) assertEqual(second.id, first.id, 'the repeat must answer the first comment');
      const { records: listed } = await listAll(provider, threadId);
      const copies = listed.filter((record) => record.body.includes(text));
      assert(copies.length <= 1, `the thread lists ${copies.length} copies of one comment`);
      if (first.status !== 'pending') assertEqual(copies.length, 1, 'copies of the comment');
    });

    check('validation', 'an empty body or a guest without a name is a validation error with field errors', async () => {
      const provider = await options.createProvider();
      const threadId = await newThread();
      const empty = await expectRejection(provider.postComment({ ...draft(threadId, '   ') }), ['validation'], 'posting an empty body');
      assert(typeof empty.fieldErrors?.body === 'string' && empty.fieldErrors.body.length > 0, `fieldErrors.body must explain an empty body, got ${show(empty.fieldErrors)}`);
      const nameless = await expectRejection(
        provider.postComment({ ...draft(threadId, unique('No name')), guest: { name: '', email: guest.email ?? '' } }),
        ['validation'],
        'posting as a guest without a name',
      );
      assert(typeof nameless.fieldErrors?.name === 'string' && nameless.fieldErrors.name.length > 0, `fieldErrors.name must explain a missing name, got ${show(nameless.fieldErrors)}`);
      const { records: listed } = await listAll(provider, threadId);
      assertEqual(listed.length, 0, 'records stored by rejected posts');
    });

    check('abort', 'an aborted signal rejects with "aborted" and stores nothing', async () => {
      const provider = await options.createProvider();
      const threadId = await newThread();
      const before = AbortSignal.abort();
      await expectRejection(provider.listComments(threadId, { signal: before }), ['aborted'], 'listComments with an aborted signal');
      const text = unique('Never stored');
      await expectRejection(provider.postComment(draft(threadId, text), { signal: before }), ['aborted'], 'postComment with an aborted signal');
      const { records: listed } = await listAll(provider, threadId);
      assert(!listed.some((record) => record.body.includes(text)), 'a post aborted before it started must store nothing');

      // Aborted in flight: the call settles promptly; if it rejects, it says `aborted`.
      const controller = new AbortController();
      const call = provider.listComments(threadId, { signal: controller.signal });
      controller.abort();
      const outcome = await Promise.race([
        call.then(
          () => 'resolved',
          (error: { code?: unknown }) => `rejected:${String(error?.code)}`,
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 3000)),
      ]);
      assert(outcome !== 'hung', 'a call aborted in flight must settle within 3 s');
      assert(outcome === 'resolved' || outcome === 'rejected:aborted', `a call aborted in flight rejects with "aborted", got ${outcome}`);
    });

    check('error-codes', 'a reply to a comment that does not exist rejects with a contract code', async () => {
      const provider = await options.createProvider();
      const threadId = await newThread();
      await expectRejection(
        provider.postComment(draft(threadId, unique('Orphan'), unique('no-such-comment'))),
        ['not_found', 'validation'],
        'replying to a missing comment',
      );
    });

    check('thread-info', 'threadInfo, when offered, answers the ThreadInfo shape', async () => {
      const provider = await options.createProvider();
      if (!offers(provider, 'threadInfo')) return;
      const info = await provider.threadInfo(await newThread());
      assert(info !== null && typeof info === 'object', `threadInfo must answer an object, got ${show(info)}`);
      assert(info.closed === undefined || typeof info.closed === 'boolean', 'closed must be a boolean when present');
      assert(info.requiresSignIn === undefined || typeof info.requiresSignIn === 'boolean', 'requiresSignIn must be a boolean when present');
      assert(
        info.requiredGuestFields === undefined ||
          (Array.isArray(info.requiredGuestFields) && info.requiredGuestFields.every((field) => field === 'name' || field === 'email')),
        `requiredGuestFields must list "name" and/or "email", got ${show(info.requiredGuestFields)}`,
      );
      assert(!info.closed, 'a new thread must not be closed');
    });

    if (options.closeThread) {
      const closeThread = options.closeThread;
      check('closed', 'posting to a closed thread rejects with "closed"', async () => {
        const provider = await options.createProvider();
        const threadId = await newThread();
        await closeThread(threadId);
        if (provider.threadInfo) assertEqual((await provider.threadInfo(threadId)).closed, true, 'threadInfo(closed thread).closed');
        await expectRejection(provider.postComment(draft(threadId, unique('Too late'))), ['closed'], 'posting to a closed thread');
      });
    }

    check('subscribe', 'subscribe, when offered, delivers a new comment and stops after unsubscribing', async () => {
      const listener = await options.createProvider();
      if (!offers(listener, 'subscribe')) return;
      const poster = options.sharedBackend ? await options.createProvider() : listener;
      const threadId = await newThread();
      // As the element does: list first, then follow.
      await listener.listComments(threadId, { limit: 10 });
      const changes: CommentChange[] = [];
      const stop = listener.subscribe(threadId, (change) => changes.push(change));
      try {
        const text = unique('Live');
        const posted = await poster.postComment(draft(threadId, text));
        assert(posted.status !== 'pending', 'the subscribe check needs a comment that is published at once: approve the guest, or exclude "subscribe"');
        const deadline = Date.now() + liveTimeout;
        let delivered: CommentChange | undefined;
        while (!delivered && Date.now() < deadline) {
          delivered = changes.find((change) => change.type === 'added' && change.comment.id === posted.id);
          if (!delivered) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert(delivered, `no "added" change for comment ${posted.id} within ${liveTimeout} ms`);
        if (delivered.type !== 'removed') {
          checkRecord(delivered.comment, 'the added comment');
          assert(delivered.comment.body.includes(text), 'the added change carries the comment');
        }
      } finally {
        stop();
      }
      const after = unique('After unsubscribe');
      await poster.postComment(draft(threadId, after));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert(
        !changes.some((change) => change.type !== 'removed' && change.comment.body.includes(after)),
        'a listener must hear nothing after unsubscribing',
      );
    });

    check('edit', 'updateComment, when offered, changes the author\'s own comment and marks it edited', async () => {
      const provider = await options.createProvider();
      if (!offers(provider, 'updateComment')) return;
      const threadId = await newThread();
      const original = await provider.postComment(draft(threadId, unique('Before the edit')));
      const text = unique('After the edit');
      const edited = await provider.updateComment(original.id, text);
      checkRecord(edited, 'the edited record');
      assertEqual(edited.id, original.id, 'id of the edited record');
      assert(edited.body.includes(text), `the edited body must hold the new text, got ${show(edited.body)}`);
      assert(isIsoDate(edited.editedAt), `an edited record carries editedAt, got ${show(edited.editedAt)}`);
      if (edited.status !== 'pending') {
        const { records: listed } = await listAll(provider, threadId);
        assert(listed.find((record) => record.id === original.id)?.body.includes(text), 'the thread lists the new text');
      }
      const empty = await expectRejection(provider.updateComment(original.id, '  '), ['validation'], 'editing to an empty body');
      assert(typeof empty.fieldErrors?.body === 'string', `fieldErrors.body must explain an empty edit, got ${show(empty.fieldErrors)}`);
      await expectRejection(provider.updateComment(unique('no-such-comment'), 'x'), ['not_found'], 'editing a missing comment');
    });

    check('delete', 'deleteComment, when offered, removes a comment, or leaves a placeholder that keeps its replies', async () => {
      const provider = await options.createProvider();
      if (!offers(provider, 'deleteComment')) return;
      const threadId = await newThread();
      const alone = await provider.postComment(draft(threadId, unique('Deleted alone')));
      const parent = await provider.postComment(draft(threadId, unique('Deleted parent')));
      const reply = await provider.postComment(draft(threadId, unique('Reply stays'), parent.id));
      await provider.deleteComment(alone.id);
      await provider.deleteComment(parent.id);
      const { records: listed } = await listAll(provider, threadId);
      const byId = new Map(listed.map((record) => [record.id, record]));
      const gone = byId.get(alone.id);
      assert(!gone || gone.status === 'deleted', `a deleted comment is gone or a placeholder, got ${show(gone)}`);
      if (reply.status !== 'pending') {
        assert(byId.has(reply.id), 'the reply to a deleted comment is still listed');
        const placeholder = byId.get(parent.id);
        assert(!placeholder || placeholder.status === 'deleted', `a deleted parent is a placeholder, got ${show(placeholder)}`);
        if (placeholder) assert(!placeholder.body.includes('Deleted parent'), 'a placeholder shows none of the deleted text');
      }
      await expectRejection(provider.deleteComment(unique('no-such-comment')), ['not_found'], 'deleting a missing comment');
    });

    check('react', 'react, when offered, toggles the reader\'s reaction', async () => {
      const provider = await options.createProvider();
      if (!offers(provider, 'react')) return;
      const threadId = await newThread();
      const reaction = (provider.threadInfo ? (await provider.threadInfo(threadId)).reactions?.[0] : undefined) ?? 'like';
      const record = await provider.postComment(draft(threadId, unique('Liked')));
      const liked = await provider.react(record.id, reaction);
      checkRecord(liked, 'the reacted record');
      assertEqual(liked.reactions?.[reaction], { count: 1, mine: true }, `reactions["${reaction}"] after reacting`);
      const unliked = await provider.react(record.id, reaction);
      assert((unliked.reactions?.[reaction]?.count ?? 0) === 0 && !unliked.reactions?.[reaction]?.mine, `reacting again takes it back, got ${show(unliked.reactions)}`);
      await expectRejection(provider.react(unique('no-such-comment'), reaction), ['not_found'], 'reacting to a missing comment');
    });

    check('report', 'report, when offered, takes a reason and refuses a missing comment', async () => {
      const provider = await options.createProvider();
      if (!offers(provider, 'report')) return;
      const threadId = await newThread();
      const record = await provider.postComment(draft(threadId, unique('Reported')));
      await provider.report(record.id, 'spam');
      await expectRejection(provider.report(unique('no-such-comment'), 'spam'), ['not_found'], 'reporting a missing comment');
    });

    check('identity', 'identity members, when offered: options, sign-in, current identity, sign-out', async () => {
      const provider = await options.createProvider();
      if (!offers(provider, 'identityOptions')) return;
      const choices = await provider.identityOptions();
      assert(Array.isArray(choices), `identityOptions must answer an array, got ${show(choices)}`);
      for (const option of choices) {
        assert(typeof option.id === 'string' && option.id, `option ${show(option)}: id must be a non-empty string`);
        assert(typeof option.label === 'string' && option.label, `option ${show(option)}: label must be a non-empty string`);
        assert(option.kind === 'guest' || option.kind === 'oauth', `option ${show(option)}: kind must be guest or oauth`);
      }
      const oauth = choices.find((option) => option.kind === 'oauth');
      if (!offers(provider, 'signIn') || !oauth) return;
      await expectRejection(provider.signIn(unique('no-such-option')), ['not_found', 'validation'], 'signing in with an unknown option');
      const heard: (Identity | null)[] = [];
      const stopListening = provider.onIdentityChange?.((identity) => heard.push(identity));
      try {
        const identity = await provider.signIn(oauth.id);
        assertEqual(identity.optionId, oauth.id, 'optionId of the signed-in identity');
        assert(typeof identity.name === 'string' && identity.name.length > 0, 'the signed-in identity must have a name');
        if (provider.currentIdentity) assertEqual((await provider.currentIdentity())?.optionId, oauth.id, 'currentIdentity after signIn');
        if (stopListening) assertEqual(heard.at(-1)?.optionId, oauth.id, 'onIdentityChange after signIn');
      } finally {
        await provider.signOut?.();
        stopListening?.();
      }
      if (provider.signOut) {
        if (provider.currentIdentity) assertEqual(await provider.currentIdentity(), null, 'currentIdentity after signOut');
        if (stopListening) assertEqual(heard.at(-1), null, 'onIdentityChange after signOut');
      }
    });
  });
}
