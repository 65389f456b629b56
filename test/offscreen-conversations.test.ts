import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { groupsSkip } from '../src/comment-thread/group-avatars.js';
import { GROUP } from '../src/comment-thread/list-groups.js';
import { FIRST_ITEMS } from '../src/controllers/progressive-render-controller.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentRecord } from '../src/types.js';
import { record, shadow, until } from './helpers.js';

/*
 * A long thread's off-screen conversations skip style, layout and paint (`content-visibility:
 * auto`, on groups of GROUP of them) in Blink, and stay in the document; the first group, which
 * holds the first screen's FIRST_ITEMS, never does. Firefox and
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

async function longThread(provider = new InMemoryProvider({ comments: conversations() })): Promise<CommentThread> {
  return fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id="t"
    page-size=${COUNT}
  ></comment-thread>`);
}

/**
 * Blink: scroll anchoring, and not Gecko (whose anchoring loses the place beside skipped content).
 * The script's reading of it (for the avatars) must be the styles': the first test holds them equal.
 */
const skips = groupsSkip();
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
    const groups = root.querySelectorAll<HTMLElement>('[part~="list"] > li');
    const items = root.querySelectorAll<HTMLElement>('[part~="list"] > li > ol > li');
    expect(items.length, 'conversations in groups').to.equal(COUNT);
    expect(groups.length, 'groups').to.equal(Math.ceil(COUNT / GROUP));
    expect(FIRST_ITEMS, 'the first screen fits the first group').to.be.at.most(GROUP);
    const last = items[items.length - 1];
    expect(last.querySelector('[part~="body"]')!.textContent).to.contain('Paragraph 0 of conversation v239.');
    expect(getComputedStyle(last.parentElement!.parentElement!).contentVisibility).to.equal(skips ? 'auto' : 'visible');
    expect(getComputedStyle(groups[0]).contentVisibility, 'the first group').to.equal('visible');
    expect(getComputedStyle(groups[1]).contentVisibility, 'the next').to.equal(skips ? 'auto' : 'visible');
    await frames(3);
    expect(items[0].checkVisibility({ contentVisibilityAuto: true }), 'the first conversation').to.equal(true);
    expect(items[GROUP - 1].checkVisibility({ contentVisibilityAuto: true }), 'the first group’s last').to.equal(true);
    expect(last.querySelector('article')!.checkVisibility({ contentVisibilityAuto: true }), 'the last').to.equal(!skips);
    last.scrollIntoView();
    await frames(3);
    expect(last.querySelector('article')!.checkVisibility({ contentVisibilityAuto: true }), 'the last, scrolled to').to.equal(true);
  });

  it('gives avatars their address as their group is shown, where groups are skipped; else from the start', async () => {
    // Each author an image of their own, from the page's origin.
    const comments = conversations().map((comment, i) => ({
      ...comment,
      author: { ...comment.author, avatarUrl: `${location.origin}/test/fixtures/avatar.svg?author=${i}` },
    }));
    const provider = new InMemoryProvider({ comments });
    const root = shadow(await longThread(provider));
    await until(() => root.querySelectorAll('article').length === COUNT, 'every conversation', 8000);
    await frames(3);
    const groups = [...root.querySelectorAll<HTMLElement>('[part~="list"] > li')];
    const images = (group: Element) => [...group.querySelectorAll<HTMLImageElement>('img[part~="avatar"]')];
    const addressed = (group: Element) => images(group).filter((image) => image.getAttribute('src')).length;
    const last = groups[groups.length - 1];
    expect(images(groups[0]).length, 'an image each').to.equal(GROUP);
    expect(addressed(groups[0]), 'the first group’s').to.equal(GROUP);
    expect(addressed(last), 'the last group’s, off screen').to.equal(skips ? 0 : images(last).length);
    if (skips) expect(images(last).at(-1)!.dataset.src).to.equal(comments[COUNT - 1].author.avatarUrl);
    for (const image of images(groups[0])) {
      expect(image.getAttribute('referrerpolicy')).to.equal('no-referrer');
      expect(image.getAttribute('loading')).to.equal('lazy');
    }
    last.scrollIntoView();
    await until(() => addressed(last) === images(last).length, 'the last group’s, scrolled to');
    await until(() => images(last)[0].complete && images(last)[0].naturalWidth > 0, 'the first on screen loaded');
    // A reply in a group already shown: the group described again keeps its images' addresses,
    // and the new one gets its own.
    const parent = comments[COUNT - 1];
    provider.addExternal({
      ...record('r1', parent.id),
      author: { name: 'Replier', avatarUrl: `${location.origin}/test/fixtures/avatar.svg?author=r1` },
      createdAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
    });
    await until(() => root.querySelector('#comment-r1'), 'the reply');
    await frames(2);
    expect(addressed(last), 'every image in the shown group, the reply’s too').to.equal(images(last).length);
    expect(root.querySelector<HTMLImageElement>('#comment-r1 img[part~="avatar"]')!.getAttribute('src')).to.contain('author=r1');
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

  it('keeps each conversation in its group, its elements and the focus in it, as comments come and go', async () => {
    const provider = new InMemoryProvider({ comments: conversations().slice(0, GROUP * 3) });
    const thread = await fixture<CommentThread>(html`<comment-thread
      .provider=${provider}
      thread-id="t"
      order="newest"
      page-size="100"
    ></comment-thread>`);
    const root = shadow(thread);
    await until(() => root.querySelectorAll('article').length === GROUP * 3, 'every conversation', 8000);
    const groupOf = (id: string) => root.querySelector(`#comment-${id}`)!.closest('[part~="list"] > li')!;
    const groups = [...root.querySelectorAll('[part~="list"] > li')];
    // Newest first: v74 … v0. Focus a comment in the second group.
    const reading = root.querySelector<HTMLElement>(`#comment-v${GROUP * 2 - 3}`)!;
    expect(groupOf(`v${GROUP * 2 - 3}`)).to.equal(groups[1]);
    reading.focus();
    provider.addExternal({ ...record('top', null), body: 'On top', createdAt: new Date(Date.UTC(2025, 0, 1)).toISOString() });
    await until(() => root.querySelector('#comment-top'), 'the live comment');
    // It joins the first group (now GROUP + 1): nobody moved to another group.
    expect(groupOf('top')).to.equal(groups[0]);
    expect([...root.querySelectorAll('[part~="list"] > li')]).to.deep.equal(groups);
    expect(root.querySelector(`#comment-v${GROUP * 2 - 3}`)).to.equal(reading);
    expect(root.activeElement, 'the focus, where it was').to.equal(reading);
    provider.removeExternal(`v${GROUP * 3 - 1}`);
    await until(() => !root.querySelector(`#comment-v${GROUP * 3 - 1}`), 'the removed comment gone');
    expect(root.activeElement, 'still there').to.equal(reading);
    expect(groups.map((group) => group.querySelectorAll(':scope > ol > li').length)).to.deep.equal([GROUP, GROUP, GROUP]);
  });
});
