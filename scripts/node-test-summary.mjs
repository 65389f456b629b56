// A `node --test` reporter that writes the run's counts as JSON { passed, failed, skipped, failures }
// (the shape scripts/lib/suites.mjs adds up): use it with --test-reporter-destination=<file>,
// next to a human reporter. Tests count one each; a suite counts only when it fails by itself
// (a hook that threw), not because a test in it failed; a file that fails to load is a failure.
/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* summary(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: /** @type {string[]} */ ([]) };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, skip, todo, details } = event.data;
    const suite = details?.type === 'suite';
    if (event.type === 'test:pass') {
      if (suite) continue;
      if (skip !== undefined || todo !== undefined) totals.skipped++;
      else totals.passed++;
    } else if (!suite || details?.error?.failureType !== 'subtestsFailed') {
      totals.failed++;
      totals.failures.push(`${name}: ${details?.error?.cause?.message ?? details?.error?.message ?? 'failed'}`);
    }
  }
  yield `${JSON.stringify(totals, null, 2)}\n`;
}
