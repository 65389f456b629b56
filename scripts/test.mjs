// npm test: build, type check, lit-analyzer, manifest freshness, package checks,
// then every browser test in headless Chromium, every Storybook story, and every
// story's screenshot in Chromium, Firefox and WebKit against its baseline. Each
// check counts as one test; the last line is "N passed, N failed, N skipped".
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Totals, bin, check, results, root, suite } from './lib/suites.mjs';
import { browserTests, packageTests, storyTests, templateStringTests } from './lib/count-tests.mjs';

const totals = new Totals();
const node = process.execPath;

const built = check(totals, 'build', node, [join(root, 'scripts/build.mjs')]);
check(totals, 'type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
// Class modules do not register the elements they render (registration lives
// in each element's define module, by design), so no-missing-import is off.
check(totals, 'lit-analyzer', bin('lit-analyzer'), ['src/**/*.ts', '--strict', '--quiet', '--rules.no-missing-import', 'off']);
// Every regular expression of ours that can see a commenter's or a provider's text (src/, server/,
// the plugin's PHP) through a ReDoS checker, and the checker shown to fail on vulnerable fixtures.
check(totals, 'ReDoS: our regular expressions pass recheck (node --test test/redos/check-redos.test.mjs)', node, ['--test', join(root, 'test/redos/check-redos.test.mjs')]);
// The WordPress plugin's translation template matches the gettext calls of its PHP (it was never run).
check(totals, 'the plugin\'s comment-thread.pot is up to date (scripts/wordpress/make-pot.mjs --check)', node, [join(root, 'scripts/wordpress/make-pot.mjs'), '--check']);

{
  const name = 'custom-elements.json is up to date';
  console.log(`\n▶ ${name}`);
  // The analyzer writes below the working directory, so the scratch folder is in the (ignored) .tmp/.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const outdir = mkdtempSync(join(root, '.tmp', 'cem-'));
  const analyzed = check(totals, 'custom-elements manifest analysis', bin('cem'), ['analyze', '--outdir', outdir.slice(root.length)], {
    stdio: 'pipe',
  });
  const fresh = join(outdir, 'custom-elements.json');
  const committed = join(root, 'custom-elements.json');
  const same =
    analyzed && existsSync(fresh) && existsSync(committed) && readFileSync(fresh, 'utf8') === readFileSync(committed, 'utf8');
  if (analyzed && !same && existsSync(fresh) && existsSync(committed)) {
    // Say where they part, so a failure on another machine can be understood from its log alone.
    const a = readFileSync(committed, 'utf8').split('\n');
    const b = readFileSync(fresh, 'utf8').split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    const line = at === -1 ? Math.min(a.length, b.length) : at;
    console.log(`  first difference at line ${line + 1}:`);
    console.log(`  committed: ${a.slice(Math.max(0, line - 3), line + 4).join('\n  committed: ')}`);
    console.log(`  analysed:  ${b.slice(Math.max(0, line - 3), line + 4).join('\n  analysed:  ')}`);
  }
  rmSync(outdir, { recursive: true, force: true });
  if (same) totals.passed++;
  else {
    totals.failed++;
    totals.failures.push(name);
  }
  console.log(same ? `✓ ${name}` : `✗ ${name}: run \`npm run analyze\` and commit the result`);
}

check(totals, 'test bookkeeping (suites, skips, static test counts) and the static-file server (node --test scripts/lib)', node, ['--test', join(root, 'scripts/lib')]);
check(totals, 'WordPress plugin readme.txt: WordPress’s headers, agreeing with the plugin’s (node --test test/wordpress-plugin-files.test.mjs)', node, ['--test', join(root, 'test/wordpress-plugin-files.test.mjs')]);
suite(totals, 'no visible string outside the locale table (html templates in src/)', node, [join(root, 'test/template-strings.test.mjs')], results('template-strings.json'), { expected: templateStringTests });

if (built) {
  check(totals, 'size: what a page loads to show a thread and post as a guest (budget in scripts/size.mjs)', node, [join(root, 'scripts/size.mjs')]);
  check(totals, 'benchmark and size-check logic (node --test bench/)', node, ['--test', join(root, 'bench')]);
  check(totals, 'no test-only switch in the built code (node --test test/dist-switches.test.mjs)', node, ['--test', join(root, 'test/dist-switches.test.mjs')]);
  suite(totals, 'package checks (npm pack, publint, attw, tree-shaking, a consumer’s type check, the conformance kit under five runners)', node, [join(root, 'scripts/check-package.mjs')], results('package.json'), { expected: packageTests });
  suite(totals, 'browser tests (web-test-runner, headless Chromium)', bin('web-test-runner'), [], results('summary.json'), { expected: browserTests });
  suite(totals, 'Storybook: every story renders without errors and passes axe', node, [join(root, 'scripts/test-stories.mjs')], results('stories.json'), { expected: storyTests });
  check(totals, 'package checker logic (node --test test/package-files.test.mjs)', node, ['--test', join(root, 'test/package-files.test.mjs')]);
  check(totals, 'visual comparison logic (node --test test/visual/)', node, ['--test', join(root, 'test/visual/compare.test.mjs')]);
  suite(totals, 'visual regression: every story in Chromium, Firefox and WebKit matches its baseline (npm run test:visual)', node, [join(root, 'scripts/test-visual.mjs')], results('visual.json'));
} else {
  // Not run: every test they hold counts as failed, so the closing line hides none.
  const notRun = packageTests() + browserTests() + storyTests() + 3;
  totals.add({ passed: 0, failed: notRun, skipped: 0, failures: [`size, bench logic, the test-switch check, package checks, browser tests and stories not run (the build failed): their ${notRun} tests count as failed`] });
}

totals.finish();
