// node --test test/io/arrange.test.mjs: the importers' pure parts (arranging comments, WordPress
// text and titles) and a multi-megabyte export read as a stream and imported.
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { arrange } from '../../server/io/arrange.mjs';
import { importFile } from '../../server/io/import.mjs';
import { decodeEntities, paragraphs } from '../../server/io/wxr.mjs';
import { openStore } from '../../server/store/index.mjs';

const base = mkdtempSync(join(tmpdir(), 'io-arrange-'));
after(() => rmSync(base, { recursive: true, force: true }));

/** @param {string} id @param {string | null} parentId @param {Partial<import('../../server/io/arrange.mjs').Candidate>} [more] */
const c = (id, parentId, more = {}) => ({
  id, threadId: 't', parentId, createdAt: `2020-01-01T00:00:${id.padStart(2, '0')}Z`, author: { name: `n${id}`, email: `${id}@x.example` },
  body: `b${id}`, bodyFormat: /** @type {const} */ ('html'), status: /** @type {const} */ ('approved'), ...more,
});

describe('arrange', () => {
  it('puts parents before replies whatever the file order, oldest first otherwise', () => {
    const { comments } = arrange([c('3', '2'), c('2', '1'), c('1', null), c('4', null)]);
    assert.deepEqual(comments.map((comment) => comment.id), ['1', '2', '3', '4']);
  });

  it('keeps every dropped ancestor of a kept reply as a placeholder without text or author, and skips dropped leaves', () => {
    const result = arrange([c('1', null, { dropped: 'spam' }), c('2', '1', { dropped: 'in the trash' }), c('3', '2'), c('4', null, { dropped: 'spam' })]);
    assert.deepEqual(result.comments.map(({ id, status, body, author, parentId }) => ({ id, status, body, author, parentId })), [
      { id: '1', status: 'deleted', body: '', author: { name: '' }, parentId: null },
      { id: '2', status: 'deleted', body: '', author: { name: '' }, parentId: '1' },
      { id: '3', status: 'approved', body: 'b3', author: { name: 'n3', email: '3@x.example' }, parentId: '2' },
    ]);
    assert.deepEqual(result.skipped, [{ id: '4', reason: 'spam' }]);
    assert.deepEqual(result.placeholders.map((note) => note.id), ['1', '2']);
  });

  it('makes a reply top-level when its parent is missing, in another thread, or in a loop, and says so', () => {
    const result = arrange([c('1', 'gone'), c('2', null, { threadId: 'other' }), c('3', '2'), c('5', '6'), c('6', '5')]);
    assert.deepEqual(Object.fromEntries(result.comments.map((comment) => [comment.id, comment.parentId])), { 1: null, 2: null, 3: null, 5: '6', 6: null });
    assert.deepEqual(result.topLevel, [
      { id: '1', reason: 'its parent gone is not in the export: imported as a top-level comment' },
      { id: '3', reason: 'its parent 2 is in another thread: imported as a top-level comment' },
      { id: '6', reason: 'its parents form a loop: imported as a top-level comment' },
    ]);
    assert.deepEqual(result.comments.map((comment) => comment.id).slice(-2), ['6', '5']);
  });

  it('keeps the first of two comments with the same id and reports the second', () => {
    const result = arrange([c('1', null), c('1', null, { body: 'second' })]);
    assert.deepEqual(result.comments.map((comment) => comment.body), ['b1']);
    assert.deepEqual(result.skipped, [{ id: '1', reason: 'the same id appears twice in the export: the first one is kept' }]);
  });
});

describe('WordPress text', () => {
  it('adds paragraphs and line breaks as WordPress shows them, and leaves text that has blocks alone', () => {
    assert.equal(paragraphs('one\ntwo\r\n\r\n\n three'), '<p>one<br>\ntwo</p>\n<p> three</p>');
    assert.equal(paragraphs('<p>already</p>\n\nthere'), '<p>already</p>\n\nthere');
    assert.equal(paragraphs(''), '');
  });

  it('reads titles as text, leaving what is not an entity alone', () => {
    assert.equal(decodeEntities('Tea &amp; cake &#8211; &#x1F600; &lt;b&gt; &nope; & so'), 'Tea & cake – 😀 <b> &nope; & so');
    assert.equal(decodeEntities('&#0; &#99999999;'), '&#0; &#99999999;');
  });

  it('decodes a long run of ampersands in linear time', () => {
    const long = '&'.repeat(200_000) + 'amp';
    const started = performance.now();
    assert.equal(decodeEntities(long), long);
    assert.ok(performance.now() - started < 2000, 'no super-linear backtracking');
  });
});

describe('a multi-megabyte export', () => {
  it('is read as a stream and imported: 20,000 posts in 2,000 threads, every second one a reply', async () => {
    const file = join(base, 'big.xml');
    const out = createWriteStream(file);
    const write = (/** @type {string} */ text) => new Promise((resolve) => (out.write(text) ? resolve(undefined) : out.once('drain', resolve)));
    await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
    for (let t = 0; t < 2000; t++) {
      await write(`<thread dsq:id="${t}"><id>page-${t}</id><link>https://big.example/${t}/</link><title>Page ${t}</title></thread>\n`);
    }
    const filler = 'All work and no play makes a long comment. '.repeat(4);
    for (let p = 0; p < 20000; p++) {
      const parent = p % 2 ? `<parent dsq:id="${p - 1}"/>` : '';
      await write(
        `<post dsq:id="${p}"><message><![CDATA[<p>${p} ${filler}</p>]]></message><createdAt>2020-01-01T00:00:00Z</createdAt>` +
          `<isDeleted>false</isDeleted><isSpam>false</isSpam><author><email>r${p % 97}@big.example</email><name>Reader ${p % 97}</name>` +
          `<isAnonymous>false</isAnonymous><username>r${p % 97}</username></author><thread dsq:id="${Math.floor(p / 2) % 2000}"/>${parent}</post>\n`,
      );
    }
    await write('</disqus>\n');
    await new Promise((resolve) => out.end(resolve));
    assert.ok(statSync(file).size > 5_000_000, `${statSync(file).size} bytes`);
    const store = await openStore({ dataDir: join(base, 'big') });
    try {
      const report = await importFile(store, file);
      assert.deepEqual([report.threads, report.found, report.added.length, report.skipped.length], [2000, 20000, 20000, 0]);
      assert.equal((await store.comment('disqus-19999'))?.parent_id, 'disqus-19998');
      const page = await store.page({ threadId: 'page-7', order: 'oldest', limit: 100, after: null, session: null });
      assert.equal(page.total, 10);
      assert.deepEqual(page.rows.slice(0, 2).map((row) => row.id), ['disqus-14', 'disqus-15'], 'a reply follows its parent');
    } finally {
      await store.close();
    }
  });
});
