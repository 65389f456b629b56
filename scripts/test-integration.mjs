// npm run test:integration: the real backends (the reference server over HTTP, its store on
// SQLite and on PostgreSQL, a real WordPress), the framework examples, and the browser suite in
// Chromium, Firefox and WebKit. Run `npm test` first (it builds dist/). Last line: "N passed, N failed, N skipped".
import { basename, join } from 'node:path';
import { Totals, bin, results, root, suite } from './lib/suites.mjs';
import { browserTests, countTestCalls, exampleTests, filesUnder, integrationTests, ioTests, storeTests } from './lib/count-tests.mjs';

const totals = new Totals();
const node = process.execPath;

suite(totals, 'integration: RestProvider + reference server, WordPressProvider + WordPress', bin('web-test-runner'), ['--config', 'web-test-runner.integration.config.mjs'], results('summary.json'), { expected: integrationTests });
// The reference server again on PostgreSQL: the REST files (its suite and the conformance kit) only.
suite(totals, 'integration on PostgreSQL: RestProvider + reference server (REST_STORE=postgres, test/integration/rest-*)', bin('web-test-runner'), ['test/integration/rest-*.test.ts', '--config', 'web-test-runner.integration.config.mjs'], results('summary-postgres.json'), {
  env: { ...process.env, CI: 'true', REST_STORE: 'postgres', INTEGRATION_SERVICES: 'rest-server' },
  expected: () => countTestCalls(filesUnder('test/integration', '.test.ts').filter((file) => basename(file).startsWith('rest-'))),
});
suite(totals, 'store on a SQLite file and on a throwaway PostgreSQL cluster (node --test test/store/)', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${results('store.json')}`, join(root, 'test/store/')], results('store.json'), { expected: storeTests });
suite(totals, 'import, export and backup on SQLite and PostgreSQL, WXR from a real WordPress (node --test test/io/)', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${results('io.json')}`, join(root, 'test/io/')], results('io.json'), { expected: ioTests });
suite(totals, 'reference server processes: two instances on one PostgreSQL, health, graceful shutdown (node --test test/server/)', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${results('server.json')}`, join(root, 'test/server/')], results('server.json'), {
  expected: () => countTestCalls(filesUnder('test/server', '.test.mjs')),
});
suite(totals, 'sign-in: server/auth against a real oidc-provider process, <login-picker> in Chromium (node --test test/server-auth/)', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/node-test-summary.mjs')}`, `--test-reporter-destination=${results('sign-in.json')}`, join(root, 'test/server-auth/')], results('sign-in.json'), { expected: () => countTestCalls(filesUnder('test/server-auth', '.test.mjs')) });
suite(totals, 'framework examples (plain HTML, React, Vue, Svelte)', node, [join(root, 'scripts/test-examples.mjs'), '--no-build'], results('examples.json'), { expected: exampleTests });
// Chromium already ran the suite in `npm test`: here the other two engines.
suite(totals, 'browser suite in Firefox and WebKit', node, [join(root, 'scripts/test-engines.mjs'), '--engines', 'firefox,webkit'], results('engines.json'), { expected: () => 2 * browserTests() });

totals.finish();
