// node --test scripts/lib: a WebDriver browser's test file starts only once its navigation has,
// and a navigation that fails is that start's failure. Against the real @web/test-runner-webdriver
// and webdriverio, talking HTTP to a stand-in WebDriver server on loopback (it answers a new
// session, and holds or refuses the navigation).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { startSessionAwaitingNavigation } from './webdriver-start.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** How the stand-in answers `POST /session/:id/url`: 'hold' (never, until the test ends) or 'refuse'. */
let navigation = 'hold';
const held = [];
const server = createServer((request, response) => {
  const answer = (status, value) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ value }));
  };
  request.resume();
  request.on('end', () => {
    if (request.method === 'POST' && request.url === '/session') return answer(200, { sessionId: 'stand-in', capabilities: { browserName: 'stand-in' } });
    if (request.url.endsWith('/url')) {
      if (navigation === 'hold') return void held.push(response);
      return answer(500, { error: 'unknown error', message: 'the navigation failed' });
    }
    answer(200, null);
  });
});

before(() => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve)));
const launchers = [];
after(async () => {
  for (const response of held) response.destroy();
  // Their heartbeat timers and sessions go (the stand-in answers the session's deletion).
  await Promise.all(launchers.map((made) => made.stop()));
  server.closeAllConnections();
  server.close();
});

/** A launcher on the stand-in, initialised as the runner does (one file at a time), its session made. */
async function launcher() {
  const made = webdriverLauncher({
    hostname: '127.0.0.1',
    port: server.address().port,
    path: '/',
    logLevel: 'silent',
    connectionRetryCount: 0,
    capabilities: { browserName: 'stand-in', 'wdio:enforceWebDriverClassic': true },
  });
  await made.initialize({ concurrency: 1, coverage: false });
  // The session with the stand-in made now: what is timed below is the navigation alone.
  await made.ensureManagerInitialized();
  launchers.push(made);
  return made;
}

/** Whether `promise` settles within `ms`: 'resolved', 'rejected: …' or 'pending'. */
const settles = (promise, ms = 300) =>
  Promise.race([
    promise.then(() => 'resolved', (error) => `rejected: ${error.message}`),
    new Promise((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);

describe('startSessionAwaitingNavigation', () => {
  it('the library alone: started before its navigation answered, whose failure then ends the process (what this replaces)', () => {
    // In a process of its own, as web-test-runner is: a stand-in that takes the navigation and
    // then drops the connection; the session is started with the library's own startSession.
    const program = `
      import { createServer } from 'node:http';
      import { webdriverLauncher } from '@web/test-runner-webdriver';
      const server = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          if (request.url.endsWith('/url')) return void setTimeout(() => response.destroy(), 100);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ value: request.url === '/session' ? { sessionId: 's', capabilities: {} } : null }));
        });
      }).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const launcher = webdriverLauncher({ hostname: '127.0.0.1', port: server.address().port, path: '/', logLevel: 'silent',
        connectionRetryCount: 0, capabilities: { browserName: 'stand-in', 'wdio:enforceWebDriverClassic': true } });
      await launcher.initialize({ concurrency: 1, coverage: false });
      await launcher.ensureManagerInitialized();
      await launcher.startSession('one', 'http://127.0.0.1:1/');
      console.log('started');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      console.log('still running');
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: root, encoding: 'utf8', timeout: 30000 });
    assert.match(child.stdout, /started/);
    assert.doesNotMatch(child.stdout, /still running/);
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /WebDriverError/);
  });

  it('waits for the navigation, after `before`', async () => {
    navigation = 'hold';
    const made = await launcher();
    const calls = [];
    const started = startSessionAwaitingNavigation(made, async () => calls.push('before'))('two', 'http://127.0.0.1:1/');
    assert.equal(await settles(started), 'pending');
    assert.deepEqual(calls, ['before']);
  });

  it('fails with the navigation: the file fails, nothing is left unhandled', async () => {
    navigation = 'refuse';
    const made = await launcher();
    const unhandled = [];
    const note = (reason) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const result = await settles(startSessionAwaitingNavigation(made)('three', 'http://127.0.0.1:1/'), 5000);
      assert.match(result, /^rejected: .*the navigation failed/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', note);
    }
  });
});
