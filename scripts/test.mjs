// npm test: build, type check, lit-analyzer, manifest freshness, then every
// browser test in headless Chromium. Each check counts as one test; the last
// line is a plain "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, options = {}) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const ok = result.status === 0;
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
  console.log(ok ? `✓ ${name}` : `✗ ${name} (exit ${result.status ?? result.signal})`);
  return ok;
}

const built = step('build', process.execPath, [join(root, 'scripts/build.mjs')]);
step('type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
// Class modules do not register the elements they render (registration lives
// in each element's define module, by design), so no-missing-import is off.
step('lit-analyzer', bin('lit-analyzer'), ['src/**/*.ts', '--strict', '--quiet', '--rules.no-missing-import', 'off']);

{
  const name = 'custom-elements.json is up to date';
  console.log(`\n▶ ${name}`);
  // The analyzer writes below the working directory, so the scratch folder is in the (ignored) .tmp/.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const outdir = mkdtempSync(join(root, '.tmp', 'cem-'));
  const result = spawnSync(bin('cem'), ['analyze', '--outdir', outdir.slice(root.length)], { cwd: root, stdio: 'pipe' });
  const fresh = join(outdir, 'custom-elements.json');
  const committed = join(root, 'custom-elements.json');
  const ok =
    result.status === 0 &&
    existsSync(fresh) &&
    existsSync(committed) &&
    readFileSync(fresh, 'utf8') === readFileSync(committed, 'utf8');
  rmSync(outdir, { recursive: true, force: true });
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
  console.log(ok ? `✓ ${name}` : `✗ ${name}: run \`npm run analyze\` and commit the result`);
}

if (built) {
  console.log('\n▶ browser tests (web-test-runner, headless Chromium)');
  const summaryFile = join(root, '.wtr-results', 'summary.json');
  rmSync(summaryFile, { force: true });
  const result = spawnSync(bin('web-test-runner'), [], { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (existsSync(summaryFile)) {
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    totals.passed += summary.passed;
    totals.failed += summary.failed;
    totals.skipped += summary.skipped;
    failures.push(...summary.failures);
  } else {
    totals.failed++;
    failures.push(`web-test-runner ended without results (exit ${result.status})`);
  }
} else {
  totals.failed++;
  failures.push('browser tests not run: the build failed');
}

if (failures.length) {
  console.log('\nFailed:');
  for (const failure of failures) console.log(`  - ${failure}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.skipped === 0 ? 0 : 1);
