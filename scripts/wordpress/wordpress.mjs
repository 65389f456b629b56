// A private, real WordPress for tests: MariaDB on a socket, PHP's built-in server, WordPress 6.1
// from Debian's packages (or 6.8 from Debian trixie's, `version: 'current'`) installed and seeded
// without wp-cli. Nothing is installed here: run
// scripts/wordpress/install-packages.sh first (CI does).
//
//   node scripts/wordpress/wordpress.mjs start   # prints the instance as JSON, keeps running until Ctrl+C
//
// From code: `const wp = await startWordPress(); …; await wp.stop();`
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemblePlugin } from './package-plugin.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const REQUIRED = ['mariadb-install-db', 'mariadbd', 'mariadb', 'php'];

/**
 * The WordPress versions the tests run on: `debian` (Debian 12's package, 6.1; the default) and
 * `current` (Debian trixie's, 6.8, put beside it by scripts/wordpress/install-wordpress-current.sh).
 */
export const WORDPRESS_SOURCES = {
  debian: '/usr/share/wordpress',
  current: process.env.WORDPRESS_CURRENT_DIR || '/usr/local/share/comment-thread/wordpress-trixie',
};

/** The folder of a version name (`debian`, `current`; `6.1` and `6.8` are accepted too). */
export function wordpressSource(version = 'debian') {
  const name = { '6.1': 'debian', '6.8': 'current' }[version] ?? version;
  const source = WORDPRESS_SOURCES[name];
  if (!source) throw new Error(`Unknown WordPress version "${version}": use ${Object.keys(WORDPRESS_SOURCES).join(' or ')}.`);
  return source;
}

/** The `$wp_version` of a WordPress folder. */
export function wordpressVersion(source) {
  return readFileSync(join(source, 'wp-includes', 'version.php'), 'utf8').match(/\$wp_version = '([^']+)'/)?.[1] ?? 'unknown';
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function which(command) {
  return (spawnSync('/bin/sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout ?? '').trim() || null;
}

/** Throws a clear message when the Debian packages are missing (the run must be red, not skipped). */
export function checkPackages(source = WORDPRESS_SOURCES.debian) {
  const missing = REQUIRED.filter((command) => !which(command) && !existsSync(`/usr/sbin/${command}`));
  if (!existsSync(join(source, 'wp-settings.php'))) {
    if (source !== WORDPRESS_SOURCES.debian) {
      throw new Error(`A test WordPress cannot start: no WordPress in ${source}. Run scripts/wordpress/install-wordpress-current.sh.`);
    }
    missing.push(source);
  }
  const mysqli = spawnSync('php', ['-r', 'exit(extension_loaded("mysqli") ? 0 : 1);']);
  if (mysqli.status !== 0) missing.push('php-mysql (mysqli)');
  if (missing.length) {
    throw new Error(
      `A test WordPress cannot start: missing ${missing.join(', ')}. ` +
        'Install the packages with scripts/wordpress/install-packages.sh (wordpress mariadb-server php-cli php-mysql curl).',
    );
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check, what, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

function canConnect(options) {
  return new Promise((resolve) => {
    const socket = connect(options);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function killGroup(pid, signal = 'SIGTERM') {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited child that Node has not reaped yet (a zombie) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const phpString = (value) => `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Starts a fresh WordPress in a new state folder under `.tmp/` and resolves once it answers.
 * Resolves to { url, restUrl, posts, users, seedComments, stateDir, admin(action, …args), stop(), stopSync() }.
 */
export async function startWordPress({ log = () => {}, plugin = false, version = 'debian' } = {}) {
  const WORDPRESS_SOURCE = wordpressSource(version);
  checkPackages(WORDPRESS_SOURCE);
  const started = Date.now();
  mkdirSync(join(root, '.tmp'), { recursive: true });
  // Short: the MariaDB socket path must stay under ~100 characters.
  const stateDir = mkdtempSync(join(root, '.tmp', 'wp-'));
  const dbDir = join(stateDir, 'db');
  const runDir = join(stateDir, 'run');
  const wpDir = join(stateDir, 'wp');
  const socket = join(runDir, 'my.sock');
  mkdirSync(runDir, { recursive: true });
  const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  const pids = { mariadb: 0, php: 0 };
  const logs = [];

  // MariaDB may still be writing for a moment after TERM: retry, and never let cleanup hide an error.
  const removeState = () => {
    try {
      rmSync(stateDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    } catch (error) {
      console.error(`[wordpress] could not remove ${stateDir}: ${error.message}`);
    }
  };
  // On process exit only synchronous work runs: wait for the processes with a blocking sleep.
  const stopSync = () => {
    const { php, mariadb } = pids;
    killGroup(php);
    killGroup(mariadb);
    pids.php = pids.mariadb = 0;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < 100 && (isAlive(php) || isAlive(mariadb)); i++) Atomics.wait(pause, 0, 0, 50);
    if (isAlive(mariadb)) killGroup(mariadb, 'SIGKILL');
    if (isAlive(php)) killGroup(php, 'SIGKILL');
    removeState();
  };
  const stop = async () => {
    const { php, mariadb } = pids;
    killGroup(php);
    killGroup(mariadb);
    pids.php = pids.mariadb = 0;
    // MariaDB flushes on TERM; give it a moment before the folder goes.
    for (let i = 0; i < 50 && (isAlive(php) || isAlive(mariadb)); i++) await sleep(100);
    if (isAlive(mariadb)) killGroup(mariadb, 'SIGKILL');
    if (isAlive(php)) killGroup(php, 'SIGKILL');
    removeState();
  };

  try {
    // 1. The database, on a private socket only.
    execFileSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${dbDir}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const mariadb = spawn(
      which('mariadbd') ?? '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${dbDir}`,
        `--socket=${socket}`,
        `--pid-file=${join(runDir, 'mariadb.pid')}`,
        '--skip-networking',
        `--user=${user}`,
        '--innodb-buffer-pool-size=32M',
        '--skip-log-bin',
      ],
      { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    pids.mariadb = mariadb.pid;
    mariadb.stderr.on('data', (chunk) => logs.push(`mariadbd: ${chunk}`));
    await waitFor(() => canConnect({ path: socket }), 'MariaDB');
    execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot'], {
      input:
        "CREATE DATABASE wordpress CHARACTER SET utf8mb4; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp';" +
        " GRANT ALL ON wordpress.* TO 'wp'@'localhost';",
    });
    log(`database ready in ${Date.now() - started} ms`);

    // 2. WordPress's files, with a config of our own (Debian's reads /etc/wordpress only).
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    cpSync(WORDPRESS_SOURCE, wpDir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !source.startsWith(join(WORDPRESS_SOURCE, 'wp-content', 'languages')) && !source.endsWith('.htaccess'),
    });
    writeFileSync(
      join(wpDir, 'wp-config.php'),
      `<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', ${phpString(`localhost:${socket}`)});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
${['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE']
  .flatMap((name) => [`${name}_KEY`, `${name}_SALT`])
  .map((name) => `define('${name}', ${phpString(`${name}-${stateDir}-${Math.random()}`)});`)
  .join('\n')}
$table_prefix = 'wp_';
define('WP_HOME', ${phpString(url)});
define('WP_SITEURL', ${phpString(url)});
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);
define('FS_METHOD', 'direct');
if (!defined('ABSPATH')) {
  define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
`,
    );
    // WordPress's own German and Arabic translations (Debian's wordpress-l10n), for the tests of a
    // site in another language; the rest of the 31 MB stays out.
    const languages = '/usr/share/wordpress/wp-content/languages';
    if (existsSync(languages)) {
      mkdirSync(join(wpDir, 'wp-content', 'languages'), { recursive: true });
      for (const file of ['de_DE.mo', 'ar.mo']) {
        if (existsSync(join(languages, file))) cpSync(join(languages, file), join(wpDir, 'wp-content', 'languages', file));
      }
    }
    const muPlugins = join(wpDir, 'wp-content', 'mu-plugins');
    mkdirSync(muPlugins, { recursive: true });
    cpSync(join(here, 'test-settings.php'), join(muPlugins, 'comment-thread-test-settings.php'));
    cpSync(join(here, 'test-antispam.php'), join(muPlugins, 'comment-thread-test-antispam.php'));
    // A minimal classic theme beside the stock block theme, to test both ways of replacing comments.
    cpSync(join(here, 'classic-theme'), join(wpDir, 'wp-content', 'themes', 'ct-classic'), { recursive: true });
    // The plugin from this repository, with the bundle beside it when one is built.
    assemblePlugin(join(wpDir, 'wp-content', 'plugins', 'comment-thread'), { requireBundle: false });

    // 3. Install and seed.
    const config = {
      url,
      seed: join(root, 'test', 'fixtures', 'myth-of-networking.json'),
      adminPassword: 'admin-password',
      julianPassword: 'julian-password',
      readerPassword: 'reader-password',
    };
    const configFile = join(stateDir, 'install.json');
    writeFileSync(configFile, JSON.stringify(config));
    const install = spawnSync('php', [join(here, 'install.php'), wpDir, configFile], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`WordPress install failed:\n${install.stdout}\n${install.stderr}`);
    const seeded = JSON.parse(install.stdout.trim().split('\n').pop());
    log(`installed and seeded in ${Date.now() - started} ms`);

    const admin = (...args) => {
      const result = spawnSync('php', [join(here, 'wp-admin.php'), wpDir, url, ...args.map(String)], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`wp-admin.php ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
      return result.stdout;
    };
    if (plugin) admin('plugin', 'on');

    // 4. The web server.
    const php = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', wpDir, join(here, 'router.php')], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
    });
    pids.php = php.pid;
    php.stderr.on('data', (chunk) => {
      logs.push(`php: ${chunk}`);
      if (logs.length > 200) logs.splice(0, logs.length - 200);
    });
    await waitFor(async () => {
      try {
        const response = await fetch(`${url}/wp-json/`);
        return response.ok;
      } catch {
        return false;
      }
    }, 'WordPress to answer');
    log(`WordPress ${wordpressVersion(WORDPRESS_SOURCE)} answering at ${url} after ${Date.now() - started} ms`);

    return {
      url,
      restUrl: `${url}/wp-json`,
      version: wordpressVersion(WORDPRESS_SOURCE),
      stateDir,
      ...seeded,
      pids,
      logs,
      startMs: Date.now() - started,
      admin,
      stop,
      stopSync,
    };
  } catch (error) {
    const detail = logs.slice(-20).join('');
    await stop();
    throw new Error(`${error.message}${detail ? `\n${detail}` : ''}`, { cause: error });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2] ?? 'start';
  if (command !== 'start') {
    console.error('usage: node scripts/wordpress/wordpress.mjs start [--plugin] [--version=debian|current]');
    process.exit(2);
  }
  const versionArgument = process.argv.find((argument) => argument.startsWith('--version='));
  const wp = await startWordPress({
    log: (line) => console.error(`[wordpress] ${line}`),
    plugin: process.argv.includes('--plugin'),
    version: versionArgument?.slice('--version='.length) ?? process.env.WORDPRESS_VERSION ?? 'debian',
  });
  const { stop, stopSync, admin, logs, ...info } = wp;
  console.log(JSON.stringify(info, null, 2));
  console.error('[wordpress] running; Ctrl+C stops it and removes its state folder');
  const shutdown = () => stop().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.once('exit', stopSync);
  setInterval(() => {}, 1 << 30);
}
