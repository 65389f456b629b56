import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { emptyDefaultLists } from './dompurify-without-default-lists.mjs';
import { DOMPURIFY_MODULE, dompurifyWithoutUnsetFlags, FLAGS, FLAGS_SET_FALSE, fixUnsetFlags } from './dompurify-without-unset-flags.mjs';
import { root, asModule, securityVectors, markdownModule } from './trim-test-support.mjs';

const original = readFileSync(`${root}node_modules/dompurify/dist/purify.es.mjs`, 'utf8');
/** The module as the plugin before this one leaves it (rollup.config.mjs's order). */
const before = emptyDefaultLists(original).code;

test('the plugin applies to the DOMPurify module node-resolve finds', () => {
  assert.match(`${root}node_modules/dompurify/dist/purify.es.mjs`, DOMPURIFY_MODULE);
  assert.equal(dompurifyWithoutUnsetFlags().transform('export const a = 1;', '/x/node_modules/other/purify.es.mjs'), null);
});

test('every read of the nine flags is `!1`, each set from the configuration is a check, every line and column kept', () => {
  const { code, reads } = fixUnsetFlags(before);
  assert.deepEqual(reads, {
    SAFE_FOR_TEMPLATES: 8,
    WHOLE_DOCUMENT: 6,
    IN_PLACE: 2,
    RETURN_TRUSTED_TYPE: 2,
    FORCE_BODY: 2,
    SANITIZE_NAMED_PROPS: 1,
    ALLOW_UNKNOWN_PROTOCOLS: 1,
    ALLOW_DATA_ATTR: 1,
    ALLOW_ARIA_ATTR: 1,
  });
  assert.equal(code.length, before.length);
  assert.equal(code.split('\n').length, before.split('\n').length);
  for (const flag of [...FLAGS, ...FLAGS_SET_FALSE]) {
    assert.match(code, new RegExp(`if\\(cfg\\.${flag}\\)throw"${flag}";`));
    // Set to false (ALLOW_DATA_ATTR, by SAFE_FOR_TEMPLATES): left, as it stays false.
    assert.doesNotMatch(code, new RegExp(`if \\(${flag}\\)|(?<!let )${flag} = (?!false;)|\\b${flag} &&|\\? ${flag}\\b`), flag);
  }
  // The two true by default: their only reads, in the attribute check, are gone.
  assert.match(code, /if \(!1 {14}&& regExpTest\(DATA_ATTR\$1, lcName\)\) return true;/);
  assert.match(code, /if \(!1 {14}&& regExpTest\(ARIA_ATTR\$1, lcName\)\) return true;/);
  // The flags we do set, and those that only tighten, are untouched.
  assert.match(code, /if \(RETURN_DOM\) \{/);
  assert.match(code, /if \(SAFE_FOR_XML &&/);
});

/** Markdown and HTML: the hostile vectors, every URL trick, the repository's own documents, attributes of every kind. */
async function inputs() {
  const vectors = await securityVectors();
  const documents = ['README.md', 'SECURITY.md', ...readdirSync(`${root}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
    .map((path) => readFileSync(`${root}${path}`, 'utf8'));
  return [
    ...documents,
    ...vectors.MARKDOWN_VECTORS,
    ...vectors.URL_TRICKS.flatMap((url) => [`[x](${url})`, `<a href="${url}">x</a>`, `![x](${url})`]),
    // What SAFE_FOR_TEMPLATES would have blanked: kept as text, as before.
    '{{constructor.constructor("__xss(1)")()}} <%= x %> ${x} <p title="{{a}}">{{b}}</p>',
    '<html><head><title>t</title></head><body><p>whole</p></body></html>',
    '<!doctype html><p>doc</p>',
    '<svg><a href="https://example.com">x</a><style><img src=x onerror=__xss(1)></style></svg>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=__xss(1)>',
    '<p title="a" class="b" id="c" style="color:red" data-x="1" aria-label="l" is="x-y">text</p><x-custom a="1">c</x-custom>',
    // data-* and aria-* on allowed elements: dropped by our configuration, fixed or not.
    '<p title="t" data-x="1" aria-label="l">data and aria</p><a href="https://example.com/" data-track="1" aria-describedby="d">a</a>',
    '<template><img src=x onerror=__xss(1)></template><noscript><p title="</noscript><img src=x onerror=__xss(1)>">',
  ];
}

test('our sanitiser gives the same HTML with the flags fixed, for every input', async () => {
  const [was, is] = await Promise.all([markdownModule(original), markdownModule(fixUnsetFlags(before).code)]);
  const { window } = new JSDOM('<!doctype html>', { url: 'https://blog.example/post/' });
  was.useSanitizerWindow(window);
  is.useSanitizerWindow(window);
  let compared = 0;
  for (const input of await inputs()) {
    for (const options of [{}, { format: 'html' }, { allowImages: true }]) {
      assert.equal(is.renderBody(input, options), was.renderBody(input, options), `${JSON.stringify(input.slice(0, 200))} ${JSON.stringify(options)}`);
      compared++;
    }
  }
  assert.ok(compared > 150, `${compared} outputs compared`);
  assert.match(is.renderBody('{{a}} <b>b</b>'), /^<p>\{\{a\}\} <b>b<\/b><\/p>\n$/);
});

test('a configuration that sets one of the flags is refused (before, it was heeded)', async () => {
  const { window } = new JSDOM('<!doctype html>');
  const [was, is] = await Promise.all([asModule(before), asModule(fixUnsetFlags(before).code)]);
  const config = { ALLOWED_TAGS: ['p'], ALLOWED_ATTR: ['title'] };
  assert.equal(was.default(window).sanitize('<p title="{{x}}">{{y}}</p>', { ...config, SAFE_FOR_TEMPLATES: true }), '<p title=" "> </p>');
  for (const flag of [...FLAGS, ...FLAGS_SET_FALSE]) {
    assert.throws(() => is.default(window).sanitize('<p>x</p>', { ...config, [flag]: true }), (error) => error === flag, flag);
    assert.throws(() => is.default(window).setConfig({ ...config, [flag]: true }), (error) => error === flag, flag);
  }
  // Without them: the default, as before.
  assert.equal(is.default(window).sanitize('<p title="{{x}}">{{y}}</p>', config), was.default(window).sanitize('<p title="{{x}}">{{y}}</p>', config));
  // The two true by default, set false as our configuration does: as before.
  const attributes = '<p title="t" data-x="1" aria-label="l">x</p>';
  const off = { ...config, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false };
  assert.equal(was.default(window).sanitize(attributes, off), '<p title="t">x</p>');
  assert.equal(is.default(window).sanitize(attributes, off), '<p title="t">x</p>');
  // Left out, DOMPurify let them through; now they are false whatever a configuration leaves out,
  // which is why ours names them (and the comparison above fails if it stops doing so).
  assert.equal(was.default(window).sanitize(attributes, config), attributes);
  assert.equal(is.default(window).sanitize(attributes, config), '<p title="t">x</p>');
});

test('another shape of the module fails, saying why', () => {
  const twice = before.replace('let IN_PLACE = false;', 'let IN_PLACE = false;\n\tlet x = () => { let IN_PLACE = true; return IN_PLACE; };');
  assert.notEqual(twice, before);
  assert.throws(() => fixUnsetFlags(twice), /`IN_PLACE` is declared other than `let IN_PLACE = false`/);
  const setElsewhere = before.replace('SET_CONFIG = false;', 'SET_CONFIG = false; WHOLE_DOCUMENT = false;');
  assert.notEqual(setElsewhere, before);
  assert.throws(() => fixUnsetFlags(setElsewhere), /`WHOLE_DOCUMENT` is set other than once/);
  const defaultTrue = before.replace('let SAFE_FOR_TEMPLATES = false;', 'let SAFE_FOR_TEMPLATES = true;');
  assert.throws(() => fixUnsetFlags(defaultTrue), /`SAFE_FOR_TEMPLATES` is declared other than/);
  const otherwise = before.replace('IN_PLACE = cfg.IN_PLACE || false;', 'IN_PLACE = !!cfg.IN_PLACE;');
  assert.throws(() => fixUnsetFlags(otherwise), /`IN_PLACE` is set other than once, as/);
  assert.throws(() => fixUnsetFlags('export default 1;'), /`SAFE_FOR_TEMPLATES` is declared 0 times/);
  // The two true by default: declared false, set true elsewhere, or set from the configuration otherwise.
  const declaredFalse = before.replace('let ALLOW_DATA_ATTR = true;', 'let ALLOW_DATA_ATTR = false;');
  assert.notEqual(declaredFalse, before);
  assert.throws(() => fixUnsetFlags(declaredFalse), /`ALLOW_DATA_ATTR` is declared other than `let ALLOW_DATA_ATTR = true`/);
  const setTrue = before.replace('if (SAFE_FOR_TEMPLATES) ALLOW_DATA_ATTR = false;', 'if (SAFE_FOR_TEMPLATES) ALLOW_DATA_ATTR = true;');
  assert.notEqual(setTrue, before);
  assert.throws(() => fixUnsetFlags(setTrue), /`ALLOW_DATA_ATTR` is set other than once, as `ALLOW_DATA_ATTR = cfg.ALLOW_DATA_ATTR !== false`/);
  const ariaOtherwise = before.replace('ALLOW_ARIA_ATTR = cfg.ALLOW_ARIA_ATTR !== false;', 'ALLOW_ARIA_ATTR = cfg.ALLOW_ARIA_ATTR ?? true;');
  assert.notEqual(ariaOtherwise, before);
  assert.throws(() => fixUnsetFlags(ariaOtherwise), /`ALLOW_ARIA_ATTR` is set other than once/);
});
