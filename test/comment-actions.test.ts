import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import '../src/comment-form/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider, type InMemoryProviderOptions } from '../src/providers/memory-provider.js';
import type { CommentDataProvider } from '../src/types.js';
import { formOf, record, shadow, shownComments, type, until } from './helpers.js';

async function threadOf(provider: CommentDataProvider, extra = '') {
  const thread = await fixture<CommentThread>(
    html`<comment-thread .provider=${provider} thread-id="t" order=${extra || 'oldest'}></comment-thread>`,
  );
  await until(() => shadow(thread).querySelector('article'), 'comments');
  return thread;
}

const mine = (id: string, parentId: string | null = null, extra = {}) =>
  record(id, parentId, { viewerIsAuthor: true, createdAt: new Date().toISOString(), ...extra });

function memory(options: InMemoryProviderOptions) {
  return new InMemoryProvider(options);
}

const q = <T extends Element = HTMLElement>(thread: Element, selector: string) =>
  shadow(thread).querySelector<T & HTMLElement>(selector);

describe('<comment-thread>: taking part', () => {
  afterEach(() => localStorage.clear());

  it('edits the reader’s own comment in place, marks it edited, and returns focus', async () => {
    const provider = memory({ comments: [mine('e1'), record('o2', null)] });
    const thread = await threadOf(provider);
    expect(q(thread, '#comment-o2 [part~="edit-button"]')).to.equal(null);
    q(thread, '#comment-e1 [part~="edit-button"]')!.click();
    const editor = await until(() => q<HTMLElement>(thread, '#comment-e1 comment-form'), 'editor');
    const textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'textarea');
    expect(textarea.value).to.equal('Body of e1');
    // The Edit button is gone: focus moves into the editor rather than falling to <body>.
    await until(() => shadow(thread).activeElement === editor && editor.shadowRoot!.activeElement === textarea, 'focus in the editor');
    expect(editor.shadowRoot!.querySelector('login-picker')).to.equal(null);
    await expect(thread).to.be.accessible();
    type(textarea, 'Better **words**');
    editor.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => q(thread, '#comment-e1 strong')?.textContent === 'words', 'updated body');
    expect(provider.records.find((r) => r.id === 'e1')!.body).to.equal('Better **words**');
    const edited = q(thread, '#comment-e1 [part~="edited"]')!;
    expect(edited.textContent?.trim()).to.equal('edited');
    expect(edited.getAttribute('title')).to.match(/^Edited /);
    await until(() => shadow(thread).activeElement === q(thread, '#comment-e1 [part~="edit-button"]'), 'focus back');
  });

  it('leaves editing on Escape, and offers Edit only within the edit window', async () => {
    const old = mine('w1', null, { createdAt: new Date(Date.now() - 3600_000).toISOString() });
    const provider = memory({ comments: [old, mine('w2')], threads: { t: { editWindow: 600 } } });
    const thread = await threadOf(provider);
    await until(() => q(thread, '#comment-w2 [part~="edit-button"]'), 'edit on the recent one');
    expect(q(thread, '#comment-w1 [part~="edit-button"]')).to.equal(null);
    q(thread, '#comment-w2 [part~="edit-button"]')!.click();
    const editor = await until(() => q(thread, '#comment-w2 comment-form'), 'editor');
    const textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'textarea');
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => !q(thread, '#comment-w2 comment-form'), 'editor closed');
    expect(shadow(thread).activeElement).to.equal(q(thread, '#comment-w2 [part~="edit-button"]'));
  });

  it('deletes after confirmation: removed without replies, a placeholder with them', async () => {
    const provider = memory({ comments: [mine('d1'), mine('d2'), record('r3', 'd2')] });
    const deleted: string[] = [];
    const thread = await threadOf(provider);
    thread.addEventListener('comment-deleted', (event) => deleted.push(event.detail.id));
    q(thread, '#comment-d1 [part~="delete-button"]')!.click();
    const cancel = await until(() => q(thread, '#comment-d1 [part~="confirm-cancel"]'), 'confirmation');
    await until(() => shadow(thread).activeElement === cancel, 'focus on Cancel');
    await expect(thread).to.be.accessible();
    q(thread, '#comment-d1 [part~="confirm-delete"]')!.click();
    await until(() => !q(thread, '#comment-d1'), 'removed');
    // Focus goes to the neighbouring comment, not to <body>.
    await until(() => shadow(thread).activeElement === q(thread, '#comment-d2'), 'focus on the next comment');

    q(thread, '#comment-d2 [part~="delete-button"]')!.click();
    (await until(() => q(thread, '#comment-d2 [part~="confirm-delete"]'), 'confirmation')).click();
    await until(() => q(thread, '#comment-d2')?.textContent?.includes('This comment was deleted.'), 'placeholder');
    expect(shownComments(thread).map((c) => `${c.id}@${c.depth}`)).to.deep.equal(['d2@1', 'r3@2']);
    expect(q(thread, '#comment-d2 [part~="reply-button"]')).to.equal(null);
    expect(deleted).to.deep.equal(['d1', 'd2']);
    expect(provider.records.map((r) => r.id)).to.deep.equal(['d2', 'r3']);
  });

  it('offers no Delete where the thread says authors may not delete (deleteOwn: false); Edit stays', async () => {
    const provider = memory({ comments: [mine('n1'), mine('n2', 'n1')], threads: { t: { deleteOwn: false } } });
    const thread = await threadOf(provider);
    await until(() => q(thread, '#comment-n1 [part~="edit-button"]'), 'Edit on the reader’s own comment');
    expect(q(thread, '[part~="delete-button"]')).to.equal(null);
    // Without the field, the same comments may be deleted.
    const open = await threadOf(memory({ comments: [mine('n1')], threads: { t: { deleteOwn: true } } }));
    await until(() => q(open, '#comment-n1 [part~="delete-button"]'), 'Delete with deleteOwn: true');
  });

  it('edits a comment stored as HTML as Markdown: read-only until converted, never showing the HTML', async () => {
    const body = '<p>Hello <strong>you</strong><br />\nnext line</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n';
    const provider = memory({ comments: [mine('h1', null, { body, bodyFormat: 'html' })] });
    const thread = await threadOf(provider);
    q(thread, '#comment-h1 [part~="edit-button"]')!.click();
    const editor = await until(() => q(thread, '#comment-h1 comment-form'), 'editor');
    const textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'textarea');
    const seen: { value: string; readOnly: boolean }[] = [];
    const markdown = 'Hello **you**\nnext line\n\n- one\n- two';
    await until(() => {
      seen.push({ value: textarea.value, readOnly: textarea.readOnly });
      return textarea.value === markdown;
    }, 'the Markdown');
    for (const state of seen) {
      expect(state.value, 'no HTML in the box').to.not.contain('<');
      if (state.value !== markdown) expect(state, 'read-only while converting').to.deep.equal({ value: '', readOnly: true });
    }
    await until(() => !textarea.readOnly, 'editable');
    expect(editor.shadowRoot!.querySelector('form')!.getAttribute('aria-busy')).to.equal('false');
    editor.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => provider.calls.some((call) => call.method === 'updateComment'), 'saved');
    expect(provider.calls.find((call) => call.method === 'updateComment')!.args).to.deep.equal(['h1', markdown]);
    // Stored as the Markdown it now is, and shown as such: bold, not asterisks.
    await until(() => provider.records[0].body === markdown, 'stored');
    expect(provider.records[0].bodyFormat).to.equal(undefined);
    const shown = await until(() => q(thread, '#comment-h1 [part~="body"] strong'), 'rendered Markdown');
    expect(shown.textContent).to.equal('you');
  });

  it('edits the text of an HTML comment when it cannot be converted: no word is lost', async () => {
    const body = '<p>Hello <strong>you</strong><br />\nnext UNCONVERTIBLE</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n';
    const provider = memory({ comments: [mine('h3', null, { body, bodyFormat: 'html' })] });
    const thread = await threadOf(provider);
    // The converter's parse fails once (as a chunk that cannot load does); the form's own fallback still parses.
    const parse = DOMParser.prototype.parseFromString;
    let failures = 0;
    DOMParser.prototype.parseFromString = function (this: DOMParser, source: string, type: DOMParserSupportedType) {
      if (source.includes('UNCONVERTIBLE') && failures++ === 0) throw new Error('no converter');
      return parse.call(this, source, type);
    };
    try {
      q(thread, '#comment-h3 [part~="edit-button"]')!.click();
      const editor = await until(() => q(thread, '#comment-h3 comment-form'), 'editor');
      const textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'textarea');
      await until(() => !textarea.readOnly, 'editable');
      expect(failures).to.equal(2);
      expect(textarea.value).to.equal('Hello you\nnext UNCONVERTIBLE\n\none\n\ntwo');
    } finally {
      DOMParser.prototype.parseFromString = parse;
    }
  });

  it('a saved edit draft of an HTML comment comes back as it was typed, with no conversion', async () => {
    localStorage.clear();
    const provider = memory({ comments: [mine('h2', null, { body: '<p>Stored</p>', bodyFormat: 'html' })] });
    const thread = await threadOf(provider);
    q(thread, '#comment-h2 [part~="edit-button"]')!.click();
    let editor = await until(() => q(thread, '#comment-h2 comment-form'), 'editor');
    let textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'textarea');
    await until(() => textarea.value === 'Stored', 'converted');
    type(textarea, 'Half **typed**');
    editor.shadowRoot!.querySelector<HTMLElement>('[part~="cancel-reply"]')!.click();
    await until(() => !q(thread, '#comment-h2 comment-form'), 'editor closed');
    q(thread, '#comment-h2 [part~="edit-button"]')!.click();
    editor = await until(() => q(thread, '#comment-h2 comment-form'), 'editor again');
    textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'textarea again');
    expect(textarea.value).to.equal('Half **typed**');
    expect(textarea.readOnly).to.equal(false);
  });

  it('toggles a reaction at once and settles with the provider; a failure puts it back', async () => {
    const provider = memory({ comments: [record('x1', null, { reactions: { like: { count: 2 } } })], latency: 150 });
    const thread = await threadOf(provider);
    const like = () => q<HTMLButtonElement>(thread, '#comment-x1 [part~="reaction"]')!;
    expect(like().getAttribute('aria-label')).to.equal('Like: 2 reactions');
    like().click();
    await thread.updateComplete;
    expect(like().getAttribute('aria-pressed')).to.equal('true');
    expect(like().textContent).to.contain('3');
    await until(() => provider.records[0].reactions?.like.count === 3, 'stored');
    provider.failNext('react', 1, 'network');
    like().click();
    await thread.updateComplete;
    expect(like().getAttribute('aria-pressed')).to.equal('false');
    await until(() => like().getAttribute('aria-pressed') === 'true', 'put back after the failure');
    expect(like().textContent).to.contain('3');
    await until(() => q(thread, '[aria-live="polite"]')?.textContent?.includes('did not work'), 'announced');
  });

  it('orders by "Top comments" when the provider has reactions', async () => {
    const provider = memory({
      comments: [record('t1', null), record('t2', null, { reactions: { like: { count: 5 } } }), record('t3', null)],
    });
    const thread = await threadOf(provider);
    const select = q<HTMLSelectElement>(thread, '[part~="order"]')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['oldest', 'newest', 'top']);
    select.value = 'top';
    select.dispatchEvent(new Event('change'));
    await until(() => shownComments(thread)[0]?.id === 't2', 'top first');
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['t2', 't1', 't3']);
  });

  it('reports a comment with a reason; it stays visible', async () => {
    const provider = memory({ comments: [record('p1', null)] });
    const thread = await threadOf(provider);
    q(thread, '#comment-p1 [part~="report-button"]')!.click();
    const select = await until(() => q<HTMLSelectElement>(thread, '#comment-p1 [part~="report-reason"]'), 'reasons');
    await until(() => shadow(thread).activeElement === select, 'focus on the reasons');
    await expect(thread).to.be.accessible();
    select.value = 'spam';
    q(thread, '#comment-p1 [part~="report-send"]')!.click();
    const done = await until(() => q(thread, '#comment-p1 [part~="reported"]'), 'reported');
    expect(done.textContent).to.equal('Thank you. The comment was reported.');
    expect(provider.reports).to.deep.equal([{ id: 'p1', reason: 'spam' }]);
    expect(q(thread, '#comment-p1 [part~="body"]')).to.exist;
  });

  it('collapses and expands a subthread', async () => {
    const thread = await threadOf(memory({ comments: [record('c1', null), record('c2', 'c1'), record('c3', 'c2')] }));
    const toggle = q<HTMLButtonElement>(thread, '#comment-c1 [part~="collapse-button"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    toggle.click();
    await thread.updateComplete;
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['c1']);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.textContent?.trim()).to.equal('Show 2 replies');
    toggle.click();
    await thread.updateComplete;
    expect(shownComments(thread).map((c) => c.id)).to.deep.equal(['c1', 'c2', 'c3']);
  });

  it('shows no edit, delete, report or reaction controls when the provider lacks them', async () => {
    const store = memory({ comments: [mine('m1'), record('m2', null)] });
    const minimal: CommentDataProvider = {
      listComments: (threadId, options) => store.listComments(threadId, options),
      postComment: (draft, options) => store.postComment(draft, options),
    };
    const thread = await threadOf(minimal);
    for (const part of ['edit-button', 'delete-button', 'report-button', 'reaction']) {
      expect(q(thread, `[part~="${part}"]`), part).to.equal(null);
    }
    expect([...q<HTMLSelectElement>(thread, '[part~="order"]')!.options].map((o) => o.value)).to.deep.equal([
      'oldest',
      'newest',
    ]);
  });

  it('asks guests to log in where the thread requires it', async () => {
    const provider = memory({
      comments: [record('s1', null)],
      threads: { t: { requiresSignIn: true } },
      identityOptions: [{ id: 'twitter', label: 'Twitter', kind: 'oauth' }],
    });
    const thread = await threadOf(provider);
    const form = formOf(thread);
    await until(() => shadow(form).querySelector('[part~="sign-in-required"]'), 'sign-in notice');
    expect(shadow(form).querySelector('[part~="sign-in-required"]')?.textContent).to.equal('Log in to leave a comment.');
    expect(shadow(form).querySelector('input[name="name"]')).to.equal(null);
    type(shadow(form).querySelector('textarea')!, 'Let me in');
    shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => shadow(form).querySelector('[part~="error"]')?.textContent?.includes('Please log in'), 'refused');
    expect(provider.records).to.have.length(1);
  });

  it('loads third-party avatars only with avatars="remote"; same-origin ones always', async () => {
    const comments = [
      record('a1', null, { author: { name: 'Far Away', avatarUrl: 'https://avatars.example/x.png' } }),
      record('a2', null, { author: { name: 'Near', avatarUrl: `${location.origin}/test/fixtures/avatar.svg` } }),
    ];
    const thread = await threadOf(memory({ comments }));
    expect(q(thread, '#comment-a1 span[part~="avatar"]')?.textContent).to.equal('FA');
    expect(q(thread, '#comment-a2 img[part~="avatar"]')).to.exist;
    thread.avatars = 'remote';
    await thread.updateComplete;
    expect(q<HTMLImageElement>(thread, '#comment-a1 img[part~="avatar"]')?.getAttribute('src')).to.equal(
      'https://avatars.example/x.png',
    );
  });
});
