// The browser test suite in Chromium, Firefox and WebKit at once.
//
//   node scripts/test-engines.mjs [--engines chromium,firefox,webkit] [web-test-runner args…]
//
// WebKit is WebKitGTK's MiniBrowser driven by WebKitWebDriver. MiniBrowser has
// no headless mode, so this script starts a private Xvfb display and the driver
// on a free port, records their PIDs in .wtr-results/engines-services.json,
// runs web-test-runner with web-test-runner.engines.config.mjs and stops both
// by PID at the end. It writes .wtr-results/engines.json
// ({ passed, failed, skipped, failures }) and prints a plain
// "N passed, N failed, N skipped" as its last line.
//
// The config imports startWebKitServices() from here when it is run on its own
// (`npx web-test-runner --config web-test-runner.engines.config.mjs`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, '.wtr-results');
export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const SERVICES_FILE = join(resultsDir, 'engines-services.json');
export const SUMMARY_FILE = join(resultsDir, 'engines.json');

/** The engines asked for: `--engines a,b` wins over `ENGINES=a,b`; all three by default. */
export function requestedEngines(argv = process.argv.slice(2), env = process.env) {
  const flag = argv.indexOf('--engines');
  const raw = flag >= 0 ? argv[flag + 1] : env.ENGINES;
  if (!raw) return [...ENGINES];
  const list = raw.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unknown = list.filter((name) => !ENGINES.includes(name));
  if (unknown.length || list.length === 0) {
    throw new Error(`Unknown engine(s) "${unknown.join(', ') || raw}": choose from ${ENGINES.join(', ')}`);
  }
  return [...new Set(list)];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
    }),
  ]);
}

/** Xvfb on the first free display: it writes the display number to fd 3 once it accepts clients. */
function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  xvfb.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise((resolve, reject) => {
    let output = '';
    xvfb.stdio[3].on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(`:${output.trim()}`);
    });
    xvfb.on('error', (error) => reject(new Error(`Xvfb could not start (${error.message}): run scripts/install-browsers.sh`)));
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)));
  });
  return { process: xvfb, ready: withTimeout(ready, 15000, 'Xvfb') };
}

async function waitForDriver(url, driver) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('WebKitWebDriver did not answer /status within 15 s');
}

function kill(pid) {
  // Each service leads its own process group (detached), so MiniBrowser and
  // its helper processes, children of the driver, go with it.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGTERM');
      return true;
    } catch {
      // already gone, or not a group leader
    }
  }
  return false;
}

/** The GTK theme names WebKitGTK reads its colour scheme from (a "-dark" suffix means dark). */
export const GTK_THEMES = { light: 'Adwaita', dark: 'Adwaita-dark' };

/**
 * Writes the XSETTINGS file and tells xsettingsd to reload it: GTK, and so
 * MiniBrowser's prefers-color-scheme, follows at once. No WebDriver command
 * can emulate the media feature in WebKitGTK; this is the desktop's own switch.
 */
export function setGtkColorScheme({ file, pid }, scheme) {
  writeFileSync(file, `Net/ThemeName "${scheme === 'dark' ? GTK_THEMES.dark : GTK_THEMES.light}"\n`);
  process.kill(pid, 'SIGHUP');
}

/**
 * Starts Xvfb, an XSETTINGS daemon (xsettingsd: how the tests switch the
 * reader's colour scheme) and WebKitWebDriver; returns
 * { display, port, xsettings: { file, pid }, pids, stop(), stopped() }.
 * stop() is synchronous, so it can run from a process 'exit' handler;
 * `await stopped()` stops them and waits until both have exited (reaped).
 */
export async function startWebKitServices() {
  const started = [];
  const exits = [];
  const cleanups = [];
  const track = (child) => {
    started.push(child.pid);
    exits.push(new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve))));
  };
  const stop = () => {
    for (const pid of started.splice(0).reverse()) kill(pid);
    for (const cleanup of cleanups.splice(0)) cleanup();
    rmSync(SERVICES_FILE, { force: true });
  };
  const stopped = async () => {
    const pids = [...started];
    stop();
    const timer = setTimeout(() => {
      for (const pid of pids) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, 5000);
    await Promise.all(exits);
    clearTimeout(timer);
  };
  try {
    const xvfb = startXvfb();
    track(xvfb.process);
    const display = await xvfb.ready;
    const xsettingsDir = mkdtempSync(join(tmpdir(), 'wtr-xsettings-'));
    cleanups.push(() => rmSync(xsettingsDir, { recursive: true, force: true }));
    const xsettingsFile = join(xsettingsDir, 'xsettingsd.conf');
    writeFileSync(xsettingsFile, `Net/ThemeName "${GTK_THEMES.light}"\n`);
    const xsettingsd = spawn('xsettingsd', ['-c', xsettingsFile], {
      stdio: 'ignore',
      env: { ...process.env, DISPLAY: display },
      detached: true,
    });
    xsettingsd.on('error', () => {});
    if (xsettingsd.pid === undefined) throw new Error('xsettingsd could not start: run scripts/install-browsers.sh');
    track(xsettingsd);
    const port = await freePort();
    const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DISPLAY: display },
      detached: true,
    });
    driver.on('error', () => {});
    if (driver.pid === undefined) throw new Error('WebKitWebDriver could not start: run scripts/install-browsers.sh');
    track(driver);
    await waitForDriver(`http://127.0.0.1:${port}`, driver);
    const pids = { xvfb: xvfb.process.pid, xsettingsd: xsettingsd.pid, webkitWebDriver: driver.pid };
    const xsettings = { file: xsettingsFile, pid: xsettingsd.pid };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(SERVICES_FILE, JSON.stringify({ display, port, xsettings, pids }, null, 2));
    return { display, port, xsettings, pids, stop, stopped };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The runner's descendants now (browsers it launched), by PID with their command lines, read from /proc. */
function descendants(rootPid) {
  const children = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return new Map();
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  const found = new Map();
  const queue = [rootPid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      try {
        found.set(child, readFileSync(`/proc/${child}/cmdline`, 'utf8'));
        queue.push(child);
      } catch {
        // gone meanwhile
      }
    }
  }
  return found;
}

/** Browsers the runner left behind (it crashed, or was killed): stopped by PID, if still the same program. */
function stopLeftovers(seen) {
  for (const [pid, cmdline] of seen) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== cmdline) continue;
      process.kill(pid, 'SIGTERM');
      console.log(`[engines] stopped leftover process ${pid} (${cmdline.split('\0')[0]})`);
    } catch {
      // already gone
    }
  }
}

function writeSummary(summary) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(SUMMARY_FILE, JSON.stringify(summary, null, 2));
}

async function main() {
  const argv = process.argv.slice(2);
  let engines;
  try {
    engines = requestedEngines(argv);
  } catch (error) {
    console.error(error.message);
    writeSummary({ passed: 0, failed: 1, skipped: 0, failures: [error.message] });
    console.log('0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
  // Everything but our own flag goes to web-test-runner (e.g. --files).
  const passThrough = argv.filter((arg, index) => arg !== '--engines' && argv[index - 1] !== '--engines');

  // Per run, so two runs at once (two engineers) do not read each other's counts.
  const summaryFile = join(resultsDir, `engines-run-${process.pid}.json`);
  rmSync(summaryFile, { force: true });
  rmSync(SUMMARY_FILE, { force: true });

  let services;
  let runner;
  const stopServices = () => services?.stop();
  process.once('exit', stopServices);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      // The runner closes its own browsers when told to stop.
      runner?.kill(signal);
      stopServices();
      process.exit(130);
    });
  }

  const started = Date.now();
  const failures = [];
  if (engines.includes('webkit')) {
    try {
      services = await startWebKitServices();
      const { xvfb, xsettingsd, webkitWebDriver } = services.pids;
      console.log(`[engines] Xvfb ${services.display} (pid ${xvfb}), xsettingsd (pid ${xsettingsd}), WebKitWebDriver :${services.port} (pid ${webkitWebDriver})`);
    } catch (error) {
      failures.push(`WebKit services: ${error.message}`);
      engines = engines.filter((name) => name !== 'webkit');
    }
  }

  let status = 0;
  let stoppedBy;
  if (engines.length) {
    const env = {
      ...process.env,
      CI: 'true',
      ENGINES: engines.join(','),
      ENGINES_SUMMARY_FILE: summaryFile,
      ...(services
        ? {
            WEBKIT_WEBDRIVER_PORT: String(services.port),
            WEBKIT_DISPLAY: services.display,
            WEBKIT_XSETTINGS_FILE: services.xsettings.file,
            WEBKIT_XSETTINGS_PID: String(services.xsettings.pid),
          }
        : {}),
    };
    const bin = join(root, 'node_modules', '.bin', 'web-test-runner');
    runner = spawn(bin, ['--config', 'web-test-runner.engines.config.mjs', ...passThrough], { cwd: root, env, stdio: 'inherit' });
    // Remember what the runner launches: puppeteer starts browsers in their own
    // process groups, so they outlive a runner that crashes.
    const seen = new Map();
    const watch = setInterval(() => {
      for (const [pid, cmdline] of descendants(runner.pid)) seen.set(pid, cmdline);
    }, 2000);
    status = await new Promise((resolve) =>
      runner.on('exit', (code, signal) => {
        stoppedBy = signal;
        resolve(code ?? (signal ? 1 : 0));
      }),
    );
    clearInterval(watch);
    runner = undefined;
    // Give a runner that ended normally a moment to have closed its browsers.
    await new Promise((resolve) => setTimeout(resolve, 500));
    stopLeftovers(seen);
  }
  await services?.stopped();

  const totals = { passed: 0, failed: failures.length, skipped: 0, failures };
  const warnings = [];
  if (existsSync(summaryFile)) {
    const run = JSON.parse(readFileSync(summaryFile, 'utf8'));
    totals.passed += run.passed;
    totals.failed += run.failed;
    totals.skipped += run.skipped;
    totals.failures.push(...run.failures);
    warnings.push(...(run.warnings ?? []));
  } else if (engines.length) {
    totals.failures.push(`web-test-runner ended without results (${stoppedBy ? `killed by ${stoppedBy}` : `exit ${status}`})`);
  }
  if (status !== 0 && totals.failed === 0) {
    totals.failed++;
    totals.failures.push(`web-test-runner ${stoppedBy ? `was killed by ${stoppedBy}` : `exited with ${status}`}`);
  }
  rmSync(summaryFile, { force: true });
  writeSummary(totals);

  if (warnings.length) {
    console.log('\nOutside the tests (each test it touched counts on its own):');
    for (const warning of warnings) console.log(`  - ${warning}`);
  }
  if (totals.failures.length) {
    console.log('\nFailed:');
    for (const failure of totals.failures) console.log(`  - ${failure}`);
  }
  console.log(`[engines] ${engines.join(', ') || 'none'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed === 0 && totals.skipped === 0 && status === 0 ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
