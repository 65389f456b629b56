// A rollup plugin for the bundles (rollup.config.mjs): DOMPurify's ES module with seven of its
// configuration flags fixed at their default, `false`, because our one sanitiser
// (src/core/markdown.ts, PURIFY_CONFIG) never sets them:
// - `SAFE_FOR_TEMPLATES` (the passes that blank `{{…}}`, `<%…%>` and `${…` for template engines),
// - `WHOLE_DOCUMENT` (returning `<html>` rather than the body's content),
// - `IN_PLACE` (sanitising a live node where it is, with its pre-pass and clean-up),
// - `RETURN_TRUSTED_TYPE` (a TrustedHTML result; the Trusted Types policy itself stays, for the
//   parsing a page enforcing Trusted Types needs),
// - `FORCE_BODY` (parsing leading `<style>` and the like into the body),
// - `SANITIZE_NAMED_PROPS` (prefixing `id` and `name`, which our allow-list drops anyway),
// - `ALLOW_UNKNOWN_PROTOCOLS` (keeping links of any scheme that is not script or data).
// Every read of such a flag becomes `!1` (padded with spaces), so the minifier drops what only that
// flag set to true would run; DOMPurify then does exactly what it does by default, which is what it
// did for our configuration. Where `_parseConfig` set the flag from the configuration, a check
// now throws (the flag's name) if a configuration ever sets it: a flag never goes silently
// unheeded. Every line and column stays where it was (the module's mappings hold). Any other shape
// of the module (another version of DOMPurify: a flag declared, set or shadowed otherwise) fails the
// build, saying why.
import { parseAst } from 'rollup/parseAst';
import { walk, isVariable } from './ast.mjs';
import { DOMPURIFY_MODULE } from './dompurify-without-default-lists.mjs';

export { DOMPURIFY_MODULE };

/** The flags fixed at `false`. */
export const FLAGS = [
  'SAFE_FOR_TEMPLATES',
  'WHOLE_DOCUMENT',
  'IN_PLACE',
  'RETURN_TRUSTED_TYPE',
  'FORCE_BODY',
  'SANITIZE_NAMED_PROPS',
  'ALLOW_UNKNOWN_PROTOCOLS',
];

/** DOMPurify's module `code` with the flags fixed at false, and how many reads each had. */
export function fixUnsetFlags(code) {
  const fail = (why) => {
    throw new Error(`DOMPurify's module is not what scripts/lib/dompurify-without-unset-flags.mjs expects: ${why}`);
  };
  const program = parseAst(code);
  const found = new Map(FLAGS.map((flag) => [flag, { declarations: [], sets: [], reads: [] }]));
  /** Statements `FLAG = cfg.FLAG || false;` */
  const isSetFromConfig = (statement, flag) => {
    const expression = statement?.type === 'ExpressionStatement' && statement.expression;
    const value = expression?.type === 'AssignmentExpression' && expression.operator === '=' && expression.right;
    return value?.type === 'LogicalExpression' && value.operator === '||' && value.right.type === 'Literal' && value.right.value === false &&
      value.left.type === 'MemberExpression' && !value.left.computed && value.left.property.name === flag && value.left.object.type === 'Identifier';
  };
  walk(program, (node, parent, key) => {
    if (node.type !== 'Identifier' || !found.has(node.name) || !isVariable(parent, key)) return;
    const uses = found.get(node.name);
    if (parent.type === 'VariableDeclarator' && key === 'id') {
      if (parent.init?.type !== 'Literal' || parent.init.value !== false) fail(`\`${node.name}\` is declared other than \`let ${node.name} = false\``);
      uses.declarations.push(node);
    } else if (/Function/.test(parent.type) && key === 'params') uses.declarations.push(node);
    else if (parent.type === 'AssignmentExpression' && key === 'left') uses.sets.push(parent);
    else if (parent.type === 'UpdateExpression') fail(`\`${node.name}\` is updated`);
    else uses.reads.push(node);
  });
  /** The statements that set a flag from the configuration. */
  const statements = new Map();
  walk(program, (node) => {
    if (!Array.isArray(node.body)) return;
    for (const statement of node.body) for (const flag of FLAGS) if (isSetFromConfig(statement, flag) && statement.expression.left.name === flag) statements.set(flag, statement);
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
    if (uses.sets.length !== 1 || !statement || statement.expression !== uses.sets[0]) fail(`\`${flag}\` is set other than once, as \`${flag} = cfg.${flag} || false\``);
    if (!uses.reads.length) fail(`\`${flag}\` is never read`);
    const config = statement.expression.right.left.object.name;
    // `if(cfg.FLAG)throw"FLAG";` is one character shorter than the assignment it replaces.
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
