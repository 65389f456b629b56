// A rollup plugin for the bundles (rollup.config.mjs): marked's ES module without the machinery for
// options our two instances (src/core/markdown.ts, src/providers/wordpress-mapping.ts) never pass:
// `extensions`, `tokenizer`, `hooks`, `walkTokens` and `async: true`, and without the `Marked`
// members they never call (`walkTokens`, `lexer`, `parser`, `setOptions`/`options`, `parseInline`,
// `Hooks`). Both only do `new Marked({ gfm, breaks, async: false, renderer? })` and `.parse(text)`.
//
// What goes:
// - in `Marked#use`: the code that merges extensions, tokenizers, hooks and walkTokens; in its place
//   a check that throws when an instance is given any of them (or `async: true`), so a future use
//   fails loudly instead of being ignored. `renderer` overrides (WordPress's) stay.
// - in `Marked#parseMarkdown`: the merged options' `hooks`, `walkTokens` and `async` read as `null`
//   (the async path, the hooks' calls and the token walk become dead code the minifier drops), and
//   `this.defaults.async` as `false` (its check that an extension set `async`, with its message).
// - in the Lexer and the Parser: every `if` on `this.options.extensions…` tests `0`, every
//   `this.options.hooks?.…` is `void 0` (no extension tokenizer, start or renderer is ever looked up).
// - the `Marked` members above (then the `Hooks` class, which nothing else names, is tree-shaken).
// Replaced text is padded with spaces (line breaks kept), so every later column stays where it was
// (the module's mappings hold). It must run after scripts/lib/without-marked-singleton.mjs (the
// singleton calls `walkTokens`, `setOptions` and `parseInline`). Any other shape of the module
// (another version of marked) fails the build, saying why.
import { parseAst } from 'rollup/parseAst';
import { walk } from './ast.mjs';
import { MARKED_MODULE } from './without-marked-singleton.mjs';

export { MARKED_MODULE };

const propertyName = (node) => !node.computed && (node.key?.name ?? node.property?.name);
/** `this.options.<name>` */
const isThisOptions = (node, name) =>
  node?.type === 'MemberExpression' && propertyName(node) === name && node.object.type === 'MemberExpression' &&
  node.object.object.type === 'ThisExpression' && propertyName(node.object) === 'options';
/** Does `node` contain `this.options.<name>`? */
const mentions = (node, name) => {
  let found = false;
  walk(node, (child) => (found ||= isThisOptions(child, name)));
  return found;
};

/** The Marked members that go: what our code never calls, and what only the cut machinery used. */
const MEMBERS = ['walkTokens', 'lexer', 'parser', 'setOptions', 'options', 'parseInline', 'Hooks'];
/** The options whose machinery goes; `use` throws when given one. */
const OPTIONS = ['extensions', 'tokenizer', 'hooks', 'walkTokens'];

/** marked's module `code` without its extension machinery, and what went (for the tests). */
export function stripExtensions(code) {
  const fail = (why) => {
    throw new Error(`marked's module is not what scripts/lib/marked-without-extensions.mjs expects: ${why}`);
  };
  const program = parseAst(code);
  const edits = [];
  /** Replaces `node` (or [start, end)) with `text`, padded to its length with spaces, its line breaks kept. */
  const put = (range, text) => {
    const [start, end] = Array.isArray(range) ? range : [range.start, range.end];
    if (code.slice(start, start + text.length).includes('\n') || text.length > end - start) fail(`no room for \`${text}\``);
    edits.push([start, end, text + code.slice(start + text.length, end).replace(/[^\n]/g, ' ')]);
  };
  const gone = (node) => edits.some(([start, end]) => node.start >= start && node.end <= end);
  const list = program.body.at(-1);
  if (list?.type !== 'ExportNamedDeclaration' || list.source) fail('it does not end with its export list');
  const exported = new Map(list.specifiers.map((specifier) => [specifier.exported.name, specifier.local.name]));
  if (exported.has('marked')) fail('it still has its `marked` singleton (run scripts/lib/without-marked-singleton.mjs first)');
  const markedName = exported.get('Marked');
  /** The Marked class: `var <name> = class { … }` */
  let marked;
  walk(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.name === markedName && node.init?.type === 'ClassExpression') marked = node.init;
    if (node.type === 'ClassDeclaration' && node.id?.name === markedName) marked = node;
  });
  if (!marked) fail('no `Marked` class');
  const members = new Map(marked.body.body.map((member) => [propertyName(member), member]));
  for (const name of [...MEMBERS, 'use', 'parseMarkdown']) if (!members.has(name)) fail(`\`Marked\` has no \`${name}\``);

  // 1. The Lexer's and Parser's extension and hook look-ups.
  let extensionTests = 0;
  /** The `if`s that now test 0: what they guard is dead. */
  const dead = [];
  let hookReads = 0;
  let silentTests = 0;
  walk(program, (node) => {
    if (node.start >= marked.start && node.end <= marked.end) return;
    if (node.type === 'IfStatement' && mentions(node.test, 'extensions')) {
      put(node.test, '0');
      dead.push([node.start, node.end]);
      extensionTests++;
    }
    if (node.type === 'IfStatement' && isThisOptions(node.test, 'silent')) {
      put(node.test, '0');
      silentTests++;
    }
    if (node.type === 'ChainExpression' && mentions(node.expression, 'hooks')) {
      put(node, 'void 0');
      hookReads++;
    }
  });
  // The block and inline tokenizers, their starts, the two renderer look-ups; the emStrong mask hook twice.
  if (extensionTests !== 6) fail(`expected 6 tests of \`this.options.extensions\` outside \`Marked\`, found ${extensionTests}`);
  // The Lexer's endless-loop error, the Parser's two unknown-token errors.
  if (silentTests !== 3) fail(`expected 3 tests of \`this.options.silent\` outside \`Marked\`, found ${silentTests}`);
  if (hookReads !== 2) fail(`expected 2 reads of \`this.options.hooks\` outside \`Marked\`, found ${hookReads}`);
  let stray;
  walk(program, (node) => {
    if (node.start >= marked.start && node.end <= marked.end) return;
    if ((isThisOptions(node, 'extensions') || isThisOptions(node, 'hooks')) && !dead.some(([start, end]) => node.start >= start && node.end <= end) && !gone(node)) stray ??= node;
  });
  if (stray) fail(`\`${code.slice(stray.start, stray.end)}\` is read outside the tests cut`);

  // 2. `use`: its merging of extensions, tokenizers, hooks and walkTokens.
  const use = members.get('use').value;
  const rest = use.params[0];
  if (rest?.type !== 'RestElement' || rest.argument.type !== 'Identifier') fail('`use` does not take `...extensions`');
  const [first, second] = use.body.body;
  // `return extensions.forEach(…), this`
  const returned = second?.type === 'ReturnStatement' && second.argument?.type === 'SequenceExpression' ? second.argument.expressions[0] : second?.argument;
  const callback = returned?.type === 'CallExpression' && propertyName(returned.callee) === 'forEach' ? returned.arguments[0] : undefined;
  if (first?.type !== 'VariableDeclaration' || first.declarations.length !== 1 || !/Function/.test(callback?.type ?? '') || callback.params[0]?.type !== 'Identifier') {
    fail('`use` is not `let t = …extensions…; return extensions.forEach((pack) => …)`');
  }
  const pack = callback.params[0].name;
  const given = (node, name) => node?.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === pack && propertyName(node) === name;
  const guard = `if(${[...OPTIONS, 'async', 'silent'].map((name) => `${pack}.${name}`).join('||')})throw Error("marked: option cut at build");`;
  put(first, '');
  const cut = new Set();
  let placed = false;
  for (const statement of callback.body.body) {
    if (statement.type !== 'IfStatement') continue;
    const name = OPTIONS.find((option) => given(statement.test, option));
    if (name) {
      // The first of them makes room for the check.
      put(statement, placed ? '' : guard);
      placed = true;
      cut.add(name);
    }
    if (statement.test.type === 'SequenceExpression') {
      const elements = statement.test.expressions;
      const index = elements.findIndex((element) => element.type === 'LogicalExpression' && given(element.left, 'extensions'));
      if (index >= 0 && index < elements.length - 1) {
        put([elements[index].start, elements[index + 1].start], '');
        cut.add('extensions');
      }
    }
  }
  if (cut.size !== OPTIONS.length || !placed) fail(`\`use\` merges ${OPTIONS.filter((name) => !cut.has(name)).join(', ')} in a way not recognised`);

  // 3. `parseMarkdown`: the merged options' hooks, walkTokens and async read as null.
  const parseMarkdown = members.get('parseMarkdown').value;
  let merged;
  walk(parseMarkdown, (node) => {
    if (node.type === 'VariableDeclarator' && node.init?.type === 'ObjectExpression' && node.init.properties[0]?.type === 'SpreadElement' &&
      node.init.properties[0].argument.type === 'MemberExpression' && propertyName(node.init.properties[0].argument) === 'defaults') merged = node.id.name;
  });
  if (!merged) fail('`parseMarkdown` merges no `{ ...this.defaults, … }`');
  const reads = new Map();
  walk(parseMarkdown, (node) => {
    // `o.walkTokens && this.walkTokens(…)`: all of it.
    if (node.type === 'LogicalExpression' && node.left.type === 'MemberExpression' && node.left.object.name === merged && propertyName(node.left) === 'walkTokens') {
      put(node, '0');
      reads.set('walkTokens', (reads.get('walkTokens') ?? 0) + 1);
    }
    if (gone(node)) return;
    if (node.type !== 'MemberExpression' || node.computed || node.object.type !== 'Identifier' || node.object.name !== merged) return;
    const name = propertyName(node);
    if (!['hooks', 'walkTokens', 'async', 'silent'].includes(name)) return;
    put(node, 'null');
    reads.set(name, (reads.get(name) ?? 0) + 1);
  });
  if (!reads.get('hooks') || !reads.get('walkTokens') || !reads.get('async') || !reads.get('silent')) fail('`parseMarkdown` does not read hooks, walkTokens, async and silent of its options');
  // `this.defaults.async`, which `use` now never lets be true: the check of it (with its message) goes.
  let defaultsAsync = 0;
  walk(parseMarkdown, (node) => {
    if (node.type !== 'MemberExpression' || propertyName(node) !== 'async' || node.object.type !== 'MemberExpression' || gone(node)) return;
    if (node.object.object.type !== 'ThisExpression' || propertyName(node.object) !== 'defaults') return;
    put(node, '!1');
    defaultsAsync++;
  });
  if (defaultsAsync !== 1) fail(`\`parseMarkdown\` reads \`this.defaults.async\` ${defaultsAsync} times, not once`);
  // `onError(silent, async)`: both false now; its error HTML and its promises go.
  const onError = members.get('onError')?.value;
  const [silent, async] = onError?.params.map((param) => param.name) ?? [];
  let onErrorTests = 0;
  walk(onError, (node) => {
    if (node.type !== 'IfStatement') return;
    const test = node.test.type === 'SequenceExpression' ? node.test.expressions.at(-1) : node.test;
    if (test.type === 'Identifier' && (test.name === silent || test.name === async)) {
      put(test, '0');
      onErrorTests++;
    }
  });
  if (onErrorTests !== 2) fail(`\`onError\` does not test its \`silent\` and \`async\` once each (found ${onErrorTests})`);

  // 4. The members, once nothing that stays names them.
  for (const name of MEMBERS) put(members.get(name), '');
  walk(program, (node) => {
    if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression' || gone(node)) return;
    if (node.start >= marked.start && node.end <= marked.end && MEMBERS.includes(propertyName(node))) fail(`\`this.${propertyName(node)}\` is still read in \`Marked\``);
  });

  edits.sort((a, b) => b[0] - a[0]);
  for (let i = 1; i < edits.length; i++) if (edits[i][1] > edits[i - 1][0]) fail('two cuts overlap');
  let out = code;
  for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
  try {
    parseAst(out);
  } catch (error) {
    fail(`what is left does not parse: ${error.message}`);
  }
  return { code: out, cut: { extensionTests, hookReads, silentTests, options: [...cut], members: MEMBERS } };
}

/** The plugin: marked's module as `stripExtensions` leaves it. */
export function markedWithoutExtensions() {
  return {
    name: 'marked-without-extensions',
    transform(code, id) {
      // map: null keeps the module's mappings: what goes is padded in place, nothing moves.
      return MARKED_MODULE.test(id) ? { code: stripExtensions(code).code, map: null } : null;
    },
  };
}
