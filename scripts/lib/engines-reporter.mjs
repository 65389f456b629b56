// The browser suite's counts per engine, for scripts/test-engines.mjs: a web-test-runner
// reporter that writes { passed, failed, skipped, failures, byEngine, warnings } to a JSON file.
//
// It writes when the run finishes, and also when the runner's process ends before that (it
// crashed, or was stopped): then every file that had finished counts as it ended, each file that
// had not counts as one failure that says so, and why the runner stopped, when known. A crash
// costs the files it interrupted, not the whole run's results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FINISHED = 'FINISHED';

/** A file's path as the failures show it: relative to the working directory. */
const relative = (path, cwd) => (path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path);

/**
 * Adds up sessions (web-test-runner's TestSession objects): each test passed, failed or
 * skipped; a file that failed to load, timed out or threw outside any test is one failure
 * more; with `stopped` (why the runner stopped early), a session that had not finished is one
 * failure that names it.
 */
export function countSessions(sessions, { cwd = process.cwd(), stopped } = {}) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [], byEngine: {} };
  const collect = (suite, path, label, engine) => {
    for (const test of suite.tests ?? []) {
      if (test.skipped) engine.skipped++;
      else if (test.passed) engine.passed++;
      else {
        engine.failed++;
        engine.failures.push(`${label}: ${[...path, test.name].join(' › ')}${test.error ? ` — ${test.error.message}` : ''}`);
      }
    }
    for (const child of suite.suites ?? []) collect(child, [...path, child.name], label, engine);
  };
  for (const session of sessions) {
    const name = session.browser?.name ?? 'unknown browser';
    const engine = (totals.byEngine[name] ??= { passed: 0, failed: 0, skipped: 0, failures: [] });
    const label = `[${name}] ${relative(session.testFile, cwd)}`;
    if (stopped !== undefined && session.status !== FINISHED) {
      engine.failed++;
      engine.failures.push(`${label}: did not finish: the test runner stopped (${stopped})`);
      continue;
    }
    if (session.testResults) collect(session.testResults, [], label, engine);
    if ((session.errors?.length ?? 0) > 0) {
      engine.failed++;
      engine.failures.push(`${label}: ${session.errors.map((error) => error.message).join('; ')}`);
    }
  }
  for (const engine of Object.values(totals.byEngine)) {
    totals.passed += engine.passed;
    totals.failed += engine.failed;
    totals.skipped += engine.skipped;
    totals.failures.push(...engine.failures);
  }
  return totals;
}

/**
 * The reporter. `errors` is what the process saw go wrong outside any test (an unhandled
 * rejection in a browser launcher, say): listed as warnings, and as the reason for a stop.
 */
export function enginesReporter({ file, errors = [], cwd = process.cwd(), process: proc = process } = {}) {
  let sessions;
  let written = false;
  const write = (totals) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...totals, warnings: [...errors] }, null, 2));
    written = true;
  };
  const onExit = (code) => {
    if (written || !sessions) return;
    const reason = errors.at(-1) ?? `it exited with ${code} before the run finished`;
    write(countSessions(sessions.all(), { cwd, stopped: reason }));
  };
  return {
    start(args) {
      sessions = args.sessions;
      proc.once('exit', onExit);
    },
    onTestRunFinished(args) {
      write(countSessions(args.sessions, { cwd }));
    },
  };
}

/**
 * Keeps one stray rejection outside the tests from stopping the whole run: web-test-runner
 * stops at its first uncaught exception, and an unhandled rejection would be one. Each, and
 * an uncaught exception, is written to stderr at once (the runner's own console is buffered,
 * and lost when it exits) and kept in `errors`; the tests it touched fail or time out on their own.
 */
export function keepRunningOnStrayErrors(errors, proc = process) {
  const record = (what) => (error) => {
    const message = `${what} outside the tests: ${error?.stack ?? error}`;
    errors.push(message.split('\n')[0]);
    proc.stderr.write(`\n[engines] ${message}\n`);
  };
  proc.on('unhandledRejection', record('unhandled rejection'));
  // The runner's own handler still stops the run; this one says why, where it is not lost.
  proc.on('uncaughtException', record('uncaught exception'));
}
