// A rollup plugin for the bundles (rollup.config.mjs): marked's ES module without its `pedantic`
// rule sets (the original markdown.pl's quirks). The module builds them at load, from a dozen
// regular expressions of their own, and rollup keeps them all (it cannot tell that building them
// does nothing), though both our instances (src/core/markdown.ts, src/providers/wordpress-mapping.ts)
// are GitHub-flavoured and never `pedantic`. 0.4 KB gzip of the first load.
//
// What goes: the `pedantic` member of the two rule tables (`{ normal, gfm, pedantic }`, block and
// inline), the declarations they named, and every declaration only those named, in turn — each of
// which must be built only from literals and marked's own regex builder (`g(…).replace(…).getRegex()`),
// which changes nothing else. A `new Marked({ pedantic: true })` would then fail on its first parse.
// What goes is blanked with spaces, so every line and column after it stays where it was (the
// module's mappings hold; the minifier drops the spaces). Any other shape of the module (another
// version of marked) fails the build, saying why.
import { parseAst } from 'rollup/parseAst';
import { walk, isVariable } from './ast.mjs';
import { MARKED_MODULE } from './without-marked-singleton.mjs';

export { MARKED_MODULE };

const keyName = (property) => property.type === 'Property' && !property.computed && (property.key.name ?? property.key.value);

/** marked's module `code` without the pedantic rules, and the declarations dropped. */
export function stripPedanticRules(code) {
  const fail = (why) => {
    throw new Error(`marked's module is not what scripts/lib/marked-without-pedantic.mjs expects: ${why}`);
  };
  const program = parseAst(code);
  /** Top-level declarators by name, with the text each takes in its list (its comma included). */
  const declared = new Map();
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    statement.declarations.forEach((declarator, index) => {
      if (declarator.id.type !== 'Identifier') return;
      const list = statement.declarations;
      // The first of several goes with the comma after it; any other with the comma before it.
      const range = index > 0 ? [list[index - 1].end, declarator.end] : list.length > 1 ? [declarator.start, list[1].start] : null;
      declared.set(declarator.id.name, { declarator, range });
    });
  }
  /** The rule tables: `{ normal, gfm, pedantic, … }` with `pedantic` naming a declaration. */
  const cuts = [];
  const dropped = new Set();
  walk(program, (node) => {
    if (node.type !== 'ObjectExpression') return;
    const keys = node.properties.map(keyName);
    if (!keys.includes('normal') || !keys.includes('gfm') || !keys.includes('pedantic')) return;
    const index = keys.indexOf('pedantic');
    const property = node.properties[index];
    if (property.value.type !== 'Identifier' || !declared.has(property.value.name)) fail('a rule table whose `pedantic` is not a declared name');
    cuts.push(index > 0 ? [node.properties[index - 1].end, property.end] : [property.start, node.properties[1]?.start ?? property.end]);
    dropped.add(property.value.name);
  });
  if (cuts.length !== 2) fail(`expected the block and inline rule tables, found ${cuts.length}`);
  // Whatever only dropped declarations name goes too, until nothing more does.
  const inside = (node, ranges) => ranges.some(([start, end]) => node.start >= start && node.end <= end);
  for (let more = true; more; ) {
    more = false;
    const gone = [...cuts, ...[...dropped].map((name) => [declared.get(name).declarator.start, declared.get(name).declarator.end])];
    const mentions = new Map();
    walk(program, (node, parent, key) => {
      if (node.type !== 'Identifier' || !isVariable(parent, key) || inside(node, gone)) return;
      if (declared.get(node.name)?.declarator.id === node) return;
      mentions.set(node.name, (mentions.get(node.name) ?? 0) + 1);
    });
    for (const name of dropped) if (mentions.get(name)) fail(`\`${name}\`, a pedantic rule table, is named elsewhere`);
    for (const name of declared.keys()) {
      if (dropped.has(name) || mentions.get(name)) continue;
      // Unnamed now, but was it named by what goes (rather than exported, or never named)?
      let named = false;
      for (const gone of dropped) walk(declared.get(gone).declarator.init, (node, parent, key) => (named ||= node.type === 'Identifier' && node.name === name && isVariable(parent, key)));
      if (named) {
        dropped.add(name);
        more = true;
      }
    }
  }
  // What goes must do nothing but build values: literals, objects, and marked's regex builder.
  const builder = [...dropped].map((name) => declared.get(name).declarator.init).find((init) => init.type === 'CallExpression' && init.callee.type === 'MemberExpression')
    ?.callee.object;
  for (const name of dropped) {
    const { declarator, range } = declared.get(name);
    if (!range) fail(`\`${name}\` is a declaration of its own`);
    walk(declarator.init, (node) => {
      if (node.type === 'CallExpression') {
        const callee = node.callee;
        const method = callee.type === 'MemberExpression' && !callee.computed && callee.property.name;
        if (!(method === 'replace' || method === 'getRegex') && !(callee.type === 'Identifier' && callee.name === innermostCallee(builder))) {
          fail(`\`${name}\` calls something other than the regex builder`);
        }
      } else if (/Function|Assignment|Update|New|Await|Yield|Tagged|Class/.test(node.type)) fail(`\`${name}\` does more than build a value (${node.type})`);
    });
    cuts.push(range);
  }
  let out = code;
  for (const [start, end] of cuts) out = out.slice(0, start) + out.slice(start, end).replace(/[^\n]/g, ' ') + out.slice(end);
  return { code: out, dropped: [...dropped] };
}

/** The function a chain `f(…).replace(…)…` starts with. */
function innermostCallee(node) {
  while (node?.type === 'CallExpression' && node.callee.type === 'MemberExpression') node = node.callee.object;
  return node?.type === 'CallExpression' && node.callee.type === 'Identifier' ? node.callee.name : undefined;
}

/** The plugin: marked's module as `stripPedanticRules` leaves it. */
export function markedWithoutPedantic() {
  return {
    name: 'marked-without-pedantic',
    transform(code, id) {
      // map: null keeps the module's mappings: what goes is blanked, nothing moves.
      return MARKED_MODULE.test(id) ? { code: stripPedanticRules(code).code, map: null } : null;
    },
  };
}
