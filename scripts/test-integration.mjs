// npm run test:integration: the real-backend suite (test/integration/), its
// services started by web-test-runner.integration.config.mjs. The last line is
// a plain "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const summaryFile = join(root, '.wtr-results', 'summary.json');
rmSync(summaryFile, { force: true });
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'web-test-runner'),
  ['--config', 'web-test-runner.integration.config.mjs'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } },
);
let totals = { passed: 0, failed: 1, skipped: 0, failures: [`web-test-runner ended without results (exit ${result.status})`] };
if (existsSync(summaryFile)) totals = JSON.parse(readFileSync(summaryFile, 'utf8'));
if (totals.failures.length) {
  console.log('\nFailed:');
  for (const failure of totals.failures) console.log(`  - ${failure}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.skipped === 0 && result.status === 0 ? 0 : 1);
