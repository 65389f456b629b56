// node --test test/notify/: the reference server's email notifications over real HTTP, sent
// with nodemailer to a real SMTP server (smtp-server) on loopback, on a SQLite file and on a
// throwaway PostgreSQL cluster: a reply mail arrives once (also with two instances on one store),
// to its one recipient, never to the author themself; unsubscribing (the confirm page's button,
// RFC 8058's one-click POST) stops it; a forged or altered link is refused; a held comment mails
// no reader until it is approved (through the store's change log), moderators get held and
// report mail; no SMTP_URL means no offer and no mail; an SMTP server that is down fails no post
// and the mail arrives once it is back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startPostgres } from '../../scripts/postgres.mjs';
import { unsubscribeToken, verifyUnsubscribeToken } from '../../server/mail/token.mjs';
import { Reader, freePort, serverWith, startSmtp } from './support.mjs';

const SECRET = 'test-secret-of-thirty-two-bytes-or-so-000';
const base = mkdtempSync(join(tmpdir(), 'notify-'));
let n = 0;
after(() => rmSync(base, { recursive: true, force: true }));

/** @type {(() => Promise<unknown>)[]} */
let cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Lets the notifiers run a few passes (their poll is 100 ms here). */
const settle = (ms = 600) => new Promise((resolve) => setTimeout(resolve, ms));

const MODERATION_TOKEN = 'moderation-token-for-the-notify-tests';

/**
 * Approves a held comment through the moderation route (MODERATION_TOKEN), as a moderator's
 * `<comment-moderation>` or a script does.
 * @param {string} api @param {string} id
 */
async function approveByRoute(api, id) {
  const response = await fetch(`${api}/moderation/comments/${encodeURIComponent(id)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MODERATION_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'approve' }),
  });
  assert.equal(response.status, 200, await response.text());
}

/**
 * The suite on one engine.
 * @param {string} engine @param {() => Promise<import('../../server/store/index.mjs').StoreOptions>} where
 */
function notifySuite(engine, where) {
  describe(`email notifications (${engine})`, () => {
    /** @param {NodeJS.ProcessEnv} [env] @param {import('../../server/store/index.mjs').StoreOptions} [at] */
    const start = async (env = {}, at) => {
      const server = await serverWith({ SECRET, MAIL_FROM: 'Comments <comments@blog.example>', ...env }, at ?? (await where()));
      cleanups.push(server.close);
      return server;
    };
    /** @returns {Promise<Awaited<ReturnType<typeof startSmtp>>>} */
    const smtp = async () => {
      const catcher = await startSmtp();
      cleanups.push(catcher.stop);
      return catcher;
    };

    it('offers mail in ThreadInfo only with SMTP_URL; without it, notify is accepted and nothing is kept or sent', async () => {
      const catcher = await smtp();
      const on = await start({ SMTP_URL: catcher.url });
      assert.equal((await new Reader(on.api, { name: 'x' }).call('GET', '/threads/t')).body.notifications, true);
      const off = await start({});
      const info = await new Reader(off.api, { name: 'x' }).call('GET', '/threads/t');
      assert.equal(info.status, 200);
      assert.equal('notifications' in info.body, false);
      const ann = new Reader(off.api, { name: 'Ann', email: 'ann@example.com' });
      const parent = await ann.post('Hello', { notify: true });
      assert.equal(parent.status, 201);
      const reply = await new Reader(off.api, { name: 'Bob', email: 'bob@example.com' }).post('Hi Ann', { parentId: parent.body.id });
      assert.equal(reply.status, 201);
      await settle();
      assert.equal(catcher.mails.length, 0);
      assert.equal(off.context.mail, null);
    });

    it('refuses a notify that is not a boolean, and asking without an address, with clear messages', async () => {
      const catcher = await smtp();
      const server = await start({ SMTP_URL: catcher.url });
      await server.store.setThread('t', { requiredGuestFields: ['name'] });
      const wrong = await new Reader(server.api, { name: 'Ann', email: 'ann@example.com' }).post('Hello', { notify: 'yes' });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.message, /"notify" must be true or false/);
      const noAddress = await new Reader(server.api, { name: 'Ann' }).post('Hello', { notify: true });
      assert.equal(noAddress.status, 422);
      assert.equal(noAddress.body.error.code, 'validation');
      assert.match(noAddress.body.error.fieldErrors.email, /email address is needed/);
      assert.equal(await server.store.countByBody('Hello'), 0, 'nothing stored when refused');
    });

    it('mails a reply once, to the subscriber alone, with its text, safe HTML, a link and RFC 8058 unsubscribe headers', async () => {
      const catcher = await smtp();
      const server = await start({ SMTP_URL: catcher.url });
      const ann = new Reader(server.api, { name: 'Ann', email: 'Ann@example.com' });
      const bob = new Reader(server.api, { name: 'Bob', email: 'bob@example.com' });
      const parent = await ann.post('What about latency?', { notify: true });
      assert.equal(parent.status, 201);
      // Bob did not ask: nobody is told of replies to his comment.
      const other = await bob.post('Unrelated');
      const reply = await bob.post('Latency is <script>alert(1)</script> **real**\n\nSecond paragraph & more', { parentId: parent.body.id });
      assert.equal(reply.status, 201);
      const [mail] = await catcher.waitFor((m) => m.to.includes('Ann@example.com'));
      assert.deepEqual(mail.to, ['Ann@example.com'], 'one recipient per mail, as the reader wrote it');
      assert.equal(mail.from, 'comments@blog.example');
      assert.match(mail.headers.subject, /New reply to your comment/);
      assert.match(mail.text, /Bob replied to your comment/);
      assert.match(mail.text, /Latency is <script>alert\(1\)<\/script> \*\*real\*\*/);
      const link = `https://blog.example/posts/networking?x=1#comment-${reply.body.id}`;
      assert.ok(mail.text.includes(link), 'a link to the reply on the page it was posted from');
      assert.ok(mail.html.includes(`href="${link}"`));
      assert.ok(!mail.html.includes('<script>'), 'the HTML part carries no markup of the comment');
      assert.ok(mail.html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
      assert.ok(mail.html.includes('Second paragraph &#38; more'));
      assert.ok(!mail.raw.includes('bob@example.com'), "never another reader's address");
      const unsubscribe = `${server.api}/mail/unsubscribe?token=${unsubscribeToken(SECRET, 'ann@example.com')}`;
      assert.equal(mail.headers['list-unsubscribe'], `<${unsubscribe}>`);
      assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
      assert.ok(mail.text.includes(unsubscribe));
      // Changes that follow (a reaction, an edit) and more passes send nothing again.
      assert.equal((await bob.call('POST', `/comments/${reply.body.id}/reactions`, { reaction: 'like' })).status, 200);
      assert.equal((await bob.call('PATCH', `/comments/${reply.body.id}`, { body: 'Edited' })).status, 200);
      // Ann answering her own comment is not news to her.
      assert.equal((await ann.post('Adding to my own point', { parentId: parent.body.id })).status, 201);
      await settle();
      server.context.mail?.kick();
      await server.context.mail?.idle();
      assert.equal(catcher.to('Ann@example.com').length, 1);
      assert.equal(catcher.mails.length, 1, `only Ann's mail: ${other.body.id} has no subscriber`);
    });

    it('sends one mail when two instances on one store both read the change log', async () => {
      const catcher = await smtp();
      const at = await where();
      const first = await start({ SMTP_URL: catcher.url }, at);
      const second = await start({ SMTP_URL: catcher.url }, at);
      const ann = new Reader(first.api, { name: 'Ann', email: 'ann@example.com' });
      const parent = await ann.post('Two instances', { notify: true });
      for (let i = 0; i < 5; i++) {
        const reply = await new Reader(i % 2 ? second.api : first.api, { name: `R${i}`, email: `r${i}@example.com` }).post(`Reply ${i}`, { parentId: parent.body.id });
        assert.equal(reply.status, 201);
        first.context.mail?.kick();
        second.context.mail?.kick();
      }
      await catcher.waitFor((m) => m.to.includes('ann@example.com'), 5);
      await settle();
      await Promise.all([first.context.mail?.idle(), second.context.mail?.idle()]);
      const texts = catcher.to('ann@example.com').map((mail) => /Reply \d/.exec(mail.text)?.[0]);
      assert.deepEqual(texts.sort(), ['Reply 0', 'Reply 1', 'Reply 2', 'Reply 3', 'Reply 4']);
    });

    it('unsubscribes by the confirm page (GET, then its button) and by one-click POST; then no more mail', async () => {
      const catcher = await smtp();
      const server = await start({ SMTP_URL: catcher.url });
      const ann = new Reader(server.api, { name: 'Ann', email: 'ann@example.com' });
      const cat = new Reader(server.api, { name: 'Cat', email: 'cat@example.com' });
      const bob = new Reader(server.api, { name: 'Bob', email: 'bob@example.com' });
      const annParent = await ann.post('Ann asks', { notify: true });
      const catParent = await cat.post('Cat asks', { notify: true });
      await bob.post('To Ann', { parentId: annParent.body.id });
      await bob.post('To Cat', { parentId: catParent.body.id });
      const [annMail] = await catcher.waitFor((m) => m.to.includes('ann@example.com'));
      const [catMail] = await catcher.waitFor((m) => m.to.includes('cat@example.com'));

      // Ann: the link in the mail opens a page that asks first (a GET changes nothing).
      const link = /Unsubscribe: (\S+)/.exec(annMail.text)?.[1] ?? '';
      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      const html = await page.text();
      assert.match(html, /ann@example\.com/);
      assert.match(html, /<form method="post" action="\?token=[^"]+"><button type="submit"[^>]*>Unsubscribe<\/button>/);
      await bob.post('Still subscribed after the GET', { parentId: annParent.body.id });
      await catcher.waitFor((m) => m.to.includes('ann@example.com') && m.text.includes('Still subscribed'));
      // The button: the form's POST, as a browser sends it from that page.
      const action = new URL(/action="([^"]+)"/.exec(html)?.[1].replaceAll('&#38;', '&') ?? '', link);
      const pressed = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(link).origin }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(pressed.status, 200);
      assert.match(await pressed.text(), /No more emails/);

      // Cat: a mail client's one-click POST to the List-Unsubscribe address (RFC 8058).
      const oneClick = /^<(.+)>$/.exec(catMail.headers['list-unsubscribe'])?.[1] ?? '';
      const clicked = await fetch(oneClick, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(clicked.status, 200);

      const before = catcher.mails.length;
      await bob.post('After Ann left', { parentId: annParent.body.id });
      await bob.post('After Cat left', { parentId: catParent.body.id });
      await settle();
      await server.context.mail?.idle();
      assert.equal(catcher.mails.length, before, 'no mail after unsubscribing');
      // Asking again (a new comment with notify) subscribes again.
      const again = await ann.post('Back again', { notify: true });
      await bob.post('Welcome back', { parentId: again.body.id });
      await catcher.waitFor((m) => m.to.includes('ann@example.com') && m.text.includes('Welcome back'));
    });

    it('refuses forged, altered and cut unsubscribe links, and changes nothing', async () => {
      const catcher = await smtp();
      const server = await start({ SMTP_URL: catcher.url });
      const ann = new Reader(server.api, { name: 'Ann', email: 'ann@example.com' });
      const parent = await ann.post('Keep me posted', { notify: true });
      const good = unsubscribeToken(SECRET, 'ann@example.com');
      const [address, mac] = good.split('.');
      const forged = [
        unsubscribeToken('another-secret', 'ann@example.com'), // signed with another secret
        `${Buffer.from('bob@example.com').toString('base64url')}.${mac}`, // another address, Ann's MAC
        `${address}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`, // the MAC altered
        address, // cut
        '',
      ];
      for (const token of forged) {
        assert.equal(verifyUnsubscribeToken(SECRET, token), null);
        for (const method of ['GET', 'POST']) {
          const response = await fetch(`${server.api}/mail/unsubscribe?token=${encodeURIComponent(token)}`, {
            method,
            ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' } : {}),
          });
          assert.equal(response.status, 400, `${method} ${token}`);
          assert.match((await response.json()).error.message, /unsubscribe link is not valid/);
        }
      }
      assert.equal(verifyUnsubscribeToken(SECRET, good), 'ann@example.com');
      await new Reader(server.api, { name: 'Bob', email: 'bob@example.com' }).post('Reply', { parentId: parent.body.id });
      await catcher.waitFor((m) => m.to.includes('ann@example.com'));
    });

    it('mails no reader for a held comment until it is approved; moderators get the held and the report mail', async () => {
      const catcher = await smtp();
      const server = await start({ SMTP_URL: catcher.url, MODERATION: 'hold', MODERATION_TOKEN, MODERATOR_EMAILS: 'mod1@blog.example, mod2@blog.example, not an address' });
      // A signed-in-free setup: the subscriber's own comment is held too, then approved.
      const ann = new Reader(server.api, { name: 'Ann', email: 'ann@example.com' });
      const parent = await ann.post('Held question', { notify: true });
      assert.equal(parent.body.status, 'pending');
      const held = await catcher.waitFor((m) => /held for moderation/.test(m.headers.subject), 2);
      assert.deepEqual(held.map((m) => m.to).sort(), [['mod1@blog.example'], ['mod2@blog.example']], 'each moderator alone');
      assert.match(held[0].text, /Held question/);
      assert.ok(!held[0].raw.includes('ann@example.com'), "the moderators' mail does not carry the author's address");
      // Approved through the store's own function, with no route and no signal to the notifier:
      // the change log alone sets mail off.
      await server.store.moderation.act(parent.body.id, 'approve', 'test');
      const reply = await new Reader(server.api, { name: 'Bob', email: 'bob@example.com' }).post('Held answer', { parentId: parent.body.id });
      assert.equal(reply.body.status, 'pending');
      await catcher.waitFor((m) => /held for moderation/.test(m.headers.subject) && m.text.includes('Held answer'), 2);
      await settle();
      assert.equal(catcher.to('ann@example.com').length, 0, 'no reader mail while held');
      await approveByRoute(server.api, reply.body.id);
      const [mail] = await catcher.waitFor((m) => m.to.includes('ann@example.com'));
      assert.match(mail.text, /Held answer/);
      // Reports: the moderators are told of the first one.
      const reporter = new Reader(server.api, { name: 'Dan', email: 'dan@example.com' });
      assert.equal((await reporter.call('POST', `/comments/${reply.body.id}/reports`, { reason: 'spam' })).status, 204);
      assert.equal((await new Reader(server.api, { name: 'Eve' }).call('POST', `/comments/${reply.body.id}/reports`, { reason: 'rude' })).status, 204);
      const reports = await catcher.waitFor((m) => /reported/.test(m.headers.subject), 2);
      await settle();
      assert.equal(catcher.mails.filter((m) => /reported/.test(m.headers.subject)).length, 2, 'one report mail per moderator');
      assert.match(reports[0].text, /Held answer/);
      assert.equal(catcher.to('ann@example.com').length, 1);
    });

    it('never mails for a comment held by the word list; a comment deleted before the notifier read the log queues nothing', async () => {
      const catcher = await smtp();
      const server = await start({ SMTP_URL: catcher.url, HOLD_WORDS: 'casino' });
      const ann = new Reader(server.api, { name: 'Ann', email: 'ann@example.com' });
      const parent = await ann.post('Question', { notify: true });
      const bob = new Reader(server.api, { name: 'Bob', email: 'bob@example.com' });
      const casino = await bob.post('Win at the casino', { parentId: parent.body.id });
      assert.equal(casino.body.status, 'pending');
      await settle();
      assert.equal(catcher.mails.length, 0);
      // Deleted before the notifier reads the change log: nothing is queued.
      await server.context.mail?.stop();
      const gone = await bob.post('Soon gone', { parentId: parent.body.id });
      assert.equal((await bob.call('DELETE', `/comments/${gone.body.id}`)).status, 204);
      await server.context.mail?.outbox.queueReplies();
      assert.equal((await server.context.mail?.outbox.rows())?.length ?? 0, 0, 'a removed comment queues nothing');
      assert.equal(catcher.mails.length, 0);
    });

    it('an SMTP server that is down fails no post; the mail is retried and arrives once it is up', async () => {
      const port = await freePort();
      const server = await start({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RETRY_MS: '200' });
      const ann = new Reader(server.api, { name: 'Ann', email: 'ann@example.com' });
      const parent = await ann.post('Anyone?', { notify: true });
      assert.equal(parent.status, 201);
      const reply = await new Reader(server.api, { name: 'Bob', email: 'bob@example.com' }).post('Yes', { parentId: parent.body.id });
      assert.equal(reply.status, 201, 'the post does not wait for nor fail with SMTP');
      const outbox = /** @type {import('../../server/mail/outbox.mjs').Outbox} */ (server.context.mail?.outbox);
      const end = Date.now() + 10_000;
      while (!(await outbox.rows()).some((row) => row.error && Number(row.attempts) >= 1)) {
        assert.ok(Date.now() < end, 'a failed try is recorded');
        await settle(100);
      }
      const [failed] = await outbox.rows();
      assert.equal(failed.sent_at, null);
      assert.match(String(failed.error), /ECONNREFUSED|connect/i);
      const catcher = await startSmtp({ port });
      cleanups.push(catcher.stop);
      const [mail] = await catcher.waitFor((m) => m.to.includes('ann@example.com'), 1, 15_000);
      assert.match(mail.text, /Yes/);
      await settle();
      assert.equal(catcher.mails.length, 1);
      assert.ok((await outbox.rows())[0].sent_at, 'marked sent');
    });
  });
}

notifySuite('SQLite', async () => ({ dataDir: join(base, `db${++n}`) }));

const clusterName = process.env.NOTIFY_TEST_CLUSTER || 'ct-notify-test';
/** @type {import('../../scripts/postgres.mjs').Postgres | undefined} */
let cluster;
describe('on PostgreSQL', () => {
  before(async () => {
    cluster = await startPostgres({ name: clusterName });
  });
  after(() => cluster?.stop());
  notifySuite('PostgreSQL', async () => {
    if (!cluster) throw new Error('the PostgreSQL cluster did not start');
    return { databaseUrl: await cluster.createDatabase(`notify_${++n}`) };
  });
});
