// node --test test/io/sqlite.test.mjs: import, export and backup on SQLite (a real file per test),
// and how the commands answer bad input.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readExport } from '../../server/io/import.mjs';
import { openStore } from '../../server/store/index.mjs';
import { command, ioSuite } from './io-suite.mjs';

const base = mkdtempSync(join(tmpdir(), 'io-sqlite-'));
let n = 0;
after(() => rmSync(base, { recursive: true, force: true }));

ioSuite('sqlite', {
  fresh: async () => ({ dataDir: join(base, `db${++n}`) }),
  env: (options) => ({ DATA_DIR: /** @type {string} */ (options.dataDir) }),
  // Restoring a SQLite backup: the file becomes comments.sqlite in a new data folder.
  restore: async (backup) => {
    const dataDir = join(base, `restored${++n}`);
    mkdirSync(dataDir);
    copyFileSync(backup, join(dataDir, 'comments.sqlite'));
    return { dataDir };
  },
});

describe('import: files that are not an export', () => {
  /** @param {string} name @param {string} text */
  const file = (name, text) => {
    const path = join(base, name);
    writeFileSync(path, text);
    return path;
  };

  it('names the root it found when the XML is neither WXR nor Disqus', async () => {
    const html = file('page.xml', '<?xml version="1.0"?><html><body>no</body></html>');
    await assert.rejects(readExport(html), /is neither a WordPress export \(WXR: <rss> with the wp namespace\) nor a Disqus export \(<disqus>\): its root is <html>/);
    const rss = file('feed.xml', '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item></channel></rss>');
    await assert.rejects(readExport(rss), /its root is <rss>/, 'a plain RSS feed is not a WordPress export');
  });

  it('says where a file stops being well-formed XML', async () => {
    const broken = file('broken.xml', '<?xml version="1.0"?>\n<disqus>\n  <post dsq:id="1"><message>unclosed</post>\n</disqus>');
    await assert.rejects(readExport(broken), (error) => {
      assert.match(String(error), /broken\.xml is not well-formed XML: .*3:/);
      return true;
    });
  });

  it('npm run import: usage, a missing file and a foreign file end with a message and exit code 1, storing nothing', async () => {
    const dataDir = join(base, `cli${++n}`);
    const usage = await command('import.mjs', [], { DATA_DIR: dataDir });
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /usage: npm run import -- <file.xml>/);
    const badOption = await command('import.mjs', ['x.xml', '--thread-ids', 'nonsense'], { DATA_DIR: dataDir });
    assert.match(badOption.stderr, /--thread-ids source\|path/);
    const missing = await command('import.mjs', [join(base, 'nope.xml')], { DATA_DIR: dataDir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ENOENT.*nope\.xml/);
    const foreign = await command('import.mjs', [file('other.xml', '<feed/>')], { DATA_DIR: dataDir });
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /its root is <feed>/);
    const store = await openStore({ dataDir });
    try {
      assert.equal(await store.isEmpty(), true);
    } finally {
      await store.close();
    }
  });

  it('npm run backup: usage, and no store to back up', async () => {
    const usage = await command('backup.mjs', [], { DATA_DIR: join(base, 'none') });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: npm run backup -- <file>/);
    const empty = await command('backup.mjs', [join(base, 'b.sqlite')], { DATA_DIR: join(base, 'none') });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no store in .*none \(DATA_DIR\) to back up/);
  });
});
