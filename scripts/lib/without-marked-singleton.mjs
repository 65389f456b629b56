// A rollup plugin for the bundles (rollup.config.mjs): marked's ES module without its `marked`
// singleton. The module makes it at load — `new Marked()`, then a function carrying a dozen
// properties, read again for the named exports — and rollup keeps all of it (it cannot tell that
// reading those properties does nothing), though the elements only ever make their own instance
// (`new Marked(…)`: src/core/markdown.ts, src/providers/wordpress-mapping.ts). 0.17 KB gzip of
// the first load. What goes is the end of the module, from `new Marked()` to its export list, and
// the exports it declared; any other shape of that end (another version of marked) fails the
// build, saying why, rather than shipping something else.
import { parseAst } from 'rollup/parseAst';

/** marked's ES module, as node-resolve finds it. */
export const MARKED_MODULE = /[\\/]node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/;

/** The names `nodes` mention as variables (not property names), in any scope. */
function identifiers(nodes) {
  const names = new Set();
  const walk = (node, parent, key) => {
    if (Array.isArray(node)) return node.forEach((child) => walk(child, parent, key));
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'Identifier') {
      const propertyName =
        !parent?.computed &&
        ((parent?.type === 'MemberExpression' && key === 'property') ||
          (['Property', 'MethodDefinition', 'PropertyDefinition'].includes(parent?.type) && key === 'key'));
      if (!propertyName) names.add(node.name);
      return;
    }
    for (const [childKey, child] of Object.entries(node)) if (child && typeof child === 'object') walk(child, node, childKey);
  };
  walk(nodes);
  return names;
}

/** `name.property = …` (also `name.a = name.b = …`). */
const assignsPropertyOf = (expression, name) =>
  expression.type === 'AssignmentExpression' &&
  expression.left.type === 'MemberExpression' &&
  expression.left.object.type === 'Identifier' &&
  expression.left.object.name === name;

/** marked's module `code` without its singleton and the exports that came from it. */
export function stripMarkedSingleton(code) {
  const fail = (why) => {
    throw new Error(`marked's module is not what scripts/lib/without-marked-singleton.mjs expects: ${why}`);
  };
  const body = parseAst(code).body;
  const list = body.at(-1);
  if (list?.type !== 'ExportNamedDeclaration' || list.source || list.declaration) fail('it does not end with its export list');
  const exported = new Map();
  for (const specifier of list.specifiers) {
    if (specifier.local.type !== 'Identifier' || specifier.exported.type !== 'Identifier') fail('an export is not a plain name');
    exported.set(specifier.exported.name, specifier.local.name);
  }
  const markedClass = exported.get('Marked');
  const singleton = exported.get('marked');
  if (!markedClass || !singleton) fail('it exports no `Marked` or no `marked`');
  const start = body.findIndex(
    (statement) =>
      statement.type === 'VariableDeclaration' &&
      statement.declarations.length === 1 &&
      statement.declarations[0].init?.type === 'NewExpression' &&
      statement.declarations[0].init.callee.type === 'Identifier' &&
      statement.declarations[0].init.callee.name === markedClass &&
      statement.declarations[0].init.arguments.length === 0,
  );
  if (start < 0) fail('no `new Marked()` at its top level');
  const dropped = new Set();
  for (const statement of body.slice(start, -1)) {
    if (statement.type === 'FunctionDeclaration') dropped.add(statement.id.name);
    else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.id.type !== 'Identifier') fail('a destructuring declaration after `new Marked()`');
        dropped.add(declarator.id.name);
      }
    } else if (statement.type !== 'ExpressionStatement' || !assignsPropertyOf(statement.expression, singleton)) {
      fail(`a statement after \`new Marked()\` that is not the singleton's: ${code.slice(statement.start, statement.start + 60)}`);
    }
  }
  if (!dropped.has(singleton)) fail('`marked` is not declared after `new Marked()`');
  // What stays must not mention what goes (any variable of that name, to be sure).
  const kept = identifiers(body.slice(0, start));
  for (const name of dropped) if (kept.has(name)) fail(`\`${name}\`, declared after \`new Marked()\`, is named before it`);
  const specifiers = [...exported].filter(([, local]) => !dropped.has(local)).map(([name, local]) => (name === local ? name : `${local} as ${name}`));
  return `${code.slice(0, body[start].start)}export{${specifiers.join(',')}};\n`;
}

/** The plugin: marked's module as `stripMarkedSingleton` leaves it (its code before the cut does not move). */
export function withoutMarkedSingleton() {
  return {
    name: 'without-marked-singleton',
    transform(code, id) {
      // map: null keeps the module's mappings: the code before the cut stays where it was.
      return MARKED_MODULE.test(id) ? { code: stripMarkedSingleton(code), map: null } : null;
    },
  };
}
