// Server rendering: the thread's HTML (declarative shadow DOM) comes from
// renderThread() in Node (served by the test runner at /__ssr/thread); the
// browser takes it over from the embedded page without a list request.
import { expect } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import '../src/comment-form/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { registerProvider } from '../src/providers/registry.js';
import { loadFixture, shadow, shownComments, until } from './helpers.js';

describe('server rendering', () => {
  it('puts every comment’s text in the served HTML, in declarative shadow DOM', async () => {
    const seed = await loadFixture('myth-of-networking');
    const served = await (await fetch('/__ssr/thread')).text();
    expect(served).to.contain('<template shadowroot="open" shadowrootmode="open">');
    expect(served).to.contain('5 thoughts on “The Myth of Networking”');
    // The rendered markup only: not the embedded JSON page.
    const markup = served.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<template[^>]*>/g, '<div>');
    const text = new DOMParser().parseFromString(markup, 'text/html').body.textContent!;
    // Compared without white space: line breaks become <br>, which have no text.
    const squash = (value: string) => value.replace(/\s+/g, '');
    const shown = squash(text);
    for (const comment of seed.comments) {
      for (const paragraph of comment.body.split('\n\n')) expect(shown).to.contain(squash(paragraph));
    }
    expect(served).to.contain('data-comment-thread-preload');
    expect(served).not.to.contain('</script><script');
  });

  it('takes over in the browser: interactive, and no list request', async () => {
    const seed = await loadFixture('myth-of-networking');
    const provider = new InMemoryProvider({ comments: seed.comments });
    registerProvider('ssr-test', () => provider);
    const served = await (await fetch('/__ssr/thread?provider=ssr-test')).text();
    const host = document.createElement('div');
    document.body.append(host);
    host.setHTMLUnsafe(served);
    const thread = host.querySelector<CommentThread>('comment-thread')!;
    // (Some engines show the server's markup until the element's first render replaces it.)
    await thread.updateComplete;
    await until(() => shadow(thread).querySelectorAll('article[part~="comment"]').length === 5, 'comments');
    expect(shownComments(thread).map((c) => `${c.id}@${c.depth}`)).to.deep.equal([
      'c1@1',
      'c2@2',
      'c3@3',
      'c4@3',
      'c5@1',
    ]);
    // Rendered once, not twice (the server's markup was replaced, not kept beside).
    expect(shadow(thread).querySelectorAll('#comment-c1')).to.have.length(1);
    expect(shadow(thread).querySelectorAll('h2')).to.have.length(1);
    expect(thread.querySelector('script')).to.equal(null);
    expect(provider.calls.filter((call) => call.method === 'listComments')).to.have.length(0);
    // Interactive: Reply moves the form under the comment; live updates arrive.
    shadow(thread).querySelector<HTMLButtonElement>('#comment-c1 [part~="reply-button"]')!.click();
    await until(() => shadow(thread).querySelector('#comment-c1 + [part~="reply-form"] comment-form'), 'reply form');
    provider.addExternal({ id: 'live', threadId: seed.thread.id, parentId: null, author: { name: 'Late' }, body: 'Live' });
    await until(() => shadow(thread).querySelector('#comment-live'), 'live comment');
    host.remove();
  });
});
