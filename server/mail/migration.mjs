// Migration 0008 (email notifications, README "Notifications"): written here, listed in
// ../store/migrations.mjs. It reads and writes only its own tables and `settings`, so it does not
// depend on 0007 (moderation) and either may land first.
import { sql } from 'kysely';

/** @typedef {import('kysely').Kysely<any>} AnyKysely */

/** Where the notifier has read the change log up to (a `settings` key). */
export const CURSOR_KEY = 'notify_cursor';

/**
 * The tables of the mail notifier:
 * - `notify_subscriptions`: a reader asked to be told of replies to this comment (one row a comment);
 * - `notify_optouts`: addresses that unsubscribed (no mail of any kind until they ask again);
 * - `notify_seen`: comments the notifier has handled as public (each sets off mail once);
 * - `notify_outbox`: one row per mail (kind, comment, recipient): claimed by one instance at a
 *   time, marked sent, or retried with a back-off (server/mail/outbox.mjs).
 * The cursor starts at the change log's end: what happened before notifications existed mails nobody.
 * @returns {import('kysely').Migration}
 */
export function notifyMigration() {
  return {
    /** @param {AnyKysely} db */
    async up(db) {
      await db.schema
        .createTable('notify_subscriptions')
        .addColumn('comment_id', 'text', (column) => column.primaryKey())
        .addColumn('thread_id', 'text', (column) => column.notNull())
        .addColumn('email', 'text', (column) => column.notNull())
        .addColumn('email_key', 'text', (column) => column.notNull())
        .addColumn('identity', 'text')
        .addColumn('page_url', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('notify_subscriptions_email').on('notify_subscriptions').column('email_key').execute();
      await db.schema
        .createTable('notify_optouts')
        .addColumn('email_key', 'text', (column) => column.primaryKey())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createTable('notify_seen').addColumn('comment_id', 'text', (column) => column.primaryKey()).execute();
      await db.schema
        .createTable('notify_outbox')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('comment_id', 'text', (column) => column.notNull())
        .addColumn('recipient', 'text', (column) => column.notNull())
        .addColumn('page_url', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('next_at', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('claimed_until', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('sent_at', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('notify_outbox_due').on('notify_outbox').columns(['sent_at', 'next_at']).execute();
      const end = await sql`select coalesce(max(event_id), 0) as id from changes`.execute(db);
      const id = String(Number(/** @type {{ id: unknown }} */ (end.rows[0]).id));
      await db
        .insertInto('settings')
        .values({ key: CURSOR_KEY, value: id })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: id }))
        .execute();
    },
  };
}
