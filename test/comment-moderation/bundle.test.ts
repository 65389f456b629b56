// dist/comment-moderation.js, the bundle a moderation page loads (built by `npm run build`):
// it registers <comment-moderation> and works beside the thread's bundle, which carries none of it.
import { expect, fixture, html } from '@open-wc/testing';
import { providerRegistry } from '../../dist/comment-thread.js';
import { InMemoryProvider } from '../../dist/comment-thread-providers.js';
import { AuthorBanEvent, CommentModeration, ModerationActionEvent } from '../../dist/comment-moderation.js';
import { shadow, until } from '../helpers.js';

describe('dist/comment-moderation.js', () => {
  it('registers <comment-moderation>, exports its events, and shows a queue from the providers bundle', async () => {
    expect(customElements.get('comment-moderation')).to.equal(CommentModeration);
    expect(new ModerationActionEvent({ action: 'approve', items: [] }).type).to.equal('moderation-action');
    expect(new AuthorBanEvent({ ban: { id: 'b', createdAt: new Date().toISOString() }, lifted: false }).type).to.equal('author-ban');
    for (const name of ['memory', 'rest', 'wordpress']) expect(providerRegistry.has(name), name).to.equal(true);
    const provider = new InMemoryProvider({ moderator: true });
    provider.addExternal({ id: 'h', threadId: 't', parentId: null, author: { name: 'Held' }, body: 'Waiting', status: 'pending' });
    const element = await fixture<CommentModeration>(html`<comment-moderation .provider=${provider}></comment-moderation>`);
    await until(() => shadow(element).querySelector('[part~="item"]'), 'the queue');
    expect(shadow(element).querySelector('[part~="item"]')!.textContent).to.contain('Waiting');
  });

  it('fetches the readers\' table of its language, so an error is in the page\'s language too', async () => {
    const provider = new InMemoryProvider({ moderator: true });
    provider.addExternal({ id: 'h', threadId: 't', parentId: null, author: { name: 'Held' }, body: 'Waiting', status: 'pending' });
    const element = await fixture<CommentModeration>(html`<comment-moderation lang="de" .provider=${provider}></comment-moderation>`);
    await until(() => shadow(element).querySelector('[part~="item"]'), 'the queue');
    provider.failNext('moderateComment', 1, 'network');
    [...shadow(element).querySelectorAll('button')].find((button) => button.getAttribute('aria-label') === 'Kommentar von Held freigeben')!.click();
    await until(() => shadow(element).querySelector('[part~="undo"] [role="status"]')?.textContent?.includes('nicht erreichbar'), 'the German error');
  });

  it("the thread's bundle holds none of the moderation element", async () => {
    // The bundle and the chunks it imports statically (its code is in one of them).
    const files = [new URL('../../dist/comment-thread.js', import.meta.url).href];
    let source = '';
    for (const file of files) {
      const text = await (await fetch(file)).text();
      source += text;
      for (const [, path] of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*[^;(]*?from\s*"(\.[^"]+)"/g)) {
        const next = new URL(path, file).href;
        if (!files.includes(next)) files.push(next);
      }
    }
    expect(files.length, 'the bundle and its shared chunk').to.be.greaterThan(1);
    expect(source).to.not.contain('comment-moderation');
    expect(source).to.not.contain('Moderation queue');
  });
});
