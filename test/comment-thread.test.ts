import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentDataProvider } from '../src/types.js';
import { formOf, listDepth, loadFixture, record, shadow, shownComments, type, until } from './helpers.js';

async function seedThread(options: { provider?: CommentDataProvider; maxDepth?: number } = {}) {
  const seed = await loadFixture('myth-of-networking');
  const provider =
    options.provider ?? new InMemoryProvider({ comments: seed.comments, identityOptions: seed.identityOptions });
  const thread = await fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id=${seed.thread.id}
    thread-title=${seed.thread.title}
    max-depth=${options.maxDepth ?? seed.maxDepth}
  ></comment-thread>`);
  await until(() => shadow(thread).querySelector('article'), 'comments');
  // Only <comment-thread> was imported: the form's code arrives on demand.
  await until(() => shadow(thread).querySelector('comment-form')?.shadowRoot, 'the form, loaded on demand');
  return { thread, provider, seed };
}

describe('<comment-thread>', () => {
  afterEach(() => localStorage.clear());

  it('loads the form’s code on demand when only <comment-thread> is imported', async () => {
    expect(customElements.get('comment-form')).to.equal(undefined);
    await seedThread();
    expect(customElements.get('comment-form')).to.be.a('function');
    expect(customElements.get('login-picker')).to.be.a('function');
  });

  it('renders the seed thread: header, order, depths, post-author marks and "In reply to Liz"', async () => {
    const { thread, seed } = await seedThread();
    const root = shadow(thread);
    expect(root.querySelector('h2')?.textContent?.trim()).to.equal(seed.expected.header);
    const shown = shownComments(thread);
    expect(shown.map((c) => c.id)).to.deep.equal(seed.expected.displayOrder);
    for (const comment of shown) expect(comment.depth, comment.id).to.equal(seed.expected.displayDepth[comment.id]);
    // The semantic tree: an article per comment inside nested lists, c4 beside c3.
    const c3 = root.querySelector('#comment-c3')!;
    const c4 = root.querySelector('#comment-c4')!;
    expect(listDepth(c3)).to.equal(3);
    expect(listDepth(c4)).to.equal(3);
    expect(c4.textContent).to.contain('In reply to Liz');
    expect(root.querySelectorAll('[part~="badge"]')).to.have.length(2);
    expect(root.querySelector('#comment-c2 [part~="badge"]')?.textContent).to.equal('Post author');
    const time = root.querySelector('#comment-c1 time')!;
    expect(time.getAttribute('datetime')).to.equal('2011-03-14T09:12:00Z');
    expect(time.getAttribute('title')).to.match(/2011/);
  });

  it('shows the form with guest fields and the four sign-in options', async () => {
    const { thread } = await seedThread();
    const form = formOf(thread);
    await until(() => shadow(form).querySelector('login-picker')?.shadowRoot?.querySelector('[part~="option"]'), 'options');
    const formRoot = shadow(form);
    expect(formRoot.querySelector('h3')?.textContent?.trim()).to.equal('Leave a Reply');
    for (const name of ['name', 'email', 'url']) expect(formRoot.querySelector(`input[name="${name}"]`), name).to.exist;
    const picker = formRoot.querySelector('login-picker')!;
    const labels = [...shadow(picker).querySelectorAll('[part~="option"]')].map((b) => b.getAttribute('aria-label'));
    expect(labels).to.deep.equal([
      'Log in with WordPress.com',
      'Log in with Twitter',
      'Log in with Facebook',
      'Log in with Google+',
    ]);
    expect(shadow(picker).querySelector('[part~="prompt"]')?.textContent).to.equal(
      'Fill in your details below or click an icon to log in:',
    );
  });

  it('moves the one form under a comment on Reply, focuses the text box, and puts it back on Escape', async () => {
    const { thread } = await seedThread();
    const root = shadow(thread);
    const form = formOf(thread);
    const replyButton = root.querySelector<HTMLButtonElement>('#comment-c1 [part~="reply-button"]')!;
    let started = '';
    thread.addEventListener('reply-start', (event) => (started = event.detail.parentId));
    replyButton.click();
    await until(() => root.querySelector('#comment-c1 + [part~="reply-form"] comment-form'), 'form under c1');
    expect(formOf(thread)).to.equal(form);
    expect(started).to.equal('c1');
    await until(() => shadow(form).activeElement?.localName === 'textarea', 'focus in the text box');
    expect(shadow(form).querySelector('h3')?.textContent?.trim()).to.equal('Leave a Reply to Bret');

    const textarea = shadow(form).querySelector('textarea')!;
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => root.querySelector('[part~="form"] comment-form'), 'form back at the end');
    expect(root.activeElement).to.equal(replyButton);
  });

  it('posts a reply that appears under its parent, with focus on it', async () => {
    const { thread, provider } = await seedThread();
    const root = shadow(thread);
    root.querySelector<HTMLButtonElement>('#comment-c5 [part~="reply-button"]')!.click();
    const form = formOf(thread);
    await until(() => shadow(form).querySelector('h3')?.textContent?.includes('Anonymous'), 'reply title');
    const formRoot = shadow(form);
    type(formRoot.querySelector('input[name="name"]')!, 'Reader');
    type(formRoot.querySelector('input[name="email"]')!, 'reader@example.com');
    type(formRoot.querySelector('textarea')!, 'A reply to the last comment.');
    formRoot.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const article = await until(
      () => [...root.querySelectorAll('article')].find((a) => a.textContent?.includes('A reply to the last comment.')),
      'the posted reply',
    );
    const stored = (provider as InMemoryProvider).records.filter((r) => r.body === 'A reply to the last comment.');
    expect(stored).to.have.length(1);
    expect(stored[0].parentId).to.equal('c5');
    // Under c5: in the replies list of c5's item.
    expect(article.closest('li')?.parentElement?.closest('li')?.querySelector('article')?.id).to.equal('comment-c5');
    expect(root.querySelector('h2')?.textContent).to.contain('6 thoughts');
    await until(() => root.activeElement === article, 'focus on the new comment');
  });

  it('shows loading with aria-busy, then the error with a Retry that works', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)], latency: 50 });
    provider.failNext('listComments', 1, 'network');
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
    const root = shadow(thread);
    expect(root.querySelector('section')?.getAttribute('aria-busy')).to.equal('true');
    expect(root.querySelector('[part~="loading"]')).to.exist;
    const retry = await until(() => root.querySelector<HTMLButtonElement>('[part~="error"] [part~="retry"]'), 'error state');
    expect(root.querySelector('[part~="error"]')?.textContent).to.contain('Couldn’t load comments');
    expect(root.querySelector('[part~="error"]')?.getAttribute('role')).to.equal('alert');
    retry.click();
    await until(() => root.querySelector('#comment-a1'), 'comments after retry');
    expect(root.querySelector('section')?.getAttribute('aria-busy')).to.equal('false');
  });

  it('turns a provider that never answers into a timeout error', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)] });
    provider.hangNext('listComments');
    const thread = await fixture<CommentThread>(
      html`<comment-thread .provider=${provider} thread-id="t" timeout="100"></comment-thread>`,
    );
    const error = await until(() => shadow(thread).querySelector('[part~="error"]'), 'timeout error');
    expect(error.textContent).to.contain('took too long');
  });

  it('says "No comments yet" for an empty thread and "One thought on" for one', async () => {
    const provider = new InMemoryProvider();
    const thread = await fixture<CommentThread>(
      html`<comment-thread .provider=${provider} thread-id="t" thread-title="Post"></comment-thread>`,
    );
    await until(() => shadow(thread).querySelector('h2')?.textContent?.includes('No comments yet'), 'empty header');
    provider.addExternal(record('x1', null));
    await until(() => shadow(thread).querySelector('h2')?.textContent?.trim() === 'One thought on “Post”', 'one');
  });

  it('renders author names and bodies as text and sanitised HTML, never as markup', async () => {
    const provider = new InMemoryProvider({
      comments: [
        record('h1', null, {
          author: { name: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)', avatarUrl: 'javascript:alert(1)' },
          body: '<script>window.__hostile = 1</script>\n\n**ok**',
        }),
        record('h2', null, { author: { name: 'Site', url: 'https://site.example/' } }),
      ],
    });
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
    const root = shadow(thread);
    await until(() => root.querySelector('#comment-h2'), 'comments');
    const hostile = root.querySelector('#comment-h1')!;
    expect(hostile.querySelector('[part~="author"]')?.textContent?.trim()).to.equal('<img src=x onerror=alert(1)>');
    expect(hostile.querySelector('[part~="author"] a')).to.equal(null);
    expect(hostile.querySelector('img')).to.equal(null);
    expect(hostile.querySelector('script')).to.equal(null);
    expect(hostile.querySelector('strong')?.textContent).to.equal('ok');
    expect((window as unknown as { __hostile?: number }).__hostile).to.equal(undefined);
    const link = root.querySelector('#comment-h2 [part~="author"] a')!;
    expect(link.getAttribute('href')).to.equal('https://site.example/');
    expect(link.getAttribute('rel')).to.equal('ugc nofollow noopener');
  });

  it('falls back to initials when an avatar fails to load', async () => {
    const provider = new InMemoryProvider({
      comments: [record('v1', null, { author: { name: 'Liz Smith', avatarUrl: 'http://127.0.0.1:9/missing.png' } })],
    });
    const thread = await fixture<CommentThread>(html`<comment-thread thread-id="t" avatars="remote"></comment-thread>`);
    // Catch the image the moment it is rendered (its error may come before any poll would see
    // it), and load it now: avatars load lazily, and a background page may never get to it.
    let image: HTMLImageElement | null = null;
    const observer = new MutationObserver(() => {
      const found = shadow(thread).querySelector<HTMLImageElement>('#comment-v1 img[part~="avatar"]');
      if (found && !image) {
        image = found;
        found.loading = 'eager';
      }
    });
    observer.observe(shadow(thread), { childList: true, subtree: true });
    thread.provider = provider;
    const avatar = await until(
      () => shadow(thread).querySelector('#comment-v1 span[part~="avatar"]'),
      'initials after the image failed',
    );
    observer.disconnect();
    expect(image, 'the remote avatar was tried first').to.not.equal(null);
    expect(avatar.textContent).to.equal('LS');
  });

  it('pages with "Load more comments" and attaches replies whose parent comes later', async () => {
    const comments = [record('p1', null), record('p2', null), record('p3', null), record('r4', 'p3')];
    const provider = new InMemoryProvider({ comments });
    const thread = await fixture<CommentThread>(
      html`<comment-thread .provider=${provider} thread-id="t" page-size="2"></comment-thread>`,
    );
    const root = shadow(thread);
    await until(() => root.querySelector('#comment-p2'), 'first page');
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['p1', 'p2']);
    expect(root.querySelector('h2')?.textContent).to.contain('4');
    root.querySelector<HTMLButtonElement>('[part~="load-more"]')!.click();
    await until(() => root.querySelector('#comment-r4'), 'second page');
    expect(shownComments(thread).map((c) => `${c.id}@${c.depth}`)).to.deep.equal(['p1@1', 'p2@1', 'p3@1', 'r4@2']);
    expect(root.querySelector('[part~="load-more"]')).to.equal(null);
    await until(() => root.activeElement?.id === 'comment-p3', 'focus on the first new comment');
  });

  it('load more: the first new comment, folded among its conversation’s replies, is unfolded and focused', async () => {
    // Pages in thread order: p1 and four of its replies, then its last two and p9. With six
    // replies, p1's list folds to three: the first new comment, r7, would be folded.
    const comments = [record('p1', null), ...[2, 3, 4, 6, 7, 8].map((n) => record(`r${n}`, 'p1')), record('p9', null)];
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${new InMemoryProvider({ comments })} thread-id="t" page-size="5"></comment-thread>`);
    const root = shadow(thread);
    await until(() => root.querySelector('#comment-r6'), 'first page');
    expect(root.querySelector('#comment-r7')).to.equal(null);
    root.querySelector<HTMLButtonElement>('[part~="load-more"]')!.click();
    await until(() => root.activeElement?.id === 'comment-r7', 'focus on the first new comment');
    expect(root.querySelector('#comment-r7')!.closest('[hidden]'), 'shown, not folded').to.equal(null);
  });

  it('fires thread-loaded and applies live additions, announcing them', async () => {
    const provider = new InMemoryProvider({ comments: [record('l1', null)] });
    const loaded: number[] = [];
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id="t"
      @thread-loaded=${(event: CustomEvent<{ shown: number }>) => loaded.push(event.detail.shown)}
    ></comment-thread>`);
    await until(() => loaded.length, 'thread-loaded');
    expect(loaded).to.deep.equal([1]);
    provider.addExternal(record('l2', 'l1'));
    const root = shadow(thread);
    await until(() => root.querySelector('#comment-l2'), 'live comment');
    await until(() => root.querySelector('[role="status"][aria-live="polite"]')?.textContent === 'One new comment', 'announcement');
    thread.remove();
    expect(provider.subscriberCount('t')).to.equal(0);
  });

  it('never lets an older load overwrite a newer one', async () => {
    const slow = new InMemoryProvider({ comments: [record('old1', null)], latency: 200 });
    const fast = new InMemoryProvider({ comments: [record('new1', null)], latency: 0 });
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${slow} thread-id="t"></comment-thread>`);
    thread.provider = fast;
    await until(() => shadow(thread).querySelector('#comment-new1'), 'the newer provider’s comments');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['new1']);
  });

  it('is accessible (axe) when loaded and while replying', async () => {
    const { thread } = await seedThread();
    await until(() => shadow(formOf(thread)).querySelector('login-picker')?.shadowRoot?.querySelector('[part~="option"]'), 'options');
    await expect(thread).to.be.accessible();
    shadow(thread).querySelector<HTMLButtonElement>('#comment-c2 [part~="reply-button"]')!.click();
    await until(() => shadow(thread).querySelector('[part~="reply-form"]'), 'replying');
    await expect(thread).to.be.accessible();
  });
});
