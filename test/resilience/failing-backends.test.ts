// Failing backends: rejects, never answers, answers malformed data, out of order, or slowly —
// for loading, paging, posting and sign-in. Nothing hangs, nothing is lost, nothing is stored twice.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import '../../src/comment-form/define.js';
import '../../src/login-picker/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import type { CommentForm } from '../../src/comment-form/comment-form.js';
import type { LoginPicker } from '../../src/login-picker/login-picker.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import type { CommentDataProvider, CommentDraft, CommentRecord, IdentityOption, ListOptions } from '../../src/types.js';
import { record, shadow, type, until } from '../helpers.js';
import { shownIds, failOnEscapes } from './support.js';

const seed = (count: number) => Array.from({ length: count }, (_, i) => record(`c${i + 1}`, null));
const errorBox = (element: Element) => shadow(element).querySelector<HTMLElement>('[part~="error"]');
const retryIn = (element: Element) =>
  [...shadow(element).querySelectorAll<HTMLButtonElement>('[part~="error"] button, [part~="retry"]')].find((b) => /Retry/.test(b.textContent ?? ''));

async function thread(provider: CommentDataProvider, extra: { timeout?: number; pageSize?: number; threadId?: string } = {}) {
  return fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id=${extra.threadId ?? 't'}
    page-size=${extra.pageSize ?? 50}
    timeout=${extra.timeout ?? 15000}
  ></comment-thread>`);
}

/** A provider whose listComments answers with whatever `answer` returns, raw. */
function answering(answer: (options: ListOptions, call: number) => unknown): CommentDataProvider & { calls: number } {
  const provider = {
    calls: 0,
    async listComments(_threadId: string, options: ListOptions = {}) {
      return answer(options, provider.calls++) as never;
    },
    async postComment(): Promise<CommentRecord> {
      throw { code: 'unknown' };
    },
  };
  return provider;
}

/**
 * Test files run two at a time in pages of the same origin, which share
 * localStorage: another file's `localStorage.clear()` can wipe a draft in the
 * middle of a check here. Runs `scenario` again (up to three times) only when
 * another page cleared the storage while it ran and it failed.
 */
async function despiteOtherPages(scenario: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let foreignClear = false;
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key.startsWith('comment-thread:')) foreignClear = true;
    };
    window.addEventListener('storage', onStorage);
    try {
      await scenario();
      return;
    } catch (error) {
      if (!foreignClear || attempt >= 3) throw error;
      localStorage.clear();
    } finally {
      window.removeEventListener('storage', onStorage);
    }
  }
}

describe('failing backends', function () {
  this.timeout(20000);
  failOnEscapes();

  describe('loading', () => {
    it('a rejection becomes "Couldn’t load comments" with a Retry that works, and thread-error', async () => {
      const provider = new InMemoryProvider({ comments: seed(2) });
      provider.failNext('listComments', 1, 'network');
      const errors: string[] = [];
      const element = await fixture<CommentThread>(html`<comment-thread
        .provider=${provider}
        thread-id="t"
        @thread-error=${(event: CustomEvent) => errors.push(event.detail.error.code)}
      ></comment-thread>`);
      await until(() => errorBox(element), 'error');
      expect(errorBox(element)!.textContent).to.contain('Couldn’t load comments');
      expect(errorBox(element)!.textContent).to.contain('could not be reached');
      expect(errors).to.deep.equal(['network']);
      retryIn(element)!.click();
      await until(() => shownIds(element).length === 2, 'comments after Retry');
      expect(errorBox(element)).to.equal(null);
    });

    it('plain-object and non-object rejections: localised text, never the provider’s message', async () => {
      for (const [thrown, expected] of [
        [{ code: 'rate_limited', retryAfter: 30, message: 'internal detail' }, '30 seconds'],
        ['a bare string', 'Something went wrong.'],
        [{ code: 'made-up', message: '<b>raw</b>' }, 'Something went wrong.'],
        [undefined, 'Something went wrong.'],
      ] as const) {
        const element = await thread(answering(() => Promise.reject(thrown)));
        await until(() => errorBox(element), `error for ${String(thrown)}`);
        expect(errorBox(element)!.textContent, String(thrown)).to.contain(expected);
        expect(errorBox(element)!.textContent).not.to.contain('internal detail');
        expect(errorBox(element)!.querySelector('b')).to.equal(null);
        expect(retryIn(element), 'Retry').to.exist;
      }
    });

    it('a backend that never answers becomes a timeout error with Retry', async () => {
      const provider = new InMemoryProvider({ comments: seed(1) });
      provider.hangNext('listComments', 1);
      const element = await thread(provider, { timeout: 150 });
      await until(() => errorBox(element), 'timeout error', 3000);
      expect(errorBox(element)!.textContent).to.contain('took too long');
      retryIn(element)!.click();
      await until(() => shownIds(element).length === 1, 'the comment after Retry');
    });

    it('a malformed answer becomes an error with Retry, not an empty thread', async () => {
      for (const answer of [null, undefined, 'comments', 42, [], { comments: 'nope' }, { items: [] }]) {
        const element = await thread(answering(() => answer));
        await until(() => errorBox(element), `error for ${JSON.stringify(answer)}`);
        expect(shadow(element).querySelector('h2')?.textContent, JSON.stringify(answer)).not.to.contain('No comments yet');
        expect(retryIn(element)).to.exist;
      }
    });

    it('answers out of order: an older, slower load never overwrites a newer one', async () => {
      const provider = answering((_options, call) => {
        const delay = call === 0 ? 400 : 20;
        const id = call === 0 ? 'old' : 'new';
        return new Promise((resolve) => setTimeout(() => resolve({ comments: [record(id, null)] }), delay));
      });
      const element = await thread(provider);
      element.order = 'newest'; // a second load starts while the first is on its way
      await until(() => shownIds(element).length, 'the newer load');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(shownIds(element)).to.deep.equal(['new']);
    });

    it('a slow backend shows loading (aria-busy, announced) until it answers', async () => {
      const element = await thread(new InMemoryProvider({ comments: seed(1), latency: 400 }));
      const section = shadow(element).querySelector('section')!;
      expect(section.getAttribute('aria-busy')).to.equal('true');
      expect(shadow(element).querySelector('[part~="loading"]')?.textContent).to.contain('Loading comments');
      await until(() => shownIds(element).length === 1, 'the comment', 3000);
      expect(section.getAttribute('aria-busy')).to.equal('false');
    });
  });

  describe('paging', () => {
    const more = (element: Element) => shadow(element).querySelector<HTMLButtonElement>('[part~="load-more"]');

    it('a failed page keeps the comments shown and offers Retry', async () => {
      const provider = new InMemoryProvider({ comments: seed(4) });
      const element = await thread(provider, { pageSize: 2 });
      await until(() => shownIds(element).length === 2, 'first page');
      provider.failNext('listComments', 1, 'network');
      more(element)!.click();
      await until(() => errorBox(element), 'paging error');
      expect(shownIds(element)).to.deep.equal(['c1', 'c2']);
      retryIn(element)!.click();
      await until(() => shownIds(element).length === 4, 'second page after Retry');
    });

    it('a page that never comes times out, the comments stay', async () => {
      const provider = new InMemoryProvider({ comments: seed(4) });
      const element = await thread(provider, { pageSize: 2, timeout: 150 });
      await until(() => shownIds(element).length === 2, 'first page');
      provider.hangNext('listComments', 1);
      more(element)!.click();
      await until(() => errorBox(element), 'timeout', 3000);
      expect(errorBox(element)!.textContent).to.contain('took too long');
      expect(shownIds(element)).to.deep.equal(['c1', 'c2']);
    });

    it('a malformed page keeps the comments shown and offers Retry', async () => {
      const provider = answering((options) =>
        options.cursor ? { comments: null } : { comments: [record('c1', null)], nextCursor: '1' },
      );
      const element = await thread(provider);
      await until(() => shownIds(element).length === 1, 'first page');
      more(element)!.click();
      await until(() => errorBox(element), 'error');
      expect(shownIds(element)).to.deep.equal(['c1']);
      expect(retryIn(element)).to.exist;
    });

    it('a slow page: one request however often "Load more" is pressed', async () => {
      const provider = new InMemoryProvider({ comments: seed(4) });
      const element = await thread(provider, { pageSize: 2 });
      await until(() => shownIds(element).length === 2, 'first page');
      provider.latency = 200;
      const before = provider.calls.filter((call) => call.method === 'listComments').length;
      for (let i = 0; i < 5; i++) {
        more(element)?.click();
        await element.updateComplete;
      }
      await until(() => shownIds(element).length === 4, 'second page', 3000);
      expect(provider.calls.filter((call) => call.method === 'listComments').length - before).to.equal(1);
    });
  });

  describe('posting', () => {
    async function form(provider: CommentDataProvider, timeout = 15000) {
      const element = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t" timeout=${timeout}></comment-form>`);
      await until(() => shadow(element).querySelector('input[name="name"]'), 'guest fields');
      const root = shadow(element);
      type(root.querySelector('input[name="name"]')!, 'Ada');
      type(root.querySelector('input[name="email"]')!, 'ada@example.com');
      type(root.querySelector('textarea')!, 'My precious words');
      return element;
    }
    const submit = (element: Element) => shadow(element).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const draftInStorage = () => Object.entries(localStorage).some(([key, value]) => key.includes('draft') && value.includes('My precious words'));

    /** Wraps a provider's postComment to record every draft it was sent. */
    function recording(provider: InMemoryProvider, behave?: (draft: CommentDraft, call: number, store: () => Promise<CommentRecord>) => Promise<CommentRecord>) {
      const drafts: CommentDraft[] = [];
      const original = provider.postComment.bind(provider);
      provider.postComment = (draft, options) => {
        drafts.push(structuredClone(draft));
        const store = () => original(draft, options);
        return behave ? behave(draft, drafts.length - 1, store) : store();
      };
      return drafts;
    }

    it('a rejection keeps the draft (box and storage), says so, and Retry posts once with the same key', async () => {
      await despiteOtherPages(async () => {
        const provider = new InMemoryProvider();
        const drafts = recording(provider);
        provider.failNext('postComment', 1, 'network');
        const element = await form(provider);
        const failed: string[] = [];
        element.addEventListener('comment-post-failed', (event) => failed.push(event.detail.error.code));
        submit(element);
        await until(() => errorBox(element), 'failure');
        expect(errorBox(element)!.textContent).to.contain('Your text is kept');
        expect(shadow(element).querySelector('textarea')!.value).to.equal('My precious words');
        expect(draftInStorage()).to.equal(true);
        expect(failed).to.deep.equal(['network']);
        retryIn(element)!.click();
        await until(() => provider.records.length === 1, 'stored');
        await until(() => !draftInStorage(), 'draft cleared once confirmed');
        expect(drafts).to.have.length(2);
        expect(drafts[1].idempotencyKey).to.equal(drafts[0].idempotencyKey);
      });
    });

    it('a backend that stores the comment but never answers: timeout, draft kept, Retry stores nothing twice', async () => {
      await despiteOtherPages(async () => {
        const provider = new InMemoryProvider();
        const drafts = recording(provider, async (_draft, call, store) => {
          const stored = await store();
          if (call === 0) await new Promise(() => {}); // the answer is lost
          return stored;
        });
        const element = await form(provider, 200);
        submit(element);
        await until(() => errorBox(element), 'timeout', 3000);
        expect(errorBox(element)!.textContent).to.contain('took too long');
        expect(shadow(element).querySelector('textarea')!.value).to.equal('My precious words');
        expect(draftInStorage()).to.equal(true);
        retryIn(element)!.click();
        await until(() => !draftInStorage(), 'confirmed', 3000);
        expect(provider.records).to.have.length(1);
        expect(new Set(drafts.map((draft) => draft.idempotencyKey)).size).to.equal(1);
      });
    });

    it('a malformed answer to a post keeps the draft and says the post failed', async () => {
      await despiteOtherPages(async () => {
        for (const answer of [null, 'ok', { nothing: true }, { id: '' }]) {
          localStorage.clear();
          const provider = new InMemoryProvider();
          recording(provider, async () => answer as never);
          const element = await form(provider);
          submit(element);
          await until(() => errorBox(element), `failure for ${JSON.stringify(answer)}`);
          expect(shadow(element).querySelector('textarea')!.value).to.equal('My precious words');
          expect(draftInStorage(), JSON.stringify(answer)).to.equal(true);
        }
      });
    });

    it('a slow post: fields read-only and the button aria-disabled (focus stays), progress shown, one post however often submitted', async () => {
      const provider = new InMemoryProvider({ latency: 300 });
      const drafts = recording(provider);
      const element = await form(provider);
      submit(element);
      await element.updateComplete;
      const root = shadow(element);
      const button = root.querySelector<HTMLButtonElement>('[part~="submit"]')!;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(root.querySelector('textarea')!.readOnly).to.equal(true);
      expect(root.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
      submit(element);
      button.click();
      root.querySelector('textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
      await until(() => provider.records.length === 1, 'stored', 3000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(drafts).to.have.length(1);
    });

    it('validation from the backend keeps the draft and maps the message to the field', async () => {
      const provider = new InMemoryProvider();
      provider.failNext('postComment', 1, 'validation', { fieldErrors: { body: 'Too spammy.' } });
      const element = await form(provider);
      submit(element);
      await until(() => shadow(element).querySelector('[part~="field-error"]'), 'field error');
      const textarea = shadow(element).querySelector('textarea')!;
      expect(textarea.value).to.equal('My precious words');
      expect(textarea.getAttribute('aria-invalid')).to.equal('true');
      expect(shadow(element).getElementById('body-error')?.textContent).to.contain('Too spammy.');
    });
  });

  describe('sign-in', () => {
    const OPTIONS: IdentityOption[] = [
      { id: 'guest', label: 'Guest', kind: 'guest' },
      { id: 'twitter', label: 'Twitter', kind: 'oauth' },
    ];
    async function picker(provider: CommentDataProvider, timeout = 15000) {
      const element = await fixture<LoginPicker>(html`<login-picker .provider=${provider} timeout=${timeout}></login-picker>`);
      await until(() => element.phase === 'ready', 'options');
      await element.updateComplete;
      return element;
    }
    const twitter = (element: Element) => shadow(element).querySelector<HTMLButtonElement>('[part~="option"]')!;

    it('a rejection says why and offers the choices again', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS });
      provider.failNext('signIn', 1, 'forbidden');
      const element = await picker(provider);
      twitter(element).click();
      await until(() => shadow(element).querySelector('[part~="error"]'), 'failure');
      expect(shadow(element).querySelector('[part~="error"]')!.textContent).to.contain('Couldn’t log in with Twitter');
      expect(twitter(element)).to.exist;
      expect(element.identity).to.equal(null);
    });

    it('a sign-in that never answers times out and offers the choices again', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS });
      provider.hangNext('signIn', 1);
      const element = await picker(provider, 150);
      twitter(element).click();
      await until(() => shadow(element).querySelector('[part~="error"]'), 'timeout', 3000);
      expect(shadow(element).querySelector('[part~="error"]')!.textContent).to.contain('took too long');
      expect(twitter(element)).to.exist;
    });

    it('a malformed identity is not a sign-in', async () => {
      for (const answer of [null, {}, { name: 42 }, 'me']) {
        const provider = new InMemoryProvider({ identityOptions: OPTIONS });
        provider.signIn = async () => answer as never;
        const element = await picker(provider);
        twitter(element).click();
        await until(() => shadow(element).querySelector('[part~="error"]'), `failure for ${JSON.stringify(answer)}`);
        expect(element.identity).to.equal(null);
      }
    });

    it('malformed or failing identity options leave the guest details usable', async () => {
      const answers = [() => Promise.reject({ code: 'network' }), async () => null, async () => [{ id: 1 }, 'x', null], async () => ({ options: [] })];
      for (const answer of answers) {
        const provider = new InMemoryProvider();
        provider.identityOptions = answer as never;
        const form = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t"></comment-form>`);
        await until(() => shadow(form).querySelector('input[name="name"]'), 'guest fields');
        const inner = shadow(form).querySelector<LoginPicker>('login-picker')!;
        await until(() => inner.phase === 'ready', 'picker ready');
        expect(shadow(inner).querySelector('[part~="option"]')).to.equal(null);
      }
    });

    it('a late answer to a cancelled sign-in does not sign the reader in', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS });
      let finish!: () => void;
      provider.signIn = () => new Promise((resolve) => (finish = () => resolve({ optionId: 'twitter', name: 'Late' })));
      const element = await picker(provider);
      twitter(element).click();
      await until(() => shadow(element).querySelector('[part~="cancel"]'), 'Connecting to');
      shadow(element).querySelector<HTMLButtonElement>('[part~="cancel"]')!.click();
      await until(() => twitter(element), 'choices again');
      finish();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(element.identity).to.equal(null);
    });

    it('a slow sign-in shows "Connecting to Twitter", then the account', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS });
      const element = await picker(provider);
      provider.latency = 300;
      twitter(element).click();
      await until(() => shadow(element).querySelector('[part~="status"]'), 'connecting');
      expect(shadow(element).querySelector('[part~="status"]')!.textContent).to.contain('Connecting to Twitter');
      await until(() => element.identity, 'signed in', 3000);
    });
  });
});
