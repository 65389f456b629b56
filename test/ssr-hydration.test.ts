// Lit hydration: with `comment-thread/hydrate` imported before the elements (first line, before
// anything that loads Lit) or the script-tag bundle `dist/comment-thread-hydrate.js`, the element
// adopts the server's shadow DOM — the same nodes, nothing moved — and then works as usual.
// test/ssr.test.ts is the same takeover without hydration support: there the nodes are new.
import '../src/ssr/hydrate.js';
import '../src/comment-thread/define.js';
import { expect } from '@open-wc/testing';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { registerProvider } from '../src/providers/registry.js';
import { formOf, loadFixture, shadow, type, until } from './helpers.js';

/** Console warnings and errors, uncaught errors and rejections while `run` runs. */
async function watchConsole(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => void seen.push(`warn: ${args.map(String).join(' ')}`);
  console.error = (...args: unknown[]) => void seen.push(`error: ${args.map(String).join(' ')}`);
  const onError = (event: ErrorEvent) => seen.push(`uncaught: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => seen.push(`unhandled: ${String(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  try {
    await run();
  } finally {
    Object.assign(console, original);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return seen;
}

/** The server's markup, parsed but not yet in the document (so the element has not upgraded). */
async function serverMarkup(query: string): Promise<{ host: HTMLElement; thread: CommentThread; root: ShadowRoot }> {
  const served = await (await fetch(`/__ssr/thread?${query}`)).text();
  const host = document.createElement('div');
  host.setHTMLUnsafe(served);
  const thread = host.querySelector<CommentThread>('comment-thread')!;
  return { host, thread, root: shadow(thread) };
}

/** The element has rendered twice: the adopting render, then the browser's own (the form is in). */
const settled = (thread: CommentThread) => until(() => shadow(thread).querySelector('[part~="form"] comment-form'), 'the form in place');

describe('server rendering, taken over with Lit hydration (comment-thread/hydrate)', () => {
  it('adopts the server’s nodes: the same elements, no list request, no console errors', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments });
    registerProvider('ssr-hydrate', () => provider);
    const { host, thread, root } = await serverMarkup('provider=ssr-hydrate&capabilities=memory');
    const nodes = [...root.querySelectorAll('h2, article, [part~="body"], [part~="reply-button"], [part~="reaction"]')];
    expect(nodes.length).to.be.greaterThan(15);
    const problems = await watchConsole(async () => {
      document.body.append(host);
      await settled(thread);
    });
    expect(problems).to.deep.equal([]);
    expect(thread.shadowRoot).to.equal(root);
    const after = [...root.querySelectorAll('h2, article, [part~="body"], [part~="reply-button"], [part~="reaction"]')];
    expect(after.length).to.equal(nodes.length);
    after.forEach((node, index) => expect(node, `node ${index} (${node.localName}#${node.id})`).to.equal(nodes[index]));
    expect(root.querySelectorAll('article')).to.have.length(5);
    expect(provider.calls.filter((call) => call.method === 'listComments')).to.have.length(0);
    expect(thread.querySelector('script')).to.equal(null);
    host.remove();
  });

  it('works after adopting: Reply, posting, reactions and live updates', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments });
    registerProvider('ssr-hydrate-2', () => provider);
    const { host, thread, root } = await serverMarkup('provider=ssr-hydrate-2&capabilities=memory');
    const reply = root.querySelector<HTMLButtonElement>('#comment-c5 [part~="reply-button"]')!;
    document.body.append(host);
    await settled(thread);
    expect(root.querySelector('#comment-c5 [part~="reply-button"]')).to.equal(reply);
    reply.click();
    const form = await until(() => root.querySelector('#comment-c5 ~ [part~="reply-form"] comment-form'), 'the reply form');
    expect(formOf(thread)).to.equal(form);
    await until(() => form.shadowRoot?.querySelector('textarea'), 'the form rendered');
    const formRoot = shadow(form);
    type(formRoot.querySelector('input[name="name"]')!, 'Reader');
    type(formRoot.querySelector('input[name="email"]')!, 'reader@example.com');
    type(formRoot.querySelector('textarea')!, 'A reply after hydration.');
    formRoot.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => [...root.querySelectorAll('article')].some((a) => a.textContent?.includes('A reply after hydration.')), 'the reply');
    expect(provider.records.find((r) => r.body === 'A reply after hydration.')?.parentId).to.equal('c5');
    const like = root.querySelector<HTMLButtonElement>('#comment-c1 [part~="reaction"]')!;
    like.click();
    await until(() => like.getAttribute('aria-pressed') === 'true', 'the reaction toggled');
    provider.addExternal({ id: 'live', threadId: seed.thread.id, parentId: null, author: { name: 'Late' }, body: 'Live' });
    await until(() => root.querySelector('#comment-live'), 'the live comment');
    host.remove();
  });

  it('renders afresh, with one warning, when the server’s markup does not match (other controls)', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments });
    registerProvider('ssr-hydrate-3', () => provider);
    // Rendered for a provider without reactions or reports; the browser's has both.
    const { host, thread, root } = await serverMarkup('provider=ssr-hydrate-3&capabilities=none');
    const first = root.querySelector('#comment-c1');
    const problems = await watchConsole(async () => {
      document.body.append(host);
      await settled(thread);
    });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^warn: <comment-thread> could not take over the server-rendered markup/);
    expect(root.querySelector('#comment-c1')).not.to.equal(first);
    expect(root.querySelectorAll('#comment-c1')).to.have.length(1);
    expect(root.querySelectorAll('h2')).to.have.length(1);
    expect(root.querySelectorAll('article')).to.have.length(5);
    expect(root.querySelector('#comment-c1 [part~="reaction"]')).to.exist;
    expect(provider.calls.filter((call) => call.method === 'listComments')).to.have.length(0);
    host.remove();
  });

  it('adopts folded replies in the document, hidden until found, and unfolds them on beforematch', async () => {
    const query = 'provider=ssr-hydrate-folded&capabilities=memory&folded=1';
    // The records the server rendered, from its embedded page.
    const served = await (await fetch(`/__ssr/thread?${query}`)).text();
    const preload = new DOMParser().parseFromString(served, 'text/html').querySelector('script[data-comment-thread-preload]')!;
    const provider = new InMemoryProvider({ comments: JSON.parse(preload.textContent!).page.comments });
    registerProvider('ssr-hydrate-folded', () => provider);
    const { host, thread, root } = await serverMarkup(query);
    const folded = root.querySelector('#comment-f5')!;
    expect(folded.closest('li')!.getAttribute('hidden'), 'server-rendered, folded').to.equal('until-found');
    expect(root.querySelector('#comment-f2')!.closest('li')!.hasAttribute('hidden')).to.equal(false);
    const problems = await watchConsole(async () => {
      document.body.append(host);
      await settled(thread);
    });
    expect(problems).to.deep.equal([]);
    expect(root.querySelector('#comment-f5'), 'adopted, not rendered again').to.equal(folded);
    expect(root.querySelectorAll('article')).to.have.length(12);
    // Find-in-page's reveal: the list unfolds through the adopted template.
    const item = folded.closest('li')!;
    item.dispatchEvent(new Event('beforematch', { bubbles: true }));
    item.removeAttribute('hidden');
    await until(() => !root.querySelector('[part~="show-more"]'), 'unfolded');
    expect(root.querySelector('#comment-f5')).to.equal(folded);
    expect(root.querySelectorAll('[hidden]')).to.have.length(0);
    host.remove();
  });

  it('renders afresh over another server’s declarative shadow DOM (no Lit markers in it)', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments });
    registerProvider('ssr-hydrate-4', () => provider);
    const served = await (await fetch('/__ssr/thread?provider=ssr-hydrate-4&capabilities=memory')).text();
    // The same element and embedded page, its shadow root written by hand (a PHP template, say).
    const other = served.replace(/<template shadowroot[\s\S]*<\/template>/, '<template shadowrootmode="open"><p id="own">Comments</p></template>');
    const host = document.createElement('div');
    host.setHTMLUnsafe(other);
    const thread = host.querySelector<CommentThread>('comment-thread')!;
    expect(shadow(thread).querySelector('#own')).to.exist;
    const problems = await watchConsole(async () => {
      document.body.append(host);
      await settled(thread);
    });
    expect(problems).to.deep.equal([]);
    expect(shadow(thread).querySelector('#own')).to.equal(null);
    expect(shadow(thread).querySelectorAll('article')).to.have.length(5);
    expect(provider.calls.filter((call) => call.method === 'listComments')).to.have.length(0);
    host.remove();
  });
});

interface PageRecord {
  __before: { defined: boolean; root: ShadowRoot; nodes: Element[]; rects: DOMRectInit[] };
  __console: string[];
  __shifts: number[];
  __layoutShiftObserved: boolean;
}

/** A whole server-rendered page in an iframe, loading `bundle` as a module script. */
async function loadPage(bundle: 'hydrate' | 'plain'): Promise<{ frame: HTMLIFrameElement; win: Window & PageRecord; thread: CommentThread }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:800px;height:1400px;border:0';
  document.body.append(frame);
  await new Promise((resolve) => {
    frame.addEventListener('load', resolve, { once: true });
    frame.src = `/__ssr/page?bundle=${bundle}`;
  });
  const win = frame.contentWindow as Window & PageRecord;
  const thread = win.document.querySelector('comment-thread') as CommentThread;
  const why = () => `${win.__console.join('\n')}\n${shadow(thread).innerHTML.slice(-600)}`;
  await until(() => win.customElements.get('comment-thread'), 'the bundle', 10_000).catch(() => expect.fail(why()));
  await until(() => shadow(thread).querySelector('[part~="form"] comment-form'), 'its own render', 10_000).catch(() => expect.fail(why()));
  await new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(resolve)));
  return { frame, win, thread };
}

describe('a server-rendered page with the script-tag bundle', function () {
  this.timeout(30_000);
  it('dist/comment-thread-hydrate.js: comments laid out before our script ran; adopted in place, no shift', async () => {
    const { frame, win, thread } = await loadPage('hydrate');
    const before = win.__before;
    // Before any of our JavaScript: not defined yet, the first comment already laid out.
    expect(before.defined).to.equal(false);
    const firstArticle = before.nodes.findIndex((node) => node.localName === 'article');
    expect(before.rects[firstArticle].height).to.be.greaterThan(20);
    expect(before.nodes.length).to.be.greaterThan(15);
    // The same nodes, where they were.
    expect(thread.shadowRoot).to.equal(before.root);
    before.nodes.forEach((node, index) => {
      expect(node.isConnected, `node ${index} still in the document`).to.equal(true);
      const rect = node.getBoundingClientRect();
      expect([rect.x, rect.y, rect.width, rect.height], `node ${index} (${node.localName}#${node.id}) in place`).to.deep.equal([
        before.rects[index].x,
        before.rects[index].y,
        before.rects[index].width,
        before.rects[index].height,
      ]);
    });
    if (win.__layoutShiftObserved) expect(win.__shifts.reduce((sum, value) => sum + value, 0)).to.equal(0);
    expect(win.__console).to.deep.equal([]);
    // Reply works after hydration.
    const root = shadow(thread);
    root.querySelector<HTMLButtonElement>('#comment-c1 [part~="reply-button"]')!.click();
    await until(() => root.querySelector('#comment-c1 ~ [part~="reply-form"] comment-form'), 'the reply form', 10_000);
    frame.remove();
  });

  it('dist/comment-thread.js (no hydration support): the same check finds new nodes', async () => {
    const { frame, win, thread } = await loadPage('plain');
    const before = win.__before;
    expect(before.defined).to.equal(false);
    // The identity check above fails here: the server's nodes were replaced.
    expect(before.nodes.every((node) => !node.isConnected)).to.equal(true);
    expect(shadow(thread).querySelectorAll('article')).to.have.length(5);
    frame.remove();
  });
});
