// The plugin's settings under Settings → Discussion as a site owner sets them, seen by readers of
// the real WordPress: reactions on or off (the element offers "like" only when on), and avatars
// following WordPress's own "Show Avatars" (off: none in the printed page nor in the element).
import { expect } from '@open-wc/testing';
import { control, integrationEnv } from './env.js';

interface WordPressInfo {
  url: string;
  restUrl: string;
  posts: { open: number; closed: number };
  users: Record<'admin' | 'reader', { id: number; login: string; appPassword: string }>;
}

interface Browsed {
  status: number;
  html: string;
  value?: any;
}

let wp: WordPressInfo;
const browse = (options: Record<string, unknown>) => control<Browsed>('wordpress', 'browse', options);
const text = (html: string) => new DOMParser().parseFromString(html, 'text/html').body.textContent!.replace(/\s+/g, ' ');

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
  await control('wordpress', 'plugin', { active: true });
});

after(async () => {
  await control('wordpress', 'option', { name: 'show_avatars', value: '1' });
  await control('wordpress', 'option', { name: 'comment_thread_reactions', value: '' });
  await control('wordpress', 'plugin', { active: false });
});

async function fetchThread(path: string): Promise<Element> {
  const answer = await control<{ status: number; html: string }>('wordpress', 'page', { path });
  expect(answer.status, `GET ${path}`).to.equal(200);
  return new DOMParser().parseFromString(answer.html, 'text/html').querySelector('comment-thread')!;
}

/** The REST API as a user with an Application Password. */
async function as(user: 'admin' | 'reader', method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const { login, appPassword } = wp.users[user];
  const response = await fetch(`${wp.restUrl}${route}`, {
    method,
    headers: { authorization: `Basic ${btoa(`${login}:${appPassword}`)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

const ELEMENT_READY = `document.querySelector('comment-thread')?.shadowRoot?.querySelectorAll('article[part~="comment"]').length > 0`;

describe('Settings → Discussion: avatars follow WordPress’s “Show Avatars”', () => {
  it('on: the printed page and the element show avatars; off: neither does, not even initials', async function () {
    this.timeout(120_000);
    await control('wordpress', 'option', { name: 'show_avatars', value: '1' });
    const shown = await fetchThread('/a-closed-post/');
    expect(shown.hasAttribute('avatars')).to.equal(false);
    expect(shown.querySelectorAll('.comment-thread-static .avatar').length).to.equal(1);
    const live = await browse({ path: '/a-closed-post/', waitFor: ELEMENT_READY, evaluate: `document.querySelector('comment-thread').shadowRoot.querySelectorAll('[part~="avatar"]').length` });
    expect(live.value).to.equal(1);

    await control('wordpress', 'option', { name: 'show_avatars', value: '' });
    const hidden = await fetchThread('/a-closed-post/');
    expect(hidden.getAttribute('avatars')).to.equal('none');
    expect(hidden.querySelectorAll('.comment-thread-static li.comment').length).to.equal(1);
    expect(hidden.querySelectorAll('.comment-thread-static .avatar').length).to.equal(0);
    const none = await browse({
      path: '/a-closed-post/',
      waitFor: ELEMENT_READY,
      evaluate: `(() => { const root = document.querySelector('comment-thread').shadowRoot; return { avatars: root.querySelectorAll('[part~="avatar"], .avatar').length, text: root.querySelector('article[part~="comment"]').textContent }; })()`,
    });
    expect(none.value.avatars).to.equal(0);
    expect(none.value.text).to.contain('Said before the doors closed.');
    await control('wordpress', 'option', { name: 'show_avatars', value: '1' });
  });
});

describe('Settings → Discussion: reactions on or off', () => {
  it('off (the default): no reactions in the element, and the route refuses one', async function () {
    this.timeout(120_000);
    const created = await as('admin', 'POST', '/wp/v2/comments', { post: wp.posts.open, content: `Reactions off ${Date.now()}` });
    const thread = await fetchThread('/a-second-post/');
    expect(thread.hasAttribute('wp-reactions')).to.equal(false);
    const page = await browse({ path: '/a-second-post/', waitFor: ELEMENT_READY, evaluate: `document.querySelector('comment-thread').shadowRoot.querySelectorAll('[part~="reactions"]').length` });
    expect(page.value).to.equal(0);
    const refused = await as('reader', 'POST', `/comment-thread/v1/comments/${created.body.id}/reactions`, { reaction: 'like' });
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('comment_thread_reactions_off');
  });

  it('turned on through the form: a logged-in reader likes a comment, and a guest sees the count', async function () {
    this.timeout(180_000);
    const { cookies: admin } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'admin' });
    const saved = await browse({ path: '/wp-admin/options-discussion.php', cookies: admin, click: ['#comment_thread_reactions'], submit: '#submit' });
    expect(text(saved.html)).to.contain('Settings saved.');

    const body = `Like me ${Date.now().toString(36)}`;
    const created = await as('admin', 'POST', '/wp/v2/comments', { post: wp.posts.open, content: body });
    const thread = await fetchThread('/a-second-post/');
    expect(thread.getAttribute('wp-reactions')).to.equal('like');

    // The reader, logged in, presses Like on that comment in the element.
    const { cookies: reader } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' });
    const article = `[...document.querySelector('comment-thread').shadowRoot.querySelectorAll('article[part~="comment"]')].find((a) => a.textContent.includes(${JSON.stringify(body)}))`;
    const liked = await browse({
      path: '/a-second-post/',
      cookies: reader,
      waitFor: `(() => { const a = ${article}; const b = a?.querySelector('[part~="reaction"]'); if (b && !window.__clicked) { window.__clicked = true; b.click(); } return b?.getAttribute('aria-pressed') === 'true' && b.textContent.trim() === '1'; })()`,
      settleMs: 500,
      evaluate: `${article}.querySelector('[part~="reaction"]').getAttribute('aria-label')`,
    });
    expect(liked.value).to.match(/1/);
    // Stored in WordPress: the count for everyone, "mine" for the reader only.
    const asReader = await as('reader', 'GET', `/wp/v2/comments/${created.body.id}`);
    expect(asReader.body.comment_thread_reactions).to.deep.equal({ like: { count: 1, mine: true } });
    const asGuest = await (await fetch(`${wp.restUrl}/wp/v2/comments/${created.body.id}`)).json();
    expect(asGuest.comment_thread_reactions).to.deep.equal({ like: { count: 1 } });

    // A guest's page: the count, printed into the preload and shown by the element, not pressed.
    const preload = JSON.parse(thread.ownerDocument.querySelector('[data-comment-thread-preload]')!.textContent!);
    expect(preload.info.reactions).to.deep.equal(['like']);
    const guest = await browse({
      path: '/a-second-post/',
      waitFor: `${article}?.querySelector('[part~="reaction"]')?.textContent.trim() === '1'`,
      evaluate: `${article}.querySelector('[part~="reaction"]').getAttribute('aria-pressed')`,
    });
    expect(guest.value).to.equal('false');
    // A guest cannot react: there is no account to count once.
    const anonymous = await fetch(`${wp.restUrl}/comment-thread/v1/comments/${created.body.id}/reactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reaction: 'like' }),
    });
    expect(anonymous.status).to.equal(401);

    // Pressing again takes it back.
    const again = await as('reader', 'POST', `/comment-thread/v1/comments/${created.body.id}/reactions`, { reaction: 'like' });
    expect(again.status).to.equal(200);
    expect(again.body.comment_thread_reactions).to.deep.equal({});
    await control('wordpress', 'option', { name: 'comment_thread_reactions', value: '' });
  });
});
