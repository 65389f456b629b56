// node --test test/io/wordpress.test.mjs: the WXR import proven on an export made by a real
// WordPress (scripts/wordpress/wordpress.mjs): a post with a conversation written through
// WordPress's own functions, exported by WordPress's export_wp(), imported into the store on
// SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { startWordPress } from '../../scripts/wordpress/wordpress.mjs';
import { exportComments } from '../../server/io/export.mjs';
import { importFile } from '../../server/io/import.mjs';
import { openStore } from '../../server/store/index.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'io-wp-'));
const wxr = join(scratch, 'wordpress-export.xml');
/** @type {Awaited<ReturnType<typeof startWordPress>> | undefined} */
let wp;
/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
/** What WordPress holds: the test post, its comments by role, every comment row. */
/** @type {{ post: number, postUrl: string, adminId: number, ids: Record<string, number>, all: { comment_ID: string, comment_post_ID: string, comment_approved: string, comment_type: string, comment_parent: string }[] }} */
let wordpress;

before(async () => {
  [wp, cluster] = await Promise.all([startWordPress(), startPostgres({ name: process.env.IO_WP_TEST_CLUSTER || 'ct-io-wp-test' })]);
  const made = spawnSync('php', [join(here, 'wp-export.php'), join(wp.stateDir, 'wp'), wp.url, wxr], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`wp-export.php failed: ${made.stderr || made.stdout}`);
  wordpress = JSON.parse(made.stdout.trim().split('\n').pop() ?? '');
});
after(async () => {
  await wp?.stop();
  cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

for (const engine of ['sqlite', 'postgres']) {
  describe(`a real WordPress export (export_wp) imported on ${engine}`, () => {
    /** @type {import('../../server/store/index.mjs').Store} */
    let store;
    /** @type {import('../../server/io/import.mjs').ImportReport} */
    let report;
    before(async () => {
      if (!cluster) throw new Error('the PostgreSQL cluster did not start');
      store = await openStore(engine === 'sqlite' ? { dataDir: join(scratch, 'data') } : { databaseUrl: await cluster.createDatabase('wxr') });
      report = await importFile(store, wxr);
    });
    after(() => store?.close());
    const id = (/** @type {string} */ role) => `wp-${wordpress.ids[role]}`;

    it('accounts for every comment WordPress holds: imported, or skipped with the reason', () => {
      assert.equal(report.format, 'wxr');
      assert.ok(statSync(wxr).size > 100_000, 'the export holds the seeded posts as well');
      const imported = new Set(report.added);
      const skipped = new Map(report.skipped.map((note) => [note.id, note.reason]));
      for (const row of wordpress.all) {
        const ours = `wp-${row.comment_ID}`;
        // WordPress leaves spam out of its own export.
        if (row.comment_approved === 'spam') assert.ok(!imported.has(ours) && !skipped.has(ours), `${ours} (spam) is not in WordPress's export`);
        else assert.ok(imported.has(ours) || skipped.has(ours), `${ours} is imported or reported`);
      }
      assert.equal(report.added.length + report.skipped.length, wordpress.all.filter((row) => row.comment_approved !== 'spam').length);
      assert.deepEqual(report.skipped, [{ id: id('pingback'), reason: 'a pingback, not a comment' }]);
      assert.deepEqual(report.placeholders, [{ id: id('trashed'), reason: 'in the trash, with replies: kept as a deleted placeholder' }]);
      assert.deepEqual(report.topLevel, []);
    });

    it('keeps the thread (post id, title, address), nesting, authors, GMT dates and approval status', async () => {
      const threadId = String(wordpress.post);
      const top = await store.comment(id('top'));
      assert.deepEqual(top && { ...top, seq: 0, root_seq: 0 }, {
        seq: 0, root_seq: 0, id: id('top'), thread_id: threadId, parent_id: null, author_name: 'Ann Guest', author_url: 'https://ann.example/',
        author_avatar_url: null, author_email: 'ann@guest.example', author_identity: null, is_thread_owner: 0,
        body: '<p>First line<br>\nsecond line</p>\n<p>A new paragraph with <em>emphasis</em> & an ampersand.</p>',
        body_format: 'html', created_at: '2024-03-01T10:00:00.000Z', edited_at: null, status: 'approved', session_id: null,
        author_address: null, moderation_prior: null, reports_cleared_at: null,
      });
      const owner = await store.comment(id('owner'));
      assert.deepEqual([owner?.parent_id, owner?.author_identity, owner?.is_thread_owner, owner?.status], [id('top'), `wordpress:${wordpress.adminId}`, 1, 'approved']);
      const held = await store.comment(id('held'));
      assert.deepEqual([held?.parent_id, held?.status, held?.root_seq], [id('owner'), 'pending', top?.seq]);
      const trashed = await store.comment(id('trashed'));
      assert.deepEqual([trashed?.status, trashed?.body, trashed?.author_name, trashed?.author_email], ['deleted', '', '', null]);
      assert.equal((await store.comment(id('under-trash')))?.parent_id, id('trashed'));
      assert.equal(await store.comment(id('spam')), undefined);

      const page = await store.page({ threadId, order: 'oldest', limit: 50, after: null, session: null });
      assert.deepEqual(page.rows.map((row) => row.id), [id('top'), id('owner'), id('trashed'), id('under-trash')], 'the held comment is nobody’s to see');
      const exported = await exportComments(store, { threadId });
      assert.deepEqual(exported.threads, [{ id: threadId, title: 'Imported & exported', url: wordpress.postUrl }]);
      assert.equal(exported.comments.find((comment) => comment.id === id('held'))?.status, 'pending', 'the site owner’s export has it, marked');
    });

    it('brings the seeded conversations along, each comment under its WordPress parent', async () => {
      for (const row of wordpress.all.filter((row) => row.comment_type === 'comment' && row.comment_approved === '1')) {
        const stored = await store.comment(`wp-${row.comment_ID}`);
        assert.equal(stored?.thread_id, row.comment_post_ID, `wp-${row.comment_ID}'s thread`);
        assert.equal(stored?.parent_id, row.comment_parent === '0' ? null : `wp-${row.comment_parent}`, `wp-${row.comment_ID}'s parent`);
      }
    });

    it('exports without emails, and a second import changes nothing', async () => {
      const site = JSON.stringify(await exportComments(store));
      for (const email of ['ann@guest.example', 'held@guest.example', 'regret@guest.example', 'bob@guest.example']) assert.equal(site.includes(email), false, email);
      assert.equal(site.includes('@'), false, 'no address at all');
      const before = await store.comments({});
      const again = await importFile(store, wxr);
      assert.deepEqual([again.added.length, again.existing.length], [0, report.added.length]);
      assert.deepEqual(await store.comments({}), before);
    });
  });
}
