// Malformed provider data: the thread never throws or hangs, and the good comments around a bad
// one render. (Speed is measured by `npm run bench`, not here: these tests only wait for the end.)
import { expect } from '@open-wc/testing';
import { cleanName, normalizePage, normalizeRecord } from '../../src/core/normalize.js';
import { FOLDED_IN_DOCUMENT } from '../../src/comment-thread/comment-template.js';
import { shadow, until } from '../helpers.js';
import { bodyOf, mountThread, ok, onePage, rawProvider, shownIds, failOnEscapes } from './support.js';

const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

describe('malformed provider data', function () {
  this.timeout(30000);
  failOnEscapes();

  it('duplicate ids: one comment each, the last copy wins, across pages too', async () => {
    const provider = rawProvider([
      { comments: [ok('a1', null, { body: 'first copy' }), ok('b2'), ok('a1', null, { body: 'second copy' })], nextCursor: '1' },
      { comments: [ok('a1', null, { body: 'third copy' }), ok('c3')], nextCursor: null },
    ]);
    const thread = await mountThread(provider);
    await until(() => shownIds(thread).length === 2, 'first page');
    expect(bodyOf(thread, 'a1')).to.equal('second copy');
    shadow(thread).querySelector<HTMLButtonElement>('[part~="load-more"]')!.click();
    await until(() => shownIds(thread).includes('c3'), 'second page');
    expect(shownIds(thread).filter((id) => id === 'a1')).to.have.length(1);
    expect(bodyOf(thread, 'a1')).to.equal('third copy');
  });

  it('parent cycles and self-parents: every member shown once, nothing loops', async () => {
    const provider = rawProvider(onePage([ok('x1', 'y2'), ok('y2', 'x1'), ok('s3', 's3'), ok('p4', 'q5'), ok('q5', 'r6'), ok('r6', 'p4'), ok('v7')]));
    const thread = await mountThread(provider);
    await until(() => shownIds(thread).length === 7, 'all seven');
    expect([...shownIds(thread)].sort()).to.deep.equal(['p4', 'q5', 'r6', 's3', 'v7', 'x1', 'y2']);
  });

  it('orphans: shown at the top level, marked, never dropped', async () => {
    const provider = rawProvider(onePage([ok('a1'), ok('o2', 'gone'), ok('o3', 'also-gone')]));
    const thread = await mountThread(provider);
    await until(() => shownIds(thread).length === 3, 'all three');
    const orphan = shadow(thread).querySelector('#comment-o2')!;
    expect(orphan.textContent).to.contain('In reply to a comment that is no longer available');
  });

  it('a 200-level chain: all 200 shown, never deeper than max-depth', async () => {
    const chain = Array.from({ length: 200 }, (_, i) => ok(`c${i}`, i ? `c${i - 1}` : null));
    const thread = await mountThread(rawProvider(onePage(chain.reverse())), { pageSize: 200 });
    await until(() => shownIds(thread).includes('c4'), 'the chain');
    // Below max-depth the chain continues at that level, a long list that folds: unfold it all.
    for (let guard = 0; guard < 20 && shownIds(thread).length < 200; guard++) {
      const more = [...shadow(thread).querySelectorAll<HTMLButtonElement>('button')].find((b) => /more repl/i.test(b.textContent ?? ''));
      if (!more) break;
      more.click();
      await thread.updateComplete;
    }
    await until(() => shownIds(thread).length === 200, 'the whole chain', 10000);
    const depths = [...shadow(thread).querySelectorAll<HTMLElement>('li[data-depth]')].map((li) => Number(li.dataset.depth));
    expect(Math.max(...depths)).to.equal(5);
    expect(shownIds(thread)[0]).to.equal('c0');
    expect(shownIds(thread)[199]).to.equal('c199');
  });

  it('5,000 top-level siblings: all render, a chunk at a time', async function () {
    this.timeout(90000);
    const siblings = Array.from({ length: 5000 }, (_, i) => ok(`s${i}`));
    const longest = longTasks();
    const thread = await mountThread(rawProvider(onePage(siblings, { total: 5000 })), { pageSize: 5000 });
    await until(() => shadow(thread).querySelector('article'), 'first comments');
    const firstPaint = shownIds(thread).length;
    expect(firstPaint, 'not everything in the first render').to.be.lessThan(5000);
    const started = performance.now();
    const progress: string[] = [];
    const timer = setInterval(() => progress.push(`${Math.round(performance.now() - started)}ms:${shownIds(thread).length}`), 1000);
    try {
      // Generous: this is not a speed test (npm run bench measures that), only that it ends.
      await until(() => shownIds(thread).length === 5000, 'all 5,000', 60000);
    } finally {
      clearInterval(timer);
      console.log(`5,000 siblings progress: ${progress.join(' ')}`);
    }
    expect(shadow(thread).querySelector('h2')?.textContent).to.contain('5,000');
    // Informational only (the numbers that count come from `npm run bench`).
    console.log(`5,000 siblings: first render ${firstPaint} comments, longest task ${longest.max().toFixed(0)} ms`);
    longest.stop();
  });

  it('5,000 replies to one comment: folded behind "Show N more replies"', async () => {
    const replies = Array.from({ length: 5000 }, (_, i) => ok(`r${i + 1}`, 'p0'));
    const thread = await mountThread(rawProvider(onePage([ok('p0'), ...replies])), { pageSize: 5001 });
    await until(() => shadow(thread).querySelector('#comment-p0'), 'the parent');
    const more = await until(
      () => [...shadow(thread).querySelectorAll('button')].find((button) => /more repl/i.test(button.textContent ?? '')),
      '"Show N more replies"',
    );
    expect(more.textContent).to.match(/4,997/);
    expect(shownIds(thread).length).to.be.lessThan(100);
    // Folded replies in the document (hidden until found): a hundred, not 4,997 in one task.
    await until(() => shadow(thread).querySelector(`#comment-r${3 + FOLDED_IN_DOCUMENT}`), 'the folded replies in the document');
    expect(shadow(thread).querySelectorAll('article')).to.have.length(1 + 3 + FOLDED_IN_DOCUMENT);
  });

  it('a 1 MB body is shown shortened, its neighbours whole, and "Show full comment" reveals it', async () => {
    const huge = `${'All work and no play makes Jack a dull boy. '.repeat(23832)}THE END`;
    expect(huge.length).to.be.greaterThan(1_000_000);
    const thread = await mountThread(rawProvider(onePage([ok('a1'), ok('h2', null, { body: huge }), ok('z3')])));
    await until(() => shownIds(thread).length === 3, 'all three');
    expect(bodyOf(thread, 'a1')).to.equal('Body of a1');
    expect(bodyOf(thread, 'z3')).to.equal('Body of z3');
    expect(bodyOf(thread, 'h2').length).to.be.lessThan(10_000);
    const button = shadow(thread).querySelector<HTMLButtonElement>('#comment-h2 [part~="show-full"]');
    expect(button?.textContent?.trim()).to.equal('Show full comment');
    button!.click();
    await until(() => bodyOf(thread, 'h2').endsWith('THE END'), 'the full body', 10000);
  });

  it('missing and wrong-typed fields: usable records repaired and shown, unusable ones left out', async () => {
    const page = onePage([
      ok('a1'),
      { id: 2, threadId: 't', parentId: null, author: { name: 'Numeric id' }, body: 42, createdAt: '2024-01-02T00:00:00Z' },
      { id: 'n3', author: 'not an object', body: { html: '<b>x</b>' } },
      { id: 'w4', parentId: { id: 'a1' }, createdAt: 12345, author: { name: ['x'], url: 7, avatarUrl: {} }, status: 'weird', reactions: 'lots', bodyFormat: 'pdf', body: 'typed wrong' },
      { id: 'm5' },
      { id: '   ', body: 'blank id' },
      { body: 'no id at all' },
      null,
      'a string',
      42,
      [ok('in-an-array')],
      ok('z6'),
    ]);
    const thread = await mountThread(rawProvider(page));
    await until(() => shownIds(thread).includes('z6'), 'the last good comment');
    expect(shownIds(thread)).to.have.members(['a1', '2', 'n3', 'w4', 'm5', 'z6']);
    expect(bodyOf(thread, 'a1')).to.equal('Body of a1');
    expect(bodyOf(thread, '2')).to.equal('42');
    expect(bodyOf(thread, 'w4')).to.equal('typed wrong');
    // A body of another kind than text cannot be shown: the record keeps its place and says so.
    expect(bodyOf(thread, 'n3')).to.equal('This comment could not be displayed.');
    expect(shadow(thread).querySelector('h2')?.textContent).to.contain('6 thoughts');
  });

  it('wrong-typed page fields: total and nextCursor of the wrong type do not break the header or paging', async () => {
    const thread = await mountThread(rawProvider(onePage([ok('a1'), ok('b2')], { total: 'many', nextCursor: { next: 1 } })));
    await until(() => shownIds(thread).length === 2, 'both');
    expect(shadow(thread).querySelector('h2')?.textContent).to.contain('2 thoughts');
    expect(shadow(thread).querySelector('[part~="load-more"]')).to.equal(null);
  });

  it('invalid dates: the comment shows, with a readable time and no "Invalid Date"', async () => {
    const dates = ['not a date', '2024-13-45T99:99:99Z', '', null, 12, '+999999-01-01T00:00:00Z', {}];
    const thread = await mountThread(rawProvider(onePage([...dates.map((createdAt, i) => ok(`d${i}`, null, { createdAt })), ok('v9')])));
    await until(() => shownIds(thread).length === dates.length + 1, 'all');
    const root = shadow(thread);
    expect(root.textContent).not.to.match(/Invalid Date|NaN/);
    for (const time of root.querySelectorAll('time')) {
      expect(Number.isNaN(Date.parse(time.getAttribute('datetime') ?? '')), time.outerHTML).to.equal(false);
    }
  });

  it('bidirectional overrides and zero-width characters cannot disguise a name', async () => {
    const thread = await mountThread(
      rawProvider(
        onePage([
          ok('b1', null, { author: { name: 'Mallory \u202Egnp.exe' } }),
          ok('b2', null, { author: { name: '\u200B\u200C\u200D\uFEFF\u2060' } }),
          ok('b3', null, { author: { name: '\u2067Eve\u2069 \u202Dx' }, body: 'text \u202E reversed? \u200B' }),
          ok('b4', null, { author: { name: 'Zoë 👩‍👩‍👧' } }),
        ]),
      ),
    );
    await until(() => shownIds(thread).length === 4, 'all four');
    const name = (id: string) => shadow(thread).querySelector(`#comment-${id} [part~="author"]`)?.textContent?.trim() ?? '';
    expect(name('b1')).to.equal('Mallory gnp.exe');
    expect(name('b2')).to.equal('Anonymous');
    expect(BIDI.test(name('b3'))).to.equal(false);
    expect(name('b4'), 'zero-width joiners inside emoji are kept').to.equal('Zoë 👩‍👩‍👧');
    // The override a body carries stays inside the body's own block.
    const body = shadow(thread).querySelector('#comment-b3 [part~="body"]')!;
    expect(getComputedStyle(body).display).to.not.equal('inline');
  });

  it('a provider whose cursor never ends does not make a #comment- link load forever', async () => {
    // Every page says "there is more" and brings nothing new.
    // (Answering after a timer: answered at once, an endless loop would freeze the page and the runner.)
    const provider = rawProvider(
      () => new Promise((resolve) => setTimeout(() => resolve({ comments: [ok('a1')], nextCursor: 'again' }), 10)),
    );
    // Not location.hash: the test runner takes that for the page navigating away.
    history.replaceState(null, '', '#comment-nowhere');
    try {
      const thread = await mountThread(provider);
      await until(() => shownIds(thread).length === 1, 'the comment');
      // Give it time to settle, then it must have stopped asking (a loop keeps asking, however slowly).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const settled = provider.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(provider.calls.length - settled, `pages requested after settling (${settled} before)`).to.equal(0);
      expect(settled, 'pages requested in all').to.be.lessThan(25);
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });
});

describe('normalize (unit)', () => {
  it('cleanName strips bidi and control characters, collapses space, cuts very long names', () => {
    expect(cleanName('a\u202Eb\u0007c\u2066d')).to.equal('abcd');
    expect(cleanName('  many   spaces\n\there ')).to.equal('many spaces here');
    expect(cleanName('\u200B\u00A0\u3164')).to.equal('');
    expect(cleanName(42)).to.equal('42');
    expect(cleanName({})).to.equal('');
    const long = cleanName('x'.repeat(5000));
    expect(long.length).to.equal(201);
    expect(long.endsWith('…')).to.equal(true);
    expect(cleanName(`${'x'.repeat(199)}😀tail`)).to.equal(`${'x'.repeat(199)}…`);
  });

  it('normalizeRecord repairs what it can and rejects only records with no id', () => {
    expect(normalizeRecord({ id: 7 })?.id).to.equal('7');
    expect(normalizeRecord({ id: 'x', parentId: 'x' })?.parentId, 'self-parent').to.equal(null);
    // No readable date is no date (the thread shows "unknown date"), never the epoch.
    expect(normalizeRecord({ id: 'x', createdAt: 'nope' })?.createdAt).to.equal('');
    for (const bad of [null, undefined, 'x', 1, [], { id: '' }, { id: '  ' }, { id: {} }]) expect(normalizeRecord(bad), String(bad)).to.equal(null);
  });

  it('normalizePage rejects what is not a page and counts the records it left out', () => {
    for (const bad of [null, 'x', [], { comments: 'x' }, { comment: [] }]) {
      expect(() => normalizePage(bad, 't'), JSON.stringify(bad)).to.throw();
    }
    const page = normalizePage({ comments: [ok('a1'), null, { id: '' }], total: -3, nextCursor: 5 }, 't');
    expect(page.comments).to.have.length(1);
    expect(page.rejected).to.equal(2);
    expect(page.total).to.equal(undefined);
    expect(page.nextCursor).to.equal('5');
  });
});

/** The longest main-thread task seen while it runs (Chromium's Long Tasks API). */
function longTasks() {
  let max = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) max = Math.max(max, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  return { max: () => max, stop: () => observer.disconnect() };
}
