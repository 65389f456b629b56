// npm run migrate: brings the store's schema to the latest version and exits (the server also
// does this at start-up, under the same lock). Same configuration as the server:
// DATABASE_URL=postgres://… for PostgreSQL, otherwise SQLite in DATA_DIR (default .data).
import { fileURLToPath } from 'node:url';
import { Engine } from './store/engine.mjs';
import { storeOptionsFromEnv } from './store/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const engine = new Engine(storeOptionsFromEnv(process.env, root));
try {
  const applied = await engine.migrate();
  const where = engine.name === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : engine.file;
  console.log(applied.length ? `applied ${applied.join(', ')} to ${where}` : `${where} is up to date`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await engine.close();
}
