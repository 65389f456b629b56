// The store's schema, as versioned kysely migrations, written once for SQLite and PostgreSQL.
// Names sort in the order they run; a migration, once released, is never edited: add a new one.
// 0001 is the schema of the first release, with IF NOT EXISTS so a data folder made by the
// store before migrations existed (same tables, no kysely_migration) is adopted as it is.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { moderationMigration } from './moderation-schema.mjs';
import { notifyMigration } from '../mail/migration.mjs';
import { openStreamsMigration } from './streams.mjs';

/** @typedef {'sqlite' | 'postgres'} EngineName */
/** @typedef {import('kysely').Kysely<any>} AnyKysely */
/** @typedef {import('kysely').Migration} Migration */

/**
 * The store's migrations for one engine (column types differ only in the auto-numbered keys).
 * @param {EngineName} engine
 * @returns {Record<string, Migration>}
 */
export function migrations(engine) {
  const pg = engine === 'postgres';
  /**
   * An auto-numbered primary key: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT (never reused),
   * PostgreSQL's bigserial.
   * @param {import('kysely').CreateTableBuilder<any, any>} table @param {string} name
   */
  const serial = (table, name) =>
    pg
      ? table.addColumn(name, 'bigserial', (column) => column.primaryKey())
      : table.addColumn(name, 'integer', (column) => column.primaryKey().autoIncrement());

  return {
    '0001_initial': {
      /** @param {AnyKysely} db */
      async up(db) {
        await serial(db.schema.createTable('comments').ifNotExists(), 'seq')
          .addColumn('id', 'text', (column) => column.notNull().unique())
          .addColumn('thread_id', 'text', (column) => column.notNull())
          .addColumn('parent_id', 'text')
          .addColumn('root_seq', 'bigint', (column) => column.notNull().defaultTo(0))
          .addColumn('author_name', 'text', (column) => column.notNull())
          .addColumn('author_url', 'text')
          .addColumn('author_avatar_url', 'text')
          .addColumn('author_email', 'text')
          .addColumn('is_thread_owner', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('body', 'text', (column) => column.notNull())
          .addColumn('body_format', 'text', (column) => column.notNull().defaultTo('markdown'))
          .addColumn('created_at', 'text', (column) => column.notNull())
          .addColumn('edited_at', 'text')
          .addColumn('status', 'text', (column) => column.notNull().defaultTo('approved'))
          .addColumn('session_id', 'text')
          .execute();
        await db.schema.createIndex('comments_page').ifNotExists().on('comments').columns(['thread_id', 'root_seq', 'seq']).execute();
        await db.schema
          .createTable('idempotency_keys')
          .ifNotExists()
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('comment_id', 'text', (column) => column.notNull())
          .addColumn('thread_id', 'text', (column) => column.notNull())
          .addColumn('created_at', 'text', (column) => column.notNull())
          .execute();
        await serial(db.schema.createTable('changes').ifNotExists(), 'event_id')
          .addColumn('thread_id', 'text', (column) => column.notNull())
          .addColumn('type', 'text', (column) => column.notNull())
          .addColumn('comment_id', 'text', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('changes_thread').ifNotExists().on('changes').columns(['thread_id', 'event_id']).execute();
        await db.schema
          .createTable('sessions')
          .ifNotExists()
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('identity', 'text')
          .addColumn('created_at', 'text', (column) => column.notNull())
          .execute();
        await db.schema
          .createTable('threads')
          .ifNotExists()
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('closed', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('requires_sign_in', 'integer', (column) => column.notNull().defaultTo(0))
          .addColumn('required_guest_fields', 'text', (column) => column.notNull().defaultTo('["name","email"]'))
          .execute();
        await db.schema
          .createTable('reactions')
          .ifNotExists()
          .addColumn('comment_id', 'text', (column) => column.notNull())
          .addColumn('reaction', 'text', (column) => column.notNull())
          .addColumn('session_id', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('reactions_pkey', ['comment_id', 'reaction', 'session_id'])
          .execute();
        await serial(db.schema.createTable('reports').ifNotExists(), 'id')
          .addColumn('comment_id', 'text', (column) => column.notNull())
          .addColumn('reason', 'text', (column) => column.notNull())
          .addColumn('session_id', 'text')
          .addColumn('created_at', 'text', (column) => column.notNull())
          .execute();
        await db.schema
          .createTable('settings')
          .ifNotExists()
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('value', 'text', (column) => column.notNull())
          .execute();
      },
    },

    '0002_thread_edit_window_and_reactions': {
      /**
       * Columns the store added after its first release; a data folder that got them from the
       * pre-migration store keeps them. Also an index for "has this comment replies?".
       * @param {AnyKysely} db
       */
      async up(db) {
        const threads = (await db.introspection.getTables()).find((table) => table.name === 'threads');
        const have = new Set(threads?.columns.map((column) => column.name));
        if (!have.has('edit_window')) await db.schema.alterTable('threads').addColumn('edit_window', 'integer').execute();
        if (!have.has('reactions')) await db.schema.alterTable('threads').addColumn('reactions', 'text').execute();
        await db.schema.createIndex('comments_parent').ifNotExists().on('comments').column('parent_id').execute();
      },
    },

    '0003_idempotency_keys_per_session': {
      /**
       * Idempotency keys belong to the session that sent them: another reader holding the same
       * key gets nothing of the author's. The global keys of before can never match a session.
       * @param {AnyKysely} db
       */
      async up(db) {
        await db.schema
          .createTable('comment_keys')
          .ifNotExists()
          .addColumn('session_id', 'text', (column) => column.notNull())
          .addColumn('key', 'text', (column) => column.notNull())
          .addColumn('comment_id', 'text', (column) => column.notNull())
          .addColumn('thread_id', 'text', (column) => column.notNull())
          .addColumn('created_at', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('comment_keys_pkey', ['session_id', 'key'])
          .execute();
        await db.schema.dropTable('idempotency_keys').ifExists().execute();
      },
    },

    '0004_imports_and_authors': {
      /**
       * Threads keep the title and page address an import brings; comments keep who wrote them
       * as `<option>:<subject>` (sign-in) or the source's account, so one reader's comments can be
       * found for a data-protection request. Comments already written get it from their session.
       * @param {AnyKysely} db
       */
      async up(db) {
        await db.schema.alterTable('threads').addColumn('title', 'text').execute();
        await db.schema.alterTable('threads').addColumn('url', 'text').execute();
        await db.schema.alterTable('comments').addColumn('author_identity', 'text').execute();
        await db.schema.createIndex('comments_author_identity').on('comments').column('author_identity').execute();
        const sessions = await db.selectFrom('sessions').select(['id', 'identity']).where('identity', 'is not', null).execute();
        for (const session of sessions) {
          const identity = identityKey(session.identity);
          if (identity) await db.updateTable('comments').set({ author_identity: identity }).where('session_id', '=', session.id).execute();
        }
      },
    },

    '0005_rate_limits': {
      /**
       * Rate-limit counts shared by every instance (server/store/limits.mjs), and an index for
       * "how often did this reader report this comment?".
       * @param {AnyKysely} db
       */
      async up(db) {
        await db.schema
          .createTable('rate_limits')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('count', 'integer', (column) => column.notNull())
          .addColumn('reset_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema.createIndex('reports_comment_session').on('reports').columns(['comment_id', 'session_id']).execute();
      },
    },

    '0006_ownership_by_identity_or_author_token': {
      /**
       * What a reader wrote, reacted with, reported or keyed no longer belongs to a session row
       * but to an owner key: `<option>:<subject>` of a verified sign-in, else a guest's author
       * token (server/plugins/session.mjs). Each session's rows move to its identity, or to a new
       * token the session keeps (`author_token`) until its browser gets it as its own cookie.
       * Sessions that own nothing and name nobody (readers who only read) go. Sessions get
       * `seen_at`, for idle expiry.
       * @param {AnyKysely} db
       */
      async up(db) {
        await db.schema.alterTable('sessions').addColumn('seen_at', 'text').execute();
        await db.schema.alterTable('sessions').addColumn('author_token', 'text').execute();
        const now = new Date().toISOString();
        await db.updateTable('sessions').set({ seen_at: now }).execute();
        const owned = ['comments', 'reactions', 'reports', 'comment_keys'];
        for (const session of await db.selectFrom('sessions').select(['id', 'identity']).execute()) {
          let owner = identityKey(session.identity);
          if (!owner) {
            let owns = false;
            for (const table of owned) {
              owns ||= Boolean(await db.selectFrom(table).select('session_id').where('session_id', '=', session.id).limit(1).executeTakeFirst());
            }
            if (!owns && !session.identity) {
              await db.deleteFrom('sessions').where('id', '=', session.id).execute();
              continue;
            }
            owner = randomBytes(32).toString('base64url');
            await db.updateTable('sessions').set({ author_token: owner }).where('id', '=', session.id).execute();
          }
          // One identity signed in from two sessions: its reactions and keys merge (no duplicate keys).
          await sql`delete from reactions where session_id = ${session.id} and exists (select 1 from reactions r2
            where r2.session_id = ${owner} and r2.comment_id = reactions.comment_id and r2.reaction = reactions.reaction)`.execute(db);
          await sql`delete from comment_keys where session_id = ${session.id} and exists (select 1 from comment_keys k2
            where k2.session_id = ${owner} and k2.key = comment_keys.key)`.execute(db);
          for (const table of owned) await db.updateTable(table).set({ session_id: owner }).where('session_id', '=', session.id).execute();
        }
      },
    },

    // Moderation: addresses, Undo, report handling, thread first seen, bans, the audit log (./moderation.mjs).
    '0007_moderation': moderationMigration(serial),
    // Email notifications: server/mail/migration.mjs (independent of 0007).
    '0008_mail_notifications': notifyMigration(),
    // Open live streams per address, counted across instances, and the list version (./streams.mjs).
    '0009_open_streams': openStreamsMigration(engine),
  };
}

/**
 * A session's identity (stored JSON) as `<option>:<subject>`, or null without a subject.
 * @param {string | null} stored
 * @returns {string | null}
 */
export function identityKey(stored) {
  try {
    const identity = stored ? JSON.parse(stored) : null;
    return identity && typeof identity.optionId === 'string' && typeof identity.subject === 'string' && identity.subject
      ? `${identity.optionId}:${identity.subject}`
      : null;
  } catch {
    return null;
  }
}

/**
 * A kysely migration provider over {@link migrations}.
 * @param {EngineName} engine
 * @returns {import('kysely').MigrationProvider}
 */
export function migrationProvider(engine) {
  return { getMigrations: async () => migrations(engine) };
}
