/**
 * The rules every provider keeps: listing, paging, order, the record shape,
 * held comments, posting, replies, idempotency, validation, aborting, error
 * codes and closed threads.
 */
import type { CommentRecord } from '../types.js';
import {
  assert,
  assertEqual,
  checkRecord,
  expectRejection,
  listAll,
  show,
  unique,
  type CheckDefinition,
} from './support.js';

export const CORE_CHECKS: CheckDefinition[] = [
  {
    id: 'empty-thread',
    title: 'a thread without comments lists none, with no next cursor',
    run: async ({ createProvider, newThread }) => {
      const provider = await createProvider();
      const page = await provider.listComments(await newThread(), { limit: 10 });
      assert(page && Array.isArray(page.comments), `listComments must answer { comments: [...] }, got ${show(page)}`);
      assertEqual(page.comments.length, 0, 'comments of a new thread');
      assert(!page.nextCursor, `nextCursor of an empty thread must be null or absent, got ${show(page.nextCursor)}`);
      assert(page.total === undefined || page.total === 0, `total of an empty thread must be 0 when given, got ${show(page.total)}`);
    },
  },
  {
    id: 'paging',
    title: 'limit caps each page; the cursors walk every record once; total counts them all',
    run: async ({ createProvider, threadWithConversation }) => {
      const provider = await createProvider();
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
    },
  },
  {
    id: 'order',
    title: 'order="oldest" and "newest" sort the top-level comments by time across pages',
    run: async ({ createProvider, threadWithConversation }) => {
      const provider = await createProvider();
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
    },
  },
  {
    id: 'record-shape',
    title: "listed records have the contract's shape and belong to the thread",
    run: async ({ createProvider, threadWithConversation }) => {
      const provider = await createProvider();
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
    },
  },
  {
    id: 'held',
    title: 'a comment held for moderation reaches no reader but its author: not listed, not counted',
    needs: { hook: 'seed' },
    run: async ({ createProvider, newThread, seed }) => {
      const provider = await createProvider();
      const threadId = await newThread();
      const tag = unique('held');
      const at = (minute: number) => new Date(Date.parse('2020-06-01T10:00:00Z') + minute * 60_000).toISOString();
      const record = (key: string, parentId: string | null, minute: number, status: 'approved' | 'pending'): CommentRecord => ({
        id: `${tag}-${key}`,
        threadId,
        parentId,
        author: { name: `Author ${key}` },
        body: `${status === 'pending' ? 'Held for moderation' : 'Published'} ${key} (${tag})`,
        createdAt: at(minute),
        status,
      });
      const published = record('published', null, 0, 'approved');
      // Someone else's comments (no viewerIsAuthor), held: a top-level one and a reply.
      await seed!(threadId, [published, record('held', null, 1, 'pending'), record('held-reply', published.id, 2, 'pending')]);
      const { pages, records: listed } = await listAll(provider, threadId);
      const leaked = listed.filter((each) => each.status === 'pending' || each.body.includes('Held for moderation'));
      assert(leaked.length === 0, `a comment held for moderation was listed to a reader who did not write it: ${show(leaked.map((each) => each.id))}`);
      assertEqual(listed.map((each) => each.id), [published.id], 'the listed records');
      for (const [index, page] of pages.entries()) {
        assert(page.total === undefined || page.total === 1, `total on page ${index + 1} must count the published comment only (1), got ${show(page.total)}`);
      }
    },
  },
  {
    id: 'post',
    title: 'postComment answers the stored record, which the thread then lists',
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
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
    },
  },
  {
    id: 'reply',
    title: 'a reply is stored under its parent',
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
      const threadId = await newThread();
      const parent = await provider.postComment(draft(threadId, unique('Parent')));
      const reply = await provider.postComment(draft(threadId, unique('Reply'), parent.id));
      checkRecord(reply, 'the reply');
      assertEqual(reply.parentId, parent.id, 'parentId of the reply');
      if (reply.status !== 'pending') {
        const { records: listed } = await listAll(provider, threadId);
        assertEqual(listed.find((each) => each.id === reply.id)?.parentId, parent.id, 'parentId of the listed reply');
      }
    },
  },
  {
    id: 'idempotency',
    title: 'the same idempotency key twice stores one comment',
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
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
    },
  },
  {
    id: 'validation',
    title: 'an empty body or a guest without a name is a validation error with field errors',
    run: async ({ createProvider, newThread, draft, guest }) => {
      const provider = await createProvider();
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
    },
  },
  {
    id: 'abort',
    title: 'an aborted signal rejects with "aborted" and stores nothing',
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
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
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        call.then(
          () => 'resolved',
          (error: { code?: unknown }) => `rejected:${String(error?.code)}`,
        ),
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('hung'), 3000))),
      ]).finally(() => clearTimeout(timer));
      assert(outcome !== 'hung', 'a call aborted in flight must settle within 3 s');
      assert(outcome === 'resolved' || outcome === 'rejected:aborted', `a call aborted in flight rejects with "aborted", got ${outcome}`);
    },
  },
  {
    id: 'error-codes',
    title: 'a reply to a comment that does not exist rejects with a contract code',
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
      const threadId = await newThread();
      await expectRejection(
        provider.postComment(draft(threadId, unique('Orphan'), unique('no-such-comment'))),
        ['not_found', 'validation'],
        'replying to a missing comment',
      );
    },
  },
  {
    id: 'closed',
    title: 'posting to a closed thread rejects with "closed"',
    needs: { hook: 'closeThread' },
    run: async ({ createProvider, newThread, draft, closeThread }) => {
      const provider = await createProvider();
      const threadId = await newThread();
      await closeThread!(threadId);
      if (typeof provider.threadInfo === 'function') assertEqual((await provider.threadInfo(threadId)).closed, true, 'threadInfo(closed thread).closed');
      await expectRejection(provider.postComment(draft(threadId, unique('Too late'))), ['closed'], 'posting to a closed thread');
    },
  },
];
