import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { MARKED_MODULE, markedWithoutPedantic, stripPedanticRules } from './marked-without-pedantic.mjs';
import { stripMarkedSingleton } from './without-marked-singleton.mjs';
import { asModule, securityVectors } from './trim-test-support.mjs';

const markedFile = createRequire(import.meta.url).resolve('marked').replace(/marked\.(?:umd|cjs|esm)\.c?js$/, 'marked.esm.js');
const original = readFileSync(markedFile, 'utf8');

test('the plugin applies to the marked module node-resolve finds', () => {
  assert.match(markedFile, MARKED_MODULE);
  assert.equal(markedWithoutPedantic().transform('export const a = 1;', '/x/node_modules/other/lib/marked.esm.js'), null);
});

test("marked's module without its pedantic rules: blanked in place, and the singleton's cut still applies after it", () => {
  const { code, dropped } = stripPedanticRules(original);
  assert.ok(dropped.length >= 2, dropped.join(', '));
  assert.equal(code.length, original.length, 'blanked, not cut: every column stays');
  assert.equal(code.split('\n').length, original.split('\n').length);
  assert.ok(code.replace(/ {2,}/g, ' ').length < original.length - 1500, 'what goes is more than a few characters');
  assert.doesNotMatch(code, /pedantic:[A-Za-z_$]/, 'no rule table names pedantic rules');
  assert.ok(stripMarkedSingleton(code).length < code.length);
});

test('GitHub-flavoured Markdown renders as before, with both our instances’ options', async () => {
  const vectors = await securityVectors();
  const sample =
    '# Title\n\nSome **bold** and _em_ text, ***both*** and *a **nested** one*,\na line break, `code`, a [link](https://example.com "t"), <https://auto.example>, www.example.com and ~~gone~~.\n\n' +
    '> quote\n> > nested\n\n- one\n- [x] two\n  1. deep\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```js\nlet a = 1 < 2;\n```\n\n    indented code\n\nSetext\n===\n\n[ref]: https://ref.example\n[a ref][ref] and [ref]\n\n' +
    '"quoted" *"emphasis"* __strong__ _under_score_ snake_case_word **bold**text foo*bar*baz\n\n***\n\n<div>html *block*</div>\n';
  const inputs = [sample, ...vectors.MARKDOWN_VECTORS, ...vectors.URL_TRICKS.map((url) => `[x](${url}) ![y](${url}) <${url}>`)];
  const [before, after] = await Promise.all([asModule(original), asModule(stripPedanticRules(original).code)]);
  const wordpress = {
    renderer: {
      paragraph({ tokens }) {
        return `${this.parser.parseInline(tokens)}\n\n`;
      },
      br() {
        return '\n';
      },
    },
  };
  for (const extra of [{}, wordpress]) {
    const options = { gfm: true, breaks: true, async: false, ...extra };
    const [was, is] = [new before.Marked(options), new after.Marked(options)];
    for (const input of inputs) assert.equal(is.parse(input), was.parse(input), JSON.stringify(input));
  }
  assert.match(new after.Marked({ gfm: true, breaks: true }).parse(sample), /<em>a <strong>nested<\/strong> one<\/em>[\s\S]*<del>gone<\/del>/);
  // The rules that went: a pedantic instance now fails (before, it parsed).
  assert.match(new before.Marked({ pedantic: true }).parse('*a*'), /<em>a<\/em>/);
  assert.throws(() => new after.Marked({ pedantic: true }).parse('*a*'));
});

test('another shape of the module fails, saying why', () => {
  assert.throws(() => stripPedanticRules('var a=1;export{a};'), /expected the block and inline rule tables, found 0/);
  const sideEffect = 'var q=0,g=(s)=>({replace:()=>g(s),getRegex:()=>/x/}),n={a:1},p=n.a++,t={a:2},u={a:3},b={normal:n,gfm:n,pedantic:p},i={normal:t,gfm:t,pedantic:u};export{b,i};';
  assert.throws(() => stripPedanticRules(sideEffect), /does more than build a value \(Update/);
  const elsewhere = 'var n={},p={a:1},b={normal:n,gfm:n,pedantic:p},i={normal:n,gfm:n,pedantic:p},x=p.a;export{b,i,x};';
  assert.throws(() => stripPedanticRules(elsewhere), /`p`, a pedantic rule table, is named elsewhere/);
  const called = 'var n={},h=()=>1,p={a:h()},b={normal:n,gfm:n,pedantic:p},i={normal:n,gfm:n,pedantic:p};export{b,i};';
  assert.throws(() => stripPedanticRules(called), /`p` calls something other than the regex builder/);
});
