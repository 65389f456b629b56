// node --test test/moderation/sqlite.test.mjs: the moderation suite on SQLite files in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { moderationSuite } from './moderation-suite.mjs';

const base = mkdtempSync(join(tmpdir(), 'moderation-'));
let n = 0;
after(() => rmSync(base, { recursive: true, force: true }));

moderationSuite('SQLite', async () => ({ dataDir: join(base, `db${++n}`) }));
