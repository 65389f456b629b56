// The store's behaviour, written once and run against each engine (sqlite.test.mjs,
// postgres.test.mjs): every method, paging and cursors, ordering, held comments, reactions,
// idempotency, the change log, the seed and migrations, and several processes at once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Engine } from '../../server/store/engine.mjs';
import { DEFAULT_THREAD, openStore } from '../../server/store/index.mjs';
import { migrations } from '../../server/store/migrations.mjs';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./child.mjs', import.meta.url));
const migrateCommand = fileURLToPath(new URL('../../server/migrate.mjs', import.meta.url));

/** @typedef {import('../../server/store/index.mjs').StoreOptions} StoreOptions */
/** @typedef {import('../../server/store/index.mjs').Store} Store */

/**
 * Runs child.mjs with `args`; its JSON answer.
 * @param {object} args
 */
export async function inChild(args) {
  try {
    const { stdout } = await run(process.execPath, [child, JSON.stringify(args)], { timeout: 120_000 });
    return JSON.parse(stdout);
  } catch (error) {
    const { stderr, code, signal } = /** @type {any} */ (error);
    throw new Error(`the ${/** @type {any} */ (args).job} process failed (${code ?? signal}): ${stderr || error}`);
  }
}

/** A comment record for importRecords / seeds. @param {string} id @param {string} threadId @param {string | null} parentId @param {string} createdAt @param {object} [extra] */
const record = (id, threadId, parentId, createdAt, extra = {}) => ({
  id, threadId, parentId, author: { name: `author of ${id}` }, body: `body of ${id}`, createdAt, status: 'approved', ...extra,
});

/**
 * @param {string} engine
 * @param {() => Promise<StoreOptions>} fresh options for a new, empty database
 */
export function storeSuite(engine, fresh) {
  /** @type {Store[]} */
  let opened = [];
  /** @param {Partial<StoreOptions>} [extra] */
  const open = async (extra = {}) => {
    const store = await openStore({ ...(await fresh()), ...extra });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    opened = [];
  });
  /** @param {Store} store @param {string} key @param {Partial<Parameters<Store['createComment']>[0]>} [input] */
  const post = (store, key, input = {}) =>
    store.createComment({ key, threadId: 't', parentId: null, author: { name: 'Ann' }, body: `text ${key}`, status: 'approved', session: 'someone', ...input });

  describe(`store on ${engine}`, () => {
    it('opens an empty database: every migration applied, no comment, the default thread', async () => {
      const store = await open();
      assert.equal(store.engine, engine);
      assert.deepEqual(store.startup, { migrations: Object.keys(migrations(/** @type {any} */ (engine))), seeded: false });
      assert.equal(await store.isEmpty(), true);
      assert.equal(await store.lastEventId(), 0);
      assert.deepEqual(await store.thread('t'), { ...DEFAULT_THREAD });
      const page = await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: null });
      assert.deepEqual(page, { rows: [], total: 0, next: null, lastEventId: 0 });
    });

    it('migrates once: a second open and `migrate` apply nothing', async () => {
      const options = await fresh();
      const first = await openStore(options);
      await first.close();
      const again = await openStore(options);
      opened.push(again);
      assert.deepEqual(again.startup.migrations, []);
      const engineOnly = new Engine(options);
      try {
        assert.deepEqual(await engineOnly.migrate(), []);
      } finally {
        await engineOnly.close();
      }
    });

    it('`npm run migrate` (server/migrate.mjs) migrates the configured store, then finds it current', async () => {
      const options = await fresh();
      const env = { ...process.env, DATA_DIR: options.dataDir ?? '', DATABASE_URL: options.databaseUrl ?? '' };
      const first = await run(process.execPath, [migrateCommand], { env });
      assert.match(first.stdout, new RegExp(`^applied ${Object.keys(migrations(/** @type {any} */ (engine))).join(', ')} to `));
      const second = await run(process.execPath, [migrateCommand], { env });
      assert.match(second.stdout, /is up to date/);
      const store = await openStore(options);
      opened.push(store);
      assert.deepEqual(store.startup.migrations, []);
    });

    it('stores a comment with its fields, a reply under its root, and logs only approved ones', async () => {
      const store = await open();
      const session = await store.createSession();
      const top = await post(store, 'k1', { author: { name: 'Ann', url: 'https://a.example', avatarUrl: 'https://a.example/a.png', email: 'ann@a.example' }, session });
      assert.equal(top.replayed, false);
      assert.equal(top.eventId, 1);
      assert.equal(top.row.root_seq, top.row.seq);
      assert.deepEqual({ ...top.row, seq: 0, root_seq: 0, id: '', created_at: '' }, {
        seq: 0, root_seq: 0, id: '', created_at: '', thread_id: 't', parent_id: null, author_name: 'Ann', author_url: 'https://a.example',
        author_avatar_url: 'https://a.example/a.png', author_email: 'ann@a.example', author_identity: null, is_thread_owner: 0, body: 'text k1',
        body_format: 'markdown', edited_at: null, status: 'approved', session_id: session,
        // Moderation (0007): where it came from (none given here), Undo, when its reports were dealt with.
        author_address: null, moderation_prior: null, reports_cleared_at: null,
      });
      assert.ok(!Number.isNaN(Date.parse(top.row.created_at)));
      assert.deepEqual(await store.comment(top.row.id), top.row);
      const held = await post(store, 'k2', { parentId: top.row.id, status: 'pending', session });
      assert.equal(held.eventId, undefined);
      assert.equal(held.row.root_seq, top.row.seq);
      assert.equal(held.row.parent_id, top.row.id);
      assert.equal(await store.lastEventId(), 1);
      assert.equal(await store.isEmpty(), false);
      assert.equal(await store.comment('nope'), undefined);
    });

    it('answers a session’s repeated idempotency key with its first comment, also when many arrive at once', async () => {
      const store = await open();
      const [mine, other] = [await store.createSession(), await store.createSession()];
      const first = /** @type {any} */ (await post(store, 'same', { body: 'once', session: mine }));
      const again = /** @type {any} */ (await post(store, 'same', { body: 'twice', threadId: 'other', session: mine }));
      assert.equal(again.replayed, true);
      assert.equal(again.keyThread, 't');
      assert.deepEqual(again.row, first.row);
      assert.deepEqual(await store.commentForKey('same', mine), { row: first.row, threadId: 't' });
      assert.equal(await store.commentForKey('unknown', mine), undefined);
      assert.equal(await store.commentForKey('same', null), undefined);
      // Another session's key of the same text is another key: it sees nothing of the first.
      assert.equal(await store.commentForKey('same', other), undefined);
      const theirs = /** @type {any} */ (await post(store, 'same', { body: 'theirs', session: other }));
      assert.equal(theirs.replayed, false);
      assert.notEqual(theirs.row.id, first.row.id);
      const racing = /** @type {any[]} */ (await Promise.all(Array.from({ length: 12 }, () => post(store, 'race', { body: 'raced', session: mine }))));
      assert.equal(new Set(racing.map((result) => result.row.id)).size, 1);
      assert.equal(racing.filter((result) => !result.replayed).length, 1);
      assert.equal(await store.countByBody('raced'), 1);
      assert.equal(await store.countByBody('twice'), 0);
      // A key whose comment was deleted since answers `gone`, and stores nothing new.
      await store.deleteComment(first.row.id);
      assert.deepEqual(await post(store, 'same', { body: 'anew', session: mine }), { gone: true, keyThread: 't' });
      assert.deepEqual(await store.commentForKey('same', mine), { gone: true, threadId: 't' });
      assert.equal(await store.countByBody('anew'), 0);
      // …also when it was kept as a placeholder for its replies.
      const parent = /** @type {any} */ (await post(store, 'parent', { session: mine }));
      await post(store, 'child', { parentId: parent.row.id, session: other });
      await store.deleteComment(parent.row.id);
      assert.deepEqual(await store.commentForKey('parent', mine), { gone: true, threadId: 't' });
    });

    it('pages in conversation order both ways, cursors never repeat or skip, and new comments do not shift pages', async () => {
      const store = await open();
      await store.importRecords([
        record('a', 't', null, '2024-01-01T00:00:00Z'),
        record('a1', 't', 'a', '2024-01-02T00:00:00Z'),
        record('b', 't', null, '2024-01-03T00:00:00Z'),
        record('a2', 't', 'a', '2024-01-04T00:00:00Z'),
        record('a1x', 't', 'a1', '2024-01-05T00:00:00Z'),
        record('c', 't', null, '2024-01-06T00:00:00Z'),
        record('b1', 't', 'b', '2024-01-07T00:00:00Z'),
        record('x', 'elsewhere', null, '2024-01-01T00:00:00Z'),
      ]);
      const expected = {
        oldest: ['a', 'a1', 'a2', 'a1x', 'b', 'b1', 'c'],
        newest: ['c', 'b', 'b1', 'a', 'a1', 'a2', 'a1x'],
      };
      for (const order of /** @type {const} */ (['oldest', 'newest'])) {
        const whole = await store.page({ threadId: 't', order, limit: 100, after: null, session: null });
        assert.deepEqual(whole.rows.map((row) => row.id), expected[order], order);
        assert.equal(whole.total, 7);
        assert.equal(whole.next, null);
        for (const limit of [1, 2, 3]) {
          /** @type {string[]} */
          const seen = [];
          let after = null;
          do {
            const page = await store.page({ threadId: 't', order, limit, after, session: null });
            assert.ok(page.rows.length <= limit);
            seen.push(...page.rows.map((row) => row.id));
            after = page.next;
          } while (after);
          assert.deepEqual(seen, expected[order], `${order} by ${limit}`);
        }
      }
      const first = await store.page({ threadId: 't', order: 'oldest', limit: 3, after: null, session: null });
      await post(store, 'late-top');
      const lateReply = await post(store, 'late-reply', { parentId: 'a' });
      const second = await store.page({ threadId: 't', order: 'oldest', limit: 3, after: first.next, session: null });
      assert.deepEqual(second.rows.map((row) => row.id), ['a1x', lateReply.row.id, 'b']);
      assert.equal(second.total, 9);
    });

    it('shows a held comment to its author’s session only, in rows and in the total', async () => {
      const store = await open();
      const mine = await store.createSession();
      const other = await store.createSession();
      await post(store, 'open', { session: other });
      const held = await post(store, 'held', { status: 'pending', session: mine });
      const ids = async (/** @type {string | null} */ session) => {
        const page = await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session });
        return { ids: page.rows.map((row) => row.body), total: page.total };
      };
      assert.deepEqual(await ids(mine), { ids: ['text open', 'text held'], total: 2 });
      assert.deepEqual(await ids(other), { ids: ['text open'], total: 1 });
      assert.deepEqual(await ids(null), { ids: ['text open'], total: 1 });
      assert.equal((await store.toRecord(held.row, mine)).viewerIsAuthor, true);
      assert.equal((await store.toRecord(held.row, other)).viewerIsAuthor, undefined);
      assert.deepEqual(await store.changesAfter('t', 0).then((rows) => rows.length), 1);
    });

    it('toggles reactions per session, counts them, marks the reader’s own, and lists them in code-point order', async () => {
      const store = await open();
      const [s1, s2] = [await store.createSession(), await store.createSession()];
      const { row } = await post(store, 'r');
      const e1 = await store.toggleReaction(row.id, 'like', s1);
      await store.toggleReaction(row.id, 'like', s2);
      await store.toggleReaction(row.id, '\u{1F44D}', s2);
      await store.toggleReaction(row.id, '\uFF01', s2);
      await store.toggleReaction(row.id, 'Zed', s1);
      assert.ok(e1 > 1);
      const seenBy1 = await store.toRecord(row, s1);
      assert.deepEqual(Object.keys(seenBy1.reactions ?? {}), ['Zed', 'like', '\uFF01', '\u{1F44D}']);
      assert.deepEqual(seenBy1.reactions, { Zed: { count: 1, mine: true }, like: { count: 2, mine: true }, '\uFF01': { count: 1 }, '\u{1F44D}': { count: 1 } });
      const again = await store.toggleReaction(row.id, 'like', s1);
      assert.ok(again > e1);
      assert.deepEqual((await store.toRecord(row, s1)).reactions?.like, { count: 1 });
      assert.deepEqual((await store.toRecord(row, null)).reactions?.like, { count: 1 });
      const racing = await Promise.all(Array.from({ length: 6 }, () => store.toggleReaction(row.id, 'race', s1)));
      assert.equal(new Set(racing).size, 6);
      assert.equal((await store.toRecord(row, s1)).reactions?.race, undefined, 'an even number of toggles leaves none');
      const other = await post(store, 'plain');
      assert.deepEqual(await store.toRecords([row, other.row], s2), [await store.toRecord(row, s2), await store.toRecord(other.row, s2)]);
      assert.equal((await store.toRecord(other.row, s2)).reactions, undefined);
      await assert.rejects(store.toggleReaction('missing', 'like', s1), /no comment missing/);
    });

    it('edits and deletes: a placeholder when replied to, gone otherwise, each logged', async () => {
      const store = await open();
      const session = await store.createSession();
      const top = await post(store, 'top', { session, author: { name: 'Ann', url: 'https://a.example', email: 'a@a.example' } });
      const reply = await post(store, 'reply', { parentId: top.row.id });
      const edited = await store.editComment(top.row.id, 'changed');
      assert.equal(edited.row.body, 'changed');
      assert.ok(edited.row.edited_at && edited.row.edited_at >= top.row.created_at);
      assert.equal((await store.toRecord(edited.row, null)).editedAt, edited.row.edited_at);
      await store.toggleReaction(top.row.id, 'like', session);
      const placeholder = await store.deleteComment(top.row.id);
      assert.deepEqual({ ...placeholder, eventId: 0 }, { type: 'updated', threadId: 't', eventId: 0 });
      const kept = /** @type {any} */ (await store.comment(top.row.id));
      assert.deepEqual(
        [kept.status, kept.body, kept.author_name, kept.author_url, kept.author_email, kept.session_id],
        ['deleted', '', '', null, null, null],
      );
      assert.equal((await store.toRecord(kept, session)).reactions, undefined);
      const gone = await store.deleteComment(reply.row.id);
      assert.equal(gone.type, 'removed');
      assert.equal(await store.comment(reply.row.id), undefined);
      const log = await store.changesAfter('t', 0);
      assert.deepEqual(log.map((change) => [change.type, change.comment_id]), [
        ['added', top.row.id], ['added', reply.row.id], ['updated', top.row.id], ['updated', top.row.id], ['updated', top.row.id], ['removed', reply.row.id],
      ]);
      assert.deepEqual([edited.eventId, placeholder.eventId, gone.eventId], [log[2].event_id, log[4].event_id, log[5].event_id]);
      await assert.rejects(store.editComment('missing', 'x'), /no comment missing/);
      await assert.rejects(store.deleteComment('missing'), /no comment missing/);
    });

    it('logs no change of a held comment: its edits, reactions and deletion are its author’s business', async () => {
      const store = await open();
      const session = await store.createSession();
      const held = /** @type {any} */ (await post(store, 'held', { status: 'pending', session }));
      const before = await store.lastEventId();
      const edited = await store.editComment(held.row.id, 'still held');
      assert.equal(edited.eventId, undefined);
      assert.equal(edited.row.body, 'still held');
      assert.equal(await store.toggleReaction(held.row.id, 'like', session), undefined);
      assert.deepEqual((await store.toRecord(held.row, session)).reactions, { like: { count: 1, mine: true } });
      const deleted = await store.deleteComment(held.row.id);
      assert.deepEqual(deleted, { type: 'removed', threadId: 't', eventId: undefined });
      assert.equal(await store.comment(held.row.id), undefined);
      assert.equal(await store.lastEventId(), before);
      assert.deepEqual(await store.changesAfter('t', 0), []);
    });

    it('catch-up from every event id returns exactly the later changes of that thread, in order', async () => {
      const store = await open();
      for (let i = 0; i < 5; i++) {
        await post(store, `t${i}`);
        await post(store, `o${i}`, { threadId: 'other' });
      }
      const all = await store.changesAfter('t', 0);
      assert.equal(all.length, 5);
      assert.ok(all.every((change, i) => change.thread_id === 't' && (i === 0 || change.event_id > all[i - 1].event_id)));
      for (const change of all) {
        assert.deepEqual(await store.changesAfter('t', change.event_id), all.filter((later) => later.event_id > change.event_id));
      }
      assert.equal(await store.lastEventId(), 10);
      const page = await store.page({ threadId: 't', order: 'oldest', limit: 2, after: null, session: null });
      assert.equal(page.lastEventId, 10);
      assert.deepEqual(await store.changesAfter('t', 0, 2), all.slice(0, 2));
      assert.deepEqual(await store.changesAfter('t', all[1].event_id, 2), all.slice(2, 4));
    });

    it('keeps sessions and their identity', async () => {
      const store = await open();
      const id = await store.createSession();
      assert.match(id, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(await store.createSession(), id);
      assert.deepEqual(await store.session(id), { id, identity: null });
      assert.equal(await store.session(undefined), null);
      assert.equal(await store.session('unknown'), null);
      const identity = { id: 'u1', name: 'Ann', provider: 'github' };
      await store.setIdentity(id, /** @type {any} */ (identity));
      assert.deepEqual(await store.session(id), { id, identity });
      await store.setIdentity(id, null);
      assert.deepEqual(await store.session(id), { id, identity: null });
    });

    it('keeps thread settings: a change names only what changes; editWindow and reactions can be cleared', async () => {
      const store = await open();
      await store.setThread('t', { closed: true });
      assert.deepEqual(await store.thread('t'), { ...DEFAULT_THREAD, closed: true });
      await store.setThread('t', { requiresSignIn: true, requiredGuestFields: ['name'], editWindow: 300, reactions: ['like', 'heart'] });
      assert.deepEqual(await store.thread('t'), { closed: true, requiresSignIn: true, requiredGuestFields: ['name'], editWindow: 300, reactions: ['like', 'heart'] });
      await store.setThread('t', { editWindow: undefined, reactions: undefined, closed: false });
      assert.deepEqual(await store.thread('t'), { closed: false, requiresSignIn: true, requiredGuestFields: ['name'] });
      assert.deepEqual(await store.thread('other'), { ...DEFAULT_THREAD });
    });

    it('keeps settings and reports', async () => {
      const store = await open();
      assert.equal(await store.setting('k'), undefined);
      await store.setSetting('k', 'one');
      await store.setSetting('k', 'two');
      assert.equal(await store.setting('k'), 'two');
      const { row } = await post(store, 'x');
      assert.equal(await store.reportCount(row.id), 0);
      await store.report(row.id, 'spam', null);
      await store.report(row.id, 'rude', await store.createSession());
      assert.equal(await store.reportCount(row.id), 2);
    });

    it('imports records as given: ids, times, formats, nesting by ancestry; twice changes nothing; cycles end', async () => {
      const store = await open();
      const records = [
        // A reply dated before its parent still pages with it.
        record('r', 't', 'p', '2024-01-01T00:00:00Z', { author: { name: 'R', isThreadOwner: true }, bodyFormat: 'html', editedAt: '2024-02-01T00:00:00Z' }),
        record('p', 't', null, '2024-01-02T00:00:00Z'),
        record('q', 't', null, '2024-01-03T00:00:00Z', { status: 'pending' }),
        record('c1', 't', 'c2', '2024-01-04T00:00:00Z'),
        record('c2', 't', 'c1', '2024-01-05T00:00:00Z'),
      ];
      const events = await store.importRecords(records, { emit: true });
      assert.deepEqual(events.map((event) => event.id), ['r', 'p', 'c1', 'c2']);
      assert.deepEqual(events.map((event) => event.eventId), [1, 2, 3, 4]);
      const r = /** @type {any} */ (await store.comment('r'));
      const p = /** @type {any} */ (await store.comment('p'));
      assert.equal(r.root_seq, p.seq);
      assert.deepEqual(await store.toRecord(r, null), {
        id: 'r', threadId: 't', parentId: 'p', author: { name: 'R', isThreadOwner: true }, body: 'body of r',
        createdAt: '2024-01-01T00:00:00Z', editedAt: '2024-02-01T00:00:00Z', bodyFormat: 'html', status: 'approved',
      });
      const page = await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: null });
      // Within a conversation, rows page in the order they were stored (by createdAt), as before.
      assert.deepEqual(page.rows.map((row) => row.id), ['r', 'p', 'c2', 'c1']);
      assert.deepEqual(await store.importRecords(records, { emit: true }), []);
      assert.equal(await store.lastEventId(), 4);
      assert.equal((await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: null })).total, 4);
    });

    it('comments(ids) reads only the named comments (a live catch-up), comments(filter) what the filter names', async () => {
      const store = await open();
      await store.importRecords([
        record('a', 't', null, '2024-01-01T00:00:00Z'),
        record('b', 't', null, '2024-01-02T00:00:00Z'),
        record('c', 'u', null, '2024-01-03T00:00:00Z'),
      ]);
      assert.deepEqual((await store.comments(['c', 'a', 'a', 'missing'])).map((row) => row.id).sort(), ['a', 'c']);
      assert.deepEqual(await store.comments([]), []);
      assert.deepEqual((await store.comments({ threadId: 't' })).map((row) => row.id), ['a', 'b']);
    });

    it('seeds an empty store once: reopening with a seed adds nothing', async () => {
      const options = await fresh();
      const seed = { comments: [record('s1', 't', null, '2024-01-01T00:00:00Z'), record('s2', 't', 's1', '2024-01-02T00:00:00Z')], threads: { t: { closed: true } } };
      const first = await openStore({ ...options, seed });
      opened.push(first);
      assert.equal(first.startup.seeded, true);
      assert.deepEqual((await first.thread('t')).closed, true);
      await first.setThread('t', { closed: false });
      await first.close();
      opened = [];
      const second = await openStore({ ...options, seed: { comments: [record('s3', 't', null, '2024-01-03T00:00:00Z')], threads: { t: { closed: true } } } });
      opened.push(second);
      assert.equal(second.startup.seeded, false);
      assert.equal(await second.comment('s3'), undefined);
      assert.equal((await second.thread('t')).closed, false);
      assert.equal((await second.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: null })).total, 2);
    });

    it('three processes starting at once on one empty database migrate and seed once', async () => {
      const options = await fresh();
      // A seed big enough that writing it takes a while: without the lock the others would find the store still empty.
      const results = await Promise.all([1, 2, 3].map(() => inChild({ options, job: 'open', seedCount: 400 })));
      const applied = results.flatMap((result) => result.migrations).sort();
      assert.deepEqual(applied, Object.keys(migrations(/** @type {any} */ (engine))).sort(), 'each migration applied by exactly one');
      assert.equal(results.filter((result) => result.seeded).length, 1, 'exactly one seeded');
      const store = await openStore(options);
      opened.push(store);
      assert.equal((await store.page({ threadId: 't', order: 'oldest', limit: 10, after: null, session: null })).total, 400);
    });

    it('two writer processes at once: each event id once, and a reader polling meanwhile misses none', async () => {
      const options = await fresh();
      const store = await openStore(options);
      opened.push(store);
      let done = false;
      /** @type {number[]} */
      const polled = [];
      const poll = (async () => {
        let last = 0;
        while (!done) {
          for (const change of await store.changesAfter('t', last)) {
            polled.push(change.event_id);
            last = change.event_id;
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const writers = await Promise.all(['a', 'b'].map((tag) => inChild({ options, job: 'write', count: 150, parallel: 8, tag })));
      done = true;
      await poll;
      for (const change of await store.changesAfter('t', polled.at(-1) ?? 0)) polled.push(change.event_id);
      const written = writers.flatMap((writer) => writer.events).sort((x, y) => x - y);
      const logged = (await store.changesAfter('t', 0)).map((change) => change.event_id);
      assert.equal(written.length, 300);
      assert.equal(new Set(written).size, 300);
      assert.deepEqual(logged, written);
      assert.deepEqual(polled, logged, 'the poller saw every change once, in order');
      assert.equal(await store.countByBody('a 149'), 1);
    });
  });
}
