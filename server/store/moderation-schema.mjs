// The moderation tables (migration 0007): kept apart from the queries that use them.

/**
 * Migration 0007 (server/store/migrations.mjs lists it): where a comment was posted from, the
 * state before the last moderation action (Undo), when its reports were last dealt with; when a
 * thread was first seen; the queue's change log; bans; the audit log.
 * @param {(table: import('kysely').CreateTableBuilder<any, any>, name: string) => import('kysely').CreateTableBuilder<any, any>} serial
 * @returns {import('kysely').Migration}
 */
export function moderationMigration(serial) {
  return {
    /** @param {import('kysely').Kysely<any>} db */
    async up(db) {
      await db.schema.alterTable('comments').addColumn('author_address', 'text').execute();
      await db.schema.alterTable('comments').addColumn('moderation_prior', 'text').execute();
      await db.schema.alterTable('comments').addColumn('reports_cleared_at', 'text').execute();
      await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();
      await db.schema.alterTable('threads').addColumn('created_at', 'text').execute();
      await db.schema
        .createTable('bans')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('identity', 'text')
        .addColumn('email_hash', 'text')
        .addColumn('address', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('created_by', 'text', (column) => column.notNull())
        .execute();
      await serial(db.schema.createTable('moderation_changes'), 'event_id')
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('comment_id', 'text', (column) => column.notNull())
        .execute();
      await serial(db.schema.createTable('moderation_log'), 'id')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('comment_id', 'text')
        .addColumn('thread_id', 'text')
        .addColumn('ban_id', 'text')
        .addColumn('detail', 'text')
        .execute();
    },
  };
}
