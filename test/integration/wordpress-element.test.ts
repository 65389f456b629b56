// <comment-thread provider="wordpress"> against a real WordPress, with no page script of its own,
// and the comment-thread plugin in WordPress's stock block theme (Twenty Twenty-Three).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { renderBody, sanitizeHtml } from '../../src/core/markdown.js';
import { providerRegistry } from '../../src/providers/registry.js';
import { createLazyWordPressProvider } from '../../src/providers/wordpress-factory.js';
import { WordPressProvider } from '../../src/providers/wordpress-provider.js';
import { formOf, loadFixture, shadow, shownComments, type, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';
import { asAdminOf, type WordPressInfo } from './wordpress-env.js';

let wp: WordPressInfo;

/** Until src/providers/index.ts registers it for every page: `provider="wordpress"`, loaded on demand. */
function registerWordPress() {
  // Registering again also drops providers built before (they cache per endpoint).
  providerRegistry.register('wordpress', createLazyWordPressProvider);
}

async function storedComments(post: number | string): Promise<any[]> {
  const { login, appPassword } = wp.users.admin;
  const response = await fetch(`${wp.restUrl}/wp/v2/comments?post=${post}&status=all&per_page=100&context=edit`, {
    headers: { authorization: `Basic ${btoa(`${login}:${appPassword}`)}` },
  });
  return response.json();
}

/** The REST API as the site's administrator. */
const asAdmin = (method: string, route: string, body?: unknown) => asAdminOf(wp, method, route, body);

async function page(path: string, cookies?: Record<string, string>): Promise<Document> {
  const answer = await control<{ status: number; html: string }>('wordpress', 'page', { path, cookies });
  expect(answer.status, `GET ${path}`).to.equal(200);
  return new DOMParser().parseFromString(answer.html, 'text/html');
}

const unique = (text: string) => `${text} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

function fill(thread: Element, values: { name?: string; email?: string; body: string }) {
  const form = shadow(formOf(thread));
  if (values.name !== undefined) type(form.querySelector<HTMLInputElement>('input[name="name"]')!, values.name);
  if (values.email !== undefined) type(form.querySelector<HTMLInputElement>('input[name="email"]')!, values.email);
  type(form.querySelector('textarea')!, values.body);
}

function submit(thread: Element): Promise<CustomEvent> {
  const posted = new Promise<CustomEvent>((resolve, reject) => {
    thread.addEventListener('comment-posted', (event) => resolve(event as CustomEvent), { once: true });
    thread.addEventListener('comment-post-failed', (event) => reject(new Error(JSON.stringify((event as CustomEvent).detail.error))), {
      once: true,
    });
  });
  shadow(formOf(thread)).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  return posted;
}

/** Puts a `<comment-thread>` taken from a WordPress page into this document, as the page would have it. */
async function mount(markup: Element): Promise<CommentThread> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.append(document.importNode(markup, true));
  const thread = container.querySelector<CommentThread>('comment-thread')!;
  await thread.updateComplete;
  return thread;
}

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
});

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  registerWordPress();
});

describe('<comment-thread provider="wordpress"> with no page script', () => {
  it('shows the real post’s threaded comments, the post author marked', async () => {
    const seed = await loadFixture('myth-of-networking');
    const thread = await fixture<CommentThread>(html`<comment-thread
      provider="wordpress"
      endpoint=${wp.restUrl}
      thread-id=${String(wp.posts.myth)}
      thread-title=${seed.thread.title}
      max-depth=${seed.maxDepth}
    ></comment-thread>`);
    await until(() => shadow(thread).querySelectorAll('article[part~="comment"]').length === 5, 'five comments', 15000);
    const idOf = (seedId: string) => String(wp.seedComments[seedId]);
    const shown = shownComments(thread);
    expect(shown.map((comment) => comment.id)).to.deep.equal(seed.expected.displayOrder.map(idOf));
    for (const comment of shown) {
      const seedId = Object.keys(wp.seedComments).find((key) => idOf(key) === comment.id)!;
      expect(comment.depth, seedId).to.equal(seed.expected.displayDepth[seedId]);
    }
    expect(shadow(thread).querySelector('[part~="title"]')!.textContent).to.contain(seed.expected.header);
    const marked = [...shadow(thread).querySelectorAll('article[part~="comment"]')]
      .filter((article) => article.querySelector('[part~="badge"]'))
      .map((article) => article.id.replace(/^comment-/, ''));
    expect(marked).to.deep.equal([idOf('c2'), idOf('c4')]);
  });

  it('posts a guest comment through the element: stored once in WordPress, shown awaiting moderation', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread
      provider="wordpress"
      endpoint=${wp.restUrl}
      thread-id=${String(wp.posts.open)}
      thread-title="A second post"
    ></comment-thread>`);
    await until(() => shadow(thread).querySelector('comment-form'), 'the form', 15000);
    // The form's code loads on demand: the element is there a moment before it is defined.
    await until(() => formOf(thread).shadowRoot?.querySelector('input[name="name"]'), 'guest fields', 15000);
    const text = unique('Posted through the element');
    const email = `element${Date.now()}@example.test`;
    fill(thread, { name: 'Eli Element', email, body: `${text}\n\n**bold** words` });
    const event = await submit(thread);
    expect(event.detail.comment.status).to.equal('pending');
    const article = await until(() => shadow(thread).querySelector(`#comment-${event.detail.comment.id}`), 'the new comment');
    expect(article.textContent).to.contain('Your comment is awaiting moderation.');
    const stored = (await storedComments(wp.posts.open)).filter((comment: any) => comment.author_email === email);
    expect(stored).to.have.length(1);
    expect(stored[0].status).to.equal('hold');
    expect(stored[0].content.raw).to.contain('<strong>bold</strong>');
  });
});

describe('the comment-thread WordPress plugin in a stock theme', () => {
  before(async () => {
    await control('wordpress', 'plugin', { active: true });
  });
  after(async () => {
    await control('wordpress', 'option', { name: 'comment_registration', value: '0' });
    await control('wordpress', 'plugin', { active: false });
  });

  it('replaces the theme’s comment list and form with the element', async () => {
    const mythPath = '/the-myth-of-networking/';
    const withPlugin = await page(mythPath);
    const element = withPlugin.querySelector('comment-thread');
    expect(element, 'no <comment-thread> in the page: is dist/comment-thread.js built (the plugin needs its bundle)?').to.exist;
    expect(element!.getAttribute('provider')).to.equal('wordpress');
    expect(element!.getAttribute('thread-id')).to.equal(String(wp.posts.myth));
    expect(element!.getAttribute('thread-title')).to.equal('The Myth of Networking');
    expect(element!.getAttribute('endpoint')).to.equal(`${wp.url}/wp-json/`);
    expect(element!.hasAttribute('wp-nonce')).to.equal(false);
    expect(element!.hasAttribute('nonce')).to.equal(false);
    const script = withPlugin.querySelector<HTMLScriptElement>('script#comment-thread-js');
    expect(script?.type).to.equal('module');
    expect(script?.getAttribute('src')).to.contain('/wp-content/plugins/comment-thread/assets/comment-thread.js');
    expect(withPlugin.querySelector('.wp-block-comment-template, .wp-block-post-comments-form') === null).to.equal(true);
    // WordPress's own form is there only inside the element (for readers without JavaScript).
    expect([...withPlugin.querySelectorAll('#commentform')].map((form) => form.parentElement!.closest('comment-thread') !== null)).to.deep.equal([true]);
    const bundle = await control<{ status: number; html: string }>('wordpress', 'page', { path: new URL(script!.src).pathname });
    expect(bundle.status).to.equal(200);

    // The same page without the plugin: the theme's own comments.
    await control('wordpress', 'plugin', { active: false });
    try {
      const themeOnly = await page(mythPath);
      expect(themeOnly.querySelector('comment-thread')).to.equal(null);
      expect(themeOnly.querySelectorAll('.wp-block-comment-template li')).to.have.length(5);
      expect(themeOnly.querySelector('#commentform')).to.exist;
    } finally {
      await control('wordpress', 'plugin', { active: true });
    }
  });

  it('replaces comments.php in a classic theme too', async () => {
    await control('wordpress', 'option', { name: 'template', value: 'ct-classic' });
    await control('wordpress', 'option', { name: 'stylesheet', value: 'ct-classic' });
    try {
      const withPlugin = await page('/the-myth-of-networking/');
      expect(withPlugin.querySelector('comment-thread')?.getAttribute('thread-id')).to.equal(String(wp.posts.myth));
      expect(withPlugin.querySelector('.classic-theme-comments') === null).to.equal(true);
      expect([...withPlugin.querySelectorAll('#commentform')].map((form) => form.closest('comment-thread') !== null)).to.deep.equal([true]);
      expect(withPlugin.querySelector('script#comment-thread-js')?.getAttribute('type')).to.equal('module');
      await control('wordpress', 'plugin', { active: false });
      try {
        const themeOnly = await page('/the-myth-of-networking/');
        expect(themeOnly.querySelector('comment-thread')).to.equal(null);
        expect(themeOnly.querySelectorAll('.classic-theme-comments .comment-list li')).to.have.length(5);
      } finally {
        await control('wordpress', 'plugin', { active: true });
      }
    } finally {
      await control('wordpress', 'option', { name: 'template', value: 'twentytwentythree' });
      await control('wordpress', 'option', { name: 'stylesheet', value: 'twentytwentythree' });
    }
  });

  it('the element from the page shows the post’s comments in the browser', async () => {
    const element = (await page('/the-myth-of-networking/')).querySelector('comment-thread')!;
    const thread = await mount(element);
    await until(() => shadow(thread).querySelectorAll('article[part~="comment"]').length === 5, 'five comments', 15000);
    const closed = (await page('/a-closed-post/')).querySelector('comment-thread')!;
    const closedThread = await mount(closed);
    await until(() => shadow(closedThread).querySelector('[part~="closed"]'), '"Comments are closed."', 15000);
    expect(shadow(closedThread).querySelectorAll('article[part~="comment"]')).to.have.length(1);
    expect(shadow(closedThread).querySelector('comment-form')).to.equal(null);
  });

  it('a logged-in reader posts under their account with the page’s REST nonce', async () => {
    const { cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' });
    const loggedIn = Object.entries(cookies).filter(([name]) => name.startsWith('wordpress_logged_in_'));
    // Cookies ignore ports: set for 127.0.0.1 here, the browser sends them to WordPress too.
    for (const [name, value] of loggedIn) document.cookie = `${name}=${value}; path=/`;
    try {
      const element = (await page('/a-second-post/', cookies)).querySelector('comment-thread')!;
      expect(element.getAttribute('wp-nonce')).to.match(/^[0-9a-f]{10}$/);
      expect(element.getAttribute('logout-url')).to.contain('action=logout');
      const thread = await mount(element);
      const picker = await until(
        () =>
          shadow(thread)
            .querySelector('comment-form')
            ?.shadowRoot?.querySelector('login-picker')
            ?.shadowRoot?.querySelector('[part~="identity"]'),
        'the signed-in identity',
        15000,
      );
      expect(picker.textContent).to.contain('Rita Reader');
      expect(picker.textContent).to.contain('Comment Thread Test Site');
      expect(shadow(formOf(thread)).querySelector('input[name="name"]')).to.equal(null);
      const text = unique('Posted while logged in');
      fill(thread, { body: text });
      const event = await submit(thread);
      expect(event.detail.comment.author.name).to.equal('Rita Reader');
      const stored = (await storedComments(wp.posts.open)).filter((comment: any) => comment.content.raw.includes(text));
      expect(stored).to.have.length(1);
      expect(stored[0].author).to.equal(wp.users.reader.id);

      // A page served from a cache a day later carries an expired nonce: reading still works
      // (anonymously), posting is refused as unauthorized rather than stored as someone else.
      const stale = new WordPressProvider({ endpoint: wp.restUrl, nonce: '0000000000' });
      const listed = await stale.listComments(String(wp.posts.myth), { limit: 100 });
      expect(listed.comments).to.have.length(5);
      expect(await stale.currentIdentity()).to.equal(null);
      const refused = await stale.postComment({ threadId: String(wp.posts.open), parentId: null, body: unique('Stale'), idempotencyKey: unique('k') }).then(
        () => null,
        (thrown: { code: string }) => thrown,
      );
      expect(refused?.code).to.equal('unauthorized');
    } finally {
      for (const [name] of loggedIn) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    }
  });

  it('a signed-in author sees Edit and Delete on their own comment and uses them through the element', async () => {
    const post = await asAdmin('POST', '/wp/v2/posts', { title: unique('Edited through the element'), status: 'publish' });
    const reader = { username: wp.users.reader.login, password: wp.users.reader.appPassword };
    const own = await new WordPressProvider({ endpoint: wp.restUrl, applicationPassword: reader }).postComment({
      threadId: String(post.id),
      parentId: null,
      body: unique('My first words'),
      idempotencyKey: unique('key'),
    });
    await asAdmin('POST', `/wp/v2/comments/${own.id}`, { status: 'approved' });
    const answer = await asAdmin('POST', '/wp/v2/comments', { post: post.id, parent: Number(own.id), content: unique('An answer') });
    const reply = String(answer.id);

    const { cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' });
    const loggedIn = Object.entries(cookies).filter(([name]) => name.startsWith('wordpress_logged_in_'));
    for (const [name, value] of loggedIn) document.cookie = `${name}=${value}; path=/`;
    try {
      const path = new URL(post.link).pathname;
      const thread = await mount((await page(path, cookies)).querySelector('comment-thread')!);
      const article = (id: string) => shadow(thread).querySelector(`#comment-${id}`);
      const button = (id: string, part: string) => article(id)?.querySelector<HTMLButtonElement>(`[part~="${part}"]`) ?? null;
      await until(() => button(own.id, 'edit-button'), 'Edit on the reader’s own comment', 15000);
      expect(button(own.id, 'delete-button')).to.exist;
      expect(button(reply, 'edit-button'), 'no Edit on someone else’s comment').to.equal(null);
      expect(button(reply, 'delete-button'), 'no Delete on someone else’s comment').to.equal(null);

      // Edit: the same Markdown editor; what WordPress stores is the converted HTML.
      button(own.id, 'edit-button')!.click();
      const editor = await until(() => article(own.id)?.querySelector('comment-form'), 'the editor');
      const textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'its text box');
      const text = unique('Edited');
      type(textarea, `${text} **through** the element`);
      editor.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
      await until(() => article(own.id)?.querySelector('strong')?.textContent === 'through', 'the edited comment', 15000);
      expect(article(own.id)!.querySelector('[part~="edited"]')).to.exist;
      const edited = (await storedComments(post.id)).find((comment: any) => comment.id === Number(own.id));
      expect(edited.content.raw).to.equal(`${text} <strong>through</strong> the element`);
      expect(edited.status).to.equal('approved');

      // Delete: it has an answer, so it stays as a placeholder that keeps the answer in place.
      button(own.id, 'delete-button')!.click();
      (await until(() => button(own.id, 'confirm-delete'), 'the confirmation')).click();
      await until(() => article(own.id)?.textContent?.includes('This comment was deleted.'), 'the placeholder', 15000);
      const trashed = await asAdmin('GET', `/wp/v2/comments/${own.id}?context=edit`);
      expect(trashed.status).to.equal('trash');

      // After a reload, WordPress (with the plugin) still lists the placeholder with its answer under it.
      const reloaded = await mount((await page(path, cookies)).querySelector('comment-thread')!);
      await until(() => shadow(reloaded).querySelector(`#comment-${reply}`), 'the answer after a reload', 15000);
      expect(shownComments(reloaded).map((comment) => `${comment.id}@${comment.depth}`)).to.deep.equal([`${own.id}@1`, `${reply}@2`]);
      const placeholder = shadow(reloaded).querySelector(`#comment-${own.id}`)!;
      expect(placeholder.textContent).to.contain('This comment was deleted.');
      expect(placeholder.textContent).to.not.contain(text);
      expect(placeholder.querySelector('[part~="edit-button"], [part~="delete-button"]')).to.equal(null);
    } finally {
      for (const [name] of loggedIn) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    }
  });

  it('an author edits a comment WordPress stores as HTML as the Markdown they wrote; saved unchanged, it stays the same', async () => {
    const post = await asAdmin('POST', '/wp/v2/posts', { title: unique('Edited as Markdown'), status: 'publish' });
    const reader = { username: wp.users.reader.login, password: wp.users.reader.appPassword };
    const text = unique('Written in Markdown');
    const markdown =
      `${text} with **bold**, *emphasis* and \`code()\`\nand a second line with a [link](https://example.test/page)\n\n` +
      '- one\n- two\n\n> quoted\n\n```\nconst a = 1;\n```';
    const own = await new WordPressProvider({ endpoint: wp.restUrl, applicationPassword: reader }).postComment({
      threadId: String(post.id),
      parentId: null,
      body: markdown,
      idempotencyKey: unique('key'),
    });
    await asAdmin('POST', `/wp/v2/comments/${own.id}`, { status: 'approved' });
    const before = await asAdmin('GET', `/wp/v2/comments/${own.id}?context=edit`);
    expect(before.content.rendered).to.contain('<strong>bold</strong>');

    const { cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' });
    const loggedIn = Object.entries(cookies).filter(([name]) => name.startsWith('wordpress_logged_in_'));
    for (const [name, value] of loggedIn) document.cookie = `${name}=${value}; path=/`;
    try {
      const thread = await mount((await page(new URL(post.link).pathname, cookies)).querySelector('comment-thread')!);
      const article = () => shadow(thread).querySelector(`#comment-${own.id}`);
      const edit = await until(() => article()?.querySelector<HTMLButtonElement>('[part~="edit-button"]'), 'Edit', 15000);
      edit.click();
      const editor = await until(() => article()?.querySelector('comment-form'), 'the editor');
      const textarea = await until(() => editor.shadowRoot?.querySelector('textarea'), 'its text box');
      const seen = new Set<string>();
      await until(() => {
        seen.add(textarea.value);
        return !textarea.readOnly && textarea.value;
      }, 'the Markdown in the box');
      // Never the stored HTML, not even for a moment: the Markdown the author wrote.
      for (const value of seen) expect(value).to.not.match(/<(?:p|strong|em|code|a|ul|li|blockquote|pre)\b/);
      expect(textarea.value).to.equal(markdown);

      editor.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
      await until(() => !article()?.querySelector('comment-form') && article()?.querySelector('[part~="edited"]'), 'saved', 15000);
      const after = await asAdmin('GET', `/wp/v2/comments/${own.id}?context=edit`);
      expect(after.content.raw).to.equal(before.content.raw);
      expect(after.content.rendered).to.equal(before.content.rendered);
      expect(after.status).to.equal('approved');
      expect(article()!.querySelector('[part~="body"] strong')?.textContent).to.equal('bold');
    } finally {
      for (const [name] of loggedIn) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    }
  });

  it('allows guest REST comments only while the site takes guest comments', async () => {
    const post = (name: string) =>
      new WordPressProvider({ endpoint: wp.restUrl }).postComment({
        threadId: String(wp.posts.open),
        parentId: null,
        body: unique('Guest while the plugin decides'),
        idempotencyKey: unique('key'),
        guest: { name, email: `${name.toLowerCase()}${Date.now()}@example.test` },
      });
    expect((await post('Open')).status).to.equal('pending');
    await control('wordpress', 'option', { name: 'comment_registration', value: '1' });
    try {
      const error = await post('Members').then(
        () => null,
        (thrown: { code: string }) => thrown,
      );
      expect(error?.code).to.equal('unauthorized');
      const element = (await page('/a-second-post/')).querySelector('comment-thread')!;
      expect(element.hasAttribute('sign-in-required')).to.equal(true);
    } finally {
      await control('wordpress', 'option', { name: 'comment_registration', value: '0' });
    }
  });

  it('keeps the Markdown’s lists and code blocks in guests’ comments, so stored matches the preview', async () => {
    const markdown = `${unique('A list')}:\n\n- one\n- two\n\n1. first\n2. second\n\n\`\`\`\nconst a = 1;\n\`\`\``;
    const email = `lists${Date.now()}@example.test`;
    const record = await new WordPressProvider({ endpoint: wp.restUrl }).postComment({
      threadId: String(wp.posts.open),
      parentId: null,
      body: markdown,
      idempotencyKey: unique('key'),
      guest: { name: 'Lister', email },
    });
    const stored = (await storedComments(wp.posts.open)).find((comment: any) => comment.id === Number(record.id));
    const structure = (source: string) =>
      [...new DOMParser().parseFromString(sanitizeHtml(source), 'text/html').body.querySelectorAll('*')].map((element) => element.localName);
    expect(structure(stored.content.rendered)).to.deep.equal(structure(renderBody(markdown)));
    expect(structure(stored.content.rendered)).to.include.members(['ul', 'ol', 'li', 'pre', 'code']);
  });
});
