// node --test scripts/lib: the browser suite's counts in Firefox and WebKit. A failed test, a
// file that failed outside its tests and a file cut off by a runner that stopped each count as
// failed; a stray rejection outside the tests no longer stops the runner, and says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { countSessions, enginesReporter, keepRunningOnStrayErrors } from './engines-reporter.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'engines-reporter-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const cwd = '/repo';
const session = (browser, file, { status = 'FINISHED', tests = [], suites = [], errors } = {}) => ({
  browser: { name: browser },
  testFile: `${cwd}/${file}`,
  status,
  testResults: { name: '', tests, suites },
  errors,
});
const pass = (name) => ({ name, passed: true, skipped: false });
const fail = (name, message) => ({ name, passed: false, skipped: false, error: { message } });
const skip = (name) => ({ name, passed: false, skipped: true });

/** A fake process: events, and an stderr that keeps what is written. */
function fakeProcess() {
  const proc = new EventEmitter();
  proc.written = '';
  proc.stderr = { write: (text) => (proc.written += text) };
  return proc;
}

describe('countSessions', () => {
  it('counts every test of every engine, nested suites included, and names each failure', () => {
    const totals = countSessions(
      [
        session('Firefox', 'test/a.test.ts', { tests: [pass('one'), skip('two')], suites: [{ name: 'group', tests: [fail('three', 'expected 1')] }] }),
        session('MiniBrowser', 'test/a.test.ts', { tests: [pass('one'), pass('two')], suites: [{ name: 'group', tests: [pass('three')] }] }),
      ],
      { cwd },
    );
    assert.deepEqual([totals.passed, totals.failed, totals.skipped], [4, 1, 1]);
    assert.deepEqual(totals.failures, ['[Firefox] test/a.test.ts: group › three — expected 1']);
    assert.deepEqual(totals.byEngine.MiniBrowser, { passed: 3, failed: 0, skipped: 0, failures: [] });
  });

  it('counts a file that failed outside its tests (did not load, timed out) as a failure', () => {
    const totals = countSessions([session('MiniBrowser', 'test/b.test.ts', { tests: [pass('one')], errors: [{ message: 'Browser tests did not start after 60000ms' }] })], { cwd });
    assert.equal(totals.failed, 1);
    assert.match(totals.failures[0], /^\[MiniBrowser\] test\/b\.test\.ts: Browser tests did not start/);
  });

  it('after a stop, counts each file that had not finished as a failure that says why, and keeps the finished ones', () => {
    const totals = countSessions(
      [
        session('Firefox', 'test/a.test.ts', { tests: [pass('one'), pass('two')] }),
        session('Firefox', 'test/b.test.ts', { status: 'TEST_STARTED', tests: [pass('half')] }),
        session('MiniBrowser', 'test/a.test.ts', { status: 'SCHEDULED' }),
      ],
      { cwd, stopped: 'uncaught exception outside the tests: Error: boom' },
    );
    assert.deepEqual([totals.passed, totals.failed], [2, 2]);
    assert.match(totals.failures[0], /\[Firefox\] test\/b\.test\.ts: did not finish: the test runner stopped \(uncaught exception outside the tests: Error: boom\)/);
    assert.match(totals.failures[1], /\[MiniBrowser\] test\/a\.test\.ts: did not finish/);
  });
});

describe('enginesReporter', () => {
  it('writes the counts when the run finishes, with the stray errors as warnings; the exit writes nothing more', () => {
    const file = join(scratch, 'finished.json');
    const proc = fakeProcess();
    const sessions = [session('Firefox', 'test/a.test.ts', { tests: [pass('one')] })];
    const reporter = enginesReporter({ file, errors: ['unhandled rejection outside the tests: Error: x'], cwd, process: proc });
    reporter.start({ sessions: { all: () => sessions } });
    reporter.onTestRunFinished({ sessions });
    const written = readFileSync(file, 'utf8');
    proc.emit('exit', 1);
    assert.equal(readFileSync(file, 'utf8'), written);
    const summary = JSON.parse(written);
    assert.deepEqual([summary.passed, summary.failed, summary.skipped], [1, 0, 0]);
    assert.deepEqual(summary.warnings, ['unhandled rejection outside the tests: Error: x']);
  });

  it('writes what it has when the process ends before the run finished, the unfinished files failed', () => {
    const file = join(scratch, 'stopped.json');
    const proc = fakeProcess();
    const errors = [];
    const sessions = [session('Firefox', 'test/a.test.ts', { tests: [pass('one')] }), session('MiniBrowser', 'test/a.test.ts', { status: 'INITIALIZING' })];
    enginesReporter({ file, errors, cwd, process: proc }).start({ sessions: { all: () => sessions } });
    errors.push('uncaught exception outside the tests: Error: the driver went away');
    proc.emit('exit', 1);
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual([summary.passed, summary.failed], [1, 1]);
    assert.match(summary.failures[0], /MiniBrowser.*did not finish.*the driver went away/);
  });
});

describe('keepRunningOnStrayErrors', () => {
  it('records an unhandled rejection and writes it to stderr at once', () => {
    const proc = fakeProcess();
    const errors = [];
    keepRunningOnStrayErrors(errors, proc);
    proc.emit('unhandledRejection', new Error('navigation failed'));
    assert.deepEqual(errors, ['unhandled rejection outside the tests: Error: navigation failed']);
    assert.match(proc.written, /\[engines\] unhandled rejection outside the tests: Error: navigation failed/);
  });

  it('keeps a real process alive after a stray rejection, which otherwise ends it', () => {
    const module = fileURLToPath(new URL('./engines-reporter.mjs', import.meta.url));
    const program = (guarded) => `
      ${guarded ? `const { keepRunningOnStrayErrors } = await import(${JSON.stringify(module)}); keepRunningOnStrayErrors([]);` : ''}
      Promise.reject(new Error('stray'));
      setTimeout(() => { console.log('still running'); }, 50);`;
    const run = (guarded) => spawnSync(process.execPath, ['--input-type=module', '-e', program(guarded)], { encoding: 'utf8' });
    const bare = run(false);
    assert.notEqual(bare.status, 0);
    assert.doesNotMatch(bare.stdout, /still running/);
    const guarded = run(true);
    assert.equal(guarded.status, 0, guarded.stderr);
    assert.match(guarded.stdout, /still running/);
    assert.match(guarded.stderr, /\[engines\] unhandled rejection outside the tests: Error: stray/);
  });
});
