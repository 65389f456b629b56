// A web-test-runner reporter that writes the run's counts to a JSON file, so
// the test command can print one plain "N passed, N failed, N skipped" line.
// A test file that fails to load counts as one failure.
import { mkdirSync, writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else {
      totals.failed++;
      totals.failures.push(test.name);
    }
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export function summaryReporter({ file = '.wtr-results/summary.json' } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const session of sessions) {
        if (session.testResults) count(session.testResults, totals);
        // A file that failed to load, or threw outside any test, is a failure too.
        if ((session.errors?.length ?? 0) > 0) {
          totals.failed++;
          totals.failures.push(`${session.testFile}: ${session.errors.map((e) => e.message).join('; ')}`);
        }
      }
      mkdirSync(new URL(`file://${process.cwd()}/.wtr-results/`), { recursive: true });
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}
