/**
 * The rules for the contract's moderation members: non-moderators are refused, approving
 * publishes, spam and delete hide, restore undoes, the queue pages newest first, bans and thread
 * settings take effect, and nothing only moderators may see reaches a reader's listing. Each is
 * registered only when the provider has the member (and the options the hooks it needs).
 */
import type { CommentDataProvider, CommentRecord, ModerationItem, ModerationQueue } from '../types.js';
import { assert, assertEqual, checkRecord, expectRejection, listAll, show, unique, type CheckContext, type CheckDefinition } from './support.js';

/** A record of `threadId` seeded as the hook stores it, `minute` minutes after a fixed time. */
function seeded(threadId: string, key: string, minute: number, status: CommentRecord['status'] = 'approved'): CommentRecord {
  return {
    id: unique(`mod-${key}`),
    threadId,
    parentId: null,
    author: { name: `Author ${key}` },
    body: `Moderation check comment ${key} (${unique('b')})`,
    createdAt: new Date(Date.parse('2021-03-01T10:00:00Z') + minute * 60_000).toISOString(),
    status,
  };
}

/** The reader's provider and the moderator's on the same backend. */
async function both(context: CheckContext): Promise<{ reader: CommentDataProvider; moderator: CommentDataProvider }> {
  const reader = await context.createProvider();
  const moderator = await context.moderator!(reader);
  return { reader, moderator };
}

/** Every listed id of a thread, as a reader sees it. */
async function readerIds(reader: CommentDataProvider, threadId: string): Promise<string[]> {
  return (await listAll(reader, threadId)).records.map((record) => record.id);
}

/** The whole queue of one thread, page by page. */
async function queueOf(moderator: CommentDataProvider, threadId: string, queues?: ModerationQueue[], limit = 50): Promise<{ items: ModerationItem[]; pages: number; totals: unknown[] }> {
  const items: ModerationItem[] = [];
  const totals: unknown[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 100; pages++) {
    const page = await moderator.listModerationQueue!({ threadId, limit, cursor, ...(queues ? { queues } : {}) });
    assert(page && Array.isArray(page.items), `listModerationQueue must answer { items: [...] }, got ${show(page)}`);
    assert(page.items.length <= limit, `a queue page holds ${page.items.length} items, more than limit ${limit}`);
    items.push(...page.items);
    totals.push(page.total);
    cursor = page.nextCursor ?? null;
    if (!cursor) return { items, pages, totals };
  }
  throw new Error('listModerationQueue: the cursors never ended (100 pages)');
}

function checkItem(item: ModerationItem, where: string): void {
  checkRecord(item, where);
  assert(item.moderation !== null && typeof item.moderation === 'object', `${where}: a moderation item carries its moderator-only details in "moderation"`);
  assert(item.queue === null || ['held', 'reported', 'spam'].includes(item.queue), `${where}: queue must be held, reported, spam or null, got ${show(item.queue)}`);
}

const MODERATION_MEMBERS = ['listModerationQueue', 'moderateComment', 'banAuthor', 'unbanAuthor', 'updateThreadSettings', 'listModerationLog'] as const;

export const MODERATION_CHECKS: CheckDefinition[] = [
  {
    id: 'moderation-forbidden',
    title: 'a reader who does not moderate gets "forbidden" from every moderation member, and changes nothing',
    needs: { member: 'listModerationQueue' },
    run: async ({ createProvider, newThread, draft }) => {
      const reader = await createProvider();
      if (reader.isModerator) assertEqual(await reader.isModerator(), false, 'isModerator() for a plain reader');
      const threadId = await newThread();
      const posted = await reader.postComment(draft(threadId, unique('Not yours to moderate')));
      const calls: Record<(typeof MODERATION_MEMBERS)[number], () => Promise<unknown>> = {
        listModerationQueue: () => reader.listModerationQueue!({ limit: 5 }),
        moderateComment: () => reader.moderateComment!(posted.id, 'spam'),
        banAuthor: () => reader.banAuthor!({ commentId: posted.id }),
        unbanAuthor: () => reader.unbanAuthor!('any-ban'),
        updateThreadSettings: () => reader.updateThreadSettings!(threadId, { closed: true }),
        listModerationLog: () => reader.listModerationLog!({ limit: 5 }),
      };
      for (const member of MODERATION_MEMBERS) {
        if (typeof reader[member] !== 'function') continue;
        await expectRejection(calls[member](), ['forbidden'], `${member} by a reader who does not moderate`);
      }
      assert((await readerIds(reader, threadId)).includes(posted.id), 'a refused "spam" must leave the comment listed');
      const again = await reader.postComment(draft(threadId, unique('Still open')));
      assert(again.id !== posted.id, 'a refused ban or close must leave the reader free to post');
    },
  },
  {
    id: 'moderation-approve',
    title: 'a held comment is in the queue, hidden from readers, and approving it shows it to them',
    needs: { member: 'moderateComment', hooks: ['seed', 'moderator'] },
    run: async (context) => {
      const { reader, moderator } = await both(context);
      if (moderator.isModerator) assertEqual(await moderator.isModerator(), true, "isModerator() for the moderator hook's provider");
      const threadId = await context.newThread();
      const held = seeded(threadId, 'held', 1, 'pending');
      const shown = seeded(threadId, 'shown', 0);
      await context.seed!(threadId, [shown, held]);
      assert(!(await readerIds(reader, threadId)).includes(held.id), 'a held comment must not be listed to readers');
      const { items } = await queueOf(moderator, threadId);
      const item = items.find((candidate) => candidate.id === held.id);
      assert(item, `the held comment must be in the thread's queue, got ${show(items.map((each) => each.id))}`);
      checkItem(item, 'the held item');
      assertEqual(item.queue, 'held', 'queue of the held comment');
      assert(!items.some((candidate) => candidate.id === shown.id), 'an approved, unreported comment is not in the queue');
      const approved = await moderator.moderateComment!(held.id, 'approve');
      checkItem(approved, 'the approved item');
      assert(approved.status === undefined || approved.status === 'approved', `an approved comment's status must be approved, got ${show(approved.status)}`);
      assert((await readerIds(reader, threadId)).includes(held.id), 'an approved comment must be listed to readers');
      assert(!(await queueOf(moderator, threadId)).items.some((candidate) => candidate.id === held.id), 'an approved comment leaves the queue');
    },
  },
  {
    id: 'moderation-remove',
    title: 'spam and delete hide a comment from readers; restore brings it back',
    needs: { member: 'moderateComment', hooks: ['seed', 'moderator'] },
    run: async (context) => {
      const { reader, moderator } = await both(context);
      const threadId = await context.newThread();
      const spam = seeded(threadId, 'spam', 0);
      const gone = seeded(threadId, 'gone', 1);
      await context.seed!(threadId, [spam, gone]);
      await moderator.moderateComment!(spam.id, 'spam');
      await moderator.moderateComment!(gone.id, 'delete');
      const listed = await readerIds(reader, threadId);
      assert(!listed.includes(spam.id), 'a comment marked spam must not be listed to readers');
      assert(!listed.includes(gone.id), 'a comment a moderator deleted must not be listed to readers');
      const spamQueue = (await queueOf(moderator, threadId, ['spam'])).items;
      assert(spamQueue.some((item) => item.id === spam.id && item.queue === 'spam'), `the spam queue must hold the comment marked spam, got ${show(spamQueue.map((item) => item.id))}`);
      assert(!spamQueue.some((item) => item.id === gone.id), 'the spam queue must not hold a deleted comment');
      for (const record of [spam, gone]) await moderator.moderateComment!(record.id, 'restore');
      const back = await readerIds(reader, threadId);
      assert(back.includes(spam.id) && back.includes(gone.id), 'restore must undo spam and delete: both comments listed to readers again');
    },
  },
  {
    id: 'moderation-queue',
    title: "the queue pages newest first, every item once, and one thread's queue holds only that thread",
    needs: { member: 'listModerationQueue', hooks: ['seed', 'moderator'] },
    run: async (context) => {
      const { moderator } = await both(context);
      const threadId = await context.newThread();
      // Seeded out of order: the provider sorts.
      const records = [3, 0, 4, 1, 2].map((minute) => seeded(threadId, `q${minute}`, minute, 'pending'));
      await context.seed!(threadId, records);
      const newestFirst = [...records].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map((record) => record.id);
      const { items, pages, totals } = await queueOf(moderator, threadId, undefined, 2);
      assert(pages >= 3, `5 items at limit 2 need at least 3 pages, got ${pages}`);
      assertEqual(items.map((item) => item.id), newestFirst, 'the queue, newest first across pages');
      for (const total of totals) assert(total === undefined || total === 5, `total of the queue must be 5 when given, got ${show(total)}`);
      for (const item of items) assertEqual(item.threadId, threadId, `threadId of queue item ${item.id}`);
      const other = await queueOf(moderator, await context.newThread());
      assertEqual(other.items.length, 0, "another thread's queue");
    },
  },
  {
    id: 'moderation-private',
    title: "what only moderators see (email, address, reports) reaches the moderator and never a reader's listing",
    needs: { member: 'listModerationQueue', hooks: ['moderator'] },
    run: async (context) => {
      const { reader, moderator } = await both(context);
      const threadId = await context.newThread();
      const email = `${unique('private')}@example.com`;
      const reason = unique('reason');
      const posted = await reader.postComment({ ...context.draft(threadId, unique('Private details')), guest: { ...context.guest, email } });
      if (reader.report) await reader.report(posted.id, reason);
      const { items } = await queueOf(moderator, threadId);
      const item = items.find((candidate) => candidate.id === posted.id);
      if (reader.report) {
        assert(item, `a reported comment must be in the thread's queue, got ${show(items.map((each) => each.id))}`);
        assert(item.moderation.reports?.some((entry) => entry.reason === reason && entry.count >= 1), `the moderator must see the report's reason, got ${show(item.moderation.reports)}`);
      }
      const listed = (await listAll(reader, threadId)).records;
      assert(listed.some((record) => record.id === posted.id), "the reader's own comment must be listed to them");
      for (const record of listed) {
        for (const key of ['moderation', 'queue', 'email', 'address']) {
          assert(!(key in record), `a reader's listComments record must not carry "${key}" (record ${record.id})`);
        }
      }
      const text = show(listed);
      assert(!text.includes(email), "a reader's listComments must never carry an author's email");
      assert(!text.includes(reason), "a reader's listComments must never carry report reasons");
    },
  },
  {
    id: 'moderation-ban',
    title: "a banned author's next comment is refused with \"forbidden\"; unbanning lets them post again",
    needs: { member: 'banAuthor', hooks: ['moderator'] },
    run: async (context) => {
      const { reader, moderator } = await both(context);
      const threadId = await context.newThread();
      const first = await reader.postComment(context.draft(threadId, unique('Before the ban')));
      const ban = await moderator.banAuthor!({ commentId: first.id });
      assert(ban && typeof ban.id === 'string' && ban.id.length > 0, `banAuthor must answer a ban with an id, got ${show(ban)}`);
      await expectRejection(reader.postComment(context.draft(threadId, unique('After the ban'))), ['forbidden'], 'posting as a banned author');
      if (moderator.unbanAuthor) {
        await moderator.unbanAuthor(ban.id);
        await reader.postComment(context.draft(threadId, unique('After the unban')));
      }
    },
  },
  {
    id: 'moderation-log',
    title: 'every moderation action is in the audit log (who, what, when), newest first',
    needs: { member: 'listModerationLog', hooks: ['seed', 'moderator'] },
    run: async (context) => {
      const { moderator } = await both(context);
      const threadId = await context.newThread();
      const held = seeded(threadId, 'audited', 0, 'pending');
      await context.seed!(threadId, [held]);
      const before = Date.now();
      await moderator.moderateComment!(held.id, 'approve');
      await moderator.moderateComment!(held.id, 'spam');
      const page = await moderator.listModerationLog!({ limit: 20 });
      assert(page && Array.isArray(page.entries), `listModerationLog must answer { entries: [...] }, got ${show(page)}`);
      const mine = page.entries.filter((entry) => entry.commentId === held.id);
      assertEqual(mine.map((entry) => entry.action), ['spam', 'approve'], `the audit entries of comment ${held.id}, newest first`);
      for (const entry of mine) {
        assert(typeof entry.id === 'string' && entry.id.length > 0, `an audit entry has an id, got ${show(entry)}`);
        assert(typeof entry.actor === 'string' && entry.actor.length > 0, `an audit entry says who acted, got ${show(entry)}`);
        const at = Date.parse(entry.at);
        assert(Number.isFinite(at) && at >= before - 60_000 && at <= Date.now() + 60_000, `an audit entry says when (ISO 8601, now), got ${show(entry.at)}`);
      }
    },
  },
  {
    id: 'thread-settings',
    title: 'updateThreadSettings closes and reopens a thread for readers',
    needs: { member: 'updateThreadSettings', hooks: ['moderator'] },
    run: async (context) => {
      const { reader, moderator } = await both(context);
      const threadId = await context.newThread();
      const closed = await moderator.updateThreadSettings!(threadId, { closed: true });
      assertEqual(closed?.closed, true, 'closed in the answer to closing');
      if (reader.threadInfo) assertEqual((await reader.threadInfo(threadId)).closed, true, "closed in the reader's threadInfo");
      await expectRejection(reader.postComment(context.draft(threadId, unique('Too late'))), ['closed'], 'posting to a thread a moderator closed');
      const open = await moderator.updateThreadSettings!(threadId, { closed: false });
      assert(!open?.closed, `closed in the answer to reopening must be false, got ${show(open?.closed)}`);
      await reader.postComment(context.draft(threadId, unique('Open again')));
    },
  },
];
