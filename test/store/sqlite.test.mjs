// node --test test/store/sqlite.test.mjs: the store suite on SQLite, a real file in a temp folder per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { storeSuite } from './store-suite.mjs';

const base = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
let n = 0;
after(() => rmSync(base, { recursive: true, force: true }));

storeSuite('sqlite', async () => ({ dataDir: join(base, `db${++n}`) }));
