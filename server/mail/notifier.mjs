// Email notifications (README "Notifications"): readers who asked are told of replies to their
// comment, moderators (MODERATOR_EMAILS) of held and reported comments, over SMTP with nodemailer.
// Reply mail follows the store's change log, not any route: whoever makes a comment public
// (posting it approved, a moderator approving it, an import) sets it off, once, on any instance.
// Every mail goes through the outbox (./outbox.mjs): a failed send is retried with a back-off and
// logged; the post that set it off never waits for SMTP nor fails because of it.
import nodemailer from 'nodemailer';
import { Outbox } from './outbox.mjs';
import { commentLink, composeMail } from './message.mjs';
import { unsubscribeToken } from './token.mjs';

/** @typedef {import('../store/records.mjs').CommentRow} CommentRow */

/**
 * @typedef {object} MailOptions
 * @property {string | object} smtp SMTP_URL (`smtp://user:pass@host:587`, `smtps://…`), or a nodemailer transport's options
 * @property {string} from MAIL_FROM, e.g. `Comments <comments@example.org>`
 * @property {string} secret SECRET: signs unsubscribe links
 * @property {string[]} [moderatorEmails] MODERATOR_EMAILS: who is told of held and reported comments
 * @property {number} [pollMs] how often the change log and the outbox are read without a signal (default 5000)
 * @property {number} [retryMs] the first retry's delay; each next one doubles (default 60000; MAIL_RETRY_MS)
 * @property {number} [maxAttempts] tries before a mail is given up (and logged) (default 6)
 * @property {number} [leaseMs] how long a claimed mail is one instance's (default 120000)
 */

/** A mail address as MODERATOR_EMAILS and identity claims give it: one @, no spaces, no brackets. */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;".]+(\.[^\s@<>,;".]+)+$/;

/** @param {unknown} value */
export function isAddress(value) {
  return typeof value === 'string' && value.length <= 254 && ADDRESS.test(value);
}

/**
 * The mail settings from the environment, or null without SMTP_URL (no mail at all):
 * SMTP_URL, MAIL_FROM (default `comments@<SMTP host>`), MODERATOR_EMAILS (comma list),
 * MAIL_RETRY_MS, SECRET (required with SMTP_URL).
 * @param {NodeJS.ProcessEnv} env @returns {MailOptions | null}
 */
export function mailOptionsFromEnv(env) {
  const smtp = (env.SMTP_URL ?? '').trim();
  if (!smtp) return null;
  if (!/^smtps?:\/\//i.test(smtp)) throw new Error('SMTP_URL must start with smtp:// or smtps:// (e.g. smtp://user:password@mail.example.org:587)');
  if (!env.SECRET) throw new Error('SMTP_URL needs SECRET (it signs the unsubscribe links)');
  const host = new URL(smtp).hostname || 'localhost';
  const retry = Number(env.MAIL_RETRY_MS);
  return {
    smtp,
    from: (env.MAIL_FROM ?? '').trim() || `comments@${host}`,
    secret: env.SECRET,
    moderatorEmails: (env.MODERATOR_EMAILS ?? '').split(',').map((address) => address.trim()).filter(isAddress),
    ...(retry > 0 ? { retryMs: retry } : {}),
  };
}

export class Notifier {
  /** @type {Outbox} */
  outbox;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #timer;
  /** A pass is running; `again`: run one more when it ends. */
  #running = /** @type {Promise<void> | null} */ (null);
  #again = false;
  #stopped = false;

  /**
   * @param {{ store: import('../store/index.mjs').Store, options: MailOptions, publicUrl: () => string,
   *   log: { warn: (...args: any[]) => void, error: (...args: any[]) => void } }} context
   */
  constructor({ store, options, publicUrl, log }) {
    this.store = store;
    this.options = options;
    this.publicUrl = publicUrl;
    this.log = log;
    this.outbox = new Outbox(store);
    this.transport = nodemailer.createTransport(
      /** @type {any} */ (typeof options.smtp === 'string' ? { url: options.smtp, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } : options.smtp),
    );
  }

  /** Reads the change log and the outbox now and every `pollMs`. */
  start() {
    this.#timer = setInterval(() => this.kick(), this.options.pollMs ?? 5000);
    this.#timer.unref();
    this.kick();
  }

  /** Stops, after the pass in progress. */
  async stop() {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
    this.transport.close();
  }

  /** Something changed: run a pass (one at a time; a signal during a pass runs another after it). */
  kick() {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          await this.pass();
        } catch (error) {
          this.log.warn({ err: error }, 'mail notifier: a pass failed; it runs again on the next change or poll');
        }
      } while (this.#again && !this.#stopped);
      this.#running = null;
    })();
  }

  /** Waits for the pass in progress (tests). */
  async idle() {
    while (this.#running) await this.#running;
  }

  /** Queues what the change log calls for, then sends what is due. */
  async pass() {
    if (await this.outbox.behind()) {
      for (let more = true; more && !this.#stopped; ) ({ more } = await this.outbox.queueReplies());
    }
    await this.deliver();
  }

  /** Sends each due mail this instance can claim. */
  async deliver() {
    const { maxAttempts = 6, leaseMs = 120_000, retryMs = 60_000 } = this.options;
    for (const mail of await this.outbox.due(Date.now(), maxAttempts)) {
      if (this.#stopped) return;
      if (!(await this.outbox.claim(mail.key, Date.now(), leaseMs))) continue;
      try {
        const why = await this.#send(mail);
        await this.outbox.done(mail.key, why);
      } catch (error) {
        const attempt = mail.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= maxAttempts) this.log.error({ key: mail.key }, `mail notifier: giving up after ${attempt} tries: ${message}`);
        else this.log.warn({ key: mail.key }, `mail notifier: sending failed (try ${attempt} of ${maxAttempts}), retried later: ${message}`);
        await this.outbox.failed(mail.key, Date.now() + retryMs * 2 ** (attempt - 1), message);
      }
    }
  }

  /**
   * Sends one mail, or says why it is not sent (no longer public, unsubscribed).
   * @param {import('./outbox.mjs').OutboxRow} mail @returns {Promise<string | null>}
   */
  async #send(mail) {
    const row = await this.store.comment(mail.comment_id);
    if (!row) return 'the comment is gone';
    if (mail.kind === 'reply') {
      if (row.status !== 'approved') return 'the comment is not public';
      if (!row.parent_id || !(await this.outbox.subscribed(row.parent_id, mail.recipient))) return 'unsubscribed';
    } else if (mail.kind === 'held' && row.status !== 'pending') return 'no longer held';
    else if (await this.outbox.optedOut(mail.recipient)) return 'unsubscribed';
    const source = await this.outbox.threadSource(row.thread_id);
    const unsubscribeUrl = `${this.publicUrl()}/api/mail/unsubscribe?token=${unsubscribeToken(this.options.secret, mail.recipient)}`;
    const parts = composeMail({
      kind: mail.kind,
      to: mail.recipient,
      row,
      title: source.title,
      link: commentLink(source.url ?? mail.page_url, row.id),
      unsubscribeUrl,
    });
    await this.transport.sendMail({ from: this.options.from, ...parts });
    return null;
  }

  /**
   * A comment was just stored by the comment route: keeps the author's subscription (`notify`
   * with an address), tells the moderators of a held one, and runs a pass.
   * @param {CommentRow} row @param {{ email: string, identity: string | null, pageUrl: string | null } | null} subscription
   */
  async posted(row, subscription) {
    try {
      if (subscription && row.status !== 'spam') await this.outbox.subscribe({ commentId: row.id, threadId: row.thread_id, ...subscription });
      if (row.status === 'pending' && this.options.moderatorEmails?.length) await this.outbox.queueFor('held', row.id, this.options.moderatorEmails);
    } catch (error) {
      this.log.error({ err: error }, 'mail notifier: could not record a subscription or a moderators’ mail');
    }
    this.kick();
  }

  /** A comment was reported: the moderators are told (once per comment). @param {CommentRow} row */
  async reported(row) {
    if (!this.options.moderatorEmails?.length) return;
    try {
      await this.outbox.queueFor('report', row.id, this.options.moderatorEmails);
    } catch (error) {
      this.log.error({ err: error }, 'mail notifier: could not queue the moderators’ mail of a report');
    }
    this.kick();
  }
}
