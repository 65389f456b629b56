import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/comment-form/define.js';
import type { CommentForm } from '../src/comment-form/comment-form.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentDataProvider, CommentDraft, CommentRecord } from '../src/types.js';
import { record, shadow, type, until } from './helpers.js';

async function standaloneForm(provider: CommentDataProvider, extra: { timeout?: number; parentId?: string } = {}) {
  const form = await fixture<CommentForm>(html`<comment-form
    .provider=${provider}
    thread-id="t"
    .parentId=${extra.parentId ?? null}
    timeout=${extra.timeout ?? 15000}
  ></comment-form>`);
  await until(() => shadow(form).querySelector('login-picker')?.shadowRoot, 'picker');
  return form;
}

function fill(form: CommentForm, values: { name?: string; email?: string; body?: string }) {
  const root = shadow(form);
  if (values.name !== undefined) type(root.querySelector('input[name="name"]')!, values.name);
  if (values.email !== undefined) type(root.querySelector('input[name="email"]')!, values.email);
  if (values.body !== undefined) type(root.querySelector('textarea')!, values.body);
}

const submit = (form: CommentForm) => shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();

describe('<comment-form>', () => {
  beforeEach(() => localStorage.clear());

  it('posts as a guest on its own, fires comment-posted, clears the text and says so', async () => {
    const provider = new InMemoryProvider();
    const form = await standaloneForm(provider);
    const posted: CommentRecord[] = [];
    form.addEventListener('comment-posted', (event) => posted.push(event.detail.comment));
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Hello **there**' });
    submit(form);
    await until(() => posted.length, 'comment-posted');
    expect(posted[0].body).to.equal('Hello **there**');
    expect(posted[0].author.name).to.equal('Ada');
    expect(provider.records).to.have.length(1);
    await form.updateComplete;
    expect(shadow(form).querySelector('textarea')!.value).to.equal('');
    expect(shadow(form).querySelector('[part~="status"]')?.textContent).to.equal('Your comment was posted.');
    expect(Object.keys(localStorage).filter((key) => key.includes('draft'))).to.deep.equal([]);
  });

  it('says a held comment is awaiting moderation', async () => {
    const form = await standaloneForm(new InMemoryProvider({ moderation: 'hold' }));
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Held' });
    submit(form);
    await until(() => shadow(form).querySelector('[part~="status"]')?.textContent?.includes('awaiting moderation'), 'pending');
  });

  it('shows inline messages tied to their fields and focuses the first', async () => {
    const provider = new InMemoryProvider();
    const form = await standaloneForm(provider);
    fill(form, { email: 'not-an-email' });
    submit(form);
    await form.updateComplete;
    const root = shadow(form);
    const name = root.querySelector('input[name="name"]')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(root.getElementById(name.getAttribute('aria-describedby')!.split(' ')[0])?.textContent).to.equal(
      'Please enter your name.',
    );
    const email = root.querySelector('input[name="email"]')!;
    expect(email.getAttribute('aria-describedby')).to.contain('email-error');
    expect(root.getElementById('email-error')?.textContent).to.equal('Please enter a valid email address.');
    expect(root.getElementById('body-error')?.textContent).to.equal('Please write a comment.');
    await until(() => root.activeElement === name, 'focus on the first invalid field');
    expect(provider.calls.filter((call) => call.method === 'postComment')).to.have.length(0);
    await expect(form).to.be.accessible();
  });

  it('maps the provider’s field errors onto the fields', async () => {
    const provider = new InMemoryProvider();
    provider.failNext('postComment', 1, 'validation', { fieldErrors: { email: 'That address bounces.' } });
    const form = await standaloneForm(provider);
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Hi' });
    submit(form);
    await until(() => shadow(form).getElementById('email-error'), 'email error');
    expect(shadow(form).getElementById('email-error')?.textContent).to.equal('That address bounces.');
    expect(shadow(form).querySelector('input[name="email"]')?.getAttribute('aria-invalid')).to.equal('true');
  });

  it('keeps the text after a failed post, and a new page restores it', async () => {
    const provider = new InMemoryProvider();
    provider.failNext('postComment', 1, 'network');
    const form = await standaloneForm(provider);
    const failed: string[] = [];
    form.addEventListener('comment-post-failed', (event) => failed.push(event.detail.error.code));
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Do not lose me' });
    submit(form);
    const alert = await until(() => shadow(form).querySelector('[part~="error"]'), 'the failure');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('could not be reached');
    expect(failed).to.deep.equal(['network']);
    expect(shadow(form).querySelector('textarea')!.value).to.equal('Do not lose me');
    // A reload: a brand-new form for the same thread gets the draft back.
    form.remove();
    const again = await standaloneForm(provider);
    expect(shadow(again).querySelector('textarea')!.value).to.equal('Do not lose me');
  });

  it('posts once on a double click', async () => {
    const provider = new InMemoryProvider({ latency: 50 });
    const form = await standaloneForm(provider);
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Once only' });
    const button = shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!;
    button.click();
    button.click();
    void form.submit();
    await until(() => provider.records.length === 1 && !form.isPosting, 'the post');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(provider.records).to.have.length(1);
    expect(provider.calls.filter((call) => call.method === 'postComment')).to.have.length(1);
  });

  it('keeps focus on Post while posting: the fields are read-only, and a click or Enter on Post does nothing', async () => {
    // The post is held until the keys below have been pressed (a fixed latency ran out under load).
    const provider = new InMemoryProvider();
    const post = provider.postComment.bind(provider);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    provider.postComment = async (...args) => {
      await held;
      return post(...args);
    };
    const form = await standaloneForm(provider);
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Focus stays' });
    const root = shadow(form);
    const button = root.querySelector<HTMLButtonElement>('[part~="submit"]')!;
    let submits = 0;
    root.querySelector('form')!.addEventListener('submit', () => submits++);
    button.focus();
    button.click();
    expect(submits).to.equal(1);
    await until(() => form.isPosting, 'posting');
    await form.updateComplete;
    expect(button.disabled, 'not disabled: focus would fall to the page').to.equal(false);
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(root.activeElement, 'focus stays on Post').to.equal(button);
    const textarea = root.querySelector('textarea')!;
    expect(textarea.disabled).to.equal(false);
    expect(textarea.readOnly).to.equal(true);
    for (const name of ['name', 'email', 'url']) {
      const input = root.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      expect(input.disabled, name).to.equal(false);
      expect(input.readOnly, name).to.equal(true);
    }
    // A click, Enter and Space on Post, Enter in a field (implicit submission) and Ctrl+Enter
    // in the text box submit nothing.
    button.click();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: ' ' });
    root.querySelector<HTMLInputElement>('input[name="name"]')!.focus();
    await sendKeys({ press: 'Enter' });
    textarea.focus();
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    expect(form.isPosting, 'still the first post').to.equal(true);
    expect(submits, 'no second submission').to.equal(1);
    release();
    await until(() => !form.isPosting, 'posted');
    await form.updateComplete;
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    expect(textarea.readOnly).to.equal(false);
    expect(provider.calls.filter((call) => call.method === 'postComment')).to.have.length(1);
    expect(provider.records).to.have.length(1);
  });

  it('a retry after a timeout reuses the idempotency key and stores one comment', async () => {
    const store = new InMemoryProvider();
    const keys: string[] = [];
    let first = true;
    // Stores at once but, the first time, answers too late: the element times out.
    const slowAnswer: CommentDataProvider = {
      listComments: (threadId, options) => store.listComments(threadId, options),
      async postComment(draft: CommentDraft) {
        keys.push(draft.idempotencyKey);
        const stored = await store.postComment(draft);
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 400));
        }
        return stored;
      },
    };
    const form = await standaloneForm(slowAnswer, { timeout: 100 });
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Stored once' });
    submit(form);
    const retry = await until(() => shadow(form).querySelector<HTMLButtonElement>('[part~="error"] button'), 'timeout');
    expect(shadow(form).querySelector('[part~="error"]')?.textContent).to.contain('took too long');
    retry.click();
    await until(() => shadow(form).querySelector('[part~="status"]')?.textContent === 'Your comment was posted.', 'posted');
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
    expect(store.records).to.have.length(1);
  });

  it('posts with Ctrl+Enter', async () => {
    const provider = new InMemoryProvider();
    const form = await standaloneForm(provider);
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Keyboard' });
    shadow(form)
      .querySelector('textarea')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await until(() => provider.records.length === 1, 'posted');
  });

  it('previews Markdown through the display sanitiser', async () => {
    const form = await standaloneForm(new InMemoryProvider());
    fill(form, { body: '**bold** <img src=x onerror="window.__preview=1"> [x](javascript:alert(1))' });
    const [, previewButton] = shadow(form).querySelectorAll<HTMLButtonElement>('[part~="tabs"] button');
    previewButton.click();
    const preview = await until(() => shadow(form).querySelector('[part~="preview"]'), 'preview');
    expect(preview.querySelector('strong')?.textContent).to.equal('bold');
    expect(preview.querySelector('img')).to.equal(null);
    const scriptLink = [...preview.querySelectorAll('a')].find((link) => link.textContent === 'x');
    expect(scriptLink?.hasAttribute('href')).to.equal(false);
    expect((window as unknown as { __preview?: number }).__preview).to.equal(undefined);
  });

  it('remembers guest details when asked, and passes the honeypot in the draft', async () => {
    const drafts: CommentDraft[] = [];
    const store = new InMemoryProvider();
    const spy: CommentDataProvider = {
      listComments: (threadId, options) => store.listComments(threadId, options),
      postComment: (draft, options) => {
        drafts.push(draft);
        return store.postComment({ ...draft, honeypot: '' }, options);
      },
    };
    const form = await standaloneForm(spy);
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Remember me' });
    const root = shadow(form);
    const checkbox = root.querySelector<HTMLInputElement>('[part~="save-details"] input')!;
    checkbox.click();
    const trap = root.querySelector<HTMLInputElement>('input[name="trap"]')!;
    trap.value = 'bot';
    submit(form);
    await until(() => drafts.length, 'posted');
    expect(drafts[0].honeypot).to.equal('bot');
    expect(drafts[0].guest).to.deep.equal({ name: 'Ada', email: 'ada@example.com' });
    form.remove();
    const again = await standaloneForm(spy);
    expect(shadow(again).querySelector<HTMLInputElement>('input[name="name"]')!.value).to.equal('Ada');
  });

  it('keeps a separate draft per parent comment', async () => {
    const provider = new InMemoryProvider({ comments: [record('p1', null, { threadId: 't' })] });
    const form = await standaloneForm(provider);
    fill(form, { body: 'top-level words' });
    form.parentId = 'p1';
    await form.updateComplete;
    expect(shadow(form).querySelector('textarea')!.value).to.equal('');
    fill(form, { body: 'reply words' });
    form.parentId = null;
    await form.updateComplete;
    expect(shadow(form).querySelector('textarea')!.value).to.equal('top-level words');
  });

  it('a post answered after its form was removed forgets only its own draft, not one typed since in the same place', async () => {
    const store = new InMemoryProvider();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    // Stores, then answers only when the test says so: the post is still on its way when the
    // reader opens a new form for the same thread (a page that re-mounts its comment section).
    const late: CommentDataProvider = {
      listComments: (threadId, options) => store.listComments(threadId, options),
      async postComment(draft, options) {
        const stored = await store.postComment(draft, options);
        await answered;
        return stored;
      },
    };
    const first = await standaloneForm(late);
    fill(first, { name: 'Ada', email: 'ada@example.com', body: 'posted words' });
    submit(first);
    await until(() => first.isPosting, 'posting');
    first.remove();
    const second = await standaloneForm(late);
    fill(second, { name: 'Ada', email: 'ada@example.com', body: 'new words' });
    answer();
    await until(() => store.records.length === 1 && !first.isPosting, 'the first post answered');
    second.remove();
    const third = await standaloneForm(late);
    expect(shadow(third).querySelector('textarea')!.value).to.equal('new words');
    // The new words go with a key of their own: under the first key the backend would answer
    // with the comment it already stored, and the new words would be lost.
    fill(third, { name: 'Ada', email: 'ada@example.com' });
    submit(third);
    await until(() => store.records.length === 2, 'the new words posted');
    expect(store.records.map((comment) => comment.body).sort()).to.deep.equal(['new words', 'posted words']);
    expect(shadow(third).querySelector('textarea')!.value).to.equal('');
  });

  it('reconciles a conflict on retry (a backend without idempotency keys) with the stored comment', async () => {
    const store = new InMemoryProvider();
    let calls = 0;
    // Like WordPress: stores the first time but the answer is lost; the retry is a duplicate → 409.
    const noKeys: CommentDataProvider = {
      listComments: (threadId, options) => store.listComments(threadId, options),
      async postComment(draft: CommentDraft) {
        calls++;
        if (calls === 1) {
          await store.postComment(draft);
          throw { code: 'network', message: 'connection reset' };
        }
        throw { code: 'conflict', message: 'comment_duplicate' };
      },
    };
    const form = await standaloneForm(noKeys);
    const posted: CommentRecord[] = [];
    form.addEventListener('comment-posted', (event) => posted.push(event.detail.comment));
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Only once please' });
    submit(form);
    const retry = await until(() => shadow(form).querySelector<HTMLButtonElement>('[part~="error"] button'), 'failure');
    retry.click();
    await until(() => posted.length, 'reconciled as posted');
    expect(posted[0].id).to.equal(store.records[0].id);
    expect(store.records).to.have.length(1);
    expect(shadow(form).querySelector('[part~="error"]')).to.equal(null);
  });

  it('warns before leaving the page while a post is on its way', async () => {
    const provider = new InMemoryProvider();
    provider.hangNext('postComment');
    const form = await standaloneForm(provider, { timeout: 60000 });
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'In flight' });
    // A saved draft comes back after a reload: no warning needed.
    expect(leave()).to.equal(false);
    submit(form);
    await until(() => form.isPosting, 'posting');
    expect(leave()).to.equal(true);
    form.remove();
  });

  it('is accessible while posting and once posted pending', async () => {
    const provider = new InMemoryProvider({ moderation: 'hold', latency: 300 });
    const form = await standaloneForm(provider);
    fill(form, { name: 'Ada', email: 'ada@example.com', body: 'Held' });
    submit(form);
    await until(() => form.isPosting, 'posting');
    expect(shadow(form).querySelector('form')?.getAttribute('aria-busy')).to.equal('true');
    const button = shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(shadow(form).querySelector('textarea')!.getAttribute('aria-disabled')).to.equal('true');
    expect(shadow(form).querySelector('input[name="name"]')!.getAttribute('aria-disabled')).to.equal('true');
    await expect(form).to.be.accessible();
    await until(() => !form.isPosting, 'posted');
    await form.updateComplete;
    await expect(form).to.be.accessible();
  });

  it('posts under the signed-in identity, without guest fields', async () => {
    const provider = new InMemoryProvider({
      identityOptions: [{ id: 'twitter', label: 'Twitter', kind: 'oauth' }],
      identity: { optionId: 'twitter', name: 'Signed Reader' },
    });
    const form = await standaloneForm(provider);
    await until(() => shadow(shadow(form).querySelector('login-picker')!).querySelector('[part~="identity"]'), 'identity');
    await form.updateComplete;
    expect(shadow(form).querySelector('input[name="name"]')).to.equal(null);
    fill(form, { body: 'As myself' });
    submit(form);
    await until(() => provider.records.length === 1, 'posted');
    expect(provider.records[0].author.name).to.equal('Signed Reader');
    await expect(form).to.be.accessible();
  });
});
