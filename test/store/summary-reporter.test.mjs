// node --test test/store/summary-reporter.test.mjs: scripts/node-test-summary.mjs counts what
// node's runner did, failures included: run on a file with passing, failing, skipped and
// hook-failed tests, and on a file that does not load.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const reporter = fileURLToPath(new URL('../../scripts/node-test-summary.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node --test` on `files` ({ name: source }) with the reporter; its JSON. @param {Record<string, string>} files */
async function summarise(files) {
  const paths = Object.entries(files).map(([name, source]) => {
    writeFileSync(join(dir, name), source);
    return join(dir, name);
  });
  const out = join(dir, 'out.json');
  rmSync(out, { force: true });
  // Without NODE_TEST_CONTEXT: else the inner runner reports to this one instead of to the reporter.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  void NODE_TEST_CONTEXT;
  await promisify(execFile)(process.execPath, ['--test', `--test-reporter=${reporter}`, `--test-reporter-destination=${out}`, ...paths], { env }).catch(() => {});
  return JSON.parse(readFileSync(out, 'utf8'));
}

it('counts passed, failed (tests, hooks, files that do not load) and skipped', async () => {
  const summary = await summarise({
    'a.test.mjs': `import { describe, it, before } from 'node:test';
      describe('group', () => { it('passes', () => {}); it('fails', () => { throw new Error('boom'); }); it.skip('skipped', () => {}); it.todo('todo'); });
      describe('hooked', () => { before(() => { throw new Error('hook broke'); }); it('never runs', () => {}); });
      it('top level passes', () => {});`,
    'b.test.mjs': `throw new Error('does not load');`,
  });
  assert.equal(summary.passed, 2);
  assert.equal(summary.skipped, 2);
  assert.equal(summary.failed, 4);
  assert.ok(summary.failures.some((/** @type {string} */ line) => line.startsWith('fails: boom')), summary.failures.join('\n'));
  assert.ok(summary.failures.some((/** @type {string} */ line) => line.startsWith('hooked: hook broke')), summary.failures.join('\n'));
  assert.ok(summary.failures.some((/** @type {string} */ line) => line.includes('b.test.mjs')), summary.failures.join('\n'));
});

it('reports an all-passing run as such', async () => {
  const summary = await summarise({ 'c.test.mjs': `import { it } from 'node:test'; it('one', () => {}); it('two', () => {});` });
  assert.deepEqual(summary, { passed: 2, failed: 0, skipped: 0, failures: [] });
});
