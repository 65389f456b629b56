// The script-tag bundle's form chunk (dist/chunks/comment-form-*.js), on a page of its own: this
// test page never imports the bundle, so nothing it loaded can stand in for the chunk's request.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CommentThread } from '../dist/comment-thread.js';
import { until } from './helpers.js';

describe('dist/comment-thread.js form chunk', () => {
  it('on a page with the one script tag, the form chunk comes after the first comments, and a reader who types before it loses nothing', async () => {
    const formChunk = (entry: PerformanceEntry) => /\/dist\/chunks\/comment-form-[^/]+\.js$/.test(entry.name);
    // The server holds the chunk for this page until released (web-test-runner.config.mjs).
    const token = String(Math.random()).slice(2);
    document.cookie = `hold-form-chunk=${token}; path=/`;
    const held = async () => (await fetch(`/__form-chunk-held?token=${token}`)).text();
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 600px';
    frame.src = new URL('./fixtures/bundle-page.html', import.meta.url).href;
    document.body.append(frame);
    try {
      const win = (await until(() => frame.contentWindow?.document.querySelector('comment-thread') && frame.contentWindow, 'the page')) as Window &
        Record<string, unknown>;
      const thread = win.document.querySelector('comment-thread') as unknown as CommentThread;
      await until(() => thread.shadowRoot?.querySelectorAll('article').length === 5, 'the five comments', 8000);
      expect(win.commentsAtPaint, 'comments shown at the first render').to.equal(5);
      // Idle after the first paint, the page asks for the chunk (held here).
      for (let tries = 0; (await held()) !== 'held'; tries++) {
        if (tries > 100) throw new Error(`the form chunk was not requested after idle: ${win.performance.getEntriesByType('resource').map((e) => e.name).join(' ')} ${String(win.customElements.get('comment-form'))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const standIn = thread.shadowRoot!.querySelector<HTMLTextAreaElement>('[part~="form-placeholder"] textarea')!;
      expect(standIn, 'the stand-in text box').to.exist;
      // Its heading and a box, taking the form's place while its code is on its way.
      expect(thread.shadowRoot!.querySelector('[part~="form-placeholder"] h3')?.textContent).to.equal('Leave a Reply');
      expect(standIn.getBoundingClientRect().height).to.be.greaterThan(50);
      expect(win.customElements.get('comment-form'), 'the chunk is still held').to.equal(undefined);
      // The reader focuses the box and types; the chunk arrives while they keep typing.
      frame.focus();
      standIn.focus();
      await sendKeys({ type: 'Giving ' });
      expect(standIn.value).to.equal('Giving ');
      const release = fetch(`/__release-form-chunk?token=${token}`);
      await sendKeys({ type: 'first works, always.' });
      expect(await (await release).text()).to.equal('released');
      const form = await until(() => win.customElements.get('comment-form') && thread.shadowRoot!.querySelector('comment-form'), 'the form');
      const box = await until(() => form.shadowRoot?.querySelector('textarea'), 'the form text box');
      await sendKeys({ type: ' Yes.' });
      await until(() => box.value === 'Giving first works, always. Yes.', `every keystroke in the form (got "${box.value}")`);
      expect(form.shadowRoot!.activeElement, 'focus in the form text box').to.equal(box);
      expect(thread.shadowRoot!.querySelector('[part~="form-placeholder"]'), 'the stand-in gone').to.equal(null);
      // Requested once, after the first comments were rendered.
      const requests = win.performance.getEntriesByType('resource').filter(formChunk);
      expect(requests, 'one request for the form chunk').to.have.length(1);
      expect(requests[0].startTime, 'requested after the first comments rendered').to.be.greaterThan(win.firstCommentsAt as number);
    } finally {
      document.cookie = 'hold-form-chunk=; max-age=0; path=/';
      await fetch(`/__release-form-chunk?token=${token}`);
      frame.style.display = 'none';
    }
  });
});
