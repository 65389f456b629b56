// The reference server's demo page, rendered with @lit-labs/ssr, adopted by the element with Lit's
// hydration support (`comment-thread/hydrate`, imported before anything loads Lit): the server's
// nodes stay, nothing is asked for again, and the thread goes on working (Load more, live).
import '../../src/ssr/hydrate.js';
import '../../src/comment-thread/define.js';
// provider="rest", as the server rendered it (the script-tag bundle registers these names too).
import '../../src/providers/defaults.js';
import { expect } from '@open-wc/testing';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { loadFixture, shadow, until } from '../helpers.js';
import { integrationEnv } from './env.js';

describe('the reference server’s demo page, adopted (Lit hydration)', () => {
  it('keeps the server’s nodes, asks for no page again, and goes on to the next page', async () => {
    const env = await integrationEnv();
    const seed = await loadFixture('myth-of-networking');
    const served = await (await fetch(`${env.REST_URL}/`)).text();
    // The element as the server rendered it; its API address made absolute for this page's origin.
    const element = served.match(/<comment-thread[\s\S]*<\/comment-thread>/)![0].replace(/\sendpoint="\/api"/, ` endpoint="${env.REST_API}"`);
    expect(element).to.contain(`endpoint="${env.REST_API}"`);
    const host = document.createElement('div');
    host.setHTMLUnsafe(element);
    const thread = host.querySelector<CommentThread>('comment-thread')!;
    const root = shadow(thread);
    const nodes = [...root.querySelectorAll('h2, article, [part~="body"], [part~="reply-button"]')];
    expect(root.querySelectorAll('article')).to.have.length(4);

    const requests: string[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name.includes('/comments')) requests.push(entry.name);
    });
    observer.observe({ type: 'resource' });
    const warnings: string[] = [];
    const warn = console.warn;
    const error = console.error;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    console.error = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      document.body.append(host);
      await until(() => root.querySelector('[part~="form"] comment-form'), 'the element’s own render').catch((reason: Error) => {
        throw new Error(`${reason.message}: ${warnings.join('; ')} ${root.innerHTML.slice(-400)}`);
      });
    } finally {
      console.warn = warn;
      console.error = error;
    }
    expect(warnings).to.deep.equal([]);
    const after = [...root.querySelectorAll('h2, article, [part~="body"], [part~="reply-button"]')];
    expect(after.length).to.equal(nodes.length);
    after.forEach((node, index) => expect(node, `node ${index}`).to.equal(nodes[index]));

    // The next page comes from the server as usual.
    root.querySelector<HTMLButtonElement>('[part~="load-more"]')!.click();
    await until(() => root.querySelector('#comment-c5'), 'the next page');
    expect(root.querySelectorAll('article')).to.have.length(seed.comments.length);
    observer.disconnect();
    // Only the next page was listed: the first came embedded in the page.
    expect(requests.filter((url) => /\/threads\/[^/]+\/comments\?/.test(url) && !/cursor=/.test(url))).to.deep.equal([]);
    host.remove();
  });
});
