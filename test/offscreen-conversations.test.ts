import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { FIRST_ITEMS } from '../src/controllers/progressive-render-controller.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentRecord } from '../src/types.js';
import { record, shadow, until } from './helpers.js';

/*
 * A long thread's off-screen conversations skip style, layout and paint (`content-visibility:
 * auto`) in Blink, and stay in the document; the first screen's FIRST_ITEMS never do. Firefox and
 * WebKit render them all as before: WebKit has no scroll anchoring, and Firefox's lost a
 * permalink's place and a reader's (beside a live comment) with skipped content above them.
 */

const COUNT = 240;
/** Conversations of unlike heights: one to nine paragraphs, so the estimate is wrong both ways. */
function conversations(): CommentRecord[] {
  return Array.from({ length: COUNT }, (_, i) =>
    record(`v${i}`, null, {
      body: Array.from({ length: 1 + ((i * 7) % 9) }, (__, p) => `Paragraph ${p} of conversation v${i}.`).join('\n\n'),
      createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    }),
  );
}

async function longThread(): Promise<CommentThread> {
  return fixture<CommentThread>(html`<comment-thread
    .provider=${new InMemoryProvider({ comments: conversations() })}
    thread-id="t"
    page-size=${COUNT}
  ></comment-thread>`);
}

/** Blink: scroll anchoring, and not Gecko (whose anchoring loses the place beside skipped content). */
const skips = CSS.supports('overflow-anchor', 'auto') && !CSS.supports('-moz-orient', 'inline');
const frames = (count: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
    step(count);
  });

describe('<comment-thread>: off-screen conversations', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('are in the document, and skip rendering until scrolled near where scroll anchoring exists', async () => {
    const thread = await longThread();
    const root = shadow(thread);
    await until(() => root.querySelectorAll('article').length === COUNT, 'every conversation', 8000);
    const items = root.querySelectorAll<HTMLElement>('[part~="list"] > li');
    const last = items[items.length - 1];
    expect(last.querySelector('[part~="body"]')!.textContent).to.contain('Paragraph 0 of conversation v239.');
    expect(getComputedStyle(last).contentVisibility).to.equal(skips ? 'auto' : 'visible');
    expect(getComputedStyle(items[FIRST_ITEMS - 1]).contentVisibility, 'the first screen’s last').to.equal('visible');
    expect(getComputedStyle(items[FIRST_ITEMS]).contentVisibility, 'the next').to.equal(skips ? 'auto' : 'visible');
    await frames(3);
    expect(items[0].checkVisibility({ contentVisibilityAuto: true }), 'the first conversation').to.equal(true);
    expect(last.querySelector('article')!.checkVisibility({ contentVisibilityAuto: true }), 'the last').to.equal(!skips);
    last.scrollIntoView();
    await frames(3);
    expect(last.querySelector('article')!.checkVisibility({ contentVisibilityAuto: true }), 'the last, scrolled to').to.equal(true);
  });

  it('a permalink deep in the thread lands in view and stays put while sizes above it become real', async () => {
    history.replaceState(null, '', '#comment-v200');
    const thread = await longThread();
    const root = shadow(thread);
    const target = await until(() => root.querySelector<HTMLElement>('#comment-v200.highlight'), 'highlighted target', 8000);
    await until(() => root.activeElement === target, 'focus on the linked comment');
    await frames(2);
    const landed = target.getBoundingClientRect().top;
    expect(landed).to.be.within(-1, window.innerHeight / 2);
    // The rest of the thread renders meanwhile, and conversations near the target take their real sizes.
    await until(() => root.querySelectorAll('article').length === COUNT, 'every conversation', 8000);
    await frames(10);
    expect(Math.abs(target.getBoundingClientRect().top - landed), 'moved by').to.be.lessThan(2);
  });
});
