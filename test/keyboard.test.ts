// Keyboard-only journeys, with real key presses (web-test-runner's sendKeys).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/comment-thread/define.js';
import '../src/comment-form/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { loadFixture, shadow, until } from './helpers.js';

/** The element that really has focus, looking inside shadow roots. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Presses Tab (or Shift+Tab) until `matches` holds for the focused element. */
async function tabTo(matches: (element: Element) => boolean, backwards = false, limit = 60): Promise<Element> {
  for (let i = 0; i < limit; i++) {
    const active = deepActive();
    if (active && matches(active)) return active;
    await press('Tab', backwards ? 'Shift' : undefined);
  }
  throw new Error(`Tab never reached the element (last: ${deepActive()?.outerHTML.slice(0, 120)})`);
}

/** Presses a key, holding a modifier down around it. */
async function press(key: string, modifier?: string): Promise<void> {
  if (modifier) await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  if (modifier) await sendKeys({ up: modifier });
}

const part = (name: string) => (element: Element) => element.getAttribute('part')?.split(' ').includes(name) ?? false;

describe('keyboard only', () => {
  afterEach(() => localStorage.clear());

  it('signs in, replies to a comment, cancels, replies again and posts — never losing focus to <body>', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments, identityOptions: seed.identityOptions });
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id=${seed.thread.id}
      thread-title=${seed.thread.title}
      max-depth="3"
    ></comment-thread>`);
    await until(() => shadow(thread).querySelector('article'), 'comments');
    const focusLost: string[] = [];
    document.addEventListener('focusout', () =>
      setTimeout(() => document.activeElement === document.body && focusLost.push('body')),
    );

    // Into the thread from the page, then to the order switch.
    const start = document.createElement('button');
    start.textContent = 'before';
    thread.before(start);
    start.focus();
    await tabTo(part('order'));

    // Sign in with Twitter.
    const twitter = await tabTo((element) => element.getAttribute('aria-label') === 'Log in with Twitter');
    expect(twitter.localName).to.equal('button');
    await sendKeys({ press: 'Enter' });
    await until(() => part('log-out')(deepActive() ?? document.body), 'focus on Log Out after signing in');

    // Back up to Liz's Reply button, open the reply form, cancel with Escape.
    await tabTo((element) => element.getAttribute('aria-label') === 'Reply to Liz', true);
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive()?.localName === 'textarea', 'focus in the text box');
    await sendKeys({ type: 'Draft one' });
    await sendKeys({ press: 'Escape' });
    await until(() => deepActive()?.getAttribute('aria-label') === 'Reply to Liz', 'focus back on Reply');

    // Reply again: the draft for that comment is still there; post with Ctrl+Enter.
    await sendKeys({ press: 'Enter' });
    const textarea = (await until(() => (deepActive()?.localName === 'textarea' ? deepActive() : null), 'text box')) as HTMLTextAreaElement;
    expect(textarea.value).to.equal('Draft one');
    await sendKeys({ type: ', and posted by keyboard.' });
    await press('Enter', 'Control');
    const posted = await until(
      () => provider.records.find((record) => record.body === 'Draft one, and posted by keyboard.'),
      'stored',
    );
    expect(posted.author.name).to.equal('Twitter reader');
    expect(posted.parentId).to.equal('c3');
    await until(() => deepActive()?.id === `comment-${posted.id}`, 'focus on the new comment');
    expect(focusLost).to.deep.equal([]);
    start.remove();
  });

  it('loads more comments and switches order from the keyboard', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments });
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id=${seed.thread.id}
      page-size="2"
    ></comment-thread>`);
    await until(() => shadow(thread).querySelector('[part~="load-more"]'), 'load more');
    shadow(thread).querySelector<HTMLElement>('[part~="order"]')!.focus();
    await tabTo(part('load-more'));
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive()?.localName === 'article', 'focus on the first new comment');
    const select = await tabTo(part('order'), true);
    await sendKeys({ press: 'ArrowDown' });
    await until(() => thread.order === 'newest', 'order switched');
    expect((select as HTMLSelectElement).value).to.equal('newest');
  });
});
