// npm run import -- <file> [--thread-ids source|path] [--json]
// Imports a WordPress export (WXR) or a Disqus export (XML) into the store the server uses
// (DATABASE_URL=postgres://… or SQLite in DATA_DIR, default .data) and prints what it did,
// including what it skipped and why. Running it twice changes nothing.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeImport, importFile } from './io/import.mjs';
import { openStore, storeOptionsFromEnv } from './store/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: npm run import -- <file.xml> [--thread-ids source|path] [--json]';
let store;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'thread-ids': { type: 'string', default: 'source' }, json: { type: 'boolean' } } });
  const threadIds = values['thread-ids'];
  if (positionals.length !== 1 || (threadIds !== 'source' && threadIds !== 'path')) throw new Error(usage);
  const file = resolve(positionals[0]);
  store = await openStore(storeOptionsFromEnv(process.env, root));
  const report = await importFile(store, file, { threadIds });
  console.log(values.json ? JSON.stringify(report, null, 2) : describeImport(positionals[0], report));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await store?.close();
}
