// npm run export -- [--thread <id>] [--author <option:subject> | --email <address>] [--delete] [--output <file>]
// Writes the comments of the store the server uses (DATABASE_URL or DATA_DIR) as JSON in the
// contract's record shape, without emails: the whole site, one thread, or everything one reader
// wrote (a data-protection request). With --delete (needs --author or --email) it deletes that
// reader's comments instead, keeping placeholders where others replied, and prints what it did.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { exportComments } from './io/export.mjs';
import { openStore, storeOptionsFromEnv } from './store/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: npm run export -- [--thread <id>] [--author <option:subject> | --email <address>] [--delete] [--output <file>]';
let store;
try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { thread: { type: 'string' }, author: { type: 'string' }, email: { type: 'string' }, delete: { type: 'boolean' }, output: { type: 'string' } },
  });
  if (positionals.length || (values.author !== undefined && values.email !== undefined)) throw new Error(usage);
  if (values.delete && values.author === undefined && values.email === undefined) throw new Error(`--delete needs --author or --email\n${usage}`);
  /** @type {import('./store/people.mjs').CommentFilter} */
  const filter = {};
  if (values.thread !== undefined) filter.threadId = values.thread;
  if (values.author !== undefined) filter.identity = values.author;
  if (values.email !== undefined) filter.email = values.email;
  store = await openStore(storeOptionsFromEnv(process.env, root));
  const result = values.delete ? { deleted: await store.deleteComments(filter) } : await exportComments(store, filter);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (values.output) writeFileSync(values.output, json);
  else process.stdout.write(json);
  if (values.delete) console.error(`deleted ${result.deleted.length} comments (${result.deleted.filter((d) => d.type === 'updated').length} kept as placeholders for their replies)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await store?.close();
}
