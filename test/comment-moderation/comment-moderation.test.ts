// <comment-moderation>: the queue with its details, the actions, several at once, Undo, bans,
// live arrivals, thread settings, every state accessible, and the keyboard shortcuts.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/comment-moderation/define.js';
import type { CommentModeration } from '../../src/comment-moderation/comment-moderation.js';
import type { ModerationActionEvent } from '../../src/comment-moderation/events.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import { registerDe } from '../../src/locale/de.js';
import { MODERATION_TABLES } from '../../src/locale/moderation/index.js';
import { shadow, until } from '../helpers.js';
import { moderatedSite, reportR1 } from './support.js';

async function show(provider: InMemoryProvider | undefined, attributes: { threadId?: string; lang?: string; undoTimeout?: number } = {}) {
  const element = await fixture<CommentModeration>(html`<comment-moderation
    .provider=${provider}
    .threadId=${attributes.threadId}
    lang=${attributes.lang ?? 'en'}
    undo-timeout=${attributes.undoTimeout ?? 8000}
  ></comment-moderation>`);
  return element;
}

const items = (element: CommentModeration) => [...shadow(element).querySelectorAll<HTMLElement>('[part~="item"]')];
const names = (element: CommentModeration) => items(element).map((item) => item.querySelector('.author')?.textContent?.trim());
const button = (root: ParentNode, label: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === label);
const statusText = (element: CommentModeration) => shadow(element).querySelector('[part~="undo"] [role="status"]')?.textContent ?? '';
const ready = (element: CommentModeration) => until(() => items(element).length > 0 && items(element), 'the queue');

describe('<comment-moderation>: the queue', () => {
  it('lists held and reported comments newest first, with thread, reply context, author details, reports and a sanitised body', async () => {
    const provider = moderatedSite();
    await reportR1(provider);
    const element = await show(provider);
    await ready(element);
    expect(names(element)).to.deep.equal(['Comment by Linus', 'Comment by Grace', 'Comment by Mallory']);
    const grace = items(element)[1];
    expect(grace.querySelector('.badge')?.textContent).to.equal('Held');
    const link = grace.querySelector<HTMLAnchorElement>('.context a')!;
    expect(link.href).to.equal('https://example.com/posts/networking');
    expect(link.textContent).to.equal('On networking');
    expect(grace.textContent).to.contain('In reply to Ada: “The original point');
    const details = grace.querySelector('[part~="details"]')!.textContent!;
    expect(details).to.contain('grace@example.com');
    expect(details).to.contain('198.51.100.7');
    const body = grace.querySelector('[part~="body"]')!;
    expect(body.querySelector('strong')?.textContent).to.equal('held');
    expect(body.querySelectorAll('[onerror]')).to.have.length(0);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    const mallory = items(element)[2];
    expect(mallory.querySelector('.badge')?.textContent).to.equal('Reported');
    expect(mallory.querySelector('[part~="details"]')!.textContent).to.contain('Abusive or harmful: 1', 'the reason in words, not its key');
    expect(mallory.querySelector('[part~="details"]')!.textContent).to.contain('github:mallory');
    await expect(element).to.be.accessible();
  });

  it("one thread's queue, with its settings, which close the thread for readers", async () => {
    const provider = moderatedSite();
    const element = await show(provider, { threadId: 'post-1' });
    await ready(element);
    expect(names(element)).to.deep.equal(['Comment by Grace']);
    expect(shadow(element).querySelector('h2')?.textContent).to.equal('Moderation queue: On networking');
    const form = shadow(element).querySelector<HTMLFormElement>('[part~="settings"]')!;
    form.querySelector<HTMLInputElement>('input[name="closed"]')!.click();
    form.querySelector<HTMLInputElement>('input[name="editWindow"]')!.value = '15';
    button(form, 'Save settings')!.click();
    await until(() => statusText(element).includes('Thread settings saved.'), 'saved');
    const info = await provider.threadInfo('post-1');
    expect(info.closed).to.equal(true);
    expect(info.editWindow).to.equal(900);
    await expect(element).to.be.accessible();
  });

  it('the spam view lists what was marked spam', async () => {
    const provider = moderatedSite();
    await provider.moderateComment('r1', 'spam');
    const element = await show(provider);
    await ready(element);
    const select = shadow(element).querySelector('select')!;
    select.value = 'spam';
    select.dispatchEvent(new Event('change'));
    await until(() => names(element).length === 1 && names(element)[0] === 'Comment by Mallory', 'the spam view');
    expect(items(element)[0].querySelector('.badge')?.textContent).to.equal('Spam');
  });
});

describe('<comment-moderation>: actions', () => {
  it('Approve publishes the comment for readers; Undo holds it again', async () => {
    const provider = moderatedSite();
    const events: ModerationActionEvent[] = [];
    const element = await show(provider);
    element.addEventListener('moderation-action', (event) => events.push(event));
    await ready(element);
    button(shadow(element), 'Approve the comment by Grace')!.click();
    await until(() => !names(element).includes('Comment by Grace'), 'Grace leaves the queue');
    expect(statusText(element)).to.contain('Approved: 1.');
    expect((await provider.listComments('post-1')).comments.map((record) => record.id)).to.include('h1');
    expect(events.map((event) => event.detail.action)).to.deep.equal(['approve']);
    button(shadow(element), 'Undo')!.click();
    await until(() => names(element).includes('Comment by Grace'), 'Grace back');
    expect((await provider.listComments('post-1')).comments.map((record) => record.id)).to.not.include('h1');
    expect(statusText(element)).to.contain('Undone.');
    expect(events.map((event) => event.detail.action)).to.deep.equal(['approve', 'restore']);
  });

  it('select several, then mark them as spam: readers see neither', async () => {
    const provider = moderatedSite();
    await reportR1(provider);
    const element = await show(provider);
    await ready(element);
    shadow(element).querySelector<HTMLInputElement>('input[aria-label="Select the comment by Linus"]')!.click();
    shadow(element).querySelector<HTMLInputElement>('input[aria-label="Select the comment by Mallory"]')!.click();
    await element.updateComplete;
    expect(shadow(element).querySelector('[part~="toolbar"]')!.textContent).to.contain('Selected: 2');
    await expect(element).to.be.accessible();
    button(shadow(element), 'Mark selected as spam')!.click();
    await until(() => names(element).join() === 'Comment by Grace', 'only Grace left');
    expect((await provider.listComments('post-2')).comments.map((record) => record.id)).to.not.include('r1');
    expect((await provider.listModerationQueue({ queues: ['spam'] })).items.map((item) => item.id)).to.have.members(['h2', 'r1']);
  });

  it('Delete removes the comment; Ban author refuses their next comment, and Undo lifts the ban', async () => {
    const provider = moderatedSite();
    const element = await show(provider);
    await ready(element);
    button(shadow(element), 'Ban author Linus')!.click();
    await until(() => statusText(element).includes('Linus is banned.'), 'banned');
    provider.address = '203.0.113.9';
    const draft = { threadId: 'post-2', parentId: null, body: 'Again', idempotencyKey: 'k1', guest: { name: 'Linus' } };
    await provider.postComment(draft).then(
      () => expect.fail('a banned author posted'),
      (error: { code: string }) => expect(error.code).to.equal('forbidden'),
    );
    button(shadow(element), 'Undo')!.click();
    await until(() => statusText(element).includes('Undone.'), 'unbanned');
    expect((await provider.postComment({ ...draft, idempotencyKey: 'k2' })).body).to.equal('Again');
    button(shadow(element), 'Delete the comment by Grace')!.click();
    await until(() => !names(element).includes('Comment by Grace'), 'deleted');
    expect(statusText(element)).to.contain('Deleted: 1.');
  });

  it('Undo is offered for a few seconds only', async () => {
    const element = await show(moderatedSite(), { undoTimeout: 150 });
    await ready(element);
    button(shadow(element), 'Approve the comment by Grace')!.click();
    await until(() => button(shadow(element), 'Undo'), 'Undo shown');
    await until(() => !button(shadow(element), 'Undo'), 'Undo gone', 2000);
  });

  it('a failed action says why and keeps the comment in the queue', async () => {
    const provider = moderatedSite();
    const element = await show(provider);
    await ready(element);
    provider.failNext('moderateComment', 1, 'network');
    button(shadow(element), 'Approve the comment by Grace')!.click();
    await until(() => statusText(element).includes('could not be reached'), 'the error');
    expect(names(element)).to.include('Comment by Grace');
  });

  it('a failed action says why in the page\'s language, with how long to wait when the server says', async () => {
    registerDe();
    const provider = moderatedSite();
    const element = await show(provider, { lang: 'de' });
    await ready(element);
    provider.failNext('moderateComment', 1, 'network');
    button(shadow(element), MODERATION_TABLES.de.approveLabel.replace('{name}', 'Grace'))!.click();
    await until(() => statusText(element).includes('nicht erreichbar'), 'the German error');
    const english = moderatedSite();
    const other = await show(english);
    await ready(other);
    english.failNext('moderateComment', 1, 'rate_limited', { retryAfter: 30 });
    button(shadow(other), 'Approve the comment by Grace')!.click();
    await until(() => statusText(other).includes('try again in 30 seconds'), 'the wait');
  });

  it('a newly held comment arrives live', async () => {
    const provider = moderatedSite();
    const element = await show(provider);
    await ready(element);
    provider.addExternal({ id: 'h3', threadId: 'post-1', parentId: null, author: { name: 'Newcomer' }, body: 'First!', createdAt: new Date().toISOString(), status: 'pending' });
    await until(() => names(element)[0] === 'Comment by Newcomer', 'the new comment on top');
    expect(statusText(element)).to.contain('A new comment is waiting for review.');
  });
});

describe('<comment-moderation>: states', () => {
  it('loading, then empty', async () => {
    const provider = new InMemoryProvider({ moderator: true, latency: 200 });
    const element = await show(provider);
    expect(shadow(element).querySelector('[part~="status"]')?.textContent).to.equal('Loading the moderation queue…');
    await expect(element).to.be.accessible();
    await until(() => shadow(element).querySelector('[part~="status"]')?.textContent === 'Nothing to review.', 'empty');
    await expect(element).to.be.accessible();
  });

  it('forbidden for a reader who does not moderate', async () => {
    const element = await show(moderatedSite({ moderator: false }));
    await until(() => shadow(element).querySelector('[part~="status"]')?.textContent === 'Only moderators can see the moderation queue.', 'forbidden');
    expect(items(element)).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('an error with Retry', async () => {
    const provider = moderatedSite();
    provider.failNext('listModerationQueue', 1, 'timeout');
    const element = await show(provider);
    const alert = await until(() => shadow(element).querySelector('[role="alert"]'), 'the error');
    expect(alert.textContent).to.contain('Couldn’t load the moderation queue.');
    expect(alert.textContent).to.contain('took too long');
    await expect(element).to.be.accessible();
    button(alert, 'Retry')!.click();
    await ready(element);
  });

  it('no provider', async () => {
    const element = await show(undefined);
    expect(shadow(element).querySelector('[part~="status"]')?.textContent).to.contain('not connected');
    await expect(element).to.be.accessible();
  });

  for (const [lang, title, approve] of [
    ['de', 'Moderationswarteschlange', 'Kommentar von Grace freigeben'],
    ['fr', 'File de modération', 'Approuver le commentaire de Grace'],
    ['es', 'Cola de moderación', 'Aprobar el comentario de Grace'],
    ['ja', 'モデレーションキュー', 'Grace さんのコメントを承認'],
    ['ar', 'قائمة الإشراف', 'موافقة على تعليق Grace'],
  ] as const) {
    it(`speaks ${lang}`, async () => {
      const element = await show(moderatedSite(), { lang });
      await ready(element);
      expect(shadow(element).querySelector('h2')?.textContent).to.equal(title);
      expect(button(shadow(element), approve), approve).to.exist;
      await expect(element).to.be.accessible();
    });
  }
});

describe('<comment-moderation>: keyboard', () => {
  it('j/k move, x selects, a approves the selection, u undoes, s and d act on the current comment', async () => {
    const provider = moderatedSite();
    await reportR1(provider);
    const element = await show(provider);
    await ready(element);
    items(element)[0].focus();
    await sendKeys({ press: 'j' });
    await element.updateComplete;
    expect(shadow(element).activeElement).to.equal(items(element)[1]);
    expect(items(element)[1].getAttribute('aria-current')).to.equal('true');
    await sendKeys({ press: 'k' });
    await element.updateComplete;
    expect(shadow(element).activeElement).to.equal(items(element)[0]);
    await sendKeys({ press: 'x' });
    await sendKeys({ press: 'j' });
    await sendKeys({ press: 'x' });
    await element.updateComplete;
    expect(shadow(element).querySelector('[part~="toolbar"]')!.textContent).to.contain('Selected: 2');
    await sendKeys({ press: 'a' });
    await until(() => names(element).join() === 'Comment by Mallory', 'two approved');
    expect((await provider.listComments('post-1')).comments.map((record) => record.id)).to.include('h1');
    await sendKeys({ press: 'u' });
    await until(() => names(element).length === 3, 'both back');
    items(element)[2].focus();
    await sendKeys({ press: 's' });
    await until(() => !names(element).includes('Comment by Mallory'), 'spam');
    items(element)[0].focus();
    await sendKeys({ press: 'd' });
    await until(() => names(element).join() === 'Comment by Grace', 'deleted');
  });

  it('typing in a settings field is not a shortcut', async () => {
    const element = await show(moderatedSite(), { threadId: 'post-1' });
    await ready(element);
    shadow(element).querySelector<HTMLInputElement>('input[name="editWindow"]')!.focus();
    await sendKeys({ press: 'd' });
    await sendKeys({ press: 'a' });
    expect(names(element)).to.deep.equal(['Comment by Grace']);
  });
});
