// The comment-thread plugin's own rules against the real WordPress: guests' REST comments go
// through `preprocess_comment` (where anti-spam plugins hook), and the site's
// `comment_thread_author_can_delete` filter reaches the element.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { providerRegistry } from '../../src/providers/registry.js';
import { createLazyWordPressProvider } from '../../src/providers/wordpress-factory.js';
import { WordPressProvider } from '../../src/providers/wordpress-provider.js';
import { shadow } from '../helpers.js';
import { until } from '../helpers.js';
import { control, integrationEnv } from './env.js';
import { asAdminOf, type WordPressInfo } from './wordpress-env.js';

let wp: WordPressInfo;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

const asAdmin = (method: string, route: string, body?: unknown) => asAdminOf(wp, method, route, body);

async function stored(post: number, text: string): Promise<any[]> {
  const all = await asAdmin('GET', `/wp/v2/comments?post=${post}&status=all&per_page=100&context=edit`);
  const held = await asAdmin('GET', `/wp/v2/comments?post=${post}&status=hold&per_page=100&context=edit`);
  return [...all, ...held].filter((comment: any) => comment.content.raw.includes(text));
}

function guestComment(body: string) {
  return new WordPressProvider({ endpoint: wp.restUrl }).postComment({
    threadId: String(wp.posts.open),
    parentId: null,
    body,
    idempotencyKey: unique('key'),
    guest: { name: 'Sam Spam-Check', email: `spamcheck${Date.now()}${Math.random().toString(36).slice(2)}@example.test` },
  });
}

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
  // Guests' comments are approved at once here, so a hold can only come from the anti-spam hook.
  await control('wordpress', 'option', { name: 'comment_previously_approved', value: '0' });
});

after(async () => {
  await control('wordpress', 'option', { name: 'comment_previously_approved', value: '1' });
  await control('wordpress', 'plugin', { active: false });
});

describe('guests’ REST comments and preprocess_comment', () => {
  it('without the plugin, WordPress’s REST route skips preprocess_comment: an anti-spam hook there never sees the comment', async () => {
    await control('wordpress', 'plugin', { active: false });
    const text = unique('ct-antispam-hold without the plugin');
    const record = await guestComment(text);
    expect(record.status).to.equal('approved');
    expect((await stored(wp.posts.open, text))[0].status).to.equal('approved');
  });

  describe('with the plugin', () => {
    before(() => control('wordpress', 'plugin', { active: true }));

    it('an ordinary guest comment is approved as before', async () => {
      const text = unique('An ordinary guest comment');
      const record = await guestComment(text);
      expect(record.status).to.equal('approved');
      expect((await stored(wp.posts.open, text))[0].status).to.equal('approved');
    });

    it('an anti-spam plugin hooked on preprocess_comment holds a REST guest comment', async () => {
      const text = unique('ct-antispam-hold please');
      const record = await guestComment(text);
      expect(record.status).to.equal('pending');
      const [comment] = await stored(wp.posts.open, text);
      expect(comment.status).to.equal('hold');
      expect(comment.author_name).to.equal('Sam Spam-Check');
    });

    it('an anti-spam plugin hooked on preprocess_comment refuses a REST guest comment: nothing is stored', async () => {
      const text = unique('ct-antispam-reject please');
      const error = await guestComment(text).then(
        () => null,
        (thrown: { code: string; message?: string }) => thrown,
      );
      expect(error?.code).to.equal('forbidden');
      expect(error?.message).to.contain('Your comment looks like spam.');
      expect(await stored(wp.posts.open, text)).to.have.length(0);
    });
  });
});

describe('the comment_thread_author_can_delete filter reaches the element', () => {
  before(() => control('wordpress', 'plugin', { active: true }));
  afterEach(() => control('wordpress', 'option', { name: 'ct_test_no_author_delete', value: '0' }));

  const reader = () => ({ username: wp.users.reader.login, password: wp.users.reader.appPassword });

  it('threadInfo says deleteOwn: false exactly while the site turns authors’ deleting off', async () => {
    const provider = () => new WordPressProvider({ endpoint: wp.restUrl, applicationPassword: reader() });
    expect((await provider().threadInfo(String(wp.posts.open))).deleteOwn).to.equal(undefined);
    await control('wordpress', 'option', { name: 'ct_test_no_author_delete', value: '1' });
    expect((await provider().threadInfo(String(wp.posts.open))).deleteOwn).to.equal(false);
    // Moderators keep WordPress's own rights.
    const admin = new WordPressProvider({ endpoint: wp.restUrl, applicationPassword: { username: wp.users.admin.login, password: wp.users.admin.appPassword } });
    expect((await admin.threadInfo(String(wp.posts.open))).deleteOwn).to.equal(undefined);
  });

  it('a logged-in author sees Edit but no Delete on their own comment, from the page the plugin printed', async () => {
    providerRegistry.register('wordpress', createLazyWordPressProvider);
    const post = await asAdmin('POST', '/wp/v2/posts', { title: unique('No deleting here'), status: 'publish' });
    const own = await new WordPressProvider({ endpoint: wp.restUrl, applicationPassword: reader() }).postComment({
      threadId: String(post.id),
      parentId: null,
      body: unique('Mine to edit, not to delete'),
      idempotencyKey: unique('key'),
    });
    await asAdmin('POST', `/wp/v2/comments/${own.id}`, { status: 'approved' });
    await control('wordpress', 'option', { name: 'ct_test_no_author_delete', value: '1' });
    const { cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' });
    const loggedIn = Object.entries(cookies).filter(([name]) => name.startsWith('wordpress_logged_in_'));
    for (const [name, value] of loggedIn) document.cookie = `${name}=${value}; path=/`;
    try {
      const answer = await control<{ status: number; html: string }>('wordpress', 'page', { path: new URL(post.link).pathname, cookies });
      const markup = new DOMParser().parseFromString(answer.html, 'text/html').querySelector('comment-thread')!;
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      container.append(document.importNode(markup, true));
      const thread = container.querySelector<CommentThread>('comment-thread')!;
      const article = () => shadow(thread).querySelector(`#comment-${own.id}`);
      await until(() => article()?.querySelector('[part~="edit-button"]'), 'Edit on the reader’s own comment', 15000);
      expect(article()!.querySelector('[part~="delete-button"]')).to.equal(null);
    } finally {
      for (const [name] of loggedIn) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    }
  });
});
