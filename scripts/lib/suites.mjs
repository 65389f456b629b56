// Runs the project's checks and suites one after another and adds up their
// results, so each test command ends with one plain "N passed, N failed, N skipped".
// A check counts as one test; a suite script writes { passed, failed, skipped, failures }
// to a JSON file, read after it ends, and its own count line is printed (no file: the
// suite could not start, and every test it would have run counts as failed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = (name) => join(root, 'node_modules', '.bin', name);
export const results = (name) => join(root, '.wtr-results', name);

export class Totals {
  passed = 0;
  failed = 0;
  skipped = 0;
  failures = [];

  add(summary) {
    this.passed += summary.passed ?? 0;
    this.failed += summary.failed ?? 0;
    this.skipped += summary.skipped ?? 0;
    this.failures.push(...(summary.failures ?? []));
  }

  /** Prints the failures and the closing line; exits 0 only when all passed and none was skipped. */
  finish() {
    if (this.failures.length) {
      console.log('\nFailed:');
      for (const failure of this.failures) console.log(`  - ${failure}`);
    }
    console.log(`\n${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`);
    process.exit(this.failed === 0 && this.skipped === 0 ? 0 : 1);
  }
}

/** Runs one command as one check: it passes when it exits 0. */
export function check(totals, name, command, args, options = {}) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const ok = result.status === 0;
  if (ok) totals.passed++;
  else {
    totals.failed++;
    totals.failures.push(name);
  }
  console.log(ok ? `✓ ${name}` : `✗ ${name} (exit ${result.status ?? result.signal})`);
  return ok;
}

/** The plain count line of one suite, indented so that only the closing line starts with a number. */
function countLine(name, summary) {
  return `  ${name}: ${summary.passed ?? 0} passed, ${summary.failed ?? 0} failed, ${summary.skipped ?? 0} skipped`;
}

/**
 * Runs a suite that writes its counts to `file`; adds them up and prints the
 * suite's own count line. A suite that ends without its file could not start
 * (or died): it counts as `expected` failed tests, the number it would have
 * run (counted statically, see count-tests.mjs; at least 1).
 * @param {{ expected?: number | (() => number), env?: Record<string, string> } & import('node:child_process').SpawnSyncOptions} [options]
 */
export function suite(totals, name, command, args, file, options = {}) {
  console.log(`\n▶ ${name}`);
  rmSync(file, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  const { expected, ...spawnOptions } = options;
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    ...spawnOptions,
    env: { ...process.env, CI: 'true', ...(options.env ?? {}) },
  });
  const exit = result.status ?? result.signal ?? result.error?.message;
  if (existsSync(file)) {
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    totals.add(summary);
    console.log(countLine(name, summary));
    if (summary.skipped) totals.failures.push(`${name}: ${summary.skipped} test(s) skipped (no test may be skipped)`);
    if (result.status !== 0 && !summary.failed) {
      totals.failed++;
      totals.failures.push(`${name}: exited ${exit} with no failed test`);
    }
    return summary;
  }
  let count = 1;
  try {
    count = Math.max(1, Number((typeof expected === 'function' ? expected() : expected) ?? 1) || 1);
  } catch (error) {
    console.log(`  (could not count ${name}'s tests: ${error.message})`);
  }
  const summary = { passed: 0, failed: count, skipped: 0, failures: [`${name}: could not start or ended without results (exit ${exit}): its ${count} test(s) count as failed`] };
  totals.add(summary);
  console.log(countLine(name, summary));
  return summary;
}
