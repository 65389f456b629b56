// A first-time reader on the reference server: no session cookie when the thread opens, so the
// live stream opens before the reader has a session. The stream must give them one (the
// cookie comes with the stream's answer), or the echoes of their own first reaction and
// first comment arrive as someone else's and undo what they see: the Like unpressed, Edit and
// Delete gone from the comment they just posted (as soon as anyone reacts to it).
//
// This needs a browser with no ct_session cookie yet. The cookie is HttpOnly, so a test cannot
// clear it, and it is shared by every test of a file (the runner gives each file a fresh
// browser context): hence a file of its own, with this one test, first.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { formOf, shadow, shownComments, type, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

let api: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

before(async () => {
  api = (await integrationEnv()).REST_API;
});

beforeEach(() => localStorage.clear());
afterEach(() => fixtureCleanup());

/** Someone else's comment, stored on the server and announced on the thread's live stream. */
async function seedOther(threadId: string, body: string): Promise<string> {
  const id = unique('other');
  await control('rest-server', 'seed', {
    comments: [{ id, threadId, parentId: null, author: { name: 'Another reader' }, body, createdAt: new Date().toISOString() }],
  });
  return id;
}

/**
 * Waits until the live stream has delivered everything sent before now: a comment seeded now
 * arrives after every earlier change of the thread (one stream, in order).
 */
async function streamCaughtUp(thread: CommentThread, threadId: string): Promise<void> {
  const marker = await seedOther(threadId, unique('marker'));
  await until(() => shownComments(thread).some((comment) => comment.id === marker), 'a marker comment, live', 10_000);
}

const article = (thread: CommentThread, id: string) => shadow(thread).getElementById(`comment-${id}`);
const part = (thread: CommentThread, id: string, name: string) =>
  article(thread, id)?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;

describe('a first-time reader on the reference server', () => {
  it('keeps their first Like pressed and Edit / Delete on their first comment when the live echoes arrive', async () => {
    const threadId = unique('first-visit');
    const theirs = await seedOther(threadId, 'Like me');
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${new RestProvider({ endpoint: api })}
      thread-id=${threadId}
      thread-title="First visit"
    ></comment-thread>`);
    await until(() => article(thread, theirs), 'the thread', 10_000);
    await streamCaughtUp(thread, threadId);

    // The first reaction: the session is created by it (or, fixed, by the stream before it).
    const like = await until(() => part(thread, theirs, 'reaction'), 'the Like button');
    expect(like.getAttribute('aria-pressed')).to.equal('false');
    like.click();
    await until(() => like.getAttribute('aria-pressed') === 'true', 'pressed at once');
    for (let tries = 0; ; tries++) {
      const page = await new RestProvider({ endpoint: api }).listComments(threadId);
      if (page.comments.find((comment) => comment.id === theirs)?.reactions?.like?.count === 1) break;
      if (tries > 100) throw new Error('The Like was never stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await streamCaughtUp(thread, threadId);
    const likeNow = part(thread, theirs, 'reaction')!;
    expect(likeNow.getAttribute('aria-pressed'), 'the Like after its live echo').to.equal('true');
    expect(likeNow.getAttribute('aria-label')).to.equal('Like: 1 reaction');

    // The first comment: Edit and Delete stay after its live echo.
    const form = formOf(thread);
    await until(() => form.shadowRoot?.querySelector('login-picker')?.shadowRoot && form.shadowRoot.querySelector('textarea'), 'the form', 10_000);
    const root = shadow(form);
    const posted = new Promise<CommentRecord>((resolve) =>
      form.addEventListener('comment-posted', (event) => resolve((event as CustomEvent).detail.comment), { once: true }),
    );
    type(root.querySelector('input[name="name"]')!, 'First-time reader');
    type(root.querySelector('input[name="email"]')!, 'first@example.com');
    type(root.querySelector('textarea')!, 'My first comment here');
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const mine = await posted;
    await until(() => part(thread, mine.id, 'edit-button') && part(thread, mine.id, 'delete-button'), 'Edit and Delete on the new comment');
    await streamCaughtUp(thread, threadId);
    expect(part(thread, mine.id, 'edit-button'), 'Edit after the live echo').to.exist;
    expect(part(thread, mine.id, 'delete-button'), 'Delete after the live echo').to.exist;
    // Someone else likes it: the live update of the reader's comment is still the reader's.
    const liked = await control<{ status: number }>('rest-server', 'anonymous', {
      path: `/comments/${encodeURIComponent(mine.id)}/reactions`,
      method: 'POST',
      body: { reaction: 'like' },
    });
    expect(liked.status).to.equal(200);
    await until(() => part(thread, mine.id, 'reaction')?.getAttribute('aria-label') === 'Like: 1 reaction', 'the other reader’s Like, live');
    expect(part(thread, mine.id, 'reaction')!.getAttribute('aria-pressed'), 'not the reader’s own Like').to.equal('false');
    expect(part(thread, mine.id, 'edit-button'), 'Edit after someone else’s Like').to.exist;
    expect(part(thread, mine.id, 'delete-button'), 'Delete after someone else’s Like').to.exist;
    expect(part(thread, theirs, 'reaction')!.getAttribute('aria-pressed'), 'the Like still pressed').to.equal('true');
    // The server agrees: the reader's session wrote the comment and liked the other one.
    const page = await new RestProvider({ endpoint: api }).listComments(threadId);
    expect(page.comments.find((comment) => comment.id === mine.id)?.viewerIsAuthor).to.equal(true);
    expect(page.comments.find((comment) => comment.id === theirs)?.reactions?.like).to.deep.equal({ count: 1, mine: true });
  });
});
