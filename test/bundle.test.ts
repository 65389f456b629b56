// The single-file bundle a <script type="module"> loads: built by `npm run build`.
import { expect, fixture, html } from '@open-wc/testing';
import { InMemoryProvider, type CommentThread } from '../dist/comment-thread.js';
import { formOf, loadFixture, shadow, shownComments, type, until } from './helpers.js';

describe('dist/comment-thread.js', () => {
  afterEach(() => localStorage.clear());

  it('registers all three elements', () => {
    for (const tag of ['comment-thread', 'comment-form', 'login-picker']) {
      expect(customElements.get(tag), tag).to.be.a('function');
    }
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
