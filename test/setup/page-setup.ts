// Loaded by every browser test page after the test framework (web-test-runner.config.mjs,
// testRunnerHtml): a failure whose values a page cannot send is reported rather than hanging the run.
import { installReportableFailures, type SuiteLike } from './reportable-failures.js';

type RootSuite = SuiteLike & { afterAll(title: string, fn: () => void): unknown };
const framework = (globalThis as { mocha?: { suite: RootSuite } }).mocha;
if (!framework) throw new Error('test/setup/page-setup.ts: no mocha on the page (it must load after the test framework)');
installReportableFailures(framework.suite);
