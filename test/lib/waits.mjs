// Waiting in node:test suites that drive a real browser (puppeteer-core): polling a check until
// it holds, and finding an element by its accessible name through shadow roots. One place for
// what the sign-in, cross-site and notification suites each wrote again.
import assert from 'node:assert/strict';

/**
 * The waits of one suite, with its own bound (a bound against hangs, not a timing assertion).
 * @param {number} defaultTimeoutMs how long `poll` waits unless told otherwise
 * @param {number} [intervalMs] how often it asks again
 */
export function waits(defaultTimeoutMs, intervalMs = 100) {
  /**
   * Asks `check` until it answers true; a check that throws (the page between documents) is
   * asked again. Fails with "timed out waiting: <what>".
   * @param {() => Promise<boolean>} check @param {string} what
   */
  async function poll(check, what, timeoutMs = defaultTimeoutMs) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (await check()) return;
      } catch {
        // between documents: ask again
      }
      if (Date.now() > end) assert.fail(`timed out waiting: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /**
   * The element of this accessible name (through shadow roots), once it is there.
   * @param {import('puppeteer-core').Page} page @param {string} name
   */
  async function byName(page, name) {
    /** @type {import('puppeteer-core').ElementHandle | null} */
    let found = null;
    await poll(async () => Boolean((found = await page.$(`::-p-aria(${name})`))), `"${name}"`);
    return /** @type {import('puppeteer-core').ElementHandle} */ (/** @type {unknown} */ (found));
  }

  return { poll, byName };
}
