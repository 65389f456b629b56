// node --test test/store/ownership-migration.test.mjs: migration 0006 on a real SQLite file
// made at 0004 (ownership by session row) — every author keeps their rights: a signed-in
// session's comments, reactions and keys move to its identity, a guest session's to an author
// token it keeps until its browser gets it; sessions that own nothing and name nobody go.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../../server/store/migrations.mjs';
import { openStore } from '../../server/store/index.mjs';

const base = mkdtempSync(join(tmpdir(), 'store-ownership-'));
after(() => rmSync(base, { recursive: true, force: true }));

const comment = (id, session) => ({
  id, thread_id: 't', parent_id: null, root_seq: 1, author_name: 'A', body: id, created_at: '2024-01-01T00:00:00Z', status: 'approved', session_id: session,
});

describe('migration 0006: ownership by identity or author token', () => {
  it('moves each session’s comments, reactions, reports and keys to its identity or a kept author token', async () => {
    const dataDir = join(base, 'db');
    mkdirSync(dataDir);
    const db = new Kysely({ dialect: new SqliteDialect({ database: new Database(join(dataDir, 'comments.sqlite')) }) });
    const result = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateTo('0004_imports_and_authors');
    assert.equal(result.error, undefined);
    const now = '2024-01-01T00:00:00Z';
    await db.insertInto('sessions').values([
      { id: 'signed-a', identity: JSON.stringify({ optionId: 'github', subject: '42', name: 'Gita' }), created_at: now },
      { id: 'signed-b', identity: JSON.stringify({ optionId: 'github', subject: '42', name: 'Gita' }), created_at: now },
      { id: 'guest', identity: null, created_at: now },
      { id: 'simulated', identity: JSON.stringify({ optionId: 'demo', name: 'Demo reader' }), created_at: now },
      { id: 'reader', identity: null, created_at: now },
    ]).execute();
    await db.insertInto('comments').values([comment('by-a', 'signed-a'), comment('by-b', 'signed-b'), comment('by-guest', 'guest'), comment('by-sim', 'simulated')]).execute();
    await db.insertInto('reactions').values([
      { comment_id: 'by-guest', reaction: 'like', session_id: 'signed-a' },
      { comment_id: 'by-guest', reaction: 'like', session_id: 'signed-b' }, // the same identity twice: merged
      { comment_id: 'by-a', reaction: 'like', session_id: 'guest' },
    ]).execute();
    await db.insertInto('comment_keys').values([
      { session_id: 'signed-a', key: 'k1', comment_id: 'by-a', thread_id: 't', created_at: now },
      { session_id: 'signed-b', key: 'k1', comment_id: 'by-b', thread_id: 't', created_at: now },
      { session_id: 'guest', key: 'k2', comment_id: 'by-guest', thread_id: 't', created_at: now },
    ]).execute();
    await db.destroy();

    const store = await openStore({ dataDir });
    try {
      assert.ok(store.startup.migrations.includes('0006_ownership_by_identity_or_author_token'));
      assert.equal((await store.comment('by-a'))?.session_id, 'github:42');
      assert.equal((await store.comment('by-b'))?.session_id, 'github:42');
      const guest = await store.session('guest');
      assert.match(String(guest?.authorToken), /^[A-Za-z0-9_-]{43}$/);
      assert.equal((await store.comment('by-guest'))?.session_id, guest?.authorToken);
      const simulated = await store.session('simulated');
      assert.match(String(simulated?.authorToken), /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(simulated?.authorToken, guest?.authorToken);
      assert.equal((await store.comment('by-sim'))?.session_id, simulated?.authorToken);
      // Reactions: the identity's two likes are one; the guest's like is the guest token's.
      const guestRecord = await store.toRecord(/** @type {any} */ (await store.comment('by-guest')), 'github:42');
      assert.deepEqual(guestRecord.reactions?.like, { count: 1, mine: true });
      const aRecord = await store.toRecord(/** @type {any} */ (await store.comment('by-a')), /** @type {string} */ (guest?.authorToken));
      assert.deepEqual(aRecord.reactions?.like, { count: 1, mine: true });
      assert.equal(aRecord.viewerIsAuthor, undefined);
      assert.equal((await store.toRecord(/** @type {any} */ (await store.comment('by-a')), 'github:42')).viewerIsAuthor, true);
      // Keys follow their owner.
      assert.equal((await store.commentForKey('k2', /** @type {string} */ (guest?.authorToken)))?.threadId, 't');
      assert.ok(await store.commentForKey('k1', 'github:42'));
      assert.equal(await store.commentForKey('k1', 'signed-a'), undefined);
      // A session that only read is gone; the signed-in ones stay signed in.
      assert.equal(await store.session('reader'), null);
      assert.equal((await store.session('signed-a'))?.identity?.name, 'Gita');
    } finally {
      await store.close();
    }
  });

  it('ends a session unused for longer than the idle time', async () => {
    const store = await openStore({ dataDir: join(base, 'idle') });
    try {
      const id = await store.createSession(/** @type {any} */ ({ optionId: 'dev', subject: 'ada', name: 'Ada' }));
      assert.equal((await store.session(id, 60_000))?.identity?.name, 'Ada');
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(await store.session(id, 10), null, 'idle for longer than 10 ms');
      assert.equal(await store.session(id), null, 'ended for good');
    } finally {
      await store.close();
    }
  });
});
