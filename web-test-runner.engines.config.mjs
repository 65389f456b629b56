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
import baseConfig from './web-test-runner.config.mjs';
import { enginesReporter, keepRunningOnStrayErrors } from './scripts/lib/engines-reporter.mjs';
import { startSessionAwaitingNavigation } from './scripts/lib/webdriver-start.mjs';
import { requestedEngines, setGtkColorScheme, startWebKitServices } from './scripts/test-engines.mjs';

const engines = requestedEngines([], process.env);
/** What went wrong outside the tests (a launcher's stray rejection): logged, and listed in the summary. */
const strayErrors = [];
keepRunningOnStrayErrors(strayErrors);

const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const miniBrowserPath = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Each test page in its own browser context: two files run at once per
 * browser, and with one shared context one file's localStorage.clear() wipes
 * the draft another file is checking (seen in Firefox, possible anywhere).
 */
const isolatedPage = async ({ browser }) => (await browser.createBrowserContext()).newPage();

// One test file at a time per engine: three browsers already share the
// machine (2 cores in CI), and WebKit, one file at a time, sets the pace anyway;
// more pages only make timing-sensitive tests (chunked rendering) miss their limits.
const PAGES_PER_ENGINE = 1;

function chromium() {
  const launcher = baseConfig.browsers[0];
  launcher.createPageFn = isolatedPage;
  launcher.concurrency = PAGES_PER_ENGINE;
  launcher.engine = 'chromium';
  return launcher;
}

function firefox() {
  // puppeteer-core drives Firefox over WebDriver BiDi (no geckodriver needed).
  // System access lets emulateMedia set the tab's colour scheme (see below);
  // this is a throwaway test profile.
  const launcher = chromeLauncher({
    puppeteer,
    launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true, args: ['-remote-allow-system-access'] },
    createPage: isolatedPage,
    concurrency: PAGES_PER_ENGINE,
  });
  launcher.engine = 'firefox';
  return launcher;
}

/**
 * Firefox: BiDi has no media-feature emulation (puppeteer falls back to CDP,
 * which Firefox lacks), but the tab's BrowsingContext has the override that
 * Firefox's own devtools use. Set it from the browser's chrome scope.
 */
async function firefoxColorScheme(launcher, sessionId, scheme) {
  const page = launcher.getPage(sessionId);
  const connection = page.browser().connection;
  const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const chrome = tree.contexts[0]?.context;
  if (!chrome) throw new Error('Firefox exposes no chrome context: was it started with -remote-allow-system-access?');
  const expression = `(() => {
    const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs');
    const context = NavigableManager.getBrowsingContextById(${JSON.stringify(page.mainFrame()._id)});
    context.top.prefersColorSchemeOverride = ${JSON.stringify(scheme === 'light' || scheme === 'dark' ? scheme : 'none')};
    return context.top.prefersColorSchemeOverride;
  })()`;
  const { result } = await connection.send('script.evaluate', { expression, target: { context: chrome }, awaitPromise: false });
  if (result.type !== 'success') throw new Error(`Firefox refused the colour scheme override: ${JSON.stringify(result.exceptionDetails ?? result)}`);
}

/** WebKit: switch the GTK theme through xsettingsd, then wait until the page sees it. */
async function webkitColorScheme(launcher, scheme) {
  const file = process.env.WEBKIT_XSETTINGS_FILE;
  const pid = Number(process.env.WEBKIT_XSETTINGS_PID);
  if (!file || !pid) throw new Error('No xsettingsd for WebKit: run through scripts/test-engines.mjs');
  const dark = scheme === 'dark';
  setGtkColorScheme({ file, pid }, dark ? 'dark' : 'light');
  launcher.colorScheme = dark ? 'dark' : 'light';
  // The launcher's WebDriver session is on the test page (one file at a time).
  const deadline = Date.now() + 3000;
  for (;;) {
    const matches = await launcher.driver.execute(() => matchMedia('(prefers-color-scheme: dark)').matches);
    if (matches === dark) return;
    if (Date.now() > deadline) throw new Error(`MiniBrowser did not switch to prefers-color-scheme: ${scheme}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** WebDriver's code points for named keys (W3C WebDriver, "keyboard actions"). */
const WEBDRIVER_KEYS = {
  Cancel: '\uE001', Help: '\uE002', Backspace: '\uE003', Tab: '\uE004', Clear: '\uE005', Enter: '\uE007',
  Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Pause: '\uE00B', Escape: '\uE00C', Space: '\uE00D',
  PageUp: '\uE00E', PageDown: '\uE00F', End: '\uE010', Home: '\uE011', ArrowLeft: '\uE012', ArrowUp: '\uE013',
  ArrowRight: '\uE014', ArrowDown: '\uE015', Insert: '\uE016', Delete: '\uE017', Meta: '\uE03D',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`F${i + 1}`, String.fromCharCode(0xe031 + i)])),
};
function webdriverKey(name) {
  if (WEBDRIVER_KEYS[name]) return WEBDRIVER_KEYS[name];
  if ([...name].length === 1) return name;
  throw new Error(`sendKeys: unknown key "${name}"`);
}

/**
 * sendKeys() for WebKit. The built-in command supports only press and type on
 * WebDriver, and releases every key after each call, so { down: 'Shift' } then
 * { press: 'Tab' } cannot make Shift+Tab. Here each call is one W3C key action
 * sequence, and keys held down stay down until { up }.
 */
async function webdriverSendKeys(launcher, sessionId, payload) {
  const steps = [];
  const press = (key) => steps.push({ type: 'keyDown', value: key }, { type: 'keyUp', value: key });
  if (typeof payload.type === 'string') for (const char of payload.type) press(char);
  else if (typeof payload.press === 'string') {
    // 'Shift+Tab' as in Playwright: modifiers down, the key, modifiers up.
    const keys = payload.press.length > 1 && payload.press.includes('+') ? payload.press.split('+') : [payload.press];
    const modifiers = keys.slice(0, -1).map(webdriverKey);
    for (const modifier of modifiers) steps.push({ type: 'keyDown', value: modifier });
    press(webdriverKey(keys.at(-1)));
    for (const modifier of modifiers.reverse()) steps.push({ type: 'keyUp', value: modifier });
  } else if (typeof payload.down === 'string') steps.push({ type: 'keyDown', value: webdriverKey(payload.down) });
  else if (typeof payload.up === 'string') steps.push({ type: 'keyUp', value: webdriverKey(payload.up) });
  else throw new Error(`sendKeys: unsupported payload ${JSON.stringify(payload)}`);
  await launcher.driverManager.performActions(sessionId, [{ type: 'key', id: 'keyboard', actions: steps }]);
}

/**
 * The @web/test-runner-commands the tests use, in every engine:
 * emulateMedia({ colorScheme }) (the built-in handles Chromium; it throws for
 * Firefox, CDP only, and for WebDriver browsers) and sendKeys down/up on
 * WebKit. The built-ins run first, so this plugin puts itself ahead of them.
 */
function engineCommandsPlugin() {
  const plugin = {
    name: 'engine-commands',
    serverStart({ config }) {
      const api = config.plugins.find((candidate) => candidate.name === 'test-runner-api');
      if (!api?.plugins) throw new Error('engine-commands: the test runner API plugin was not found');
      api.plugins.splice(api.plugins.indexOf(plugin), 1);
      api.plugins.unshift(plugin);
    },
    async executeCommand({ command, payload, session }) {
      const engine = session.browser.engine;
      if (command === 'send-keys' && engine === 'webkit') {
        await webdriverSendKeys(session.browser, session.id, payload ?? {});
        return true;
      }
      if (command !== 'emulate-media' || (engine !== 'firefox' && engine !== 'webkit')) return undefined;
      const unsupported = Object.keys(payload ?? {}).filter((key) => key !== 'colorScheme' && payload[key] != null);
      if (unsupported.length) throw new Error(`emulateMedia(${unsupported.join(', ')}) is not supported in ${session.browser.name} here, only colorScheme`);
      if (engine === 'firefox') await firefoxColorScheme(session.browser, session.id, payload.colorScheme);
      else await webkitColorScheme(session.browser, payload.colorScheme);
      return true;
    },
  };
  return plugin;
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
      // Navigations return at once: the test page reports over the runner's own socket, and
      // waiting for a load event is what hung (a navigation to about:blank after a file's
      // results were in, 120 s, then a failure with every test passed).
      pageLoadStrategy: 'none',
      'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
    },
  });
  // One test file at a time, each in MiniBrowser's own window: with more, the
  // launcher runs files in small iframes of one page, where WebKit throttles
  // timers and animation frames and focus is not the page's.
  const initialize = launcher.initialize.bind(launcher);
  launcher.initialize = (config, testFiles) => initialize({ ...config, concurrency: 1 }, testFiles);
  launcher.concurrency = 1;
  launcher.engine = 'webkit';
  launcher.startSession = startSessionAwaitingNavigation(launcher, async () => {
    // The colour scheme is the whole desktop's: each test file starts light, as in the other engines.
    if (launcher.colorScheme === 'dark') await webkitColorScheme(launcher, 'light').catch(() => {});
    launcher.colorScheme = 'light';
  });
  return launcher;
}

const launchers = {
  chromium,
  firefox,
  webkit,
};
const browsers = [];
for (const engine of engines) browsers.push(await launchers[engine]());

export default {
  ...baseConfig,
  browsers,
  plugins: [...(baseConfig.plugins ?? []), engineCommandsPlugin()],
  // One browser per engine, all at once.
  concurrentBrowsers: browsers.length,
  // MiniBrowser under Xvfb hangs instead of failing when it cannot open its display.
  browserStartTimeout: 60000,
  // A file that takes minutes in one engine is a defect to report, not to wait for.
  testsFinishTimeout: Number(process.env.ENGINES_FILE_TIMEOUT) || 180000,
  reporters: [defaultReporter(), enginesReporter({ file: process.env.ENGINES_SUMMARY_FILE || '.wtr-results/engines-run.json', errors: strayErrors })],
};
