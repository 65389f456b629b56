// The browser test suite in three engines at once: Chromium, Firefox and WebKit.
// Same files, plugins and timeouts as web-test-runner.config.mjs; only the
// browsers (and the reporter, which counts per engine) differ.
//
// Run it through `node scripts/test-engines.mjs` (it starts Xvfb and
// WebKitWebDriver, and prints the plain count). Run on its own, this config
// starts them itself and stops them when the runner exits.
// ENGINES=firefox,webkit picks a subset.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import puppeteer from 'puppeteer-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import baseConfig from './web-test-runner.config.mjs';
import { requestedEngines, startWebKitServices } from './scripts/test-engines.mjs';

const engines = requestedEngines([], process.env);

const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const miniBrowserPath = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function firefox() {
  // puppeteer-core drives Firefox over WebDriver BiDi (no geckodriver needed).
  return chromeLauncher({
    puppeteer,
    launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true },
  });
}

async function webkit() {
  let port = process.env.WEBKIT_WEBDRIVER_PORT;
  if (!port) {
    const services = await startWebKitServices();
    port = String(services.port);
    process.once('exit', services.stop);
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, services.stop);
  }
  const launcher = webdriverLauncher({
    hostname: '127.0.0.1',
    port: Number(port),
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      // Without this webdriverio 9 asks for a BiDi session, which WebKitWebDriver cannot match.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
    },
  });
  // One test file at a time, each in MiniBrowser's own window: with more, the
  // launcher runs files in small iframes of one page, where WebKit throttles
  // timers and animation frames and focus is not the page's.
  const initialize = launcher.initialize.bind(launcher);
  launcher.initialize = (config, testFiles) => initialize({ ...config, concurrency: 1 }, testFiles);
  launcher.concurrency = 1;
  return launcher;
}

const launchers = {
  chromium: () => baseConfig.browsers[0],
  firefox,
  webkit,
};
const browsers = [];
for (const engine of engines) browsers.push(await launchers[engine]());

/** Counts per engine; failures name the engine, the file and the test. */
function enginesReporter(file = process.env.ENGINES_SUMMARY_FILE || '.wtr-results/engines-run.json') {
  const collect = (suite, path, session, totals) => {
    for (const test of suite.tests ?? []) {
      const name = [...path, test.name].join(' › ');
      if (test.skipped) totals.skipped++;
      else if (test.passed) totals.passed++;
      else {
        totals.failed++;
        totals.failures.push(`[${session.browser.name}] ${session.testFile.replace(`${process.cwd()}/`, '')}: ${name}${test.error ? ` — ${test.error.message}` : ''}`);
      }
    }
    for (const child of suite.suites ?? []) collect(child, [...path, child.name], session, totals);
  };
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, failures: [], byEngine: {} };
      for (const session of sessions) {
        const engine = (totals.byEngine[session.browser.name] ??= { passed: 0, failed: 0, skipped: 0, failures: [] });
        if (session.testResults) collect(session.testResults, [], session, engine);
        // A file that failed to load, timed out, or threw outside any test is a failure too.
        if ((session.errors?.length ?? 0) > 0) {
          engine.failed++;
          engine.failures.push(`[${session.browser.name}] ${session.testFile.replace(`${process.cwd()}/`, '')}: ${session.errors.map((e) => e.message).join('; ')}`);
        }
      }
      for (const engine of Object.values(totals.byEngine)) {
        totals.passed += engine.passed;
        totals.failed += engine.failed;
        totals.skipped += engine.skipped;
        totals.failures.push(...engine.failures);
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}

export default {
  ...baseConfig,
  browsers,
  // One browser per engine, all at once; each runs two test files at a time.
  concurrentBrowsers: browsers.length,
  // MiniBrowser under Xvfb hangs instead of failing when it cannot open its display.
  browserStartTimeout: 60000,
  reporters: [defaultReporter(), enginesReporter()],
};
