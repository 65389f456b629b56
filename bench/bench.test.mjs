// node --test bench/
// The benchmark's and the size check's own logic: the generated threads are
// deterministic and shaped as documented, the import scanner follows static
// imports only, the size check counts what it claims and fails past its budget,
// and the statistics are right.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describeThread, generateThread, landmarks } from './fixture.mjs';
import { ratioInterval, stats } from './stats.mjs';
import { KEPT_END, KEPT_START, withKeptSections } from './report.mjs';
import { firstCpu } from './first-cpu.mjs';
import { BUDGET_KB, dynamicImports, elementEntryPullsForm, measureBundle, staticImports } from '../scripts/size.mjs';

const SIZE_SCRIPT = fileURLToPath(new URL('../scripts/size.mjs', import.meta.url));

describe('fixture', () => {
  test('the same size gives the same thread, byte for byte', () => {
    assert.equal(JSON.stringify(generateThread(1000)), JSON.stringify(generateThread(1000)));
    assert.notEqual(JSON.stringify(generateThread(100)), JSON.stringify(generateThread(100, 7)));
  });

  test('exactly the size asked for, replies after their parents', () => {
    for (const size of [1, 100, 1000]) {
      const records = generateThread(size);
      assert.equal(records.length, size);
      const seen = new Map();
      for (const record of records) {
        if (record.parentId !== null) {
          assert.ok(seen.has(record.parentId), `${record.id} comes after its parent`);
          assert.ok(record.createdAt > seen.get(record.parentId).createdAt, `${record.id} is later than its parent`);
        }
        seen.set(record.id, record);
      }
    }
  });

  test('shaped as documented: mostly top-level, replies mostly 2–4 deep, some long and some folding', () => {
    const shape = describeThread(generateThread(10000));
    assert.ok(shape.topLevel / shape.comments > 0.5 && shape.topLevel / shape.comments < 0.65, `top-level ${shape.topLevel}`);
    assert.ok(shape.depth2to4 > shape.deeper * 3, 'most replies are 2–4 deep');
    assert.ok(shape.maxDepth >= 8, 'there are long conversations');
    assert.ok(shape.withMoreThan5Replies > 10, 'some reply lists are long enough to fold');
    assert.ok(shape.bodyMedianChars > 150 && shape.bodyMedianChars < 600, `median body ${shape.bodyMedianChars}`);
    assert.ok(shape.withList > 0 && shape.withCode > 0 && shape.withLink > 0);
  });

  test('landmarks are the first and the last top-level comments', () => {
    const records = generateThread(100);
    const roots = records.filter((record) => record.parentId === null);
    assert.deepEqual(landmarks(records), { firstId: roots[0].id, lastRootId: roots.at(-1).id });
  });
});

describe('import scanning', () => {
  test('static imports, minified or not; dynamic ones apart', () => {
    const code = 'import{a as b}from"./x.js";import"./y.js";export*from"./z.js";export{c}from"./w.js";' +
      "import * as ns from './v.js';const later=import(\"./dyn.js\");const meta=import.meta.url;import{d}from\"lit\";";
    assert.deepEqual(staticImports(code).sort(), ['./v.js', './w.js', './x.js', './y.js', './z.js', 'lit'].sort());
    assert.deepEqual(dynamicImports(code), ['./dyn.js']);
  });
});

describe('size check', () => {
  const root = mkdtempSync(join(tmpdir(), 'size-test-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (path, text) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  // Incompressible-ish text of a given length, so sizes are predictable enough.
  const noise = (length, seed) => {
    let state = seed;
    let out = '';
    while (out.length < length) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out += state.toString(36);
    }
    return out.slice(0, length);
  };

  test('counts the entry and its static chunks, not the dynamic ones', async () => {
    const entry = `import{a}from"./chunks/shared.js";const later=()=>import("./chunks/lazy.js");var s="${noise(2000, 1)}";`;
    const shared = `export const a="${noise(3000, 2)}";`;
    write('dist/comment-thread.js', entry);
    write('dist/chunks/shared.js', shared);
    write('dist/chunks/lazy.js', `export const z="${noise(50000, 3)}";`);
    const result = await measureBundle({ root: `${root}/` });
    const expected = gzipSync(entry, { level: 9 }).length + gzipSync(shared, { level: 9 }).length;
    assert.equal(result.total, expected);
    assert.deepEqual(result.files.map((file) => file.file).sort(), ['dist/chunks/shared.js', 'dist/comment-thread.js']);
    assert.deepEqual(result.dynamic, ['dist/chunks/lazy.js']);
  });

  test('exits 0 within the budget and non-zero past it', () => {
    write('dist/comment-thread.js', 'export const small=1;');
    const within = spawnSync(process.execPath, [SIZE_SCRIPT, `--root=${root}`], { encoding: 'utf8' });
    assert.equal(within.status, 0, within.stderr);
    write('dist/comment-thread.js', `export const big="${noise(BUDGET_KB * 1000 * 2, 4)}";`);
    const past = spawnSync(process.execPath, [SIZE_SCRIPT, `--root=${root}`], { encoding: 'utf8' });
    assert.equal(past.status, 1);
    assert.match(past.stderr, /size check FAILED/);
  });

  test('tells whether the element entry statically reaches the form', () => {
    write('dist/comment-thread/define.js', "import './comment-thread.js';\n");
    write('dist/comment-thread/comment-thread.js', "import { x } from '../core/x.js';\nconst form = () => import('../comment-form/define.js');\n");
    write('dist/core/x.js', 'export const x = 1;\n');
    assert.equal(elementEntryPullsForm('dist/comment-thread/define.js', `${root}/`).pulls, false);
    write('dist/core/x.js', "import '../comment-form/define.js';\nexport const x = 1;\n");
    write('dist/comment-form/define.js', 'export {};\n');
    const pulled = elementEntryPullsForm('dist/comment-thread/define.js', `${root}/`);
    assert.equal(pulled.pulls, true);
    assert.deepEqual(pulled.chain, ['dist/comment-thread/define.js', 'dist/comment-thread/comment-thread.js', 'dist/core/x.js', 'dist/comment-form/define.js']);
  });
});

describe('statistics', () => {
  test('median, min and max; odd and even counts; non-numbers left out', () => {
    assert.deepEqual(stats([3, 1, 2]), { median: 2, min: 1, max: 3, n: 3 });
    assert.deepEqual(stats([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4, n: 4 });
    assert.deepEqual(stats([5, undefined, NaN]), { median: 5, min: 5, max: 5, n: 1 });
    assert.equal(stats([]), null);
  });

  test('the ratio interval: exact for identical runs, excludes 1 for a clear gap, wide for noise, seeded', () => {
    assert.deepEqual(ratioInterval([100, 100, 100], [105, 105, 105]), { low: 1.05, high: 1.05 });
    const clear = ratioInterval([100, 101, 99, 100, 102, 98, 100], [120, 121, 119, 122, 118, 120, 121]);
    assert.ok(clear.low > 1.1 && clear.high < 1.3, JSON.stringify(clear));
    const noisy = ratioInterval([300, 900, 450, 700, 380, 820, 500], [320, 880, 470, 650, 400, 900, 520]);
    assert.ok(noisy.low < 0.9 && noisy.high > 1.1, JSON.stringify(noisy));
    assert.deepEqual(ratioInterval([3, 1, 2, 5], [4, 2, 6, 1]), ratioInterval([3, 1, 2, 5], [4, 2, 6, 1]));
    assert.equal(ratioInterval([], [1]), null);
  });
});

describe('main-thread CPU to the first comment (first-cpu.mjs)', () => {
  // A trace in Chromium's shape: the page's main thread (found by probe.js's evaluation), another
  // thread that must not count, tasks before navigation start and after the first comment.
  const main = { pid: 7, tid: 1, ph: 'X' };
  const task = (ts, dur, tdur) => ({ ...main, name: 'RunTask', ts, dur, tdur });
  const inside = (name, ts, data = {}) => ({ ...main, name, ts, dur: 1, args: { data } });
  const events = [
    { pid: 7, tid: 1, ph: 'R', name: 'navigationStart', ts: 1_000_000 },
    task(900_000, 5_000, 5_000), // before navigation: not counted
    task(1_010_000, 3_000, 2_000),
    inside('EvaluateScript', 1_010_100, { url: 'http://127.0.0.1:1/bench/pages/probe.js' }),
    task(1_050_000, 20_000, 15_000),
    inside('v8.evaluateModule', 1_050_100),
    task(1_100_000, 80_000, 60_000),
    inside('FunctionCall', 1_100_100, { functionName: 'connectedCallback' }),
    task(1_200_000, 25_000, 20_000),
    inside('FireAnimationFrame', 1_200_100),
    task(1_230_000, 4_000, 3_000), // a network callback: other
    { pid: 7, tid: 2, ph: 'X', name: 'RunTask', ts: 1_100_000, dur: 50_000, tdur: 50_000 }, // another thread
    task(1_400_000, 30_000, 30_000), // after the first comment was seen (at 300 ms): not counted
  ];

  test('thread time from navigation start to the first comment, by part', () => {
    assert.deepEqual(firstCpu(events, 300), { total: 100, modules: 15, render: 60, frames: 20, other: 5 });
  });

  test('a trace without the page (no probe.js) is refused, not counted as zero', () => {
    assert.throws(() => firstCpu(events.filter((event) => event.name !== 'EvaluateScript'), 300), /probe\.js/);
  });
});

describe('sections written by hand survive a new report', () => {
  const kept = `${KEPT_START}\n## Server rendering\nby hand\n${KEPT_END}`;
  const fresh = '# Benchmarks\n\n## Results\nnew\n\n## Size\n56 KB\n';

  test('put back before the size section of the new report', () => {
    const old = `# Benchmarks\n\n## Results\nold\n\n${kept}\n\n## Size\n55 KB\n`;
    assert.equal(withKeptSections(fresh, old), `# Benchmarks\n\n## Results\nnew\n\n${kept}\n\n## Size\n56 KB\n`);
  });

  test('at the end when the new report has no size section; nothing when there is none to keep', () => {
    assert.equal(withKeptSections('# Benchmarks\n\n## Results\nnew\n', kept), `# Benchmarks\n\n## Results\nnew\n\n${kept}\n`);
    assert.equal(withKeptSections(fresh, '# Benchmarks\n\n## Results\nold\n'), fresh);
    assert.equal(withKeptSections(fresh, `${KEPT_END} before ${KEPT_START}`), fresh);
  });
});
