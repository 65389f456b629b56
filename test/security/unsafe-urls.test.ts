// The security suite's URL checks catch a build without them, so they cannot pass vacuously.
// This file gets a build of the elements in which src/core/url.ts is replaced by
// test/security/unsafe/url.ts (any address passes): the test server makes it
// (test/security/unsafe/plugin.mjs); the shipped code has no switch for it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import { shadow, until } from '../helpers.js';
import { audit, installSentinel, kinds, type Sentinel } from './audit.js';
import { hostileThread, PIXEL } from './hostile.js';
import { safeHttpUrl } from '../../src/core/url.js';

describe('the checks catch a build without URL checks (so they cannot pass vacuously)', function () {
  this.timeout(60000);
  let sentinel: Sentinel;
  beforeEach(() => {
    localStorage.clear();
    sentinel = installSentinel();
  });
  afterEach(() => sentinel.restore());

  it('this file runs the unsafe build: any address passes', () => {
    expect(safeHttpUrl('javascript:__xss(1)')).to.equal('javascript:__xss(1)');
  });

  it('without URL checks: a javascript: website and a data: avatar are found, and the link runs script', async () => {
    const provider = new InMemoryProvider({
      comments: [{ id: 'm0', threadId: 't', parentId: null, author: { name: 'Mallory', url: 'javascript:__xss(1)', avatarUrl: PIXEL }, body: 'hi', createdAt: '2024-01-01T00:00:00Z' }],
    });
    // avatars="remote": otherwise the thread shows only same-origin avatars.
    const thread = await fixture<CommentThread>(html`<comment-thread .provider=${provider} thread-id="t" avatars="remote"></comment-thread>`);
    await until(() => shadow(thread).querySelector('article'), 'comment');
    const violations = audit(thread);
    expect(kinds(violations)).to.deep.equal(['unsafe-url']);
    expect(violations.some((v) => v.detail.startsWith('href="javascript:') && v.detail.endsWith('<a>'))).to.equal(true);
    expect(violations.some((v) => v.detail.startsWith('src="data:') && v.detail.endsWith('<img>')), JSON.stringify(violations)).to.equal(true);
    shadow(thread).querySelector<HTMLAnchorElement>('#comment-m0 [part~="author"] a')!.click();
    await until(() => sentinel.calls.length, 'the javascript: link to run', 2000);
  });

  it('the URL check catches data: and vbscript: too', async () => {
    const thread = await hostileThread(['data:text/html,<script>__xss(1)</script>', 'vbscript:msgbox(1)']);
    const details = audit(thread).map((v) => v.detail);
    expect(details.some((d) => d.startsWith('href="data:'))).to.equal(true);
    expect(details.some((d) => d.startsWith('href="vbscript:'))).to.equal(true);
  });
});
