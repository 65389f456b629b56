// Runs the project's checks and suites one after another and adds up their
// results, so each test command ends with one plain "N passed, N failed, N skipped".
// A check counts as one test; a suite script writes { passed, failed, skipped, failures }
// to a JSON file, read after it ends (no file: the suite counts as one failure).
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

/** Runs a suite that writes its counts to `file`; adds them up. */
export function suite(totals, name, command, args, file, options = {}) {
  console.log(`\n▶ ${name}`);
  rmSync(file, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    ...options,
    env: { ...process.env, CI: 'true', ...(options.env ?? {}) },
  });
  if (existsSync(file)) {
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    totals.add(summary);
    if (result.status !== 0 && !summary.failed) {
      totals.failed++;
      totals.failures.push(`${name}: exited ${result.status ?? result.signal} with no failed test`);
    }
  } else {
    totals.failed++;
    totals.failures.push(`${name}: ended without results (exit ${result.status ?? result.signal})`);
  }
}
