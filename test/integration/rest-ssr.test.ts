// The reference server's demo page is rendered on the server: the comments are in the page
// source, and the element embedded there starts in the browser without a list request.
import { expect } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import '../../src/comment-form/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { RestProvider } from '../../src/providers/rest-provider.js';
import { loadFixture, shadow, until } from '../helpers.js';
import { integrationEnv } from './env.js';

describe('the reference server’s demo page (server rendering)', () => {
  it('has the first page of comments in its HTML and takes over without a list request', async () => {
    const env = await integrationEnv();
    const seed = await loadFixture('myth-of-networking');
    const served = await (await fetch(`${env.REST_URL}/`)).text();
    expect(served).to.contain('shadowrootmode="open"');
    const markup = served.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<template[^>]*>/g, '<div>');
    const text = new DOMParser().parseFromString(markup, 'text/html').body.textContent!.replace(/\s+/g, '');
    expect(text).to.contain('5thoughtson“TheMythofNetworking”');
    // The demo pages four records at a time: the first four comments are in the source.
    for (const comment of seed.comments.slice(0, 4)) {
      expect(text).to.contain(comment.body.split('\n\n')[0].replace(/\s+/g, ''));
    }

    // In the browser, with a provider that counts list requests.
    const provider = new RestProvider({ endpoint: env.REST_API });
    const lists: string[] = [];
    const listComments = provider.listComments.bind(provider);
    provider.listComments = (threadId, options) => {
      lists.push(threadId);
      return listComments(threadId, options);
    };
    const element = served.match(/<comment-thread[\s\S]*<\/comment-thread>/)![0];
    const host = document.createElement('div');
    document.body.append(host);
    host.setHTMLUnsafe(element);
    const thread = host.querySelector<CommentThread>('comment-thread')!;
    thread.provider = provider;
    await until(() => shadow(thread).querySelector('#comment-c4'), 'comments');
    expect(shadow(thread).querySelectorAll('article')).to.have.length(4);
    expect(lists).to.deep.equal([]);
    shadow(thread).querySelector<HTMLButtonElement>('[part~="load-more"]')!.click();
    await until(() => shadow(thread).querySelector('#comment-c5'), 'the next page');
    expect(lists).to.deep.equal([seed.thread.id]);
    host.remove();
  });
});
