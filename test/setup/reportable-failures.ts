/**
 * A failed assertion whose `actual` or `expected` is something a page cannot send — a DOM node,
 * a function, an object holding one — never reaches web-test-runner: its browser side passes the
 * results through `structuredClone`, which throws `DataCloneError`, and the file then "hangs"
 * until `testsFinishTimeout` with no word of which test failed or why
 * (modernweb-dev/web#2967, open-wc/open-wc#2880). So every test page (./page-setup.ts) turns such
 * values into text before the results are collected: the failure is reported at once, by name.
 */

/** The most characters of a node's markup a report keeps. */
const MAX_MARKUP = 300;

/** `value` itself if a page can send it, else a readable description of it. */
export function reportable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    return describe(value);
  }
}

function describe(value: unknown): string {
  if (typeof Node !== 'undefined' && value instanceof Node) {
    const markup = value instanceof Element ? value.outerHTML : (value.textContent ?? '');
    return `${value.nodeName}: ${markup.length > MAX_MARKUP ? `${markup.slice(0, MAX_MARKUP)}…` : markup}`;
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Makes an assertion error's `actual` and `expected` sendable (in place). */
export function makeReportable(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  const fields = error as { actual?: unknown; expected?: unknown };
  for (const key of ['actual', 'expected'] as const) if (key in fields) fields[key] = reportable(fields[key]);
}

/** What this needs of a Mocha suite. */
export interface SuiteLike {
  tests: { err?: unknown }[];
  suites: SuiteLike[];
}

/** Makes every failed test's error under `suite` sendable. */
export function makeSuiteReportable(suite: SuiteLike): void {
  for (const test of suite.tests) makeReportable(test.err);
  for (const child of suite.suites) makeSuiteReportable(child);
}

/** The title of the root hook that does it (a test checks that every page has it). */
export const HOOK_TITLE = 'failures made reportable';

/** Adds the root hook, after every test of the page, that makes their failures sendable. */
export function installReportableFailures(root: SuiteLike & { afterAll(title: string, fn: () => void): unknown }): void {
  root.afterAll(HOOK_TITLE, () => makeSuiteReportable(root));
}
