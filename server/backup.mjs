// npm run backup -- <file>
// Backs up the store the server uses while it keeps running. SQLite (DATA_DIR): SQLite's online
// backup into <file>, a complete database file; restore by stopping the server and copying it to
// DATA_DIR/comments.sqlite. PostgreSQL (DATABASE_URL): runs pg_dump --format=custom into <file>;
// restore with pg_restore --no-owner --dbname=<fresh database> <file>.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from './store/engine.mjs';
import { storeOptionsFromEnv } from './store/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const [target, ...rest] = process.argv.slice(2);
if (!target || rest.length) {
  console.error('usage: npm run backup -- <file>');
  process.exit(2);
}
const file = resolve(target);
const options = storeOptionsFromEnv(process.env, root);
if (options.databaseUrl) {
  const dumped = spawnSync('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${options.databaseUrl}`], { encoding: 'utf8' });
  if (dumped.error || dumped.status !== 0) {
    console.error(`pg_dump failed: ${dumped.error?.message ?? dumped.stderr}`);
    process.exit(1);
  }
  console.log(`PostgreSQL database dumped to ${file} (restore: pg_restore --no-owner --dbname=<database> ${target})`);
} else {
  if (!existsSync(`${options.dataDir}/comments.sqlite`)) {
    console.error(`no store in ${options.dataDir} (DATA_DIR) to back up`);
    process.exit(1);
  }
  const engine = new Engine(options);
  try {
    await engine.backup(file);
    console.log(`${engine.file} backed up to ${file} (restore: stop the server, copy it to DATA_DIR/comments.sqlite)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await engine.close();
  }
}
