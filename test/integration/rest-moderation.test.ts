// Moderation end to end in the browser, on RestProvider and the real reference server: a
// moderator (a script's MODERATION_TOKEN as a bearer token) works <comment-moderation> by the
// buttons' accessible names while a reader's <comment-thread> on the same page follows the
// thread live. A guest (another person: Node, through the service) posts. Approve, spam, ban and
// close paths; a reader who does not moderate sees the forbidden state.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/comment-moderation/define.js';
import '../../src/comment-thread/define.js';
import type { CommentModeration } from '../../src/comment-moderation/comment-moderation.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { shadow, shownIds, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

let api: string;
let moderator: RestProvider;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

interface Answer<T = any> {
  status: number;
  body: T;
}

before(async () => {
  const env = await integrationEnv();
  api = env.REST_API;
  moderator = new RestProvider({ endpoint: api, headers: { Authorization: `Bearer ${env.REST_MODERATION_TOKEN}` } });
});

afterEach(async () => {
  fixtureCleanup();
  localStorage.clear();
  await control('rest-server', 'settings', { moderation: 'approve' });
  // A ban made here covers 127.0.0.1, every test's address: lift them all.
  const bans = await fetch(`${api}/moderation/bans`, { headers: { Authorization: `Bearer ${(await integrationEnv()).REST_MODERATION_TOKEN}` } });
  for (const ban of ((await bans.json()) as { bans: { id: string }[] }).bans) await moderator.unbanAuthor(ban.id);
});

/** A guest (another person, with their own cookie) posts to a thread. */
const guestPosts = (reader: string, threadId: string, body: string, name: string) =>
  control<Answer<CommentRecord & { error?: { code: string } }>>('rest-server', 'as', {
    reader,
    path: `/threads/${encodeURIComponent(threadId)}/comments`,
    method: 'POST',
    headers: { 'idempotency-key': unique('k') },
    body: { parentId: null, body, guest: { name, email: `${name.toLowerCase()}@example.com` } },
  });

/** A button by its accessible name (its aria-label, else its text). */
const button = (root: ParentNode, name: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name);

const itemNames = (element: CommentModeration) =>
  [...shadow(element).querySelectorAll('[part~="item"]')].map((item) => item.querySelector('.author')?.textContent?.trim());

async function readerThread(threadId: string): Promise<CommentThread> {
  const thread = await fixture<CommentThread>(html`<comment-thread .provider=${new RestProvider({ endpoint: api })} thread-id=${threadId} thread-title="Moderated"></comment-thread>`);
  await until(() => shadow(thread).querySelector('article[part~="comment"]') || shadow(thread).querySelector('h2')?.textContent?.includes('No comments'), 'the thread to load', 10_000);
  return thread;
}

async function moderation(threadId: string, provider: RestProvider = moderator): Promise<CommentModeration> {
  return fixture<CommentModeration>(html`<comment-moderation .provider=${provider} thread-id=${threadId} lang="en"></comment-moderation>`);
}


describe('moderation on the reference server, in the browser', () => {
  it("a guest's held comment arrives live in the queue; Approve shows it live in a reader's thread", async () => {
    await control('rest-server', 'settings', { moderation: 'hold' });
    const threadId = unique('approve');
    const thread = await readerThread(threadId);
    const queue = await moderation(threadId);
    await until(() => shadow(queue).textContent?.includes('Nothing to review.'), 'the empty queue', 10_000);
    const held = await guestPosts('gus', threadId, 'Please let me in', 'Gus');
    expect(held.status).to.equal(201);
    expect(held.body.status).to.equal('pending');
    // New held comments arrive live (subscribeModeration).
    await until(() => itemNames(queue).includes('Comment by Gus'), 'the held comment in the queue', 10_000);
    const item = shadow(queue).querySelector('[part~="item"]')!;
    expect(item.querySelector('[part~="details"]')?.textContent).to.contain('gus@example.com');
    expect(shownIds(thread)).to.not.include(held.body.id);
    // The thread remembers the page it was first shown on (RestProvider sends it): the queue links to it.
    const listed = await moderator.listModerationQueue({ threadId });
    expect(listed.items[0].moderation.thread?.url).to.equal(location.href.split('#')[0]);
    button(shadow(queue), 'Approve the comment by Gus')!.click();
    await until(() => shownIds(thread).includes(held.body.id), "the approved comment in the reader's thread", 10_000);
    await until(() => !itemNames(queue).includes('Comment by Gus'), 'the comment to leave the queue');
    expect(shadow(thread).textContent).to.contain('Please let me in');
    await expect(queue).to.be.accessible();
  });

  it("Spam on a reported comment takes it out of a reader's thread live and into the spam queue", async () => {
    const threadId = unique('spam');
    const thread = await readerThread(threadId);
    const posted = await guestPosts('sid', threadId, 'Cheap watches here', 'Sid');
    await until(() => shownIds(thread).includes(posted.body.id), 'the comment, live', 10_000);
    const reported = await control<Answer>('rest-server', 'as', { reader: 'reporter', path: `/comments/${posted.body.id}/reports`, method: 'POST', body: { reason: 'spam' } });
    expect(reported.status).to.equal(204);
    const queue = await moderation(threadId);
    await until(() => itemNames(queue).includes('Comment by Sid'), 'the reported comment', 10_000);
    expect(shadow(queue).querySelector('[part~="item"] .badge')?.textContent).to.equal('Reported');
    button(shadow(queue), 'Mark the comment by Sid as spam')!.click();
    await until(() => !shownIds(thread).includes(posted.body.id), "the comment to leave the reader's thread", 10_000);
    const spam = await moderator.listModerationQueue({ threadId, queues: ['spam'] });
    expect(spam.items.map((each) => [each.id, each.queue])).to.deep.equal([[posted.body.id, 'spam']]);
  });

  it('Ban author refuses their next comment with "forbidden", which the form shows in words', async () => {
    await control('rest-server', 'settings', { moderation: 'hold' });
    const threadId = unique('ban');
    const first = await guestPosts('bea', threadId, 'First words', 'Bea');
    const queue = await moderation(threadId);
    await until(() => itemNames(queue).includes('Comment by Bea'), 'the held comment', 10_000);
    const banned = new Promise((resolve) => queue.addEventListener('author-ban', resolve, { once: true }));
    button(shadow(queue), 'Ban author Bea')!.click();
    await banned;
    const again = await guestPosts('bea', threadId, 'Let me back in', 'Bea');
    expect(again.status).to.equal(403);
    expect(again.body.error?.code).to.equal('forbidden');
    // Bea banned by email; the page is another reader (the ban covers this address too): its
    // form says so in words instead of losing the text.
    const thread = await readerThread(threadId);
    const form = await until(() => shadow(thread).querySelector('comment-form'), 'the form', 10_000);
    await until(() => form.shadowRoot?.querySelector('textarea') && form.shadowRoot.querySelector('input[name="name"]'), 'the form', 10_000);
    const root = form.shadowRoot!;
    const fill = (selector: string, value: string) => {
      const field = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    };
    fill('input[name="name"]', 'Bea');
    fill('input[name="email"]', 'bea@example.com');
    fill('textarea', 'Typed while banned');
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => root.textContent?.includes('You are not allowed to do that.'), 'the localised refusal', 10_000);
    expect(root.querySelector('textarea')!.value).to.equal('Typed while banned');
    expect(first.body.status).to.equal('pending');
  });

  it('closing a thread in its settings shows readers "Comments are closed." and refuses posts', async () => {
    const threadId = unique('close');
    const queue = await moderation(threadId);
    await until(() => shadow(queue).querySelector('[part~="settings"]'), 'the thread settings', 10_000);
    const settings = shadow(queue).querySelector('[part~="settings"]')!;
    const closed = [...settings.querySelectorAll('label')].find((label) => label.textContent?.trim() === 'Closed for new comments')!.querySelector('input')!;
    closed.click();
    button(settings, 'Save settings')!.click();
    await until(() => shadow(queue).textContent?.includes('Thread settings saved.'), 'the settings saved', 10_000);
    const thread = await readerThread(threadId);
    await until(() => shadow(thread).textContent?.includes('Comments are closed.'), '"Comments are closed."', 10_000);
    const refused = await guestPosts('cal', threadId, 'Too late', 'Cal');
    expect(refused.body.error?.code).to.equal('closed');
    await moderator.updateThreadSettings(threadId, { closed: false });
  });

  it('a reader who does not moderate sees the forbidden state, and every moderation member answers "forbidden"', async () => {
    const reader = new RestProvider({ endpoint: api });
    expect(await reader.isModerator()).to.equal(false);
    const queue = await moderation(unique('forbidden'), reader);
    await until(() => shadow(queue).textContent?.includes('Only moderators can see the moderation queue.'), 'the forbidden state', 10_000);
    await expect(queue).to.be.accessible();
    const calls: [string, () => Promise<unknown>][] = [
      ['listModerationQueue', () => reader.listModerationQueue()],
      ['moderateComment', () => reader.moderateComment('x', 'approve')],
      ['banAuthor', () => reader.banAuthor({ identity: 'dev:x' })],
      ['unbanAuthor', () => reader.unbanAuthor('x')],
      ['updateThreadSettings', () => reader.updateThreadSettings('t', { closed: true })],
      ['listModerationLog', () => reader.listModerationLog()],
    ];
    for (const [member, call] of calls) {
      const error = await call().then(
        () => null,
        (thrown: { code?: string }) => thrown,
      );
      expect(error?.code, member).to.equal('forbidden');
    }
    // Its queue subscription hears nothing (and does not retry a refusal).
    const heard: unknown[] = [];
    const stop = reader.subscribeModeration((change) => heard.push(change));
    await control('rest-server', 'settings', { moderation: 'hold' });
    await guestPosts('dan', unique('quiet'), 'Held, unseen', 'Dan');
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop();
    expect(heard).to.deep.equal([]);
  });
});
