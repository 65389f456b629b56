import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-count/define.js';
import type { CommentCount } from '../src/comment-count/comment-count.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentDataProvider } from '../src/types.js';
import { record, shadow, until } from './helpers.js';

describe('<comment-count>', () => {
  it('shows "5 thoughts", "One thought" and "No comments yet", plural-aware', async () => {
    const five = new InMemoryProvider({ comments: ['a', 'b', 'c', 'd', 'e'].map((id, i) => record(`${id}${i}`, null)) });
    const element = await fixture<CommentCount>(html`<comment-count .provider=${five} thread-id="t"></comment-count>`);
    await until(() => shadow(element).querySelector('[part~="count"]'), 'count');
    expect(shadow(element).textContent?.trim()).to.equal('5 thoughts');
    element.provider = new InMemoryProvider({ comments: [record('x1', null)] });
    await until(() => shadow(element).textContent?.trim() === 'One thought', 'one');
    element.provider = new InMemoryProvider();
    await until(() => shadow(element).textContent?.trim() === 'No comments yet', 'zero');
    await expect(element).to.be.accessible();
  });

  it('does not load the thread elements’ code', () => {
    expect(customElements.get('comment-thread')).to.equal(undefined);
    expect(customElements.get('comment-form')).to.equal(undefined);
  });

  it('stays empty rather than wrong when the provider fails', async () => {
    const failing: CommentDataProvider = {
      listComments: () => Promise.reject({ code: 'network' }),
      postComment: () => Promise.reject({ code: 'network' }),
    };
    const element = await fixture<CommentCount>(html`<comment-count .provider=${failing} thread-id="t"></comment-count>`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shadow(element).querySelector('[part~="count"]')).to.equal(null);
  });
});
