// The comment-thread plugin's pages as a reader's browser gets them: top-level WordPress pages in a
// Chromium of the WordPress service's own (the `browse` control), with or without JavaScript and
// with the headers WordPress sent.
import { expect } from '@open-wc/testing';
import { WordPressProvider } from '../../src/providers/wordpress-provider.js';
import { loadFixture } from '../helpers.js';
import { control, integrationEnv } from './env.js';
import { asAdminOf, type WordPressInfo } from './wordpress-env.js';

interface Browsed {
  status: number;
  headers: Record<string, string>;
  url: string;
  html: string;
  value?: any;
  layoutShifts?: { value: number; hadRecentInput: boolean; time: number; sources: string[] }[];
  requests: string[];
}

let wp: WordPressInfo;

const browse = (options: Record<string, unknown>) => control<Browsed>('wordpress', 'browse', options);

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
  await control('wordpress', 'plugin', { active: true });
});

after(async () => {
  await control('wordpress', 'plugin', { active: false });
});

const unique = (text: string) => `${text} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

async function fetchPage(path: string): Promise<Document> {
  const answer = await control<{ status: number; html: string }>('wordpress', 'page', { path });
  expect(answer.status, `GET ${path}`).to.equal(200);
  return new DOMParser().parseFromString(answer.html, 'text/html');
}

/** The REST API as the site's administrator. */
const asAdmin = (method: string, route: string, body?: unknown) => asAdminOf(wp, method, route, body);

/** The comments printed inside the element: id, depth (from the nesting), the "In reply to" name. */
function printed(thread: Element) {
  return [...thread.querySelectorAll('li.comment')].map((item) => {
    let depth = 1;
    for (let list = item.parentElement?.closest('ol.children'); list; list = list.parentElement?.closest('ol.children')) depth++;
    return {
      id: item.id.replace(/^comment-/, ''),
      depth,
      depthClass: [...item.classList].find((name) => name.startsWith('depth-')),
      inReplyTo: item.querySelector(':scope > article .comment-thread-in-reply-to a')?.textContent ?? null,
      text: item.querySelector(':scope > article .comment-content')?.textContent?.trim() ?? '',
    };
  });
}

const preloadOf = (thread: Element) =>
  JSON.parse(thread.querySelector('script[type="application/json"][data-comment-thread-preload]')!.textContent!);

describe('the plugin prints the thread’s first page in the page source', () => {
  it('as semantic markup: the header, WordPress’s order and nesting, "In reply to", avatars, dates and bodies', async () => {
    const seed = await loadFixture('myth-of-networking');
    // The seed's own depth (3): c4 answers c3, already at the deepest level.
    await control('wordpress', 'option', { name: 'thread_comments_depth', value: String(seed.maxDepth) });
    try {
      const doc = await fetchPage('/the-myth-of-networking/');
      const thread = doc.querySelector('comment-thread')!;
      expect(thread.getAttribute('max-depth')).to.equal(String(seed.maxDepth));
      expect(thread.querySelector('h2')!.textContent).to.equal(seed.expected.header);
      const idOf = (seedId: string) => String(wp.seedComments[seedId]);
      const shown = printed(thread);
      expect(shown.map((comment) => comment.id)).to.deep.equal(seed.expected.displayOrder.map(idOf));
      for (const seedId of seed.expected.displayOrder) {
        const comment = shown.find((item) => item.id === idOf(seedId))!;
        expect(comment.depth, seedId).to.equal(seed.expected.displayDepth[seedId]);
        expect(comment.depthClass, seedId).to.equal(`depth-${seed.expected.displayDepth[seedId]}`);
        const source = seed.comments.find((record: { id: string }) => record.id === seedId)!;
        expect(comment.text.replace(/\s+/g, ' '), seedId).to.contain(source.body.split('\n')[0].replace(/[*_`]/g, '').slice(0, 20));
      }
      expect(shown.find((item) => item.id === idOf('c4'))!.inReplyTo).to.equal('Liz');
      expect(shown.filter((item) => item.inReplyTo).map((item) => item.id)).to.deep.equal([idOf('c4')]);
      const first = thread.querySelector(`#comment-${idOf('c1')}`)!;
      expect(first.querySelector('.fn')!.textContent).to.equal('Bret');
      expect(first.querySelector('.avatar')).to.exist;
      const time = first.querySelector('time')!;
      expect(time.getAttribute('datetime')).to.equal(seed.comments[0].createdAt.replace(/\.000Z$/, 'Z'));
      expect(time.textContent).to.match(/\d{4}/);
      // The post's author (Julian) is marked, as the element marks them.
      expect(thread.querySelector(`#comment-${idOf('c2')}`)!.classList.contains('bypostauthor')).to.equal(true);
      // WordPress's own form, which works without JavaScript.
      const form = thread.querySelector<HTMLFormElement>('form#commentform')!;
      expect(new URL(form.action).pathname).to.equal('/wp-comments-post.php');
      expect(form.querySelector<HTMLInputElement>('input[name="comment_post_ID"]')!.value).to.equal(String(wp.posts.myth));
      expect(doc.body.textContent).to.not.contain('Comments need JavaScript');
    } finally {
      await control('wordpress', 'option', { name: 'thread_comments_depth', value: '5' });
    }
  });

  it('embeds exactly the public records a guest’s provider would list: never a held comment or an e-mail', async () => {
    const post = await asAdmin('POST', '/wp/v2/posts', { title: unique('Preloaded'), status: 'publish' });
    const approvedText = unique('Approved and public');
    await asAdmin('POST', '/wp/v2/comments', {
      post: post.id,
      content: approvedText,
      author_name: 'Pia Public',
      author_email: 'pia.public@example.test',
      status: 'approved',
    });
    const heldText = unique('Held for moderation');
    const held = await new WordPressProvider({ endpoint: wp.restUrl }).postComment({
      threadId: String(post.id),
      parentId: null,
      body: heldText,
      idempotencyKey: unique('key'),
      guest: { name: 'Hal Held', email: 'hal.held@example.test' },
    });
    expect(held.status).to.equal('pending');

    const source = (await control<{ html: string }>('wordpress', 'page', { path: new URL(post.link).pathname })).html;
    expect(source).to.contain(approvedText);
    expect(source).to.not.contain(heldText);
    expect(source).to.not.contain('Hal Held');
    expect(source).to.not.contain('example.test');
    const thread = new DOMParser().parseFromString(source, 'text/html').querySelector('comment-thread')!;
    const preload = preloadOf(thread);
    const listed = await new WordPressProvider({ endpoint: wp.restUrl }).listComments(String(post.id), { limit: 50 });
    expect(preload.threadId).to.equal(String(post.id));
    expect(preload.order).to.equal('oldest');
    expect(preload.page.comments).to.deep.equal(listed.comments);
    expect(preload.page.total).to.equal(listed.total);
    expect(preload.page.nextCursor).to.equal(null);
    expect(preload.info).to.deep.equal({ closed: false, requiredGuestFields: ['name', 'email'], editWindow: 900 });
  });

  it('embeds the first page only, with the cursor of the next, for a long thread', async () => {
    const thread = (await fetchPage('/many-comments/')).querySelector('comment-thread')!;
    const preload = preloadOf(thread);
    const listed = await new WordPressProvider({ endpoint: wp.restUrl }).listComments(String(wp.posts.many), { limit: 50 });
    expect(preload.page.comments).to.deep.equal(listed.comments);
    expect(preload.page.nextCursor).to.equal('2');
    expect(preload.page.total).to.equal(230);
    expect(printed(thread)).to.have.length(50);
  });
});

describe('the page as a reader’s browser shows it', () => {
  it('the element takes over from the printed page without asking for the comments again, and nothing moves', async () => {
    const page = await browse({
      path: '/the-myth-of-networking/',
      layoutShifts: true,
      waitFor: `document.querySelector('comment-thread')?.shadowRoot?.querySelectorAll('article[part~="comment"]').length === 5`,
      settleMs: 2000,
      evaluate: `document.querySelector('comment-thread .comment-thread-static')?.getBoundingClientRect().height`,
    });
    const listRequests = page.requests.filter((request) => request.includes('/wp/v2/comments'));
    expect(listRequests, 'no request for the comments').to.deep.equal([]);
    // Printed markup is no longer laid out once the element renders (its shadow root has no slot).
    expect(page.value).to.equal(0);
    const shifts = page.layoutShifts!.filter((shift) => !shift.hadRecentInput);
    const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
    expect(total, `layout shifts: ${JSON.stringify(shifts)}`).to.equal(0);
  });

  it('reads without JavaScript, and "Leave a Reply" posts through wp-comments-post.php', async () => {
    const text = unique('Posted with scripting off');
    const email = `noscript${Date.now()}@example.test`;
    const page = await browse({
      path: '/a-second-post/',
      javaScript: false,
      fill: { '#author': 'Nora Noscript', '#email': email, '#comment': text },
      submit: '#submit',
    });
    expect(page.requests.some((request) => request.startsWith('POST ') && request.endsWith('/wp-comments-post.php'))).to.equal(true);
    expect(page.status).to.equal(200);
    expect(new URL(page.url).pathname).to.equal('/a-second-post/');
    const after = new DOMParser().parseFromString(page.html, 'text/html');
    expect(after.querySelector('comment-thread .comment-awaiting-moderation')?.textContent).to.equal('Your comment is awaiting moderation.');
    const stored = (await asAdmin('GET', `/wp/v2/comments?post=${wp.posts.open}&status=hold&per_page=100&context=edit`)).filter(
      (comment: any) => comment.author_email === email,
    );
    expect(stored).to.have.length(1);
    expect(stored[0].content.raw).to.equal(text);
    expect(stored[0].author_name).to.equal('Nora Noscript');

    const seed = await browse({ path: '/the-myth-of-networking/', javaScript: false });
    const shown = new DOMParser().parseFromString(seed.html, 'text/html');
    expect(shown.querySelectorAll('comment-thread li.comment')).to.have.length(5);
    expect(shown.querySelector('comment-thread h2')!.textContent).to.equal('5 thoughts on “The Myth of Networking”');
  });
});

/** The element's provider, once the bundle has run: who it says the reader is, and what it offers. */
const SIGNED_IN = `(async () => {
  const thread = document.querySelector('comment-thread');
  const provider = thread.resolvedProvider;
  const identity = await provider.currentIdentity();
  return {
    nonceAttribute: thread.getAttribute('nonce'),
    wpNonce: thread.getAttribute('wp-nonce'),
    name: identity ? identity.name : null,
    canEdit: typeof provider.updateComment === 'function',
  };
})()`;
const PROVIDER_READY = `customElements.get('comment-thread') && document.querySelector('comment-thread')?.resolvedProvider`;

describe('a logged-in reader on a page sent with a Content-Security-Policy header', () => {
  let cookies: Record<string, string>;
  before(async () => {
    ({ cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' }));
  });

  it('stays logged in: the plugin writes the nonce as wp-nonce, which no browser hides', async () => {
    const page = await browse({ path: '/a-second-post/?ct-test-csp=1', cookies, waitFor: PROVIDER_READY, evaluate: SIGNED_IN });
    expect(page.url).to.equal(`${wp.url}/a-second-post/?ct-test-csp=1`);
    expect(page.headers['content-security-policy']).to.equal("object-src 'none'");
    expect(page.value.wpNonce).to.match(/^[0-9a-f]{10}$/);
    expect(page.value.name).to.equal('Rita Reader');
    expect(page.value.canEdit).to.equal(true);
  });

  it('stays logged in with markup that still says nonce="…" (the browser hides it; the property keeps it)', async () => {
    const page = await browse({
      path: '/a-second-post/?ct-test-csp=1&ct-test-legacy-nonce=1',
      cookies,
      waitFor: PROVIDER_READY,
      evaluate: SIGNED_IN,
    });
    expect(page.headers['content-security-policy']).to.equal("object-src 'none'");
    expect(page.html).to.not.contain('wp-nonce=');
    // The browser did hide it: the attribute reads as "" in the page.
    expect(page.value.nonceAttribute).to.equal('');
    expect(page.value.name).to.equal('Rita Reader');
    expect(page.value.canEdit).to.equal(true);
  });
});
