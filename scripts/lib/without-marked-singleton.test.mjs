import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { MARKED_MODULE, stripMarkedSingleton, withoutMarkedSingleton } from './without-marked-singleton.mjs';
import { asModule } from './trim-test-support.mjs';

const markedFile = createRequire(import.meta.url).resolve('marked').replace(/marked\.(?:umd|cjs|esm)\.c?js$/, 'marked.esm.js');
const original = readFileSync(markedFile, 'utf8');

test('the plugin applies to the marked module node-resolve finds', () => {
  assert.match(markedFile, MARKED_MODULE);
  assert.equal(withoutMarkedSingleton().transform('export const a = 1;', '/x/node_modules/other/lib/marked.esm.js'), null);
});

test("marked's module without its singleton: shorter, no `marked` export, and `new Marked()` renders as before", async () => {
  const stripped = stripMarkedSingleton(original);
  assert.ok(stripped.length < original.length - 500, `${original.length} → ${stripped.length} characters`);
  assert.equal(original.slice(0, stripped.indexOf('export{')), stripped.slice(0, stripped.indexOf('export{')), 'the code before the cut is untouched');
  const [before, after] = await Promise.all([asModule(original), asModule(stripped)]);
  assert.equal(after.marked, undefined);
  assert.equal(after.parse, undefined);
  assert.equal(typeof after.Marked, 'function');
  for (const name of ['Lexer', 'Parser', 'Renderer', 'Tokenizer']) assert.equal(typeof after[name], 'function', name);
  const source = '# Title\n\nSome **bold** and _em_ text,\na line break, `code`, a [link](https://example.com "t") and ~~gone~~.\n\n> quote\n\n- one\n- [x] two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet a = 1 < 2;\n```\n';
  const options = { gfm: true, breaks: true, async: false };
  const expected = new before.Marked(options).parse(source);
  assert.match(expected, /<strong>bold<\/strong>/);
  assert.equal(new after.Marked(options).parse(source), expected);
});

test('a module whose end is not the singleton fails, saying why', () => {
  // Something else after `new Marked()`: a call the cut would drop.
  const markedClass = /(\w+) as Marked\b/.exec(original)[1];
  const extra = original.replace(new RegExp(`(var \\w+=new ${markedClass};)`), '$1globalThis.sideEffect();');
  assert.notEqual(extra, original);
  assert.throws(() => stripMarkedSingleton(extra), /not the singleton's: globalThis\.sideEffect/);
  // No singleton at all.
  assert.throws(() => stripMarkedSingleton('class M {}\nexport { M as Marked };'), /no `marked`/);
  assert.throws(() => stripMarkedSingleton('class M {}\nfunction m() {}\nexport { M as Marked, m as marked };'), /no `new Marked\(\)`/);
  // Code before the cut that uses what would go.
  assert.throws(
    () => stripMarkedSingleton('class M {}\nfunction early() { return m; }\nvar v = new M;\nfunction m() {}\nexport { M as Marked, m as marked, early };'),
    /`m`, declared after `new Marked\(\)`, is named before it/,
  );
});

test('a small module in that shape loses exactly the singleton', async () => {
  const code =
    'class M { parse(s) { return `<p>${s}</p>`; } }\nfunction keep() { return 1; }\nvar v = new M;\nfunction m(s) { return v.parse(s); }\nm.parse = m;\nm.M = M;\nvar p = m.parse, k = keep;\nexport { M as Marked, m as marked, p as parse, keep, k as alsoKeep };\n';
  const stripped = stripMarkedSingleton(code);
  assert.equal(
    stripped,
    'class M { parse(s) { return `<p>${s}</p>`; } }\nfunction keep() { return 1; }\nexport{M as Marked,keep};\n',
  );
  const module = await asModule(stripped);
  assert.deepEqual(Object.keys(module).sort(), ['Marked', 'keep']);
});
