// The bundles a <script type="module"> loads: built by `npm run build`.
import { expect, fixture, html } from '@open-wc/testing';
import { loadForm, providerRegistry, type CommentThread } from '../dist/comment-thread.js';
import { InMemoryProvider } from '../dist/comment-thread-providers.js';
import { formOf, loadFixture, shadow, shownComments, type, until } from './helpers.js';

describe('dist/comment-thread.js', () => {
  afterEach(() => localStorage.clear());

  it('registers the elements and the provider names; the form and the picker with their chunk', async () => {
    for (const tag of ['comment-thread', 'comment-count']) expect(customElements.get(tag), tag).to.be.a('function');
    const { CommentForm, LoginPicker } = await loadForm();
    expect(customElements.get('comment-form')).to.equal(CommentForm);
    expect(customElements.get('login-picker')).to.equal(LoginPicker);
    for (const name of ['memory', 'rest', 'wordpress']) expect(providerRegistry.has(name), name).to.equal(true);
    // The picker's brand icons are a chunk of their own, asked for beside the form's code.
    const chunks = () => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    await until(() => chunks().some((path) => /^\/dist\/chunks\/brands-[^/]+\.js$/.test(path)), 'the brand icons’ chunk');
    expect(chunks().filter((path) => /^\/dist\/chunks\/comment-form-[^/]+\.js$/.test(path))).to.have.length(1);
  });

  it('provider="memory" loads its provider on first use and shows the seed from its endpoint', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread
      provider="memory"
      endpoint=${new URL('./fixtures/myth-of-networking.json', import.meta.url).href}
      thread-id="the-myth-of-networking"
      max-depth="3"
    ></comment-thread>`);
    await until(() => shownComments(thread).length === 5, 'the five seed comments');
    expect(shownComments(thread)[0].text).to.contain('Bret');
    // Everything InMemoryProvider can do: reactions, reporting, the "Top" order.
    const root = shadow(thread);
    await until(() => root.querySelector('[part~="reaction"]'), 'reactions');
    expect(root.querySelector('[part~="report-button"]')).to.exist;
    expect([...root.querySelectorAll('[part~="order"] option')].map((option) => (option as HTMLOptionElement).value)).to.include('top');
  });

  it('provider="memory" with a seed that cannot be fetched says so, and Retry tries again', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread
      provider="memory"
      endpoint=${new URL('./fixtures/no-such-seed.json', import.meta.url).href}
      thread-id="x"
    ></comment-thread>`);
    const error = await until(() => shadow(thread).querySelector('[part~="error"]'), 'the error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(shadow(thread).textContent).not.to.contain('No comments yet');
    error.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
    await until(() => shadow(thread).querySelector('[part~="error"]'), 'the error again');
  });

  it('provider="rest" without an endpoint says what is missing instead of loading anything', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread provider="rest" thread-id="x"></comment-thread>`);
    const error = await until(() => shadow(thread).querySelector('[part~="error"]'), 'the error');
    expect(error.querySelector('[part~="retry"]')).to.exist;
  });

  it('renders the seed thread and shows a posted reply under its parent', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments, identityOptions: seed.identityOptions });
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id=${seed.thread.id}
      thread-title=${seed.thread.title}
      max-depth=${seed.maxDepth}
    ></comment-thread>`);
    const root = shadow(thread);
    await until(() => root.querySelector('article'), 'comments');

    expect(root.querySelector('h2')?.textContent?.trim()).to.equal('5 thoughts on “The Myth of Networking”');
    // The minified styles keep the Like button's drawn icon (a minifier once broke its data: URL).
    const like = root.querySelector('[part~="reaction"]')!;
    const icon = getComputedStyle(like, '::before');
    expect(icon.getPropertyValue('mask-image') || icon.getPropertyValue('-webkit-mask-image')).to.match(/^url\(/);
    const shown = shownComments(thread);
    expect(shown.map((c) => c.id)).to.deep.equal(seed.expected.displayOrder);
    expect(Object.fromEntries(shown.map((c) => [c.id, c.depth]))).to.deep.equal(seed.expected.displayDepth);

    root.querySelector<HTMLButtonElement>('#comment-c3 [part~="reply-button"]')!.click();
    const form = formOf(thread);
    await until(() => shadow(form).querySelector('h3')?.textContent?.includes('Liz'), 'replying to Liz');
    const formRoot = shadow(form);
    type(formRoot.querySelector('input[name="name"]')!, 'Grace');
    type(formRoot.querySelector('input[name="email"]')!, 'grace@example.com');
    type(formRoot.querySelector('textarea')!, 'Giving first works.');
    formRoot.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();

    const posted = await until(
      () => shownComments(thread).find((c) => c.text.includes('Giving first works.')),
      'the posted reply',
    );
    // Liz's comment sits at max-depth 3: her reply is shown at 3, after her
    // comment and Julian's earlier reply to her, and before the next top-level comment.
    const order = shownComments(thread).map((c) => c.id);
    expect(order.indexOf(posted.id)).to.equal(order.indexOf('c4') + 1);
    expect(order.indexOf(posted.id)).to.be.lessThan(order.indexOf('c5'));
    expect(posted.depth).to.equal(3);
    expect(posted.text).to.contain('In reply to Liz');
    expect(provider.records.filter((r) => r.body === 'Giving first works.')).to.have.length(1);
  });
});
