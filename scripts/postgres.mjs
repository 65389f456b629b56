// A throwaway PostgreSQL 15 cluster for tests (Debian's postgresql-common tools, run as root):
// `pg_createcluster` on a free loopback port, a random password for TCP logins, a database;
// `pg_dropcluster --stop` removes it again. A leftover cluster of the same name (a run that was
// killed) is dropped before a new one is made.
//
//   node scripts/postgres.mjs start [name]   prints DATABASE_URL=postgres://… and leaves it running
//   node scripts/postgres.mjs stop [name]    stops and removes it
//
// From code: `const pg = await startPostgres(); … pg.url … await pg.createDatabase('x'); … pg.stop();`
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const VERSION = '15';
export const DEFAULT_NAME = 'comment-thread-test';
const TOOLS = ['/usr/bin/pg_createcluster', '/usr/bin/pg_dropcluster', '/usr/bin/pg_lsclusters', `/usr/lib/postgresql/${VERSION}/bin/postgres`];

/**
 * @typedef {object} Postgres
 * @property {string} name the cluster's name
 * @property {number} port its loopback TCP port
 * @property {string} url `postgres://…` for the `comments` database
 * @property {(database: string) => Promise<string>} createDatabase makes an empty database; its URL
 * @property {() => void} stop stops and removes the cluster
 */

/** Why a cluster cannot be made here, or null when the tools are in place. */
export function missing() {
  const absent = TOOLS.filter((tool) => !existsSync(tool));
  if (absent.length) return `PostgreSQL ${VERSION} is not installed (no ${absent.join(', ')}): apt-get install postgresql`;
  if (process.getuid?.() !== 0) return 'pg_createcluster needs root';
  return null;
}

/** @returns {Promise<number>} a TCP port nobody listens on right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** @param {string} name */
function exists(name) {
  const listed = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout ?? '';
  return listed.split('\n').some((line) => {
    const [version, cluster] = line.trim().split(/\s+/);
    return version === VERSION && cluster === name;
  });
}

/** Stops and removes the cluster `name` if it exists. @param {string} [name] */
export function stopPostgres(name = DEFAULT_NAME) {
  if (!exists(name)) return;
  const result = spawnSync('pg_dropcluster', [VERSION, name, '--stop'], { encoding: 'utf8' });
  if (result.status !== 0 && exists(name)) throw new Error(`pg_dropcluster ${name}: ${result.stderr}`);
}

/** @param {number} port @param {string} sql */
function psql(port, sql) {
  execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '/var/run/postgresql', '-p', String(port), '-d', 'postgres', '-c', sql], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Makes and starts a throwaway cluster with a `comments` database reachable over TCP on 127.0.0.1.
 * @param {{ name?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<Postgres>}
 */
export async function startPostgres({ name = DEFAULT_NAME, log = () => {} } = {}) {
  const why = missing();
  if (why) throw new Error(why);
  if (exists(name)) {
    log(`dropping the leftover cluster ${VERSION}/${name}`);
    stopPostgres(name);
  }
  const port = await freePort();
  log(`pg_createcluster ${VERSION} ${name} --port ${port}`);
  // Throwaway data: no fsync (a crash loses the cluster, which is dropped anyway); loopback only.
  const created = spawnSync(
    'pg_createcluster',
    [VERSION, name, '--port', String(port), '--start', '--start-conf', 'manual',
      '-o', 'listen_addresses=localhost', '-o', 'fsync=off', '-o', 'synchronous_commit=off', '-o', 'full_page_writes=off',
      '-o', 'max_connections=200'],
    { encoding: 'utf8' },
  );
  if (created.status !== 0) {
    stopPostgres(name);
    throw new Error(`pg_createcluster ${VERSION} ${name} failed: ${created.stderr || created.stdout}`);
  }
  const password = randomBytes(18).toString('base64url');
  try {
    psql(port, `ALTER USER postgres PASSWORD '${password}'`);
    psql(port, 'CREATE DATABASE comments');
  } catch (error) {
    stopPostgres(name);
    throw new Error(`setting up cluster ${name}: ${/** @type {any} */ (error).stderr ?? error}`);
  }
  const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
  return {
    name,
    port,
    url: `${base}/comments`,
    async createDatabase(database) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } finally {
        await client.end();
      }
      return `${base}/${encodeURIComponent(database)}`;
    },
    stop: () => stopPostgres(name),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, name = DEFAULT_NAME] = process.argv.slice(2);
  if (command === 'start') {
    const started = await startPostgres({ name, log: (line) => console.error(line) });
    console.log(`DATABASE_URL=${started.url}`);
  } else if (command === 'stop') {
    stopPostgres(name);
  } else {
    console.error('usage: node scripts/postgres.mjs start|stop [cluster name]');
    process.exit(2);
  }
}
