// The script-tag bundle's comment dialogs chunk (dist/chunks/dialogs-template-*.js), which carries
// the gestures that lead to a write (src/comment-thread/action-gestures.ts): on a page of its own
// (test/fixtures/bundle-page.html's), loading the bundle from addresses of its own (/__fresh/TOKEN/,
// so no earlier test's copy is reused), the chunk held by the test server (web-test-runner.config.mjs)
// while the reader clicks.
import { expect } from '@open-wc/testing';
import type { CommentThread } from '../dist/comment-thread.js';
import { until } from './helpers.js';

describe('dist/comment-thread.js dialogs chunk', () => {
  it('a Like or a Report clicked before the chunk came acts once it came, with the buttons there from the first paint', async function () {
    // A bound against hangs: on a loaded machine the idle moment that asks for the chunk comes late.
    this.timeout(30_000);
    const dialogsChunk = (entry: PerformanceEntry) => /\/dist\/chunks\/dialogs-template-[^/]+\.js$/.test(entry.name);
    const token = String(Math.random()).slice(2);
    const held = async () => (await fetch(`/__form-chunk-held?token=${token}`)).text();
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 600px';
    const page = await (await fetch(new URL('./fixtures/bundle-page.html', import.meta.url))).text();
    const fixtures = new URL('./fixtures/', import.meta.url).href;
    const bundle = new URL(`/__fresh/${token}/dist/comment-thread.js`, location.href).href;
    expect(page).to.contain('src="../../dist/comment-thread.js"');
    frame.srcdoc = page.replace('<head>', `<head><base href="${fixtures}">`).replace('src="../../dist/comment-thread.js"', `src="${bundle}"`);
    document.body.append(frame);
    try {
      const win = (await until(() => frame.contentWindow?.document.querySelector('comment-thread') && frame.contentWindow, 'the page')) as Window &
        Record<string, unknown>;
      const thread = win.document.querySelector('comment-thread') as unknown as CommentThread;
      const root = () => thread.shadowRoot!;
      await until(() => thread.shadowRoot?.querySelectorAll('article').length === 5, 'the five comments', 8000);
      // Like and Report are rendered with the first comments, before any of the chunk's code.
      const like = root().querySelector<HTMLButtonElement>('article [part~="reaction"]')!;
      const reportButton = root().querySelector<HTMLButtonElement>('article [part~="report-button"]')!;
      expect(like, 'a Like button at the first paint').to.exist;
      expect(reportButton, 'a Report button at the first paint').to.exist;
      const article = like.closest('article')!;
      for (let tries = 0; (await held()) !== 'held'; tries++) {
        if (tries > 300) {
          const requested = win.performance.getEntriesByType('resource').map((entry) => entry.name.replace(/^.*\//, ''));
          throw new Error(`the dialogs chunk was not requested after idle (requested: ${requested.join(' ')})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(like.getAttribute('aria-pressed')).to.equal('false');
      like.click();
      reportButton.click();
      // Nothing happened yet: the code that acts is held.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(root().querySelector(`#${article.id} [part~="reaction"]`)!.getAttribute('aria-pressed'), 'not yet').to.equal('false');
      expect(root().querySelector('[part~="report-form"]'), 'no report form yet').to.equal(null);
      expect(await (await fetch(`/__release-form-chunk?token=${token}`)).text()).to.equal('released');
      // Both clicks count once the chunk came: the reaction is on, the report's reasons open with focus.
      await until(() => root().querySelector(`#${article.id} [part~="reaction"]`)?.getAttribute('aria-pressed') === 'true', 'the reaction on');
      const select = await until(() => root().querySelector<HTMLSelectElement>('[part~="report-reason"]'), 'the report reasons');
      await until(() => root().activeElement === select, 'focus on the reasons');
      expect(win.performance.getEntriesByType('resource').filter(dialogsChunk), 'one request for the dialogs chunk').to.have.length(1);
    } finally {
      await fetch(`/__release-form-chunk?token=${token}`);
      frame.style.display = 'none';
    }
  });
});
