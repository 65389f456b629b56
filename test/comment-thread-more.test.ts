import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import '../src/comment-form/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { registerProvider } from '../src/providers/registry.js';
import type { CommentRecord, ProviderErrorLike } from '../src/types.js';
import { formOf, record, shadow, shownComments, shownIds, type, until } from './helpers.js';

async function threadOf(provider: InMemoryProvider, attributes: { pageSize?: number; threadId?: string } = {}) {
  const thread = await fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id=${attributes.threadId ?? 't'}
    thread-title="Post"
    page-size=${attributes.pageSize ?? 50}
  ></comment-thread>`);
  await until(() => thread.shadowRoot?.querySelector('[part~="list"], [part~="error"]') || shadow(thread).querySelector('h2')?.textContent?.includes('No comments'), 'loaded');
  return thread;
}

describe('<comment-thread>: folding, permalinks, order, reloads, own pending comments', () => {
  afterEach(() => {
    localStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('folds a long reply list behind "Show N more replies" and opens it with focus on the first revealed', async () => {
    const comments: CommentRecord[] = [record('p0', null)];
    for (let i = 1; i <= 8; i++) comments.push(record(`r${i}`, 'p0'));
    comments.push(record('n9', 'r5'));
    const thread = await threadOf(new InMemoryProvider({ comments }));
    const root = shadow(thread);
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['p0', 'r1', 'r2', 'r3']);
    const more = root.querySelector<HTMLButtonElement>('[part~="show-more"]')!;
    // Five hidden replies and one reply to them.
    expect(more.textContent?.trim()).to.equal('Show 6 more replies');
    more.click();
    await until(() => root.querySelector('#comment-n9'), 'unfolded');
    expect(shownComments(thread)).to.have.length(10);
    expect(root.querySelector('[part~="show-more"]')).to.equal(null);
    await until(() => root.activeElement?.id === 'comment-r4', 'focus on the first revealed reply');
  });

  it('opens #comment-{id}: loads pages until it is found, unfolds it, scrolls to and highlights it', async () => {
    const comments: CommentRecord[] = [];
    for (let i = 1; i <= 6; i++) comments.push(record(`t${i}`, null));
    for (let i = 1; i <= 7; i++) comments.push(record(`x${10 + i}`, 't6'));
    history.replaceState(null, '', '#comment-x17');
    const thread = await threadOf(new InMemoryProvider({ comments }), { pageSize: 4 });
    const root = shadow(thread);
    const target = await until(() => root.querySelector<HTMLElement>('#comment-x17.highlight'), 'highlighted target');
    await until(() => root.activeElement === target, 'focus on the linked comment');
    const box = target.getBoundingClientRect();
    expect(box.top).to.be.lessThan(window.innerHeight);
    expect(box.bottom).to.be.greaterThan(0);
  });

  it('says when a linked comment no longer exists', async () => {
    history.replaceState(null, '', '#comment-gone');
    const thread = await threadOf(new InMemoryProvider({ comments: [record('a1', null), record('a2', null)] }), {
      pageSize: 1,
    });
    const note = await until(() => shadow(thread).querySelector('[role="status"].note'), 'the note');
    expect(note.textContent).to.equal('The comment you linked to no longer exists.');
  });

  it('switches to newest first and back: top level reordered, replies still oldest first', async () => {
    const provider = new InMemoryProvider({
      comments: [record('a1', null), record('a2', null), record('b3', 'a1'), record('b4', 'a1')],
    });
    const thread = await threadOf(provider);
    const select = shadow(thread).querySelector<HTMLSelectElement>('[part~="order"]')!;
    select.value = 'newest';
    select.dispatchEvent(new Event('change'));
    await until(() => shownComments(thread)[0]?.id === 'a2', 'newest first');
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['a2', 'a1', 'b3', 'b4']);
    expect(thread.order).to.equal('newest');
    const lastList = provider.calls.filter((call) => call.method === 'listComments').at(-1)!;
    expect((lastList.args[1] as { order: string }).order).to.equal('newest');
  });

  it('reloads cleanly when thread-id changes and closes the old subscription', async () => {
    const provider = new InMemoryProvider({
      comments: [record('a1', null), { ...record('z1', null), threadId: 'other' }],
    });
    const thread = await threadOf(provider);
    expect(provider.subscriberCount('t')).to.equal(1);
    thread.threadId = 'other';
    await until(() => shownComments(thread)[0]?.id === 'z1', 'the other thread');
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['z1']);
    expect(provider.subscriberCount('t')).to.equal(0);
    expect(provider.subscriberCount('other')).to.equal(1);
  });

  it('keeps showing the reader’s own held comment after a reload, until hidden', async () => {
    const seed = [record('a1', null)];
    const provider = new InMemoryProvider({ comments: seed, moderation: 'hold' });
    const thread = await threadOf(provider);
    const form = formOf(thread);
    await until(() => shadow(form).querySelector('input[name="name"]'), 'guest fields');
    type(shadow(form).querySelector('input[name="name"]')!, 'Ada');
    type(shadow(form).querySelector('input[name="email"]')!, 'ada@example.com');
    type(shadow(form).querySelector('textarea')!, 'Held for moderation');
    shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const pending = await until(() => shadow(thread).querySelector('[part~="moderation"]'), 'moderation notice');
    expect(pending.textContent).to.contain('Your comment is awaiting moderation.');
    await until(
      () => shadow(thread).querySelector('[aria-live="polite"]')?.textContent?.includes('awaiting moderation'),
      'announcement',
    );

    // A reload against a backend that hides held comments (as WordPress does).
    thread.remove();
    const hiding = new InMemoryProvider({ comments: seed });
    const again = await threadOf(hiding);
    const remembered = await until(() => shadow(again).querySelector('[part~="moderation"]'), 'remembered comment');
    expect(remembered.closest('article')?.textContent).to.contain('Held for moderation');
    remembered.querySelector<HTMLButtonElement>('[part~="hide-pending"]')!.click();
    await until(() => !shadow(again).querySelector('[part~="moderation"]'), 'hidden');
    expect(localStorage.getItem('comment-thread:pending:t')).to.equal(null);
  });

  it('forgets a remembered comment once the backend returns it approved', async () => {
    const approved = { ...record('m1', null), status: 'approved' as const };
    localStorage.setItem('comment-thread:pending:t', JSON.stringify([{ ...approved, status: 'pending' }]));
    const thread = await threadOf(new InMemoryProvider({ comments: [approved] }));
    expect(shadow(thread).querySelector('[part~="moderation"]')).to.equal(null);
    expect(localStorage.getItem('comment-thread:pending:t')).to.equal(null);
  });

  it('fires thread-error, reply-start and reply-cancel, and lets comment-posted bubble out', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)] });
    provider.failNext('listComments', 1, 'rate_limited', { retryAfter: 30 });
    const errors: ProviderErrorLike[] = [];
    const events: string[] = [];
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id="t"
      @thread-error=${(event: CustomEvent<{ error: ProviderErrorLike }>) => errors.push(event.detail.error)}
      @reply-start=${() => events.push('start')}
      @reply-cancel=${() => events.push('cancel')}
      @comment-posted=${() => events.push('posted')}
    ></comment-thread>`);
    const error = await until(() => shadow(thread).querySelector('[part~="error"]'), 'error');
    expect(errors.map((e) => e.code)).to.deep.equal(['rate_limited']);
    expect(error.textContent).to.contain('30 seconds');
    await expect(thread).to.be.accessible();
    shadow(thread).querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
    await until(() => shadow(thread).querySelector('#comment-a1'), 'loaded');
    shadow(thread).querySelector<HTMLButtonElement>('[part~="reply-button"]')!.click();
    const form = formOf(thread);
    await until(() => shadow(form).querySelector('[part~="cancel-reply"]'), 'replying');
    shadow(form).querySelector<HTMLButtonElement>('[part~="cancel-reply"]')!.click();
    await until(() => events.includes('cancel'), 'cancel');
    type(shadow(form).querySelector('input[name="name"]')!, 'Ada');
    type(shadow(form).querySelector('input[name="email"]')!, 'ada@example.com');
    type(shadow(form).querySelector('textarea')!, 'Top level');
    shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => events.includes('posted'), 'posted');
    expect(events).to.deep.equal(['start', 'cancel', 'posted']);
  });

  it('is accessible when empty', async () => {
    const thread = await threadOf(new InMemoryProvider());
    expect(shadow(thread).querySelector('h2')?.textContent?.trim()).to.equal('No comments yet');
    await until(() => shadow(formOf(thread)).querySelector('input[name="name"]'), 'form');
    await expect(thread).to.be.accessible();
  });

  it('shows "Comments are closed." instead of the form on a closed thread, and no Reply buttons', async () => {
    const provider = new InMemoryProvider({ comments: [record('a1', null)], threads: { t: { closed: true } } });
    const thread = await threadOf(provider);
    await until(() => shadow(thread).querySelector('[part~="closed"]'), 'closed');
    expect(shadow(thread).querySelector('[part~="closed"]')?.textContent).to.equal('Comments are closed.');
    expect(shadow(thread).querySelector('comment-form')).to.equal(null);
    expect(shadow(thread).querySelector('[part~="reply-button"]')).to.equal(null);
  });

  it('inserts a live comment above the reader without moving what they are reading', async () => {
    const comments: CommentRecord[] = [];
    for (let i = 1; i <= 30; i++) comments.push(record(`s${i}`, null, { body: `Comment ${i}\n\nwith a second paragraph` }));
    const provider = new InMemoryProvider({ comments });
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id="t"
      order="newest"
    ></comment-thread>`);
    const root = shadow(thread);
    await until(() => root.querySelector('#comment-s15'), 'loaded');
    const reading = root.querySelector<HTMLElement>('#comment-s15')!;
    reading.scrollIntoView({ block: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = reading.getBoundingClientRect().top;
    provider.addExternal({ ...record('s99', null), body: 'New, at the top\n\nwith more\n\nlines' });
    await until(() => root.querySelector('#comment-s99'), 'live comment at the top');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shownComments(thread)[0].id).to.equal('s99');
    expect(Math.abs(reading.getBoundingClientRect().top - before)).to.be.lessThan(2);
  });

  it('shows a 1 MB body shortened, with "Show full comment" revealing it all', async () => {
    // About 1 MB of words (a single 1 MB word is its own case in test/resilience/).
    const huge = `${'Opening words. '.repeat(50)}\n\n${'lorem ipsum '.repeat(85_000)}\n\nTHE END`;
    const thread = await threadOf(new InMemoryProvider({ comments: [record('big', null, { body: huge }), record('ok2', null)] }));
    const root = shadow(thread);
    const body = root.querySelector('#comment-big [part~="body"]')!;
    expect(body.textContent!.length).to.be.lessThan(3000);
    expect(body.textContent).not.to.contain('THE END');
    expect(root.querySelector('#comment-ok2')).to.exist;
    root.querySelector<HTMLButtonElement>('#comment-big [part~="show-full"]')!.click();
    await until(() => root.querySelector('#comment-big [part~="body"]')?.textContent?.includes('THE END'), 'full body');
    expect(root.querySelector('#comment-big [part~="show-full"]')).to.equal(null);
  });

  it('leaves a conversation nothing changed in as it is when another one changes', async () => {
    const provider = new InMemoryProvider({ comments: [record('m1', null), record('m2', null)] });
    const thread = await threadOf(provider);
    const root = shadow(thread);
    const untouched = root.querySelector('#comment-m1 [part~="author"]')!;
    // Written over by hand: describing m1 again and patching it would put its author's name back.
    untouched.textContent = 'not described again';
    provider.addExternal(record('m3', 'm2'));
    await until(() => root.querySelector('#comment-m3'), 'the reply in the other conversation');
    await thread.updateComplete;
    expect(untouched.isConnected).to.equal(true);
    expect(untouched.textContent).to.equal('not described again');
  });

  it('renders hundreds of top-level comments a chunk per task until all are in', async () => {
    const comments: CommentRecord[] = [];
    for (let i = 0; i < 600; i++) comments.push(record(`k${i}`, null, { createdAt: new Date(i * 1000).toISOString() }));
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${new InMemoryProvider({ comments })}
      thread-id="t"
      page-size="600"
    ></comment-thread>`);
    const root = shadow(thread);
    const first = await until(() => root.querySelectorAll('article').length, 'first chunk');
    expect(first).to.be.lessThan(600);
    await until(() => root.querySelectorAll('article').length === 600, 'every comment', 8000);
    expect(shownComments(thread).at(-1)!.id).to.equal('k599');
  });

  it('first renders the conversations that hold a screenful of comments, then the rest a frame later', async () => {
    // Eight conversations of six comments (a reply list of five does not fold).
    const comments: CommentRecord[] = [];
    for (let c = 0; c < 8; c++) {
      comments.push(record(`c${c}`, null, { createdAt: new Date(c * 10_000).toISOString() }));
      for (let r = 0; r < 5; r++) comments.push(record(`c${c}r${r}`, `c${c}`, { createdAt: new Date(c * 10_000 + r + 1).toISOString() }));
    }
    let atFirstRender: string[] | undefined;
    const loaded = (event: Event) =>
      void (event.target as CommentThread).updateComplete.then(() => (atFirstRender ??= shownIds(event.target as CommentThread)));
    addEventListener('thread-loaded', loaded, true);
    try {
      const thread = await threadOf(new InMemoryProvider({ comments }));
      await until(() => atFirstRender, 'the first render');
      // Two conversations make FIRST_COMMENTS (10): twelve comments.
      expect(atFirstRender).to.deep.equal(['c0', ...[0, 1, 2, 3, 4].map((r) => `c0r${r}`), 'c1', ...[0, 1, 2, 3, 4].map((r) => `c1r${r}`)]);
      await until(() => shownIds(thread).length === 48, 'every comment');
    } finally {
      removeEventListener('thread-loaded', loaded, true);
    }
  });

  it('says so when no provider ever comes, and recovers when one does', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread thread-id="t"></comment-thread>`);
    const error = await until(() => shadow(thread).querySelector('[part~="error"]'), 'the error', 6000);
    expect(error.textContent).to.contain('not connected to any comments service');
    thread.provider = new InMemoryProvider({ comments: [record('p1', null)] });
    await until(() => shadow(thread).querySelector('#comment-p1'), 'comments once a provider is set');
    expect(shadow(thread).querySelector('[part~="error"]')).to.equal(null);
  });

  it('takes a factory name given to the provider property, as frameworks pass attributes', async () => {
    const provider = new InMemoryProvider({ comments: [record('n1', null)] });
    registerProvider('named-in-test', () => provider);
    const thread = await fixture<CommentThread>(html`<comment-thread thread-id="t"></comment-thread>`);
    (thread as unknown as { provider: string }).provider = 'named-in-test';
    await until(() => shadow(thread).querySelector('#comment-n1'), 'comments from the named provider');
  });

  it('a numbered or bulleted list in a comment keeps its markers; the thread’s own lists have none', async () => {
    const thread = await threadOf(
      new InMemoryProvider({ comments: [record('l1', null, { body: 'Steps:\n\n1. arrive early\n2. listen\n\n- one\n- two' }), record('l2', 'l1')] }),
    );
    const root = shadow(thread);
    await until(() => root.querySelector('#comment-l2'), 'the reply');
    const numbered = root.querySelector('#comment-l1 [part~="body"] ol')!;
    expect(getComputedStyle(numbered).listStyleType).to.equal('decimal');
    expect(getComputedStyle(root.querySelector('#comment-l1 [part~="body"] ul')!).listStyleType).to.equal('disc');
    expect(getComputedStyle(root.querySelector('[part~="list"]')!).listStyleType).to.equal('none');
    expect(getComputedStyle(root.querySelector('[part~="replies"]')!).listStyleType).to.equal('none');
  });
});
