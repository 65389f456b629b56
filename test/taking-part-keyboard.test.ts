// Taking part, keyboard only: edit, delete, react, report, collapse and the sign-in-required
// thread, driven with real key presses (web-test-runner's sendKeys), with axe-core in each state
// that no other file checks yet. Elements are found by part names, roles and accessible names.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/comment-thread/define.js';
import '../src/comment-form/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { de, registerDe } from '../src/locale/de.js';
import { InMemoryProvider, type InMemoryProviderOptions } from '../src/providers/memory-provider.js';
import { record, shadow, shownComments, until, watchFocus } from './helpers.js';

/** The element that really has focus, looking inside shadow roots. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Presses a key, holding a modifier down around it. */
async function press(key: string, modifier?: string): Promise<void> {
  if (modifier) await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  if (modifier) await sendKeys({ up: modifier });
}

/** Presses Tab (or Shift+Tab) until `matches` holds for the focused element. */
async function tabTo(matches: (element: Element) => boolean, backwards = false, limit = 60): Promise<HTMLElement> {
  for (let i = 0; i < limit; i++) {
    const active = deepActive();
    if (active && matches(active)) return active as HTMLElement;
    await press('Tab', backwards ? 'Shift' : undefined);
  }
  throw new Error(`Tab never reached the element (last: ${deepActive()?.outerHTML.slice(0, 120)})`);
}

const hasPart = (element: Element | null | undefined, name: string) =>
  element?.getAttribute('part')?.split(/\s+/).includes(name) ?? false;
/** Matches an element with that part, inside the comment `id` when given. */
const part = (name: string, id?: string) => (element: Element) =>
  hasPart(element, name) && (id === undefined || element.closest('article')?.id === `comment-${id}`);
/** Matches a button by its accessible text (its aria-label, else its text). */
const button = (name: string) => (element: Element) =>
  element.localName === 'button' && (element.getAttribute('aria-label') ?? element.textContent ?? '').trim() === name;

/** The comment's `<article>` (its id is the public permalink target `comment-{id}`). */
const article = (thread: Element, id: string) => shadow(thread).getElementById(`comment-${id}`);
/** The element with `name` as a part inside the comment `id`. */
const inComment = <T extends HTMLElement = HTMLElement>(thread: Element, id: string, name: string) =>
  article(thread, id)?.querySelector<T>(`[part~="${name}"]`) ?? null;
/** The in-place editor of the comment `id`. */
const editorOf = (thread: Element, id: string) => article(thread, id)?.querySelector<HTMLElement>('comment-form') ?? null;
const announced = (thread: Element) => shadow(thread).querySelector('[aria-live="polite"]')?.textContent?.trim() ?? '';


const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const mine = (id: string, parentId: string | null = null, extra = {}) =>
  record(id, parentId, { viewerIsAuthor: true, createdAt: new Date().toISOString(), ...extra });

/** A thread on an in-memory provider, with a button before it to Tab in from. */
async function threadOf(options: InMemoryProviderOptions, attributes: { lang?: string } = {}) {
  const provider = new InMemoryProvider(options);
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button type="button">before</button>
    <comment-thread .provider=${provider} thread-id="t" thread-title="Taking part" lang=${attributes.lang ?? 'en'}></comment-thread>
  </div>`);
  const thread = wrapper.querySelector<CommentThread>('comment-thread')!;
  await until(() => shadow(thread).querySelector('article'), 'comments');
  const start = wrapper.querySelector('button')!;
  start.focus();
  return { thread, provider, start };
}

describe('taking part, keyboard only', function () {
  this.timeout(20000);
  let focus: ReturnType<typeof watchFocus>;
  beforeEach(() => {
    focus = watchFocus();
  });
  afterEach(() => {
    focus.stop();
    localStorage.clear();
  });

  describe('editing the reader’s own comment', () => {
    it('Edit → the text in the editor, Preview and back, Ctrl+Enter saves, focus back on Edit', async () => {
      const { thread, provider } = await threadOf({ comments: [mine('e1'), record('o2', null)] });
      expect(inComment(thread, 'o2', 'edit-button'), 'no Edit on someone else’s comment').to.equal(null);

      focus.step = 'open the editor';
      const edit = await tabTo(part('edit-button', 'e1'));
      expect(edit.getAttribute('aria-label')).to.equal('Edit your comment');
      await press('Enter');
      const textarea = (await until(
        () => (deepActive()?.localName === 'textarea' ? deepActive() : null),
        'focus in the editor’s text box',
      )) as HTMLTextAreaElement;
      expect(textarea.value).to.equal('Body of e1');
      expect(editorOf(thread, 'e1')!.shadowRoot!.contains(textarea), 'the text box is the editor’s').to.equal(true);

      focus.step = 'type';
      await press('End');
      await sendKeys({ type: ', now **bold**' });
      expect(textarea.value).to.equal('Body of e1, now **bold**');

      focus.step = 'preview';
      const editor = editorOf(thread, 'e1')!;
      const previewTab = await tabTo(button('Preview'), true);
      await press('Enter');
      const preview = await until(() => editor.shadowRoot!.querySelector('[part~="preview"]'), 'preview');
      expect(preview.querySelector('strong')?.textContent).to.equal('bold');
      expect(previewTab.getAttribute('aria-pressed')).to.equal('true');
      expect(deepActive(), 'focus stays on Preview').to.equal(previewTab);
      await expect(thread, 'edit preview').to.be.accessible();

      focus.step = 'back to write';
      await tabTo(button('Write'), true);
      await press('Enter');
      await until(() => deepActive() === textarea, 'focus back in the text box');
      expect(textarea.value, 'nothing typed is lost').to.equal('Body of e1, now **bold**');
      expect(previewTab.getAttribute('aria-pressed')).to.equal('false');

      focus.step = 'save';
      await press('Enter', 'Control');
      await until(() => !editorOf(thread, 'e1'), 'editor closed');
      expect(provider.records.find((r) => r.id === 'e1')!.body).to.equal('Body of e1, now **bold**');
      expect(inComment(thread, 'e1', 'body')!.querySelector('strong')?.textContent).to.equal('bold');
      expect(inComment(thread, 'e1', 'edited')?.textContent?.trim()).to.equal('edited');
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit');
      await until(() => announced(thread) === 'Your changes were saved.', 'saving announced');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('Escape in the text box, and the Cancel button, leave editing without saving and restore focus', async () => {
      const { thread, provider } = await threadOf({ comments: [mine('e1')] });
      focus.step = 'open';
      await tabTo(part('edit-button', 'e1'));
      await press('Enter');
      await until(() => deepActive()?.localName === 'textarea', 'focus in the editor');
      await sendKeys({ type: 'Thrown away ' });

      focus.step = 'escape';
      await press('Escape');
      await until(() => !editorOf(thread, 'e1'), 'editor closed by Escape');
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit after Escape');
      expect(inComment(thread, 'e1', 'body')!.textContent).to.contain('Body of e1');
      expect(inComment(thread, 'e1', 'edited'), 'not marked edited').to.equal(null);

      focus.step = 'cancel button';
      await press('Enter');
      await until(() => deepActive()?.localName === 'textarea', 'focus in the editor again');
      const cancel = await tabTo(button('Cancel'), true);
      expect(hasPart(cancel, 'cancel-reply')).to.equal(true);
      await press('Enter');
      await until(() => !editorOf(thread, 'e1'), 'editor closed by Cancel');
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit after Cancel');
      expect(provider.calls.filter((call) => call.method === 'updateComment')).to.have.length(0);
      expect(provider.records[0].body).to.equal('Body of e1');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('a failed save keeps the typed text and says why in the reader’s language; Retry saves', async () => {
      registerDe();
      const { thread, provider } = await threadOf({ comments: [mine('e1')] }, { lang: 'de' });
      provider.failNext('updateComment', 1, 'network');
      const edit = await tabTo(part('edit-button', 'e1'));
      expect(edit.getAttribute('aria-label')).to.equal(de.editLabel);
      await press('Enter');
      const textarea = (await until(
        () => (deepActive()?.localName === 'textarea' ? deepActive() : null),
        'focus in the editor',
      )) as HTMLTextAreaElement;
      await press('End');
      await sendKeys({ type: ' – geändert' });

      focus.step = 'failed save';
      await press('Enter', 'Control');
      const editor = editorOf(thread, 'e1')!;
      const alert = await until(() => editor.shadowRoot!.querySelector<HTMLElement>('[role="alert"]'), 'the failure');
      expect(alert.textContent).to.contain(de.errors.network);
      expect(alert.textContent).to.contain(de.draftKept);
      expect(textarea.value, 'the typed text is kept').to.equal('Body of e1 – geändert');
      expect(editorOf(thread, 'e1'), 'still editing').to.equal(editor);
      await until(() => deepActive() === alert, 'focus on the failure');
      expect(provider.records[0].body).to.equal('Body of e1');
      await expect(thread, 'edit failed').to.be.accessible();

      focus.step = 'retry';
      await tabTo(button(de.retry));
      await press('Enter');
      await until(() => !editorOf(thread, 'e1'), 'saved on Retry');
      expect(provider.records[0].body).to.equal('Body of e1 – geändert');
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('focus stays in the editor while an edit is being saved (not <body>), and the editor says "Saving…"', async () => {
      const { thread, provider } = await threadOf({ comments: [mine('e1')], latency: 300 });
      await tabTo(part('edit-button', 'e1'));
      await press('Enter');
      await until(() => deepActive()?.localName === 'textarea', 'editor');
      focus.step = 'saving';
      await press('Enter', 'Control');
      const editor = editorOf(thread, 'e1')!;
      await until(() => editor.shadowRoot!.querySelector('form')?.getAttribute('aria-busy') === 'true', 'saving');
      expect(deepActive(), 'focus while saving').not.to.equal(document.body);
      expect(deepActive()?.localName, 'focus stays in the text box').to.equal('textarea');
      const textarea = deepActive() as HTMLTextAreaElement;
      expect(textarea.readOnly, 'the text box is read-only while saving').to.equal(true);
      expect(textarea.getAttribute('aria-disabled')).to.equal('true');
      expect(editor.shadowRoot!.querySelector('[part~="submit"]')?.getAttribute('aria-disabled')).to.equal('true');
      expect(editor.shadowRoot!.querySelector('[part~="status"]')?.textContent?.trim()).to.equal('Saving your changes…');
      // Neither another Ctrl+Enter nor Escape does anything while the edit is on its way.
      await press('Enter', 'Control');
      await press('Escape');
      expect(editorOf(thread, 'e1'), 'still saving').to.equal(editor);
      await until(() => !editorOf(thread, 'e1'), 'saved');
      expect(provider.records[0].editedAt).to.be.a('string');
      expect(provider.calls.filter((call) => call.method === 'updateComment')).to.have.length(1);
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('a failed edit says the changes were not saved (not "Your comment was not posted.")', async () => {
      const { thread, provider } = await threadOf({ comments: [mine('e1')] });
      provider.failNext('updateComment', 1, 'network');
      await tabTo(part('edit-button', 'e1'));
      await press('Enter');
      await until(() => deepActive()?.localName === 'textarea', 'editor');
      await press('Enter', 'Control');
      const alert = await until(() => editorOf(thread, 'e1')!.shadowRoot!.querySelector('[role="alert"]'), 'failure');
      expect(alert.textContent).to.contain('Your changes were not saved.');
      expect(alert.textContent).not.to.contain('Your comment was not posted.');
    });

    it('Escape leaves editing from anywhere in the editor (the Preview tab, Save)', async () => {
      const { thread, provider } = await threadOf({ comments: [mine('e1')] });
      focus.step = 'escape on Preview';
      await tabTo(part('edit-button', 'e1'));
      await press('Enter');
      await until(() => deepActive()?.localName === 'textarea', 'editor');
      await tabTo(button('Preview'), true);
      await press('Escape');
      await until(() => !editorOf(thread, 'e1'), 'closed by Escape on the Preview tab');
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit');

      focus.step = 'escape on Save';
      await press('Enter');
      await until(() => deepActive()?.localName === 'textarea', 'editor again');
      await tabTo(button('Save'));
      await press('Escape');
      await until(() => !editorOf(thread, 'e1'), 'closed by Escape on Save');
      await until(() => deepActive() === inComment(thread, 'e1', 'edit-button'), 'focus back on Edit after Save');
      expect(provider.calls.filter((call) => call.method === 'updateComment')).to.have.length(0);
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });
  });

  describe('deleting the reader’s own comment', () => {
    it('Delete → confirmation with focus; Cancel returns to Delete; confirming removes it and focus goes to a neighbour', async () => {
      // Oldest first: d1 (the reader's), then n2 and n3.
      const { thread, provider } = await threadOf({
        comments: [record('d1', null, { viewerIsAuthor: true }), record('n2', null), record('n3', null)],
      });
      expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['d1', 'n2', 'n3']);

      focus.step = 'ask';
      const remove = await tabTo(part('delete-button', 'd1'));
      expect(remove.getAttribute('aria-label')).to.equal('Delete your comment');
      expect(remove.getAttribute('aria-expanded')).to.equal('false');
      await press('Enter');
      await until(() => hasPart(deepActive(), 'confirm-cancel'), 'focus on the confirmation');
      const confirm = inComment(thread, 'd1', 'confirm')!;
      expect(confirm.getAttribute('role')).to.equal('group');
      expect(confirm.textContent).to.contain('Delete this comment? This cannot be undone.');
      expect(remove.getAttribute('aria-expanded')).to.equal('true');

      focus.step = 'cancel';
      await press('Enter');
      await until(() => !inComment(thread, 'd1', 'confirm'), 'confirmation gone');
      await until(() => deepActive() === inComment(thread, 'd1', 'delete-button'), 'focus back on Delete');
      expect(inComment(thread, 'd1', 'delete-button')!.getAttribute('aria-expanded')).to.equal('false');

      focus.step = 'escape';
      await press('Enter');
      await until(() => hasPart(deepActive(), 'confirm-cancel'), 'the confirmation again');
      await press('Escape');
      await until(() => !inComment(thread, 'd1', 'confirm'), 'Escape closes the confirmation');
      await until(() => deepActive() === inComment(thread, 'd1', 'delete-button'), 'focus back on Delete after Escape');

      focus.step = 'confirm';
      await press('Enter');
      await until(() => hasPart(deepActive(), 'confirm-cancel'), 'the confirmation once more');
      await tabTo(part('confirm-delete', 'd1'), true);
      await press('Enter');
      await until(() => !article(thread, 'd1'), 'removed');
      expect(provider.records.map((r) => r.id)).to.deep.equal(['n2', 'n3']);
      await until(() => deepActive() === article(thread, 'n2'), 'focus on the next comment');
      await until(() => announced(thread) === 'Your comment was deleted.', 'announced');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('a deleted comment with replies stays as a placeholder, which takes focus', async () => {
      const { thread, provider } = await threadOf({ comments: [record('n1', null), mine('d2'), record('r3', 'd2')] });
      focus.step = 'delete';
      await tabTo(part('delete-button', 'd2'));
      await press('Enter');
      await until(() => hasPart(deepActive(), 'confirm-cancel'), 'confirmation');
      await tabTo(part('confirm-delete', 'd2'), true);
      await press('Enter');
      await until(() => article(thread, 'd2')?.textContent?.includes('This comment was deleted.'), 'placeholder');
      expect(shownComments(thread).map((c) => `${c.id}@${c.depth}`)).to.deep.equal(['n1@1', 'd2@1', 'r3@2']);
      expect(inComment(thread, 'd2', 'delete-button')).to.equal(null);
      expect(inComment(thread, 'd2', 'reply-button')).to.equal(null);
      expect(provider.records.find((r) => r.id === 'd2')?.status).to.equal('deleted');
      await until(() => deepActive() === article(thread, 'd2'), 'focus on the placeholder');
      await expect(thread, 'deleted placeholder').to.be.accessible();
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('the last comment deleted: focus goes to the previous one; a failure keeps the confirmation and says so', async () => {
      const { thread, provider } = await threadOf({ comments: [record('n1', null), mine('d2')] });
      provider.failNext('deleteComment', 1, 'network');
      await tabTo(part('delete-button', 'd2'));
      await press('Enter');
      await until(() => hasPart(deepActive(), 'confirm-cancel'), 'confirmation');
      await tabTo(part('confirm-delete', 'd2'), true);

      focus.step = 'failed delete';
      await press('Enter');
      await until(() => announced(thread).startsWith('That did not work.'), 'the failure announced');
      expect(announced(thread)).to.contain('The comments server could not be reached.');
      expect(article(thread, 'd2')).to.exist;
      expect(deepActive(), 'focus stays on the confirmation').to.equal(inComment(thread, 'd2', 'confirm-delete'));

      focus.step = 'delete';
      await press('Enter');
      await until(() => !article(thread, 'd2'), 'removed');
      await until(() => deepActive() === article(thread, 'n1'), 'focus on the previous comment');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });
  });

  describe('reactions', () => {
    it('Space and Enter toggle a reaction, aria-pressed and the count follow; a failure puts it back and says so', async () => {
      const { thread, provider } = await threadOf({
        comments: [record('x1', null, { reactions: { like: { count: 2 } } })],
        latency: 100,
      });
      const like = await tabTo((element) => element.getAttribute('aria-label') === 'Like: 2 reactions');
      expect(hasPart(like, 'reaction')).to.equal(true);
      expect(like.getAttribute('aria-pressed')).to.equal('false');
      expect(like.closest('[role="group"]')?.getAttribute('aria-label')).to.equal('Reactions');

      focus.step = 'like';
      await press(' ');
      await until(() => like.getAttribute('aria-pressed') === 'true', 'pressed at once');
      expect(like.getAttribute('aria-label')).to.equal('Like: 3 reactions');
      expect(like.textContent).to.contain('3');
      await until(() => provider.records[0].reactions?.like.count === 3, 'stored');
      expect(deepActive(), 'focus stays on the reaction').to.equal(like);
      await expect(thread, 'reacted').to.be.accessible();

      focus.step = 'unlike';
      await press('Enter');
      await until(() => like.getAttribute('aria-pressed') === 'false', 'released');
      await until(() => provider.records[0].reactions?.like.count === 2, 'stored again');
      expect(like.getAttribute('aria-label')).to.equal('Like: 2 reactions');

      focus.step = 'failing like';
      provider.failNext('react', 1, 'network');
      await press(' ');
      await until(() => like.getAttribute('aria-pressed') === 'true', 'optimistic');
      await until(() => like.getAttribute('aria-pressed') === 'false', 'put back after the failure');
      expect(like.getAttribute('aria-label')).to.equal('Like: 2 reactions');
      await until(() => announced(thread).startsWith('That did not work.'), 'the failure announced');
      expect(provider.records[0].reactions?.like).to.deep.equal({ count: 2 });
      expect(deepActive()).to.equal(like);
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('"Top comments" is chosen with the arrow keys', async () => {
      const { thread } = await threadOf({
        comments: [record('t1', null), record('t2', null, { reactions: { like: { count: 5 } } }), record('t3', null)],
      });
      const order = (await tabTo(part('order'))) as HTMLSelectElement;
      await press('ArrowDown');
      await press('ArrowDown');
      await until(() => thread.order === 'top', 'top');
      expect(order.value).to.equal('top');
      await until(() => shownComments(thread).map((c) => c.id).join() === 't2,t1,t3', 'most reactions first');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });
  });

  describe('reporting', () => {
    it('Report → a reason picked with the arrow keys → Send: the reader sees it is done and keeps their place', async () => {
      const { thread, provider } = await threadOf({ comments: [record('p1', null), record('p2', null)] });
      focus.step = 'open';
      const report = await tabTo((element) => element.getAttribute('aria-label') === 'Report the comment by Author p1');
      expect(hasPart(report, 'report-button')).to.equal(true);
      expect(report.getAttribute('aria-expanded')).to.equal('false');
      await press('Enter');
      const reason = (await until(
        () => (hasPart(deepActive(), 'report-reason') ? deepActive() : null),
        'focus on the reasons',
      )) as HTMLSelectElement;
      expect(report.getAttribute('aria-expanded')).to.equal('true');
      expect(reason.value).to.equal('spam');

      focus.step = 'choose';
      await press('ArrowDown');
      await until(() => reason.value === 'abuse', 'the second reason');
      await tabTo(button('Send report'));

      focus.step = 'send';
      await press('Enter');
      const done = await until(() => inComment(thread, 'p1', 'reported'), 'reported');
      expect(done.textContent?.trim()).to.equal('Thank you. The comment was reported.');
      expect(provider.reports).to.deep.equal([{ id: 'p1', reason: 'abuse' }]);
      expect(inComment(thread, 'p1', 'report-button'), 'reported once').to.equal(null);
      expect(inComment(thread, 'p1', 'body')).to.exist;
      await until(() => deepActive() === done, 'focus on the thanks');
      await until(() => announced(thread) === 'Thank you. The comment was reported.', 'announced');
      await expect(thread, 'reported').to.be.accessible();
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('Cancel and Escape close the reasons and return focus to Report', async () => {
      const { thread, provider } = await threadOf({ comments: [record('p1', null)] });
      focus.step = 'open';
      await tabTo(part('report-button', 'p1'));
      await press('Enter');
      await until(() => hasPart(deepActive(), 'report-reason'), 'focus on the reasons');

      focus.step = 'cancel';
      await tabTo(button('Cancel'));
      await press('Enter');
      await until(() => !inComment(thread, 'p1', 'report-form'), 'closed by Cancel');
      await until(() => deepActive() === inComment(thread, 'p1', 'report-button'), 'focus back on Report');

      focus.step = 'escape';
      await press('Enter');
      await until(() => hasPart(deepActive(), 'report-reason'), 'the reasons again');
      await press('Escape');
      await until(() => !inComment(thread, 'p1', 'report-form'), 'closed by Escape');
      await until(() => deepActive() === inComment(thread, 'p1', 'report-button'), 'focus back on Report after Escape');
      expect(inComment(thread, 'p1', 'report-button')!.getAttribute('aria-expanded')).to.equal('false');
      expect(provider.reports).to.deep.equal([]);
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });
  });

  describe('collapsing a subthread', () => {
    it('Enter and Space collapse and expand the replies; aria-expanded and the label follow; focus stays', async () => {
      const { thread } = await threadOf({ comments: [record('c1', null), record('c2', 'c1'), record('c3', 'c2'), record('c4', null)] });
      const toggle = await tabTo(part('collapse-button', 'c1'));
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(toggle.textContent?.trim()).to.equal('Collapse replies');

      focus.step = 'collapse';
      await press('Enter');
      await until(() => toggle.getAttribute('aria-expanded') === 'false', 'collapsed');
      expect(toggle.textContent?.trim()).to.equal('Show 2 replies');
      expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['c1', 'c4']);
      expect(deepActive()).to.equal(toggle);
      await expect(thread, 'collapsed').to.be.accessible();

      focus.step = 'expand';
      await press(' ');
      await until(() => toggle.getAttribute('aria-expanded') === 'true', 'expanded');
      expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['c1', 'c2', 'c3', 'c4']);
      expect(deepActive()).to.equal(toggle);
      // Into the replies next, as they read.
      await press('Tab');
      expect(deepActive()?.closest('article')?.id).to.equal('comment-c2');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });
  });

  describe('threads that limit taking part', () => {
    it('sign-in required: the guest is asked to log in, logs in by keyboard and posts', async () => {
      const { thread, provider } = await threadOf({
        comments: [record('s1', null)],
        threads: { t: { requiresSignIn: true } },
        identityOptions: [{ id: 'twitter', label: 'Twitter', kind: 'oauth' }],
      });
      const form = shadow(thread).querySelector('comment-form')!;
      const notice = await until(() => form.shadowRoot?.querySelector('[part~="sign-in-required"]'), 'sign-in notice');
      expect(notice.textContent?.trim()).to.equal('Log in to leave a comment.');
      expect(form.shadowRoot!.querySelector('input[name="name"]'), 'no guest fields').to.equal(null);
      await expect(thread, 'sign-in required').to.be.accessible();

      focus.step = 'log in';
      await tabTo(button('Log in with Twitter'));
      await press('Enter');
      await until(() => !form.shadowRoot!.querySelector('[part~="sign-in-required"]'), 'signed in');
      const textarea = await tabTo((element) => element.localName === 'textarea');
      expect(textarea.closest('form')?.getAttribute('aria-labelledby')).to.exist;
      await sendKeys({ type: 'Signed in, then posted.' });
      await press('Enter', 'Control');
      const posted = await until(() => provider.records.find((r) => r.body === 'Signed in, then posted.'), 'stored');
      expect(posted.author.name).to.equal('Twitter reader');
      await until(() => deepActive() === article(thread, posted.id), 'focus on the new comment');
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });

    it('closed: no form and no Reply; collapsing still works by keyboard', async () => {
      const { thread } = await threadOf({
        comments: [record('k1', null), record('k2', 'k1')],
        threads: { t: { closed: true } },
      });
      expect(shadow(thread).querySelector('[part~="closed"]')?.textContent?.trim()).to.equal('Comments are closed.');
      expect(shadow(thread).querySelector('comment-form')).to.equal(null);
      expect(shadow(thread).querySelector('[part~="reply-button"]')).to.equal(null);
      const toggle = await tabTo(part('collapse-button', 'k1'));
      await press('Enter');
      await until(() => toggle.getAttribute('aria-expanded') === 'false', 'collapsed');
      expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['k1']);
      await expect(thread, 'closed, collapsed').to.be.accessible();
      await settle();
      expect(focus.lost).to.deep.equal([]);
    });
  });
});
