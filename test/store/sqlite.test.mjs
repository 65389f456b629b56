// node --test test/store/sqlite.test.mjs: the store suite on SQLite, a real file in a temp folder per test.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, storeOptionsFromEnv } from '../../server/store/index.mjs';
import { migrations } from '../../server/store/migrations.mjs';
import { abuseSuite } from './abuse-suite.mjs';
import { streamsSuite } from './streams-suite.mjs';
import { storeSuite } from './store-suite.mjs';

const base = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
let n = 0;
after(() => rmSync(base, { recursive: true, force: true }));

storeSuite('sqlite', async () => ({ dataDir: join(base, `db${++n}`) }));
abuseSuite('sqlite', async () => ({ dataDir: join(base, `db${++n}`) }));
streamsSuite('sqlite', async () => ({ dataDir: join(base, `db${++n}`) }));

describe('store on sqlite: a data folder made before migrations existed', () => {
  // Tables as the pre-migration store (server/store.mjs) created them, with one thread and one
  // comment; `threadColumns` are the columns it added later, when that folder already had them.
  for (const threadColumns of ['', ', edit_window INTEGER, reactions TEXT']) {
    it(`is adopted as it is, data kept${threadColumns ? ' (threads already had edit_window and reactions)' : ''}`, async () => {
      const dataDir = join(base, `old${++n}`);
      mkdirSync(dataDir);
      const old = new Database(join(dataDir, 'comments.sqlite'));
      old.exec(`
        CREATE TABLE comments (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, thread_id TEXT NOT NULL, parent_id TEXT,
          root_seq INTEGER NOT NULL DEFAULT 0, author_name TEXT NOT NULL, author_url TEXT, author_avatar_url TEXT, author_email TEXT,
          is_thread_owner INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL, body_format TEXT NOT NULL DEFAULT 'markdown',
          created_at TEXT NOT NULL, edited_at TEXT, status TEXT NOT NULL DEFAULT 'approved', session_id TEXT);
        CREATE INDEX comments_page ON comments (thread_id, root_seq, seq);
        CREATE TABLE changes (event_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id TEXT NOT NULL, type TEXT NOT NULL, comment_id TEXT NOT NULL);
        CREATE TABLE threads (id TEXT PRIMARY KEY, closed INTEGER NOT NULL DEFAULT 0, requires_sign_in INTEGER NOT NULL DEFAULT 0,
          required_guest_fields TEXT NOT NULL DEFAULT '["name","email"]'${threadColumns});
        INSERT INTO comments (id, thread_id, root_seq, author_name, body, created_at) VALUES ('old', 't', 1, 'Ann', 'kept', '2024-01-01T00:00:00Z');
        INSERT INTO changes (thread_id, type, comment_id) VALUES ('t', 'added', 'old');
        INSERT INTO threads (id, closed) VALUES ('t', 1);
      `);
      old.close();
      const store = await openStore({ dataDir });
      try {
        // Every migration, in order (each engineer's new one joins without editing this line).
        assert.deepEqual(store.startup.migrations, Object.keys(migrations('sqlite')).sort());
        assert.deepEqual(store.startup.migrations.slice(0, 6), ['0001_initial', '0002_thread_edit_window_and_reactions', '0003_idempotency_keys_per_session', '0004_imports_and_authors', '0005_rate_limits', '0006_ownership_by_identity_or_author_token']);
        assert.equal((await store.comment('old'))?.body, 'kept');
        assert.equal(await store.lastEventId(), 1);
        await store.setThread('t', { editWindow: 60 });
        assert.deepEqual(await store.thread('t'), { closed: true, requiresSignIn: false, requiredGuestFields: ['name', 'email'], editWindow: 60 });
        const created = await store.createComment({ key: 'k', threadId: 't', parentId: 'old', author: { name: 'B' }, body: 'new', status: 'approved', session: 's' });
        assert.ok('row' in created);
        assert.deepEqual([created.row.seq, created.row.root_seq, created.eventId], [2, 1, 2]);
        assert.equal(await store.createSession().then((id) => id.length), 43);
      } finally {
        await store.close();
      }
    });
  }
});

describe('store configuration', () => {
  it('refuses a DATABASE_URL that is not postgres://, saying what it expects', async () => {
    await assert.rejects(openStore({ databaseUrl: 'mysql://user:secret@localhost/db' }), (error) => {
      assert.match(String(error), /DATABASE_URL must start with postgres:\/\/ \(got "mysql:…"\)/);
      assert.doesNotMatch(String(error), /secret/);
      return true;
    });
  });

  it('reads DATABASE_URL first, else DATA_DIR (default .data) relative to the project', () => {
    assert.deepEqual(storeOptionsFromEnv({}, '/srv/app'), { dataDir: '/srv/app/.data', databaseUrl: undefined });
    assert.deepEqual(storeOptionsFromEnv({ DATA_DIR: 'var/db' }, '/srv/app'), { dataDir: '/srv/app/var/db', databaseUrl: undefined });
    assert.equal(storeOptionsFromEnv({ DATABASE_URL: 'postgres://h/db', DATA_DIR: '/x' }, '/srv/app').databaseUrl, 'postgres://h/db');
  });
});
