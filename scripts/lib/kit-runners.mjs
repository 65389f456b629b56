// The conformance kit as a provider author runs it: `comment-thread/testing`
// from the packed package installed in a folder outside the repo, under each
// test runner the README names (mocha, Jest, Vitest, node:test,
// web-test-runner), installed there from the registry. Each runner runs the
// kit twice: against InMemoryProvider (every check registered must pass, none
// skipped) and against the same provider answering a wrong `total` (the
// "paging" check must fail, its message naming the rule), so the check can fail.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROME_PATH, CHROMIUM_ARGS } from './chromium.mjs';

/** Runner versions that run on Node 20 (Vitest 5 and mocha 12 need newer). */
export const RUNNERS = ['mocha@11', 'jest@30', 'vitest@4', '@web/test-runner@0.20', '@web/test-runner-chrome@0.18', 'puppeteer-core@24'];

/** The failure the broken provider must produce, named by its rule. */
const BROKEN_MESSAGE = 'paging: total on page 1 must be 7, got 999';

const PROVIDER = `// The provider under test, as an author would wire theirs: InMemoryProvider
// from the package, with hooks into its storage. broken: answers a wrong total.
import { InMemoryProvider } from 'comment-thread/providers';

export function conformanceOptions(runner, broken) {
  let current;
  let threads = {};
  return {
    name: \`InMemoryProvider from the packed package (\${runner})\`,
    createProvider: () => {
      threads = {};
      current = new InMemoryProvider({
        latency: 1,
        threads,
        identityOptions: [{ id: 'guest', label: 'Guest', kind: 'guest' }, { id: 'demo', label: 'Demo', kind: 'oauth' }],
      });
      if (broken) {
        const list = current.listComments.bind(current);
        // Wrong once a thread has a few comments: the "paging" check alone sees it.
        current.listComments = async (...args) => {
          const page = await list(...args);
          return page.total > 1 ? { ...page, total: 999 } : page;
        };
      }
      return current;
    },
    seed: async (_threadId, records) => {
      for (const record of records) current.addExternal(record);
    },
    closeThread: async (threadId) => {
      threads[threadId] = { closed: true };
    },
    // A second reader of the same store who moderates: turns on the moderation checks.
    moderator: () => current.moderatorView(),
  };
}
`;

/** One test file per runner; `globals` runners find describe/it on globalThis. */
const FILES = {
  mocha: { name: 'kit.mocha.mjs', head: '', pass: '' },
  jest: { name: 'kit.jest.test.mjs', head: '', pass: '' },
  vitest: { name: 'kit.vitest.test.mjs', head: "import { describe, it } from 'vitest';\n", pass: ', describe, it' },
  'node:test': { name: 'kit.node.test.mjs', head: "import { describe, it } from 'node:test';\n", pass: ', describe, it' },
  'web-test-runner': { name: 'kit.wtr.test.mjs', head: '', pass: '' },
};

function testFile(runner, broken) {
  const { head, pass } = FILES[runner];
  return `${head}import { runProviderConformance } from 'comment-thread/testing';
import { conformanceOptions } from './provider.mjs';

await runProviderConformance({ ...conformanceOptions('${runner}', ${broken})${pass} });
`;
}

const WTR_CONFIG = `import { chromeLauncher } from '@web/test-runner-chrome';
import { writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failures.push(\`\${test.name}: \${test.error?.message ?? ''}\`);
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export default {
  nodeResolve: true,
  browsers: [chromeLauncher({ puppeteer, launchOptions: { executablePath: ${JSON.stringify(CHROME_PATH)}, headless: true, args: ${JSON.stringify(CHROMIUM_ARGS)} } })],
  testFramework: { config: { timeout: 20000 } },
  reporters: [
    {
      onTestRunFinished({ sessions }) {
        const totals = { passed: 0, skipped: 0, failures: [] };
        for (const session of sessions) {
          if (session.testResults) count(session.testResults, totals);
          for (const error of session.errors ?? []) totals.failures.push(error.message);
        }
        writeFileSync(process.env.KIT_RESULT, JSON.stringify(totals));
      },
    },
  ],
};
`;

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000, ...options });
  return { status: result.status ?? result.signal ?? String(result.error), output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Jest's and Vitest's JSON report: counts and failure messages. */
function jestLike(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failures = report.testResults.flatMap((suite) =>
    suite.assertionResults.filter((test) => test.status === 'failed').map((test) => `${test.title}: ${test.failureMessages.join(' ')}`),
  );
  if (report.numFailedTestSuites && !failures.length) failures.push(...report.testResults.map((suite) => suite.message).filter(Boolean));
  return { passed: report.numPassedTests, skipped: report.numPendingTests + (report.numTodoTests ?? 0), failures };
}

/** Runs one runner over one test file; answers { passed, skipped, failures } or throws with the output. */
function runOnce(runner, dir, file) {
  const result = join(dir, `${file}.result.json`);
  rmSync(result, { force: true });
  const env = { ...process.env, KIT_RESULT: result, CI: 'true', NODE_OPTIONS: '' };
  const bin = (name) => join(dir, 'node_modules', '.bin', name);
  let outcome;
  if (runner === 'mocha') {
    outcome = run(bin('mocha'), [file, '--reporter', 'json', '--reporter-option', `output=${result}`, '--timeout', '20000'], { cwd: dir, env });
    if (existsSync(result)) {
      const report = JSON.parse(readFileSync(result, 'utf8'));
      return { passed: report.stats.passes, skipped: report.stats.pending, failures: report.failures.map((test) => `${test.fullTitle}: ${test.err.message}`) };
    }
  } else if (runner === 'jest') {
    const args = ['--experimental-vm-modules', join(dir, 'node_modules', 'jest', 'bin', 'jest.js'), '--rootDir', dir, '--testMatch', `**/${file}`, '--testTimeout', '20000', '--json', '--outputFile', result];
    outcome = run(process.execPath, args, { cwd: dir, env });
    if (existsSync(result)) return jestLike(result);
  } else if (runner === 'vitest') {
    outcome = run(bin('vitest'), ['run', file, '--reporter=json', `--outputFile=${result}`, '--testTimeout=20000'], { cwd: dir, env });
    if (existsSync(result)) return jestLike(result);
  } else if (runner === 'node:test') {
    outcome = run(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: dir, env });
    const tally = (name) => Number(outcome.output.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? NaN);
    if (!Number.isNaN(tally('pass'))) {
      // TAP carries each failure's message in the output: one entry per failed test, each the whole output.
      const failures = Array.from({ length: tally('fail') }, () => outcome.output);
      return { passed: tally('pass'), skipped: tally('skipped') + tally('todo') + tally('cancelled'), failures };
    }
  } else {
    outcome = run(bin('wtr'), [file, '--config', 'web-test-runner.config.mjs'], { cwd: dir, env });
    if (existsSync(result)) return JSON.parse(readFileSync(result, 'utf8'));
  }
  throw new Error(`${runner} wrote no results (exit ${outcome.status}):\n${outcome.output.trim().split('\n').slice(-30).join('\n')}`);
}

/**
 * Writes the kit's test files into `dir` (a folder with the tarball installed),
 * installs the runners there and answers one check per runner: a function
 * answering its problems (empty when it passed).
 */
export function prepareKitRunners(dir) {
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--prefer-offline', ...RUNNERS], { cwd: dir });
  writeFileSync(join(dir, 'provider.mjs'), PROVIDER);
  writeFileSync(join(dir, 'web-test-runner.config.mjs'), WTR_CONFIG);
  return Object.keys(FILES).map((runner) => ({
    runner,
    check: async () => {
      if (installed.status !== 0) return [`npm install ${RUNNERS.join(' ')} failed:\n${installed.output.trim()}`];
      // How many checks the kit registers for this provider: its own list (the provider has every member and hook).
      const { CONFORMANCE_CHECKS } = await import(pathToFileURL(join(dir, 'node_modules', 'comment-thread', 'dist', 'testing', 'conformance.js')).href);
      const problems = [];
      for (const broken of [false, true]) {
        const file = broken ? FILES[runner].name.replace('kit.', 'kit-broken.') : FILES[runner].name;
        writeFileSync(join(dir, file), testFile(runner, broken));
        let counts;
        try {
          counts = runOnce(runner, dir, file);
        } catch (error) {
          problems.push(error.message);
          continue;
        }
        const { passed, skipped, failures } = counts;
        if (!broken) {
          if (passed !== CONFORMANCE_CHECKS.length) problems.push(`${passed} checks passed, expected ${CONFORMANCE_CHECKS.length} (every check of the kit)`);
          if (skipped) problems.push(`${skipped} checks skipped`);
          if (failures.length) problems.push(...failures.map((failure) => `failed: ${failure.slice(0, 800)}`));
        } else {
          if (failures.length !== 1) problems.push(`a provider with a wrong total: expected exactly the "paging" check to fail, got ${failures.length} failures`);
          if (!failures.some((failure) => failure.includes(BROKEN_MESSAGE))) {
            problems.push(`a provider with a wrong total: no failure says "${BROKEN_MESSAGE}":\n${failures.join('\n').slice(0, 1500)}`);
          }
          if (passed !== CONFORMANCE_CHECKS.length - 1) problems.push(`a provider with a wrong total: ${passed} checks passed, expected ${CONFORMANCE_CHECKS.length - 1}`);
        }
      }
      return problems;
    },
  }));
}
