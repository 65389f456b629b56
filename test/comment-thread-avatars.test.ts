// `avatars="none"` (WordPress's "Show Avatars" off): no avatar and no initials, the text in one column.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-thread/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { record, shadow, until } from './helpers.js';

describe('<comment-thread avatars>', () => {
  const comments = () => [record('a1', null, { author: { name: 'Liz Smith', avatarUrl: `${location.origin}/missing.png` } }), record('a2', 'a1')];

  it('shows initials or the image by default, and nothing with avatars="none"', async () => {
    const provider = new InMemoryProvider({ comments: comments() });
    const shown = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
    await until(() => shadow(shown).querySelector('#comment-a2'), 'comments');
    expect(shadow(shown).querySelectorAll('[part~="avatar"]').length).to.equal(2);

    const hidden = await fixture<CommentThread>(html`<comment-thread .provider=${new InMemoryProvider({ comments: comments() })} thread-id="t" avatars="none"></comment-thread>`);
    await until(() => shadow(hidden).querySelector('#comment-a2'), 'comments');
    expect(shadow(hidden).querySelectorAll('[part~="avatar"], .avatar').length).to.equal(0);
    const found = shadow(hidden).querySelector('#comment-a1')!;
    const article = found.matches('article') ? found : found.querySelector('article')!;
    // One column: the author's name starts where the article starts.
    const meta = article.querySelector('.meta')!;
    expect(Math.abs(meta.getBoundingClientRect().left - article.getBoundingClientRect().left)).to.be.below(1);
    expect(article.textContent).to.contain('Liz Smith');
  });

  it('reflects the setting set as a property, so the one-column layout follows', async () => {
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${new InMemoryProvider({ comments: comments() })} thread-id="t"></comment-thread>`);
    await until(() => shadow(thread).querySelector('#comment-a2'), 'comments');
    thread.avatars = 'none';
    await thread.updateComplete;
    expect(thread.getAttribute('avatars')).to.equal('none');
    await until(() => shadow(thread).querySelectorAll('[part~="avatar"]').length === 0, 'avatars gone');
  });
});
