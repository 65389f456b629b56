// "Notify me of new replies by email" in <comment-form>: offered only with `notifications`
// (ThreadInfo.notifications), named, sent as CommentDraft.notify only when ticked, never while
// editing; axe clean with it. The reference server's side: test/notify/.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/comment-form/define.js';
import '../src/locale/all.js';
import type { CommentForm } from '../src/comment-form/comment-form.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentDraft, CommentRecord } from '../src/types.js';
import { shadow, type, until } from './helpers.js';

/** An InMemoryProvider that keeps the drafts it is given. */
class Recording extends InMemoryProvider {
  drafts: CommentDraft[] = [];
  override postComment(draft: CommentDraft, options?: { signal?: AbortSignal }): Promise<CommentRecord> {
    this.drafts.push(draft);
    return super.postComment(draft, options);
  }
}

async function form(provider: InMemoryProvider, notifications: boolean) {
  const element = await fixture<CommentForm>(html`<comment-form .provider=${provider} thread-id="t" .notifications=${notifications}></comment-form>`);
  await until(() => shadow(element).querySelector('input[name="email"]'), 'guest fields');
  return element;
}

const box = (element: CommentForm) => shadow(element).querySelector<HTMLInputElement>('input[name="notify"]');

async function post(element: CommentForm, values: { email: string; body: string }) {
  const root = shadow(element);
  type(root.querySelector('input[name="name"]')!, 'Ada');
  type(root.querySelector('input[name="email"]')!, values.email);
  type(root.querySelector('textarea')!, values.body);
  root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
}

describe('<comment-form> "Notify me of new replies by email"', () => {
  beforeEach(() => localStorage.clear());

  it('is not offered without notifications', async () => {
    const element = await form(new InMemoryProvider(), false);
    expect(box(element)).to.equal(null);
    expect(shadow(element).textContent).not.to.include('Notify me');
  });

  it('is a named checkbox, axe clean, and sends notify only when ticked', async () => {
    const provider = new Recording();
    const element = await form(provider, true);
    const input = box(element)!;
    expect(input.type).to.equal('checkbox');
    expect(input.closest('label')?.textContent?.trim()).to.equal('Notify me of new replies by email');
    await expect(element).to.be.accessible();
    await post(element, { email: 'ada@example.com', body: 'Unticked' });
    await until(() => provider.drafts.length === 1, 'first post');
    expect(provider.drafts[0].notify).to.equal(undefined);
    await until(() => !element.isPosting, 'posted');
    input.click();
    await element.updateComplete;
    type(shadow(element).querySelector('textarea')!, 'Ticked');
    shadow(element).querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => provider.drafts.length === 2, 'second post');
    expect(provider.drafts[1].notify).to.equal(true);
  });

  it('needs an email when ticked, in the localised words, at the email field', async () => {
    const provider = new Recording();
    const element = await fixture<CommentForm>(
      html`<comment-form .provider=${provider} thread-id="t" required-fields="name" .notifications=${true} lang="de"></comment-form>`,
    );
    await until(() => shadow(element).querySelector('[part~="submit"]')?.textContent?.trim() !== 'Post Comment', 'German strings');
    await until(() => box(element), 'checkbox');
    expect(box(element)!.closest('label')?.textContent?.trim()).to.equal('Über neue Antworten per E-Mail benachrichtigen');
    box(element)!.click();
    await element.updateComplete;
    await post(element, { email: '', body: 'Hallo' });
    await until(() => shadow(element).querySelector('#email-error'), 'the message');
    expect(shadow(element).querySelector('#email-error')!.textContent).to.equal('Für Benachrichtigungen über Antworten wird eine E-Mail-Adresse benötigt.');
    expect(provider.drafts).to.have.length(0);
  });
});
