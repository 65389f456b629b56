// test/setup/reportable-failures.ts: a failed assertion about a DOM node is reported, not lost.
// Without it, structuredClone — which web-test-runner's page uses to send the results — throws on
// the node and the whole file hangs until testsFinishTimeout (seen: rest-thread-moderation.test.ts).
import { expect, fixture, html } from '@open-wc/testing';
import { HOOK_TITLE, makeReportable, makeSuiteReportable, reportable } from './setup/reportable-failures.js';

/** The error chai throws for `expect(actual).to.equal(expected)`. */
function failure(actual: unknown, expected: unknown): { actual?: unknown; expected?: unknown; message: string } {
  try {
    expect(actual).to.equal(expected);
  } catch (thrown) {
    return thrown as { actual?: unknown; expected?: unknown; message: string };
  }
  throw new Error('the assertion passed');
}

describe('failures made reportable (test/setup/)', () => {
  it('a failure about a DOM node cannot be sent as it is; made reportable, it can, and says what the node was', async () => {
    const element = await fixture(html`<span part="held-mark">Held for moderation</span>`);
    const error = failure(element, null);
    expect(() => structuredClone({ actual: error.actual, expected: error.expected }), 'the broken input').to.throw();
    makeReportable(error);
    const sent = structuredClone({ message: error.message, actual: error.actual, expected: error.expected });
    expect(sent.actual).to.equal('SPAN: <span part="held-mark">Held for moderation</span>');
    expect(sent.expected).to.equal(null);
    expect(sent.message).to.contain('to equal null');
  });

  it('leaves what can be sent as it is, and describes functions and objects holding a node', async () => {
    const plain = { a: [1, 'two', { three: null }] };
    expect(reportable(plain)).to.equal(plain);
    expect(reportable('text')).to.equal('text');
    expect(reportable(() => 1)).to.be.a('string');
    const holder = { node: document.createElement('p') };
    expect(reportable(holder)).to.equal('[object Object]');
    expect(() => structuredClone(reportable(holder))).to.not.throw();
  });

  it('long markup is cut', () => {
    const div = document.createElement('div');
    div.textContent = 'x'.repeat(1000);
    const text = reportable(div) as string;
    expect(text.length).to.be.below(320);
    expect(text.endsWith('…')).to.equal(true);
  });

  it('reaches failed tests in nested suites', () => {
    const error = failure(document.body, null);
    const root = { tests: [], suites: [{ tests: [{ err: error }, {}], suites: [{ tests: [{ err: failure(document.head, 1) }], suites: [] }] }] };
    makeSuiteReportable(root);
    expect(() => structuredClone(root)).to.not.throw();
    expect(error.actual).to.equal(`BODY: ${document.body.outerHTML.slice(0, 300)}${document.body.outerHTML.length > 300 ? '…' : ''}`);
  });

  it('every test page has the hook (web-test-runner.config.mjs loads test/setup/page-setup.ts)', () => {
    const root = (globalThis as unknown as { mocha: { suite: { _afterAll: { title: string }[] } } }).mocha.suite;
    expect(root._afterAll.map((hook) => hook.title).some((title) => title.includes(HOOK_TITLE))).to.equal(true);
  });
});
