// Assistive technology: axe in every state of every element, accessible names and roles from
// Chromium's own accessibility tree, announcements through live regions, and focus that never
// falls back to <body> when what had it goes away (checked with real key presses).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
// Registers window.axe (the same axe-core that `to.be.accessible()` runs).
import 'axe-core/axe.min.js';
import '../../src/comment-thread/define.js';
import '../../src/comment-form/define.js';
import '../../src/login-picker/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import type { CommentForm } from '../../src/comment-form/comment-form.js';
import type { LoginPicker } from '../../src/login-picker/login-picker.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import type { IdentityOption } from '../../src/types.js';
import { loadFixture, record, shadow, type, until, watchFocus } from '../helpers.js';

const OPTIONS: IdentityOption[] = [
  { id: 'guest', label: 'Guest', kind: 'guest' },
  { id: 'twitter', label: 'Twitter', kind: 'oauth' },
  { id: 'google', label: 'Google+', kind: 'oauth' },
];

interface AxNode {
  role: string;
  name: string;
  element: Element;
}

interface AxeCommons {
  setup(root: Node): unknown;
  teardown(): void;
  utils: { getNodeFromTree(node: Node): unknown };
  commons: { aria: { getRole(node: unknown): string | null }; text: { accessibleTextVirtual(node: unknown): string } };
}

/**
 * Every element on the page with its role and accessible name, as axe-core
 * computes them (the accessible-name spec, through shadow roots). Elements
 * hidden from assistive technology are left out.
 */
function axTree(): AxNode[] {
  const axe = (window as unknown as { axe: AxeCommons }).axe;
  axe.setup(document);
  try {
    const nodes: AxNode[] = [];
    const stack: (Element | ShadowRoot)[] = [document.body];
    while (stack.length) {
      const node = stack.pop()!;
      if (node instanceof Element) {
        if (node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('hidden')) continue;
        const virtual = axe.utils.getNodeFromTree(node);
        if (virtual) {
          const role = axe.commons.aria.getRole(virtual) ?? '';
          if (role) nodes.push({ role, name: axe.commons.text.accessibleTextVirtual(virtual).trim(), element: node });
        }
        if (node.shadowRoot) stack.push(node.shadowRoot);
      }
      for (let child = node.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
    }
    return nodes;
  } finally {
    axe.teardown();
  }
}

function axFind(tree: AxNode[], role: string, name?: string | RegExp): AxNode | null {
  return (
    tree.find((node) => node.role === role && (name === undefined || (typeof name === 'string' ? node.name === name : name.test(node.name)))) ?? null
  );
}

function axAll(tree: AxNode[], role: string): AxNode[] {
  return tree.filter((node) => node.role === role);
}

/** The element that really has focus, looking inside shadow roots. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}


const part = (root: Element, name: string) => shadow(root).querySelector<HTMLElement>(`[part~="${name}"]`);
const byLabel = (root: Element, label: string) => shadow(root).querySelector<HTMLElement>(`[aria-label="${label}"]`);

async function seedThread(options: { pageSize?: number; provider?: InMemoryProvider; maxDepth?: number } = {}) {
  const seed = await loadFixture('myth-of-networking');
  const provider = options.provider ?? new InMemoryProvider({ comments: seed.comments, identityOptions: seed.identityOptions });
  const thread = await fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id=${seed.thread.id}
    thread-title=${seed.thread.title}
    max-depth=${options.maxDepth ?? 3}
    page-size=${options.pageSize ?? 50}
  ></comment-thread>`);
  await until(() => shadow(thread).querySelector('article'), 'comments');
  return { thread, provider, seed };
}

describe('accessibility', function () {
  this.timeout(20000);
  afterEach(() => {
    localStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });

  describe('axe in every state', () => {
    it('<comment-thread>: loading, error, empty, ready, replying, paging, paging error, closed, folded, long, pending', async () => {
      const slow = new InMemoryProvider({ comments: [record('c1', null)], latency: 2000 });
      const loading = await fixture<CommentThread>(html`<comment-thread .provider=${slow} thread-id="t"></comment-thread>`);
      await until(() => part(loading, 'loading'), 'loading');
      await expect(loading, 'loading').to.be.accessible();

      const failing = new InMemoryProvider();
      failing.failNext('listComments', 1, 'network');
      const error = await fixture<CommentThread>(html`<comment-thread .provider=${failing} thread-id="t"></comment-thread>`);
      await until(() => part(error, 'error'), 'error');
      await expect(error, 'error').to.be.accessible();

      const empty = await fixture<CommentThread>(html`<comment-thread .provider=${new InMemoryProvider()} thread-id="t" thread-title="Empty"></comment-thread>`);
      await until(() => shadow(empty).querySelector('h2')?.textContent?.includes('No comments'), 'empty');
      await expect(empty, 'empty').to.be.accessible();

      const { thread, provider } = await seedThread({ pageSize: 3 });
      await expect(thread, 'ready, with Load more').to.be.accessible();
      byLabel(thread, 'Reply to Bret')!.click();
      await until(() => shadow(thread).querySelector('[part~="reply-form"] comment-form'), 'replying');
      await expect(thread, 'replying').to.be.accessible();
      provider.failNext('listComments', 1, 'timeout');
      part(thread, 'load-more')!.click();
      await until(() => part(thread, 'error'), 'paging error');
      await expect(thread, 'paging error').to.be.accessible();

      const closed = new InMemoryProvider({ comments: [record('c1', null)], threads: { t: { closed: true } } });
      const closedThread = await fixture<CommentThread>(html`<comment-thread .provider=${closed} thread-id="t"></comment-thread>`);
      await until(() => part(closedThread, 'closed'), 'closed');
      await expect(closedThread, 'closed').to.be.accessible();

      const many = new InMemoryProvider({
        comments: [
          record('p1', null, { body: `${'Long words here. '.repeat(400)}end` }),
          ...Array.from({ length: 12 }, (_, i) => record(`r${i + 2}`, 'p1')),
        ],
        moderation: 'hold',
      });
      const folded = await fixture<CommentThread>(html`<comment-thread .provider=${many} thread-id="t"></comment-thread>`);
      await until(() => part(folded, 'show-more') && part(folded, 'show-full'), 'folded replies and a long body');
      await expect(folded, 'folded, shortened').to.be.accessible();

      // The reader's own held comment, with the moderation notice.
      const form = shadow(folded).querySelector<CommentForm>('comment-form')!;
      await until(() => shadow(form).querySelector('input[name="name"]'), 'form');
      type(shadow(form).querySelector('input[name="name"]')!, 'Ada');
      type(shadow(form).querySelector('input[name="email"]')!, 'ada@example.com');
      type(shadow(form).querySelector('textarea')!, 'Held for moderation');
      part(form, 'submit')!.click();
      await until(() => part(folded, 'moderation'), 'pending comment');
      await expect(folded, 'pending').to.be.accessible();
    });

    it('<comment-form>: guest, invalid, preview, posting, failed, replying, signed in', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS, latency: 0 });
      const form = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t"></comment-form>`);
      await until(() => shadow(form).querySelector('input[name="name"]'), 'guest fields');
      await expect(form, 'guest').to.be.accessible();

      part(form, 'submit')!.click();
      await until(() => part(form, 'field-error'), 'invalid');
      await expect(form, 'invalid').to.be.accessible();

      const [, preview] = shadow(form).querySelectorAll<HTMLButtonElement>('[part~="tabs"] button');
      preview.click();
      await form.updateComplete;
      await expect(form, 'empty preview').to.be.accessible();
      shadow(form).querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')[0].click();
      await form.updateComplete;
      type(shadow(form).querySelector('input[name="name"]')!, 'Ada');
      type(shadow(form).querySelector('input[name="email"]')!, 'ada@example.com');
      type(shadow(form).querySelector('textarea')!, '# Title\n\n**bold** [link](https://example.com) `code`\n\n> quote\n\n- a\n- b');
      preview.click();
      await form.updateComplete;
      await expect(form, 'preview').to.be.accessible();

      provider.latency = 1500;
      part(form, 'submit')!.click();
      await until(() => shadow(form).querySelector('form')?.getAttribute('aria-busy') === 'true', 'posting');
      await expect(form, 'posting').to.be.accessible();
      await until(() => shadow(form).querySelector('form')?.getAttribute('aria-busy') === 'false', 'posted', 4000);
      provider.latency = 0;

      provider.failNext('postComment', 1, 'network');
      type(shadow(form).querySelector('textarea')!, 'Second');
      part(form, 'submit')!.click();
      await until(() => part(form, 'error'), 'failed');
      await expect(form, 'failed').to.be.accessible();

      form.parentId = 'c1';
      form.replyToName = 'Bret';
      await form.updateComplete;
      await expect(form, 'replying').to.be.accessible();

      const picker = shadow(form).querySelector<LoginPicker>('login-picker')!;
      await until(() => shadow(picker).querySelector('[part~="option"]'), 'options');
      shadow(picker).querySelector<HTMLButtonElement>('[part~="option"]')!.click();
      await until(() => picker.identity, 'signed in');
      await form.updateComplete;
      await expect(form, 'signed in').to.be.accessible();
    });

    it('<login-picker>: options, connecting, failed, signed in, guest only', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS });
      const picker = await fixture<LoginPicker>(html`<login-picker .provider=${provider}></login-picker>`);
      await until(() => picker.phase === 'ready', 'ready');
      await picker.updateComplete;
      await expect(picker, 'options').to.be.accessible();

      provider.latency = 1000;
      shadow(picker).querySelector<HTMLButtonElement>('[part~="option"]')!.click();
      await until(() => part(picker, 'status'), 'connecting');
      await expect(picker, 'connecting').to.be.accessible();
      await until(() => picker.identity, 'signed in', 3000);
      await picker.updateComplete;
      await expect(picker, 'signed in').to.be.accessible();

      provider.latency = 0;
      part(picker, 'log-out')!.click();
      await until(() => !picker.identity && shadow(picker).querySelector('[part~="option"]'), 'signed out');
      provider.failNext('signIn', 1, 'forbidden');
      shadow(picker).querySelector<HTMLButtonElement>('[part~="option"]')!.click();
      await until(() => part(picker, 'error'), 'failed');
      await expect(picker, 'failed').to.be.accessible();

      const guestOnly = await fixture<LoginPicker>(html`<login-picker .provider=${new InMemoryProvider()}></login-picker>`);
      await until(() => guestOnly.phase === 'ready', 'guest only');
      await expect(guestOnly, 'guest only').to.be.accessible();
    });

    it('dark and right-to-left', async () => {
      const { thread } = await seedThread();
      thread.theme = 'dark';
      await thread.updateComplete;
      await expect(thread, 'dark').to.be.accessible();
      thread.setAttribute('dir', 'rtl');
      thread.lang = 'ar';
      await thread.updateComplete;
      await expect(thread, 'rtl').to.be.accessible();
    });
  });

  describe('names and roles (Chromium’s accessibility tree)', () => {
    it('the thread, its comments, buttons and the order switch', async () => {
      const { thread, seed } = await seedThread({ pageSize: 4 });
      const tree = axTree();
      expect(axFind(tree, 'heading', seed.expected.header!), 'heading').to.exist;
      expect(axFind(tree, 'region', seed.expected.header!), 'the section, named by its heading').to.exist;
      expect(axFind(tree, 'list', 'Comments'), 'the list of comments').to.exist;
      const articles = axAll(tree, 'article').map((node) => node.name);
      expect(articles.slice(0, 2)).to.deep.equal(['Bret', 'Julian']);
      expect(axFind(tree, 'button', 'Reply to Bret')).to.exist;
      expect(axFind(tree, 'link', /link to the comment by Bret/)).to.exist;
      expect(axFind(tree, 'combobox', /^Sort comments/), 'order switch labelled').to.exist;
      expect(axFind(tree, 'button', 'Load more comments')).to.exist;
      expect(axFind(tree, 'status'), 'a live region').to.exist;
      expect(axFind(tree, 'button', /^Reply$/), 'no Reply button without whom it answers').to.equal(null);
      for (const node of axAll(tree, 'button')) expect(node.name, node.element.outerHTML.slice(0, 80)).not.to.equal('');
      expect(thread).to.exist;
    });

    it('the form’s fields, tabs and buttons, and the picker’s options', async () => {
      const form = await fixture<CommentForm>(html`<comment-form .provider=${new InMemoryProvider({ identityOptions: OPTIONS })} thread-id="t"></comment-form>`);
      const picker = shadow(form).querySelector<LoginPicker>('login-picker')!;
      await until(() => picker.phase === 'ready' && shadow(picker).querySelector('[part~="option"]'), 'options');
      const tree = axTree();
      expect(axFind(tree, 'form', 'Leave a Reply'), 'form named by its title').to.exist;
      expect(axFind(tree, 'textbox', /^Comment/), 'comment box').to.exist;
      expect(axFind(tree, 'textbox', /^Name/), 'name').to.exist;
      expect(axFind(tree, 'textbox', /^Email/), 'email').to.exist;
      expect(axFind(tree, 'textbox', /^Website/), 'website').to.exist;
      expect(axFind(tree, 'checkbox', /Save my name, email, and website/)).to.exist;
      expect(axFind(tree, 'button', 'Post Comment')).to.exist;
      expect(axFind(tree, 'button', 'Write')).to.exist;
      expect(axFind(tree, 'button', 'Preview')).to.exist;
      expect(axFind(tree, 'button', 'Log in with Twitter')).to.exist;
      expect(axFind(tree, 'button', 'Log in with Google+')).to.exist;
      // The honeypot stays out of the accessibility tree.
      expect(axFind(tree, 'textbox', /Leave this field empty/)).to.equal(null);
    });
  });

  describe('announcements through live regions', () => {
    it('a live comment is announced politely, from a region that was there before', async () => {
      const { thread, provider, seed } = await seedThread();
      const region = shadow(thread).querySelector('[aria-live="polite"]')!;
      expect(region, 'region present before anything is announced').to.exist;
      expect(region.textContent?.trim()).to.equal('');
      provider.addExternal({ ...record('live1', null), threadId: seed.thread.id, author: { name: 'Newcomer' }, viewerIsAuthor: false });
      await until(() => region.textContent?.trim() === 'One new comment', 'announcement');
      expect(shadow(thread).querySelector('[aria-live="polite"]')).to.equal(region);
    });

    it('posting is announced, and a held comment says it awaits moderation', async () => {
      const seed = await loadFixture('myth-of-networking');
      const provider = new InMemoryProvider({ comments: seed.comments, moderation: 'hold' });
      const { thread } = await seedThread({ provider });
      const form = shadow(thread).querySelector<CommentForm>('comment-form')!;
      await until(() => shadow(form).querySelector('input[name="name"]'), 'form');
      type(shadow(form).querySelector('input[name="name"]')!, 'Ada');
      type(shadow(form).querySelector('input[name="email"]')!, 'ada@example.com');
      type(shadow(form).querySelector('textarea')!, 'Hello');
      part(form, 'submit')!.click();
      const regions = () => [...shadow(thread).querySelectorAll('[aria-live], [role="status"], [role="alert"]'), ...shadow(form).querySelectorAll('[aria-live], [role="status"], [role="alert"]')];
      await until(() => regions().some((region) => /awaiting moderation/.test(region.textContent ?? '')), 'announcement of the held comment');
    });

    it('a failure to post is an alert that keeps the text', async () => {
      const provider = new InMemoryProvider();
      provider.failNext('postComment', 1, 'network');
      const form = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t"></comment-form>`);
      await until(() => shadow(form).querySelector('input[name="name"]'), 'form');
      type(shadow(form).querySelector('input[name="name"]')!, 'Ada');
      type(shadow(form).querySelector('input[name="email"]')!, 'ada@example.com');
      type(shadow(form).querySelector('textarea')!, 'Hello');
      part(form, 'submit')!.click();
      const alert = await until(() => shadow(form).querySelector('[role="alert"]'), 'alert');
      expect(alert.textContent).to.contain('Your text is kept');
    });
  });

  describe('focus never falls back to <body> (real key presses)', () => {
    it('Cancel reply, Show N more replies, Show full comment, Retry after a paging error', async () => {
      const provider = new InMemoryProvider({
        comments: [
          record('p1', null, { body: `${'Long words here. '.repeat(400)}end` }),
          ...Array.from({ length: 8 }, (_, i) => record(`r${i + 2}`, 'p1')),
          record('q20', null),
          record('q21', null),
        ],
      });
      const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t" page-size="10"></comment-thread>`);
      await until(() => part(thread, 'show-more') && part(thread, 'show-full') && part(thread, 'load-more'), 'the thread');
      const focus = watchFocus();
      try {
        focus.step = 'cancel reply';
        byLabel(thread, 'Reply to Author p1')!.focus();
        await sendKeys({ press: 'Enter' });
        const form = await until(() => shadow(thread).querySelector<CommentForm>('[part~="reply-form"] comment-form'), 'reply form');
        const cancel = await until(() => part(form, 'cancel-reply'), 'Cancel reply');
        cancel.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => deepActive()?.getAttribute('aria-label') === 'Reply to Author p1', 'focus back on Reply');

        focus.step = 'show more replies';
        part(thread, 'show-more')!.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => deepActive()?.localName === 'article', 'focus on the first revealed reply');

        focus.step = 'show full comment';
        part(thread, 'show-full')!.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => deepActive()?.id === 'comment-p1', 'focus on the comment shown in full');

        focus.step = 'retry a page';
        provider.failNext('listComments', 1, 'network');
        part(thread, 'load-more')!.focus();
        await sendKeys({ press: 'Enter' });
        const retry = await until(() => shadow(thread).querySelector<HTMLButtonElement>('[part~="retry"]'), 'Retry');
        retry.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => shadow(thread).querySelector('#comment-q21'), 'the page after Retry');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(focus.lost).to.deep.equal([]);
      } finally {
        focus.stop();
      }
    });

    it('Retry after the thread failed to load', async () => {
      const provider = new InMemoryProvider({ comments: [record('c1', null)] });
      provider.failNext('listComments', 1, 'network');
      const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
      const retry = await until(() => shadow(thread).querySelector<HTMLButtonElement>('[part~="retry"]'), 'Retry');
      const focus = watchFocus();
      try {
        focus.step = 'retry the thread';
        retry.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => shadow(thread).querySelector('#comment-c1'), 'loaded');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(focus.lost).to.deep.equal([]);
      } finally {
        focus.stop();
      }
    });

    it('switching order keeps focus on the switch while the thread reloads', async () => {
      const { thread } = await seedThread();
      const focus = watchFocus();
      try {
        focus.step = 'switch order';
        part(thread, 'order')!.focus();
        await sendKeys({ press: 'ArrowDown' });
        await until(() => thread.order === 'newest', 'newest');
        await until(() => shadow(thread).querySelector('article'), 'reloaded');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(focus.lost).to.deep.equal([]);
        expect(deepActive()?.getAttribute('part')).to.contain('order');
      } finally {
        focus.stop();
      }
    });

    it('Log Out and Change, by keyboard', async () => {
      const provider = new InMemoryProvider({ identityOptions: OPTIONS, identity: { optionId: 'twitter', name: 'Tweeter' } });
      const picker = await fixture<LoginPicker>(html`<login-picker .provider=${provider}></login-picker>`);
      await until(() => part(picker, 'log-out'), 'signed in');
      const focus = watchFocus();
      try {
        focus.step = 'log out';
        part(picker, 'log-out')!.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => !picker.identity, 'signed out');
        await until(() => deepActive() && deepActive() !== document.body && shadow(picker).contains(deepActive()), 'focus inside the picker');
        focus.step = 'sign in again and change';
        shadow(picker).querySelector<HTMLButtonElement>('[part~="option"]')!.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => part(picker, 'change'), 'signed in again');
        part(picker, 'change')!.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => deepActive()?.getAttribute('part')?.includes('option'), 'focus on the choices');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(focus.lost).to.deep.equal([]);
      } finally {
        focus.stop();
      }
    });

    it('posting a top-level comment from the keyboard moves focus to it', async () => {
      const { thread, provider } = await seedThread();
      const form = shadow(thread).querySelector<CommentForm>('comment-form')!;
      await until(() => shadow(form).querySelector('input[name="name"]'), 'form');
      const focus = watchFocus();
      try {
        shadow(form).querySelector<HTMLInputElement>('input[name="name"]')!.focus();
        await sendKeys({ type: 'Ada' });
        await sendKeys({ press: 'Tab' });
        await sendKeys({ type: 'ada@example.com' });
        shadow(form).querySelector('textarea')!.focus();
        await sendKeys({ type: 'Typed, not clicked.' });
        focus.step = 'post';
        part(form, 'submit')!.focus();
        await sendKeys({ press: 'Enter' });
        const stored = await until(() => provider.records.find((r) => r.body === 'Typed, not clicked.'), 'stored');
        await until(() => deepActive()?.id === `comment-${stored.id}`, 'focus on the new comment');
        expect(focus.lost).to.deep.equal([]);
      } finally {
        focus.stop();
      }
    });
  });
});
