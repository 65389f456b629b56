// The way in and out, run on each engine by sqlite.test.mjs and postgres.test.mjs: importing the
// Disqus fixture (twice), exports, a reader's data-protection export and deletion, the commands,
// and a backup of a live store restored into a fresh one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { exportComments } from '../../server/io/export.mjs';
import { importFile } from '../../server/io/import.mjs';
import { openStore } from '../../server/store/index.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const DISQUS = join(root, 'test/fixtures/disqus-export.xml');
const run = promisify(execFile);

/** @typedef {import('../../server/store/index.mjs').StoreOptions} StoreOptions */

/**
 * Runs one of the commands (server/import.mjs …) against a store.
 * @param {string} script @param {string[]} args @param {Record<string, string>} env
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export async function command(script, args, env) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'server', script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = /** @type {any} */ (error);
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/** Every comment row, as a comparable list. @param {import('../../server/store/index.mjs').Store} store */
const allRows = (store) => store.comments({});

/**
 * @param {string} engine
 * @param {{ fresh: () => Promise<StoreOptions>, env: (options: StoreOptions) => Record<string, string>,
 *   restore: (backup: string) => Promise<StoreOptions> }} setup
 */
export function ioSuite(engine, { fresh, env, restore }) {
  describe(`import, export and backup on ${engine}`, () => {
    /** @type {import('../../server/store/index.mjs').Store[]} */
    const opened = [];
    const scratch = mkdtempSync(join(tmpdir(), `io-${engine}-`));
    after(async () => {
      for (const store of opened) await store.close().catch(() => {});
      rmSync(scratch, { recursive: true, force: true });
    });
    /** @param {StoreOptions} [options] */
    const open = async (options) => {
      const store = await openStore(options ?? (await fresh()));
      opened.push(store);
      return store;
    };

    it('imports a Disqus export: threads with title and address, nesting, authors, dates, statuses, and says what it skipped', async () => {
      const store = await open();
      const report = await importFile(store, DISQUS);
      assert.equal(report.format, 'disqus');
      assert.equal(report.threads, 2, 'the thread without posts is not one');
      assert.equal(report.found, 10);
      assert.deepEqual(report.added, ['disqus-5001', 'disqus-5002', 'disqus-5003', 'disqus-5005', 'disqus-5006', 'disqus-5008', 'disqus-5009']);
      assert.deepEqual(report.existing, []);
      assert.deepEqual(report.skipped, [
        { id: 'disqus-5010', reason: 'its thread 7999 is not in the export' },
        { id: 'disqus-5004', reason: 'marked as spam' },
        { id: 'disqus-5007', reason: 'deleted on Disqus' },
      ]);
      assert.deepEqual(report.placeholders, [{ id: 'disqus-5005', reason: 'deleted on Disqus, with replies: kept as a deleted placeholder' }]);
      assert.deepEqual(report.topLevel, [{ id: 'disqus-5009', reason: 'its parent disqus-4999 is not in the export: imported as a top-level comment' }]);

      const owner = await store.comment('disqus-5002');
      assert.deepEqual(
        owner && { ...owner, seq: 0, root_seq: 0 },
        {
          seq: 0, root_seq: 0, id: 'disqus-5002', thread_id: 'post-42', parent_id: 'disqus-5001', author_name: 'Olive Owner', author_url: null,
          author_avatar_url: null, author_email: 'owner@blog.example', author_identity: 'disqus:oliveowner', is_thread_owner: 1,
          body: '<p>Thank you, Ann!</p>', body_format: 'html', created_at: '2019-04-02T11:30:00.000Z', edited_at: null, status: 'approved', session_id: null,
          author_address: null, moderation_prior: null, reports_cleared_at: null,
        },
      );
      assert.equal((await store.comment('disqus-5003'))?.created_at, '2019-04-02T12:00:00.000Z', 'a date without a zone is UTC');
      assert.equal((await store.comment('disqus-5003'))?.author_identity, null, 'an anonymous author has no identity');
      const placeholder = await store.comment('disqus-5005');
      assert.deepEqual([placeholder?.status, placeholder?.body, placeholder?.author_name, placeholder?.author_email], ['deleted', '', '', null]);
      assert.equal(await store.comment('disqus-5004'), undefined);

      // The thread pages as a conversation: roots in order, each with its replies.
      const page = await store.page({ threadId: 'post-42', order: 'oldest', limit: 50, after: null, session: null });
      assert.deepEqual(page.rows.map((row) => row.id), ['disqus-5001', 'disqus-5002', 'disqus-5003', 'disqus-5005', 'disqus-5006']);
      assert.equal(page.total, 5);
      const exported = await exportComments(store, {});
      assert.deepEqual(exported.threads, [
        { id: 'disqus-7002', title: 'About', url: 'https://blog.example/about/' },
        { id: 'post-42', title: 'Tea & networks', url: 'https://blog.example/2019/04/tea-and-networks/' },
      ]);
      assert.deepEqual(await store.thread('post-42'), { closed: false, requiresSignIn: false, requiredGuestFields: ['name', 'email'] });
    });

    it('imports the same file twice: the second run changes nothing', async () => {
      const store = await open();
      await importFile(store, DISQUS);
      const before = await allRows(store);
      const lastEvent = await store.lastEventId();
      const again = await importFile(store, DISQUS);
      assert.deepEqual(again.added, []);
      assert.equal(again.existing.length, 7);
      assert.deepEqual(await allRows(store), before);
      assert.equal(await store.lastEventId(), lastEvent);
    });

    it('exports JSON in the contract’s record shape, never with an email: the site, one thread, one reader by identity or email', async () => {
      const store = await open();
      await importFile(store, DISQUS);
      const site = await exportComments(store);
      assert.equal(site.format, 'comment-thread-export');
      assert.equal(site.version, 1);
      assert.equal(site.comments.length, 7);
      const text = JSON.stringify(site);
      for (const email of ['ann@reader.example', 'Ann@Reader.example', 'owner@blog.example', 'guest@elsewhere.example', 'bob@reader.example']) {
        assert.equal(text.includes(email), false, `${email} is not exported`);
      }
      assert.equal(text.includes('disqus:'), false, 'identities are not exported');
      assert.deepEqual(site.comments.find((comment) => comment.id === 'disqus-5002'), {
        id: 'disqus-5002', threadId: 'post-42', parentId: 'disqus-5001', author: { name: 'Olive Owner', isThreadOwner: true },
        body: '<p>Thank you, Ann!</p>', bodyFormat: 'html', createdAt: '2019-04-02T11:30:00.000Z', status: 'approved',
      });
      const thread = await exportComments(store, { threadId: 'disqus-7002' });
      assert.deepEqual(thread.comments.map((comment) => comment.id), ['disqus-5008', 'disqus-5009']);
      assert.deepEqual(thread.threads, [{ id: 'disqus-7002', title: 'About', url: 'https://blog.example/about/' }]);
      const byIdentity = await exportComments(store, { identity: 'disqus:annreader' });
      assert.deepEqual(byIdentity.comments.map((comment) => comment.id), ['disqus-5008', 'disqus-5001']);
      const byEmail = await exportComments(store, { email: 'ANN@reader.example' });
      assert.deepEqual(byEmail.comments.map((comment) => comment.id), ['disqus-5008', 'disqus-5001'], 'emails match without case');
      assert.deepEqual((await exportComments(store, { email: 'nobody@nowhere.example' })).comments, []);
    });

    it('deletes everything one reader wrote, keeping a placeholder where others replied', async () => {
      const store = await open();
      await importFile(store, DISQUS);
      const events = await store.lastEventId();
      const deleted = await store.deleteComments({ identity: 'disqus:annreader' });
      assert.deepEqual(deleted.map(({ id, type, threadId }) => ({ id, type, threadId })), [
        { id: 'disqus-5008', type: 'removed', threadId: 'disqus-7002' },
        { id: 'disqus-5001', type: 'updated', threadId: 'post-42' },
      ]);
      assert.equal(await store.comment('disqus-5008'), undefined);
      const placeholder = await store.comment('disqus-5001');
      assert.deepEqual([placeholder?.status, placeholder?.body, placeholder?.author_name, placeholder?.author_email, placeholder?.author_identity], ['deleted', '', '', null, null]);
      assert.equal((await store.comment('disqus-5002'))?.parent_id, 'disqus-5001', 'the reply keeps its place');
      assert.equal(await store.lastEventId(), events + 2, 'live readers hear of both');
      assert.deepEqual((await exportComments(store, { email: 'ann@reader.example' })).comments, []);
      assert.equal((await store.comments({})).length, 6);
      // By email, narrowed to one thread: Bob's comment in the other thread stays.
      const bob = await store.deleteComments({ email: 'BOB@reader.example', threadId: 'disqus-7002' });
      assert.deepEqual(bob.map((entry) => entry.id), ['disqus-5009']);
      assert.equal((await store.comment('disqus-5006'))?.author_name, 'Bob');
      assert.throws(() => store.deleteComments({ threadId: 'post-42' }), /needs an identity or an email/);
    });

    it('a signed-in reader’s comments carry their identity, so they can be found and exported', async () => {
      const store = await open();
      const session = await store.createSession();
      await store.setIdentity(session, /** @type {any} */ ({ optionId: 'github', subject: '4242', name: 'Gita' }));
      const created = await store.createComment({ key: 'k', threadId: 't', parentId: null, author: { name: 'Gita', email: 'gita@example.org' }, body: 'hi', status: 'approved', session });
      assert.ok('row' in created);
      assert.equal(created.row.author_identity, 'github:4242');
      const guest = await store.createSession();
      await store.createComment({ key: 'k', threadId: 't', parentId: null, author: { name: 'Guest' }, body: 'guest', status: 'approved', session: guest });
      const mine = await exportComments(store, { identity: 'github:4242' });
      assert.deepEqual(mine.comments.map((comment) => comment.body), ['hi']);
      assert.equal(JSON.stringify(mine).includes('gita@example.org'), false);
    });

    it('npm run import and npm run export work on the configured store', async () => {
      const options = await fresh();
      const vars = env(options);
      const first = await command('import.mjs', [DISQUS], vars);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Disqus export, 2 threads, 10 comments\n {2}added 7, already there 0, skipped 3\n/);
      assert.match(first.stdout, /disqus-5004: marked as spam/);
      const second = await command('import.mjs', [DISQUS, '--json'], vars);
      assert.equal(second.code, 0, second.stderr);
      const report = JSON.parse(second.stdout);
      assert.deepEqual([report.added.length, report.existing.length], [0, 7]);

      const site = await command('export.mjs', [], vars);
      assert.equal(site.code, 0, site.stderr);
      assert.equal(JSON.parse(site.stdout).comments.length, 7);
      const output = join(scratch, `thread-${Math.random()}.json`);
      const thread = await command('export.mjs', ['--thread', 'post-42', '--output', output], vars);
      assert.equal(thread.code, 0, thread.stderr);
      assert.equal(JSON.parse(readFileSync(output, 'utf8')).comments.length, 5);
      const reader = await command('export.mjs', ['--email', 'bob@reader.example'], vars);
      assert.deepEqual(JSON.parse(reader.stdout).comments.map((/** @type {any} */ comment) => comment.id), ['disqus-5009', 'disqus-5006']);
      assert.deepEqual(JSON.parse(reader.stdout).filter, { byEmail: true });
      assert.equal(reader.stdout.includes('@'), false, 'not even the address asked for');
      const removed = await command('export.mjs', ['--author', 'disqus:bobby', '--delete'], vars);
      assert.equal(removed.code, 0, removed.stderr);
      assert.match(removed.stderr, /deleted 2 comments \(0 kept as placeholders for their replies\)/);
      const store = await open(options);
      assert.equal((await store.comments({ identity: 'disqus:bobby' })).length, 0);
      assert.equal((await store.comments({})).length, 5);

      const refused = await command('export.mjs', ['--delete'], vars);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /--delete needs --author or --email/);
      const both = await command('export.mjs', ['--author', 'a:b', '--email', 'c@d'], vars);
      assert.equal(both.code, 1);
      assert.match(both.stderr, /usage: npm run export/);
    });

    it('npm run backup copies a live store, and the restored copy has every comment', async () => {
      const options = await fresh();
      const store = await open(options);
      await importFile(store, DISQUS);
      const session = await store.createSession();
      // Writers keep going while the backup runs.
      let writing = true;
      let n = 0;
      const writer = (async () => {
        while (writing) {
          await store.createComment({ key: `w${n}`, threadId: 'live', parentId: null, author: { name: 'W' }, body: `live ${n++}`, status: 'approved', session });
          // SQLite answers synchronously: let the event loop (the backup's child process) run.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const file = join(scratch, `backup-${Math.random()}`);
      const backup = await command('backup.mjs', [file], env(options));
      writing = false;
      await writer;
      assert.equal(backup.code, 0, backup.stderr);
      assert.ok(n > 0, 'comments were written during the backup');
      const restored = await open(await restore(file));
      const copied = await allRows(restored);
      const live = await allRows(store);
      assert.ok(copied.length >= 7 + 1, `the copy has the imported comments and some written before the backup (${copied.length})`);
      const liveById = new Map(live.map((row) => [row.id, row]));
      for (const row of copied) assert.deepEqual(row, liveById.get(row.id), `${row.id} is copied as it is`);
      // Every comment stored before the backup started is in it: the imported ones, and the live ones up to the last copied.
      for (const row of live.filter((row) => row.thread_id !== 'live')) assert.ok(copied.some((copy) => copy.id === row.id), `${row.id} restored`);
      const lastCopied = Math.max(...copied.filter((row) => row.thread_id === 'live').map((row) => row.seq));
      assert.deepEqual(
        copied.filter((row) => row.thread_id === 'live').map((row) => row.seq),
        live.filter((row) => row.thread_id === 'live' && row.seq <= lastCopied).map((row) => row.seq),
        'a consistent snapshot: no gap among the live comments it holds',
      );
      // The restored store is a working store.
      const more = await restored.createComment({ key: 'after', threadId: 'post-42', parentId: 'disqus-5003', author: { name: 'R' }, body: 'after restore', status: 'approved', session: await restored.createSession() });
      assert.ok('row' in more);
      assert.equal(more.row.root_seq, (await restored.comment('disqus-5001'))?.root_seq);
    });
  });
}
