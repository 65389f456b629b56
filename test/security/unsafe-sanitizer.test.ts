// The security suite's checks catch a thread without its sanitiser, so they cannot pass vacuously.
// This file gets a build of the elements in which src/core/markdown.ts is replaced by
// test/security/unsafe/markdown.ts (no sanitiser): the test server makes it
// (test/security/unsafe/plugin.mjs); the shipped code has no switch for it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import '../../src/comment-form/define.js';
import type { CommentForm } from '../../src/comment-form/comment-form.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import { shadow, type, until } from '../helpers.js';
import { audit, installSentinel, kinds, letItRun, type Sentinel } from './audit.js';
import { expectNeighboursRender, hostileThread } from './hostile.js';
import { renderBody } from '../../src/core/markdown.js';

describe('the checks catch a build without the sanitiser (so they cannot pass vacuously)', function () {
  this.timeout(60000);
  let sentinel: Sentinel;
  beforeEach(() => {
    localStorage.clear();
    sentinel = installSentinel();
  });
  afterEach(() => sentinel.restore());

  it('this file runs the unsafe build: bodies are not sanitised', () => {
    expect(renderBody('<img src=x onerror=__xss(1)>')).to.contain('onerror');
  });

  it('without the sanitiser: the sentinel runs, and handlers, scripts, iframes, objects, forms and bad URLs are found', async () => {
    const thread = await hostileThread([
      '<img src=x onerror=__xss(1)>',
      '<script>__xss(1)</script>',
      '<iframe src="about:blank"></iframe>',
      '<object data="x"></object>',
      '<form action="https://evil.example"><button>go</button></form>',
      '[x](javascript:__xss(1))',
      '<p style="position:fixed">overlay</p>',
    ]);
    await letItRun(thread);
    await until(() => sentinel.calls.length, 'the sentinel to run', 2000);
    const violations = audit(thread);
    expect(kinds(violations)).to.deep.equal(['event-handler', 'forbidden-element', 'style', 'unsafe-url']);
    for (const tag of ['script', 'iframe', 'object', 'form']) {
      expect(violations.some((v) => v.detail.startsWith(`<${tag}>`)), tag).to.equal(true);
    }
    expect(violations.some((v) => v.detail.startsWith('href="javascript:'))).to.equal(true);
  });

  it('without the sanitiser, the neighbours check fails when a body hides the comments around it', async () => {
    const thread = await hostileThread(['<style>article { display: none !important }</style>']);
    expect(() => expectNeighboursRender(thread, 1)).to.throw(/visible/);
    expect(kinds(audit(thread))).to.deep.equal(['forbidden-element']);
  });

  it('without the sanitiser, the preview check fails too', async () => {
    const form = await fixture<CommentForm>(html`<comment-form .provider=${new InMemoryProvider()} thread-id="p"></comment-form>`);
    const root = shadow(form);
    type(root.querySelector('textarea')!, '<img src=x onerror=__xss(1)><iframe></iframe>');
    root.querySelectorAll<HTMLButtonElement>('[part~="tabs"] button')[1].click();
    await form.updateComplete;
    await letItRun(form);
    expect(sentinel.calls.length).to.be.greaterThan(0);
    expect(kinds(audit(form))).to.deep.equal(['event-handler', 'forbidden-element']);
  });
});
