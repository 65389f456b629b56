// npm run test:integration: the real backends (the reference server over HTTP, its store on
// SQLite and on PostgreSQL, a real WordPress), the framework examples, and the browser suite in
// Chromium, Firefox and WebKit. Run `npm test` first (it builds dist/). Last line: "N passed, N failed, N skipped".
import { basename, join } from 'node:path';
import { Totals, bin, results, root, suite } from './lib/suites.mjs';
import { browserTests, countTestCalls, exampleTests, filesUnder, integrationTests, ioTests, storeTests } from './lib/count-tests.mjs';

const totals = new Totals();
const node = process.execPath;

/**
 * A folder of `node --test` files, counted by their own reporter (and, should the suite not
 * start, by the tests its files declare).
 * @param {string} label @param {string} dir @param {string} name @param {() => number} [expected]
 */
function nodeSuite(label, dir, name, expected = () => countTestCalls(filesUnder(dir, '.test.mjs'))) {
  const summary = results(`${name}.json`);
  const args = ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${summary}`, join(root, dir, '/')];
  suite(totals, `${label} (node --test ${dir}/)`, node, args, summary, { expected });
}

suite(totals, 'integration: RestProvider + reference server, WordPressProvider + WordPress', bin('web-test-runner'), ['--config', 'web-test-runner.integration.config.mjs'], results('summary.json'), { expected: integrationTests });
// The reference server again on PostgreSQL: the REST files (its suite and the conformance kit) only.
suite(totals, 'integration on PostgreSQL: RestProvider + reference server (REST_STORE=postgres, test/integration/rest-*)', bin('web-test-runner'), ['test/integration/rest-*.test.ts', '--config', 'web-test-runner.integration.config.mjs'], results('summary-postgres.json'), {
  env: { ...process.env, CI: 'true', REST_STORE: 'postgres', INTEGRATION_SERVICES: 'rest-server' },
  expected: () => countTestCalls(filesUnder('test/integration', '.test.ts').filter((file) => basename(file).startsWith('rest-'))),
});
// The WordPress files again on a current WordPress (Debian trixie's 6.8; the run above is on
// Debian 12's 6.1): scripts/wordpress/install-wordpress-current.sh puts it beside 6.1.
suite(totals, 'integration: WordPressProvider + the plugin on WordPress 6.8 (test/integration/wordpress-*)', bin('web-test-runner'), ['test/integration/wordpress-*.test.ts', '--config', 'web-test-runner.integration.config.mjs'], results('summary-wordpress-current.json'), {
  env: { INTEGRATION_SERVICES: 'wordpress', WORDPRESS_VERSION: 'current', INTEGRATION_SUMMARY: '.wtr-results/summary-wordpress-current.json' },
  expected: () => countTestCalls(filesUnder('test/integration', '.test.ts').filter((file) => basename(file).startsWith('wordpress-'))),
});
nodeSuite('store on a SQLite file and on a throwaway PostgreSQL cluster', 'test/store', 'store', storeTests);
nodeSuite('import, export and backup on SQLite and PostgreSQL, WXR from a real WordPress', 'test/io', 'io', ioTests);
nodeSuite('reference server processes: two instances on one PostgreSQL, health, graceful shutdown', 'test/server', 'server');
nodeSuite('sign-in: server/auth against a real oidc-provider process, <login-picker> in Chromium, a page on another site (token sessions) in Firefox, WebKit and Chromium', 'test/server-auth', 'sign-in');
nodeSuite('abuse limits and spam checks of the reference server over HTTP, Akismet on loopback', 'test/abuse', 'abuse');
nodeSuite('moderation on the reference server over HTTP, on SQLite and PostgreSQL', 'test/moderation', 'moderation');
nodeSuite('email notifications: reference server + smtp-server on loopback (SQLite, PostgreSQL), the form in Chromium', 'test/notify', 'notify');
suite(totals, 'examples (plain HTML, React, Vue, Svelte, static site)', node, [join(root, 'scripts/test-examples.mjs'), '--no-build'], results('examples.json'), { expected: exampleTests });
// Chromium already ran the suite in `npm test`: here the other two engines.
suite(totals, 'browser suite in Firefox and WebKit', node, [join(root, 'scripts/test-engines.mjs'), '--engines', 'firefox,webkit'], results('engines.json'), { expected: () => 2 * browserTests() });

totals.finish();
