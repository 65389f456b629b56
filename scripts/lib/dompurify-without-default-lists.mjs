// A rollup plugin for the bundles (rollup.config.mjs): DOMPurify's ES module without the contents
// of the default allow-lists that only a configuration without its own lists reads. DOMPurify
// builds its defaults at load — every HTML tag and every HTML, SVG, MathML and XML attribute it
// deems safe, about 500 names — and rollup keeps them all, though our one sanitiser
// (src/core/markdown.ts) always sets its own `ALLOWED_TAGS` and `ALLOWED_ATTR` and no
// `USE_PROFILES`, so those defaults are never read. 0.8 KB gzip of the first load.
//
// A list is emptied (`freeze([])`) only when every mention of it is its declaration, the default
// sets (`DEFAULT_ALLOWED_TAGS`, `DEFAULT_ALLOWED_ATTR`) or the `if (USE_PROFILES) {…}` block: the
// SVG and MathML tag lists, which the namespace checks read, stay whole. A configuration without
// its own lists would allow fewer tags and no attribute at all (stricter, never looser). The
// `if (USE_PROFILES) {…}` block itself, which would build an allow-list from those emptied lists
// (and warns when a configuration names its own lists too), becomes `throw "USE_PROFILES"`: a
// profile fails loudly instead of allowing next to nothing. Any other shape of
// the module (another version of DOMPurify) fails the build, saying why.
import { parseAst } from 'rollup/parseAst';
import { walk, isVariable } from './ast.mjs';

/** DOMPurify's ES module, as node-resolve finds it. */
export const DOMPURIFY_MODULE = /[\\/]node_modules[\\/]dompurify[\\/]dist[\\/]purify\.es\.mjs$/;

/** DOMPurify's module `code` with the default-only allow-lists emptied, and the names emptied. */
export function emptyDefaultLists(code) {
  const fail = (why) => {
    throw new Error(`DOMPurify's module is not what scripts/lib/dompurify-without-default-lists.mjs expects: ${why}`);
  };
  const program = parseAst(code);
  /** Top-level `const name = freeze([ 'string', … ])`: the array of each. */
  const lists = new Map();
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
    for (const { id, init } of statement.declarations) {
      if (id.type === 'Identifier' && init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'freeze' &&
        init.arguments.length === 1 && init.arguments[0].type === 'ArrayExpression' &&
        init.arguments[0].elements.every((element) => element?.type === 'Literal' && typeof element.value === 'string')) {
        lists.set(id.name, { array: init.arguments[0], declaration: id });
      }
    }
  }
  /** Where the defaults are built and where USE_PROFILES reads the lists: [start, end) ranges. */
  const readers = [];
  let profiles;
  const candidates = new Set();
  walk(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && /^DEFAULT_ALLOWED_(?:TAGS|ATTR)$/.test(node.id.name)) {
      const init = node.init;
      const spread = init?.type === 'CallExpression' && init.arguments[1]?.type === 'ArrayExpression' ? init.arguments[1].elements : [];
      if (!spread.length || !spread.every((element) => element?.type === 'SpreadElement' && element.argument.type === 'Identifier')) {
        fail(`${node.id.name} is not addToSet({}, [...lists])`);
      }
      for (const element of spread) candidates.add(element.argument.name);
      readers.push([init.start, init.end]);
    }
    if (node.type === 'IfStatement' && node.test.type === 'Identifier' && node.test.name === 'USE_PROFILES') {
      readers.push([node.start, node.end]);
      profiles = node;
    }
  });
  if (readers.length !== 3) fail('no DEFAULT_ALLOWED_TAGS, DEFAULT_ALLOWED_ATTR and one `if (USE_PROFILES)` block');
  /** Mentions of each candidate outside its declaration and the readers. */
  const elsewhere = new Map([...candidates].map((name) => [name, 0]));
  walk(program, (node, parent, key, params) => {
    // A parameter of that name (DOMPurify's `createHTML(html)`) is another variable. Other shadowing
    // (a local `let`) is counted as a mention: the list then stays, and the build fails.
    if (node.type !== 'Identifier' || !elsewhere.has(node.name) || !isVariable(parent, key) || params.has(node.name)) return;
    if (node === lists.get(node.name)?.declaration) return;
    if (readers.some(([start, end]) => node.start >= start && node.end <= end)) return;
    elsewhere.set(node.name, elsewhere.get(node.name) + 1);
  });
  const emptied = [...candidates].filter((name) => lists.has(name) && elsewhere.get(name) === 0 && lists.get(name).array.elements.length > 1);
  // The HTML tags and the four attribute lists, as in DOMPurify 3.x: anything else is a change to look at.
  if (emptied.length !== 5) fail(`expected 5 lists read only by the defaults, found ${emptied.length} (${emptied.join(', ')})`);
  // The block is after the lists: replaced first, the lists' offsets hold. Its body (a `{` alone on
  // its line, then statements) becomes the throw, on its second line, padded with spaces, its line
  // breaks kept: every later line and column stays where it was.
  const body = profiles.consequent;
  const second = code.indexOf('\n', body.start) + 1;
  const fixed = 'throw"USE_PROFILES";';
  if (body.type !== 'BlockStatement' || second <= body.start || code.slice(body.start + 1, second).trim() || second >= body.end || code.slice(second, second + fixed.length).includes('\n')) {
    fail('the `if (USE_PROFILES)` block has no room for its throw');
  }
  const rest = code.slice(second, body.end - 1);
  let out = `${code.slice(0, second)}${fixed}${rest.slice(fixed.length).replace(/[^\n]/g, ' ')}${code.slice(body.end - 1)}`;
  for (const { array } of emptied.map((name) => lists.get(name)).sort((a, b) => b.array.start - a.array.start)) {
    // Its line breaks stay: the code after it keeps its lines, so the module's mappings hold.
    const breaks = out.slice(array.start, array.end).split('\n').length - 1;
    out = `${out.slice(0, array.start)}[${'\n'.repeat(breaks)}]${out.slice(array.end)}`;
  }
  return { code: out, emptied };
}

/** The plugin: DOMPurify's module as `emptyDefaultLists` leaves it. */
export function dompurifyWithoutDefaultLists() {
  return {
    name: 'dompurify-without-default-lists',
    transform(code, id) {
      // map: null keeps the module's mappings: every line stays where it was.
      return DOMPURIFY_MODULE.test(id) ? { code: emptyDefaultLists(code).code, map: null } : null;
    },
  };
}
