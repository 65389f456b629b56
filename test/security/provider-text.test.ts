// SECURITY.md, "Sanitiser policy" 3 and 5: a provider's error `message` is never shown; its
// `fieldErrors` text is shown under the field, as the provider wrote it, but as text only.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-form/define.js';
import type { CommentForm } from '../../src/comment-form/comment-form.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import { shadow, type, until } from '../helpers.js';

const HOSTILE = '<img src=x onerror="window.__xss = true">Bad <b>address</b>';

describe('provider error text', () => {
  beforeEach(() => localStorage.clear());

  it('shows fieldErrors as text, never as markup, and never the error message', async () => {
    const provider = new InMemoryProvider();
    provider.failNext('postComment', 1, 'validation', { fieldErrors: { email: HOSTILE, bogus: 'ignored' } as never });
    // The fault's message is the code; a message of its own must not reach the reader either.
    const post = provider.postComment.bind(provider);
    provider.postComment = (draft, options) =>
      post(draft, options).catch((error: Error) => {
        error.message = 'SECRET-SERVER-DETAIL';
        throw error;
      });
    const form = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t"></comment-form>`);
    await until(() => shadow(form).querySelector('login-picker')?.shadowRoot, 'picker');
    const root = shadow(form);
    type(root.querySelector('input[name="name"]')!, 'Ada');
    type(root.querySelector('input[name="email"]')!, 'ada@example.com');
    type(root.querySelector('textarea')!, 'Hi');
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const shown = await until(() => root.getElementById('email-error'), 'the email field error');
    expect(shown.textContent).to.equal(HOSTILE);
    expect(shown.children).to.have.length(0);
    expect(root.querySelector('img[src="x"], b')).to.equal(null);
    expect((window as { __xss?: boolean }).__xss).to.equal(undefined);
    expect(root.textContent).not.to.contain('SECRET-SERVER-DETAIL');
  });
});
