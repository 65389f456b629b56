// The notifier's tables (migration 0008, ./migration.mjs): subscriptions, opt-outs, the comments
// already handled, and the outbox. Every decision that must be taken once across instances is one
// statement or one transaction here: a comment sets off mail once (`notify_seen`), a mail is one
// outbox row (its key names kind, comment and recipient), and one instance at a time claims it.
import { sql } from 'kysely';
import { CURSOR_KEY } from './migration.mjs';

/** @typedef {import('../store/records.mjs').CommentRow} CommentRow */
/** @typedef {import('../store/engine.mjs').Executor} Executor */

/**
 * @typedef {object} OutboxRow one mail to send
 * @property {string} key `<kind>:<comment id>:<recipient key>`
 * @property {'reply' | 'held' | 'report'} kind
 * @property {string} comment_id
 * @property {string} recipient
 * @property {string | null} page_url the page the subscriber posted on (a link's fallback)
 * @property {number} attempts
 */

/** An address as compared and keyed: trimmed, lower-cased. @param {string} email */
export const emailKey = (email) => email.trim().toLowerCase();

/** Change-log entries read in one pass. */
const BATCH = 500;

export class Outbox {
  /** @param {import('../store/index.mjs').Store} store */
  constructor(store) {
    this.engine = store.kernel;
  }

  /**
   * Keeps a subscription to replies to `commentId` (a new post with `notify`); asking again
   * lifts an earlier unsubscribe of the address.
   * @param {{ commentId: string, threadId: string, email: string, identity: string | null, pageUrl: string | null }} input
   */
  subscribe({ commentId, threadId, email, identity, pageUrl }) {
    return this.engine.write(async (trx) => {
      await trx.deleteFrom('notify_optouts').where('email_key', '=', emailKey(email)).execute();
      await trx
        .insertInto('notify_subscriptions')
        .values({ comment_id: commentId, thread_id: threadId, email: email.trim(), email_key: emailKey(email), identity, page_url: pageUrl, created_at: new Date().toISOString() })
        .onConflict((conflict) => conflict.column('comment_id').doNothing())
        .execute();
    });
  }

  /**
   * Unsubscribes an address from everything: its subscriptions go and it is listed as opted out
   * (moderator mail too). @param {string} email @returns {Promise<number>} subscriptions removed
   */
  unsubscribe(email) {
    const key = emailKey(email);
    return this.engine.write(async (trx) => {
      const removed = await trx.deleteFrom('notify_subscriptions').where('email_key', '=', key).executeTakeFirst();
      await trx
        .insertInto('notify_optouts')
        .values({ email_key: key, created_at: new Date().toISOString() })
        .onConflict((conflict) => conflict.column('email_key').doNothing())
        .execute();
      return Number(removed.numDeletedRows);
    });
  }

  /** Whether an address unsubscribed. @param {string} email */
  async optedOut(email) {
    return Boolean(await this.engine.db.selectFrom('notify_optouts').select('email_key').where('email_key', '=', emailKey(email)).executeTakeFirst());
  }

  /** Whether the subscription to replies to `commentId` by `email` still stands. @param {string} commentId @param {string} email */
  async subscribed(commentId, email) {
    return Boolean(
      await this.engine.db.selectFrom('notify_subscriptions').select('comment_id').where('comment_id', '=', commentId).where('email_key', '=', emailKey(email)).executeTakeFirst(),
    );
  }

  /** Whether the change log has entries the notifier has not read. */
  async behind() {
    const db = this.engine.db;
    const cursor = await db.selectFrom('settings').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst();
    const end = await db.selectFrom('changes').select(sql`coalesce(max(event_id), 0)`.as('id')).executeTakeFirstOrThrow();
    return Number(end.id) > Number(cursor?.value ?? 0);
  }

  /**
   * Reads the change log past the cursor (one transaction, one instance at a time): each comment
   * added or updated that is now public (`approved`) and was never handled before sets off a
   * reply mail to the subscriber of the comment it answers, unless that subscriber wrote it.
   * @returns {Promise<{ queued: number, more: boolean }>}
   */
  queueReplies() {
    const engine = this.engine;
    return engine.write(async (trx) => {
      await engine.lockName(trx, CURSOR_KEY);
      const cursor = Number((await trx.selectFrom('settings').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst())?.value ?? 0);
      const changes = await trx.selectFrom('changes').select(['event_id', 'type', 'comment_id']).where('event_id', '>', cursor).orderBy('event_id', 'asc').limit(BATCH).execute();
      if (!changes.length) return { queued: 0, more: false };
      const ids = [...new Set(changes.filter((change) => change.type !== 'removed').map((change) => change.comment_id))];
      let queued = 0;
      if (ids.length) {
        const rows = /** @type {CommentRow[]} */ (await trx.selectFrom('comments').selectAll().where('id', 'in', ids).where('status', '=', 'approved').execute());
        for (const row of rows) {
          const fresh = await trx.insertInto('notify_seen').values({ comment_id: row.id }).onConflict((conflict) => conflict.column('comment_id').doNothing()).returning('comment_id').execute();
          if (!fresh.length || row.parent_id === null) continue;
          queued += await this.#queueReply(trx, row);
        }
      }
      const last = String(Number(/** @type {{ event_id: number }} */ (changes.at(-1)).event_id));
      await trx.updateTable('settings').set({ value: last }).where('key', '=', CURSOR_KEY).execute();
      return { queued, more: changes.length === BATCH };
    });
  }

  /** @param {Executor} trx @param {CommentRow} row */
  async #queueReply(trx, row) {
    const subscription = await trx.selectFrom('notify_subscriptions').selectAll().where('comment_id', '=', row.parent_id).executeTakeFirst();
    if (!subscription) return 0;
    // Never the author themself: the same identity, or the same address.
    if (row.author_identity && subscription.identity === row.author_identity) return 0;
    if (row.author_email && emailKey(row.author_email) === subscription.email_key) return 0;
    return this.#queue(trx, 'reply', row.id, subscription.email, subscription.page_url);
  }

  /**
   * Queues one mail per address (moderators' mail: held and reported comments).
   * @param {'held' | 'report'} kind @param {string} commentId @param {string[]} recipients
   */
  queueFor(kind, commentId, recipients) {
    return this.engine.write(async (trx) => {
      let queued = 0;
      for (const recipient of recipients) queued += await this.#queue(trx, kind, commentId, recipient, null);
      return queued;
    });
  }

  /**
   * One outbox row; a second one for the same kind, comment and address is never made.
   * @param {Executor} trx @param {string} kind @param {string} commentId @param {string} recipient @param {string | null} pageUrl
   */
  async #queue(trx, kind, commentId, recipient, pageUrl) {
    const inserted = await trx
      .insertInto('notify_outbox')
      .values({ key: `${kind}:${commentId}:${emailKey(recipient)}`, kind, comment_id: commentId, recipient: recipient.trim(), page_url: pageUrl, created_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .execute();
    return inserted.length;
  }

  /**
   * Mails due now: not sent, not claimed, fewer than `maxAttempts` tries.
   * @param {number} now @param {number} maxAttempts @param {number} [limit] @returns {Promise<OutboxRow[]>}
   */
  async due(now, maxAttempts, limit = 50) {
    const rows = await this.engine.db
      .selectFrom('notify_outbox')
      .select(['key', 'kind', 'comment_id', 'recipient', 'page_url', 'attempts'])
      .where('sent_at', 'is', null)
      .where('next_at', '<=', now)
      .where('claimed_until', '<=', now)
      .where('attempts', '<', maxAttempts)
      .orderBy('next_at', 'asc')
      .limit(limit)
      .execute();
    return /** @type {OutboxRow[]} */ (rows.map((row) => ({ ...row, attempts: Number(row.attempts) })));
  }

  /**
   * Claims a mail for `leaseMs` (one statement: of two instances, one wins); counts an attempt.
   * @param {string} key @param {number} now @param {number} leaseMs @returns {Promise<boolean>}
   */
  async claim(key, now, leaseMs) {
    const result = await this.engine.db
      .updateTable('notify_outbox')
      .set({ claimed_until: now + leaseMs, attempts: sql`attempts + 1` })
      .where('key', '=', key)
      .where('sent_at', 'is', null)
      .where('claimed_until', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Marks a mail done: sent, or not to be sent (`why`). @param {string} key @param {string | null} [why] */
  async done(key, why = null) {
    await this.engine.db.updateTable('notify_outbox').set({ sent_at: new Date().toISOString(), error: why }).where('key', '=', key).execute();
  }

  /** A failed try: free again from `nextAt`. @param {string} key @param {number} nextAt @param {string} error */
  async failed(key, nextAt, error) {
    await this.engine.db.updateTable('notify_outbox').set({ claimed_until: 0, next_at: nextAt, error: error.slice(0, 500) }).where('key', '=', key).execute();
  }

  /** The outbox rows, oldest first (tests and tools). */
  async rows() {
    return this.engine.db.selectFrom('notify_outbox').selectAll().orderBy('created_at', 'asc').execute();
  }

  /** The thread's stored title and page address. @param {string} threadId @returns {Promise<{ title: string | null, url: string | null }>} */
  async threadSource(threadId) {
    const row = await this.engine.db.selectFrom('threads').select(['title', 'url']).where('id', '=', threadId).executeTakeFirst();
    return { title: row?.title ?? null, url: row?.url ?? null };
  }
}
