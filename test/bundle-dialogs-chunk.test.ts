// The script-tag bundle's comment dialogs chunk (dist/chunks/dialogs-template-*.js), which carries
// the gestures that lead to a write (src/comment-thread/action-gestures.ts): on a page of its own,
// the chunk held by the test server (web-test-runner.config.mjs) while the reader clicks.
import { expect } from '@open-wc/testing';
import type { CommentThread } from '../dist/comment-thread.js';
import { until } from './helpers.js';

describe('dist/comment-thread.js dialogs chunk', () => {
  it('a Like or a Report clicked before the chunk came acts once it came, with the buttons there from the first paint', async () => {
    const dialogsChunk = (entry: PerformanceEntry) => /\/dist\/chunks\/dialogs-template-[^/]+\.js$/.test(entry.name);
    const token = String(Math.random()).slice(2);
    document.cookie = `hold-dialogs-chunk=${token}; path=/`;
    const held = async () => (await fetch(`/__form-chunk-held?token=${token}`)).text();
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 600px';
    frame.src = new URL('./fixtures/bundle-page.html', import.meta.url).href;
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
        if (tries > 100) throw new Error('the dialogs chunk was not requested after idle');
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
      document.cookie = 'hold-dialogs-chunk=; max-age=0; path=/';
      await fetch(`/__release-form-chunk?token=${token}`);
      frame.style.display = 'none';
    }
  });
});
