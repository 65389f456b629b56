import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-form/define.js';
import type { CommentForm } from '../src/comment-form/comment-form.js';
import { FIELD_LIMITS, overLimit } from '../src/core/limits.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { shadow, type, until } from './helpers.js';

describe('field limits (ThreadInfo.fieldLimits)', () => {
  it('counts WordPress limits in UTF-8 bytes unless the backend gives its own limit and unit', () => {
    expect(overLimit('é'.repeat(FIELD_LIMITS.name / 2), 'name')).to.equal(null);
    expect(overLimit('é'.repeat(FIELD_LIMITS.name / 2 + 1), 'name')).to.deep.equal({ max: FIELD_LIMITS.name, unit: 'utf8' });
    expect(overLimit('ééé', 'body', { body: 3, unit: 'utf16' })).to.equal(null);
    expect(overLimit('éééé', 'body', { body: 3, unit: 'utf16' })).to.deep.equal({ max: 3, unit: 'utf16' });
    expect(overLimit('ééé', 'body', { body: 5 })).to.deep.equal({ max: 5, unit: 'utf8' });
    // A field the backend does not name keeps WordPress's limit in bytes; nonsense is ignored.
    expect(overLimit('x'.repeat(FIELD_LIMITS.url + 1), 'url', { body: 3, unit: 'utf16' })).to.deep.equal({ max: FIELD_LIMITS.url, unit: 'utf8' });
    expect(overLimit('abcd', 'body', { body: -1, unit: 'utf16' })).to.equal(null);
  });

  it("makes the form enforce the backend's limit, in its unit, before sending", async () => {
    const provider = new InMemoryProvider();
    const form = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t"></comment-form>`);
    await until(() => shadow(form).querySelector('login-picker')?.shadowRoot, 'picker');
    form.fieldLimits = { body: 10, name: 20, email: 100, url: 200, unit: 'utf16' };
    await form.updateComplete;
    const root = shadow(form);
    type(root.querySelector('input[name="name"]')!, 'Ada');
    type(root.querySelector('input[name="email"]')!, 'ada@example.com');
    type(root.querySelector('textarea')!, 'ééééééééééé');
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => root.textContent?.includes('This is too long: at most 10 characters.') || [...root.querySelectorAll('*')].some((el) => el.textContent === 'This is too long: at most 10 characters.'), 'the limit message');
    expect(provider.records).to.have.length(0);
    type(root.querySelector('textarea')!, 'éééééééééé');
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => provider.records.length === 1, 'posted at the limit (20 bytes, 10 characters)');
  });
});
