// A rollup plugin for the bundles (rollup.config.mjs): DOMPurify's ES module with nine of its
// configuration flags fixed at `false`. Seven are `false` by default, and our one sanitiser
// (src/core/markdown.ts, PURIFY_CONFIG) never sets them:
// - `SAFE_FOR_TEMPLATES` (the passes that blank `{{…}}`, `<%…%>` and `${…` for template engines),
// - `WHOLE_DOCUMENT` (returning `<html>` rather than the body's content),
// - `IN_PLACE` (sanitising a live node where it is, with its pre-pass and clean-up),
// - `RETURN_TRUSTED_TYPE` (a TrustedHTML result; the Trusted Types policy itself stays, for the
//   parsing a page enforcing Trusted Types needs),
// - `FORCE_BODY` (parsing leading `<style>` and the like into the body),
// - `SANITIZE_NAMED_PROPS` (prefixing `id` and `name`, which our allow-list drops anyway),
// - `ALLOW_UNKNOWN_PROTOCOLS` (keeping links of any scheme that is not script or data).
// Two are `true` by default, and our sanitiser sets them `false` (the modules that import DOMPurify
// unbundled still need that): `ALLOW_DATA_ATTR` and `ALLOW_ARIA_ATTR` (any `data-*` or `aria-*`
// attribute, whatever the allow-list says).
// Every read of such a flag becomes `!1` (padded with spaces), so the minifier drops what only that
// flag set to true would run; DOMPurify then does exactly what it did for our configuration. Where
// `_parseConfig` set the flag from the configuration, a check now throws (the flag's name) if a
// configuration ever sets it to true: a flag never goes silently unheeded. Every line and column
// stays where it was (the module's mappings hold). Any other shape of the module (another version
// of DOMPurify: a flag declared, set or shadowed otherwise) fails the build, saying why.
import { parseAst } from 'rollup/parseAst';
import { walk, isVariable } from './ast.mjs';
import { DOMPURIFY_MODULE } from './dompurify-without-default-lists.mjs';

export { DOMPURIFY_MODULE };

/** The flags fixed at `false`, their default. */
export const FLAGS = [
  'SAFE_FOR_TEMPLATES',
  'WHOLE_DOCUMENT',
  'IN_PLACE',
  'RETURN_TRUSTED_TYPE',
  'FORCE_BODY',
  'SANITIZE_NAMED_PROPS',
  'ALLOW_UNKNOWN_PROTOCOLS',
];

/** The flags fixed at `false` that are `true` by default: our configuration sets them `false`. */
export const FLAGS_SET_FALSE = ['ALLOW_DATA_ATTR', 'ALLOW_ARIA_ATTR'];

/** DOMPurify's module `code` with the flags fixed at false, and how many reads each had. */
export function fixUnsetFlags(code) {
  const fail = (why) => {
    throw new Error(`DOMPurify's module is not what scripts/lib/dompurify-without-unset-flags.mjs expects: ${why}`);
  };
  const program = parseAst(code);
  const all = [...FLAGS, ...FLAGS_SET_FALSE];
  const found = new Map(all.map((flag) => [flag, { declarations: [], sets: [], reads: [] }]));
  /** The value a flag is declared with: its default. */
  const initial = (flag) => FLAGS_SET_FALSE.includes(flag);
  const isMember = (node, flag) => node?.type === 'MemberExpression' && !node.computed && node.property.name === flag && node.object.type === 'Identifier';
  const isFalse = (node) => node?.type === 'Literal' && node.value === false;
  /** Statements `FLAG = cfg.FLAG || false;` (false by default) or `FLAG = cfg.FLAG !== false;` (true by default). */
  const isSetFromConfig = (statement, flag) => {
    const expression = statement?.type === 'ExpressionStatement' && statement.expression;
    const value = expression?.type === 'AssignmentExpression' && expression.operator === '=' && expression.right;
    return initial(flag)
      ? value?.type === 'BinaryExpression' && value.operator === '!==' && isFalse(value.right) && isMember(value.left, flag)
      : value?.type === 'LogicalExpression' && value.operator === '||' && isFalse(value.right) && isMember(value.left, flag);
  };
  walk(program, (node, parent, key) => {
    if (node.type !== 'Identifier' || !found.has(node.name) || !isVariable(parent, key)) return;
    const uses = found.get(node.name);
    if (parent.type === 'VariableDeclarator' && key === 'id') {
      if (parent.init?.type !== 'Literal' || parent.init.value !== initial(node.name)) fail(`\`${node.name}\` is declared other than \`let ${node.name} = ${initial(node.name)}\``);
      uses.declarations.push(node);
    } else if (/Function/.test(parent.type) && key === 'params') uses.declarations.push(node);
    // Set to false where it is true by default (another flag's consequence): it stays false.
    else if (parent.type === 'AssignmentExpression' && key === 'left') {
      if (!(initial(node.name) && parent.operator === '=' && isFalse(parent.right))) uses.sets.push(parent);
    } else if (parent.type === 'UpdateExpression') fail(`\`${node.name}\` is updated`);
    else uses.reads.push(node);
  });
  /** The statements that set a flag from the configuration. */
  const statements = new Map();
  walk(program, (node) => {
    if (!Array.isArray(node.body)) return;
    for (const statement of node.body) for (const flag of all) if (isSetFromConfig(statement, flag) && statement.expression.left.name === flag) statements.set(flag, statement);
  });
  const edits = [];
  const put = (node, text) => {
    if (code.slice(node.start, node.start + text.length).includes('\n') || text.length > node.end - node.start) fail(`no room for \`${text}\``);
    edits.push([node.start, node.end, text + code.slice(node.start + text.length, node.end).replace(/[^\n]/g, ' ')]);
  };
  const reads = {};
  for (const [flag, uses] of found) {
    if (uses.declarations.length !== 1) fail(`\`${flag}\` is declared ${uses.declarations.length} times (shadowed, or gone)`);
    const statement = statements.get(flag);
    const shape = initial(flag) ? `cfg.${flag} !== false` : `cfg.${flag} || false`;
    if (uses.sets.length !== 1 || !statement || statement.expression !== uses.sets[0]) fail(`\`${flag}\` is set other than once, as \`${flag} = ${shape}\``);
    if (!uses.reads.length) fail(`\`${flag}\` is never read`);
    const config = statement.expression.right.left.object.name;
    // `if(cfg.FLAG)throw"FLAG";` is shorter than the assignment it replaces. A configuration that
    // sets FLAG to false (ours, for the two true by default) passes.
    put(statement, `if(${config}.${flag})throw"${flag}";`);
    for (const read of uses.reads) put(read, '!1');
    reads[flag] = uses.reads.length;
  }
  let out = code;
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  try {
    parseAst(out);
  } catch (error) {
    fail(`what is left does not parse: ${error.message}`);
  }
  return { code: out, reads };
}

/** The plugin: DOMPurify's module as `fixUnsetFlags` leaves it. */
export function dompurifyWithoutUnsetFlags() {
  return {
    name: 'dompurify-without-unset-flags',
    transform(code, id) {
      // map: null keeps the module's mappings: every line and column stays where it was.
      return DOMPURIFY_MODULE.test(id) ? { code: fixUnsetFlags(code).code, map: null } : null;
    },
  };
}
