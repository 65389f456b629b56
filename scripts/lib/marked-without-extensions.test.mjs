import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { parseAst } from 'rollup/parseAst';
import { MARKED_MODULE, markedWithoutExtensions, stripExtensions } from './marked-without-extensions.mjs';
import { stripPedanticRules } from './marked-without-pedantic.mjs';
import { stripMarkedSingleton } from './without-marked-singleton.mjs';
import { root, asModule, securityVectors } from './trim-test-support.mjs';

const markedFile = createRequire(import.meta.url).resolve('marked').replace(/marked\.(?:umd|cjs|esm)\.c?js$/, 'marked.esm.js');
const original = readFileSync(markedFile, 'utf8');
/** The module as the plugins before this one leave it (rollup.config.mjs's order). */
const before = stripPedanticRules(stripMarkedSingleton(original)).code;

test('the plugin applies to the marked module node-resolve finds, after the singleton is cut', () => {
  assert.match(markedFile, MARKED_MODULE);
  assert.equal(markedWithoutExtensions().transform('export const a = 1;', '/x/node_modules/other/lib/marked.esm.js'), null);
  assert.throws(() => stripExtensions(original), /still has its `marked` singleton/);
});

test("marked's module without its extension machinery: padded in place, every cut found", () => {
  const { code, cut } = stripExtensions(before);
  assert.deepEqual(cut, {
    extensionTests: 6,
    hookReads: 2,
    silentTests: 3,
    options: ['extensions', 'tokenizer', 'hooks', 'walkTokens'],
    members: ['walkTokens', 'lexer', 'parser', 'setOptions', 'options', 'parseInline', 'Hooks'],
  });
  assert.equal(code.length, before.length, 'padded, not cut: every column stays');
  assert.equal(code.split('\n').length, before.split('\n').length);
  assert.ok(code.replace(/ {2,}/g, ' ').length < before.length - 2500, 'what goes is more than a few characters');
  assert.doesNotMatch(code, /extension name required|walkTokens\(e,t\)\{|setOptions\(|if\(this\.options\.silent\)|this\.defaults\.async===!0/);
  // The `Hooks` class stays in the module, named by nothing but its export: rollup leaves it out.
  assert.doesNotThrow(() => parseAst(code));
});

/** Markdown: the hostile vectors, links with every URL trick, the repository's own documents and a sample of every construct. */
async function inputs() {
  const vectors = await securityVectors();
  const sample =
    '# Title\n\nSome **bold** and _em_ text, ***both*** and *a **nested** one*,\na line break, `code`, a [link](https://example.com "t"), <https://auto.example>, www.example.com and ~~gone~~.\n\n' +
    '> quote\n> > nested\n\n- one\n- [x] two\n  1. deep\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```js\nlet a = 1 < 2;\n```\n\n    indented code\n\nSetext\n===\n\n[ref]: https://ref.example\n[a ref][ref] and [ref]\n\n' +
    '"quoted" *"emphasis"* __strong__ _under_score_ snake_case_word **bold**text foo*bar*baz\n\n***\n\n<div>html *block*</div>\n\n![img](https://i.example/a.png "t") \\*escaped\\* &amp; &copy; &#65;\n';
  const documents = ['README.md', 'SECURITY.md', ...readdirSync(`${root}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
    .map((path) => readFileSync(`${root}${path}`, 'utf8'));
  assert.ok(documents.length >= 3 && documents.join('').length > 20_000, 'a broad sample of real Markdown');
  return [sample, ...documents, ...vectors.MARKDOWN_VECTORS, ...vectors.URL_TRICKS.map((url) => `[x](${url}) ![y](${url}) <${url}>`)];
}

test('Markdown renders byte for byte as before, with both our instances’ options', async () => {
  const [was, is] = await Promise.all([asModule(original), asModule(stripExtensions(before).code)]);
  const wordpress = {
    renderer: {
      paragraph({ tokens }) {
        return `${this.parser.parseInline(tokens)}\n\n`;
      },
      br() {
        return '\n';
      },
      image({ href, text }) {
        return `<a href="${href}">${text || href}</a>`;
      },
    },
  };
  let compared = 0;
  for (const extra of [{}, wordpress]) {
    const options = { gfm: true, breaks: true, async: false, ...extra };
    const [old, now] = [new was.Marked(options), new is.Marked(options)];
    for (const input of await inputs()) {
      assert.equal(now.parse(input), old.parse(input), JSON.stringify(input.slice(0, 200)));
      compared++;
    }
    // Not a string: the same error as before.
    assert.throws(() => now.parse(undefined), /input parameter is undefined or null/);
  }
  assert.ok(compared > 60, `${compared} inputs compared`);
  assert.match(new is.Marked({ gfm: true, breaks: true }).parse('*a **b***\nc'), /<em>a <strong>b<\/strong><\/em><br>c/);
});

test('an instance given an option whose machinery went fails at once, not silently', async () => {
  const [was, is] = await Promise.all([asModule(original), asModule(stripExtensions(before).code)]);
  const cut = [
    { extensions: [{ name: 'x', level: 'inline', tokenizer: () => undefined }] },
    { tokenizer: { codespan: () => false } },
    { hooks: { preprocess: (text) => text } },
    { walkTokens: () => undefined },
    { async: true },
    { silent: true },
  ];
  for (const options of cut) {
    assert.doesNotThrow(() => new was.Marked(options), JSON.stringify(Object.keys(options)));
    assert.throws(() => new is.Marked(options), /marked: option cut at build/);
  }
  // A silent instance gave errors as HTML; ours throw, and src/core/markdown.ts shows the body as text.
  assert.match(new was.Marked({ silent: true }).parse(null), /<p>An error occurred:<\/p>/);
  assert.throws(() => new is.Marked({ gfm: true }).parse(null), /input parameter is undefined or null/);
  for (const member of ['walkTokens', 'lexer', 'parser', 'setOptions', 'parseInline', 'Hooks']) {
    assert.ok(new was.Marked()[member], member);
    assert.equal(new is.Marked()[member], undefined, member);
  }
});

test('another shape of the module fails, saying why', () => {
  assert.throws(() => stripExtensions('var a=1;export{a as Marked};'), /no `Marked` class/);
  assert.throws(() => stripExtensions(before.replace('parseInline=this.parseMarkdown(!1);', '')), /`Marked` has no `parseInline`/);
  // One more extension look-up in the Lexer than marked 18 has: something changed, to look at.
  const more = before.replace('this.state.lastToken=', 'if(this.options.extensions?.more)e="";this.state.lastToken=');
  assert.notEqual(more, before);
  assert.throws(() => stripExtensions(more), /expected 6 tests of `this.options.extensions`/);
  const read = before.replace('this.state.lastToken=', 'this.x=this.options.extensions;this.state.lastToken=');
  assert.throws(() => stripExtensions(read), /`this.options.extensions` is read outside the tests cut/);
  const noisy = before.replace('this.state.lastToken=', 'if(this.options.silent)e="";this.state.lastToken=');
  assert.throws(() => stripExtensions(noisy), /expected 3 tests of `this.options.silent`/);
  const called = before.replace('constructor(...e){', 'constructor(...e){this.lexer;');
  assert.notEqual(called, before);
  assert.throws(() => stripExtensions(called), /`this.lexer` is still read in `Marked`/);
  // `this.defaults.async` read again in `parseMarkdown`: marked changed how it checks it.
  const twice = before.replace('if(this.defaults.async===!0&&', 'if(this.defaults.async===this.defaults.async&&this.defaults.async===!0&&');
  assert.notEqual(twice, before);
  assert.throws(() => stripExtensions(twice), /reads `this.defaults.async` 3 times, not once/);
});
