import { expect } from '@open-wc/testing';
import {
  comparableText,
  headerCount,
  markdownToWordPressHtml,
  nextPageCursor,
  pageFromCursor,
  pickAvatar,
  plainMessage,
  restUrl,
  toCommentRecord,
  toPostInfo,
  toWordPressError,
  wordPressDate,
  wordPressStatus,
  WORDPRESS_FLOOD_SECONDS,
} from '../src/providers/wordpress-mapping.js';
import { createLazyWordPressProvider } from '../src/providers/wordpress-factory.js';
import { ProviderRegistry } from '../src/providers/registry.js';
import { createWordPressProvider, WordPressProvider } from '../src/providers/wordpress-provider.js';
import type { CommentDraft } from '../src/types.js';

const draft = (guest?: CommentDraft['guest']): CommentDraft => ({
  threadId: '4',
  parentId: null,
  body: 'Hello',
  idempotencyKey: 'k1',
  ...(guest ? { guest } : {}),
});

describe('WordPress REST addresses', () => {
  it('appends the route to a /wp-json root, with or without a trailing slash', () => {
    expect(restUrl('https://example.com/wp-json', '/wp/v2/comments', { post: 4 })).to.equal(
      'https://example.com/wp-json/wp/v2/comments?post=4',
    );
    expect(restUrl('https://example.com/blog/wp-json/', 'wp/v2/comments')).to.equal(
      'https://example.com/blog/wp-json/wp/v2/comments',
    );
  });

  it('puts the route into rest_route on sites without pretty permalinks', () => {
    const url = new URL(restUrl('https://example.com/?rest_route=/', '/wp/v2/comments', { post: 4, per_page: 100 }));
    expect(url.pathname).to.equal('/');
    expect(url.searchParams.get('rest_route')).to.equal('/wp/v2/comments');
    expect(url.searchParams.get('post')).to.equal('4');
    expect(url.searchParams.get('per_page')).to.equal('100');
    const indexPhp = new URL(restUrl('https://example.com/index.php?rest_route=', '/wp/v2/posts/4'));
    expect(indexPhp.pathname).to.equal('/index.php');
    expect(indexPhp.searchParams.get('rest_route')).to.equal('/wp/v2/posts/4');
  });

  it('reads a relative root against the page', () => {
    expect(restUrl('/wp-json', '/wp/v2/comments', {}, 'https://site.test/2011/03/post/')).to.equal(
      'https://site.test/wp-json/wp/v2/comments',
    );
  });

  it('leaves out parameters that are undefined', () => {
    expect(restUrl('https://x.test/wp-json', '/a', { page: undefined, post: '7' })).to.equal('https://x.test/wp-json/a?post=7');
  });
});

describe('WordPress comments as CommentRecords', () => {
  const raw = {
    id: 12,
    post: 4,
    parent: 3,
    author: 2,
    author_name: ' Julian ',
    author_url: 'https://julian.example/',
    date: '2011-03-14T10:12:00',
    date_gmt: '2011-03-14T09:12:00',
    content: { rendered: '<p>Hi <strong>there</strong></p>\n' },
    status: 'approved',
    author_avatar_urls: { '24': 'https://g/24', '96': 'https://g/96', '48': 'https://g/48' },
  };

  it('maps every field, the body as HTML and the date as UTC', () => {
    const record = toCommentRecord(raw, { threadId: '4', postAuthor: 2 });
    expect(record).to.deep.equal({
      id: '12',
      threadId: '4',
      parentId: '3',
      author: { name: 'Julian', url: 'https://julian.example/', avatarUrl: 'https://g/96', isThreadOwner: true },
      body: '<p>Hi <strong>there</strong></p>\n',
      bodyFormat: 'html',
      createdAt: '2011-03-14T09:12:00Z',
      status: 'approved',
    });
    expect(Date.parse(record!.createdAt)).to.equal(Date.UTC(2011, 2, 14, 9, 12));
  });

  it('marks the thread owner only by user id, never by name', () => {
    expect(toCommentRecord(raw, { threadId: '4', postAuthor: 9 })!.author.isThreadOwner).to.equal(undefined);
    const guestNamedJulian = { ...raw, author: 0 };
    expect(toCommentRecord(guestNamedJulian, { threadId: '4', postAuthor: 0 })!.author.isThreadOwner).to.equal(undefined);
  });

  it('marks the reader’s own comments', () => {
    expect(toCommentRecord(raw, { threadId: '4', viewerId: 2 })!.viewerIsAuthor).to.equal(true);
    expect(toCommentRecord(raw, { threadId: '4', viewerId: 5 })!.viewerIsAuthor).to.equal(undefined);
  });

  it('reads a top-level comment (parent 0) and repairs bad data instead of throwing', () => {
    const record = toCommentRecord({ id: '7', parent: 0, content: 'not an object', date_gmt: 'junk' }, { threadId: '4' });
    expect(record).to.include({ id: '7', parentId: null, body: '', bodyFormat: 'html' });
    expect(record!.author.name).to.equal('');
    // No readable date is no date ("unknown date" in the thread), never 1970.
    expect(record!.createdAt).to.equal('');
    expect(toCommentRecord({ id: '9', date_gmt: '0000-00-00 00:00:00' }, { threadId: '4' })!.createdAt).to.equal('');
    expect(toCommentRecord({ id: 8, parent: 8 }, { threadId: '4' })!.parentId).to.equal(null);
    expect(toCommentRecord({ parent: 1 }, { threadId: '4' })).to.equal(null);
    expect(toCommentRecord('nonsense', { threadId: '4' })).to.equal(null);
  });

  it('maps statuses: held and spam are pending to their author', () => {
    expect(wordPressStatus('approved')).to.equal('approved');
    expect(wordPressStatus('hold')).to.equal('pending');
    expect(wordPressStatus('unapproved')).to.equal('pending');
    expect(wordPressStatus('spam')).to.equal('pending');
    expect(wordPressStatus('trash')).to.equal('deleted');
  });

  it('keeps a date that already has a zone, and falls back to the local date', () => {
    expect(wordPressDate('2020-01-01T00:00:00+02:00')).to.equal('2020-01-01T00:00:00+02:00');
    expect(wordPressDate('2020-01-01T00:00:00Z')).to.equal('2020-01-01T00:00:00Z');
    expect(wordPressDate(undefined, '2020-01-01T05:00:00')).to.equal('2020-01-01T05:00:00Z');
  });

  it('picks the largest avatar and ignores junk', () => {
    expect(pickAvatar({ '24': 'a', '96': 'c', '48': 'b' })).to.equal('c');
    expect(pickAvatar({ big: 'x', '48': 'b' })).to.equal('b');
    expect(pickAvatar(null)).to.equal(undefined);
    expect(pickAvatar({ '96': 5 })).to.equal(undefined);
  });

  it('reads the post’s author and comment status', () => {
    expect(toPostInfo({ author: 2, comment_status: 'closed' })).to.deep.equal({ author: 2, commentStatus: 'closed' });
    expect(toPostInfo({ author: '3', comment_status: 'open' })).to.deep.equal({ author: 3, commentStatus: 'open' });
    expect(toPostInfo(null)).to.deep.equal({ author: 0, commentStatus: 'unknown' });
  });

  it('reads the plugin’s edit window for this reader: seconds, null for no limit, absent without the plugin', () => {
    expect(toPostInfo({ author: 2, comment_status: 'open', comment_thread_edit_window: 900 }).editWindow).to.equal(900);
    expect(toPostInfo({ author: 2, comment_thread_edit_window: 0 }).editWindow).to.equal(0);
    expect(toPostInfo({ author: 2, comment_thread_edit_window: null })).to.have.property('editWindow', null);
    expect(toPostInfo({ author: 2, comment_thread_edit_window: -5.5 }).editWindow).to.equal(0);
    expect(toPostInfo({ author: 2 })).to.not.have.property('editWindow');
    expect(toPostInfo({ author: 2, comment_thread_edit_window: 'soon' })).to.not.have.property('editWindow');
  });

  it('reads the plugin’s delete permission for this reader (comment_thread_delete_own), absent without the plugin', () => {
    expect(toPostInfo({ author: 2, comment_thread_delete_own: false }).deleteOwn).to.equal(false);
    expect(toPostInfo({ author: 2, comment_thread_delete_own: true }).deleteOwn).to.equal(true);
    expect(toPostInfo({ author: 2 })).to.not.have.property('deleteOwn');
    expect(toPostInfo({ author: 2, comment_thread_delete_own: 'no' })).to.not.have.property('deleteOwn');
  });

  it('reads the plugin’s reactions (count, and mine for the reader), and ignores junk', () => {
    const liked = toCommentRecord({ ...raw, comment_thread_reactions: { like: { count: 2, mine: true } } }, { threadId: '4' })!;
    expect(liked.reactions).to.deep.equal({ like: { count: 2, mine: true } });
    const junk = { like: { count: -1 }, wow: { count: 'many' }, yay: 3, ok: { count: 1, mine: 'yes' } };
    expect(toCommentRecord({ ...raw, comment_thread_reactions: junk }, { threadId: '4' })!.reactions).to.deep.equal({ ok: { count: 1 } });
    expect(toCommentRecord({ ...raw, comment_thread_reactions: {} }, { threadId: '4' })).to.not.have.property('reactions');
    expect(toCommentRecord({ ...raw, comment_thread_reactions: [] }, { threadId: '4' })).to.not.have.property('reactions');
  });

  it('reads the plugin’s edit time as editedAt (UTC), and ignores junk', () => {
    const edited = toCommentRecord({ ...raw, comment_thread_edited_gmt: '2011-03-14T10:00:00' }, { threadId: '4' })!;
    expect(edited.editedAt).to.equal('2011-03-14T10:00:00Z');
    expect(toCommentRecord({ ...raw, comment_thread_edited_gmt: null }, { threadId: '4' })).to.not.have.property('editedAt');
    expect(toCommentRecord({ ...raw, comment_thread_edited_gmt: 'junk' }, { threadId: '4' })).to.not.have.property('editedAt');
  });

  it('shows a trashed comment only as a placeholder: nothing of what it said or who said it', () => {
    const trashed = { ...raw, status: 'trash', comment_thread_edited_gmt: '2011-03-14T10:00:00' };
    expect(toCommentRecord(trashed, { threadId: '4', postAuthor: 2, viewerId: 2 })).to.deep.equal({
      id: '12',
      threadId: '4',
      parentId: '3',
      author: { name: '' },
      body: '',
      bodyFormat: 'html',
      createdAt: '2011-03-14T09:12:00Z',
      status: 'deleted',
    });
  });
});

describe('WordPress paging', () => {
  it('follows X-WP-TotalPages', () => {
    expect(nextPageCursor(1, 3, 100, 100)).to.equal('2');
    expect(nextPageCursor(3, 3, 30, 100)).to.equal(null);
    expect(nextPageCursor(1, 0, 0, 100)).to.equal(null);
  });

  it('without the header, a full page may have a next one', () => {
    expect(nextPageCursor(2, undefined, 50, 50)).to.equal('3');
    expect(nextPageCursor(2, undefined, 49, 50)).to.equal(null);
  });

  it('reads cursors and counts defensively', () => {
    expect(pageFromCursor(undefined)).to.equal(1);
    expect(pageFromCursor(null)).to.equal(1);
    expect(pageFromCursor('3')).to.equal(3);
    expect(pageFromCursor('0')).to.equal(1);
    expect(pageFromCursor('x')).to.equal(1);
    expect(headerCount('230')).to.equal(230);
    expect(headerCount(null)).to.equal(undefined);
    expect(headerCount('many')).to.equal(undefined);
  });
});

describe('WordPress errors as the contract’s', () => {
  it('author data required → validation on the missing guest fields', () => {
    const body = {
      code: 'rest_comment_author_data_required',
      message: 'Creating a comment requires valid author name and email values.',
      data: { status: 400 },
    };
    const noEmail = toWordPressError(400, body, { draft: draft({ name: 'Liz' }) });
    expect(noEmail.code).to.equal('validation');
    expect(noEmail.fieldErrors).to.deep.equal({ email: body.message });
    const nothing = toWordPressError(400, body, { draft: draft() });
    expect(nothing.fieldErrors).to.have.keys(['name', 'email']);
  });

  it('invalid parameters → validation on the matching fields', () => {
    const error = toWordPressError(400, {
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): author_email',
      data: { status: 400, params: { author_email: 'Invalid email address.', author_url: 'Bad <b>URL</b>' } },
    });
    expect(error.code).to.equal('validation');
    expect(error.fieldErrors).to.deep.equal({ email: 'Invalid email address.', url: 'Bad URL' });
  });

  it('empty content and too-long fields → validation on that field', () => {
    expect(toWordPressError(400, { code: 'rest_comment_content_invalid', message: 'Invalid comment content.' }).fieldErrors).to.deep.equal({
      body: 'Invalid comment content.',
    });
    const long = toWordPressError(400, { code: 'comment_author_column_length', message: '<strong>Error:</strong> Your name is too long.' });
    expect(long.fieldErrors).to.deep.equal({ name: 'Error: Your name is too long.' });
  });

  it('duplicate → conflict; flood → rate_limited with WordPress’s 15 s', () => {
    expect(toWordPressError(409, { code: 'comment_duplicate', message: 'Duplicate comment detected; it looks as though you&#8217;ve already said that!' })).to.include({
      code: 'conflict',
      message: 'comment_duplicate: Duplicate comment detected; it looks as though you’ve already said that!',
    });
    const flood = toWordPressError(400, { code: 'comment_flood', message: 'You are posting comments too quickly. Slow down.' });
    expect(flood.code).to.equal('rate_limited');
    expect(flood.retryAfter).to.equal(WORDPRESS_FLOOD_SECONDS);
    expect(toWordPressError(429, { code: 'comment_flood' }, { retryAfter: '40' }).retryAfter).to.equal(40);
  });

  it('login required and bad nonces → unauthorized; closed → closed; missing posts → not_found', () => {
    expect(toWordPressError(401, { code: 'rest_comment_login_required' }).code).to.equal('unauthorized');
    expect(toWordPressError(403, { code: 'rest_cookie_invalid_nonce' }).code).to.equal('unauthorized');
    expect(toWordPressError(403, { code: 'rest_comment_closed' }).code).to.equal('closed');
    expect(toWordPressError(403, { code: 'rest_comment_invalid_post_id' }).code).to.equal('not_found');
    expect(toWordPressError(403, { code: 'rest_comment_draft_post' }).code).to.equal('not_found');
    expect(toWordPressError(403, { code: 'rest_comment_invalid_author' }).code).to.equal('forbidden');
  });

  it('falls back on the HTTP status for codes it does not know, and on bodies that are not JSON', () => {
    expect(toWordPressError(403, { code: 'some_plugin_says_no' }).code).to.equal('forbidden');
    expect(toWordPressError(404, null).code).to.equal('not_found');
    expect(toWordPressError(503, '<html>busy</html>').code).to.equal('network');
    // The shared table (src/providers/http-errors.ts): a gateway's timeout is `timeout`, as over REST.
    expect(toWordPressError(504, '<html>gateway timeout</html>').code).to.equal('timeout');
    expect(toWordPressError(413, null).code).to.equal('validation');
    expect(toWordPressError(500, { code: 'rest_comment_failed_create' }).code).to.equal('unknown');
    const limited = toWordPressError(429, null, { retryAfter: '12' });
    expect(limited).to.include({ code: 'rate_limited', retryAfter: 12 });
  });

  it('refusals to edit or delete: 401 → unauthorized, 403 → forbidden; the plugin’s closed window → forbidden', () => {
    const message = 'Sorry, you are not allowed to edit this comment.';
    expect(toWordPressError(401, { code: 'rest_cannot_edit', message, data: { status: 401 } }).code).to.equal('unauthorized');
    const forbidden = toWordPressError(403, { code: 'rest_cannot_edit', message, data: { status: 403 } });
    expect(forbidden).to.include({ code: 'forbidden', message: `rest_cannot_edit: ${message}` });
    expect(toWordPressError(401, { code: 'rest_cannot_delete' }).code).to.equal('unauthorized');
    expect(toWordPressError(403, { code: 'rest_cannot_delete' }).code).to.equal('forbidden');
    expect(toWordPressError(401, { code: 'rest_forbidden' }).code).to.equal('unauthorized');
    expect(toWordPressError(403, { code: 'comment_thread_edit_window_closed', message: 'The time to edit this comment is over.' })).to.include({
      code: 'forbidden',
      message: 'comment_thread_edit_window_closed: The time to edit this comment is over.',
    });
    // "The comment cannot be deleted." is WordPress failing, not a refusal.
    expect(toWordPressError(500, { code: 'rest_cannot_delete' }).code).to.equal('unknown');
    expect(toWordPressError(501, { code: 'rest_trash_not_supported' }).code).to.equal('forbidden');
    expect(toWordPressError(410, { code: 'rest_already_trashed' }).code).to.equal('not_found');
    expect(toWordPressError(404, { code: 'rest_comment_invalid_id' }).code).to.equal('not_found');
    expect(toWordPressError(400, { code: 'rest_comment_content_invalid', message: 'Invalid comment content.' }).fieldErrors).to.deep.equal({
      body: 'Invalid comment content.',
    });
  });

  it('turns WordPress’s HTML messages into plain text', () => {
    expect(plainMessage('<strong>Error:</strong> Your URL is too long.')).to.equal('Error: Your URL is too long.');
    expect(plainMessage('it&#8217;s')).to.equal('it’s');
    expect(plainMessage(undefined)).to.equal('');
  });
});

describe('Markdown drafts as the HTML WordPress keeps', () => {
  it('writes paragraphs as blank lines and line breaks as newlines (wpautop rebuilds them)', () => {
    expect(markdownToWordPressHtml('Julian,\nNice post\n\nTake Good Care,')).to.equal('Julian,\nNice post\n\nTake Good Care,');
  });

  it('keeps the inline formatting WordPress allows in comments', () => {
    expect(markdownToWordPressHtml('**bold** _em_ ~~gone~~ `code` [link](https://a.test/)')).to.equal(
      '<strong>bold</strong> <em>em</em> <del>gone</del> <code>code</code> <a href="https://a.test/">link</a>',
    );
  });

  it('keeps block structure (quotes, lists, code) as tags', () => {
    const html = markdownToWordPressHtml('> quoted\n\n- one\n- two\n\n```\na < b\n```');
    expect(html).to.contain('<blockquote>\nquoted');
    expect(html).to.contain('<li>one</li>');
    expect(html).to.contain('<pre><code>a &lt; b\n</code></pre>');
    expect(html).not.to.contain('<p>');
  });

  it('writes images as links to them, as the element shows them by default', () => {
    expect(markdownToWordPressHtml('![a cat](https://img.test/cat.png)')).to.equal('<a href="https://img.test/cat.png">a cat</a>');
  });

  it('escapes what must not become markup', () => {
    expect(markdownToWordPressHtml('1 < 2 & 3 > 2')).to.equal('1 &lt; 2 &amp; 3 &gt; 2');
  });
});

describe('comparing a draft with what WordPress stored', () => {
  it('ignores the typography and markup WordPress adds', () => {
    const sent = markdownToWordPressHtml("It's a \"test\" -- really...\nline two");
    const stored = '<p>It&#8217;s a &#8220;test&#8221; &#8211; really&#8230;<br />\nline two</p>\n';
    expect(comparableText(stored)).to.equal(comparableText(sent));
  });

  it('still tells different texts apart', () => {
    expect(comparableText('<p>Thanks, Bret</p>')).not.to.equal(comparableText('Thanks, Liz'));
  });
});

describe('createWordPressProvider (provider="wordpress")', () => {
  it('reads the endpoint and the attributes the plugin writes', async () => {
    const element = document.createElement('comment-thread');
    element.setAttribute('required-fields', 'name');
    element.setAttribute('login-url', 'https://site.test/wp-login.php');
    element.setAttribute('login-label', 'My Site');
    const provider = createWordPressProvider({ endpoint: 'https://site.test/wp-json', element });
    expect(provider).to.be.instanceOf(WordPressProvider);
    expect(provider.endpoint).to.equal('https://site.test/wp-json');
    expect(await provider.identityOptions()).to.deep.equal([
      { id: 'guest', label: 'Guest', kind: 'guest' },
      { id: 'wordpress', label: 'My Site', kind: 'oauth' },
    ]);
    expect(await provider.currentIdentity()).to.equal(null);
  });

  it('defaults to the site’s own /wp-json and offers guests only without a login address', async () => {
    const provider = createWordPressProvider({});
    expect(provider.endpoint).to.equal('/wp-json');
    expect(await provider.identityOptions()).to.deep.equal([{ id: 'guest', label: 'Guest', kind: 'guest' }]);
  });

  it('offers no guest option when the site requires sign-in', async () => {
    const element = document.createElement('comment-thread');
    element.setAttribute('sign-in-required', '');
    element.setAttribute('login-url', '/wp-login.php');
    const provider = createWordPressProvider({ endpoint: '/wp-json', element });
    expect(await provider.identityOptions()).to.deep.equal([{ id: 'wordpress', label: 'WordPress', kind: 'oauth' }]);
  });

  it('refuses to be built without an endpoint', () => {
    expect(() => new WordPressProvider({ endpoint: '' })).to.throw(TypeError);
  });
});

describe('WordPressProvider: editing and deleting (requests)', () => {
  interface Sent {
    method: string;
    url: URL;
    headers: Headers;
    body: unknown;
  }
  /** A fake WordPress: answers each request with `answer(sent)` and records it. */
  function fakeWordPress(answer: (sent: Sent) => { status: number; body: unknown; headers?: Record<string, string> }) {
    const sent: Sent[] = [];
    const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const request: Sent = {
        method: init.method ?? 'GET',
        url: new URL(String(input)),
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      sent.push(request);
      const { status, body, headers } = answer(request);
      return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers });
    };
    return { sent, fetch: fetch as typeof globalThis.fetch };
  }
  const stored = {
    id: 12,
    post: 4,
    parent: 0,
    author: 7,
    author_name: 'Rita',
    date_gmt: '2026-01-01T10:00:00',
    content: { rendered: '<p>New <strong>words</strong></p>\n', raw: 'New <strong>words</strong>' },
    status: 'approved',
    comment_thread_edited_gmt: '2026-01-01T10:05:00',
  };
  const routeOf = (request: Sent) => request.url.searchParams.get('rest_route') ?? request.url.pathname.replace(/^\/wp-json/, '');
  const site = (extra: (request: Sent) => { status: number; body: unknown } | undefined = () => undefined) =>
    fakeWordPress((request) => {
      const answered = extra(request);
      if (answered) return answered;
      const route = routeOf(request);
      if (route === '/wp/v2/users/me') return { status: 200, body: { id: 7, name: 'Rita' } };
      if (route === '/wp/v2/posts/4') return { status: 200, body: { id: 4, author: 2, comment_status: 'open' } };
      if (route === '/wp/v2/comments/12' && request.method === 'POST') return { status: 200, body: stored };
      if (route === '/wp/v2/comments/12' && request.method === 'DELETE') return { status: 200, body: { ...stored, status: 'trash' } };
      return { status: 404, body: { code: 'rest_no_route', message: 'No route.' } };
    });
  const password = { username: 'rita', password: 'abcd efgh' };

  it('sends the edit as the same comment HTML a new comment gets, and answers the stored record', async () => {
    const wp = site();
    const provider = new WordPressProvider({ endpoint: 'https://site.test/wp-json', applicationPassword: password, fetch: wp.fetch });
    const record = await provider.updateComment!('12', 'New **words**\n\n- a');
    const edit = wp.sent.find((request) => request.method === 'POST')!;
    expect(routeOf(edit)).to.equal('/wp/v2/comments/12');
    expect(edit.body).to.deep.equal({ content: markdownToWordPressHtml('New **words**\n\n- a') });
    expect(edit.headers.get('authorization')).to.equal(`Basic ${btoa('rita:abcd efgh')}`);
    expect(record).to.deep.equal({
      id: '12',
      threadId: '4',
      parentId: null,
      author: { name: 'Rita' },
      body: stored.content.rendered,
      bodyFormat: 'html',
      createdAt: '2026-01-01T10:00:00Z',
      status: 'approved',
      editedAt: '2026-01-01T10:05:00Z',
      viewerIsAuthor: true,
    });
  });

  it('without the plugin’s edit time, marks the edit with the time of the answer', async () => {
    const wp = site((request) =>
      request.method === 'POST' ? { status: 200, body: { ...stored, comment_thread_edited_gmt: undefined } } : undefined,
    );
    const provider = new WordPressProvider({ endpoint: 'https://site.test/wp-json', applicationPassword: password, fetch: wp.fetch });
    const record = await provider.updateComment!('12', 'x');
    expect(Date.parse(record.editedAt!)).to.be.closeTo(Date.now(), 5000);
  });

  it('sends an empty edit as empty, for WordPress to refuse in its own words', async () => {
    const wp = site((request) =>
      request.method === 'POST'
        ? { status: 400, body: { code: 'rest_comment_content_invalid', message: 'Invalid comment content.', data: { status: 400 } } }
        : undefined,
    );
    const provider = new WordPressProvider({ endpoint: 'https://site.test/wp-json', nonce: 'abc', fetch: wp.fetch });
    const error = await provider.updateComment!('12', '  \n ').then(
      () => null,
      (thrown: { code: string; fieldErrors?: unknown }) => thrown,
    );
    expect(error).to.include({ code: 'validation' });
    expect(error!.fieldErrors).to.deep.equal({ body: 'Invalid comment content.' });
    expect(wp.sent.find((request) => request.method === 'POST')!.body).to.deep.equal({ content: '' });
    expect(wp.sent.find((request) => request.method === 'POST')!.headers.get('x-wp-nonce')).to.equal('abc');
  });

  it('deletes to the trash (never force); already trashed counts as done', async () => {
    let trashed = false;
    const wp = site((request) => {
      if (request.method !== 'DELETE') return undefined;
      if (trashed) return { status: 410, body: { code: 'rest_already_trashed', message: 'The comment has already been trashed.' } };
      trashed = true;
      return undefined;
    });
    const provider = new WordPressProvider({ endpoint: 'https://site.test/?rest_route=/', applicationPassword: password, fetch: wp.fetch });
    await provider.deleteComment!('12');
    await provider.deleteComment!('12');
    const deletes = wp.sent.filter((request) => request.method === 'DELETE');
    expect(deletes).to.have.length(2);
    expect(deletes[0].url.searchParams.get('rest_route')).to.equal('/wp/v2/comments/12');
    expect(deletes[0].url.searchParams.has('force')).to.equal(false);
  });

  it('refuses ids WordPress cannot have and aborted signals without sending anything', async () => {
    const wp = site();
    const provider = new WordPressProvider({ endpoint: 'https://site.test/wp-json', applicationPassword: password, fetch: wp.fetch });
    const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (thrown: { code: string }) => thrown.code);
    expect(await codeOf(provider.updateComment!('m1-abc', 'x'))).to.equal('not_found');
    expect(await codeOf(provider.deleteComment!('0'))).to.equal('not_found');
    expect(await codeOf(provider.updateComment!('12', 'x', { signal: AbortSignal.abort() }))).to.equal('aborted');
    expect(await codeOf(provider.deleteComment!('12', { signal: AbortSignal.abort() }))).to.equal('aborted');
    expect(wp.sent).to.deep.equal([]);
  });

  it('has no Edit or Delete without credentials; threadInfo reports the plugin’s window, or 0 where WordPress would refuse', async () => {
    expect(new WordPressProvider({ endpoint: '/wp-json' }).updateComment).to.equal(undefined);
    expect(new WordPressProvider({ endpoint: '/wp-json' }).deleteComment).to.equal(undefined);

    const withPlugin = site((request) =>
      routeOf(request) === '/wp/v2/posts/4'
        ? { status: 200, body: { id: 4, author: 2, comment_status: 'open', comment_thread_edit_window: 600 } }
        : undefined,
    );
    const pluginInfo = await new WordPressProvider({ endpoint: 'https://site.test/wp-json', applicationPassword: password, fetch: withPlugin.fetch }).threadInfo('4');
    expect(pluginInfo.editWindow).to.equal(600);
    expect(withPlugin.sent.some((request) => request.url.searchParams.get('context') === 'edit')).to.equal(false);

    // Plain WordPress: only a reader who may edit the post may edit its comments.
    for (const [status, expected] of [
      [200, undefined],
      [403, 0],
    ] as const) {
      const plain = site((request) =>
        routeOf(request) === '/wp/v2/posts/4' && request.url.searchParams.get('context') === 'edit'
          ? { status, body: status === 200 ? { id: 4 } : { code: 'rest_forbidden_context', data: { status } } }
          : undefined,
      );
      const info = await new WordPressProvider({ endpoint: 'https://site.test/wp-json', applicationPassword: password, fetch: plain.fetch }).threadInfo('4');
      expect(info.editWindow, `context=edit answered ${status}`).to.equal(expected);
    }
  });

  it('asks the plugin for placeholders in every list', async () => {
    const wp = site((request) =>
      routeOf(request) === '/wp/v2/comments' ? { status: 200, body: [] } : undefined,
    );
    await new WordPressProvider({ endpoint: 'https://site.test/wp-json', fetch: wp.fetch }).listComments('4');
    const list = wp.sent.find((request) => routeOf(request) === '/wp/v2/comments')!;
    expect(list.url.searchParams.get('comment_thread_placeholders')).to.equal('1');
  });
});

describe('createLazyWordPressProvider (the chunk loaded on demand)', () => {
  it('loads the provider module on first use and answers as it does', async () => {
    const element = document.createElement('comment-thread');
    element.setAttribute('login-url', '/wp-login.php');
    element.setAttribute('login-label', 'Lazy Site');
    const lazy = createLazyWordPressProvider({ endpoint: '/wp-json', element });
    const eager = createWordPressProvider({ endpoint: '/wp-json', element });
    expect(await lazy.identityOptions!()).to.deep.equal(await eager.identityOptions());
    expect(await lazy.currentIdentity!()).to.equal(null);
  });

  it('offers Edit and Delete only to a logged-in reader (the page’s nonce), as the provider does', async () => {
    expect(createLazyWordPressProvider({ endpoint: '/wp-json' }).updateComment).to.equal(undefined);
    expect(createLazyWordPressProvider({ endpoint: '/wp-json' }).deleteComment).to.equal(undefined);
    const element = document.createElement('comment-thread');
    element.setAttribute('nonce', 'abc123');
    const lazy = createLazyWordPressProvider({ endpoint: '/wp-json', element });
    expect(lazy.updateComment).to.be.a('function');
    expect(lazy.deleteComment).to.be.a('function');
    expect(createWordPressProvider({ endpoint: '/wp-json', element }).updateComment).to.be.a('function');
    const error = await lazy.deleteComment!('not-a-comment').then(
      () => null,
      (thrown: { code?: string }) => thrown,
    );
    expect(error?.code).to.equal('not_found');
  });

  it('rejects with the provider’s own codes, and detaches identity listeners', async () => {
    const lazy = createLazyWordPressProvider({ endpoint: '/wp-json' });
    const error = await lazy.listComments('not-a-post').then(
      () => null,
      (thrown: { code?: string }) => thrown,
    );
    expect(error?.code).to.equal('not_found');
    const heard: unknown[] = [];
    const stop = lazy.onIdentityChange!((identity) => heard.push(identity));
    stop();
    await lazy.signOut!();
    expect(heard).to.deep.equal([]);
  });

  it('gives a page’s elements one provider per reader and live mode, never one built from another element', () => {
    const registry = new ProviderRegistry();
    registry.register('wordpress', createLazyWordPressProvider);
    const element = (attributes: Record<string, string>) => {
      const made = document.createElement('comment-thread');
      for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
      return made;
    };
    const endpoint = '/wp-json/';
    // A guest's element asks first (a timer of an element from a cached page, a <comment-count>).
    const guest = registry.get('wordpress', { endpoint, element: element({}) })!;
    expect(guest.updateComment).to.equal(undefined);
    const reader = registry.get('wordpress', { endpoint, element: element({ 'wp-nonce': 'aaaa111111' }) })!;
    expect(reader, 'a logged-in reader gets a provider of their own').to.not.equal(guest);
    expect(reader.updateComment).to.be.a('function');
    expect(reader.deleteComment).to.be.a('function');
    // Two elements of the same page (the same nonce) share one provider: one identity, one poll.
    expect(registry.get('wordpress', { endpoint, element: element({ 'wp-nonce': 'aaaa111111' }) })).to.equal(reader);
    // A newer login's nonce never reuses the provider holding the older one.
    expect(registry.get('wordpress', { endpoint, element: element({ 'wp-nonce': 'bbbb222222' }) })).to.not.equal(reader);
    const live = registry.get('wordpress', { endpoint, element: element({ 'wp-nonce': 'aaaa111111', 'wp-since': '1700000000000000' }) })!;
    expect(live).to.not.equal(reader);
    expect(live.subscribe).to.be.a('function');
    expect(reader.subscribe).to.equal(undefined);
    // Reactions: only where the plugin wrote that the site takes them, never borrowed.
    const reacting = registry.get('wordpress', { endpoint, element: element({ 'wp-nonce': 'aaaa111111', 'wp-reactions': 'like' }) })!;
    expect(reacting).to.not.equal(reader);
    expect(reacting.react).to.be.a('function');
    expect(reader.react).to.equal(undefined);
    // Moderation through WordPress's own API on every provider (refused to non-moderators); reports
    // and bans only where the plugin runs.
    expect(guest.listModerationQueue).to.be.a('function');
    expect(guest.banAuthor).to.equal(undefined);
    const plugin = registry.get('wordpress', { endpoint, element: element({ 'wp-plugin': '' }) })!;
    expect(plugin).to.not.equal(guest);
    expect(plugin.banAuthor).to.be.a('function');
    expect(plugin.report).to.be.a('function');
    expect(live.report, 'wp-since means the plugin runs').to.be.a('function');
  });

  it('answers subscribeModeration at once with a detach function, and a guest is no moderator', async () => {
    const lazy = createLazyWordPressProvider({ endpoint: '/wp-json', element: document.createElement('comment-thread') });
    const stop = lazy.subscribeModeration!(() => {});
    expect(stop).to.be.a('function');
    stop();
    expect(await lazy.isModerator!()).to.equal(false);
    const refused = await lazy.listModerationQueue!({}).then(
      () => null,
      (thrown: { code?: string }) => thrown,
    );
    expect(refused?.code).to.equal('forbidden');
  });

  it('offers reactions with `wp-reactions` and says which in threadInfo; a guest’s reaction is unauthorized', async () => {
    const element = document.createElement('comment-thread');
    element.setAttribute('wp-reactions', 'like');
    const provider = createWordPressProvider({ endpoint: '/wp-json', element });
    expect(provider.react).to.be.a('function');
    expect(createWordPressProvider({ endpoint: '/wp-json', element: document.createElement('comment-thread') }).react).to.equal(undefined);
    const error = await provider.react!('5', 'like').then(
      () => null,
      (thrown: { code?: string }) => thrown,
    );
    expect(error?.code).to.equal('unauthorized');
  });
});
