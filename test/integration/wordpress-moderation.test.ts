// Moderation on a real WordPress (#15): WordPressProvider's moderation members through WordPress's
// own REST API and the plugin's routes (reports, the reported queue, bans), the conformance kit's
// moderation checks with an administrator signed in by cookie + REST nonce, a subscriber and a
// guest refused everywhere, and <comment-moderation> on the plugin's Comments → Comment Thread
// queue page in Chromium, acting by accessible names while a reader's thread updates live.
import { expect, fixture, html } from '@open-wc/testing';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import '../../src/comment-thread/define.js';
import { providerRegistry } from '../../src/providers/registry.js';
import { createLazyWordPressProvider } from '../../src/providers/wordpress-factory.js';
import { WordPressProvider } from '../../src/providers/wordpress-provider.js';
import { CONFORMANCE_CHECKS, runProviderConformance, type ConformanceCheck } from '../../src/testing/conformance.js';
import type { CommentDraft } from '../../src/types.js';
import { shadow, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

interface WordPressInfo {
  url: string;
  restUrl: string;
  users: Record<'admin' | 'julian' | 'reader', { id: number; login: string; password: string; appPassword: string }>;
}

// Read before the tests are registered: the conformance kit creates a provider while registering.
const wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;

const unique = (text: string) => `${text} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const basic = (user: { login: string; appPassword: string }) => `Basic ${btoa(`${user.login}:${user.appPassword}`)}`;

/** The REST API as a user (Application Password) or a guest. */
async function rest(user: 'admin' | 'reader' | null, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${wp.restUrl}${route}`, {
    method,
    headers: { ...(user ? { authorization: basic(wp.users[user]) } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function newPost(title = unique('Moderation thread')): Promise<{ id: string; link: string }> {
  const { status, body } = await rest('admin', 'POST', '/wp/v2/posts', { title, status: 'publish', comment_status: 'open' });
  expect(status, JSON.stringify(body)).to.equal(201);
  return { id: String(body.id), link: body.link };
}

/** A guest's comment through the REST API, as a first-time guest WordPress holds it. */
async function guestComment(post: string, name: string, extra: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
  return rest(null, 'POST', '/wp/v2/comments', {
    post: Number(post),
    author_name: name,
    author_email: `${name.replace(/\W+/g, '.').toLowerCase()}@example.test`,
    content: unique(`Words from ${name}`),
    ...extra,
  });
}

let keys = 0;
const draft = (threadId: string, body: string): CommentDraft => ({ threadId, parentId: null, body, idempotencyKey: `mod-${Date.now()}-${++keys}` });

/** The administrator's login cookie, set for 127.0.0.1 (cookies ignore ports), and a REST nonce for it. */
async function adminSession(): Promise<{ nonce: string; cookies: Record<string, string>; clear: () => void }> {
  const { cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'admin' });
  const loggedIn = Object.entries(cookies).filter(([name]) => name.startsWith('wordpress_logged_in_'));
  for (const [name, value] of loggedIn) document.cookie = `${name}=${value}; path=/`;
  const answer = await control<{ html: string }>('wordpress', 'page', { path: '/wp-admin/edit-comments.php?page=comment-thread-moderation', cookies });
  const element = new DOMParser().parseFromString(answer.html, 'text/html').querySelector('comment-moderation');
  const nonce = element?.getAttribute('wp-nonce') ?? '';
  expect(nonce, 'the queue page’s REST nonce').to.match(/^[0-9a-f]{10}$/);
  return {
    nonce,
    cookies,
    clear: () => {
      for (const [name] of loggedIn) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    },
  };
}

/** The kit's moderation checks (src/testing/moderation-checks.ts). */
const MODERATION_CHECK_IDS: ConformanceCheck[] = CONFORMANCE_CHECKS.filter((check) => check.startsWith('moderation-') || check === 'thread-settings');

let session: Awaited<ReturnType<typeof adminSession>>;

before(async () => {
  await control('wordpress', 'plugin', { active: true });
  session = await adminSession();
});

after(async () => {
  session?.clear();
  await control('wordpress', 'plugin', { active: false });
});

const guestProvider = () => new WordPressProvider({ endpoint: wp.restUrl, plugin: true });
const adminProvider = () => new WordPressProvider({ endpoint: wp.restUrl, nonce: session.nonce, plugin: true });
const subscriberProvider = () =>
  new WordPressProvider({ endpoint: wp.restUrl, plugin: true, applicationPassword: { username: wp.users.reader.login, password: wp.users.reader.appPassword } });

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message?: string } | null> {
  return promise.then(
    () => null,
    (thrown: { code?: string; message?: string }) => thrown,
  );
}

describe('WordPressProvider moderation: the conformance kit’s moderation checks', () => {
  // The kit posts as a guest and reads it back: guests' comments published while it runs.
  before(async () => {
    await control('wordpress', 'option', { name: 'comment_previously_approved', value: '0' });
  });
  after(async () => {
    await control('wordpress', 'option', { name: 'comment_previously_approved', value: '1' });
  });

  runProviderConformance({
    name: 'WordPressProvider moderation (real WordPress, an administrator by cookie + nonce)',
    createProvider: guestProvider,
    moderator: () => adminProvider(),
    newThreadId: async () => (await newPost()).id,
    closeThread: async (threadId) => {
      expect((await rest('admin', 'POST', `/wp/v2/posts/${threadId}`, { comment_status: 'closed' })).status).to.equal(200);
    },
    sharedBackend: true,
    // Only the moderation checks here: wordpress-provider.test.ts runs the rest of the kit.
    exclude: CONFORMANCE_CHECKS.filter((check) => !MODERATION_CHECK_IDS.includes(check)),
    report: (report) => {
      // WordPress chooses comment ids itself, so the kit's `seed` hook (records stored with their
      // ids) cannot exist: approve, remove and queue paging are proven by the tests below instead.
      expect(report.registered).to.include.members(['moderation-forbidden', 'moderation-private', 'moderation-ban', 'thread-settings']);
    },
  });
});

/** Lifts every ban: one on a guest covers 127.0.0.1, every guest of these tests. */
async function liftBans(): Promise<void> {
  const { body } = await rest('admin', 'GET', '/comment-thread/v1/bans');
  for (const ban of (body ?? []) as { id: string }[]) await rest('admin', 'DELETE', `/comment-thread/v1/bans/${ban.id}`);
}

afterEach(liftBans);

describe('WordPressProvider moderation through WordPress’s REST API and the plugin', () => {
  it('isModerator: true for an administrator, false for a subscriber and a guest', async () => {
    expect(await adminProvider().isModerator!()).to.equal(true);
    expect(await subscriberProvider().isModerator!()).to.equal(false);
    expect(await guestProvider().isModerator!()).to.equal(false);
  });

  it('a subscriber and a guest get forbidden from every member, and WordPress refuses the same requests', async () => {
    const post = await newPost();
    const held = await guestComment(post.id, unique('Held Guest'));
    expect(held.body.status).to.equal('hold');
    for (const provider of [subscriberProvider(), guestProvider()]) {
      const calls: Record<string, () => Promise<unknown>> = {
        listModerationQueue: () => provider.listModerationQueue!({}),
        moderateComment: () => provider.moderateComment!(String(held.body.id), 'approve'),
        banAuthor: () => provider.banAuthor!({ commentId: String(held.body.id) }),
        unbanAuthor: () => provider.unbanAuthor!('00000000-0000-4000-8000-000000000000'),
        updateThreadSettings: () => provider.updateThreadSettings!(post.id, { closed: true }),
      };
      for (const [member, call] of Object.entries(calls)) expect((await rejection(call()))?.code, member).to.equal('forbidden');
    }
    // The server decides, not the provider: the same requests, made directly, are refused.
    for (const user of ['reader', null] as const) {
      const expected = user ? 403 : 401;
      expect((await rest(user, 'POST', `/wp/v2/comments/${held.body.id}`, { status: 'approved' })).status).to.be.oneOf([401, 403]);
      expect((await rest(user, 'GET', `/wp/v2/comments?status=hold&context=edit&post=${post.id}`)).status).to.be.oneOf([400, 401, 403]);
      expect((await rest(user, 'GET', '/comment-thread/v1/moderation/reported')).status).to.equal(expected);
      expect((await rest(user, 'GET', '/comment-thread/v1/bans')).status).to.equal(expected);
      expect((await rest(user, 'POST', '/comment-thread/v1/bans', { comment: held.body.id })).status).to.equal(expected);
      expect((await rest(user, 'DELETE', '/comment-thread/v1/bans/00000000-0000-4000-8000-000000000000')).status).to.equal(expected);
    }
    expect((await rest('admin', 'GET', `/wp/v2/comments/${held.body.id}?context=edit`)).body.status).to.equal('hold');
    expect((await rest('admin', 'GET', `/wp/v2/posts/${post.id}`)).body.comment_status).to.equal('open');
  });

  it('the queue: held, spam and reported, newest first across pages, with what only moderators see', async () => {
    const post = await newPost();
    const admin = adminProvider();
    const names = [0, 1, 2, 3].map((index) => unique(`Queue Guest ${index}`));
    const ids: string[] = [];
    for (const name of names) {
      ids.push(String((await guestComment(post.id, name)).body.id));
      await new Promise((resolve) => setTimeout(resolve, 1100)); // distinct seconds: WordPress dates have no more
    }
    await admin.moderateComment!(ids[1], 'spam');
    // A published comment that a reader reports.
    await admin.moderateComment!(ids[2], 'approve');
    const reason = unique('Off topic');
    await guestProvider().report!(ids[2], reason);
    await guestProvider().report!(ids[2], reason); // the same reader again: counted once
    const pages = [];
    let cursor: string | null = null;
    const items = [];
    do {
      const page = await admin.listModerationQueue!({ threadId: post.id, limit: 2, cursor });
      pages.push(page);
      items.push(...page.items);
      cursor = page.nextCursor ?? null;
    } while (cursor && pages.length < 10);
    expect(items.map((item) => [item.id, item.queue])).to.deep.equal([
      [ids[3], 'held'],
      [ids[2], 'reported'],
      [ids[1], 'spam'],
      [ids[0], 'held'],
    ]);
    expect(pages[0].total).to.equal(4);
    const reported = items[1];
    expect(reported.moderation.reports).to.deep.equal([{ reason, count: 1 }]);
    expect(reported.moderation.reportCount).to.equal(1);
    expect(items[0].moderation.email).to.match(/@example\.test$/);
    expect(items[0].moderation.address).to.equal('127.0.0.1');
    expect(items[0].moderation.thread?.id).to.equal(post.id);
    expect(items[0].moderation.thread?.title).to.match(/^Moderation thread/);
    // One queue at a time, and another thread's queue is another's.
    expect((await admin.listModerationQueue!({ threadId: post.id, queues: ['spam'] })).items.map((item) => item.id)).to.deep.equal([ids[1]]);
    expect((await admin.listModerationQueue!({ threadId: (await newPost()).id })).items).to.deep.equal([]);
    // Readers see none of it: not the held or spam comments, not the reasons.
    const listed = await guestProvider().listComments(post.id, { limit: 50 });
    expect(listed.comments.map((record) => record.id)).to.deep.equal([ids[2]]);
    expect(JSON.stringify(listed)).to.not.contain(reason);
    expect(JSON.stringify(listed)).to.not.contain('@example.test');
  });

  it('approve publishes, spam and delete hide, restore undoes each — through WordPress’s own statuses', async () => {
    const post = await newPost();
    const admin = adminProvider();
    const reader = guestProvider();
    const id = String((await guestComment(post.id, unique('Acted Guest'))).body.id);
    const listed = async () => (await reader.listComments(post.id, { limit: 50 })).comments.map((record) => record.id);
    const stored = async () => (await rest('admin', 'GET', `/wp/v2/comments/${id}?context=edit`)).body.status;

    expect((await admin.moderateComment!(id, 'approve')).queue).to.equal(null);
    expect(await listed()).to.deep.equal([id]);
    expect((await admin.moderateComment!(id, 'restore')).queue).to.equal('held');
    expect(await stored()).to.equal('hold');
    expect(await listed()).to.deep.equal([]);

    await admin.moderateComment!(id, 'approve');
    expect((await admin.moderateComment!(id, 'spam')).queue).to.equal('spam');
    expect(await listed()).to.deep.equal([]);
    await admin.moderateComment!(id, 'restore');
    expect(await stored()).to.equal('approved');

    const deleted = await admin.moderateComment!(id, 'delete');
    expect(deleted.status).to.equal('deleted');
    expect(await stored()).to.equal('trash');
    expect(await listed()).to.deep.equal([]);
    await admin.moderateComment!(id, 'restore');
    expect(await stored()).to.equal('approved');
    expect(await listed()).to.deep.equal([id]);
  });

  it('bans: a guest by hashed e-mail and address, a user by account, for a while or until lifted — on REST and the classic form', async function () {
    this.timeout(90_000);
    const post = await newPost();
    const admin = adminProvider();
    await control('wordpress', 'option', { name: 'comment_previously_approved', value: '0' });
    try {
      const name = unique('Banned Guest');
      const first = await guestComment(post.id, name);
      const ban = await admin.banAuthor!({ commentId: String(first.body.id) });
      expect(ban.emailHash).to.match(/^[0-9a-f]{64}$/);
      expect(ban.address).to.equal('127.0.0.1');
      const refused = await guestComment(post.id, name);
      expect(refused.status).to.equal(403);
      expect(refused.body.code).to.equal('comment_thread_banned');
      expect((await rejection(guestProvider().postComment({ ...draft(post.id, unique('Again')), guest: { name, email: `${name.replace(/\W+/g, '.').toLowerCase()}@example.test` } })))?.code).to.equal('forbidden');
      // The classic form (wp-comments-post.php, scripting off) is refused too, by address.
      const classic = await control<{ status: number; url: string }>('wordpress', 'browse', {
        path: new URL(post.link).pathname,
        javaScript: false,
        fill: { '#author': name, '#email': 'someone.else@example.test', '#comment': unique('By the form') },
        submit: '#submit',
      });
      expect(classic.status).to.equal(403);
      expect(classic.url).to.contain('wp-comments-post.php');
      // A logged-in user is judged by their account, not the address they share.
      const byUser = await rest('reader', 'POST', '/wp/v2/comments', { post: Number(post.id), content: unique('A subscriber, same address') });
      expect(byUser.status).to.equal(201);
      await admin.unbanAuthor!(ban.id);
      expect((await guestComment(post.id, name)).status).to.equal(201);

      // A user's ban, for five seconds (WordPress counts whole seconds; a busy machine is slow).
      const userBan = await admin.banAuthor!({ identity: `wordpress:${wp.users.reader.id}`, duration: 5 });
      expect(userBan.identity).to.equal(`wordpress:${wp.users.reader.id}`);
      expect(Date.parse(userBan.expiresAt!) - Date.parse(userBan.createdAt)).to.equal(5000);
      expect((await rest('reader', 'POST', '/wp/v2/comments', { post: Number(post.id), content: unique('While banned') })).status).to.equal(403);
      await new Promise((resolve) => setTimeout(resolve, 6100));
      expect((await rest('reader', 'POST', '/wp/v2/comments', { post: Number(post.id), content: unique('After the ban') })).status).to.equal(201);
      expect((await rest('admin', 'GET', '/comment-thread/v1/bans')).body).to.deep.equal([]);
    } finally {
      await control('wordpress', 'option', { name: 'comment_previously_approved', value: '1' });
    }
  });

  it('subscribeModeration: a newly held comment arrives, an approved one leaves; a non-moderator hears nothing', async function () {
    this.timeout(60_000);
    const post = await newPost();
    // Counts the queue reads that came back: the first one only learns what is there.
    let polled = 0;
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('status=hold')) polled++;
      return response;
    };
    const admin = new WordPressProvider({ endpoint: wp.restUrl, nonce: session.nonce, plugin: true, pollInterval: 300, fetch: counting });
    const subscriber = new WordPressProvider({ endpoint: wp.restUrl, plugin: true, pollInterval: 300, applicationPassword: { username: wp.users.reader.login, password: wp.users.reader.appPassword } });
    const heard: { type: string; id: string }[] = [];
    const other: unknown[] = [];
    const stop = admin.subscribeModeration!((change) => heard.push({ type: change.type, id: change.type === 'removed' ? change.id : change.item.id }), { threadId: post.id });
    const stopOther = subscriber.subscribeModeration!((change) => other.push(change), { threadId: post.id });
    try {
      await until(() => polled >= 2, 'two polls of the queue', 20_000);
      const held = String((await guestComment(post.id, unique('Live Held'))).body.id);
      await until(() => heard.some((change) => change.type === 'added' && change.id === held), 'the held comment, added', 20_000);
      await rest('admin', 'POST', `/wp/v2/comments/${held}`, { status: 'approved' });
      await until(() => heard.some((change) => change.type === 'removed' && change.id === held), 'the approved comment, removed', 20_000);
      expect(other).to.deep.equal([]);
    } finally {
      stop();
      stopOther();
    }
  });

  it('closing and opening a post’s comments (comment_status); per-post sign-in and edit windows are refused', async () => {
    const post = await newPost();
    const admin = adminProvider();
    expect((await admin.updateThreadSettings!(post.id, { closed: true })).closed).to.equal(true);
    expect((await rest('admin', 'GET', `/wp/v2/posts/${post.id}`)).body.comment_status).to.equal('closed');
    expect((await rejection(guestProvider().postComment({ ...draft(post.id, unique('Closed?')), guest: { name: 'Late', email: 'late@example.test' } })))?.code).to.equal('closed');
    expect((await admin.updateThreadSettings!(post.id, { closed: false, requiresSignIn: false, editWindow: null })).closed).to.equal(false);
    expect((await rejection(admin.updateThreadSettings!(post.id, { requiresSignIn: true })))?.code).to.equal('validation');
  });
});

describe('<comment-moderation> on Comments → Comment Thread queue, in Chromium', () => {
  const browse = (options: Record<string, unknown>) => control<{ status: number; html: string; value?: any }>('wordpress', 'browse', options);
  const queuePage = (post: string) => `/wp-admin/edit-comments.php?page=comment-thread-moderation&post=${post}`;
  const shownIn = (root: string, text: string) => `document.querySelector('comment-moderation')?.shadowRoot?.querySelector('${root}')?.textContent.includes(${JSON.stringify(text)})`;

  beforeEach(() => {
    providerRegistry.register('wordpress', createLazyWordPressProvider);
  });

  /** A reader's `<comment-thread>` from the post's page, mounted here as the page would have it. */
  async function readerThread(link: string): Promise<CommentThread> {
    const answer = await control<{ html: string }>('wordpress', 'page', { path: new URL(link).pathname });
    const markup = new DOMParser().parseFromString(answer.html, 'text/html').querySelector('comment-thread')!;
    expect(markup.getAttribute('wp-since')).to.match(/^\d+$/);
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    // This document carries the administrator's cookie; the reader's element sends none (no nonce).
    container.append(document.importNode(markup, true));
    const thread = container.querySelector<CommentThread>('comment-thread')!;
    await thread.updateComplete;
    return thread;
  }

  it('a guest’s held comment, approved by name, appears live for a reader', async function () {
    this.timeout(120_000);
    const post = await newPost();
    const name = unique('Waiting Guest');
    const held = await guestComment(post.id, name);
    expect(held.body.status).to.equal('hold');
    const thread = await readerThread(post.link);
    await until(() => shadow(thread).querySelector('h2'), 'the reader’s thread', 15_000);
    expect(shadow(thread).querySelector(`#comment-${held.body.id}`)).to.equal(null);

    const page = await browse({
      path: queuePage(post.id),
      cookies: session.cookies,
      click: [`aria/Approve the comment by ${name}[role="button"]`],
      waitFor: shownIn('[role="status"], [aria-live]', 'Approved: 1.'),
    });
    expect(page.status).to.equal(200);
    expect((await rest('admin', 'GET', `/wp/v2/comments/${held.body.id}?context=edit`)).body.status).to.equal('approved');
    await until(() => shadow(thread).querySelector(`#comment-${held.body.id}`), 'the approved comment, live', 40_000);
  });

  it('spam and ban by name: the comment never reaches readers and the author cannot post again', async function () {
    this.timeout(120_000);
    const post = await newPost();
    const spammer = unique('Spammy Guest');
    const spam = await guestComment(post.id, spammer);
    await browse({
      path: queuePage(post.id),
      cookies: session.cookies,
      click: [`aria/Mark the comment by ${spammer} as spam[role="button"]`],
      waitFor: shownIn('[role="status"], [aria-live]', 'Marked as spam: 1.'),
    });
    expect((await rest('admin', 'GET', `/wp/v2/comments/${spam.body.id}?context=edit`)).body.status).to.equal('spam');
    expect((await guestProvider().listComments(post.id)).comments).to.deep.equal([]);

    const troll = unique('Banned By Name');
    await guestComment(post.id, troll);
    await browse({
      path: queuePage(post.id),
      cookies: session.cookies,
      click: [`aria/Ban author ${troll}[role="button"]`],
      waitFor: shownIn('[role="status"], [aria-live]', `${troll} is banned.`),
    });
    const bans = (await rest('admin', 'GET', '/comment-thread/v1/bans')).body as { id: string }[];
    expect(bans).to.have.length(1);
    try {
      const again = await guestComment(post.id, troll);
      expect(again.status).to.equal(403);
      expect(again.body.code).to.equal('comment_thread_banned');
    } finally {
      // The ban covers 127.0.0.1, every guest of these tests.
      for (const ban of bans) await rest('admin', 'DELETE', `/comment-thread/v1/bans/${ban.id}`);
    }
  });

  it('closing the thread in its settings: readers can no longer comment', async function () {
    this.timeout(120_000);
    const post = await newPost();
    await guestComment(post.id, unique('Before Closing'));
    await browse({
      path: queuePage(post.id),
      cookies: session.cookies,
      click: ['aria/Closed for new comments[role="checkbox"]', 'aria/Save settings[role="button"]'],
      waitFor: shownIn('[role="status"], [aria-live]', 'Thread settings saved.'),
    });
    expect((await rest('admin', 'GET', `/wp/v2/posts/${post.id}`)).body.comment_status).to.equal('closed');
    expect((await guestComment(post.id, unique('After Closing'))).body.code).to.equal('rest_comment_closed');
    expect((await guestProvider().threadInfo(post.id)).closed).to.equal(true);
  });
});
