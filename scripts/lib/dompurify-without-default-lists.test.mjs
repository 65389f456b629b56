import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { DOMPURIFY_MODULE, dompurifyWithoutDefaultLists, emptyDefaultLists } from './dompurify-without-default-lists.mjs';
import { root, asModule, securityVectors, markdownModule } from './trim-test-support.mjs';

const purifyFile = `${root}node_modules/dompurify/dist/purify.es.mjs`;
const original = readFileSync(purifyFile, 'utf8');

test('the plugin applies to the DOMPurify module node-resolve finds', () => {
  assert.match(purifyFile, DOMPURIFY_MODULE);
  assert.equal(dompurifyWithoutDefaultLists().transform('export const a = 1;', '/x/node_modules/other/purify.es.mjs'), null);
});

test('DOMPurify without its default lists: the HTML tags and the attribute lists emptied, the SVG and MathML tags kept, lines kept', () => {
  const { code, emptied } = emptyDefaultLists(original);
  assert.deepEqual(emptied.sort(), ['html', 'html$1', 'mathMl', 'svg', 'xml']);
  assert.ok(code.length < original.length - 4000, `${original.length} → ${code.length} characters`);
  assert.equal(code.split('\n').length, original.split('\n').length);
  assert.match(code, /const svg\$1 = freeze\(\[\n\t"svg",/, 'the SVG tags, which the namespace checks read, stay');
  assert.match(code, /const mathMl\$1 = freeze\(\[\n\t"math",/, 'the MathML tags stay');
});

test('our sanitiser gives the same HTML with the emptied lists, for every hostile vector', async () => {
  const vectors = await securityVectors();
  const inputs = [
    ...vectors.MARKDOWN_VECTORS,
    ...vectors.URL_TRICKS.flatMap((url) => [`[x](${url})`, `<a href="${url}">x</a>`, `![x](${url})`]),
    '<svg><a href="https://example.com">x</a><style><img src=x onerror=__xss(1)></style></svg>',
    '<math><mi><table><mglyph><style><img src=x onerror=__xss(1)></style></mglyph></table></mi></math>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=__xss(1)>',
    '<p title="a" class="b" id="c" style="color:red" data-x="1" aria-label="l">text</p>',
    '<table><tr><td colspan="2" rowspan="3" width="9">cell</td></tr></table><ol start="3" type="a"><li>x</li></ol>',
  ];
  const [before, after] = await Promise.all([markdownModule(original), markdownModule(emptyDefaultLists(original).code)]);
  const { window } = new JSDOM('<!doctype html>', { url: 'https://blog.example/post/' });
  before.useSanitizerWindow(window);
  after.useSanitizerWindow(window);
  let links = 0;
  for (const input of inputs) {
    for (const options of [{}, { format: 'html' }, { allowImages: true }]) {
      const expected = before.renderBody(input, options);
      assert.equal(after.renderBody(input, options), expected, `${JSON.stringify(input)} ${JSON.stringify(options)}`);
      if (expected.includes('href=')) links++;
    }
  }
  assert.ok(links > 20, `attributes survive as before (${links} outputs with a link)`);
});

test('a configuration without its own lists is stricter with the emptied lists, never looser', async () => {
  const { window } = new JSDOM('<!doctype html>');
  const [before, after] = await Promise.all([asModule(original), asModule(emptyDefaultLists(original).code)]);
  const html = '<p title="t"><a href="https://example.com">x</a><img src=x onerror=alert(1)></p>';
  assert.match(before.default(window).sanitize(html), /<p title="t"><a href="https:\/\/example.com">x<\/a><img src="x"><\/p>/);
  // No attribute at all; of the tags only those the SVG and MathML lists name (`a` is one).
  assert.equal(after.default(window).sanitize(html), '<a>x</a>');
});

test('a configuration with USE_PROFILES throws, naming it, where it built an allow-list from the emptied lists', async () => {
  const { window } = new JSDOM('<!doctype html>');
  const { code } = emptyDefaultLists(original);
  assert.doesNotMatch(code, /USE_PROFILES overrides ALLOWED_TAGS/, 'the warning went with the block');
  const [before, after] = await Promise.all([asModule(original), asModule(code)]);
  const html = '<p><b>x</b></p>';
  assert.equal(before.default(window).sanitize(html, { USE_PROFILES: { html: true } }), html);
  assert.throws(() => after.default(window).sanitize(html, { USE_PROFILES: { html: true } }), (thrown) => thrown === 'USE_PROFILES');
  // Our configuration, and one without profiles, are as before.
  assert.equal(after.default(window).sanitize(html, { ALLOWED_TAGS: ['p', 'b'], USE_PROFILES: false }), html);
});

test('another shape of the module fails, saying why', () => {
  assert.throws(() => emptyDefaultLists('const freeze = Object.freeze;\nexport default 1;'), /no DEFAULT_ALLOWED_TAGS/);
  // A list the defaults build from but that something else reads too: nothing is emptied blindly.
  const readElsewhere = original.replace('const DEFAULT_ALLOWED_ATTR =', 'const READS = [...svg];\n\tconst DEFAULT_ALLOWED_ATTR =');
  assert.throws(() => emptyDefaultLists(readElsewhere), /expected 5 lists read only by the defaults, found 4/);
  // The block on one line: no room for its throw.
  const oneLine = original.replace(/if \(USE_PROFILES\) \{\n\t+if/, 'if (USE_PROFILES) { if');
  assert.notEqual(oneLine, original);
  assert.throws(() => emptyDefaultLists(oneLine), /no room for its throw/);
});
