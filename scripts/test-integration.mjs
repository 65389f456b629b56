// npm run test:integration: the real backends (the reference server over HTTP, its store on
// SQLite and on PostgreSQL, a real WordPress), the framework examples, and the browser suite in
// Chromium, Firefox and WebKit. Run `npm test` first (it builds dist/). Last line: "N passed, N failed, N skipped".
import { join } from 'node:path';
import { Totals, bin, results, root, suite } from './lib/suites.mjs';

const totals = new Totals();
const node = process.execPath;

suite(totals, 'integration: RestProvider + reference server, WordPressProvider + WordPress', bin('web-test-runner'), ['--config', 'web-test-runner.integration.config.mjs'], results('summary.json'));
suite(totals, 'store on a SQLite file and on a throwaway PostgreSQL cluster (node --test test/store/)', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${results('store.json')}`, join(root, 'test/store/')], results('store.json'));
suite(totals, 'framework examples (plain HTML, React, Vue, Svelte)', node, [join(root, 'scripts/test-examples.mjs'), '--no-build'], results('examples.json'));
// Chromium already ran the suite in `npm test`: here the other two engines.
suite(totals, 'browser suite in Firefox and WebKit', node, [join(root, 'scripts/test-engines.mjs'), '--engines', 'firefox,webkit'], results('engines.json'));

totals.finish();
