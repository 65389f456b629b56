// npm run test:integration: the real backends (the reference server over HTTP, its store on
// SQLite and on PostgreSQL, a real WordPress), the framework examples, and the browser suite in
// Chromium, Firefox and WebKit. Run `npm test` first (it builds dist/). Last line: "N passed, N failed, N skipped".
import { join } from 'node:path';
import { Totals, bin, results, root, suite } from './lib/suites.mjs';

const totals = new Totals();
const node = process.execPath;

suite(totals, 'integration: RestProvider + reference server, WordPressProvider + WordPress', bin('web-test-runner'), ['--config', 'web-test-runner.integration.config.mjs'], results('summary.json'));
// The WordPress files again on a current WordPress (Debian trixie's 6.8; the run above is on
// Debian 12's 6.1): scripts/wordpress/install-wordpress-current.sh puts it beside 6.1.
suite(
  totals,
  'integration: WordPressProvider + the plugin on WordPress 6.8',
  bin('web-test-runner'),
  ['--config', 'web-test-runner.integration.config.mjs', 'test/integration/wordpress-*.test.ts'],
  results('summary.json'),
  { env: { INTEGRATION_SERVICES: 'wordpress', WORDPRESS_VERSION: 'current' } },
);
suite(totals, 'store on a SQLite file and on a throwaway PostgreSQL cluster (node --test test/store/)', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${results('store.json')}`, join(root, 'test/store/')], results('store.json'));
suite(totals, 'framework examples (plain HTML, React, Vue, Svelte)', node, [join(root, 'scripts/test-examples.mjs'), '--no-build'], results('examples.json'));
// Chromium already ran the suite in `npm test`: here the other two engines.
suite(totals, 'browser suite in Firefox and WebKit', node, [join(root, 'scripts/test-engines.mjs'), '--engines', 'firefox,webkit'], results('engines.json'));

totals.finish();
