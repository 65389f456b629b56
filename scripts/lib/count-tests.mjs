// How many tests a suite would have run, counted from its files without
// running anything: what a suite that could not start reports as failed, so
// the closing line never hides it. The counts are lower bounds (a test
// registered in a loop counts once; a conformance run counts every check).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './suites.mjs';

/** Files below `dir` (relative to the repo) whose names end with `suffix`, minus any under `except`. */
export function filesUnder(dir, suffix, except = []) {
  const base = join(root, dir);
  let entries;
  try {
    entries = readdirSync(base, { recursive: true });
  } catch {
    return [];
  }
  return entries
    .map((entry) => join(base, String(entry)))
    .filter((file) => file.endsWith(suffix) && statSync(file).isFile())
    .filter((file) => !except.some((prefix) => relative(root, file).startsWith(prefix)))
    .sort();
}

/** The number of checks the conformance kit registers at most, from its list of ids. */
export function conformanceCheckCount() {
  const source = readFileSync(join(root, 'src/testing/conformance.ts'), 'utf8');
  const list = source.slice(source.indexOf('CONFORMANCE_CHECKS = ['), source.indexOf('] as const'));
  return (list.match(/'[a-z-]+'/g) ?? []).length;
}

/** `it('…')` / `test('…')` calls in the files, and every check of each conformance kit run. */
export function countTestCalls(files) {
  const perKit = conformanceCheckCount();
  let count = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    count += (text.match(/(?:^|[^\w.$])(?:it|test)\(\s*[`'"]/g) ?? []).length;
    count += (text.match(/(?:^|[^\w.$])runProviderConformance\(\{/g) ?? []).length * perKit;
  }
  return count;
}

/** The browser suite web-test-runner.config.mjs runs (test/**\/*.test.ts but test/integration/). */
export const browserTests = () => countTestCalls(filesUnder('test', '.test.ts', ['test/integration/']));
/** The integration suite (test/integration/**\/*.test.ts). */
export const integrationTests = () => countTestCalls(filesUnder('test/integration', '.test.ts'));
/** The store suite (node --test test/store/): its test files, and every storeSuite() / abuseSuite() / streamsSuite() run of their files' tests. */
export function storeTests() {
  const files = filesUnder('test/store', '.test.mjs');
  const runs = files.reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/(?:^|[^\w.$])storeSuite\(/g) ?? []).length, 0);
  const abuseRuns = files.reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/(?:^|[^\w.$])abuseSuite\(/g) ?? []).length, 0);
  const streamsRuns = files.reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/(?:^|[^\w.$])streamsSuite\(/g) ?? []).length, 0);
  return (
    countTestCalls(files) +
    runs * countTestCalls(filesUnder('test/store', 'store-suite.mjs')) +
    abuseRuns * countTestCalls(filesUnder('test/store', 'abuse-suite.mjs')) +
    streamsRuns * countTestCalls(filesUnder('test/store', 'streams-suite.mjs'))
  );
}
/** The import/export suite (node --test test/io/): its test files, and every ioSuite() run of io-suite.mjs's tests. */
export function ioTests() {
  const files = filesUnder('test/io', '.test.mjs');
  const runs = files.reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/(?:^|[^\w.$])ioSuite\(/g) ?? []).length, 0);
  return countTestCalls(files) + runs * countTestCalls(filesUnder('test/io', 'io-suite.mjs'));
}
/** Every story in stories/*.stories.ts: one test each. */
export const storyTests = () =>
  filesUnder('stories', '.stories.ts').reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/^export const \w+/gm) ?? []).length, 0);

/** The template-strings checker: its self-tests, one per source file, one for the template count. */
export function templateStringTests() {
  const checker = readFileSync(join(root, 'test/template-strings.test.mjs'), 'utf8');
  const selfTests = (checker.match(/^ {2}\['[^']+', /gm) ?? []).length;
  return selfTests + filesUnder('src', '.ts').filter((file) => !file.endsWith('.d.ts')).length + 1;
}

/** The package checks, as numbered in check-package.mjs's header ("7-11." → 11). */
export function packageTests() {
  const header = readFileSync(join(root, 'scripts/check-package.mjs'), 'utf8');
  const numbers = [...header.matchAll(/^\/\/ +(?:\d+-)?(\d+)\. /gm)].map((match) => Number(match[1]));
  return Math.max(1, ...numbers);
}

/** The framework examples: per example its install, type check, build and page checks; one package build. */
export function exampleTests() {
  const script = readFileSync(join(root, 'scripts/test-examples.mjs'), 'utf8');
  const pageChecks = Number(/const PAGE_CHECKS = (\d+)/.exec(script)?.[1] ?? 1);
  const examples = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
  return 1 + examples * (3 + pageChecks);
}

/** Every test `npm test` runs: its checks (scripts/test.mjs) and its suites. */
export function unitTests() {
  const script = readFileSync(join(root, 'scripts/test.mjs'), 'utf8');
  // Each check() call is one test, and the manifest block counts one more.
  const checks = (script.match(/\bcheck\(totals,/g) ?? []).length + 1;
  return checks + templateStringTests() + packageTests() + browserTests() + storyTests();
}

/** Every test `npm run test:integration` runs. */
export const integrationRunTests = () => integrationTests() + storeTests() + exampleTests() + 2 * browserTests();

// node scripts/lib/count-tests.mjs test|test:integration → the number, for .ci/run.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const which = process.argv[2];
  const counts = { test: unitTests, 'test:integration': integrationRunTests };
  if (!counts[which]) {
    console.error('usage: node scripts/lib/count-tests.mjs test|test:integration');
    process.exit(2);
  }
  console.log(counts[which]());
}
