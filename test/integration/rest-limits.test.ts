// The reference server's abuse limits seen through <comment-thread> on RestProvider in a browser:
// a real 429 (the server's rate limit, counted in its store) becomes "try again in N seconds" in
// the form, and the field limits the server publishes in the thread info are the ones the form
// enforces. The service starts with its rate limits off; each test turns one on and back off.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { RestProvider } from '../../src/providers/rest-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { formOf, shadow, type, until } from '../helpers.js';
import { control, integrationEnv } from './env.js';

let api: string;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

before(async () => {
  api = (await integrationEnv()).REST_API;
});
afterEach(async () => {
  fixtureCleanup();
  await control('rest-server', 'settings', { limits: { posts: 0, body: 20_000 } });
});

async function threadOn(threadId: string): Promise<CommentThread> {
  const thread = await fixture<CommentThread>(html`<comment-thread .provider=${new RestProvider({ endpoint: api })} thread-id=${threadId}></comment-thread>`);
  await until(() => shadow(thread).querySelector('h2')?.textContent?.includes('No comments'), 'the empty thread', 10_000);
  const form = formOf(thread);
  await until(() => form.shadowRoot?.querySelector('login-picker')?.shadowRoot && form.shadowRoot.querySelector('textarea'), 'the form', 10_000);
  return thread;
}

/** Fills the form as a guest and sends it. */
function send(thread: CommentThread, body: string): void {
  const root = shadow(formOf(thread));
  type(root.querySelector('input[name="name"]')!, 'Rita Rate');
  type(root.querySelector('input[name="email"]')!, 'rita@example.com');
  type(root.querySelector('textarea')!, body);
  root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
}

describe('abuse limits through <comment-thread> on the reference server', () => {
  it('a real 429 from the rate limit: the form says when to try again and keeps the text', async () => {
    await control('rest-server', 'settings', { limits: { posts: 1 } });
    const thread = await threadOn(unique('rate'));
    const form = formOf(thread);
    const posted = new Promise<CommentRecord>((resolve) =>
      form.addEventListener('comment-posted', (event) => resolve((event as CustomEvent).detail.comment), { once: true }),
    );
    send(thread, 'The first one');
    expect((await posted).status).to.equal('approved');
    await until(() => shadow(form).querySelector('textarea')?.value === '', 'the form cleared');
    send(thread, 'One too many');
    let said = '';
    await until(() => {
      said = shadow(form).textContent ?? '';
      return /try again in \d+ seconds/.test(said);
    }, 'the retry message', 10_000);
    const seconds = Number(/try again in (\d+) seconds/.exec(said)![1]);
    expect(seconds).to.be.within(1, 60);
    expect(shadow(form).querySelector('textarea')!.value).to.equal('One too many');
    expect(await control('rest-server', 'count', { body: 'One too many' })).to.equal(0);
  });

  it("the thread info carries the server's field limits and the form enforces them before sending", async () => {
    const limits = await control<{ limits: { body: number } }>('rest-server', 'settings', { limits: { body: 30 } });
    expect(limits.limits.body).to.equal(30);
    const threadId = unique('sizes');
    const info = await new RestProvider({ endpoint: api }).threadInfo(threadId);
    expect(info.fieldLimits).to.include({ body: 30, unit: 'utf16' });
    const thread = await threadOn(threadId);
    const form = formOf(thread);
    // The thread's info arrives apart from its first page: the form has the limits once it came.
    await until(() => (form as unknown as { fieldLimits: { body?: number } | null }).fieldLimits?.body === 30, "the thread's info in the form");
    const tooLong = 'é'.repeat(31);
    send(thread, tooLong);
    await until(() => shadow(form).textContent?.includes('This is too long: at most 30 characters.'), 'the limit message').catch((error) => {
      const limits = JSON.stringify((form as unknown as { fieldLimits: unknown }).fieldLimits);
      throw new Error(`${error.message}: the form's limits are ${limits}, it says "${shadow(form).textContent?.replace(/\s+/g, ' ').slice(0, 300)}"`);
    });
    expect(await control('rest-server', 'count', { body: tooLong })).to.equal(0);
    const posted = new Promise<CommentRecord>((resolve) =>
      form.addEventListener('comment-posted', (event) => resolve((event as CustomEvent).detail.comment), { once: true }),
    );
    type(shadow(form).querySelector('textarea')!, 'é'.repeat(30));
    shadow(form).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    expect((await posted).body).to.equal('é'.repeat(30));
  });
});
