// node --test scripts/lib: the bookkeeping behind every test command's closing
// line. A suite that cannot start counts every test it would have run as
// failed; skips are carried to the closing line and fail the run; each suite
// prints its own count line; the static counts find what they claim to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { conformanceCheckCount, countTestCalls, filesUnder, packageTests } from './count-tests.mjs';
import { Totals, suite } from './suites.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'suites-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `body` with console.log captured; answers the lines. */
function capture(body) {
  const lines = [];
  const original = console.log;
  console.log = (...args) => lines.push(args.join(' '));
  try {
    body();
  } finally {
    console.log = original;
  }
  return lines;
}

/** A suite command: node running `source`, output discarded. */
const nodeSuite = (source) => [process.execPath, ['-e', source], { stdio: 'ignore' }];

describe('suite()', () => {
  it('counts a suite whose command cannot start as failed, with the number of tests it would have run', () => {
    const totals = new Totals();
    const file = join(scratch, 'never.json');
    const lines = capture(() => suite(totals, 'missing runner', join(scratch, 'no-such-binary'), [], file, { expected: () => 42, stdio: 'ignore' }));
    assert.equal(totals.failed, 42);
    assert.equal(totals.passed, 0);
    assert.match(totals.failures[0], /^missing runner: could not start .*its 42 test\(s\) count as failed$/);
    assert.ok(lines.includes('  missing runner: 0 passed, 42 failed, 0 skipped'), lines.join('\n'));
  });

  it('counts a suite that ends without its results file the same way', () => {
    const totals = new Totals();
    const [command, args, options] = nodeSuite('process.exit(0)');
    suite(totals, 'silent suite', command, args, join(scratch, 'silent.json'), { ...options, expected: 7 });
    assert.equal(totals.failed, 7);
  });

  it('counts at least one failure when the count cannot be made', () => {
    const totals = new Totals();
    const [command, args, options] = nodeSuite('process.exit(3)');
    const expected = () => {
      throw new Error('no test files');
    };
    capture(() => suite(totals, 'uncountable', command, args, join(scratch, 'uncountable.json'), { ...options, expected }));
    assert.equal(totals.failed, 1);
  });

  it('carries skips into the totals, lists them, and prints the suite’s own count line', () => {
    const totals = new Totals();
    const file = join(scratch, 'skips.json');
    const [command, args, options] = nodeSuite(
      `require('node:fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify({ passed: 5, failed: 0, skipped: 2, failures: [] }))`,
    );
    const lines = capture(() => suite(totals, 'skipping suite', command, args, file, options));
    assert.deepEqual([totals.passed, totals.failed, totals.skipped], [5, 0, 2]);
    assert.deepEqual(totals.failures, ['skipping suite: 2 test(s) skipped (no test may be skipped)']);
    assert.ok(lines.includes('  skipping suite: 5 passed, 0 failed, 2 skipped'), lines.join('\n'));
  });

  it('adds a failure when a suite exits non-zero with no failed test', () => {
    const totals = new Totals();
    const file = join(scratch, 'crashed.json');
    const [command, args, options] = nodeSuite(
      `require('node:fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify({ passed: 3, failed: 0, skipped: 0, failures: [] })); process.exit(1)`,
    );
    capture(() => suite(totals, 'crashed', command, args, file, options));
    assert.deepEqual([totals.passed, totals.failed], [3, 1]);
  });
});

describe('Totals.finish()', () => {
  const finish = (summary) =>
    spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { Totals } from ${JSON.stringify(new URL('./suites.mjs', import.meta.url).href)}; const t = new Totals(); t.add(${JSON.stringify(summary)}); t.finish();`],
      { encoding: 'utf8' },
    );

  it('ends with the plain line including skips, and fails the run on a skip', () => {
    const result = finish({ passed: 4, failed: 0, skipped: 1 });
    assert.equal(result.stdout.trim().split('\n').at(-1), '4 passed, 0 failed, 1 skipped');
    assert.equal(result.status, 1);
  });

  it('exits 0 when everything passed', () => {
    const result = finish({ passed: 4, failed: 0, skipped: 0 });
    assert.equal(result.stdout.trim().split('\n').at(-1), '4 passed, 0 failed, 0 skipped');
    assert.equal(result.status, 0);
  });
});

describe('static test counts', () => {
  it('counts it()/test() calls and every check of a conformance kit run, not look-alikes', () => {
    const file = join(scratch, 'sample.test.ts');
    writeFileSync(
      file,
      [
        "it('one', () => {});",
        '  it("two", async () => {});',
        'test(`three ${x}`, () => {});',
        "suite.it('not a test call', () => {});",
        "submit('not a test');",
        'runProviderConformance({ createProvider });',
      ].join('\n'),
    );
    assert.equal(countTestCalls([file]), 3 + conformanceCheckCount());
  });

  it('reads the kit’s check list and the package checks’ numbered header', () => {
    assert.ok(conformanceCheckCount() >= 19, String(conformanceCheckCount()));
    assert.ok(packageTests() >= 11, String(packageTests()));
  });

  it('finds the browser test files and leaves out the excluded folder', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const files = filesUnder('test', '.test.ts', ['test/integration/']).map((file) => file.slice(root.length));
    assert.ok(files.includes('test/conformance-kit.test.ts'));
    assert.ok(!files.some((file) => file.startsWith('test/integration/')));
  });
});
