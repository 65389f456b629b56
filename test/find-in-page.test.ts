import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentRecord } from '../src/types.js';
import { record, shadow, shownComments, until } from './helpers.js';

/*
 * Find-in-page finds text in any comment: replies folded behind "Show N more replies" are in the
 * document, `hidden="until-found"`, and a long thread's last comments are rendered (in chunks).
 * `window.find()` finds text without revealing it (no engine runs the reveal for it); Ctrl+F
 * does, firing `beforematch`, which the tests below dispatch as the browser does.
 * WebKit's `window.find()` does not search shadow roots at all (visible comments neither), so
 * there it is asserted that folded and shown replies are found alike.
 */

const TOP = 240; // Several chunks of progressive rendering.

function threadRecords(): CommentRecord[] {
  const comments: CommentRecord[] = [];
  for (let i = 1; i <= TOP; i++) comments.push(record(`t${i}`, null, { body: `Top comment quokka${i}` }));
  // t1: eight replies (three shown, five folded); r5, folded, has seven of its own (folded too).
  for (let i = 1; i <= 8; i++) comments.push(record(`r${i}`, 't1', { body: `Reply wombat${i}` }));
  for (let i = 1; i <= 7; i++) comments.push(record(`n${i}`, 'r5', { body: `Nested numbat${i}` }));
  return comments;
}

const ua = navigator.userAgent;
const webkit = /AppleWebKit/.test(ua) && !/Chrome|Chromium/.test(ua);

/** `window.find` from the top of the page (the selection cleared first), forwards, case-sensitive. */
function find(text: string): boolean {
  getSelection()?.removeAllRanges();
  return (window as unknown as { find(text: string, caseSensitive?: boolean, backwards?: boolean, wrap?: boolean): boolean }).find(
    text,
    true,
    false,
    true,
  );
}

async function renderedThread(): Promise<CommentThread> {
  const thread = await fixture<CommentThread>(html`<comment-thread .provider=${new InMemoryProvider({ comments: threadRecords() })} thread-id="t" page-size="1000"></comment-thread>`);
  const root = shadow(thread);
  // All rendered: the last conversation, then the folded replies (rendered after every shown part).
  await until(() => root.querySelector(`#comment-t${TOP}`), 'the last conversation', 10000);
  await until(() => root.querySelector('#comment-n7'), 'the folded replies', 5000);
  return thread;
}

function itemOf(root: ShadowRoot, id: string): HTMLLIElement {
  return root.querySelector(`#comment-${id}`)!.closest('li')!;
}

/** "Show N more replies" of comment `id`'s replies. */
function moreOf(root: ShadowRoot, id: string): HTMLButtonElement | null {
  return itemOf(root, id).querySelector(':scope > ol > li > [part~="show-more"]');
}

describe('find-in-page: every comment is in the document', function () {
  this.timeout(20000); // WebKit renders the long thread slowly.
  it('renders folded replies hidden until found, each once, and finds their text like a shown reply', async () => {
    const thread = await renderedThread();
    const root = shadow(thread);
    // Folded, nested folded: in the document, not shown.
    expect(itemOf(root, 'r4').getAttribute('hidden')).to.equal('until-found');
    expect(itemOf(root, 'r8').getAttribute('hidden')).to.equal('until-found');
    expect(itemOf(root, 'n7').getAttribute('hidden')).to.equal('until-found');
    expect(itemOf(root, 'r3').hasAttribute('hidden')).to.equal(false);
    expect(itemOf(root, 'r8').getBoundingClientRect().height).to.equal(0);
    expect(root.querySelector<HTMLElement>('#comment-r8')!.checkVisibility()).to.equal(false);
    expect(shownComments(thread).map((c) => c.id).slice(0, 4)).to.deep.equal(['t1', 'r1', 'r2', 'r3']);
    expect(moreOf(root, 't1')!.textContent).to.equal('Show 12 more replies');
    expect(moreOf(root, 'r5')!.textContent).to.equal('Show 4 more replies');
    // No element id twice.
    const ids = [...root.querySelectorAll('[id]')].map((element) => element.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(root.querySelectorAll('article').length).to.equal(TOP + 15);

    const shown = find('wombat2');
    if (webkit) {
      expect(shown, 'WebKit: window.find does not search shadow roots').to.equal(false);
    } else {
      expect(shown, 'a shown reply').to.equal(true);
    }
    expect(find('wombat7'), 'a folded reply').to.equal(shown);
    expect(find('numbat6'), 'a folded reply in a folded reply').to.equal(shown);
    expect(find(`quokka${TOP - 1}`), 'a comment near the end').to.equal(shown);
    expect(find('not in any comment')).to.equal(false);
  });

  it('unfolds on beforematch as the button does: the same elements, nothing moved, focus stays', async () => {
    const thread = await renderedThread();
    const root = shadow(thread);
    const article = root.querySelector<HTMLElement>('#comment-n6')!;
    const outer = itemOf(root, 'r5');
    const inner = itemOf(root, 'n6');
    const focused = document.activeElement;
    // What the browser does for a match in n6: each hidden ancestor, innermost first, gets
    // beforematch and loses `hidden`.
    for (const item of [inner, outer]) {
      item.dispatchEvent(new Event('beforematch', { bubbles: true }));
      item.removeAttribute('hidden');
    }
    await until(() => shownComments(thread).some((c) => c.id === 'n6'), 'n6 shown');
    await thread.updateComplete;
    expect(root.querySelector('#comment-n6'), 'the same element').to.equal(article);
    expect(article.checkVisibility()).to.equal(true);
    // t1's list shows r1…r8 (three plus up to fifty); r5's list n1…n7.
    expect(shownComments(thread).map((c) => c.id).slice(0, 17)).to.deep.equal([
      't1', 'r1', 'r2', 'r3', 'r4', 'r5', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'r6', 'r7', 'r8', 't2',
    ]);
    expect(root.querySelectorAll('[hidden]').length).to.equal(0);
    expect(root.querySelector('[part~="show-more"]')).to.equal(null);
    expect(document.activeElement).to.equal(focused);
  });

  it('keeps the folded replies when "Show N more replies" shows them, and moves focus to the first', async () => {
    const thread = await renderedThread();
    const root = shadow(thread);
    const r4 = root.querySelector('#comment-r4');
    moreOf(root, 't1')!.click();
    await until(() => root.activeElement?.id === 'comment-r4', 'focus on the first revealed reply');
    expect(root.querySelector('#comment-r4'), 'the same element').to.equal(r4);
    expect(itemOf(root, 'r8').hasAttribute('hidden')).to.equal(false);
    // r5's own list still folds: three of its replies shown, four hidden until found.
    expect(itemOf(root, 'n3').hasAttribute('hidden')).to.equal(false);
    expect(itemOf(root, 'n4').getAttribute('hidden')).to.equal('until-found');
    expect(moreOf(root, 't1')).to.equal(null);
    expect(moreOf(root, 'r5')!.textContent).to.equal('Show 4 more replies');
    expect(find('numbat7')).to.equal(find('wombat1'));
  });
});
